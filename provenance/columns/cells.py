"""A table's cells checked and parsed at column speed: text, ids, vias, words, dates.

Each word or date is parsed once per distinct value (a column is dictionary-encoded
first, as the CSV reader reads ids and words). Every check that fails raises
:class:`Doubt`: the caller then reads the table row by row, whose reader names the bad
value and where it is.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from provenance.columns.frames import holds_nul
from provenance.engine.coded import HEDGES, published_codes
from provenance.errors import ValidationError
from provenance.formats.rows import FALSE_WORDS, TRUE_WORDS
from provenance.model import Hedge, parse_published

__all__ = [
    "Doubt",
    "booleans",
    "cited_ids",
    "dates",
    "declared",
    "distinct",
    "encoded",
    "hedges",
    "id_codes",
    "ids",
    "index_array",
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


def dates(pa: Any, column: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(kind, day, instant) of a date column (see :class:`~provenance.engine.Columns`)."""
    text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    if not text and not pa.types.is_dictionary(column.type):
        if pa.types.is_null(column.type):
            zeros = np.zeros(len(column), dtype=np.int64)
            return zeros, zeros, zeros
        if not (pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)):
            raise Doubt  # a number is no date: the row reader says so
        column = column.cast(pa.string())  # dates and timestamps: ISO text, parsed below
    indices, parsed = distinct(pa, column, lambda v: published_codes(parse_published(v)))
    table = np.array([*parsed, (0, 0, 0)], dtype=np.int64).reshape(-1, 3).T.copy()
    kind, day, instant = (np.take(part, indices) for part in table)
    return kind, day, instant


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
