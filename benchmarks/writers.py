"""Writers: the peak memory of saving a graph, streamed, side by side with the old way.

Each measurement runs in a fresh process on the same synthetic corpus: the graph alone
(the floor), then the graph saved as PROV-JSON and as story JSON, streamed (what
``g.save`` does), and built whole and dumped (the way it was before: ``to_prov`` then
``json.dumps``, the baseline)::

    python -m benchmarks.writers                     # 100k and 600k reports
    python -m benchmarks.writers --sizes 5000        # the CI smoke run
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import corpus

KINDS = ("graph", "prov streamed", "prov whole", "json streamed", "json whole")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker(kind: str, size: int, folder: str) -> dict[str, Any]:
    """Build the graph, note the peak, then write it the `kind` way."""
    g = corpus(size).graph()
    built = _peak_mib()
    path = Path(folder) / f"{kind.replace(' ', '-')}.{'prov.json' if 'prov' in kind else 'json'}"
    start = time.perf_counter()
    if kind == "prov streamed" or kind == "json streamed":
        g.save(path)
    elif kind == "prov whole":
        path.write_text(json.dumps(g.to_prov(), ensure_ascii=False, indent=1) + "\n")
    elif kind == "json whole":
        path.write_text(json.dumps(g.to_dict(), ensure_ascii=False, indent=2) + "\n")
    seconds = time.perf_counter() - start
    return {"built": built, "peak": _peak_mib(), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 600_000])
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    print("reports  writer          graph MiB  peak MiB  over graph  seconds")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            results = {}
            for kind in KINDS:
                with context.Pool(1) as pool:
                    results[kind] = pool.apply(worker, (kind, size, folder))
            for kind in KINDS[1:]:
                r = results[kind]
                print(
                    f"{size:>7,}  {kind:<14} {r['built']:>9.0f}  {r['peak']:>8.0f}  "
                    f"{r['peak'] - r['built']:>10.0f}  {r['seconds']:>7.2f}"
                )
            for fmt in ("prov", "json"):
                streamed = results[f"{fmt} streamed"]["peak"] - results[f"{fmt} streamed"]["built"]
                whole = results[f"{fmt} whole"]["peak"] - results[f"{fmt} whole"]["built"]
                print(
                    f"{size:>7,}  {fmt}: over the graph's own peak, streamed {streamed:.0f} MiB,"
                    f" whole (the baseline) {whole:.0f} MiB"
                )


if __name__ == "__main__":
    main()
