"""Cascade measures: ``pv.cascades`` on a corpus of cascade trees, beside a baseline.

A seeded corpus of `--trees` claims, each a cascade of about ``reports / trees`` reports
grown by preferential attachment (a report cites an earlier one with a chance that
grows with the replies it already has: a few broadcasts, long relay chains, as retweet
trees are), drawn from a pool of accounts, one in twenty reports citing a second
earlier report, every report timed seconds to hours after what it cites. Timed in one
process, on the same graph:

- build: ``g.add_reports`` of every row (the graph the measures read);
- scores: ``pv.claim_scores(g)``, the independent lines of every claim (the baseline:
  what the library already does at this scale);
- cascades: ``pv.cascades(g)``, every claim's size, depth, breadth, structural
  virality and times.

Each is printed with its reports per second, and cascades against the two others::

    python -m benchmarks.cascades                 # 1,000,000 reports in 1,000 trees
    python -m benchmarks.cascades --smoke         # the CI smoke run: 20,000 in 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from typing import Any

import provenance as pv
from benchmarks.scale import _median
from provenance.scoring.score import scorer_of

START = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def corpus(n_reports: int, n_trees: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """The report rows: `n_trees` cascades of ``n_reports // n_trees`` reports each."""
    rng = random.Random(seed)
    size = max(1, n_reports // n_trees)
    pool = max(size * 4, n_reports // 5)  # accounts: each reports a few claims
    rows: list[dict[str, Any]] = []
    for tree in range(n_trees):
        users = [f"u{u}" for u in rng.sample(range(pool), size)]
        claim = f"c{tree}"
        start = START + dt.timedelta(hours=rng.randrange(24 * 365))
        times = [start]
        lottery = [0]  # each report once, and once more for each report citing it
        rows.append({"source": users[0], "claim": claim, "firsthand": True, "published": start})
        for i in range(1, size):
            parent = rng.choice(lottery)
            via = [users[parent]]
            if i > 2 and rng.random() < 0.05:  # a second, earlier source named too
                other = rng.randrange(i)
                if other != parent:
                    via.append(users[other])
            at = times[parent] + dt.timedelta(seconds=int(rng.expovariate(1 / 3600)) + 1)
            times.append(at)
            lottery += (i, parent)
            rows.append({"source": users[i], "claim": claim, "via": via, "published": at})
    return rows


def graph(rows: list[dict[str, Any]], n_trees: int) -> pv.ProvenanceGraph:
    g = pv.ProvenanceGraph()
    g.add_sources({"id": s} for s in dict.fromkeys(r["source"] for r in rows))
    g.add_claims({"id": f"c{t}", "text": f"Claim {t}"} for t in range(n_trees))
    g.add_reports(rows)
    return g


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--trees", type=int, default=1_000)
    parser.add_argument("--smoke", action="store_true", help="20,000 reports in 20 trees")
    args = parser.parse_args(argv)
    n_reports, n_trees = (20_000, 20) if args.smoke else (args.reports, args.trees)
    repeats = 5 if n_reports < 200_000 else 1
    rows = corpus(n_reports, n_trees, seed=n_reports)
    build, g = _median(repeats, lambda: graph(rows, n_trees))

    def scores() -> Any:
        scorer_of(g).clear()
        return pv.claim_scores(g)

    scoring, _ = _median(repeats, scores)
    measuring, spread = _median(repeats, lambda: pv.cascades(g))
    deepest = max(c.depth for c in spread.values())
    viral = sum(c.structural_virality for c in spread.values()) / len(spread)
    print(
        f"{len(rows):,} reports in {n_trees:,} cascades (deepest {deepest}, mean virality "
        f"{viral:.2f}); median of {repeats}"
    )
    print(f"{'step':<28}{'s':>9}{'reports/s':>14}{'cascades/this':>15}")
    for name, seconds in [
        ("build (g.add_reports)", build),
        ("scores (pv.claim_scores)", scoring),
        ("cascades (pv.cascades)", measuring),
    ]:
        print(
            f"{name:<28}{seconds:>9.3f}{len(rows) / seconds:>14,.0f}{measuring / seconds:>14.2f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
