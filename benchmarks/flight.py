"""Flight: truth discovery and copy detection on real conflicting data.

The Flight corpus (Li et al., VLDB 2012; ``shared/data/flight/``, outside the package):
38 websites' departure and arrival times and gates for ~1,200 flights a day, with copy
groups nobody declared and a hand-checked truth for ~100 flights. Each day is loaded
through the public API — one question per flight × attribute, one claim per distinct
normalised value, one unsourced report per source and value — and three methods choose
a value per question:

- majority vote (most sources);
- truth discovery without copy detection (accuracy-weighted votes, AccuVote);
- truth discovery with copy detection (AccuCopy).

Precision is the share of gold items whose chosen value equals the truth, as the
literature scores it. Also printed: the copy groups found (connected sets of pairs with
a chance of copying ≥ 0.8) and the time per day.

Days nobody here has seen are scored independently. To see how the methods hold up on a
day unlike the development ones without looking at one, ``--dropout`` also scores each
day with a random share of its sources left out (a fixed seed per run): a day where the
most accurate sites happen to be missing is where a group of copiers can outvote the
rest, and where truth discovery used to lose to the plain vote.

    python -m benchmarks.flight                           # every day in the folder
    python -m benchmarks.flight --dropout 0.3 --seeds 4   # and 4 runs a day without 30%
    python -m benchmarks.flight --dropout 0.3 --seeds 1 --days 20111201 --if-present  # CI

The data is not in the repository: in a clone without it (``../shared``), ``--if-present``
says the run is skipped, and why, and exits 0; without the option, a missing folder is
an error.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

import provenance as pv
from provenance.records import reports_by_source

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flight"
ATTRIBUTES = (
    "scheduled_departure",
    "actual_departure",
    "departure_gate",
    "scheduled_arrival",
    "actual_arrival",
    "arrival_gate",
)
_TIME = re.compile(r"(\d{1,2}):(\d{2})\s*([AaPp])?")
_TERMINAL = re.compile(r"(?i)^term(inal)?\s+\w+\s*-\s*")
_TERMINAL_ONLY = re.compile(r"(?i)term(inal)?\s+\w+")
_MISSING = {"-", "--", "n/a", "na", "not provided by airline"}


def normalise(attribute: str, value: str) -> str | None:
    """One value in one spelling, or None when the source gave none.

    Times: the local clock reading as HH:MM (the date and any zone dropped: every source
    prints the airport's local time). Gates: upper case without spaces, without a
    "Gate" prefix, a "Terminal X - " prefix or a "/terminal" suffix; a terminal alone
    ("Terminal 8") or a placeholder ("-", "Not provided by airline") is no gate.
    """
    value = value.strip()
    if not value or value.lower() in _MISSING:
        return None
    if attribute.endswith("gate"):
        gate = _TERMINAL.sub("", value).split("/")[0]
        if _TERMINAL_ONLY.fullmatch(gate):
            return None
        gate = re.sub(r"(?i)^gate", "", gate).replace(" ", "").upper()
        return gate or None
    match = _TIME.search(value)  # the clock reading, wherever the date stands
    if match is None:
        return None
    hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").upper()
    if half == "P" and hour != 12:
        hour += 12
    elif half == "A" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def load_day(folder: Path, day: str) -> pv.ProvenanceGraph:
    """One day of claims as a graph, through the public API."""
    g = pv.ProvenanceGraph(title=f"Flight {day}")
    sources: dict[str, None] = {}
    claims: dict[str, dict[str, str]] = {}
    reports = []
    seen: set[tuple[str, str]] = set()
    for line in (folder / "claims" / f"{day}.tsv").read_text(encoding="latin-1").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        source, flight = fields[0].strip(), fields[1].strip()
        for attribute, raw in zip(ATTRIBUTES, fields[2:], strict=False):
            value = normalise(attribute, raw)
            if value is None:
                continue
            question = f"{flight}|{attribute}"
            claim = f"{question}|{value}"
            claims[claim] = {"id": claim, "text": f"{attribute} {value}", "question": question}
            if (source, claim) not in seen:
                seen.add((source, claim))
                sources[source] = None
                reports.append({"source": source, "claim": claim})
    g.add_sources({"id": s} for s in sources)
    g.add_claims(claims.values())
    g.add_reports(reports)
    return g


def load_truth(folder: Path, day: str) -> dict[str, str]:
    """Question → the true normalised value."""
    truth = {}
    for line in (folder / "truth" / f"{day}.tsv").read_text(encoding="latin-1").splitlines():
        fields = line.split("\t")
        for attribute, raw in zip(ATTRIBUTES, fields[1:], strict=False):
            value = normalise(attribute, raw)
            if value is not None:
                truth[f"{fields[0].strip()}|{attribute}"] = value
    return truth


def without(g: pv.ProvenanceGraph, share: float, seed: int) -> pv.ProvenanceGraph:
    """The day with a random `share` of its sources (and their reports) left out."""
    sources = [s.id for s in g.sources]
    kept = set(random.Random(seed).sample(sources, round(len(sources) * (1 - share))))
    h = pv.ProvenanceGraph(title=f"{g.title} without {share:.0%} of sources, seed {seed}")
    h.add_sources({"id": s} for s in sources if s in kept)
    reports = [r for r in g.reports() if r.source in kept]
    answered = {r.claim for r in reports}
    h.add_claims(
        {"id": c.id, "text": c.text, "question": c.question} for c in g.claims if c.id in answered
    )
    h.add_reports({"source": r.source, "claim": r.claim} for r in reports)
    return h


def scores(
    g: pv.ProvenanceGraph, truth: Mapping[str, str]
) -> tuple[int, list[float], pv.TruthEstimate]:
    """(gold items scored, [vote, AccuVote, AccuCopy] precision, the AccuCopy estimate)."""
    vote, n = precision(majority(g), truth)
    plain, _ = precision(pv.discover_truth(g, detect_copying=False).answers, truth)
    estimate = pv.discover_truth(g)
    copying, _ = precision(estimate.answers, truth)
    return n, [vote, plain, copying], estimate


def majority(g: pv.ProvenanceGraph) -> dict[str, str]:
    """Question → the value most sources give (ties: the first declared)."""
    chosen = {}
    for question in g.questions:
        counts = Counter({c: len(reports_by_source(g, c)) for c in g.answers(question)})
        chosen[question] = counts.most_common(1)[0][0]
    return chosen


def precision(chosen: Mapping[str, str], truth: Mapping[str, str]) -> tuple[float, int]:
    """(share of gold items whose chosen value is true, how many gold items were scored)."""
    scored = [q for q in truth if q in chosen]
    right = sum(chosen[q].rsplit("|", 1)[1] == truth[q] for q in scored)
    return right / max(len(scored), 1), len(scored)


def copy_groups(estimate: pv.TruthEstimate, threshold: float = 0.8) -> list[list[str]]:
    """Sources tied by likely copying, largest set first."""
    pairs: nx.Graph[str] = nx.Graph()
    pairs.add_edges_from(
        (c.copier, c.original) for c in estimate.copying if c.probability >= threshold
    )
    return sorted((sorted(group) for group in nx.connected_components(pairs)), key=len)[::-1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the flight folder")
    parser.add_argument("--days", nargs="*", help="YYYYMMDD (default: every day there)")
    parser.add_argument(
        "--if-present",
        action="store_true",
        help="without the data (a clone without ../shared), say the run is skipped and exit 0",
    )
    parser.add_argument(
        "--dropout", type=float, help="also score each day without this share of its sources"
    )
    parser.add_argument("--seeds", type=int, default=4, help="dropout runs per day")
    args = parser.parse_args(argv)
    if not (args.data / "claims").is_dir():
        missing = f"no Flight data at {args.data} (see shared/data/flight/README.md)"
        if args.if_present:
            print(f"benchmarks.flight: skipped: {missing}; it lives outside the repository")
            return
        raise SystemExit(missing)
    days = args.days or sorted(p.stem for p in (args.data / "claims").glob("*.tsv"))
    print(f"{'day':>10} {'gold':>5} {'majority':>9} {'accuvote':>9} {'accucopy':>9} {'s/day':>6}")
    dropped: list[list[float]] = []
    for day in days:
        start = time.perf_counter()
        g = load_day(args.data, day)
        truth = load_truth(args.data, day)
        n, (vote, plain, copying), estimate = scores(g, truth)
        seconds = time.perf_counter() - start
        print(f"{day:>10} {n:>5} {vote:>9.3f} {plain:>9.3f} {copying:>9.3f} {seconds:>6.1f}")
        groups = copy_groups(estimate)
        print(f"{'':>10} copy groups (≥ 0.8): {'; '.join(', '.join(g) for g in groups[:6])}")
        for seed in range(args.seeds if args.dropout else 0):
            n, run, _ = scores(without(g, args.dropout, seed), truth)
            dropped.append(run)
            vote, plain, copying = run
            label = f"-{args.dropout:.0%} #{seed}"
            print(f"{label:>10} {n:>5} {vote:>9.3f} {plain:>9.3f} {copying:>9.3f}", flush=True)
    if dropped:
        print(f"{len(dropped)} runs without {args.dropout:.0%} of sources:")
        for name, column in zip(
            ("majority", "accuvote", "accucopy"), zip(*dropped, strict=True), strict=True
        ):
            below = sum(x < run[0] for x, run in zip(column, dropped, strict=True))
            print(
                f"  {name:>9}: mean {sum(column) / len(column):.3f}, min {min(column):.3f}, "
                f"below the vote in {below} of {len(column)}"
            )


if __name__ == "__main__":
    main()
