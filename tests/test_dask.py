"""Scale-out on Dask: every claim's row equals the single-machine one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
import pyarrow.csv
import pytest
from hypothesis import HealthCheck, given, settings

import provenance as pv
from benchmarks.synthetic import corpus
from tests.strategies import corpora
from tests.test_columns import AS_WRITTEN


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
    assert len(rows) == len(g.claim_ids)
    assert rows == _single(path)
    assert any(row["contradicted"] for row in rows)


def test_without_dask_one_line_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(pv.MissingDependencyError) as error:
        pv.dask.assess(None)
    assert str(error.value).endswith("python -m pip install 'provenance-graph[dask]'")
