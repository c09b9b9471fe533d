"""Platforms: a twarc2 JSONL export imported and scored, beside the same reports as a table.

Issue 30's bar: a 1M-message JSONL export imports and scores within 3× the time of the
same reports as a CSV table, memory bounded. A seeded synthetic export of `--tweets`
tweets, one a line as ``twarc2 flatten`` writes them (the fields twarc2 asks for, the
author inlined, each referenced tweet merged into its entry, ``__twarc`` copied): a fifth
originals, two thirds retweets, a tenth quotes, the rest replies, by a pool of a tenth as
many users, the popular originals shared most. The table is the library's own: the
export loaded once and saved as ``reports.csv`` (with its sibling tables). Each step
runs in a fresh process, so that its peak memory is its own:

- jsonl: ``pv.load(tweets.jsonl)`` then ``pv.claim_scores(g)``;
- csv (the baseline): ``pv.load(reports.csv)`` then ``pv.claim_scores(g)``;
- assess_table: ``pv.assess_table(reports.csv)``, the columnar engine (no graph).

Printed: seconds for each step, jsonl against csv (the bar: 3×), and peak resident
memory above the imports, against the csv load's (the graph's own size)::

    python -m benchmarks.platforms                  # 1,000,000 tweets
    python -m benchmarks.platforms --smoke          # the CI smoke run: 20,000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
START = 1_700_000_000  # 2023-11-14, in Unix seconds
TWARC = {
    "url": "https://api.twitter.com/2/tweets/search/all?query=bridge",
    "version": "2.14.0",
    "retrieved_at": "2024-12-27T00:00:00+00:00",
}
WORDS = ("the", "bridge", "at", "river", "was", "closed", "on", "morning", "after", "shelling")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _iso(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(START + second))


def _user(number: int) -> dict[str, Any]:
    return {
        "id": str(1_000_000 + number),
        "username": f"user{number}",
        "name": f"User {number}",
        "created_at": "2013-12-14T04:35:55.000Z",
        "description": "Reporting from the region.",
        "protected": False,
        "verified": False,
        "public_metrics": {"followers_count": number % 977, "following_count": 151},
    }


def _tweet(serial: int, author: int, text: str, refs: list[dict[str, Any]]) -> dict[str, Any]:
    id = str(1_500_000_000_000_000_000 + serial)
    tweet: dict[str, Any] = {
        "id": id,
        "text": text,
        "author_id": str(1_000_000 + author),
        "created_at": _iso(serial),
        "conversation_id": id,
        "edit_history_tweet_ids": [id],
        "lang": "en",
        "possibly_sensitive": False,
        "reply_settings": "everyone",
        "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1, "quote_count": 0},
        "author": _user(author),
    }
    if refs:
        tweet["referenced_tweets"] = refs
    return tweet


def write_export(path: Path, tweets: int, *, seed: int = 0) -> None:
    """`tweets` flattened tweets, a line each, at `path`."""
    rng = random.Random(seed)
    pool = max(50, tweets // 10)
    originals: list[tuple[int, int, str]] = []  # serial, author, text
    with path.open("w", encoding="utf-8") as file:
        for serial in range(tweets):
            author = rng.randrange(pool)
            kind = rng.random()
            if kind < 0.2 or not originals:
                text = " ".join(rng.choices(WORDS, k=12)) + f" #{serial}"
                originals.append((serial, author, text))
                _write(file, _tweet(serial, author, text, []))
                continue
            # the popular originals are shared most: the cube of a uniform number
            shared = originals[int(len(originals) * rng.random() ** 3)]
            entry = {**_tweet(*shared, []), "type": ""}
            if kind < 0.85:
                entry["type"] = "retweeted"
                text = f"RT @user{shared[1]}: {shared[2]}"[:140]
            else:
                entry["type"] = "quoted" if kind < 0.95 else "replied_to"
                text = " ".join(rng.choices(WORDS, k=8))
            _write(file, _tweet(serial, author, text, [entry]))


def _write(file: TextIO, tweet: dict[str, Any]) -> None:
    file.write(json.dumps({**tweet, "__twarc": TWARC}) + "\n")


def worker(kind: str, path: str, out: str) -> dict[str, Any]:
    """One step on one file, timed; its peak memory above the imports."""
    import provenance as pv

    warnings.simplefilter("ignore")  # the notes (repeated shares …) are not measured
    imported = _peak_mib()
    start = time.perf_counter()
    if kind == "save":
        pv.load(path).save(out)
        return {"seconds": time.perf_counter() - start}
    if kind == "assess_table":
        table = pv.assess_table(path)
        seconds = time.perf_counter() - start
        independent = sum(table.column("independent").to_pylist())
        return {"load": seconds, "score": 0.0, "peak": _peak_mib() - imported, "sum": independent}
    g = pv.load(path)
    loaded = time.perf_counter()
    scores = pv.claim_scores(g)
    scored = time.perf_counter()
    return {
        "load": loaded - start,
        "score": scored - loaded,
        "peak": _peak_mib() - imported,
        "sum": int(scores.independent.sum()),
        "reports": sum(1 for c in g.claims for r in g.reports(c.id) if r.observed),
    }


def _run(kind: str, path: Path, out: Path | None = None) -> dict[str, Any]:
    """One worker in a fresh process."""
    command = [sys.executable, "-m", "benchmarks.platforms", "--worker", kind, str(path), str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{kind} worker failed on {path}:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=1_000_000)
    parser.add_argument("--smoke", action="store_true", help="20,000 tweets")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    tweets = 20_000 if args.smoke else args.tweets
    with tempfile.TemporaryDirectory(dir=os.environ.get("PROVENANCE_BENCH_DIR")) as folder:
        export, table = Path(folder) / "tweets.jsonl", Path(folder) / "reports.csv"
        write_export(export, tweets, seed=tweets)
        _run("save", export, table)
        steps = {"jsonl": export, "csv": table, "assess_table": table}
        results = {kind: _run(kind, path) for kind, path in steps.items()}
        if len({r["sum"] for r in results.values()}) != 1:
            raise SystemExit(f"the three disagree on the independent lines: {results}")
        mib = export.stat().st_size / 2**20
        print(
            f"{tweets:,} tweets ({mib:,.0f} MiB of JSON Lines, {mib * 2**20 / tweets:,.0f} "
            f"bytes a line) -> {results['jsonl']['reports']:,} reports; one run each"
        )
        header = ("load s", "score s", "total s", "vs csv", "peak MiB", "vs csv")
        print(f"{'step':<26}" + "".join(f"{h:>9}" for h in header))
        csv = results["csv"]
        for kind, r in results.items():
            total = r["load"] + r["score"]
            print(
                f"{_NAMES[kind]:<26}{r['load']:>9.2f}{r['score']:>9.2f}{total:>9.2f}"
                f"{total / (csv['load'] + csv['score']):>8.2f}x{r['peak']:>9.0f}"
                f"{r['peak'] / csv['peak']:>8.2f}x",
                flush=True,
            )


_NAMES = {
    "jsonl": "pv.load(jsonl) + scores",
    "csv": "pv.load(csv) + scores",
    "assess_table": "pv.assess_table(csv)",
}


if __name__ == "__main__":
    main()
