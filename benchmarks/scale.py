"""Scale: build and assess time, peak memory and throughput, against a baseline and a floor.

For each size, the same seeded synthetic corpus (benchmarks/synthetic.py) is handed to
three implementations, each in a fresh process so that peak resident memory is its own:

- ours: ``Corpus.graph()`` (the public bulk API, every row validated) then ``assess()``
  (``engine="auto"``: the columnar engine from 2,000 claims to score, each record's detail
  worked out on first use), and beside it ``engine="records"`` (the per-claim engine
  alone) and ``claim_scores()`` (the numbers alone);
- baseline: per-claim ``networkx.maximum_flow_value`` on the node-split graph
  (tests/reference.py), timed over every claim up to 100k reports and over a random
  sample of claims above (then scaled up, marked "est.");
- floor: a bare ``nx.MultiDiGraph`` with the same nodes and edges and nothing else.

Both implementations must agree on every claim's independent lines (on the sample above
100k reports). Also timed: adding one report and re-assessing the claim it touches,
against a full ``assess()`` of the same graph.

Then the columnar engine, on the same corpus written as a CSV table set, each in a
fresh process again:

- read: ``pyarrow.csv.read_csv`` of the report table alone (the reading floor);
- columns: ``pv.assess_table(path)`` (read, check, code, score: one row per claim), and
  ``score_columns`` alone on the coded columns (the assess step);

with the ratios the columnar-engine issue set: load + assess against the read, assess
against the per-claim networkx baseline, peak memory (the whole process, imports
included), time per report against the first size. Its results must equal the
per-claim engine's on every claim.

With ``--against REV`` the same workers also run on the code of git revision REV (its
own ``benchmarks/scale.py``, unpacked to a temporary folder), in the same run, and a
last table sets each measurement beside REV's: no regression means every ratio near 1.

    python -m benchmarks.scale                       # 10k, 100k, 1M reports
    python -m benchmarks.scale --sizes 2000          # the CI smoke run
    python -m benchmarks.scale --sizes 100000 --against c5ed0fe
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

import provenance as pv
from benchmarks import git_unpack
from benchmarks.synthetic import Corpus, corpus
from provenance.assessing import Engine
from provenance.scoring.score import scorer_of

ROOT = Path(__file__).resolve().parent.parent
FULL_BASELINE_UP_TO = 100_000


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _floor(data: Corpus) -> nx.MultiDiGraph[str]:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from(s["id"] for s in data.sources)
    graph.add_nodes_from(data.claims)
    for r in data.reports:
        source, claim = r["source"], r["claim"]
        graph.add_edge(source, claim, key=claim)
        for upstream in r["via"]:
            graph.add_edge(upstream, source, key=claim)
            if not graph.has_edge(upstream, claim, key=claim):
                graph.add_edge(upstream, claim, key=claim)
    for a, b in data.contradictions:
        graph.add_edge(a, b, key="contradicts")
        graph.add_edge(b, a, key="contradicts")
    return graph


def worker(kind: str, size: int, sample: int) -> dict[str, Any]:
    """Run one implementation on one corpus; the numbers as a dict.

    A run below 1M reports takes a second or less, too short to time once: the times
    are the median of 11 runs below 100k reports and of 3 at 100k, each on a fresh graph.
    """
    if kind in ("read", "columns"):  # from the file: the corpus is never in this process
        return _columns_worker(kind, size)
    data = corpus(size, seed=size)
    before = _rss_mib()
    result: dict[str, Any] = {"reports": len(data.reports), "claims": len(data.claims)}
    repeats = 11 if size < FULL_BASELINE_UP_TO else 3 if size < 1_000_000 else 1
    if kind == "floor":
        result["build"] = _median(repeats, lambda: _floor(data))[0]
        result["peak_mib"] = _peak_mib() - before
        return result
    result["build"], graph = _median(repeats, data.graph)
    if kind == "ours":

        def assess(engine: Engine = "auto") -> Any:
            scorer_of(graph).clear()  # score afresh each time
            return pv.assess(graph, engine=engine)

        result["assess"], assessed = _median(repeats, assess)
        result["peak_mib"] = _peak_mib() - before
        result["independent"] = {c: r.independent for c, r in assessed.items()}
        # Beside it (after the peak is read): every claim by the per-claim engine, and
        # the columnar engine's numbers alone.
        result["per_claim"], by_claim = _median(repeats, lambda: assess("records"))
        result["value_only"], scores = _median(repeats, lambda: pv.claim_scores(graph))
        expected = [r.independent for r in by_claim.values()]
        if [r.independent for r in assessed.values()] != expected:
            raise SystemExit(f"assess() disagrees with the per-claim engine at {size}")
        if scores.independent.tolist() != expected:
            raise SystemExit(f"claim_scores() disagrees with assess() at {size}")
        result["incremental"] = _incremental(graph, data)
        return result
    from tests.reference import reference_independent

    claims = data.claims
    if len(data.reports) > FULL_BASELINE_UP_TO:
        claims = random.Random(size).sample(claims, min(sample, len(claims)))
    start = time.perf_counter()
    result["independent"] = {c: reference_independent(graph, c) for c in claims}
    result["assess"] = (time.perf_counter() - start) * len(data.claims) / len(claims)
    result["estimated"] = len(claims) < len(data.claims)
    return result


def _table_path(size: int) -> Path:
    return Path(os.environ.get("PROVENANCE_BENCH_DIR", "/tmp")) / f"scale-{size}" / "corpus.csv"


def _write_table(size: int) -> Path:
    """The corpus of `size` as a CSV table set (written once, kept for the workers)."""
    path = _table_path(size)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        corpus(size, seed=size).graph().save(path)
    return path


def _columns_worker(kind: str, size: int) -> dict[str, Any]:
    import pyarrow.compute
    import pyarrow.csv
    import pyarrow.parquet
    import scipy.sparse.csgraph  # noqa: F401 - imported before the clock starts, as read's are

    import provenance as pv
    from provenance.engine import score_columns

    path = _table_path(size)
    # One tiny call first: both libraries set up their kernels and threads on first use.
    pyarrow.csv.read_csv(io.BytesIO(b"source,claim\na,c\n"))
    pv.assess_table(pyarrow.table({"source": ["a"], "claim": ["c"]}))
    imported = _peak_mib()
    repeats = 11 if size < FULL_BASELINE_UP_TO else 3
    if kind == "read":  # a tenth of a second at 1M, and the noisiest step: the most runs
        seconds = _median(max(repeats, 7), lambda: pyarrow.csv.read_csv(path))[0]
        return {"seconds": seconds, "peak": _peak_mib(), "imports": imported}
    pv.assess_table(path)  # the first run alone sets the peak: one load + assess
    peak = _peak_mib()
    seconds, table = _median(repeats, lambda: pv.assess_table(path))
    columns = pv.read_columns(path)
    assess = _median(repeats, lambda: score_columns(columns))[0]
    independent = dict(
        zip(table.column("claim").to_pylist(), table.column("independent").to_pylist(), strict=True)
    )
    return {
        "seconds": seconds,
        "peak": peak,
        "imports": imported,
        "assess": assess,
        "independent": independent,
    }


def _median(repeats: int, run: Any) -> tuple[float, Any]:
    """(median seconds, last result) of `repeats` runs of `run`."""
    times, result = [], None
    for _ in range(repeats):
        result = None  # let the last run's graph go before the next is built (peak memory)
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], result


def _incremental(graph: Any, data: Corpus) -> float:
    """Mean seconds to add one report and re-assess the claim it touches."""
    rng = random.Random(7)
    claims = rng.sample(data.claims, min(200, len(data.claims)))
    start = time.perf_counter()
    for i, claim in enumerate(claims):
        graph.add_source(f"newcomer{i}")
        graph.add_report(f"newcomer{i}", claim, via=[graph.reports(claim)[0].source])
        graph.corroboration(claim)
    return (time.perf_counter() - start) / len(claims)


def _run(kind: str, size: int, sample: int, root: Path = ROOT) -> dict[str, Any]:
    """One worker in a fresh process, on the code of the tree at `root`."""
    command = [sys.executable, "-m", "benchmarks.scale", "--worker", kind, str(size), str(sample)]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{kind} worker failed at {size} in {root}:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--sample", type=int, default=20_000, help="baseline claims above 100k")
    parser.add_argument("--against", metavar="REV", help="also run git revision REV's code")
    parser.add_argument(
        "--worker", nargs=3, metavar=("KIND", "SIZE", "SAMPLE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.worker:
        kind, size, sample = args.worker
        print(json.dumps(worker(kind, int(size), int(sample))))
        return

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, networkx {nx.__version__}"
    )
    columns = (
        "reports",
        "claims",
        "build s",
        "assess s",
        "peak MiB",
        "reports/s",
        "base assess s",
        "floor build s",
        "floor MiB",
        "assess vs base",
        "(b+a) / floor",
        "MiB / floor",
        "µs/report",
        "incr. speed-up",
    )
    print("  ".join(f"{c:>14}" for c in columns))
    first_per_report = first_floor_per_report = None
    results = []
    for size in args.sizes:
        ours = _run("ours", size, args.sample)
        base = _run("baseline", size, args.sample)
        floor = _run("floor", size, args.sample)
        disagree = [c for c, v in base["independent"].items() if ours["independent"][c] != v]
        if disagree:
            raise SystemExit(f"independent lines disagree at {size} reports on {disagree[:5]}")
        total = ours["build"] + ours["assess"]
        per_report = total / ours["reports"] * 1e6
        first_per_report = first_per_report or per_report
        floor_per_report = floor["build"] / ours["reports"] * 1e6
        first_floor_per_report = first_floor_per_report or floor_per_report
        row = (
            ours["reports"],
            ours["claims"],
            f"{ours['build']:.2f}",
            f"{ours['assess']:.2f}",
            f"{ours['peak_mib']:.0f}",
            f"{ours['reports'] / total:,.0f}",
            f"{base['assess']:.2f}{' est.' if base['estimated'] else ''}",
            f"{floor['build']:.2f}",
            f"{floor['peak_mib']:.0f}",
            f"{base['assess'] / ours['assess']:.1f}x",
            f"{total / floor['build']:.2f}x",
            f"{ours['peak_mib'] / max(floor['peak_mib'], 1):.2f}x",
            f"{per_report:.1f}",
            f"{ours['assess'] / ours['incremental']:,.0f}x",
        )
        print("  ".join(f"{cell:>14}" for cell in row), flush=True)
        print(
            f"{'':>14}  agree on {len(base['independent']):,} claims; time per report "
            f"{per_report / first_per_report:.2f}x that of the first size "
            f"(the floor's: {floor_per_report / first_floor_per_report:.2f}x); "
            f"per-claim engine {ours['per_claim']:.2f} s "
            f"({ours['per_claim'] / ours['assess']:.1f}x assess()); "
            f"claim_scores() {ours['value_only']:.2f} s",
            flush=True,
        )
        results.append((size, ours, base))
    _columns_table(results, args.sample)
    if args.against:
        _against(args.against, results, args.sample)


def _columns_table(results: list[tuple[int, dict[str, Any], dict[str, Any]]], sample: int) -> None:
    """The columnar engine on the same corpora, against the read floor and the baseline."""
    print("\nthe columnar engine: pv.assess_table(CSV) against pyarrow's read of the same file")
    columns = (
        "reports",
        "read s",
        "load+assess s",
        "vs read",
        "assess s",
        "assess vs base",
        "peak MiB",
        "imports MiB",
        "µs/report",
        "vs first",
        "incr. vs assess",
    )
    print("  ".join(f"{c:>15}" for c in columns))
    first = None
    for size, ours, base in results:
        _write_table(size)
        read = _run("read", size, sample)
        engine = _run("columns", size, sample)
        disagree = [c for c, v in ours["independent"].items() if engine["independent"][c] != v]
        if disagree or len(engine["independent"]) != len(ours["independent"]):
            raise SystemExit(f"the columnar engine disagrees at {size} reports on {disagree[:5]}")
        per_report = engine["seconds"] / ours["reports"] * 1e6
        first = first or per_report
        row = (
            ours["reports"],
            f"{read['seconds']:.2f}",
            f"{engine['seconds']:.2f}",
            f"{engine['seconds'] / read['seconds']:.1f}x",
            f"{engine['assess']:.3f}",
            f"{base['assess'] / engine['assess']:.0f}x",
            f"{engine['peak']:.0f}",
            f"{engine['imports']:.0f}",
            f"{per_report:.2f}",
            f"{per_report / first:.2f}x",
            f"{engine['assess'] / ours['incremental']:,.0f}x",
        )
        print("  ".join(f"{cell:>15}" for cell in row), flush=True)


def _against(
    revision: str, results: list[tuple[int, dict[str, Any], dict[str, Any]]], sample: int
) -> None:
    """Each measurement of ours beside the same worker on the code of `revision`."""
    with tempfile.TemporaryDirectory() as folder:
        if not git_unpack(revision, Path(folder)):
            raise SystemExit(f"cannot read revision {revision!r} with git")
        print(f"\nagainst {revision} (its code, the same corpora, in this run): ours / {revision}")
        columns = ("reports", "measure", "ours", revision, "ratio")
        print("  ".join(f"{c:>16}" for c in columns))
        for size, ours, _ in results:
            theirs = _run("ours", size, sample, Path(folder))
            ours_columns = _run("columns", size, sample)
            theirs_columns = _run("columns", size, sample, Path(folder))
            pairs = [
                ("build s", ours["build"], theirs["build"]),
                ("assess() s", ours["assess"], theirs["assess"]),
                ("per-claim s", ours["per_claim"], theirs["per_claim"]),
                ("numbers-only s", ours["value_only"], theirs["value_only"]),
                ("incremental ms", ours["incremental"] * 1e3, theirs["incremental"] * 1e3),
                ("peak MiB", ours["peak_mib"], theirs["peak_mib"]),
                ("assess_table s", ours_columns["seconds"], theirs_columns["seconds"]),
                ("table peak MiB", ours_columns["peak"], theirs_columns["peak"]),
            ]
            for name, a, b in pairs:
                cells = (f"{ours['reports']:,}", name, f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}x")
                print("  ".join(f"{cell:>16}" for cell in cells), flush=True)


if __name__ == "__main__":
    main()
