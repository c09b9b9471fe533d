"""Attribution tagging on PolNeAR's dev split: exact-span F1 per role, speed, model load time.

Scores ``provenance.draft.tagger.tag_sentences`` end to end (parse + features + CRF) on
``dev.jsonl`` (and CofeNet's packaging of the same split, ``cofe_valid.jsonl``, when present)
with the spaCy parser and without it, side by side with the issue's targets and the
published references (CofeNet, COLING 2022, on the test split, which is held back and never
read here). A span counts when its role and both token boundaries equal a gold span's::

    python -m benchmarks.draft_polnear --polnear ../shared/data/polnear
    python -m benchmarks.draft_polnear --polnear PATH --limit 300     # a quick run

Runs on one core (the process pins itself to CPU 0 where it can, BLAS to one thread).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from provenance.draft import tagger  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"parser": {"source": 0.72, "cue": 0.66, "content": 0.50}, "lexical": {"source": 0.60}}
#: Published exact-span F1 on PolNeAR's test split (CofeNet, Wang et al., COLING 2022).
REFERENCES = {
    "CRF (CofeNet)": {"source": 0.506, "cue": 0.534, "content": 0.286},
    "BiLSTM-CRF": {"source": 0.696, "cue": 0.667, "content": 0.590},
    "BERT-Cofe": {"source": 0.832, "cue": 0.753, "content": 0.729},
}
TOKENS_PER_SECOND_TARGET = 3000
LOAD_TARGET = 1.0


def read(path: Path, limit: int | None) -> tuple[list[list[str]], list[list[str]]]:
    tokens, labels = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            tokens.append(item["tokens"])
            labels.append(item["labels"])
            if limit is not None and len(tokens) >= limit:
                break
    return tokens, labels


def run(sentences: list[list[str]], gold: list[list[str]], parser: str | None) -> dict[str, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    predicted = tagger.tag_sentences(sentences, parser=parser)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = sum(map(len, sentences))
    scores = tagger.span_scores(gold, predicted)
    return {"scores": scores, "tokens": n, "seconds": seconds, "cpu_seconds": cpu}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--parser", default=os.environ.get("PROVENANCE_SPACY_MODEL", "en_core_web_sm"))
    ap.add_argument("--limit", type=int, default=None, help="the first N dev sentences only")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    loads: dict[str, float] = {}
    for kind in ("parser", "lexical"):
        tagger._crf.cache_clear()
        start = time.perf_counter()
        tagger._crf(kind)
        loads[kind] = time.perf_counter() - start
    start = time.perf_counter()
    tagger.load_parser(args.parser)
    loads["spaCy pipeline"] = time.perf_counter() - start
    tagger.tag(["Warm", "up", "."], parser=args.parser)

    files = [("dev.jsonl", args.polnear / "dev.jsonl")]
    if (args.polnear / "cofe_valid.jsonl").exists():
        files.append(("cofe_valid.jsonl", args.polnear / "cofe_valid.jsonl"))
    results: dict[str, dict[str, Any]] = {}
    for label, path in files:
        sentences, gold = read(path, args.limit)
        results[label] = {
            "parser": run(sentences, gold, args.parser),
            "lexical": run(sentences, gold, None),
        }

    sentences = read(files[0][1], args.limit)[0][:500]
    start, cpu = time.perf_counter(), time.process_time()
    for tokens in sentences:
        tagger.tag(tokens, parser=args.parser)
    n = sum(map(len, sentences))
    one_by_one = n / (time.perf_counter() - start)
    one_by_one_cpu = n / (time.process_time() - cpu)

    print(f"Attribution tagging, exact-span F1 (parser: {args.parser}; {args.polnear})\n")
    head = f"{'role':<8} {'file':<17} {'parser':>7} {'target':>7} {'lexical':>8} {'target':>7}"
    head += "".join(f" {name:>14}" for name in REFERENCES)
    print(head + "\n" + "-" * len(head))
    for role in tagger.ROLES:
        for label, result in results.items():
            with_parser = result["parser"]["scores"][role]["f1"]
            lexical = result["lexical"]["scores"][role]["f1"]
            want, want_lexical = (TARGETS[k].get(role, float("nan")) for k in ("parser", "lexical"))
            line = f"{role:<8} {label:<17} {with_parser:>7.3f} {want:>7.2f}"
            line += f" {lexical:>8.3f} {want_lexical:>7.2f}"
            line += "".join(f" {ref[role]:>14.3f}" for ref in REFERENCES.values())
            print(line)
    print(
        "\n(references: published F1 on the held-back test split;"
        " targets: issue 32; precision and recall in --json)\n"
    )
    for label, result in results.items():
        for kind, r in result.items():
            rate, cpu_rate = r["tokens"] / r["seconds"], r["tokens"] / r["cpu_seconds"]
            print(
                f"speed  {label:<17} {kind:<8} {r['tokens']:>7} tokens, batched:",
                f"{rate:>6.0f} tokens/s wall, {cpu_rate:>6.0f} per CPU second",
            )
    print(
        f"speed  one sentence a call (tag), parser: {one_by_one:.0f} tokens/s wall,",
        f"{one_by_one_cpu:.0f} per CPU second; target >= {TOKENS_PER_SECOND_TARGET} on one core",
    )
    print("       (per CPU second is what one core gives when no other work shares it)")
    for kind, seconds in loads.items():
        size = (
            (tagger.MODELS / tagger._MODEL_FILES[kind]).stat().st_size
            if kind in tagger._MODEL_FILES
            else 0
        )
        extra = (
            f", {size / 1e6:.2f} MB, target < {LOAD_TARGET:.0f} s"
            if size
            else " (not part of the target)"
        )
        print(f"load   {kind:<15} {seconds:.3f} s{extra}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "results": results,
                    "loads": loads,
                    "tag_one_by_one": [one_by_one, one_by_one_cpu],
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
