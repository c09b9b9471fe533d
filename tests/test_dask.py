"""Scale-out on Dask: every claim's row equals the single-machine one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.csv
import pytest
from hypothesis import HealthCheck, given, settings

import provenance as pv
import provenance.dask
from benchmarks.synthetic import corpus
from provenance.records import claim_ids
from tests.strategies import corpora
from tests.test_columns import AS_WRITTEN, MALFORMED, WITHOUT_SOURCES, _malformed


def _tables(path: Path) -> dict[str, pd.DataFrame]:
    options = pyarrow.csv.ConvertOptions(
        strings_can_be_null=True, null_values=[""], column_types=AS_WRITTEN
    )
    return {
        name: pyarrow.csv.read_csv(
            path if name == "reports" else path.with_suffix(f".{name}.csv"),
            convert_options=options,
        ).to_pandas()
        for name in ("reports", "sources", "claims", "contradictions")
    }


def _on_dask(path: Path, npartitions: int, client: Any = None) -> list[dict[str, Any]]:
    tables = _tables(path)
    reports = dd.from_pandas(tables["reports"], npartitions=npartitions)
    result = pv.dask.assess(
        reports,
        sources=tables["sources"],
        claims=tables["claims"],
        contradictions=tables["contradictions"],
        client=client,
    )
    frame = result.compute() if client is None else client.compute(result).result()
    rows: list[dict[str, Any]] = frame.sort_values("claim").to_dict("records")
    for row in rows:
        row["flags"] = list(row["flags"])
    return rows


def _single(path: Path) -> list[dict[str, Any]]:
    return sorted(pv.assess_table(path).to_pylist(), key=lambda row: row["claim"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(corpora(copies=False))
def test_dask_equals_one_machine_on_every_claim(tmp_path: Path, g: pv.ProvenanceGraph) -> None:
    """Partitions split claims apart from their rivals: the rivals are still weighed."""
    path = tmp_path / "story.csv"
    g.save(path)
    assert _on_dask(path, npartitions=3) == _single(path)


def test_a_corpus_on_a_two_worker_cluster(tmp_path: Path) -> None:
    """Processes, as on a cluster: every claim's result equals the single-machine one."""
    distributed = pytest.importorskip("distributed")
    g = corpus(20_000, seed=4).graph()
    path = tmp_path / "corpus.csv"
    g.save(path)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        distributed.Client(cluster) as client,
    ):
        rows = _on_dask(path, npartitions=4, client=client)
    assert len(rows) == len(claim_ids(g))
    assert rows == _single(path)
    assert any(row["contradicted"] for row in rows)


def test_without_dask_one_line_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(pv.MissingDependencyError) as error:
        pv.dask.assess(None)
    assert str(error.value).endswith("python -m pip install 'provenance-graph[dask]'")


# ------------------------------------------- malformed frames: the errors assess_table gives


def _error(run: Any) -> str:
    with pytest.raises(pv.ProvenanceError) as error:
        run()
    return str(error.value)


@pytest.mark.filterwarnings(WITHOUT_SOURCES)
def test_an_error_names_the_row_of_the_users_frame() -> None:
    """The shuffle moves a bad row into another partition at another place: the error
    still names its row in the frame the user gave, as assess_table does."""
    n = 10_000
    frame = pd.DataFrame(
        {
            "source": [f"s{i}" for i in range(n)],
            "claim": [f"c{i % 50}" for i in range(n)],
            "hedge": ["asserted"] * n,
        }
    )
    frame.loc[7_778, "hedge"] = "kinda"
    expected = _error(lambda: pv.assess_table(frame))
    assert expected.startswith("the reports table, line 7779: unknown hedge 'kinda'")
    reports = dd.from_pandas(frame, npartitions=4)
    for npartitions in (4, 7):
        with pytest.raises(pv.FormatError) as shuffled:
            provenance.dask.assess(reports, npartitions=npartitions).compute()
        assert str(shuffled.value) == expected
    # A row of a claim with rivals is gathered and scored apart: named as well.
    contradictions = pd.DataFrame({"a": ["c28"], "b": ["c29"]})
    got = _error(lambda: provenance.dask.assess(reports, contradictions=contradictions).compute())
    assert got == expected


@pytest.mark.filterwarnings(WITHOUT_SOURCES)
@pytest.mark.parametrize(
    ("contradictions", "claims"),
    [
        (pd.DataFrame({"a": ["c"], "b": ["zz"]}), None),
        (pd.DataFrame({"a": ["c", "zz"], "b": ["d", "c"]}), pd.DataFrame({"id": ["d"]})),
        (pd.DataFrame({"a": ["c"], "b": ["a"]}), None),  # a source, not a claim
        (pd.DataFrame({"a": ["c"], "b": ["c"]}), None),
        (pd.DataFrame({"a": ["c", 1], "b": ["d", "e"]}), pd.DataFrame({"id": ["d", "e"]})),
    ],
)
def test_a_bad_contradiction_is_refused_as_assess_table_refuses_it(
    contradictions: pd.DataFrame, claims: pd.DataFrame | None
) -> None:
    frame = pd.DataFrame({"source": ["a", "b"], "claim": ["c", "c"]})
    expected = _error(lambda: pv.assess_table(frame, claims=claims, contradictions=contradictions))
    reports = dd.from_pandas(frame, npartitions=2)
    got = _error(
        lambda: provenance.dask.assess(
            reports, claims=claims, contradictions=contradictions
        ).compute()
    )
    assert got == expected and "the contradictions table, line" in got


@pytest.mark.filterwarnings(WITHOUT_SOURCES)
@pytest.mark.parametrize(("column", "cells", "type"), MALFORMED, ids=repr)
def test_a_malformed_column_gives_assess_tables_error(
    column: str, cells: list[Any], type: Any
) -> None:
    """Every malformed frame of test_columns, on Dask (its columns kept as typed: see
    docs/reliability.md on Dask's conversion of object columns to text)."""
    data = _malformed(column, cells, type)
    expected = _error(lambda: pv.assess_table(data))
    if isinstance(data, pa.Table):
        data = data.to_pandas(types_mapper=pd.ArrowDtype)
    with dask.config.set({"dataframe.convert-string": False}):
        reports = dd.from_pandas(data, npartitions=2)
        # Shuffled into one partition: where both rows are bad, the first is named.
        assert _error(lambda: provenance.dask.assess(reports, npartitions=1).compute()) == expected


def test_malformed_siblings_and_columns_named_twice() -> None:
    reports = dd.from_pandas(pd.DataFrame({"source": ["a"], "claim": ["c"]}), npartitions=1)
    got = _error(lambda: provenance.dask.assess(reports, sources=pd.DataFrame({"id": ["a", 2]})))
    assert got.startswith("the sources table, line 2: id must be a non-empty string")
    claims = pa.table({"id": ["c", "c\0"]})
    assert "the claims table, line 2: id must not hold a NUL" in _error(
        lambda: provenance.dask.assess(reports, claims=claims)
    )
    twice = pd.DataFrame([["a", "c", "wire", "x"]], columns=["source", "claim", "via", "via"])
    with dask.config.set({"dataframe.convert-string": False}):
        frame = dd.from_pandas(twice, npartitions=1)
    assert _error(lambda: provenance.dask.assess(frame)) == (
        "the reports table: column 'via' is given twice; a table names each column once"
    )


@pytest.mark.filterwarnings(WITHOUT_SOURCES)
def test_a_claim_that_is_no_id_is_named_past_every_eager_step() -> None:
    """Listing the claims a claims table declares and gathering the rivals' reports
    hash the claims: a list there is the row reader's error, not pandas'."""
    frame = pd.DataFrame({"source": ["a", "b", "d"], "claim": ["c", ["x"], "e"]})
    siblings: dict[str, Any] = {
        "claims": pd.DataFrame({"id": ["c", "e", "f"]}),
        "contradictions": pd.DataFrame({"a": ["c"], "b": ["e"]}),
    }
    expected = _error(lambda: pv.assess_table(frame, **siblings))
    assert expected.startswith("the reports table, line 2: claim must be a non-empty string")
    with dask.config.set({"dataframe.convert-string": False}):
        reports = dd.from_pandas(frame, npartitions=2)
        assert _error(lambda: provenance.dask.assess(reports, **siblings).compute()) == expected


def test_reports_without_sources_are_said_to_be_ungraded_and_ungrouped() -> None:
    reports = dd.from_pandas(
        pd.DataFrame({"source": ["a", "b"], "claim": ["c", "c"], "firsthand": [True, True]}),
        npartitions=1,
    )
    with pytest.warns(pv.ProvenanceWarning, match=r"^the reports table: no sources table: "):
        result = pv.dask.assess(reports)
    assert result.compute()["independent"].tolist() == [2]
    owned = pd.DataFrame({"id": ["a", "b"], "group": ["owner", "owner"]})
    assert pv.dask.assess(reports, sources=owned).compute()["independent"].tolist() == [1]
    empty = pd.DataFrame({"id": pd.Series([], dtype=str)})
    assert pv.dask.assess(reports, sources=empty).compute()["independent"].tolist() == [2]
