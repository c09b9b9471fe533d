"""Copy detection at scale: shared wording over reports with text, and shared values.

A seeded corpus: claims reported by outlets in their own words (60 words drawn from a
2,000-word vocabulary, so unrelated reports share common phrases only by chance), and a
tenth of the reports copied from another report on the same claim, trimmed, with a line
added, published minutes later. Timed: ``pv.suspect_copying`` (wording and timing), and
how many planted copies it found (recall) and how many of its pairs were planted
(precision). The values part runs on a separate corpus of questions, as truth discovery
needs answers that exclude each other.

    python -m benchmarks.copying                      # 100k reports with text
    python -m benchmarks.copying --reports 5000       # the CI smoke run
"""

from __future__ import annotations

import argparse
import random
import time

import provenance as pv


def wording_corpus(
    n_reports: int, *, seed: int = 0
) -> tuple[pv.ProvenanceGraph, set[tuple[str, str, str]]]:
    """About `n_reports` reports with text; the planted copies as (copier, original, claim)."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(2000)]
    n_sources = max(20, n_reports // 50)
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(n_sources))
    claims, reports, planted = [], [], set()
    while len(reports) < n_reports:
        claim = f"c{len(claims)}"
        claims.append({"id": claim})
        authors = rng.sample(range(n_sources), rng.randint(2, 8))
        texts: dict[str, str] = {}
        for minute, author in enumerate(authors):
            source = f"s{author}"
            if texts and rng.random() < 0.12:  # copy an earlier report, trim it, add a line
                original = rng.choice(list(texts))
                words = texts[original].split()[rng.randrange(0, 6) :]
                text = " ".join(["update:", *words, "more", "follows"])
                planted.add((source, original, claim))
            else:
                text = " ".join(rng.choice(vocabulary) for _ in range(60))
            texts[source] = text
            published = f"2024-12-26T{9 + minute // 60:02d}:{minute % 60:02d}"
            reports.append({"source": source, "claim": claim, "text": text, "published": published})
    g.add_claims(claims)
    g.add_reports(reports)
    return g, planted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args(argv)
    g, planted = wording_corpus(args.reports, seed=args.reports)
    start = time.perf_counter()
    copies = pv.suspect_copying(g, values=False)
    seconds = time.perf_counter() - start
    found = {(c.copier, c.original, claim) for c in copies for claim in c.claims}
    recall = len(found & planted) / max(len(planted), 1)
    precision = len(found & planted) / max(len(found), 1)
    print(
        f"{'reports':>9} {'planted':>8} {'found':>7} {'recall':>7} {'precision':>9} {'seconds':>8}"
    )
    print(
        f"{len(g.reports()):>9,} {len(planted):>8,} {len(found):>7,} {recall:>7.3f} "
        f"{precision:>9.3f} {seconds:>8.1f}"
    )


if __name__ == "__main__":
    main()
