"""Arrow tables as the engine's integer-coded columns, checked at column speed.

Ids become codes by one dictionary encoding (sources then sorted, so that codes compare
like ids); words and dates are parsed once per distinct value
(:mod:`provenance.columns.cells`); a source's implicit report is added where a via
names it and no row of its own does. Every check that fails raises :class:`Doubt`: the
caller then reads the table row by row, whose reader names the bad value and where it
is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from provenance._arrays import (
    Bools,
    Ints,
    among,
    first_of_each,
    inverse,
    pair_keys,
    sorted_distinct,
    split_keys,
    starts,
)
from provenance.columns.cells import (
    Doubt,
    booleans,
    cited_ids,
    declared,
    distinct,
    hedges,
    id_codes,
    index_array,
    strings,
)
from provenance.columns.frames import in_memory
from provenance.columns.repeats import Cited, one_report_each, without_placeholders
from provenance.columns.times import dates
from provenance.engine.coded import HEDGES, RELIABILITIES, Columns
from provenance.formats.rows import (
    CLAIM_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    RowFilter,
    RowRules,
)
from provenance.model import Hedge, Reliability
from provenance.records import rival_order

__all__ = ["Doubt", "cited_ids", "code_tables", "rival_ids"]


def code_tables(pa: Any, tables: Mapping[str, Any], taken: RowFilter | None = None) -> Columns:
    """The tables as columns, or :class:`Doubt` when a check fails.

    In steps: the report table's columns are checked; ids become codes; placeholders,
    self-citations and repeated reports are taken under the rules of `taken` (by
    default, each is doubted), which counts them; each report and each citation
    becomes a (claim, source) key, and the keys of cited sources nobody reports are
    added, as implicit reports; the keys sorted are the rows; each report's values go
    to its row. A million-row array is 8 MB: each goes as soon as it has served.
    """
    taken = taken or RowFilter(RowRules(), in_memory("reports"))
    reports = tables["reports"]
    assert reports is not None
    report = _ReportTable(pa, reports, _report_columns(pa, reports))
    source_index, source_values = id_codes(pa, reports["source"])
    claim_index, claim_values = id_codes(pa, reports["claim"])
    via_parent, via = cited_ids(pa, reports["via"] if "via" in report.names else None)
    via_parent, via = without_placeholders(pa, via_parent, via, taken)
    source_table, claim_table = tables.get("sources"), tables.get("claims")
    sources = declared(pa, source_table, SOURCE_COLUMNS), source_values, via
    source_dictionary, source_ids, source_code, via_code = _source_codes(pa, sources, source_index)
    del sources, source_index, source_values, via  # (the peak is in _source_codes)
    claims = declared(pa, claim_table, CLAIM_COLUMNS)
    claim_dictionary, claim_code = _claim_codes(pa, claims, claim_values, claim_index)
    del claim_index
    if pa.compute.any(pa.compute.is_in(claim_dictionary, value_set=source_dictionary)).as_py():
        raise Doubt  # an id both a source and a claim
    n_sources = len(source_ids)
    key = pair_keys(claim_code, source_code, n_sources)  # by report
    kept, cited = one_report_each(
        source_code, Cited(via_parent, via_code), key, report.times, taken
    )
    del source_code, via_parent, via_code
    if kept is not None:
        report = attrs.evolve(report, kept=kept)
        key, claim_code = key[kept], claim_code[kept]
    rows, row_key, via_start, via_rows = _rows(key, cited, claim_code, n_sources)
    group, reliability = _sources(pa, source_table, source_ids)
    rival_start, rival = _rivals(pa, claim_table, tables.get("contradictions"), claim_dictionary)
    claim, source = split_keys(row_key, n_sources)
    del row_key
    kind, day, instant = report.published(rows)
    return Columns(
        claim_ids=tuple(claim_dictionary.to_pylist()),
        source_ids=source_ids,
        group=group,
        reliability=reliability,
        claim=claim,
        source=source,
        via_start=via_start,
        via=via_rows,
        firsthand=rows.spread(report.flag("firsthand", False), True),
        observed=rows.spread(report.flag("observed", True), False),
        implicit=rows.spread(np.zeros(report.n, dtype=bool), True),
        retracted=rows.spread(report.retracted(), False),
        hedge=rows.spread(report.hedge(), HEDGES.index(Hedge.ASSERTED)),
        kind=kind,
        day=day,
        instant=instant,
        rival_start=rival_start,
        rival=rival,
        copied_start=np.zeros(rows.n + 1, dtype=np.int64),
        copied=np.zeros(0, dtype=np.int64),
    )


def _rows(
    key: Ints, cited: Cited, claim_code: Ints, n_sources: int
) -> tuple[_Rows, Ints, Ints, Ints]:
    """(where the reports go among the rows, each row's (claim, source) key, and the
    start and rows of each row's citations): the reports' keys and those of the
    implicit reports, sorted."""
    cited_key = pair_keys(claim_code[cited.report], cited.source, n_sources)  # by citation
    every_key = _with_implicit(key, cited_key)
    order = np.argsort(every_key, kind="stable")
    row_key = every_key[order]  # by row: its (claim, source) key
    del every_key
    rows = _Rows(inverse(order)[: len(key)], len(row_key))
    del order
    via_start, via_rows = _citation_rows(rows, cited.report, cited_key, row_key)
    return rows, row_key, via_start, via_rows


def _report_columns(pa: Any, reports: Any) -> set[str]:
    """The report table's column names, checked: the ids there, no column unknown, text
    where text is, no saved implicit report (its record's own rules apply)."""
    names = set(reports.column_names)
    if not {"source", "claim"} <= names or not names <= set(REPORT_COLUMNS):
        raise Doubt
    for name in ("url", "quote", "text", "hedge_text"):
        if name in names:
            strings(pa, reports[name])
    if "implicit" in names and pa.compute.any(booleans(pa, reports["implicit"], False)).as_py():
        raise Doubt
    return names


def _source_codes(
    pa: Any, sources: tuple[Any, Any, Any], source_index: Ints
) -> tuple[Any, tuple[str, ...], Ints, Ints]:
    """Source codes in id order, so that codes compare like ids. `sources` is (the ids
    declared, the distinct ids reporting, the ids cited), `source_index` each report's
    index into the second. Returns (the distinct ids, as Arrow; the ids in code order;
    by report, its source's code; by citation, the cited source's code)."""
    declared_sources, source_values, via = sources
    every_source = pa.chunked_array(
        [declared_sources, source_values, via], type=pa.string()
    ).dictionary_encode()
    dictionary = (
        every_source.chunk(0).dictionary if every_source.num_chunks else pa.array([], pa.string())
    )
    id_order = np.asarray(pa.compute.sort_indices(dictionary))
    source_ids: tuple[str, ...] = tuple(dictionary.take(id_order).to_pylist())
    rank = inverse(id_order)  # by distinct id: its code
    source_indices = _indices(every_source)
    n_declared = len(declared_sources)
    _declared_once(source_indices, n_declared)
    codes = rank[source_indices] if len(rank) else np.zeros(0, dtype=np.int64)
    del source_indices, rank
    source_code = codes[n_declared : n_declared + len(source_values)][source_index]
    via_code = codes[n_declared + len(source_values) :].copy()
    return dictionary, source_ids, source_code, via_code


def _claim_codes(
    pa: Any, declared_claims: Any, claim_values: Any, claim_index: Ints
) -> tuple[Any, Ints]:
    """Claim codes: the declared claims, then the others in the order rows first name
    them. `claim_index` is each report's index into the distinct `claim_values`.
    Returns (the claim ids in code order, as Arrow; by report, its claim's code)."""
    # The distinct values rows name, in the order of the row first naming each.
    appearing = claim_index[np.sort(first_of_each(claim_index))]
    every_claim = pa.chunked_array(
        [declared_claims, claim_values.take(pa.array(appearing))], type=pa.string()
    ).dictionary_encode()
    dictionary = (
        every_claim.chunk(0).dictionary if every_claim.num_chunks else pa.array([], pa.string())
    )
    claim_indices = _indices(every_claim)
    _declared_once(claim_indices, len(declared_claims))
    code_of_value = np.full(len(claim_values), -1, dtype=np.int64)
    code_of_value[appearing] = claim_indices[len(declared_claims) :]
    claim_code: Ints = code_of_value[claim_index]
    return dictionary, claim_code


def _with_implicit(key: Ints, cited_key: Ints) -> Ints:
    """The (claim, source) keys of the reports, then those of the implicit reports: the
    sources cited on a claim that report nothing of it, each once."""
    explicit = sorted_distinct(key)
    if len(explicit) != len(key):
        raise Doubt  # a source reporting a claim twice
    cited_keys = sorted_distinct(cited_key)
    every_key: Ints = np.concatenate([key, cited_keys[~among(cited_keys, explicit)]])
    return every_key


@frozen
class _Rows:
    """Where the reports went among the sorted rows; the other rows are implicit."""

    explicit: Ints  # by report (file row): its row
    n: int  # rows in all

    def spread(self, values: NDArray[Any], implicit_value: Any) -> NDArray[Any]:
        """Values by report as values by row, `implicit_value` for the implicit rows."""
        out = np.full(self.n, implicit_value, dtype=values.dtype)
        out[self.explicit] = values
        return out


def _citation_rows(
    rows: _Rows, via_parent: Ints, cited_key: Ints, row_key: Ints
) -> tuple[Ints, Ints]:
    """(start, rows) of each row's citations, in the order each via names them; each
    citation given by its report (`via_parent`) and its (claim, source) key, the rows
    by their sorted keys."""
    via_length = np.bincount(via_parent, minlength=len(rows.explicit))
    via_start = starts(rows.spread(via_length, 0))
    # Each citation's place: its report's new start plus its rank within the report.
    rank_in_via = np.arange(len(via_parent)) - starts(via_length)[via_parent]
    del via_length
    slot = via_start[rows.explicit][via_parent] + rank_in_via
    del rank_in_via
    via_rows = np.empty(len(slot), dtype=np.int64)
    via_rows[slot] = np.searchsorted(row_key, cited_key)
    return via_start, via_rows


@frozen
class _ReportTable:
    """The report table's value columns, each by report (file row), checked; of the
    rows `kept` only, once repeats are made one."""

    pa: Any
    table: Any
    names: set[str]
    kept: Ints | None = None
    _times: list[tuple[Ints, Ints, Ints]] = field(factory=list)  # worked out once

    @property
    def n(self) -> int:
        """The number of reports."""
        return self.table.num_rows if self.kept is None else len(self.kept)

    def _of_kept(self, values: NDArray[Any]) -> NDArray[Any]:
        return values if self.kept is None else values[self.kept]

    def flag(self, name: str, default: bool) -> Bools:
        if name not in self.names:
            return np.full(self.n, default)
        return self._of_kept(np.asarray(booleans(self.pa, self.table[name], default)))

    def hedge(self) -> Ints:
        if "hedge" not in self.names:
            return np.full(self.n, HEDGES.index(Hedge.ASSERTED))
        return self._of_kept(hedges(self.pa, self.table["hedge"]))

    def retracted(self) -> Bools:
        if "retracted" not in self.names:
            return np.zeros(self.n, dtype=bool)
        retracted: Bools = dates(self.pa, self.table["retracted"])[0] != 0
        return self._of_kept(retracted)

    def times(self) -> tuple[Ints, Ints, Ints]:
        """By report (every file row): (kind, day, instant) of when it was published."""
        if not self._times:
            if "published" not in self.names:
                self._times.append(_zeros(self.table.num_rows))
            else:
                self._times.append(dates(self.pa, self.table["published"]))
        return self._times[0]

    def published(self, rows: _Rows) -> tuple[Ints, Ints, Ints]:
        """By row: (kind, day, instant), as :class:`~provenance.engine.Columns` holds
        them."""
        if "published" not in self.names:
            return _zeros(rows.n)
        kind, day, instant = (rows.spread(self._of_kept(part), 0) for part in self.times())
        return kind, day, instant


def _zeros(n: int) -> tuple[Ints, Ints, Ints]:
    return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)


def _declared_once(indices: np.ndarray, n_declared: int) -> None:
    """Doubt a table declaring an id twice: an encoding numbers the values in the order
    they first appear, so the declared ids, first, are distinct when they are numbered
    0, 1, 2 … (no hashing of the ids again)."""
    if not np.array_equal(indices[:n_declared], np.arange(n_declared)):
        raise Doubt


def _indices(encoded: Any) -> np.ndarray:
    if not encoded.num_chunks:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.asarray(chunk.indices, dtype=np.int64) for chunk in encoded.chunks])


def _sources(pa: Any, table: Any, source_ids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """By source code: (its group's code, its grade's code)."""
    pc = pa.compute
    n = len(source_ids)
    ids = pa.array(source_ids, pa.string())
    reliability = np.full(n, len(RELIABILITIES) - 1, dtype=np.int64)
    groups = pc.binary_join_element_wise("source:", ids, "")  # ungrouped: its own group
    if table is not None:
        at = np.asarray(pc.index_in(table["id"], value_set=ids), dtype=np.int64)
        if "reliability" in table.column_names:
            codes = {r: i for i, r in enumerate(RELIABILITIES)}
            indices, parsed = distinct(
                pa, table["reliability"], lambda v: codes[Reliability.parse(v)]
            )
            graded = np.array([*parsed, len(RELIABILITIES) - 1], dtype=np.int64)[indices]
            reliability[at] = graded
        if "group" in table.column_names:
            row_of = np.full(n, -1, dtype=np.int64)
            row_of[at] = np.arange(len(at))
            named = strings(pa, table["group"].combine_chunks()).take(
                pa.array(row_of, mask=row_of < 0)
            )
            groups = pc.coalesce(named, groups)
    group_code = index_array(groups.dictionary_encode().indices)
    return group_code, reliability


def rival_ids(claim_table: Any = None, contradictions: Any = None) -> dict[str, dict[str, None]]:
    """The claims each claim cannot be true with (contradictions and the other answers
    to its question), in :func:`~provenance.records.rival_order`, as
    :meth:`provenance.Store.rivals` lists them."""
    rivals: dict[str, dict[str, None]] = {}
    if contradictions is not None:
        if set(contradictions.column_names) != {"a", "b"}:
            raise Doubt
        try:
            a_column, b_column = contradictions["a"].to_pylist(), contradictions["b"].to_pylist()
        except (OverflowError, ValueError):  # a date Python cannot hold: the rows say where
            raise Doubt from None
        for a, b in zip(a_column, b_column, strict=True):
            if not isinstance(a, str) or not isinstance(b, str) or a == b:
                raise Doubt
            rivals.setdefault(a, {})[b] = None
            rivals.setdefault(b, {})[a] = None
    if claim_table is not None and "question" in claim_table.column_names:
        answering = claim_table.filter(claim_table["question"].is_valid())  # most answer none
        answers: dict[str, list[str]] = {}
        for claim, question in zip(
            answering["id"].to_pylist(), answering["question"].to_pylist(), strict=True
        ):
            answers.setdefault(question, []).append(claim)
        for group in answers.values():
            for claim in group:
                found = rivals.setdefault(claim, {})
                found.update((other, None) for other in group if other != claim)
    return {claim: rival_order(others) for claim, others in rivals.items()}


def _rivals(
    pa: Any, claim_table: Any, contradictions: Any, claim_ids: Any
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rival_ids` as codes: (start, rival) arrays by claim code (`claim_ids`, the
    ids in code order, as an Arrow array)."""
    rivals = rival_ids(claim_table, contradictions)
    named = list({*rivals, *(other for others in rivals.values() for other in others)})
    found = pa.compute.index_in(pa.array(named, pa.string()), value_set=claim_ids)
    code = {c: i for c, i in zip(named, found.to_pylist(), strict=True) if i is not None}
    lengths = np.zeros(len(claim_ids), dtype=np.int64)
    by_code: dict[int, list[int]] = {}
    for claim, others in rivals.items():
        if claim not in code or any(other not in code for other in others):
            raise Doubt  # a contradiction naming an undeclared claim
        by_code[code[claim]] = [code[other] for other in others]
        lengths[code[claim]] = len(others)
    flat = [other for claim in sorted(by_code) for other in by_code[claim]]
    return starts(lengths), np.array(flat, dtype=np.int64)
