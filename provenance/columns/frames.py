"""Frames as tables, and tables as rows: what the columnar reader takes in, and what its
row-by-row fallback reads, without a crash on any shape of input.

:func:`as_table` takes an Arrow table or a pandas frame; a frame Arrow cannot hold (an
object column mixing text and numbers) is kept as :class:`Records`, read by the row
reader, whose error names the row, the column and the value. :func:`table_rows` gives
a table's rows as Python values, and a value Python cannot hold (a date after year 9999)
as one :class:`~provenance.errors.FormatError` naming its row and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from provenance.errors import FormatError, ValidationError
from provenance.formats.rows import check_header

__all__ = ["Records", "as_table", "holds_nul", "in_memory", "table_rows"]


class Records:
    """The rows of a frame Arrow cannot hold, as Python values (missing ones as None).

    Examples
    --------
    >>> import pandas as pd
    >>> records = Records(pd.DataFrame({"source": ["a", 1], "claim": ["c", None]}))
    >>> records.column_names, records.num_rows, records.to_pylist()[1]
    (['source', 'claim'], 2, {'source': 1, 'claim': None})
    """

    def __init__(self, frame: Any) -> None:
        self.column_names = [str(name) for name in frame.columns]
        self.num_rows = len(frame)
        self._frame = frame

    def unheld(self, pa: Any) -> str:
        """The first column Arrow cannot hold (types mixed in it)."""
        for name, column in zip(self.column_names, self._frame.columns, strict=True):
            try:
                pa.array(self._frame[column], from_pandas=True)
            except (pa.ArrowException, ValueError, TypeError, OverflowError):
                return name
        return self.column_names[0] if self.column_names else ""

    def to_pylist(self) -> list[dict[str, Any]]:
        """The rows as dictionaries, as :meth:`pyarrow.Table.to_pylist` gives them."""
        frame = self._frame.astype(object)
        rows: list[dict[str, Any]] = frame.where(frame.notna(), None).to_dict("records")
        return [{str(name): value for name, value in row.items()} for row in rows]


def in_memory(name: str) -> str:
    """What an error calls an in-memory table: ``the reports table``."""
    return f"the {name} table"


def as_table(pa: Any, data: Any, name: str) -> Any:
    """An Arrow table (or :class:`Records`) of `data`, an Arrow table or a pandas frame;
    None for None. A column named twice is refused, as a CSV header naming it twice.

    Raises
    ------
    FormatError
        A column is named twice.
    ValidationError
        `data` is neither an Arrow table nor a pandas frame.
    """
    if data is None:
        return None
    if isinstance(data, pa.Table):
        check_header(data.column_names, file=in_memory(name))
        return data
    if type(data).__module__.startswith("pandas") and hasattr(data, "columns"):
        check_header([str(column) for column in data.columns], file=in_memory(name))
        try:
            return pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowException, ValueError, TypeError, OverflowError):
            return Records(data)  # mixed types in a column: the row reader names the cell
    raise ValidationError(
        f"{name} must be a pyarrow Table or a pandas DataFrame, got {type(data).__name__}"
    )


def table_rows(
    pa: Any, table: Any, file: str, lines: np.ndarray | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, row) for each row of `table`, an Arrow table or :class:`Records`, in line
    order: lines 1, 2, 3 … or, given, `lines` (each row's line in the user's input).

    Raises
    ------
    FormatError
        A cell holds a value Python cannot hold: a date before year 1 or after 9999.
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


def holds_nul(column: Any, step: int = 1 << 20) -> bool:
    """Whether a text array (no nulls) holds NUL: its bytes searched a megabyte at a
    time, as memchr searches (ten times faster than a substring match per cell).

    Examples
    --------
    >>> import pyarrow as pa
    >>> holds_nul(pa.array(["a\\0", "b"])), holds_nul(pa.array(["a\\0", "b"]).slice(1))
    (True, False)
    """
    _, offsets, data = column.buffers()
    if data is None or not len(column):
        return False
    ends = np.frombuffer(offsets, np.int32, len(column) + 1, column.offset * 4)
    start, stop = int(ends[0]), int(ends[-1])
    return any(
        data.slice(at, min(step, stop - at)).to_pybytes().find(b"\0") >= 0
        for at in range(start, stop, step)
    )
