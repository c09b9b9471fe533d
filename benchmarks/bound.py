"""Bound: how close to the bare-graph floor any build of this graph, plus scoring, can get.

The scale issue asks for build + assess within 2× the floor (a bare ``nx.MultiDiGraph``
with the same edges). This measures, in one process on the same rows, a build that does
*less* than the library must: each report row is checked only for its keys, the types of
its ids, flags and date, and for ids being declared and not repeated; it becomes an attrs
record without converters or validators; sources and claims get no records; the garbage
collector stays off and the collection owed for the new objects is never run. It writes
the same reports-by-claim index as ``ProvenanceGraph.add_reports``. Any correct build
costs more, so
``(bound + assess) / floor`` is about as low as build + assess can go with this
``assess()``::

    python -m benchmarks.bound                  # 10k and 100k reports
    python -m benchmarks.bound --sizes 2000     # the CI smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
from typing import Any

import attrs

from benchmarks.scale import _floor, _median
from benchmarks.synthetic import Corpus, corpus
from provenance.model import Hedge
from provenance.scoring import Scorer

_ROW_KEYS = frozenset(
    {"source", "claim", "via", "hedge", "published", "url", "quote", "firsthand", "observed"}
)
_HEDGES = {h.value: h for h in Hedge}


@attrs.frozen
class BareReport:
    """A report record with nothing checked or converted on construction."""

    source: str
    claim: str
    via: tuple[str, ...]
    hedge: Hedge
    published: dt.date | None
    firsthand: bool
    observed: bool
    implicit: bool = False


def bound_build(data: Corpus) -> list[BareReport]:
    """The least-work build described in the module docstring; the report records."""
    gc.disable()
    try:
        group_of: dict[str, str] = {}
        by_claim: dict[str, dict[str, BareReport]] = {}
        for row in data.sources:
            group_of[row["id"]] = row["group"] or row["id"]
        for claim in data.claims:
            by_claim[claim] = {}
        records, seen = [], set()
        for row in data.reports:
            source, claim, via = row["source"], row["claim"], tuple(row["via"])
            observed, published = row["observed"], row["published"]
            if (
                not row.keys() <= _ROW_KEYS
                or type(source) is not str
                or source not in group_of
                or claim not in by_claim
                or any(type(u) is not str or u not in group_of or u == source for u in via)
                or type(observed) is not bool
                or not (published is None or isinstance(published, dt.date))
                or (source, claim) in seen
            ):
                raise ValueError(f"bad row {row!r}")
            seen.add((source, claim))
            hedge = _HEDGES[row["hedge"]]
            records.append(BareReport(source, claim, via, hedge, published, not via, observed))
        for report in records:  # reports by claim, as the store keeps them
            reports = by_claim[report.claim]
            reports[report.source] = report
            for upstream in report.via:
                if upstream not in reports:
                    reports[upstream] = BareReport(
                        upstream, report.claim, (), Hedge.ASSERTED, None, True, False, True
                    )
        return records
    finally:
        gc.enable()


def measure(size: int) -> tuple[int, float, float, float, float]:
    """(reports, floor s, bound build s, our build s, our assess s) on one corpus."""
    data = corpus(size, seed=size)
    repeats = 11 if size < 100_000 else 3
    graph = data.graph()

    def assess() -> Any:
        return Scorer(graph).assess()  # a new scorer: score afresh each time

    return (
        len(data.reports),
        _median(repeats, lambda: _floor(data))[0],
        _median(repeats, lambda: bound_build(data))[0],
        _median(repeats, data.graph)[0],
        _median(repeats, assess)[0],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    columns = ("reports", "floor ms", "bound ms", "ours ms", "assess ms", "bound+a/floor")
    print("  ".join(f"{c:>13}" for c in columns), "  ours+a/floor")
    for size in args.sizes:
        reports, floor, bound, ours, scoring = measure(size)
        print(
            f"{reports:>13,}",
            *(f"{t * 1e3:>13.1f}" for t in (floor, bound, ours, scoring)),
            f"{(bound + scoring) / floor:>13.2f}x",
            f"{(ours + scoring) / floor:>13.2f}x",
            sep="  ",
            flush=True,
        )


if __name__ == "__main__":
    main()
