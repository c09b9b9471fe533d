"""Dask scale-out: a corpus written as Parquet partitions, scored on one and two workers.

The corpus is the synthetic generator's (benchmarks/synthetic.py), one seeded corpus per
partition with its ids prefixed by the partition (``p3.c12``), so any size can be made a
partition at a time. Reports go to ``DIR/reports/part-K-I.parquet``, files of at most
250,000 reports (via as lists of ids, dates as dates); sources and contradictions to
``DIR/sources.parquet`` and ``DIR/contradictions.parquet``.

Each run starts a ``distributed.LocalCluster`` of worker processes (one thread each),
calls ``pv.dask.assess`` on the folder and writes the result to Parquet. Peak memory is
the largest sum, over the run, of the resident memory of this process and every process
it started (scheduler and workers), sampled every 0.2 s.

    python -m benchmarks.dask_scale                                  # 10M reports
    python -m benchmarks.dask_scale --reports 20000 --partitions 4   # the CI smoke run
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import provenance as pv
from benchmarks.synthetic import corpus

FILE_ROWS = 250_000


def generate(folder: Path, n_reports: int, partitions: int) -> tuple[int, int]:
    """Write the corpus; returns (reports, claims) written."""
    (folder / "reports").mkdir(parents=True)
    sources: dict[str, list[Any]] = {"id": [], "group": [], "reliability": []}
    contradictions: dict[str, list[str]] = {"a": [], "b": []}
    n_written = n_claims = 0
    for k in range(partitions):
        data = corpus(n_reports // partitions, seed=k)
        prefix = f"p{k}."
        table = pa.table(
            {
                "source": [prefix + r["source"] for r in data.reports],
                "claim": [prefix + r["claim"] for r in data.reports],
                "via": [[prefix + v for v in r["via"]] for r in data.reports],
                "hedge": [r["hedge"] for r in data.reports],
                "observed": [r["observed"] for r in data.reports],
                "firsthand": [r["firsthand"] for r in data.reports],
                "published": pa.array([r["published"] for r in data.reports], pa.date32()),
            }
        )
        # Files of a quarter million reports: a worker holds a few at a time.
        for i, start in enumerate(range(0, table.num_rows, FILE_ROWS)):
            target = folder / "reports" / f"part-{k:03d}-{i:02d}.parquet"
            pq.write_table(table.slice(start, FILE_ROWS), target)
        for s in data.sources:
            sources["id"].append(prefix + s["id"])
            sources["group"].append(None if s["group"] is None else prefix + s["group"])
            sources["reliability"].append(s["reliability"])
        for a, b in data.contradictions:
            contradictions["a"].append(prefix + a)
            contradictions["b"].append(prefix + b)
        n_written += len(data.reports)
        n_claims += len(data.claims)
    pq.write_table(pa.table(sources), folder / "sources.parquet")
    pq.write_table(pa.table(contradictions), folder / "contradictions.parquet")
    return n_written, n_claims


class _PeakMemory:
    """The largest total resident memory of this process and its children, sampled."""

    def __init__(self) -> None:
        import psutil

        self.process, self.peak, self._done = psutil.Process(), 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._done.wait(0.2):
            total = 0
            for p in [self.process, *self.process.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def run(folder: Path, workers: int) -> tuple[float, float, int]:
    """(seconds, peak MiB of all processes, claims scored) on `workers` local workers."""
    import distributed

    out = folder / f"result-{workers}"
    with (
        _PeakMemory() as memory,
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        start = time.perf_counter()
        result = pv.dask.assess(
            folder / "reports",
            sources=pq.read_table(folder / "sources.parquet"),
            contradictions=pq.read_table(folder / "contradictions.parquet"),
            client=client,
        )
        client.compute(result.to_parquet(out, compute=False)).result()
        seconds = time.perf_counter() - start
    claims = pq.read_table(out, columns=["claim"]).num_rows
    return seconds, memory.peak / 2**20, claims


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000_000)
    parser.add_argument("--partitions", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=None, help="keep the corpus here")
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="provenance-dask-"))
    try:
        if not (folder / "reports").exists():
            start = time.perf_counter()
            n_reports, n_claims = generate(folder, args.reports, args.partitions)
            print(
                f"wrote {n_reports:,} reports on {n_claims:,} claims in {args.partitions} "
                f"Parquet partitions ({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
        else:
            claims = pq.read_table(folder / "reports", columns=["claim"]).column(0)
            n_claims = len(claims.unique())
        print(f"{'workers':>8}  {'seconds':>9}  {'peak MiB':>9}  {'claims':>11}  {'speed-up':>9}")
        first = None
        for workers in (1, 2):
            seconds, peak, claims = run(folder, workers)
            if claims != n_claims:
                raise SystemExit(f"scored {claims:,} claims of {n_claims:,}")
            first = first or seconds
            print(
                f"{workers:>8}  {seconds:>9.1f}  {peak:>9,.0f}  {claims:>11,}  "
                f"{first / seconds:>8.2f}x",
                flush=True,
            )
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
