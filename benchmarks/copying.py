"""Copy detection at scale: shared wording over reports with text, and shared values.

A seeded corpus: claims reported by outlets in their own words (60 words drawn from a
2,000-word vocabulary, so unrelated reports share common phrases only by chance), and a
tenth of the reports copied from another report on the same claim, trimmed, with a line
added, published minutes later. Timed: ``pv.suspect_copying`` (wording and timing), and
how many planted copies it found (recall) and how many of its pairs were planted
(precision).

Then the shapes of issue 28 ("no input costs more than linear work"), each at doubling
sizes, with the time (or peak memory) and its ratio to the previous size:

- **one question**: n sources answering one question (70% the first of four answers);
- **lonely**: n sources with one report each on a claim of their own, and one question
  elsewhere (so that truth discovery runs);
- **mass copying**: n sources publishing the same text on one claim;
- **wording memory**: the corpus above at n reports, peak traced memory per word.

With ``--baseline``, the implementation before issue 28 runs beside (loaded from git at
commit ``BASELINE`` into a temporary package), until one of its runs takes longer than
``--budget`` seconds; without it (or without git), the numbers recorded in
docs/performance.md are printed instead.

    python -m benchmarks.copying                      # 100k reports with text, the shapes
    python -m benchmarks.copying --baseline           # and the old implementation beside
    python -m benchmarks.copying --reports 5000       # the CI smoke run
"""

from __future__ import annotations

import argparse
import gc
import importlib
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import provenance as pv
from benchmarks import git_show

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "ca4fc0b5d3b632ee8cbeda9b9f5a46d8f2bce8e1"  # the last commit before issue 28
SECTION = "## Inference costs: copy detection and truth discovery"


def wording_corpus(
    n_reports: int, *, seed: int = 0
) -> tuple[pv.ProvenanceGraph, set[tuple[str, str, str]]]:
    """About `n_reports` reports with text; the planted copies as (copier, original, claim)."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(2000)]
    n_sources = max(20, n_reports // 50)
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(n_sources))
    claims: list[dict[str, str]] = []
    reports: list[dict[str, str]] = []
    planted: set[tuple[str, str, str]] = set()
    while len(reports) < n_reports:
        claim = f"c{len(claims)}"
        claims.append({"id": claim})
        authors = rng.sample(range(n_sources), rng.randint(2, 8))
        texts: dict[str, str] = {}
        for minute, author in enumerate(authors):
            source = f"s{author}"
            if texts and rng.random() < 0.12:  # copy an earlier report, trim it, add a line
                original = rng.choice(list(texts))
                words = texts[original].split()[rng.randrange(0, 6) :]
                text = " ".join(["update:", *words, "more", "follows"])
                planted.add((source, original, claim))
            else:
                text = " ".join(rng.choice(vocabulary) for _ in range(60))
            texts[source] = text
            published = f"2024-12-26T{9 + minute // 60:02d}:{minute % 60:02d}"
            reports.append({"source": source, "claim": claim, "text": text, "published": published})
    g.add_claims(claims)
    g.add_reports(reports)
    return g, planted


def one_question(n: int) -> pv.ProvenanceGraph:
    """`n` sources answering one question of four answers, 70% the first."""
    rng = random.Random(n)
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(n))
    g.add_claims({"id": f"q-{k}", "question": "q"} for k in range(4))
    g.add_reports(
        {"source": f"s{i}", "claim": f"q-{0 if rng.random() < 0.7 else rng.randrange(1, 4)}"}
        for i in range(n)
    )
    return g


def lonely(n: int) -> pv.ProvenanceGraph:
    """`n` sources with one report each on a claim of its own; one question elsewhere."""
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(n))
    g.add_claims([{"id": f"c{i}"} for i in range(n)])
    g.add_claims([{"id": "qa", "question": "q"}, {"id": "qb", "question": "q"}])
    g.add_reports({"source": f"s{i}", "claim": f"c{i}"} for i in range(n))
    return g


def mass_copying(n: int) -> pv.ProvenanceGraph:
    """`n` sources publishing the same text on one claim, a minute apart."""
    text = "Troops crossed the border at dawn on Monday, officials told reporters there."
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(n))
    g.add_claim("c")
    g.add_reports(
        {
            "source": f"s{i}",
            "claim": "c",
            "text": text,
            "published": f"2024-12-26T{i // 60 % 24:02d}:{i % 60:02d}",
        }
        for i in range(n)
    )
    return g


def baseline() -> ModuleType | None:
    """The copying package as of `BASELINE`, imported as ``_baseline_copying``; None
    without git."""
    folder = Path(tempfile.mkdtemp()) / "_baseline_copying"
    folder.mkdir()
    for name in ("__init__", "items", "truth", "wording"):
        text = git_show(BASELINE, f"provenance/copying/{name}.py")
        if text is None:
            return None
        (folder / f"{name}.py").write_text(
            text.replace("provenance.copying.", "_baseline_copying.")
        )
    sys.path.insert(0, str(folder.parent))
    return importlib.import_module("_baseline_copying")


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of one call (the best of three, when it is quick), and its result."""
    best, result = float("inf"), None
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
        if best > 0.5:
            break
    return best, result


def traced(call: Callable[[], Any]) -> int:
    """Peak traced bytes allocated during one call."""
    gc.collect()
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def shapes(small: bool) -> list[tuple[str, str, Callable[[int], pv.ProvenanceGraph], list[int]]]:
    """(name, size unit, graph builder, sizes): each size double the one before."""
    rows = 3 if small else 6

    def doubling(first: int) -> list[int]:
        return [first * 2**i for i in range(rows)]

    return [
        ("one question", "sources", one_question, doubling(200 if small else 400)),
        ("lonely", "sources", lonely, doubling(250 if small else 500)),
        ("mass copying", "sources", mass_copying, doubling(100 if small else 500)),
    ]


def ratio(now: float | None, before: float | None) -> str:
    return f"{now / before:.2f}" if now and before else ""


def run_shape(
    name: str,
    unit: str,
    build: Callable[[int], pv.ProvenanceGraph],
    sizes: list[int],
    old: ModuleType | None,
    budget: float,
) -> None:
    """Time ``suspect_copying`` at each size, ours and (while within budget) the old."""
    print(f"\n{name}: pv.suspect_copying, {unit} doubling")
    print(f"{unit:>9} {'seconds':>9} {'×':>6} {'records':>8} {'old s':>9} {'×':>6} {'records':>8}")
    before: float | None = None
    old_before: float | None = None
    for n in sizes:
        g = build(n)
        seconds, found = timed(partial(pv.suspect_copying, g))
        old_part = f"{'—':>9} {'':>6} {'':>8}"
        if old is not None and (old_before is None or old_before < budget / 4):
            old_seconds, old_found = timed(partial(old.suspect_copying, g))
            old_part = (
                f"{old_seconds:>9.3f} {ratio(old_seconds, old_before):>6} {len(old_found):>8,}"
            )
            old_before = old_seconds
        elif old is not None:
            old_before = float("inf")
        print(f"{n:>9,} {seconds:>9.3f} {ratio(seconds, before):>6} {len(found):>8,} {old_part}")
        before = seconds


def run_memory(sizes: list[int], old: ModuleType | None, budget: float) -> None:
    """Peak traced memory of wording detection per word of text, ours and the old."""
    from provenance.copying.wording import find_wording

    print("\nwording memory: peak traced bytes during detection (the graph excluded)")
    print(
        f"{'reports':>9} {'words':>10} {'MiB':>7} {'B/word':>7} {'×':>6} "
        f"{'old MiB':>8} {'B/word':>7} {'×':>6}"
    )
    before: float | None = None
    old_before: float | None = None
    old_seconds = 0.0
    for n in sizes:
        reports = wording_corpus(n, seed=n)[0].reports()
        words = sum(len((r.text or "").split()) for r in reports)
        peak = traced(partial(find_wording, reports))
        old_part = f"{'—':>8} {'':>7} {'':>6}"
        if old is not None and old_seconds < budget / 4:
            start = time.perf_counter()
            old_peak = traced(partial(old.wording.wording_matches, reports))
            old_seconds = time.perf_counter() - start
            old_part = (
                f"{old_peak / 2**20:>8.1f} {old_peak / words:>7.0f} "
                f"{ratio(old_peak, old_before):>6}"
            )
            old_before = old_peak
        print(
            f"{n:>9,} {words:>10,} {peak / 2**20:>7.1f} {peak / words:>7.0f} "
            f"{ratio(peak, before):>6} {old_part}"
        )
        before = peak


def recorded() -> str:
    """The section of docs/performance.md with the numbers measured before and after."""
    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    if SECTION not in text:
        return "(no recorded numbers: docs/performance.md has no section on inference costs)"
    rest = text[text.index(SECTION) :]
    end = rest.find("\n## ", len(SECTION))
    return rest if end < 0 else rest[:end]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--baseline", action="store_true", help="run the old code beside")
    parser.add_argument("--budget", type=float, default=60.0, help="the old code's seconds a run")
    args = parser.parse_args(argv)
    g, planted = wording_corpus(args.reports, seed=args.reports)
    start = time.perf_counter()
    copies = pv.suspect_copying(g, values=False)
    seconds = time.perf_counter() - start
    found = {(c.copier, c.original, claim) for c in copies for claim in c.claims}
    recall = len(found & planted) / max(len(planted), 1)
    precision = len(found & planted) / max(len(found), 1)
    print(
        f"{'reports':>9} {'planted':>8} {'found':>7} {'recall':>7} {'precision':>9} {'seconds':>8}"
    )
    print(
        f"{len(g.reports()):>9,} {len(planted):>8,} {len(found):>7,} {recall:>7.3f} "
        f"{precision:>9.3f} {seconds:>8.1f}"
    )
    small = args.reports < 20_000
    old = baseline() if args.baseline else None
    for name, unit, build, sizes in shapes(small):
        run_shape(name, unit, build, sizes, old, args.budget)
    run_memory(
        [(1000 if small else 5000) * 2**i for i in range(3 if small else 5)], old, args.budget
    )
    if old is None:
        print("\nThe old implementation, as recorded in docs/performance.md:\n")
        print(recorded())


if __name__ == "__main__":
    main()
