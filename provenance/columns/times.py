"""Publication times at column speed: ISO text, Arrow dates and timestamps as the
(kind, day, instant) codes of :func:`provenance.scoring.rules.published_codes`.

A column of a million per-second times holds nearly a million distinct values, so
parsing each distinct value in Python (:func:`provenance.model.parse_published`) took
most of a table's time. Here the common ISO shapes are read from the text's bytes at
once:

- a date, ``2015-03-01``;
- a datetime to the second, ``2015-03-01T12:34:56`` (``t`` or a space between), with
  up to six digits of a second's fraction, naive or aware (``Z``, ``z``, ``±HH:MM``).

A value of those shapes whose fields are out of range (``2015-02-29``, ``23:59:60``,
an offset of 60 minutes), and any other text Python's parser may take (``20150301``,
``2015-W09-7``, spaces around), is parsed as before, one Python call per distinct
value, so that each value gets exactly the codes, or the refusal (:class:`Doubt`: the
row reader names it), it got before. Arrow's dates and timestamps (to the microsecond)
are coded from their integers; other typed times go through their ISO text.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from numpy.typing import NDArray

from provenance._arrays import Bools, Ints
from provenance.columns.cells import Doubt, distinct, encoded, strings
from provenance.model import parse_published
from provenance.scoring.rules import AWARE, DATE, NAIVE, published_codes

__all__ = ["ISO_SHAPES", "dates"]

ISO_SHAPES = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$"
)
"""The text read at column speed (a regular expression, as Arrow's matcher takes it)."""

_EPOCH_ORDINAL = 719_163  # datetime.date(1970, 1, 1).toordinal()
_LAST_ORDINAL = 3_652_059  # datetime.date(9999, 12, 31).toordinal()
_SECOND = 1_000_000  # microseconds
_DAY = 86_400 * _SECOND
_TO_MICROSECONDS = {"s": _SECOND, "ms": 1_000, "us": 1}
_Codes = tuple[Ints, Ints, Ints]


def dates(pa: Any, column: Any) -> _Codes:
    """(kind, day, instant) of a date column, by cell (see
    :class:`~provenance.engine.Columns`); :class:`Doubt` where a cell is no date.

    Examples
    --------
    >>> import pyarrow as pa
    >>> kind, day, instant = dates(pa, pa.array(["2015-03-01T12:34:56Z", None, "2015-03-01"]))
    >>> kind.tolist(), day.tolist(), instant.tolist()
    ([3, 0, 1], [735658, 0, 735658], [1425213296000000, 0, 0])
    """
    if pa.types.is_null(column.type):
        return _zeros(len(column))
    if pa.types.is_date32(column.type) or (
        pa.types.is_timestamp(column.type) and column.type.unit in _TO_MICROSECONDS
    ):
        return _typed(pa, column)
    text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    if not text and not pa.types.is_dictionary(column.type):
        if not (pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)):
            raise Doubt  # a number is no date: the row reader says so
        column = column.cast(pa.string())  # other dates and timestamps: their ISO text
        text = True
    if text:  # times mostly differ: coded cell by cell (a chunk at a time), not made distinct
        values = strings(pa, column)
        chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
        coded = [_text_codes(pa, chunk) for chunk in chunks] or [_zeros(0)]
        kind, day, instant = (np.concatenate(part) for part in zip(*coded, strict=True))
        return kind, day, instant
    indices, values = encoded(pa, column)
    kind, day, instant = (np.append(part, 0) for part in _text_codes(pa, values))
    return kind[indices], day[indices], instant[indices]  # -1, an empty cell: the zero


def _zeros(n: int) -> _Codes:
    zeros = np.zeros(n, dtype=np.int64)
    return zeros, zeros.copy(), zeros.copy()


def _text_codes(pa: Any, values: Any) -> _Codes:
    """The codes of an Arrow string array, cell by cell: the shapes of
    :data:`ISO_SHAPES` from their bytes, the others as Python parses them."""
    kind, day, instant = _zeros(len(values))
    shaped = np.asarray(
        pa.compute.match_substring_regex(values, ISO_SHAPES).fill_null(False), dtype=bool
    )
    at = np.flatnonzero(shaped)
    if len(at):
        cells = _Cells.of(values, at)
        done = np.zeros(len(at), dtype=bool)
        for short in (True, False):  # a date; a datetime
            mine = np.flatnonzero((cells.length == 10) == short)
            if not len(mine):
                continue
            part = cells.part(mine)
            codes, fine = _date_codes(part) if short else _datetime_codes(part)
            for whole, coded in zip((kind, day, instant), codes, strict=True):
                whole[at[mine[fine]]] = coded[fine]
            done[mine[fine]] = True
        shaped[at[~done]] = False  # out of range: as Python says
    rest = np.flatnonzero(~shaped & np.asarray(values.is_valid(), dtype=bool))
    if len(rest):
        indices, parsed = distinct(
            pa, values.take(pa.array(rest)), lambda v: published_codes(parse_published(v))
        )
        table = np.array(parsed, dtype=np.int64).reshape(-1, 3)[indices]
        kind[rest], day[rest], instant[rest] = table.T
    return kind, day, instant


class _Cells:
    """Chosen cells of a string array, read from its bytes (each ASCII, in the shape
    of :data:`ISO_SHAPES`)."""

    def __init__(self, data: np.ndarray, start: Ints, length: Ints) -> None:
        self.data, self.start, self.length = data, start, length

    @classmethod
    def of(cls, values: Any, at: Ints) -> _Cells:
        """The cells `at` of `values`."""
        _, offsets, data = values.buffers()
        ends = np.frombuffer(offsets, np.int32, len(values) + 1, values.offset * 4)
        start = ends[:-1][at].astype(np.int64)
        return cls(np.frombuffer(data, np.uint8), start, ends[1:][at] - start)

    def part(self, rows: Ints) -> _Cells:
        return _Cells(self.data, self.start[rows], self.length[rows])

    def head(self, width: int) -> NDArray[np.uint8]:
        """Each cell's first `width` bytes, by place: ``head[k]`` holds byte `k` of
        every cell (gathered at once, a cell's bytes as one record of `width`)."""
        records = np.ndarray((len(self.data) - width + 1,), f"V{width}", self.data, strides=(1,))
        found = records[self.start].view(np.uint8).reshape(-1, width)
        return np.ascontiguousarray(found.T)

    def byte(self, at: Ints | int) -> Ints:
        """Each cell's byte at `at` (a place in the cell)."""
        found: Ints = self.data[self.start + at].astype(np.int64)
        return found


def _number(head: NDArray[np.uint8], at: int, n: int) -> Ints:
    """The number the `n` digits at `at` of each cell of `head` write."""
    found: Ints = head[at].astype(np.int64)
    for k in range(at + 1, at + n):
        found = found * 10 + head[k]
    found -= ord("0") * int("1" * n)  # each digit's "0", at once
    return found


def _date_codes(cells: _Cells) -> tuple[_Codes, Bools]:
    """(the codes, whether the date is a day of the calendar) of ``YYYY-MM-DD`` cells."""
    ordinal, fine = _ordinal(cells.head(10))
    n = len(ordinal)
    return (np.full(n, DATE), ordinal, np.zeros(n, dtype=np.int64)), fine


def _ordinal(head: NDArray[np.uint8]) -> tuple[Ints, Bools]:
    """(the proleptic ordinal of each cell's ``YYYY-MM-DD``, whether it is a day of the
    calendar), from the table of months."""
    year, month, day = (_number(head, at, n) for at, n in ((0, 4), (5, 2), (8, 2)))
    firsts, lengths = _months()
    month_code = np.clip((year - 1) * 12 + month - 1, 0, len(firsts) - 1)
    fine = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= lengths[month_code])
    ordinal: Ints = firsts[month_code] + (day - 1)
    return ordinal, fine


@functools.cache
def _months() -> tuple[Ints, Ints]:
    """By month from January of year 1 to December 9999: the ordinal of its first day,
    and its number of days (numpy's calendar: proleptic Gregorian, as Python's)."""
    months = np.arange("0001-01", "10000-01", dtype="datetime64[M]")
    days = np.append(months, months[-1] + 1).astype("datetime64[D]").astype(np.int64)
    return days[:-1] + _EPOCH_ORDINAL, np.diff(days)


def _datetime_codes(cells: _Cells) -> tuple[_Codes, Bools]:
    """(the codes, whether every field is in range) of datetime cells: a date, a time
    to the second, then perhaps a fraction and an offset (:func:`_tail`)."""
    head = cells.head(19)
    ordinal, fine = _ordinal(head)
    hour, minute, second = _number(head, 11, 2), _number(head, 14, 2), _number(head, 17, 2)
    fine &= (hour < 24) & (minute < 60) & (second < 60)
    seconds = (ordinal - _EPOCH_ORDINAL) * 86_400 + (hour * 3600 + minute * 60 + second)
    instant = seconds * _SECOND
    kind = np.full(len(instant), NAIVE)
    longer = np.flatnonzero(cells.length > 19)
    if len(longer):
        micro, east, aware, fine_tail = _tail(cells.part(longer))
        instant[longer] += micro - east
        kind[longer] = np.where(aware, AWARE, NAIVE)
        fine[longer] &= fine_tail
    return (kind, ordinal, instant), fine


def _tail(cells: _Cells) -> tuple[Ints, Ints, Bools, Bools]:
    """After the seconds: (the fraction in microseconds, the offset east of UTC in
    microseconds, whether the time is aware, whether the offset is in range)."""
    end = cells.length
    last = cells.byte(end - 1)
    zulu = (last == ord("Z")) | (last == ord("z"))
    sign_at = np.maximum(end - 6, 0)
    sign = cells.byte(sign_at)
    offset = (end >= 25) & ((sign == ord("+")) | (sign == ord("-")))
    hours = (cells.byte(sign_at + 1) - ord("0")) * 10 + cells.byte(sign_at + 2) - ord("0")
    minutes = (cells.byte(end - 2) - ord("0")) * 10 + cells.byte(end - 1) - ord("0")
    fine = ~offset | ((hours < 24) & (minutes < 60))
    east = np.where(offset, np.where(sign == ord("-"), -1, 1) * (hours * 60 + minutes), 0)
    fraction_end = end - np.where(offset, 6, zulu.astype(np.int64))
    micro = np.zeros(len(end), dtype=np.int64)
    for k in range(6):  # the digits after ".", at 20 …
        there = 20 + k < fraction_end
        digit = cells.byte(np.where(there, 20 + k, 0)) - ord("0")
        micro += np.where(there, digit, 0) * 10 ** (5 - k)
    return micro, east * 60 * _SECOND, offset | zulu, fine


def _typed(pa: Any, column: Any) -> _Codes:
    """The codes of a date32 or timestamp column (to the microsecond at most), from its
    integers; a time Python cannot hold (out of years 1 to 9999) is doubted, for the
    row reader to name."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    valid = np.asarray(column.is_valid(), dtype=bool)
    if pa.types.is_date32(column.type):
        days = _integers(pa, column, pa.int32(), valid, _DAY)
        kind = np.where(valid, DATE, 0)
        return kind, np.where(valid, days + _EPOCH_ORDINAL, 0), np.zeros(len(column), np.int64)
    unit = _TO_MICROSECONDS[column.type.unit]
    instant = _integers(pa, column, pa.int64(), valid, unit)
    wall = instant
    if column.type.tz is not None:  # the day as written: the zone's own
        local = pa.compute.local_timestamp(column)
        wall = _integers(pa, local, pa.int64(), valid, unit)
    kind = np.where(valid, NAIVE if column.type.tz is None else AWARE, 0)
    return kind, np.where(valid, wall // _DAY + _EPOCH_ORDINAL, 0), instant


def _integers(pa: Any, column: Any, type: Any, valid: Bools, unit: int) -> Ints:
    """A column's integers in microseconds (days for a date32: `unit` is a day), 0 where
    a cell is empty; doubted when one is out of the years Python holds."""
    raw = np.asarray(column.cast(type).fill_null(0), dtype=np.int64)
    first, last = (1 - _EPOCH_ORDINAL) * _DAY, (_LAST_ORDINAL + 1 - _EPOCH_ORDINAL) * _DAY - 1
    if len(raw) and not np.all((raw >= -(-first // unit)) & (raw <= last // unit) | ~valid):
        raise Doubt  # the row reader names the cell
    found: Ints = np.where(valid, raw * (unit if unit != _DAY else 1), 0)
    return found
