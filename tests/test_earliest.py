"""``duplicates="earliest"``: a source's repeated reports on a claim become the one
published first, with the vias of every repeat — alike in `read_reports`, `load`,
`assess_table` (at column speed) and every engine of the command line."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
import provenance.columns
from provenance.cli import main
from provenance.engine import Columns

NO_SOURCES = pa.table({"id": pa.array([], pa.string())})
CASCADE = (
    "source,claim,via,firsthand,published\n"
    "alice,t1,ROOT,true,2015-03-01T12:00:00\n"
    "bob,t1,carol,,2015-03-01T12:09:00\n"  # bob shares it twice: later via carol,
    "carol,t1,alice,,2015-03-01T12:05:00\n"
    "bob,t1,alice,,2015-03-01T12:07:00\n"  # first via alice
    "dave,t1,bob;dave,,2015-03-01T12:08:00\n"  # and dave cites himself
)


@pytest.fixture
def cascade(tmp_path: Path) -> Path:
    path = tmp_path / "cascade.csv"
    path.write_text(CASCADE, encoding="utf-8")
    path.with_suffix(".sources.csv").write_text("id\n", encoding="utf-8")  # nothing known
    return path


def test_read_reports_keeps_the_first_report_and_every_via(cascade: Path) -> None:
    with pytest.warns(pv.ProvenanceWarning, match="1 repeated row.s. merged; 1 citation.s. of"):
        g = pv.read_reports(cascade, duplicates="earliest", placeholders=["ROOT"])
    (bob,) = [r for r in g.reports("t1") if r.source == "bob"]
    assert isinstance(bob.published, dt.datetime) and bob.published.minute == 7
    assert set(bob.via) == {"alice", "carol"}
    assert g.notes == [
        f"{cascade}: 1 repeated row(s) merged; 1 citation(s) of a placeholder left out; "
        "1 self-citation(s) left out"
    ]
    with pytest.warns(pv.ProvenanceWarning):
        assert pv.load(cascade, duplicates="earliest", placeholders=["ROOT"]) == g


def test_assess_table_takes_it_at_column_speed_as_the_row_reader(cascade: Path) -> None:
    with pytest.warns(pv.ProvenanceWarning):
        g = pv.read_reports(cascade, duplicates="earliest", placeholders=["ROOT"])
    with _rows_never_read(), pytest.warns(pv.ProvenanceWarning) as said:
        table = pv.assess_table(cascade, duplicates="earliest", placeholders=["ROOT"])
    assert [str(w.message) for w in said] == g.notes  # the row reader's words
    assert table.equals(pv.assess_table(g))
    assert table.column("time_inversion").to_pylist() == [False]  # bob at 12:07, not 12:09


def test_an_undated_repeat_gives_way_and_the_first_of_equals_stays() -> None:
    reports = pa.table(
        {
            "source": ["a", "a", "a", "b", "b"],
            "claim": ["c"] * 5,
            "via": ["x", "y", "z", "x", "y"],
            "published": [None, "2024-05-02", "2024-05-01", "2024-05-01", "2024-05-01"],
            "hedge": ["uncertain", "asserted", "attributed", "asserted", "uncertain"],
        }
    )
    with pytest.warns(pv.ProvenanceWarning, match="3 repeated row"):
        columns = pv.read_columns(reports, duplicates="earliest", sources=NO_SOURCES)
    kept = {columns.source_ids[s]: h for s, h, i in _rows(columns) if not i}
    assert kept == {"a": 2, "b": 1}  # a: the 1st of May, attributed; b: its first row
    assert _vias(columns) == {("a", v) for v in "xyz"} | {("b", "x"), ("b", "y")}


def test_times_of_different_kinds_go_to_the_row_reader() -> None:
    """A date beside a datetime compare by day: which stays depends on their order, so
    the row reader, which takes them in order, decides."""
    reports = pa.table(
        {
            "source": ["a", "a", "a"],
            "claim": ["c"] * 3,
            "published": ["2024-05-01", "2024-05-01T09:00:00", "2024-05-01T08:00:00"],
        }
    )
    with pytest.warns(pv.ProvenanceWarning, match="2 repeated row"):
        columns = pv.read_columns(reports, duplicates="earliest", sources=NO_SOURCES)
    assert columns.kind.tolist() == [1]  # the date came first, and none is a day before


@pytest.mark.parametrize("engine", ["auto", "records", "columns", "table"])
def test_every_engine_of_check_reads_it_alike(cascade: Path, engine: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", str(cascade), "--json", "--engine", engine]
    argv += ["--duplicates", "earliest", "--placeholder", "ROOT"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(argv) == 0
    (claim,) = json.loads(out.getvalue())
    assert (claim["claim"], claim["independent"], claim["flags"]) == (
        "t1",
        1,
        ["single_source", "echo"],
    )
    assert "1 repeated row(s) merged" in err.getvalue()


def test_dask_refuses_it_in_one_line(cascade: Path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["check", str(cascade), "--engine", "dask", "--duplicates", "earliest"])
    assert status == 2
    assert err.getvalue() == (
        "provenance: error: --duplicates and --placeholder do not apply to --engine dask\n"
    )


# ------------------------------------------ the two paths, on any table of repeats

SOURCES = ["a", "b", "c", "d", "e"]
KINDS = {
    "date": lambda n: (dt.date(2024, 1, 1) + dt.timedelta(days=n)).isoformat(),
    "naive": lambda n: f"2024-05-01T{n // 60 % 24:02d}:{n % 60:02d}:00",
    "aware": lambda n: f"2024-05-01T{n // 60 % 24:02d}:{n % 60:02d}:00+0{n % 3}:00",
}


@st.composite
def tables(draw: st.DrawFn, *, all_dated: bool = False) -> list[dict[str, Any]]:
    """Rows of a cascade export: sources repeating on claims, vias that may name the
    source itself or ROOT, times of one kind (distinct ones when `all_dated`)."""
    kind = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    n = draw(st.integers(1, 14))
    minutes = draw(st.lists(st.integers(0, 600), min_size=n, max_size=n, unique=all_dated))
    rows = []
    for i in range(n):
        via = draw(st.lists(st.sampled_from([*SOURCES, "ROOT"]), unique=True, max_size=3))
        dated = all_dated or draw(st.integers(0, 3)) > 0
        rows.append(
            {
                "source": draw(st.sampled_from(SOURCES)),
                "claim": draw(st.sampled_from(["c1", "c2"])),
                "via": ";".join(via) or None,
                "published": kind(minutes[i]) if dated else None,
                "firsthand": draw(st.sampled_from([None, "true", "false"])),
                "hedge": draw(st.sampled_from([None, "uncertain", "attributed"])),
            }
        )
    return rows


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables(), st.sampled_from(["earliest", "skip"]))
def test_the_columns_take_repeats_as_the_row_reader(
    tmp_path: Path, rows: list[dict[str, Any]], duplicates: str
) -> None:
    """At column speed (the row reader never called), the same reports, vias, times,
    scores and note as the row reader's."""
    path = _csv(tmp_path, rows)
    with warnings.catch_warnings(record=True) as row_said:
        warnings.simplefilter("always")
        g = pv.read_reports(path, duplicates=duplicates, placeholders=["ROOT"])
    table = pa.table({name: [row[name] for row in rows] for name in rows[0]})
    with _rows_never_read(), warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        columns = pv.read_columns(
            table, duplicates=duplicates, placeholders=["ROOT"], sources=NO_SOURCES
        )
    expected = pv.read_columns(g)
    assert _same(columns, expected)
    assert [str(w.message).split(": ", 1)[1] for w in said] == [
        str(w.message).split(": ", 1)[1] for w in row_said
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pv.ProvenanceWarning)  # said, as seen above
        scored = pv.assess_table(
            table, duplicates=duplicates, placeholders=["ROOT"], sources=NO_SOURCES
        )
    assert scored.equals(pv.assess_table(g))


@settings(max_examples=150, deadline=None)
@given(tables(all_dated=True), st.randoms(use_true_random=False))
def test_earliest_does_not_depend_on_the_rows_order(rows: list[dict[str, Any]], rng: Any) -> None:
    """With distinct times, the report kept and its vias are the same in any order."""
    shuffled = rows[:]
    rng.shuffle(shuffled)
    read = []
    for order in (rows, shuffled):
        table = pa.table({name: [row[name] for row in order] for name in order[0]})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pv.ProvenanceWarning)
            read.append(
                (
                    pv.read_columns(
                        table, duplicates="earliest", placeholders=["ROOT"], sources=NO_SOURCES
                    ),
                    pv.assess_table(
                        table, duplicates="earliest", placeholders=["ROOT"], sources=NO_SOURCES
                    ),
                )
            )
    (first, first_scores), (second, second_scores) = read
    assert _same(first, second, claims_in_any_order=True)
    assert sorted(first_scores.to_pylist(), key=str) == sorted(second_scores.to_pylist(), key=str)


# ------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def _rows_never_read() -> Any:
    """Fail if the columnar reader hands the table to the row reader."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the table was read row by row")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(provenance.columns, "_store_of", refuse)
        patch.setattr(provenance.columns, "_read_rows", refuse)
        yield


def _csv(folder: Path, rows: list[dict[str, Any]]) -> Path:
    path = folder / "export.csv"
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, list(rows[0]))
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    path.with_suffix(".sources.csv").write_text("id\n", encoding="utf-8")
    return path


def _rows(columns: Columns) -> list[tuple[int, int, bool]]:
    return list(
        zip(columns.source.tolist(), columns.hedge.tolist(), columns.implicit.tolist(), strict=True)
    )


def _vias(columns: Columns) -> set[tuple[str, str]]:
    citing, cited = columns.via_pairs()
    return {
        (columns.source_ids[columns.source[a]], columns.source_ids[columns.source[b]])
        for a, b in zip(citing.tolist(), cited.tolist(), strict=True)
    }


def _same(a: Columns, b: Columns, *, claims_in_any_order: bool = False) -> bool:
    """The same reports (by claim and source) with the same values and the same vias;
    the order of claims aside when asked (it follows the rows')."""

    def reports(columns: Columns) -> dict[tuple[str, str], tuple[Any, ...]]:
        values = ("firsthand", "observed", "implicit", "retracted", "hedge", "kind", "day")
        cited: dict[int, set[str]] = {}
        for citing, row in zip(*columns.via_pairs(), strict=True):
            cited.setdefault(int(citing), set()).add(columns.source_ids[columns.source[row]])
        return {
            (columns.claim_ids[c], columns.source_ids[s]): (
                *(getattr(columns, name)[r].item() for name in values),
                columns.instant[r].item(),
                frozenset(cited.get(r, ())),
            )
            for r, (c, s) in enumerate(
                zip(columns.claim.tolist(), columns.source.tolist(), strict=True)
            )
        }

    same_claims = (
        set(a.claim_ids) == set(b.claim_ids) if claims_in_any_order else a.claim_ids == b.claim_ids
    )
    return (
        same_claims
        and a.source_ids == b.source_ids
        and np.array_equal(a.group, b.group)
        and reports(a) == reports(b)
    )
