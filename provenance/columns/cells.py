"""A table's cells checked and parsed at column speed: text, ids, vias, words (dates:
:mod:`provenance.columns.times`).

Each word is parsed once per distinct value (a column is dictionary-encoded
first, as the CSV reader reads ids and words). Every check that fails raises
:class:`Doubt`: the caller then reads the table row by row, whose reader names the bad
value and where it is.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from provenance.columns.frames import holds_nul
from provenance.engine.coded import HEDGES
from provenance.errors import ValidationError
from provenance.formats.rows import FALSE_WORDS, TRUE_WORDS
from provenance.model import Hedge

__all__ = [
    "Doubt",
    "booleans",
    "cited_ids",
    "declared",
    "distinct",
    "encoded",
    "hedges",
    "id_codes",
    "ids",
    "index_array",
    "named_sources",
    "strings",
]


class Doubt(Exception):
    """A column check doubts a table: the row reader decides."""


def strings(pa: Any, column: Any) -> Any:
    """A text column as strings; a column of another type is doubted."""
    if pa.types.is_large_string(column.type):
        column = column.cast(pa.string())
    if not (pa.types.is_string(column.type) or pa.types.is_null(column.type)):
        raise Doubt
    return column.cast(pa.string())


def encoded(pa: Any, column: Any) -> tuple[np.ndarray, Any]:
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
            parts = [index_array(chunk.indices) for chunk in column.chunks]
            indices = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            return indices, strings(pa, dictionary)
        else:
            column = column.chunk(0)
    if not pa.types.is_dictionary(column.type):
        column = strings(pa, column).dictionary_encode()
    return index_array(column.indices), strings(pa, column.dictionary)


def index_array(indices: Any) -> np.ndarray:
    """An Arrow array of indices as int64, -1 where it is null."""
    values = np.asarray(indices.fill_null(0) if indices.null_count else indices, dtype=np.int64)
    if indices.null_count:
        values[~np.asarray(indices.is_valid())] = -1
    return values


def ids(pa: Any, column: Any) -> Any:
    """An id column's text: no empty cell, no surrounding spaces (pyarrow's whitespace
    is Python's: both are Unicode's White_Space), no NUL."""
    pc = pa.compute
    column = strings(pa, column)
    column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    fine = pc.and_(pc.equal(pc.utf8_trim_whitespace(column), column), pc.not_equal(column, ""))
    if column.null_count or not pc.all(fine, min_count=0).as_py():
        raise Doubt
    if holds_nul(column):
        raise Doubt  # the row reader names the id
    return column


def id_codes(pa: Any, column: Any) -> tuple[np.ndarray, Any]:
    """An id column as (each cell's index into its distinct ids, those ids), checked."""
    indices, values = encoded(pa, column)
    if len(indices) and indices.min() < 0:
        raise Doubt  # an empty id
    return indices, ids(pa, values)


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
        return parent[kept], ids(pa, parts.filter(pa.array(kept)))
    if not (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)):
        raise Doubt
    parent = np.asarray(pc.list_parent_indices(column), dtype=np.int64)
    return parent, ids(pa, pc.list_flatten(column))


def named_sources(pa: Any, table: Any) -> Any:
    """Every source id a table of reports names, as reporter or in a via (as the reader
    reads vias); None when the reader will refuse the vias, and say why."""
    try:
        _, cited = cited_ids(pa, table["via"] if "via" in table.column_names else None)
    except Doubt:
        return None
    return pa.chunked_array([table["source"].cast(pa.string()), cited], type=pa.string()).unique()


def declared(pa: Any, table: Any, allowed: tuple[str, ...]) -> Any:
    """The ids a sources or claims table declares, checked (but for repeats, checked
    once the ids are encoded: :func:`provenance.columns.coding.code_tables`)."""
    if table is None:
        return pa.array([], pa.string())
    if "id" not in table.column_names or not set(table.column_names) <= set(allowed):
        raise Doubt
    for name in table.column_names:
        strings(pa, table[name])
    return ids(pa, table["id"])  # no id twice: checked once they are encoded


def distinct(pa: Any, column: Any, parse: Any) -> tuple[np.ndarray, list[Any]]:
    """(each cell's index into the parsed distinct values, those values): a word or a
    date is parsed once however many rows hold it. A null's index is -1."""
    indices, values = encoded(pa, column)
    try:
        parsed = [parse(value) for value in values.to_pylist()]
    except ValidationError:
        raise Doubt from None
    return indices, parsed


def hedges(pa: Any, column: Any) -> np.ndarray:
    """A hedge column's codes (:data:`~provenance.engine.coded.HEDGES`); an empty cell
    is asserted."""
    codes = {h: i for i, h in enumerate(HEDGES)}
    indices, parsed = distinct(pa, column, Hedge.parse)
    table = np.array([*(codes[h] for h in parsed), HEDGES.index(Hedge.ASSERTED)], dtype=np.int64)
    coded: np.ndarray = table[indices]
    return coded


def booleans(pa: Any, column: Any, default: bool) -> np.ndarray:
    """A column of booleans, or of the words for true and false; `default` where a cell
    is empty."""
    if pa.types.is_boolean(column.type):
        return np.asarray(column.fill_null(default), dtype=bool)

    def parse(value: str) -> bool:
        word = value.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise ValidationError(word)
        return word in TRUE_WORDS

    indices, parsed = distinct(pa, column, parse)
    coded: np.ndarray = np.array([*parsed, default], dtype=bool)[indices]
    return coded
