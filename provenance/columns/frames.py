"""Frames as tables, and tables as rows: what the columnar reader takes in, and what its
row-by-row fallback reads, without a crash on any shape of input; and what a table
taken in lacks (:func:`without_sources`).

:func:`as_table` takes an Arrow table or a pandas frame; a frame Arrow cannot hold (an
object column mixing text and numbers) is kept as :class:`Records`, read by the row
reader, whose error names the row, the column and the value. :func:`table_rows`
(:func:`provenance.formats.parquet.table_rows`, where the Parquet reader uses it too)
gives a table's rows as Python values, and a value Python cannot hold (a date after
year 9999) as one :class:`~provenance.errors.FormatError` naming its row and column.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from provenance.errors import ProvenanceWarning, ValidationError
from provenance.formats.parquet import table_rows  # rows of any Arrow table: one home
from provenance.formats.rows import check_header

__all__ = ["Records", "as_table", "holds_nul", "in_memory", "table_rows", "without_sources"]


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


def without_sources(reports: Any, suffix: str | None = None) -> None:
    """Say that `reports` (a table's path, a folder of tables, or in-memory data) came
    without a sources table, what that changes, and how to give one: as
    ``NAME.sources`` + `suffix` (by default, the table's own) beside a path, as
    ``sources=`` beside data.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as said:
    ...     warnings.simplefilter("always")
    ...     without_sources("corpus.csv")
    >>> print(said[0].message)  # doctest: +ELLIPSIS
    corpus.csv: no sources table: every source is scored ungraded and ungrouped ...; put
    corpus.sources.csv beside it to weigh grades and groups
    """
    if isinstance(reports, str | os.PathLike):
        path = Path(reports)
        name = path.stem if path.suffix and not path.is_dir() else path.name
        where, remedy = str(reports), f"put {name}.sources{suffix or path.suffix} beside it"
    else:
        where, remedy = in_memory("reports"), "pass sources="
    warnings.warn(
        ProvenanceWarning(
            f"{where}: no sources table: every source is scored ungraded and ungrouped "
            f"(two outlets of one group count as two lines); {remedy} to weigh grades "
            "and groups"
        ),
        stacklevel=3,
    )


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
        data = _empty_cells(data)
        try:
            return pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowException, ValueError, TypeError, OverflowError):
            return Records(data)  # mixed types in a column: the row reader names the cell
    raise ValidationError(
        f"{name} must be a pyarrow Table or a pandas DataFrame, got {type(data).__name__}"
    )


def _empty_cells(frame: Any) -> Any:
    """`frame` with each ``''`` of its text columns missing, as the CSV reader reads an
    empty cell (``pandas.read_csv(..., keep_default_na=False)`` gives ``''`` for one: in
    a boolean, a hedge or a date too); the same frame when it has none.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"firsthand": ["", "yes"], "hedge": ["", "reportedly"]})
    >>> _empty_cells(frame).to_dict("list")
    {'firsthand': [None, 'yes'], 'hedge': [None, 'reportedly']}
    """
    empty = {}
    for name in frame.columns:
        cells = frame[name]
        if cells.dtype.kind == "O":  # text (object, str, string, category), lists, mixed
            try:
                blank = np.asarray((cells == "").fillna(False), dtype=bool)
            except (TypeError, ValueError, NotImplementedError):  # lists: compared a cell at a time
                blank = np.fromiter(
                    (isinstance(cell, str) and not cell for cell in cells.astype(object)),
                    dtype=bool,
                    count=len(cells),
                )
            if blank.any():
                empty[name] = cells.astype(object).where(~blank, None)
    if not empty:
        return frame
    frame = frame.copy(deep=False)
    for name, cells in empty.items():
        frame[name] = cells
    return frame


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
