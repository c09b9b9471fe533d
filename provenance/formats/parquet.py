"""Parquet report tables, and Arrow tables as rows: the typed form of the report table.

A Parquet table set is the report-table format (:mod:`provenance.formats.tables`) in
typed columns: booleans, dates and timestamps, lists of ids (a via held as text is
``;``-separated, as in CSV). Which files make a set (``NAME.parquet`` beside
``NAME.sources.parquet`` …), the manifest and the order they are read in are the
table set's rules, in :mod:`~provenance.formats.tables`; this module reads one table as
rows (:func:`parquet_rows`, a batch at a time) and writes one (:func:`parquet_bytes`).
:func:`table_rows` gives any Arrow table's rows, for the columnar reader's fallback too.

pyarrow is imported when first needed (:func:`arrow`): ``pip install
'provenance-graph[columns]'``.

Examples
--------
>>> import pathlib, tempfile, provenance as pv
>>> g = pv.ProvenanceGraph()
>>> for source in ("article", "us", "kr"):
...     _ = g.add_source(source)
>>> _ = g.add_claim("troops")
>>> _ = g.add_report("article", "troops", via=["us", "kr"], published="2024-12-26")
>>> path = g.save(pathlib.Path(tempfile.mkdtemp()) / "story.parquet")
>>> sorted(p.name for p in path.parent.iterdir())  # doctest: +NORMALIZE_WHITESPACE
['story.claims.parquet', 'story.contradictions.parquet', 'story.parquet',
 'story.parquet.manifest', 'story.sources.parquet', 'story.suspected.parquet']
>>> pv.load(path) == g
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from provenance._files import open_regular
from provenance.errors import FormatError, MissingDependencyError
from provenance.formats.rows import check_header, split_via

__all__ = [
    "arrow",
    "arrow_rows",
    "parquet_bytes",
    "parquet_rows",
    "read_parquet_table",
    "table_rows",
]

_BATCH = 1 << 16
"""Rows read from a Parquet file at a time: a table larger than memory is read as a stream."""

_LISTS = ("via", "claims", "evidence")
_BOOLEANS = ("observed", "firsthand", "implicit")


def arrow(feature: str = "reading and writing Parquet tables") -> Any:
    """pyarrow, with the modules the readers use; one line saying what to install when
    it is missing.

    Raises
    ------
    MissingDependencyError
        pyarrow is not installed: ``pip install 'provenance-graph[columns]'``.

    Examples
    --------
    >>> arrow().parquet.__name__
    'pyarrow.parquet'
    """
    try:
        import pyarrow
        import pyarrow.compute
        import pyarrow.csv
        import pyarrow.parquet
    except ImportError:
        raise MissingDependencyError(
            feature, "pyarrow", extra="provenance-graph[columns]"
        ) from None
    return pyarrow


def read_parquet_table(path: Path) -> Any:
    """The Parquet table at `path`, whole, as Arrow holds it; a column named twice is
    refused before Arrow reads it. A FIFO or a device is refused before Arrow waits.

    Raises
    ------
    FileAccessError
        The file cannot be read, or is no regular file.
    FormatError
        It is no Parquet table (``cannot read the table: …``), or names a column twice.
    """
    pa = arrow()
    with open_regular(path) as file:
        parquet = _opened(pa, file, path)
        try:
            return parquet.read()
        except (OSError, ValueError, pa.ArrowException) as error:
            raise _unreadable_table(path, error) from None


def parquet_rows(
    path: Path, consumed: list[int] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number from 1, row) for each row of a Parquet table, read a batch at a time;
    `consumed` is advanced in proportion to the file's bytes, for a progress line.

    Raises
    ------
    FormatError
        The file is no Parquet table, names a column twice, or holds a value Python
        cannot hold (naming the row).
    """
    pa = arrow()
    with open_regular(path) as file:
        parquet = _opened(pa, file, path)
        size, total = os.fstat(file.fileno()).st_size, max(parquet.metadata.num_rows, 1)
        line = 1
        batches = parquet.iter_batches(batch_size=_BATCH)
        while (batch := _next_batch(pa, batches, path)) is not None:
            lines = np.arange(line, line + batch.num_rows)
            yield from arrow_rows(pa, pa.Table.from_batches([batch]), str(path), lines)
            line += batch.num_rows
            if consumed is not None:
                consumed[0] = size * (line - 1) // total


def _opened(pa: Any, file: Any, path: Path) -> Any:
    try:
        parquet = pa.parquet.ParquetFile(file)
    except (OSError, ValueError, pa.ArrowException) as error:
        raise _unreadable_table(path, error) from None
    check_header(parquet.schema_arrow.names, file=str(path))
    return parquet


def _next_batch(pa: Any, batches: Iterator[Any], path: Path) -> Any:
    try:
        return next(batches, None)
    except (OSError, ValueError, pa.ArrowException) as error:
        raise _unreadable_table(path, error) from None


def _unreadable_table(path: Path, error: Exception) -> FormatError:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return FormatError(f"cannot read the table: {reason}", file=str(path))


def arrow_rows(
    pa: Any, table: Any, file: str, lines: np.ndarray | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of an Arrow table as the row reader takes typed rows: :func:`table_rows`,
    with a via held as text split as a CSV cell is (``"us; kr"``)."""
    for line, row in table_rows(pa, table, file, lines):
        if isinstance(row.get("via"), str):
            row["via"] = split_via(row["via"])
        yield line, row  # boolean words are read by the row reader, in either form


def table_rows(
    pa: Any, table: Any, file: str, lines: np.ndarray | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, row) for each row of `table`, an Arrow table (or any object with its
    ``to_pylist``, ``num_rows`` and ``column_names``), in line order: lines 1, 2, 3 …
    or, given, `lines` (each row's line in the user's input).

    Raises
    ------
    FormatError
        A cell holds a value Python cannot hold: a date before year 1 or after 9999.

    Examples
    --------
    >>> import pyarrow as pa
    >>> list(table_rows(pa, pa.table({"source": ["a", "b"]}), "t", np.array([9, 4])))
    [(4, {'source': 'b'}), (9, {'source': 'a'})]
    """
    numbers = np.arange(1, table.num_rows + 1) if lines is None else lines
    try:
        rows: list[dict[str, Any]] = table.to_pylist()
    except (OverflowError, ValueError, pa.ArrowException):
        for name in table.column_names:
            _check_cells(pa, table[name], name, file, numbers)
        raise
    for i in np.argsort(numbers, kind="stable").tolist():
        yield int(numbers[i]), rows[i]


def _check_cells(pa: Any, column: Any, name: str, file: str, lines: np.ndarray) -> None:
    """Refuse a column holding a value Python cannot hold, naming its line."""
    try:
        column.to_pylist()
    except (OverflowError, ValueError, pa.ArrowException):
        bad = _unreadable(pa, column)
        try:
            value = str(column.slice(bad, 1).cast(pa.string())[0].as_py())
        except (ValueError, pa.ArrowException):
            value = f"a {column.type} value"
        dates = pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)
        raise FormatError(
            f"{name} {value!r} is out of the range of dates (years 1 to 9999)"
            if dates
            else f"{name} holds {value!r}, a value Python cannot hold",
            file=file,
            line=int(lines[bad]),
        ) from None


def _unreadable(pa: Any, column: Any) -> int:
    """The first row of `column` Python cannot hold: found by its year when the column
    is of dates or timestamps (at column speed), else cell by cell (an error path only)."""
    if pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
        try:
            years = np.asarray(pa.compute.year(column).fill_null(1970))
            out = np.flatnonzero((years < 1) | (years > 9999))
            if len(out):
                return int(out[0])
        except (pa.ArrowException, ValueError):
            pass
    for i in range(len(column)):
        try:
            column.slice(i, 1).to_pylist()
        except (OverflowError, ValueError, pa.ArrowException):
            return i
    return 0


def parquet_bytes(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    """A Parquet file of `rows` (story-format entries, as :func:`provenance.to_dict`
    gives them) with every one of `columns`: lists of ids as lists, booleans as
    booleans, a suspected copy's chance as a number, everything else (dates included,
    as written) as text; a missing value is null.

    Examples
    --------
    >>> import io, pyarrow.parquet as pq
    >>> data = parquet_bytes([{"source": "a", "claim": "c", "via": ["w"]}],
    ...                      ("source", "claim", "via", "observed"))
    >>> pq.read_table(io.BytesIO(data)).to_pylist()
    [{'source': 'a', 'claim': 'c', 'via': ['w'], 'observed': None}]
    """
    pa = arrow()
    types = {name: pa.list_(pa.string()) for name in _LISTS}
    types |= {name: pa.bool_() for name in _BOOLEANS} | {"probability": pa.float64()}
    table = pa.table(
        {
            name: pa.array([row.get(name) for row in rows], types.get(name, pa.string()))
            for name in columns
        }
    )
    sink = pa.BufferOutputStream()
    pa.parquet.write_table(table, sink)
    data: bytes = sink.getvalue().to_pybytes()
    return data
