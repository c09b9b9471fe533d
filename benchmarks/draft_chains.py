"""The draft rule layer against the gold set: relay chains, sources and hedges.

Runs :func:`provenance.draft.reading.read_passage` over the gold passages of a split,
writes the predictions in the gold schema (``--out``), and prints
:func:`benchmarks.draft_gold.score` beside the publisher-only baseline (each gold content
as the publisher's own, unsourced and asserted). Then reads the seed article with publisher
"Euromaidan Press" and says whether the capture comes out via Militarnyi and Warshal, the
injured claim hedged uncertain ("appeared to"), the troop numbers credited to the
governments that gave them, and how many of ``examples/pow_article.yaml``'s reports are
found (same source name, content overlap).

    python -m benchmarks.draft_chains                 # dev split
    python -m benchmarks.draft_chains --split test    # the held-out split, once
    python -m benchmarks.draft_chains --no-tagger     # rules only
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from benchmarks.draft_gold import Item, Report, as_data, load_gold, normalize_name, score
from provenance.draft.reading import read_passage
from provenance.draft.records import DraftReport

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_a6c1dc970b190222.txt"
POW = ROOT / "examples" / "pow_article.yaml"
_KEYS = (
    "edge_precision",
    "edge_recall",
    "edge_f1",
    "source_recall",
    "report_precision",
    "hedge_accuracy",
    "denial_accuracy",
)


def predict(items: Sequence[Item], *, tagger: bool = True) -> list[Item]:
    """The drafted reports of each gold passage, as gold-schema items."""
    out = []
    for item in items:
        reports = read_passage(item.text, publisher=item.publisher, tagger=tagger)
        rows = tuple(
            Report(r.source, r.content, r.via, r.hedge, r.hedge_text, r.denied) for r in reports
        )
        out.append(Item(item.id, rows, item.text, item.publisher, item.split))
    return out


def baseline(items: Sequence[Item]) -> list[Item]:
    """The publisher reports each gold content (and denial) as its own: unsourced, asserted.

    The contents are the gold ones, so this baseline is given what the rules must find.
    """
    out = []
    for i in items:
        own = {
            (r.content, r.denied): Report(i.publisher, r.content, denied=r.denied)
            for r in i.reports
        }
        out.append(Item(i.id, tuple(own.values()), split=i.split))
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def seed_check(tagger: bool = True) -> dict[str, Any]:
    """What the seed article yields: the three checks and recall against the example."""
    text = SEED.read_text(encoding="utf-8")
    reports = read_passage(text, publisher="Euromaidan Press", tagger=tagger)
    capture = [r for r in reports if "taken prisoner" in r.content or "had captured" in r.content]
    injured = [r for r in reports if "injured" in r.content and r.source == "Euromaidan Press"]
    troops = [r for r in reports if "10,000" in r.content]
    names = {normalize_name(s) for r in capture for s in (r.source, *r.via)}
    result: dict[str, Any] = {
        "capture via Militarnyi and Warshal": {"militarnyi", "warshal"} <= names,
        "capture reports": [f"{r.source} via {list(r.via)} ({r.hedge})" for r in capture],
        "injured hedged uncertain (appeared to)": bool(injured)
        and all(r.hedge == "uncertain" and r.hedge_text == "appeared to" for r in injured),
        "troops credited to": sorted({v for r in troops for v in r.via}),
    }
    result["pow report recall"] = _pow_recall(reports)
    return result


def _pow_recall(reports: Sequence[DraftReport]) -> str:
    """Share of the example's reports matched by a drafted one (source name, content words)."""
    data = yaml.safe_load(POW.read_text(encoding="utf-8"))
    names = {s["id"]: s["name"] for s in data["sources"]}
    claims = {c["id"]: c["text"] for c in data["claims"]}
    wanted: list[tuple[str, str]] = []
    for r in data["reports"]:
        chain = r.get("chain") or [r["source"]]
        wanted += [(names[s], claims[r["claim"]]) for s in chain]
    found = 0
    for source, claim in wanted:
        want = normalize_name(re.sub(r"\s*\(.*\)", "", source))
        for r in reports:
            got = normalize_name(r.source)
            same = got == want or got in want or want in got
            words = _words(claim) & _words(r.content)
            if same and len(words) >= 0.4 * len(_words(claim)):
                found += 1
                break
    return f"{found}/{len(wanted)} = {found / len(wanted):.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Score the rule layer on a split and check the seed article."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.draft_chains")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--no-tagger", action="store_true", help="rules only")
    parser.add_argument("--out", help="write the predictions here (YAML)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    items = [i for i in load_gold() if args.split == "all" or i.split == args.split]
    predicted = predict(items, tagger=not args.no_tagger)
    if args.out:
        Path(args.out).write_text(
            yaml.safe_dump(as_data(predicted), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    ours, base = asdict(score(items, predicted)), asdict(score(items, baseline(items)))
    seed = seed_check(tagger=not args.no_tagger)
    if args.json:
        print(json.dumps({"rules": ours, "baseline": base, "seed": seed}, indent=2))
        return 0
    print(f"split {args.split}: {len(items)} passages")
    print(f"{'':18}{'rules':>8}{'baseline':>10}")
    for key in _KEYS:
        print(f"{key:18}{ours[key]:8.3f}{base[key]:10.3f}")
    counts = ("edges_gold", "edges_predicted", "reports_gold", "reports_predicted")
    print("counts: " + ", ".join(f"{k} {ours[k]}" for k in counts))
    print("seed article (publisher Euromaidan Press):")
    for key, value in seed.items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
