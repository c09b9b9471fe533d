"""`provenance check --engine …`: the graph engines (auto, records, columns) print the
same table and JSON; the table engines (table, dask) are held to their numbers, order
and failure lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import provenance as pv
from provenance.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "pow_article.yaml"
ENGINES = ("auto", "records", "columns")
NUMBERS = ("claim", "independent", "independent_max", "credibility", "flags")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def numbers(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(row[k] for k in (*NUMBERS, "support", "own_support")) for row in rows]


@pytest.fixture
def seed_table(tmp_path: Path) -> str:
    """The seed story as a CSV table set."""
    return str(pv.load(SEED).save(tmp_path / "story.csv"))


@pytest.mark.parametrize("story", [str(SEED), "table"])
@pytest.mark.parametrize("flags", [[], ["--json"], ["--fail-on", "hedged"]])
def test_the_graph_engines_print_the_same_table_and_json(
    capsys: pytest.CaptureFixture[str], seed_table: str, story: str, flags: list[str]
) -> None:
    path = seed_table if story == "table" else story
    printed = [run(capsys, "check", path, *flags, "--engine", engine) for engine in ENGINES]
    assert printed[0][1] and all(p == printed[0] for p in printed), ENGINES
    _, default_out, _ = run(capsys, "check", path, *flags)
    assert default_out == printed[0][1]


def test_columns_gives_the_records_numbers_in_the_records_order(
    capsys: pytest.CaptureFixture[str], seed_table: str
) -> None:
    _, records, _ = run(capsys, "check", seed_table, "--json")
    status, columns, err = run(capsys, "check", seed_table, "--json", "--engine", "table")
    assert status == 0 and err == ""
    expected, got = json.loads(records), json.loads(columns)
    assert numbers(got) == numbers(expected)
    assert got[0]["claim"] == "evacuated"  # weakest first, as records
    assert "lines" not in got[0]  # what a record holds, the engine does not


def test_columns_table_and_failure_line(
    capsys: pytest.CaptureFixture[str], seed_table: str
) -> None:
    status, out, err = run(capsys, "check", seed_table, "--engine", "table")
    lines = out.splitlines()
    assert lines[0].split() == ["claim", "lines", "support", "credibility", "flags"]
    assert [line.split()[0] for line in lines[1:]][:3] == ["evacuated", "first-capture", "injured"]
    assert len(lines) == 1 + len(pv.load(SEED).claims)
    _, _, records_err = run(capsys, "check", seed_table, "--fail-on", "hedged")
    status, _, err = run(capsys, "check", seed_table, "--engine", "table", "--fail-on", "hedged")
    assert status == 1 and err == records_err
    assert "2 claim(s) flagged hedged: evacuated (hedged), injured (hedged)" in err


def test_dask_reads_a_parquet_folder_and_its_siblings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_table: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    reports = pd.read_csv(seed_table, dtype=str, keep_default_na=False).replace("", None)
    reports.iloc[::2].to_parquet(folder / "part-0.parquet")
    reports.iloc[1::2].to_parquet(folder / "part-1.parquet")
    for name in ("sources", "claims"):
        sibling = pd.read_csv(Path(seed_table).with_suffix(f".{name}.csv"), dtype=str)
        sibling.to_parquet(tmp_path / f"reports.{name}.parquet")
    _, columns, _ = run(capsys, "check", seed_table, "--json", "--engine", "table")
    status, dask, err = run(capsys, "check", str(folder), "--json", "--engine", "dask")
    assert status == 0 and err == ""
    assert numbers(json.loads(dask)) == numbers(json.loads(columns))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--engine", "table", "--suspect"], "--suspect works with the engines that read a graph"),
        (["--engine", "dask", "--duplicates", "skip"], "do not apply to --engine dask"),
    ],
)
def test_what_an_engine_cannot_do_is_one_line(
    capsys: pytest.CaptureFixture[str], seed_table: str, argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, "check", seed_table, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_dask_on_no_folder_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "check", str(tmp_path / "nowhere"), "--engine", "dask")
    assert status == 2 and err.count("\n") == 1 and "a folder of Parquet files" in err


def test_dask_on_a_table_file_points_to_the_table_engine(
    capsys: pytest.CaptureFixture[str], seed_table: str
) -> None:
    status, out, err = run(capsys, "check", seed_table, "--engine", "dask")
    assert status == 2 and out == "" and err.count("\n") == 1
    assert "not a .csv file" in err and "--engine table" in err


def test_a_missing_extra_is_one_line(
    capsys: pytest.CaptureFixture[str], seed_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    status, _, err = run(capsys, "check", seed_table, "--engine", "table")
    assert status == 2 and err.count("\n") == 1
    assert err.rstrip().endswith("python -m pip install 'provenance-graph[columns]'")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda f: (f / "part-0.parquet").write_text("garbage"), "cannot read the Parquet files"),
        (lambda f: (f / "notes.txt").write_text("x"), "cannot read the Parquet files"),
        (
            lambda f: pd.DataFrame({"x": [1]}).to_parquet(f / "part-0.parquet"),
            "the reports have no 'source' or 'claim' column (they have 'x')",
        ),
        (
            lambda f: (
                pd.DataFrame({"source": ["a"], "claim": ["c"]}).to_parquet(f / "p.parquet"),
                (f.parent / "reports.sources.parquet").write_text("garbage"),
            ),
            "reports.sources.parquet: cannot read the table",
        ),
    ],
)
def test_unreadable_parquet_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Any, message: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    make(folder)
    status, out, err = run(capsys, "check", str(folder), "--engine", "dask")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_the_table_engines_note_a_table_with_no_sources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without a sources table every source is ungraded and ungrouped: said once, on
    stderr, naming the table that would change it; an empty one says nothing is known."""
    table = tmp_path / "reports.csv"
    table.write_text("source,claim,via\na,c,w\nb,c,w\n", encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    pd.read_csv(table).to_parquet(folder / "part-0.parquet")
    for path, engine, sibling in [
        (table, "table", "reports.sources.csv"),
        (folder, "dask", "reports.sources.parquet"),
    ]:
        status, out, err = run(capsys, "check", str(path), "--engine", engine)
        assert status == 0 and out
        assert err == (
            f"provenance: note: {path}: no sources table: every source is scored ungraded "
            "and ungrouped (two outlets of one group count as two lines); "
            f"put {sibling} beside it to "
            "weigh grades and groups\n"
        )
    table.with_suffix(".sources.csv").write_text("id\n", encoding="utf-8")
    pd.DataFrame({"id": pd.Series([], dtype=str)}).to_parquet(tmp_path / "reports.sources.parquet")
    for path, engine in [(table, "table"), (folder, "dask")]:
        status, out, err = run(capsys, "check", str(path), "--engine", engine)
        assert status == 0 and out and err == ""
