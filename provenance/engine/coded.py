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

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from provenance.model import Hedge, Published, Reliability
from provenance.store import Store

__all__ = ["HEDGES", "RELIABILITIES", "Columns", "columns_of", "published_codes"]

HEDGES: tuple[Hedge, ...] = tuple(Hedge)
"""Hedge code → level."""
RELIABILITIES: tuple[Reliability | None, ...] = (*Reliability, None)
"""Reliability code → grade; the last code is ungraded."""
NO_DATE, DATE, NAIVE, AWARE = 0, 1, 2, 3  # kinds of `published`
_EPOCH = dt.datetime(1970, 1, 1)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_HEDGE_CODE = {h: i for i, h in enumerate(HEDGES)}
_GRADE_CODE = {r: i for i, r in enumerate(RELIABILITIES)}

Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]


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
        By row, when it was published: the kind (none, date, naive or aware
        datetime), the day as written (proleptic ordinal), and the instant in
        microseconds (wall time for naive datetimes, UTC for aware ones).
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
        return np.repeat(np.arange(self.n_rows), np.diff(self.via_start)), self.via


def published_codes(value: Published | None) -> tuple[int, int, int]:
    """(kind, day, instant) of a publication date, as :class:`Columns` holds them."""
    if value is None:
        return NO_DATE, 0, 0
    if not isinstance(value, dt.datetime):
        return DATE, value.toordinal(), 0
    day = value.date().toordinal()  # as written: an aware datetime's own local day
    if value.tzinfo is None:
        return NAIVE, day, (value - _EPOCH) // dt.timedelta(microseconds=1)
    return AWARE, day, (value - _EPOCH_UTC) // dt.timedelta(microseconds=1)


def columns_of(store: Store) -> Columns:
    """The columns of a store's reports (a Python pass over them: for a graph already
    built; the table readers code columns without making records)."""
    source_ids = tuple(sorted(store.sources_by_id))
    source_code = {s: i for i, s in enumerate(source_ids)}
    groups = store.groups
    group_code: dict[str, int] = {}
    group = [group_code.setdefault(groups[s], len(group_code)) for s in source_ids]
    sources = store.sources_by_id
    reliability = [_GRADE_CODE[sources[s].reliability] for s in source_ids]
    claim_ids = tuple(store.claim_ids)
    claim_code = {c: i for i, c in enumerate(claim_ids)}
    rows: list[list[int]] = [[] for _ in range(9)]
    claim_col, source_col, firsthand, observed, implicit, retracted, hedge, via_len, copied_len = (
        rows
    )
    via: list[int] = []
    copied: list[int] = []
    dates: list[tuple[int, int, int]] = []
    rival: list[int] = []
    rival_len: list[int] = []
    for c, claim in enumerate(claim_ids):
        by_source = store.claim_reports(claim)
        ordered = sorted(by_source, key=source_code.__getitem__)
        first = len(claim_col)
        row_of = {s: first + i for i, s in enumerate(ordered)}
        suspected: Mapping[str, Mapping[str, object]] = store.suspected_via(claim)
        for s in ordered:
            r = by_source[s]
            claim_col.append(c)
            source_col.append(source_code[s])
            firsthand.append(r.firsthand)
            observed.append(r.observed)
            implicit.append(r.implicit)
            retracted.append(r.retracted is not None)
            hedge.append(_HEDGE_CODE[r.hedge])
            via.extend(row_of[u] for u in r.via)
            via_len.append(len(r.via))
            extra = [row_of[o] for o in suspected.get(s, ()) if o not in r.via]
            copied.extend(extra)
            copied_len.append(len(extra))
            dates.append(published_codes(r.published))
        others = [claim_code[o] for o in store.rivals(claim)]
        rival.extend(others)
        rival_len.append(len(others))
    kind, day, instant = (list(x) for x in zip(*dates, strict=True)) if dates else ([], [], [])
    return Columns(
        claim_ids=claim_ids,
        source_ids=source_ids,
        group=_ints(group),
        reliability=_ints(reliability),
        claim=_ints(claim_col),
        source=_ints(source_col),
        via_start=_starts(via_len),
        via=_ints(via),
        firsthand=np.array(firsthand, dtype=bool),
        observed=np.array(observed, dtype=bool),
        implicit=np.array(implicit, dtype=bool),
        retracted=np.array(retracted, dtype=bool),
        hedge=_ints(hedge),
        kind=_ints(kind),
        day=_ints(day),
        instant=_ints(instant),
        rival_start=_starts(rival_len),
        rival=_ints(rival),
        copied_start=_starts(copied_len),
        copied=_ints(copied),
    )


def _ints(values: Sequence[int]) -> Ints:
    return np.array(values, dtype=np.int64)


def _starts(lengths: Sequence[int]) -> Ints:
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return starts
