"""Synthetic corpora with planted copier groups, for truth discovery beside the vote.

Each corpus has questions with one true answer and `n_false` false ones; independent
sources of varied accuracy answer a varied share of the questions; planted groups of
copiers take an original's answer at a copy rate and answer on their own otherwise.
The original of each group has the accuracy the scenario names, so a group of bad
copiers (its shared answers often false) and a group of good ones are both tried.

    python -m benchmarks.planted            # every scenario, 3 seeds each
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass

import provenance as pv
from benchmarks.flight import majority

__all__ = ["Scenario", "corpus", "main", "scenarios"]


@dataclass(frozen=True)
class Scenario:
    """One kind of corpus: the copier groups' original accuracy, size, copy rate."""

    group_accuracy: float
    group_size: int
    copy_rate: float
    groups: int = 2
    independent: int = 12
    questions: int = 300
    n_false: int = 3

    def __str__(self) -> str:
        return (
            f"{self.groups}×{self.group_size} copiers of a {self.group_accuracy:.1f} original, "
            f"rate {self.copy_rate:.1f}"
        )


def scenarios() -> Iterator[Scenario]:
    """Bad, middling and good originals; small and large groups; partial and full copying."""
    for accuracy in (0.3, 0.6, 0.9):
        for size in (3, 6):
            for rate in (0.8, 1.0):
                yield Scenario(accuracy, size, rate)


def corpus(scenario: Scenario, seed: int) -> tuple[pv.ProvenanceGraph, dict[str, str]]:
    """A graph of unsourced answers and the truth (question → true claim id)."""
    rng = random.Random(seed)
    accuracy = {f"s{i}": rng.uniform(0.5, 0.9) for i in range(scenario.independent)}
    coverage = {s: rng.uniform(0.3, 0.9) for s in accuracy}
    groups = {}
    for k in range(scenario.groups):
        original = f"g{k}"
        accuracy[original] = scenario.group_accuracy
        coverage[original] = rng.uniform(0.5, 0.9)
        groups[original] = [f"g{k}c{j}" for j in range(scenario.group_size - 1)]
    answers: dict[str, dict[str, int]] = {}
    for q in range(scenario.questions):
        given = answers[f"q{q}"] = {}

        def answer(s: str) -> int:
            return 0 if rng.random() < accuracy[s] else rng.randrange(1, scenario.n_false + 1)

        for s in accuracy:
            if rng.random() < coverage[s]:
                given[s] = answer(s)
        for original, copiers in groups.items():
            for copier in copiers:
                if original in given and rng.random() < scenario.copy_rate:
                    given[copier] = given[original]
                elif rng.random() < coverage[original]:
                    given[copier] = 0 if rng.random() < 0.7 else rng.randrange(1, 4)
    g = pv.ProvenanceGraph(title=str(scenario))
    g.add_sources({"id": s} for s in [*accuracy, *(c for cs in groups.values() for c in cs)])
    g.add_claims(
        {"id": f"{q}-{option}", "question": q}
        for q in answers
        for option in range(scenario.n_false + 1)
    )
    g.add_reports(
        {"source": s, "claim": f"{q}-{option}"}
        for q, given in answers.items()
        for s, option in given.items()
    )
    return g, {q: f"{q}-0" for q, given in answers.items() if given}


def precision(chosen: dict[str, str], truth: dict[str, str]) -> float:
    """The share of questions answered whose chosen answer is true."""
    return sum(chosen.get(q) == t for q, t in truth.items()) / max(len(truth), 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="corpora per scenario")
    parser.add_argument("--quick", action="store_true", help="one scenario, one seed (CI)")
    args = parser.parse_args(argv)
    chosen = [Scenario(0.3, 6, 1.0)] if args.quick else list(scenarios())
    seeds = 1 if args.quick else args.seeds
    print(f"{'scenario':<44} {'vote':>12} {'accuvote':>12} {'accucopy':>12}")
    print(f"{'':<44} {'mean  min':>12} {'mean  min':>12} {'mean  min':>12}")
    for scenario in chosen:
        scores: dict[str, list[float]] = {"vote": [], "accuvote": [], "accucopy": []}
        for seed in range(seeds):
            g, truth = corpus(scenario, seed)
            scores["vote"].append(precision(majority(g), truth))
            plain = pv.discover_truth(g, detect_copying=False)
            scores["accuvote"].append(precision(dict(plain.answers), truth))
            scores["accucopy"].append(precision(dict(pv.discover_truth(g).answers), truth))
        cells = " ".join(f"{sum(s) / len(s):>6.3f}{min(s):>6.3f}" for s in scores.values())
        print(f"{scenario!s:<44} {cells}", flush=True)


if __name__ == "__main__":
    main()
