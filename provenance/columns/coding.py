"""Arrow tables as the engine's integer-coded columns, checked at column speed.

Ids become codes by one dictionary encoding (sources then sorted, so that codes compare
like ids); words and dates are parsed once per distinct value; a source's implicit
report is added where a via names it and no row of its own does. Every check that
fails raises :class:`Doubt`: the caller then reads the table row by row, whose reader
names the bad value and where it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from provenance.columns.frames import holds_nul
from provenance.engine.coded import HEDGES, RELIABILITIES, Columns, published_codes
from provenance.engine.network import among
from provenance.errors import ValidationError
from provenance.formats.rows import (
    CLAIM_COLUMNS,
    FALSE_WORDS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    TRUE_WORDS,
)
from provenance.model import Hedge, Reliability, parse_published
from provenance.records import rival_order

__all__ = ["Doubt", "cited_ids", "code_tables", "rival_ids"]


class Doubt(Exception):
    """A column check doubts a table: the row reader decides."""


def code_tables(pa: Any, tables: Mapping[str, Any]) -> Columns:
    """The tables as columns, or :class:`Doubt` when a check fails."""
    pc = pa.compute
    reports = tables["reports"]
    assert reports is not None
    names = set(reports.column_names)
    if not {"source", "claim"} <= names or not names <= set(REPORT_COLUMNS):
        raise Doubt
    for name in ("url", "quote", "text", "hedge_text"):
        if name in names:
            _strings(pa, reports[name])
    if "implicit" in names and pc.any(_booleans(pa, reports["implicit"], False)).as_py():
        raise Doubt  # a saved implicit report: its record's own rules apply
    source_index, source_values = _id_codes(pa, reports["source"])
    claim_index, claim_values = _id_codes(pa, reports["claim"])
    n_explicit = len(source_index)
    via_parent, via = cited_ids(pa, reports["via"] if "via" in names else None)

    source_table, claim_table = tables.get("sources"), tables.get("claims")
    declared_sources = _declared(pa, source_table, SOURCE_COLUMNS)
    declared_claims = _declared(pa, claim_table, CLAIM_COLUMNS)
    # Codes: sources in id order (compares like the ids), claims in declaration order.
    every_source = pa.chunked_array(
        [declared_sources, source_values, via], type=pa.string()
    ).dictionary_encode()
    source_ids: tuple[str, ...] = ()
    rank = np.zeros(0, dtype=np.int64)
    if every_source.num_chunks:
        source_dictionary = every_source.chunk(0).dictionary
        id_order = np.asarray(pc.sort_indices(source_dictionary))
        source_ids = tuple(source_dictionary.take(id_order).to_pylist())
        rank = np.empty(len(id_order), dtype=np.int64)
        rank[id_order] = np.arange(len(id_order))
    source_indices = _indices(every_source)
    n_declared = len(declared_sources)
    _declared_once(source_indices, n_declared)
    codes = rank[source_indices] if len(rank) else np.zeros(0, dtype=np.int64)
    del source_indices
    source_code = codes[n_declared : n_declared + len(source_values)][source_index]
    via_code = codes[n_declared + len(source_values) :].copy()
    # A million-row array is 8 MB: each goes as soon as it has served (the peak is here).
    del codes, rank, source_index
    # Claims: the declared ones, then the others in the order rows first name them.
    by_value = np.argsort(claim_index, kind="stable")
    new = np.ones(len(by_value), dtype=bool)
    np.not_equal(claim_index[by_value][1:], claim_index[by_value][:-1], out=new[1:])
    first_seen = np.full(len(claim_values), n_explicit, dtype=np.int64)
    first_seen[claim_index[by_value][new]] = by_value[new]
    appearing = np.argsort(first_seen, kind="stable")[: int(new.sum())]
    del by_value, new, first_seen
    every_claim = pa.chunked_array(
        [declared_claims, claim_values.take(pa.array(appearing))], type=pa.string()
    ).dictionary_encode()
    claim_ids = tuple(every_claim.chunk(0).dictionary.to_pylist()) if every_claim.num_chunks else ()
    code_of_value = np.full(len(claim_values), -1, dtype=np.int64)
    claim_indices = _indices(every_claim)
    _declared_once(claim_indices, len(declared_claims))
    code_of_value[appearing] = claim_indices[len(declared_claims) :]
    claim_code = code_of_value[claim_index]
    del code_of_value, claim_index, appearing
    if every_claim.num_chunks and every_source.num_chunks:
        both = pc.is_in(every_claim.chunk(0).dictionary, value_set=source_dictionary)
        if pc.any(both).as_py():
            raise Doubt  # an id both a source and a claim
    n_sources = len(source_ids)

    # Reports, and the implicit reports of cited sources nobody reports.
    if np.any(via_code == source_code[via_parent]):
        raise Doubt  # a report citing its own source
    key = claim_code * n_sources + source_code
    del source_code
    explicit = _sorted_distinct(key)
    if len(explicit) != len(key):
        raise Doubt  # a source reporting a claim twice
    if len(_sorted_distinct(via_parent * n_sources + via_code)) != len(via_code):
        raise Doubt  # a via naming one source twice
    cited_key = claim_code[via_parent] * n_sources + via_code
    del claim_code, via_code
    cited_keys = _sorted_distinct(cited_key)
    all_keys = np.concatenate([key, cited_keys[~among(cited_keys, explicit)]])
    del key, explicit, cited_keys
    order = np.argsort(all_keys, kind="stable")
    sorted_keys = all_keys[order]
    del all_keys
    n = len(sorted_keys)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    del order
    explicit_rows = position[:n_explicit]  # each file row's place among the sorted rows

    def by_row(values: np.ndarray, implicit_value: Any) -> np.ndarray:
        out = np.full(n, implicit_value, dtype=values.dtype)
        out[explicit_rows] = values
        return out

    via_length = np.bincount(via_parent, minlength=n_explicit)
    via_start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(by_row(via_length, 0), out=via_start[1:])
    # Each citation's place: its report's new start plus its rank within the report.
    file_start = np.zeros(n_explicit + 1, dtype=np.int64)
    np.cumsum(via_length, out=file_start[1:])
    del via_length
    slot = via_start[explicit_rows][via_parent] + (
        np.arange(len(via_parent)) - file_start[via_parent]
    )
    del file_start, via_parent
    via_rows = np.empty(len(slot), dtype=np.int64)
    via_rows[slot] = np.searchsorted(sorted_keys, cited_key)
    del slot, cited_key

    asserted = HEDGES.index(Hedge.ASSERTED)
    hedge = by_row(
        _hedges(pa, reports["hedge"]) if "hedge" in names else np.full(n_explicit, asserted),
        asserted,
    )
    if "published" in names:
        kind, day, instant = (by_row(part, 0) for part in _dates(pa, reports["published"]))
    else:
        kind, day, instant = (np.zeros(n, dtype=np.int64) for _ in range(3))
    retracted = (
        _dates(pa, reports["retracted"])[0] != 0
        if "retracted" in names
        else np.zeros(n_explicit, dtype=bool)
    )

    def flag(name: str, default: bool) -> np.ndarray:
        if name not in names:
            return np.full(n_explicit, default)
        return np.asarray(_booleans(pa, reports[name], default))

    group, reliability = _sources(pa, source_table, source_ids)
    rival_start, rival = _rivals(
        pa,
        claim_table,
        tables.get("contradictions"),
        every_claim.chunk(0).dictionary if every_claim.num_chunks else pa.array([], pa.string()),
    )
    claim = sorted_keys // max(n_sources, 1)
    sorted_keys -= claim * n_sources  # now each row's source code
    return Columns(
        claim_ids=claim_ids,
        source_ids=source_ids,
        group=group,
        reliability=reliability,
        claim=claim,
        source=sorted_keys,
        via_start=via_start,
        via=via_rows,
        firsthand=by_row(flag("firsthand", False), True),
        observed=by_row(flag("observed", True), False),
        implicit=by_row(np.zeros(n_explicit, dtype=bool), True),
        retracted=by_row(retracted, False),
        hedge=hedge,
        kind=kind,
        day=day,
        instant=instant,
        rival_start=rival_start,
        rival=rival,
        copied_start=np.zeros(n + 1, dtype=np.int64),
        copied=np.zeros(0, dtype=np.int64),
    )


def _declared_once(indices: np.ndarray, n_declared: int) -> None:
    """Doubt a table declaring an id twice: an encoding numbers the values in the order
    they first appear, so the declared ids, first, are distinct when they are numbered
    0, 1, 2 … (no hashing of the ids again)."""
    if not np.array_equal(indices[:n_declared], np.arange(n_declared)):
        raise Doubt


def _sorted_distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct keys, sorted (np.unique without its extra passes)."""
    ordered = np.sort(keys)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _indices(encoded: Any) -> np.ndarray:
    if not encoded.num_chunks:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate([np.asarray(chunk.indices, dtype=np.int64) for chunk in encoded.chunks])


def _strings(pa: Any, column: Any) -> Any:
    """A text column as strings; a column of another type is doubted."""
    if pa.types.is_large_string(column.type):
        column = column.cast(pa.string())
    if not (pa.types.is_string(column.type) or pa.types.is_null(column.type)):
        raise Doubt
    return column.cast(pa.string())


def _encoded(pa: Any, column: Any) -> tuple[np.ndarray, Any]:
    """(each cell's index into the column's distinct values, -1 for an empty cell; those
    values): a column of text, or of text already dictionary-encoded (as the CSV reader
    reads ids and words, or a pandas category)."""
    if isinstance(column, pa.ChunkedArray):
        if not pa.types.is_dictionary(column.type):
            column = column.combine_chunks()
        elif column.num_chunks != 1:
            column = column.unify_dictionaries()
            dictionary = (
                column.chunk(0).dictionary if column.num_chunks else pa.array([], pa.string())
            )
            parts = [_index_array(chunk.indices) for chunk in column.chunks]
            indices = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            return indices, _strings(pa, dictionary)
        else:
            column = column.chunk(0)
    if not pa.types.is_dictionary(column.type):
        column = _strings(pa, column).dictionary_encode()
    return _index_array(column.indices), _strings(pa, column.dictionary)


def _index_array(indices: Any) -> np.ndarray:
    values = np.asarray(indices.fill_null(0) if indices.null_count else indices, dtype=np.int64)
    if indices.null_count:
        values[~np.asarray(indices.is_valid())] = -1
    return values


def _ids(pa: Any, column: Any) -> Any:
    """An id column's text: no empty cell, no surrounding spaces (pyarrow's whitespace
    is Python's: both are Unicode's White_Space), no NUL."""
    pc = pa.compute
    column = _strings(pa, column)
    column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    fine = pc.and_(pc.equal(pc.utf8_trim_whitespace(column), column), pc.not_equal(column, ""))
    if column.null_count or not pc.all(fine, min_count=0).as_py():
        raise Doubt
    if holds_nul(column):
        raise Doubt  # the row reader names the id
    return column


def _id_codes(pa: Any, column: Any) -> tuple[np.ndarray, Any]:
    """An id column as (each cell's index into its distinct ids, those ids), checked."""
    indices, values = _encoded(pa, column)
    if len(indices) and indices.min() < 0:
        raise Doubt  # an empty id
    return indices, _ids(pa, values)


def cited_ids(pa: Any, column: Any) -> tuple[np.ndarray, Any]:
    """(each citation's row, the cited ids) of a via column: ``;``-separated text or
    lists of ids."""
    pc = pa.compute
    if column is None or pa.types.is_null(column.type):
        return np.zeros(0, dtype=np.int64), pa.array([], pa.string())
    column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        column = pc.split_pattern(column.cast(pa.string()), ";")
        parts = pc.utf8_trim_whitespace(pc.list_flatten(column))
        parent = np.asarray(pc.list_parent_indices(column), dtype=np.int64)
        kept = np.asarray(pc.not_equal(parts, "").fill_null(False))
        return parent[kept], _ids(pa, parts.filter(pa.array(kept)))
    if not (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)):
        raise Doubt
    parent = np.asarray(pc.list_parent_indices(column), dtype=np.int64)
    return parent, _ids(pa, pc.list_flatten(column))


def _declared(pa: Any, table: Any, allowed: tuple[str, ...]) -> Any:
    """The ids a sources or claims table declares, checked (but for repeats: see
    :func:`_declared_once`)."""
    if table is None:
        return pa.array([], pa.string())
    if "id" not in table.column_names or not set(table.column_names) <= set(allowed):
        raise Doubt
    for name in table.column_names:
        _strings(pa, table[name])
    return _ids(pa, table["id"])  # no id twice: checked once they are encoded


def _distinct(pa: Any, column: Any, parse: Any) -> tuple[np.ndarray, list[Any]]:
    """(each cell's index into the parsed distinct values, those values): a word or a
    date is parsed once however many rows hold it. A null's index is -1."""
    indices, values = _encoded(pa, column)
    try:
        parsed = [parse(value) for value in values.to_pylist()]
    except ValidationError:
        raise Doubt from None
    return indices, parsed


def _hedges(pa: Any, column: Any) -> np.ndarray:
    codes = {h: i for i, h in enumerate(HEDGES)}
    indices, parsed = _distinct(pa, column, Hedge.parse)
    table = np.array([*(codes[h] for h in parsed), HEDGES.index(Hedge.ASSERTED)], dtype=np.int64)
    coded: np.ndarray = table[indices]
    return coded


def _dates(pa: Any, column: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(kind, day, instant) of a date column (see :class:`~provenance.engine.Columns`)."""
    text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    if not text and not pa.types.is_dictionary(column.type):
        if pa.types.is_null(column.type):
            zeros = np.zeros(len(column), dtype=np.int64)
            return zeros, zeros, zeros
        if not (pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)):
            raise Doubt  # a number is no date: the row reader says so
        column = column.cast(pa.string())  # dates and timestamps: ISO text, parsed below
    indices, parsed = _distinct(pa, column, lambda v: published_codes(parse_published(v)))
    table = np.array([*parsed, (0, 0, 0)], dtype=np.int64).reshape(-1, 3).T.copy()
    kind, day, instant = (np.take(part, indices) for part in table)
    return kind, day, instant


def _booleans(pa: Any, column: Any, default: bool) -> np.ndarray:
    if pa.types.is_boolean(column.type):
        return np.asarray(column.fill_null(default), dtype=bool)

    def parse(value: str) -> bool:
        word = value.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise ValidationError(word)
        return word in TRUE_WORDS

    indices, parsed = _distinct(pa, column, parse)
    coded: np.ndarray = np.array([*parsed, default], dtype=bool)[indices]
    return coded


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
            indices, parsed = _distinct(
                pa, table["reliability"], lambda v: codes[Reliability.parse(v)]
            )
            graded = np.array([*parsed, len(RELIABILITIES) - 1], dtype=np.int64)[indices]
            reliability[at] = graded
        if "group" in table.column_names:
            row_of = np.full(n, -1, dtype=np.int64)
            row_of[at] = np.arange(len(at))
            named = _strings(pa, table["group"].combine_chunks()).take(
                pa.array(row_of, mask=row_of < 0)
            )
            groups = pc.coalesce(named, groups)
    group_code = _index_array(groups.dictionary_encode().indices)
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
    start = np.zeros(len(claim_ids) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    return start, np.array(flat, dtype=np.int64)
