"""A seeded generator of realistic provenance, for the benchmarks.

Shape, per the scale issue: about 10 reports per source and 4 per claim; heavy-tailed
reports per claim and per source (a few wire services and big stories, many small
ones); relay chains inside each claim; a share of attributed relays (reports only known
through a citation); citations of sources never read (implicit attributed reports);
reports that cite nobody, 60% declared first-hand and 40% unsourced; groups of sources
that are not independent; some via cycles; a few contradictions.

    python benchmarks/synthetic.py 1000     # prints a summary of a 1,000-report corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from typing import Any

import provenance as pv

HEDGES = ("confirmed", "asserted", "attributed", "uncertain")
HEDGE_WEIGHTS = (0.1, 0.5, 0.3, 0.1)


@dataclass
class Corpus:
    """Plain rows, so each implementation under test builds its own structure from them."""

    sources: list[dict[str, Any]] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    contradictions: list[tuple[str, str]] = field(default_factory=list)

    def graph(self) -> pv.ProvenanceGraph:
        """The corpus as a ProvenanceGraph, through the public bulk API."""
        g = pv.ProvenanceGraph()
        g.add_sources(self.sources)
        g.add_claims({"id": claim, "text": f"Claim {claim}"} for claim in self.claims)
        g.add_reports(self.reports)
        for a, b in self.contradictions:
            g.add_contradiction(a, b)
        return g


def corpus(n_reports: int, *, seed: int = 0) -> Corpus:
    """About `n_reports` explicit reports (the graph adds implicit ones for cited sources)."""
    rng = random.Random(seed)
    declares = random.Random(seed + 1)  # its own stream: the rest of the corpus is unchanged
    n_sources = max(8, n_reports // 10)
    n_groups = max(1, n_sources // 8)
    result = Corpus()
    for i in range(n_sources):
        grouped = rng.random() < 0.3
        result.sources.append(
            {
                "id": f"s{i}",
                "group": f"g{rng.randrange(n_groups)}" if grouped else None,
                "reliability": rng.choice("ABCDEF"),
            }
        )
    # Heavy tails: source popularity ~ Zipf; claim sizes ~ Pareto, mean about 4.
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(n_sources)))
    start = dt.date(2024, 12, 1)
    claim_no = 0
    while len(result.reports) < n_reports:
        size = min(
            n_sources // 2, n_reports - len(result.reports), int(rng.paretovariate(1.6) * 1.6)
        )
        size = max(1, size)
        claim = f"c{claim_no}"
        claim_no += 1
        result.claims.append(claim)
        reporters: list[str] = []
        seen: set[str] = set()
        while len(reporters) < size:
            source = f"s{rng.choices(range(n_sources), cum_weights=cumulative)[0]}"
            if source not in seen:
                seen.add(source)
                reporters.append(source)
        for i, source in enumerate(reporters):
            via: list[str] = []
            if i and rng.random() < 0.6:  # relays an earlier reporter: chains
                via.append(reporters[rng.randrange(i)])
            if i + 1 < size and rng.random() < 0.03:  # cites a later one: cycles
                via.append(reporters[rng.randrange(i + 1, size)])
            if rng.random() < 0.15:  # cites someone never read: an implicit report
                other = f"s{rng.randrange(n_sources)}"
                if other not in seen:
                    via.append(other)
            result.reports.append(
                {
                    "source": source,
                    "claim": claim,
                    "via": via,
                    "hedge": rng.choices(HEDGES, HEDGE_WEIGHTS)[0],
                    "observed": i == size - 1 or rng.random() > 0.25,
                    "published": start + dt.timedelta(days=rng.randrange(30)),
                    "firsthand": not via and declares.random() < 0.6,
                }
            )
    n_claims = len(result.claims)
    for _ in range(n_claims // 200):
        a, b = rng.sample(range(n_claims), 2)
        result.contradictions.append((f"c{a}", f"c{b}"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    data = corpus(args.reports, seed=args.seed)
    g = data.graph()
    print(g)
    print(
        f"{len(data.reports) / len(data.sources):.1f} reports per source, "
        f"{len(data.reports) / len(data.claims):.1f} per claim, "
        f"{len(data.contradictions)} contradictions"
    )


if __name__ == "__main__":
    main()
