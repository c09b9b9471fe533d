"""Dates and repeated reports at column speed: a Twitter-15-shaped table, with and
without its ``published`` column, against a baseline measured in the same run.

Twitter15 as a table (Ma, Gao and Wong 2017) is 599,196 reports on 1,490 source tweets,
each timed to the second. ``pv.assess_table`` took 8.5 s on it against 1.24 s without
its ``published`` column (issue 30): every distinct time (nearly every row) was parsed
by one Python call. The tables here are made in the same shape by a seeded generator
(:func:`cascades`; no data set is read): about 400 reports a tree, heavy-tailed; a pool
of users with a heavy tail, once per tree; each report citing the user it was reposted
from (the root mostly); per-second times after the root's. For each size:

- ``no published``: the table without its times (the baseline of every ratio);
- ``naive text``: ``2015-03-01T12:34:56``; ``aware text``: half ``Z``, half ``+00:00``;
- ``Parquet timestamp``: the same times as ``timestamp[s, UTC]`` (its baseline, the
  Parquet table without them);
- ``5% repeats``: the naive table with a twentieth of its rows shared again later by
  the same user through another parent, under ``duplicates="skip"`` (the rule the code
  before issue 30 knew too) and ``"earliest"``.

Each is ``pv.assess_table(path)`` (read, check, code, score), timed in fresh processes
taken in turn (``--rounds``, two runs each): the median. With ``--against REV`` the same
workers also run on the code of git revision REV (unpacked to a temporary folder),
in the same rounds, and must give the same scores: ``before``. Beside each time against
its baseline's, the same ratio in processor time (every thread's), which what else runs
on a shared machine disturbs less.

    python -m benchmarks.timestamps                       # 600k and 1M reports
    python -m benchmarks.timestamps --against 612ebf4     # and the code before issue 30
    python -m benchmarks.timestamps --smoke               # the CI smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REPORTS_PER_TREE = 402  # 599,196 / 1,490
USERS_PER_REPORT = 0.46  # ~276k users in Twitter15
ROOT_SHARE = 0.6  # reposts of the root itself
FIRST = np.datetime64("2014-01-01T00:00:00", "s")
SPAN = 2 * 365 * 86_400  # roots in 2014 and 2015
REPEATS = 0.05

# (name, file, duplicates, the file of its baseline)
CASES = [
    ("no published", "plain.csv", "error", "plain.csv"),
    ("naive text", "naive.csv", "error", "plain.csv"),
    ("aware text", "aware.csv", "error", "plain.csv"),
    ("no published (Parquet)", "plain.parquet", "error", "plain.parquet"),
    ("Parquet timestamp", "typed.parquet", "error", "plain.parquet"),
    ("5% repeats, skip", "repeats.csv", "skip", "plain.csv"),
    ("5% repeats, earliest", "repeats.csv", "earliest", "plain.csv"),
]


def cascades(n_reports: int, *, seed: int = 0, repeats: float = 0.0) -> dict[str, np.ndarray]:
    """About `n_reports` rows of retweet cascades (and `repeats` of them again, later,
    through another parent) as numpy arrays: ``tree``, ``user``, ``parent_user`` (-1
    for a root) and ``seconds`` (after 2014-01-01)."""
    rng = np.random.default_rng(seed)
    n_trees = max(1, round(n_reports / REPORTS_PER_TREE))
    sizes = np.maximum(2, rng.lognormal(0.0, 1.0, n_trees))
    sizes = np.maximum(2, np.round(sizes / sizes.sum() * n_reports)).astype(np.int64)
    n = int(sizes.sum())
    tree = np.repeat(np.arange(n_trees), sizes)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])  # by tree: its root's row
    position = np.arange(n) - first[tree]  # by row: its place in its tree
    n_users = max(4, int(n * USERS_PER_REPORT))
    user = _once_per_tree(tree, (n_users * rng.random(n) ** 3).astype(np.int64), n_users)
    # The parent: the root mostly, else any earlier report of the tree.
    earlier = (rng.random(n) * np.maximum(position, 1)).astype(np.int64)
    parent = first[tree] + np.where(rng.random(n) < ROOT_SHARE, 0, earlier)
    delay = rng.lognormal(7.0, 2.0, n).astype(np.int64) % (30 * 86_400)
    delay[position == 0] = 0
    order = np.lexsort((delay, tree))  # each tree's delays in order: later, later place
    rows = {
        "tree": tree,
        "user": user,
        "parent_user": np.where(position == 0, -1, user[parent]),
        "seconds": rng.integers(0, SPAN, n_trees)[tree] + delay[order],
    }
    return _with_repeats(rng, rows, first, position, repeats) if repeats else rows


def _once_per_tree(tree: np.ndarray, user: np.ndarray, n_users: int) -> np.ndarray:
    """Users made distinct within each tree: a user drawn twice in one becomes new."""
    _, firsts = np.unique(tree * (n_users + len(user)) + user, return_index=True)
    again = np.ones(len(user), dtype=bool)
    again[firsts] = False
    user = user.copy()
    user[again] = n_users + np.arange(int(again.sum()))
    return user


def _with_repeats(
    rng: np.random.Generator,
    rows: dict[str, np.ndarray],
    first: np.ndarray,
    position: np.ndarray,
    share: float,
) -> dict[str, np.ndarray]:
    """`share` of the rows again: a non-root user later in the same tree, through
    another report of it (the root's user where that would be the user itself)."""
    again = rng.choice(np.flatnonzero(position > 0), int(len(position) * share), replace=False)
    tree, user = rows["tree"][again], rows["user"][again]
    other = rows["user"][first[tree] + (rng.random(len(again)) * position[again]).astype(np.int64)]
    extra = {
        "tree": tree,
        "user": user,
        "parent_user": np.where(other == user, rows["user"][first[tree]], other),
        "seconds": rows["seconds"][again] + rng.integers(1, 86_400, len(again)),
    }
    joined = {name: np.concatenate([rows[name], extra[name]]) for name in rows}
    order = np.lexsort((joined["seconds"], joined["tree"]))  # a cascade file's order
    return {name: column[order] for name, column in joined.items()}


def write_tables(folder: Path, n_reports: int) -> int:
    """Every table of :data:`CASES` for `n_reports`, each with an empty sources table
    beside it (nothing is known of the users); the number of rows."""
    import pyarrow as pa
    import pyarrow.csv
    import pyarrow.parquet

    folder.mkdir(parents=True, exist_ok=True)
    plain = cascades(n_reports)
    repeated = cascades(round(n_reports / (1 + REPEATS)), seed=1, repeats=REPEATS)
    rng = np.random.default_rng(2)
    for name, rows, dated in [
        ("plain", plain, None),
        ("naive", plain, ""),
        ("aware", plain, "aware"),
        ("repeats", repeated, ""),
    ]:
        table = _table(pa, rows)
        if dated is not None:
            times = np.datetime_as_string(FIRST + rows["seconds"], unit="s").astype(object)
            if dated:
                times = times + np.where(rng.random(len(times)) < 0.5, "Z", "+00:00")
            table = table.append_column("published", pa.array(times, pa.string()))
        pyarrow.csv.write_csv(table, folder / f"{name}.csv")
        (folder / f"{name}.sources.csv").write_text("id\n", encoding="utf-8")
    table = _table(pa, plain)
    pyarrow.parquet.write_table(table, folder / "plain.parquet")
    instants = (FIRST + plain["seconds"]).astype("datetime64[s]").astype(np.int64)
    typed = pa.array(instants, pa.timestamp("s", "UTC"))
    pyarrow.parquet.write_table(table.append_column("published", typed), folder / "typed.parquet")
    sources = pa.table({"id": pa.array([], pa.string())})
    for name in ("plain", "typed"):
        pyarrow.parquet.write_table(sources, folder / f"{name}.sources.parquet")
    return len(plain["tree"])


def _table(pa: Any, rows: dict[str, np.ndarray]) -> Any:
    root = rows["parent_user"] < 0
    via = np.char.add("u", rows["parent_user"].astype(str)).astype(object)
    via[root] = None
    return pa.table(
        {
            "source": pa.array(np.char.add("u", rows["user"].astype(str)), pa.string()),
            "claim": pa.array(np.char.add("t", rows["tree"].astype(str)), pa.string()),
            "via": pa.array(via, pa.string()),
            "firsthand": pa.array(root, pa.bool_(), mask=~root),  # true, or empty
        }
    )


def worker(path: str, duplicates: str, runs: int) -> dict[str, Any]:
    """``pv.assess_table(path)`` timed `runs` times in this process (on the code that
    ``import provenance`` finds), after a first call that sets Arrow up."""
    import time

    import pyarrow as pa

    import provenance as pv

    pv.assess_table(pa.table({"source": ["a"], "claim": ["c"]}), sources=pa.table({"id": ["a"]}))
    times, cpu, table = [], [], None
    for _ in range(runs):
        table = None
        start, start_cpu = time.perf_counter(), time.process_time()
        table = pv.assess_table(path, duplicates=duplicates)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert table is not None
    scores = sorted(table.select(["claim", "independent", "flags"]).to_pylist(), key=str)
    return {"seconds": times, "cpu": cpu, "scores": scores}


def _run(path: Path, duplicates: str, runs: int, root: Path = ROOT) -> dict[str, Any]:
    """One worker in a fresh process, on the code of the tree at `root`."""
    command = [sys.executable, "-m", "benchmarks.timestamps", "--worker", str(path), duplicates]
    # Run from the tables' folder, `root` first: its provenance, this tree's benchmarks.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(ROOT)])}
    done = subprocess.run(
        [*command, str(runs)], cwd=path.parent, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"the worker failed on {path.name} in {root}:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


Result = tuple[str, dict[str, float], str]  # case, its medians, its baseline's file


def _measure(folder: Path, rounds: int, before: Path | None) -> list[Result]:
    """Each case's median time and processor time (every thread's) by this tree's code
    and (given) the code at `before`: the cases taken in turn, `rounds` times over, two
    runs a process, so that what else the machine does falls on all of them alike."""
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for name, file, duplicates, _ in CASES:
            ours = _run(folder / file, duplicates, 2)
            runs = [("ours", ours)]
            if before is not None and duplicates != "earliest":  # unknown before issue 30
                runs.append(("before", _run(folder / file, duplicates, 2, before)))
                if runs[1][1]["scores"] != ours["scores"]:
                    raise SystemExit(f"{name}: the scores differ from the code before")
            for code, result in runs:
                times.setdefault((name, code), []).extend(result["seconds"])
                times.setdefault((name, f"{code} cpu"), []).extend(result["cpu"])
    found = []
    for name, _, _, baseline in CASES:
        medians = {
            code: sorted(times[(name, code)])[len(times[(name, code)]) // 2]
            for code in ("ours", "ours cpu", "before", "before cpu")
            if (name, code) in times
        }
        found.append((name, medians, baseline))
    return found


def _print(n: int, results: list[Result]) -> None:
    """One line a case: its time, against its baseline in the same run (in time and in
    processor time), and against the code before."""
    base = {CASES[i][1]: medians for i, (_, medians, _) in enumerate(results)}
    for name, medians, baseline in results:
        cells = [f"{n:,}", name]
        for code in ("ours", "before"):
            if code in medians and code in base[baseline]:
                cells += [
                    f"{medians[code]:.2f}",
                    f"{medians[code] / base[baseline][code]:.2f}x",
                    f"{medians[f'{code} cpu'] / base[baseline][f'{code} cpu']:.2f}x",
                ]
        if len(cells) == 8:
            cells.append(f"{medians['before'] / medians['ours']:.1f}x")
        print("  ".join(f"{cell:>{w}}" for cell, w in zip(cells, WIDTHS, strict=False)), flush=True)


WIDTHS = (10, 24, 7, 8, 8, 9, 8, 8, 9)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[600_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of two runs a case")
    parser.add_argument("--against", metavar="REV", help="also run git revision REV's code")
    parser.add_argument("--smoke", action="store_true", help="5,000 reports, one run each")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        path, duplicates, runs = args.worker
        print(json.dumps(worker(path, duplicates, int(runs))))
        return
    sizes, rounds = ([5_000], 1) if args.smoke else (args.sizes, args.rounds)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    header = ["reports", "table", "ours s", "vs base", "cpu vs"]
    if args.against:
        header += [f"{args.against[:7]} s", "vs base", "cpu vs", "speed-up"]
    print("  ".join(f"{cell:>{w}}" for cell, w in zip(header, WIDTHS, strict=False)))
    with tempfile.TemporaryDirectory(prefix="provenance-timestamps-") as temporary:
        before = None
        if args.against:
            before = Path(temporary) / "before"
            if not _unpack(args.against, before):
                raise SystemExit(f"cannot read revision {args.against!r} with git")
        for size in sizes:
            folder = Path(os.environ.get("PROVENANCE_BENCH_DIR", temporary)) / f"cascades-{size}"
            n = write_tables(folder, size)
            _print(n, _measure(folder, rounds, before))


def _unpack(revision: str, folder: Path) -> bool:
    from benchmarks import git_unpack

    return git_unpack(revision, folder, "provenance")


if __name__ == "__main__":
    main()
