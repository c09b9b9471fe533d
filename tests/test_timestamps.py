"""Dates at column speed: the columnar reader codes every publication time exactly as
the per-value parser and :func:`provenance.scoring.rules.published_codes` code it, and
refuses (naming the row) exactly what they refuse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.scoring.rules import published_codes

NO_SOURCES = pa.table({"id": pa.array([], pa.string())})


def _codes(values: Any) -> list[tuple[int, int, int]]:
    """Each row's (kind, day, instant), as the columnar reader codes a table whose rows
    are reports by s0000, s0001 … (its rows sorted as given) on one claim."""
    column = (
        values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(values, pa.string())
    )
    n = len(column)
    table = pa.table(
        {"source": [f"s{i:04d}" for i in range(n)], "claim": ["c"] * n, "published": column}
    )
    columns = pv.read_columns(table, sources=NO_SOURCES)
    return list(
        zip(columns.kind.tolist(), columns.day.tolist(), columns.instant.tolist(), strict=True)
    )


def _expected(values: list[Any]) -> list[tuple[int, int, int]] | int:
    """Each value's codes by the per-value path, or the line of the first it refuses."""
    codes = []
    for line, value in enumerate(values, start=1):
        try:
            codes.append(published_codes(pv.Report("s", "c", published=value).published))
        except pv.ValidationError:
            return line
    return codes


def _check(values: list[Any], column: Any = None) -> None:
    expected = _expected(values)
    if isinstance(expected, int):
        with pytest.raises(pv.FormatError, match=rf"the reports table, line {expected}: "):
            _codes(values if column is None else column)
    else:
        assert _codes(values if column is None else column) == expected


# Every ISO shape, and odd ones: fields out of range (month 13, February 30, hour 24,
# a leap second, offsets of 24 hours or 60 minutes, year 0), other separators, offsets
# written without a colon or without minutes, fractions of 1 to 9 digits, spaces around.
_YEARS = st.one_of(st.integers(1, 9999), st.sampled_from([0, 1, 1969, 1970, 2000, 2400, 9999]))
_TWO = st.integers(0, 99).map(lambda n: f"{n:02d}")
_SMALL = st.one_of(st.integers(0, 61), st.sampled_from([0, 1, 12, 23, 24, 28, 29, 30, 31, 59, 60]))


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    year = draw(_YEARS)
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    text = f"{year:04d}-{month:02d}-{day:02d}"
    shape = draw(st.sampled_from(["date", "seconds", "seconds", "minutes", "hours", "other"]))
    if shape == "other":
        return draw(st.sampled_from([text.replace("-", ""), f"{year:04d}-W09-7", text + "T"]))
    if shape != "date":
        separator = draw(st.sampled_from(["T", "T", " ", "t", "X", "_"]))
        hour, minute, second = (draw(_SMALL) for _ in range(3))
        text += f"{separator}{hour:02d}"
        if shape in ("minutes", "seconds"):
            text += f":{minute:02d}"
        if shape == "seconds":
            text += f":{second:02d}"
            if draw(st.booleans()):
                text += draw(st.sampled_from([".", ","])) + draw(
                    st.text("0123456789", min_size=1, max_size=9)
                )
        text += draw(
            st.one_of(
                st.just(""),
                st.sampled_from(["Z", "z", "+00:00", "-00:00"]),
                st.builds(
                    lambda sign, hours, minutes, colon: f"{sign}{hours:02d}{colon}{minutes}",
                    st.sampled_from("+-"),
                    st.one_of(st.integers(0, 25), st.just(23)),
                    _TWO,
                    st.sampled_from([":", ":", ""]),
                ),
                st.builds(lambda sign, hours: f"{sign}{hours}", st.sampled_from("+-"), _TWO),
            )
        )
    return draw(st.sampled_from(["", "", "", " "])) + text + draw(st.sampled_from(["", "", " "]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(timestamps(), st.none()), min_size=1, max_size=30))
def test_text_is_coded_as_the_per_value_parser_codes_it(values: list[str | None]) -> None:
    _check(values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(timestamps(), st.none(), st.text(max_size=12)), max_size=20))
def test_any_text_is_coded_or_refused_as_before(values: list[str | None]) -> None:
    """Any text at all: what the per-value parser takes gets its codes; the first value
    it refuses is named by its row, the row reader's error."""
    _check(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(timestamps(), st.none()), min_size=1, max_size=20))
def test_a_dictionary_column_is_coded_as_its_text(values: list[str | None]) -> None:
    """A pandas category or a Parquet dictionary: its distinct values coded once."""
    _check(values, pa.array(values, pa.string()).dictionary_encode())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(timestamps(), st.none()), min_size=1, max_size=20), st.data())
def test_a_column_in_chunks_is_coded_as_one(values: list[str | None], data: Any) -> None:
    """A column read a block at a time (as Arrow's CSV reader reads it): coded by chunk."""
    cut = data.draw(st.integers(0, len(values)))
    chunks = [pa.array(values[:cut], pa.string()), pa.array(values[cut:], pa.string())]
    _check(values, pa.chunked_array(chunks))


def test_the_common_shapes_are_coded_exactly() -> None:
    values = [
        "2015-03-01",
        "2015-03-01T12:34:56",
        "2015-03-01 12:34:56.5",
        "2015-03-01T12:34:56.123456Z",
        "2015-03-01T23:30:00-05:00",  # its own day, the 1st; the 2nd in UTC
        "2016-02-29T00:00:00+14:00",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59.999999",
        None,
    ]
    codes = _codes(values)
    assert codes[4][1] == dt.date(2015, 3, 1).toordinal()
    at = dt.datetime(2015, 3, 2, 4, 30, tzinfo=dt.timezone.utc)
    assert codes[4][2] == int(at.timestamp() * 1e6)
    assert codes == _expected(values)


@pytest.mark.parametrize(
    "bad", ["2015-02-29", "2015-03-01T24:00:00", "2015-03-01T23:59:60", "0000-01-01", "2015-3-1"]
)
def test_a_date_python_refuses_names_its_row_as_before(bad: str) -> None:
    with pytest.raises(pv.FormatError, match=r"the reports table, line 2: published '"):
        _codes(["2015-03-01", bad])


_MICROSECONDS = st.integers(
    int(dt.datetime(1, 1, 2).timestamp() * 1e6), int(dt.datetime(9999, 12, 30).timestamp() * 1e6)
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_MICROSECONDS, st.none()), min_size=1, max_size=20),
    st.sampled_from(["s", "ms", "us"]),
    st.sampled_from([None, "UTC", "+05:30", "-09:00"]),
)
def test_typed_timestamps_are_coded_as_python_reads_them(
    micros: list[int | None], unit: str, zone: str | None
) -> None:
    """Parquet's timestamps: coded from their integers as the row reader codes the
    datetimes Python makes of them."""
    per = {"s": 1_000_000, "ms": 1_000, "us": 1}[unit]
    column = pa.array([None if m is None else m // per for m in micros], pa.timestamp(unit, zone))
    assert _codes(column) == [published_codes(value) for value in column.to_pylist()]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.integers(-2_208_988_800, 4_102_444_800), st.none()), max_size=20))
def test_a_named_zone_gives_its_own_day(seconds: list[int | None]) -> None:
    """A zone by name (daylight saving, 1900 to 2100): the day is the zone's own."""
    column = pa.array(seconds, pa.timestamp("s", "Europe/Paris"))
    assert _codes(column) == [published_codes(value) for value in column.to_pylist()]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.integers(-719_162, 2_932_896), st.none()), max_size=20))
def test_typed_dates_are_coded_as_python_reads_them(days: list[int | None]) -> None:
    column = pa.array(days, pa.date32())
    assert _codes(column) == [published_codes(value) for value in column.to_pylist()]


def test_a_typed_time_out_of_pythons_years_names_its_row() -> None:
    too_late = (dt.date(9999, 12, 31) - dt.date(1970, 1, 1)).days + 1
    for column in (
        pa.array([0, too_late], pa.date32()),
        pa.array([0, too_late * 86_400], pa.timestamp("s")),
        pa.array([0, np.iinfo(np.int64).max], pa.timestamp("s", "UTC")),  # would overflow
    ):
        with pytest.raises(pv.FormatError, match=r"line 2: published '.*' is out of the range"):
            _codes(column)


def test_a_table_scores_alike_with_its_times_as_text_or_typed() -> None:
    """One cascade, its times as ISO text and as a Parquet timestamp: the same scores,
    time inversions included."""
    times = [dt.datetime(2015, 3, 1, 12, 0, s, tzinfo=dt.timezone.utc) for s in (0, 30, 10)]
    reports = {
        "source": ["alice", "bob", "carol"],
        "claim": ["t"] * 3,
        "via": [None, "alice", "bob"],
    }
    text = pa.table({**reports, "published": [t.isoformat() for t in times]})
    typed = pa.table({**reports, "published": pa.array(times, pa.timestamp("s", "UTC"))})
    scored = pv.assess_table(text, sources=NO_SOURCES)
    assert scored.column("time_inversion").to_pylist() == [True]
    assert pv.assess_table(typed, sources=NO_SOURCES).equals(scored)
