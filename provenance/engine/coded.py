"""Reports as integer-coded columns: what the vectorised engine reads.

One row per report (implicit ones included), sorted by claim and then by source. Ids
become codes once: source codes follow the sorted order of the ids, so comparing two
codes compares the ids (the per-claim engine sorts lines by id; the bulk one sorts by
code and gets the same order). A report's via is a slice of one flat array of row
numbers, the rows of the cited reports on the same claim.

Examples
--------
>>> import provenance as pv
>>> from provenance.engine import columns_of
>>> g = pv.ProvenanceGraph()
>>> _ = g.add_source("wire"); _ = g.add_source("outlet"); _ = g.add_claim("c")
>>> _ = g.add_chain("c", ["wire", "outlet"])
>>> cols = columns_of(g)
>>> cols.source_ids, cols.source.tolist(), cols.via.tolist(), cols.observed.tolist()
(('outlet', 'wire'), [0, 1], [1], [True, False])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from provenance import records
from provenance._arrays import Bools, Ints, inverse, owners, pair_keys, ragged, starts
from provenance._bulk import bulk
from provenance.model import Hedge, Reliability, Report
from provenance.scoring.rules import published_codes
from provenance.store import Store

__all__ = ["HEDGES", "RELIABILITIES", "Columns", "columns_of", "published_codes"]

HEDGES: tuple[Hedge, ...] = tuple(Hedge)
"""Hedge code → level."""
RELIABILITIES: tuple[Reliability | None, ...] = (*Reliability, None)
"""Reliability code → grade; the last code is ungraded."""
_HEDGE_CODE = {h: i for i, h in enumerate(HEDGES)}
_GRADE_CODE = {r: i for i, r in enumerate(RELIABILITIES)}


@frozen(eq=False)
class Columns:
    """A store's reports as integer-coded columns.

    Attributes
    ----------
    claim_ids, source_ids : tuple of str
        Code → id; source ids sorted.
    group, reliability : ndarray
        By source code: its independence group's code; its grade's code
        (:data:`RELIABILITIES`).
    claim, source : ndarray
        By row: the report's claim and source codes. Rows are sorted by both.
    via_start, via : ndarray
        The rows row ``r`` cites are ``via[via_start[r]:via_start[r + 1]]``.
    firsthand, observed, implicit, retracted : ndarray of bool
        By row.
    hedge : ndarray
        By row: the hedge's code (:data:`HEDGES`).
    kind, day, instant : ndarray
        By row, when it was published, as
        :func:`provenance.scoring.rules.published_codes` codes it: the kind (none,
        date, naive or aware datetime), the day as written (proleptic ordinal), and
        the instant in microseconds (wall time for naive datetimes, UTC for aware ones).
    rival_start, rival : ndarray
        The claims claim ``c`` cannot be true with, in the order the store lists them:
        ``rival[rival_start[c]:rival_start[c + 1]]``.
    copied_start, copied : ndarray
        By row, the rows it is suspected of copying and does not cite (may be empty).
    """

    claim_ids: tuple[str, ...]
    source_ids: tuple[str, ...]
    group: Ints
    reliability: Ints
    claim: Ints
    source: Ints
    via_start: Ints
    via: Ints
    firsthand: Bools
    observed: Bools
    implicit: Bools
    retracted: Bools
    hedge: Ints
    kind: Ints
    day: Ints
    instant: Ints
    rival_start: Ints
    rival: Ints
    copied_start: Ints
    copied: Ints

    @property
    def n_rows(self) -> int:
        """The number of reports."""
        return len(self.claim)

    def via_pairs(self) -> tuple[Ints, Ints]:
        """Every citation as (citing row, cited row) arrays."""
        return owners(np.diff(self.via_start)), self.via


def columns_of(store: Store) -> Columns:
    """The columns of a store's reports (a Python pass over them: for a graph already
    built; the table readers code columns without making records).

    One comprehension per attribute over every record, then one sort by (claim, source)
    code: a million reports are coded in 1.8 s, where a loop appending a dozen lists per
    report took 3.4–4.5 s. The lists are short-lived and hold no cycle: the collector
    is paused meanwhile (it would walk the whole graph for nothing).
    """
    with bulk():
        return _columns_of(store)


def _columns_of(store: Store) -> Columns:
    source_ids, source_code, group, reliability = _source_codes(store)
    claim_ids = tuple(records.claim_ids(store))
    reports, report_claim = _reports_of(store, claim_ids)
    n = len(reports)
    # Straight into arrays (np.fromiter): a list would hold a Python int per report.
    report_source = np.fromiter((source_code[r.source] for r in reports), np.int64, n)
    rows = _RowOrder.of(report_claim, report_source, len(source_ids))
    via_start, via = rows.cited([r.via for r in reports], source_code)
    copied_start, copied = _copied(store, claim_ids, reports, rows, source_code)
    dates = np.fromiter((published_codes(r.published) for r in reports), np.dtype((np.int64, 3)), n)
    kind, day, instant = dates[rows.order].T.copy()
    claim_code = {c: i for i, c in enumerate(claim_ids)}
    rival_start, rival = ragged(
        [[claim_code[o] for o in records.rivals(store, c)] for c in claim_ids]
    )
    return Columns(
        claim_ids=claim_ids,
        source_ids=source_ids,
        group=group,
        reliability=reliability,
        claim=report_claim[rows.order],
        source=report_source[rows.order],
        via_start=via_start,
        via=via,
        firsthand=rows.by_row((r.firsthand for r in reports), bool),
        observed=rows.by_row((r.observed for r in reports), bool),
        implicit=rows.by_row((r.implicit for r in reports), bool),
        retracted=rows.by_row((r.retracted is not None for r in reports), bool),
        hedge=rows.by_row((_HEDGE_CODE[r.hedge] for r in reports), np.int64),
        kind=kind,
        day=day,
        instant=instant,
        rival_start=rival_start,
        rival=rival,
        copied_start=copied_start,
        copied=copied,
    )


def _source_codes(store: Store) -> tuple[tuple[str, ...], dict[str, int], Ints, Ints]:
    """(the source ids sorted, each id's code, by code: its group's code and its grade's
    code)."""
    source_ids = tuple(sorted(records.sources_by_id(store)))
    groups, sources = records.groups(store), records.sources_by_id(store)
    group_code: dict[str, int] = {}
    group = [group_code.setdefault(groups[s], len(group_code)) for s in source_ids]
    reliability = [_GRADE_CODE[sources[s].reliability] for s in source_ids]
    source_code = {s: i for i, s in enumerate(source_ids)}
    return source_ids, source_code, _ints(group), _ints(reliability)


def _reports_of(store: Store, claim_ids: tuple[str, ...]) -> tuple[list[Report], Ints]:
    """(every report, claim by claim as the store lists them; by report: its claim's
    code)."""
    by_claim = [records.reports_by_source(store, claim) for claim in claim_ids]
    reports = [r for by_source in by_claim for r in by_source.values()]
    return reports, owners([len(by_source) for by_source in by_claim])


@frozen
class _RowOrder:
    """How reports, in the store's order, become rows sorted by claim then source code
    (the order of the ids)."""

    report_claim: Ints  # by report
    n_sources: int
    order: Ints  # by row: its report
    position: Ints  # by report: its row
    row_key: Ints  # by row: its (claim, source) key, sorted

    @classmethod
    def of(cls, report_claim: Ints, report_source: Ints, n_sources: int) -> _RowOrder:
        key = pair_keys(report_claim, report_source, n_sources)
        order = np.argsort(key, kind="stable")
        return cls(report_claim, n_sources, order, inverse(order), key[order])

    def by_row(self, values: Iterable[object], dtype: type) -> NDArray[Any]:
        """Values given by report, as an array by row."""
        return np.fromiter(values, dtype, len(self.order))[self.order]

    def cited(
        self, cited: Sequence[Sequence[str]], source_code: dict[str, int]
    ) -> tuple[Ints, Ints]:
        """(start, rows) of each row's citations, in the order given, as row numbers;
        `cited` by report, the sources it cites."""
        lengths = np.fromiter(map(len, cited), np.int64, len(self.order))
        citer = owners(lengths)  # by citation: its report
        codes = np.fromiter((source_code[u] for c in cited for u in c), np.int64, len(citer))
        cited_key = pair_keys(self.report_claim[citer], codes, self.n_sources)
        cited_rows = np.searchsorted(self.row_key, cited_key)
        by_citer = np.argsort(self.position[citer], kind="stable")  # keeps each via's order
        return starts(lengths[self.order]), cited_rows[by_citer]


def _copied(
    store: Store,
    claim_ids: tuple[str, ...],
    reports: list[Report],
    rows: _RowOrder,
    source_code: dict[str, int],
) -> tuple[Ints, Ints]:
    """(start, rows) of the rows each row is suspected of copying and does not cite."""
    if not store.suspected():
        return np.zeros(len(reports) + 1, np.int64), _ints([])
    suspected = [
        [o for o in records.suspected_via(store, claim_ids[c]).get(r.source, ()) if o not in r.via]
        for c, r in zip(rows.report_claim.tolist(), reports, strict=True)
    ]
    return rows.cited(suspected, source_code)


def _ints(values: Sequence[int]) -> Ints:
    return np.array(values, dtype=np.int64)
