"""Tables in, a table out: `assess_table` against the per-claim engine, and its errors."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
from tests.strategies import corpora

# Dates as written: a column mixing dates and datetimes is otherwise inferred as
# timestamps, and 2000-01-01 would become midnight — another table than the one saved.
AS_WRITTEN = {"published": pa.string(), "retracted": pa.string()}


def _expected(g: pv.ProvenanceGraph) -> list[dict[str, Any]]:
    return [
        {
            "claim": c.claim,
            "independent": c.independent,
            "independent_max": c.independent_max,
            "independent_likely": c.independent_likely,
            "support": c.support,
            "own_support": c.own_support,
            "credibility": int(c.credibility),
            "flags": [f.value for f in c.flags],
            "declared": bool(c.origins),  # an origin reaching a report: a proven line
            **{flag.value: flag in c.flags for flag in pv.Flag},
        }
        for c in g.assess().values()
    ]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(corpora(), st.sampled_from([".csv", ".parquet", "arrow", "pandas"]))
def test_assess_table_equals_the_per_claim_engine(
    tmp_path: Path, g: pv.ProvenanceGraph, form: str
) -> None:
    """Whatever form the table takes, every claim's row holds what `assess()` says of
    the graph the table was saved from."""
    path = tmp_path / "story.csv"
    g.save(path)
    if form == ".csv":
        data: Any = path
    else:
        tables = {
            name: pyarrow.csv.read_csv(
                path.with_suffix(f".{name}.csv") if name != "reports" else path,
                convert_options=pyarrow.csv.ConvertOptions(
                    strings_can_be_null=True, null_values=[""], column_types=AS_WRITTEN
                ),
            )
            for name in ("reports", "sources", "claims", "contradictions")
        }
        if form == ".parquet":
            for name, table in tables.items():
                target = path.with_suffix(".parquet" if name == "reports" else f".{name}.parquet")
                pyarrow.parquet.write_table(table, target)
            data = path.with_suffix(".parquet")
            if g.suspected():  # the one sibling the columns leave to the records
                return
        else:
            if g.suspected():
                return
            reports, sources, claims, contradictions = (
                tables[name] if form == "arrow" else tables[name].to_pandas()
                for name in ("reports", "sources", "claims", "contradictions")
            )
            assert pv.assess_table(
                reports, sources=sources, claims=claims, contradictions=contradictions
            ).to_pylist() == _expected(g)
            return
    assert pv.assess_table(data).to_pylist() == _expected(g)


def test_typed_parquet_columns(tmp_path: Path) -> None:
    """Booleans, dates, timestamps and lists of ids, as Parquet stores them."""
    reports = pa.table(
        {
            "source": ["article", "wire", "blog"],
            "claim": ["c", "c", "c"],
            "via": [["wire", "gov"], [], None],
            "observed": [True, None, True],
            "firsthand": [False, True, None],
            "published": pa.array(
                [dt.datetime(2024, 12, 2, 9), dt.datetime(2024, 12, 1, 9), None],
                pa.timestamp("us"),
            ),
        }
    )
    pyarrow.parquet.write_table(reports, tmp_path / "t.parquet")
    g = pv.ProvenanceGraph()
    for source in ("article", "wire", "gov", "blog"):
        _ = g.add_source(source)
    _ = g.add_claim("c")
    _ = g.add_report("article", "c", via=["wire", "gov"], published="2024-12-02T09:00")
    _ = g.add_report("wire", "c", firsthand=True, published="2024-12-01T09:00")
    _ = g.add_report("blog", "c")
    assert pv.assess_table(tmp_path / "t.parquet").to_pylist() == _expected(g)


def test_a_graph_goes_through_the_same_engine() -> None:
    g = pv.load("examples/pow_article.yaml")
    assert pv.assess_table(g).to_pylist() == _expected(g)


BAD_ROWS = [
    "a,c,,kinda,,,,,,,,,\n",  # unknown hedge
    "a,c,,,,2024-13-40,,,,,,,\n",  # bad date
    "a,c,,,,,,,maybe,,,,\n",  # bad boolean
    "a,c,a,,,,,,,,,,\n",  # cites itself
    "b,c,,,,,,,,,,,\n",  # a second report by b
    " a,c,,,,,,,,,,,\n",  # an id with a space
    "a,c,,,,,,,,,,,,extra\n",  # more cells than the header
    "a,,,,,,,,,,,,\n",  # no claim
]
HEADER = (
    "source,claim,via,hedge,hedge_text,published,url,quote,observed,firsthand,retracted,text,"
    "implicit\n"
)


@pytest.mark.parametrize("bad", BAD_ROWS)
def test_a_bad_row_gives_the_row_readers_error(tmp_path: Path, bad: str) -> None:
    """The located error (file, line, value) is the one `load` gives, and nothing is
    scored: all or nothing."""
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "b,c,,,,,,,,true,,,\n" + bad + "d,c,b,,,,,,,,,,\n")
    with pytest.raises(pv.FormatError) as expected:
        pv.load(path)
    with pytest.raises(pv.FormatError) as got:
        pv.assess_table(path)
    assert str(got.value) == str(expected.value)
    assert "line 3" in str(got.value)


def test_arrow_gets_its_own_pool_back_after_a_read(tmp_path: Path) -> None:
    """Tables are read and coded with malloc (see provenance.columns.pool); the process's
    default pool is put back after, also when the read fails."""
    before = pa.default_memory_pool().backend_name
    path = tmp_path / "t.csv"
    path.write_text("source,claim,via\nb,c,\nd,c,b\n")
    seen: list[str] = []
    real = pyarrow.csv.read_csv

    def reading(*args: Any, **kwargs: Any) -> Any:
        seen.append(pa.default_memory_pool().backend_name)
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pyarrow.csv, "read_csv", reading)
        assert pv.assess_table(path).num_rows == 1
    assert seen == ["system"] and pa.default_memory_pool().backend_name == before
    path.write_text(HEADER + "b,c,,kinda,,,,,,,,,\n")
    with pytest.raises(pv.FormatError):
        pv.assess_table(path)
    assert pa.default_memory_pool().backend_name == before


@pytest.mark.parametrize(
    ("sibling", "text", "where"),
    [
        ("sources", "id,name\na,A\nb,B\na,A2\n", "t.sources.csv, line 4: source 'a'"),
        ("claims", "id,text\nc,x\nc,y\n", "t.claims.csv, line 3: claim 'c'"),
    ],
)
def test_an_id_declared_twice_gives_loads_error(
    tmp_path: Path, sibling: str, text: str, where: str
) -> None:
    (tmp_path / "t.csv").write_text("source,claim,via\na,c,\nb,c,a\n")
    (tmp_path / f"t.{sibling}.csv").write_text(text)
    with pytest.raises(pv.FormatError) as expected:
        pv.load(tmp_path / "t.csv")
    with pytest.raises(pv.FormatError) as got:
        pv.assess_table(tmp_path / "t.csv")
    assert str(got.value) == str(expected.value)
    assert where in str(got.value)


def test_readers_on_several_threads_leave_arrows_pool_as_it_was() -> None:
    from concurrent.futures import ThreadPoolExecutor

    before = pa.default_memory_pool().backend_name
    table = pa.table({"source": ["a", "b"] * 500, "claim": [f"c{i // 2}" for i in range(1000)]})
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: pv.assess_table(table).num_rows, range(16)))
    assert results == [500] * 16
    assert pa.default_memory_pool().backend_name == before


def test_a_bad_row_in_memory_names_its_row() -> None:
    table = pa.table({"source": ["a", "b"], "claim": ["c", "c"], "hedge": ["reportedly", "kinda"]})
    with pytest.raises(pv.FormatError, match=r"line 2: unknown hedge 'kinda'"):
        pv.assess_table(table)


@pytest.mark.parametrize("text", ["", " \r\n"])
def test_an_empty_csv_is_refused_as_load_refuses_it(tmp_path: Path, text: str) -> None:
    """A table has a header at least: a file with nothing in it was never written whole.
    A header alone is a table of no rows."""
    path = tmp_path / "reports.csv"
    path.write_text(text)
    for read in (pv.load, pv.read_reports, pv.assess_table):
        with pytest.raises(pv.FormatError, match=r"reports\.csv: the file is empty"):
            read(path)
    path.write_text("source,claim,via\n")
    assert pv.assess_table(path).num_rows == 0 and pv.read_reports(path).claim_ids == []


def test_an_unknown_input_is_named() -> None:
    with pytest.raises(pv.ValidationError, match="got list"):
        pv.assess_table([{"source": "a", "claim": "c"}])


def test_without_pyarrow_one_line_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(pv.MissingDependencyError) as error:
        pv.assess_table(pa.table({"source": ["a"], "claim": ["c"]}))
    assert str(error.value).endswith("python -m pip install 'provenance-graph[columns]'")
    assert "\n" not in str(error.value)


CELLS = st.sampled_from(
    [
        "",
        " ",
        "a",
        " a",
        "a ",
        "b",
        "c",
        "a;b",
        ";",
        "a;a",
        "true",
        "TRUE",
        "no",
        "maybe",
        "reportedly",
        "appeared to",
        "kinda",
        "2024-12-26",
        "2024-12-26T09:30Z",
        "2024-13-01",
        "x" * 3,
        "é",
        "\u00a0x",
        "1",
        "0",
        '"',
        "a\nb",
        "B",
        "Z",
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 4), st.integers(0, 12), CELLS)
def test_any_damaged_cell_gives_what_load_gives(
    tmp_path: Path, row: int, column: int, cell: str
) -> None:
    """All or nothing, and the same words: a table `load` refuses, `assess_table`
    refuses with the same message; a table `load` reads, it scores as `assess()` does."""
    rows = [
        ["b", "c", "", "", "", "", "", "", "", "true", "", "", ""],
        ["a", "c", "b", "reportedly", "", "2024-12-27", "", "", "", "", "", "", ""],
        ["d", "c", "a;b", "", "", "", "", "", "false", "", "", "", ""],
        ["e", "c2", "", "", "", "", "", "", "", "", "", "", ""],
        ["b", "c2", "", "", "", "", "", "", "", "true", "2024-12-30", "", ""],
    ]
    rows[row][column] = cell
    path = tmp_path / "t.csv"
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER.strip().split(","))
        writer.writerows(rows)
    loaded: pv.ProvenanceGraph | pv.ProvenanceError
    try:
        loaded = pv.load(path)
    except pv.ProvenanceError as error:
        loaded = error
    if isinstance(loaded, pv.ProvenanceError):
        with pytest.raises(type(loaded)) as got:
            pv.assess_table(path)
        assert str(got.value) == str(loaded)
    else:
        assert pv.assess_table(path).to_pylist() == _expected(loaded)


def test_repeated_rows_and_placeholders_are_taken_as_asked(tmp_path: Path) -> None:
    """An export with a repeated row, a self-citation and ROOT parents: refused by
    default, read under the rules as the row reader reads it, and said."""
    path = tmp_path / "cascade.csv"
    path.write_text(
        "source,claim,via\n"
        "root,t1,ROOT\n"
        "a,t1,root\n"
        "a,t1,root\n"  # exported twice
        "b,t1,b;a\n"  # a self-loop
        "c,t1,root\n",
        encoding="utf-8",
    )
    with pytest.raises(pv.FormatError, match=r"cascade\.csv, line \d"):
        pv.assess_table(path)
    for duplicates in ("skip", "merge"):
        with pytest.warns(pv.ProvenanceWarning, match="1 repeated row"):
            got = pv.assess_table(path, duplicates=duplicates, placeholders=["ROOT"])
        with pytest.warns(pv.ProvenanceWarning):
            g = pv.read_reports(path, duplicates=duplicates, placeholders=["ROOT"])
        assert "ROOT" not in g
        expected = g.corroboration("t1").to_dict()
        (row,) = got.to_pylist()
        assert row["independent"] == expected["independent"]
        assert row["flags"] == expected["flags"]
        assert row["support"] == expected["support"]
    table = pa.table({"source": ["a", "b"], "claim": ["c", "c"], "via": ["ROOT", "a"]})
    with pytest.warns(pv.ProvenanceWarning, match="placeholder"):
        (row,) = pv.assess_table(table, placeholders=["ROOT"]).to_pylist()
    assert "unsourced" in row["flags"]  # a's ROOT parent is no source
    with pytest.raises(pv.ValidationError, match="duplicates"):
        pv.assess_table(table, duplicates="drop")


def test_rules_leave_a_clean_table_at_column_speed(tmp_path: Path) -> None:
    table = pa.table({"source": ["a", "b"], "claim": ["c", "c"], "via": [None, "a"]})
    plain = pv.assess_table(table)
    assert pv.assess_table(table, duplicates="skip", placeholders=["ROOT"]).equals(plain)
