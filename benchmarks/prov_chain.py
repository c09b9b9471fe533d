"""Reading PROV-JSON from other tools: long derivation chains and cycles, doubling sizes.

Three shapes of foreign PROV-JSON, each at every size n given:

- chain: entities e0 ← e1 ← … ← e(n-1), each derived from the one before and attributed
  to its own agent (one claim passed along n reports);
- cycle: the same with e0 derived from the last as well (one cycle of n reports);
- stretch: n reports all derived from the end of n pieces of content that go back to one
  attributed origin (each report's walk up used to cross the whole stretch).

Timed: ``read_foreign_prov`` into an empty store (the JSON already parsed; best of
``--repeat``), and the same reader of a baseline revision (``git show
REV:provenance/formats/prov_foreign.py``, loaded as a module in this run) when git is at
hand. The baseline is quadratic: a size whose
predicted time would take the baseline past ``--cap`` seconds in all is skipped (—).

    python -m benchmarks.prov_chain                          # 2000, 4000, 8000, 16000
    python -m benchmarks.prov_chain --sizes 1000 2000 --baseline HEAD~1
"""

from __future__ import annotations

import argparse
import json
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import git_show
from provenance.formats import prov_foreign
from provenance.store import Store

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "provenance/formats/prov_foreign.py"


def document(n: int, shape: str) -> dict[str, Any]:
    """A foreign PROV-JSON document of the given `shape` and size `n`."""
    doc: dict[str, Any] = {"prefix": {"ex": "http://example.org/"}, "agent": {}, "entity": {}}
    attributed: dict[str, Any] = doc.setdefault("wasAttributedTo", {})
    derived: dict[str, Any] = doc.setdefault("wasDerivedFrom", {})

    def report(entity: str, agent: str) -> None:
        doc["agent"][agent] = {"prov:label": f"Agent {agent}"}
        doc["entity"][entity] = {"prov:label": f"What {entity} says"}
        attributed[f"_:a{len(attributed)}"] = {"prov:entity": entity, "prov:agent": agent}

    def derive(new: str, old: str) -> None:
        derived[f"_:d{len(derived)}"] = {"prov:generatedEntity": new, "prov:usedEntity": old}

    if shape == "stretch":
        report("ex:origin", "ex:sso")
        derive("ex:c0", "ex:origin")
        for i in range(1, n):
            derive(f"ex:c{i}", f"ex:c{i - 1}")
        for i in range(n):
            report(f"ex:r{i}", f"ex:a{i}")
            derive(f"ex:r{i}", f"ex:c{n - 1}")
        return doc
    for i in range(n):
        report(f"ex:e{i}", f"ex:a{i}")
        if i or shape == "cycle":
            derive(f"ex:e{i}", f"ex:e{(i - 1) % n}")
    return doc


def baseline(revision: str) -> types.ModuleType | None:
    """The reader as it was at `revision`, or None without git (or that revision)."""
    text = git_show(revision, SOURCE)
    if text is None:
        return None
    module = types.ModuleType(f"prov_foreign_{revision}")
    exec(compile(text, f"{revision}:{SOURCE}", "exec"), module.__dict__)
    return module


def seconds(read: Callable[..., None], doc: dict[str, Any]) -> float:
    """How long `read` takes to fill an empty store from `doc`."""
    store = Store()
    start = time.perf_counter()
    read(doc, store)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000, 16000])
    parser.add_argument("--shapes", nargs="+", default=["chain", "cycle", "stretch"])
    parser.add_argument("--baseline", default="HEAD", help="git revision of the old reader")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many (ours)")
    parser.add_argument("--cap", type=float, default=20.0, help="baseline seconds in all")
    args = parser.parse_args(argv)
    old = baseline(args.baseline)
    spent = 0.0
    header = ("shape", "n", "MB", "seconds", "x per doubling", "baseline s", "speed-up")
    print("  ".join(f"{h:>14}" for h in header))
    for shape in args.shapes:
        last: tuple[int, float, float | None] | None = None  # n, ours, baseline
        for n in args.sizes:
            doc = document(n, shape)
            mb = len(json.dumps(doc)) / 1e6
            ours = min(seconds(prov_foreign.read_foreign_prov, doc) for _ in range(args.repeat))
            theirs = None
            # Quadratic: predicted from the size before; once skipped, so is every larger.
            guess = 0.0 if last is None else (last[2] or args.cap) * (n / last[0]) ** 2
            if old is not None and spent + guess <= args.cap:
                theirs = seconds(old.read_foreign_prov, doc)
                spent += theirs
            row = [shape, str(n), f"{mb:.1f}", f"{ours:.3f}"]
            row.append(f"{ours / last[1]:.2f}" if last else "—")
            row += [f"{theirs:.3f}", f"{theirs / ours:.0f}x"] if theirs else ["—", "—"]
            print("  ".join(f"{cell:>14}" for cell in row), flush=True)
            last = (n, ours, theirs)
    if old is None:
        print(f"(no baseline: git show {args.baseline}:{SOURCE} failed)")


if __name__ == "__main__":
    main()
