"""Hidden copying and truth discovery, on synthetic corpora with planted copier groups."""

from __future__ import annotations

import collections
import functools
import itertools
import operator
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from benchmarks import planted
from benchmarks.flight import majority
from provenance import copying
from provenance._arrays import Floats, Ints
from provenance.cli import main
from provenance.copying import wording
from provenance.copying.dependence import RATE_WEIGHT
from provenance.copying.wording import WordingMatch
from provenance.records import claim_ids, claims_by_id, reports_by_source, sources_by_id
from tests.strategies import SOURCE_IDS

Evidence = tuple[int, float, int, list[int]]

WORDS = [
    "troops",
    "border",
    "convoy",
    "village",
    "shelling",
    "drone",
    "strike",
    "bridge",
    "report",
    "officials",
    "said",
    "morning",
    "night",
    "column",
    "artillery",
    "positions",
    "civilians",
    "evacuated",
    "city",
    "region",
    "front",
    "units",
    "tanks",
    "supply",
    "depot",
    "attack",
    "defence",
    "forces",
    "statement",
    "minister",
    "spokesman",
    "confirmed",
    "denied",
    "claimed",
    "video",
    "footage",
    "images",
    "satellite",
    "analysts",
    "according",
]


Planted = tuple[set[frozenset[str]], set[frozenset[str]]]


def value_corpus(seed: int) -> tuple[pv.ProvenanceGraph, Planted, dict[str, str]]:
    """Questions with four answers; twelve independent sources of varied accuracy, and
    two planted groups of copiers, each copying one original 80% of the time.

    Returns the graph; the planted copying (each copier with its original) and the
    planted groups' pairs (any two of a group, since copiers of one original agree with
    each other too); and the truth.
    """
    rng = random.Random(seed)
    g = pv.ProvenanceGraph()
    independent = {f"s{i}": rng.uniform(0.55, 0.85) for i in range(12)}
    groups = {"s0": ["c0a", "c0b", "c0c"], "s1": ["c1a", "c1b"]}
    for source in [*independent, *itertools.chain(*groups.values())]:
        g.add_source(source)
    truth = {}
    answers: dict[str, dict[str, int]] = {}
    for q in range(150):
        question = f"q{q}"
        truth[question] = f"{question}-0"
        for option in range(4):
            g.add_claim(f"{question}-{option}", question=question)
        answers[question] = {}
        for source, accuracy in independent.items():
            if rng.random() < 0.85:
                right = rng.random() < accuracy
                answers[question][source] = 0 if right else rng.randrange(1, 4)
        for original, copiers in groups.items():
            for copier in copiers:
                if original in answers[question] and rng.random() < 0.8:
                    answers[question][copier] = answers[question][original]
                elif rng.random() < 0.5:
                    answers[question][copier] = 0 if rng.random() < 0.7 else rng.randrange(1, 4)
    g.add_reports(
        {"source": s, "claim": f"{question}-{option}"}
        for question, given in answers.items()
        for s, option in given.items()
    )
    direct = {
        frozenset((copier, original)) for original, copiers in groups.items() for copier in copiers
    }
    within = {
        frozenset(pair)
        for original, copiers in groups.items()
        for pair in itertools.combinations([original, *copiers], 2)
    }
    return g, (direct, within), truth


def wording_corpus(seed: int) -> tuple[pv.ProvenanceGraph, set[tuple[str, str]]]:
    """Claims reported by ten outlets in their own words, and planted copiers that take
    an original's text, trim it and add a line, published an hour later (two of them
    copy one original, so they share its wording with each other too)."""
    rng = random.Random(seed)
    g = pv.ProvenanceGraph()
    outlets = [f"o{i}" for i in range(10)]
    copiers = {"k1": "o0", "k2": "o0", "k3": "o5"}
    for source in [*outlets, *copiers]:
        g.add_source(source)
    for c in range(30):
        claim = f"c{c}"
        g.add_claim(claim)
        texts = {}
        for outlet in outlets:
            texts[outlet] = " ".join(rng.choice(WORDS) for _ in range(40))
            g.add_report(outlet, claim, text=texts[outlet], published=f"2024-12-26T09:{c:02d}")
        for copier, original in copiers.items():
            words = texts[original].split()[rng.randrange(0, 5) :]
            text = "Update: " + " ".join(words) + " More follows."
            g.add_report(copier, claim, text=text, published=f"2024-12-26T10:{c:02d}")
    return g, set(copiers.items())


def precision_recall(
    found: set[frozenset[str]], planted: set[frozenset[str]]
) -> tuple[float, float]:
    hits = len(found & planted)
    return hits / max(len(found), 1), hits / len(planted)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shared_values_find_the_planted_copier_groups(seed: int) -> None:
    g, (direct, within), _ = value_corpus(seed)
    copies = pv.suspect_copying(g, wording=False)
    found = {frozenset((c.copier, c.original)) for c in copies}
    precision = len(found & within) / max(len(found), 1)  # every pair found is in a group
    recall = len(found & direct) / len(direct)  # every planted copier is found
    assert precision >= 0.9, sorted(map(sorted, found - within))
    assert recall >= 0.9, sorted(map(sorted, direct - found))
    evidence = copies[0].evidence[0]
    assert "shared answers alike" in evidence and "likely false" in evidence


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shared_wording_finds_the_planted_copiers_and_their_direction(seed: int) -> None:
    g, planted = wording_corpus(seed)
    copies = pv.suspect_copying(g, values=False)
    found = {(c.copier, c.original) for c in copies}
    group = {frozenset(p) for p in planted} | {frozenset(("k1", "k2"))}
    precision = len({frozenset(p) for p in found} & group) / len(found)
    recall = len(found & planted) / len(planted)  # with the direction: later copies
    assert precision >= 0.9 and recall >= 0.9, found
    assert len(found) == len({frozenset(p) for p in found})  # one direction a pair
    k1 = next(c for c in copies if (c.copier, c.original) == ("k1", "o0"))
    assert len(k1.claims) == 30
    assert k1.evidence[0].startswith("the wording matches o0's on 30 claims, up to (0.")
    assert k1.evidence[1] == "published 60 minutes after"


@pytest.mark.parametrize("seed", [1, 2])
def test_copy_detection_makes_truth_discovery_more_precise(seed: int) -> None:
    g, _, truth = value_corpus(seed)
    plain = pv.discover_truth(g, detect_copying=False)
    found = pv.discover_truth(g)

    def precision(estimate: pv.TruthEstimate) -> float:
        return sum(estimate.answers[q] == t for q, t in truth.items()) / len(truth)

    assert precision(found) >= precision(plain)
    assert precision(found) >= 0.9
    copiers = {c.copier for c in found.copying} | {c.original for c in found.copying}
    assert {"c0a", "c0b", "c1a"} <= copiers
    assert set(found.accuracy) == set(sources_by_id(g))
    assert all(0 < a < 1 for a in found.accuracy.values())


@pytest.mark.parametrize("original", [0.3, 0.6])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_group_of_mirrors_does_not_outvote_the_count(original: float, seed: int) -> None:
    # Two groups of six sources giving one original's answers whole, among twelve
    # independent ones. Judged against its own votes such a group vouched for itself, and
    # truth discovery fell below a plain count (seed 1: 0.47 against 0.70 for a 0.3
    # original, 0.74 against 0.87 for 0.6) until each source was judged without the
    # sources it is tied to.
    g, truth = planted.corpus(planted.Scenario(original, 6, 1.0), seed)
    vote = planted.precision(majority(g), truth)
    found = planted.precision(dict(pv.discover_truth(g).answers), truth)
    assert found > vote


def test_suspected_copying_merges_lines_and_is_named() -> None:
    g = pv.ProvenanceGraph()
    for s in ("reuters", "bbc", "cnn"):
        g.add_source(s, name=s.upper())
    g.add_claim("c", "Troops crossed the border")
    words = "Troops crossed the border at dawn on Monday, officials told reporters there."
    g.add_report("reuters", "c", text=words, published="2024-12-26T09:00")
    g.add_report("bbc", "c", text=words + " More soon.", published="2024-12-26T09:05")
    g.add_report("cnn", "c", text="An entirely different account of the day's events.")
    assert g.corroboration("c").independent_likely == 3  # nothing suspected yet
    h = g.with_suspected(pv.suspect_copying(g))
    c = h.corroboration("c")
    assert (c.independent, c.independent_likely, c.independent_max) == (1, 2, 3)
    assert [(s.copier, s.original) for s in c.suspected] == [("bbc", "reuters")]
    assert "BBC probably copied REUTERS" in c.explain()
    assert "the wording matches REUTERS's" in c.explain()
    assert "Counting that as copying, 2 lines likely." in c.explain()
    assert c.to_dict()["suspected"][0]["copier"] == "bbc"
    assert tuple(h.suspected()) == c.suspected
    assert g.suspected() == []  # the original graph is untouched


def test_suspected_copying_is_checked_and_kept_apart(tmp_path: Path) -> None:
    g = pv.ProvenanceGraph()
    for s in ("a", "b", "c"):
        g.add_source(s)
    g.add_claims([{"id": "x"}, {"id": "y"}])
    g.add_report("a", "x")
    g.add_report("b", "x")
    with pytest.raises(pv.ValidationError, match="'c' has no report on 'x'"):
        g.add_suspected(pv.SuspectedCopy("c", "a", ["x"], 0.9))
    with pytest.raises(pv.ValidationError, match="cannot copy from itself"):
        pv.SuspectedCopy("a", "a", ["x"], 0.9)
    with pytest.raises(pv.ValidationError, match="probability must be a number in"):
        pv.SuspectedCopy("a", "b", ["x"], 1.5)
    g.add_suspected({"copier": "b", "original": "a", "claims": ["x"], "probability": 0.9})
    with pytest.raises(pv.DuplicateReportError, match="suspected already"):
        g.add_suspected(pv.SuspectedCopy("b", "a", ["x"], 0.7))
    assert g.report("b", "x").via == ()  # a suspected via is never a declared one
    assert g.corroboration("x").independent == 1


@pytest.mark.parametrize("suffix", pv.formats.SUFFIXES)
def test_suspected_copying_travels_through_every_format(tmp_path: Path, suffix: str) -> None:
    g = pv.ProvenanceGraph()
    for s in ("a", "b"):
        g.add_source(s)
    g.add_claim("x")
    g.add_report("a", "x", text="Original words, as published.")
    g.add_report("b", "x", text="Original words, as published. Copied.")
    g.add_suspected(pv.SuspectedCopy("b", "a", ["x"], 0.875, ["the wording matches A's (0.75)"]))
    path = tmp_path / f"story{suffix}"
    g.save(path)
    again = pv.load(path)
    assert again == g
    assert again.suspected() == g.suspected()
    assert again.report("b", "x").text == "Original words, as published. Copied."
    assert again.report("b", "x").via == ()


def test_copies_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    g, planted = wording_corpus(4)
    path = g.save(tmp_path / "story.json")
    assert main(["copies", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["copier", "original", "probability", "claims", "evidence"]
    assert planted <= {tuple(line.split()[:2]) for line in out[1:]}
    assert main(["copies", str(path), "--json"]) == 0
    import json

    printed = capsys.readouterr().out
    data = json.loads(printed)
    assert planted <= {(d["copier"], d["original"]) for d in data}
    assert printed == json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # as one dump
    assert main(["check", str(path), "--suspect", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    # 13 unsourced outlets could be 13 lines; the 3 copiers are not: 10 are likely.
    assert {(r["independent_max"], r["independent_likely"]) for r in results} == {(13, 10)}


def test_the_page_draws_suspected_copying_apart() -> None:
    from tests.test_render import Page, page_data

    g = pv.ProvenanceGraph()
    for s in ("reuters", "bbc"):
        g.add_source(s, name=s.upper())
    g.add_claim("c")
    g.add_report("reuters", "c")
    g.add_report("bbc", "c")
    g = g.with_suspected([pv.SuspectedCopy("bbc", "reuters", ["c"], 0.93, ["wording 0.93"])])
    data = page_data(Page(g.to_html()))
    (edge,) = [e for e in data["edges"] if e.get("dashes") == [1, 4]]
    assert edge["title"] == "suspected copying (0.93): wording 0.93"
    by_id = {n["id"]: n["tip"][0] for n in data["nodes"]}
    assert (by_id[edge["from"]], by_id[edge["to"]]) == ("REUTERS", "BBC")
    panel = next(iter(data["claims"].values()))
    assert "BBC probably copied REUTERS (0.93): wording 0.93." in panel["explanation"]


def test_learned_accuracy_can_feed_support() -> None:
    g, _, _ = value_corpus(5)
    estimate = pv.discover_truth(g)
    learned = estimate.support_model()
    assert dict(learned.sources) == pytest.approx(estimate.accuracy)
    worst = min(estimate.accuracy, key=estimate.accuracy.__getitem__)
    claim = next(c for c in claim_ids(g) if worst in reports_by_source(g, c))
    fed = g.corroboration(claim, model=learned)
    # Nobody declares a source here: a claim's line is its best plain outlet alone,
    # worth that outlet's learned accuracy instead of the ungraded 0.6.
    best = max(estimate.accuracy[s] for s in fed.unsourced)
    assert fed.own_support == pytest.approx(best) != g.corroboration(claim).own_support
    with pytest.raises(pv.ValidationError, match="the chance of 'a' must be in"):
        pv.SupportModel(sources={"a": 2.0})


# Mass copying: more than 50 reports of one wording are a group, never silence.


def same_text(n: int) -> pv.ProvenanceGraph:
    """`n` sources publishing one text on one claim, a minute apart."""
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(n))
    g.add_claim("c")
    text = "Troops crossed the border at dawn on Monday, officials told reporters there."
    g.add_reports(
        {
            "source": f"s{i}",
            "claim": "c",
            "text": text,
            "published": f"2024-12-26T{9 + i // 60:02d}:{i % 60:02d}",
        }
        for i in range(n)
    )
    return g


@pytest.mark.parametrize("n", [51, 200])
def test_mass_copying_is_reported_as_a_group(n: int) -> None:
    g = same_text(n)
    copies = pv.suspect_copying(g)
    assert len(copies) == n - 1  # one record per copier, not one per pair
    assert {c.original for c in copies} == {"s0"}  # the earliest publisher
    assert {c.copier for c in copies} == {f"s{i}" for i in range(1, n)}
    for copy in copies:
        assert copy.claims == ("c",) and copy.probability == 1.0
        assert copy.evidence[:2] == (
            "the wording matches s0's (1.00)",
            f"one of {n} reports with the same wording",
        )
    assert g.with_suspected(copies).corroboration("c").independent_likely == 1


def test_mass_copying_stands_out_from_shared_boilerplate() -> None:
    """Eighty outlets open with one stock sentence and go on in their own words; then
    seventy repeat one text. Only the seventy are a group, after the earliest of them."""
    rng = random.Random(1)
    stock = "The ministry of defence said in a statement on Monday that the situation remained calm"
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"own{i}"} for i in range(80))
    g.add_sources({"id": f"copy{i}"} for i in range(70))
    g.add_claim("c")
    copied = " ".join(rng.choice(WORDS) for _ in range(50))
    g.add_reports(
        {
            "source": f"own{i}",
            "claim": "c",
            "published": f"2024-12-26T09:{i % 60:02d}",
            "text": stock + " " + " ".join(rng.choice(WORDS) + str(i) for _ in range(40)),
        }
        for i in range(80)
    )
    g.add_reports(
        {
            "source": f"copy{i}",
            "claim": "c",
            "text": f"{stock} {copied}",
            "published": f"2024-12-26T{10 + i // 60}:{i % 60:02d}",
        }
        for i in range(70)
    )
    copies = pv.suspect_copying(g)
    assert {(c.original, c.evidence[1]) for c in copies} == {
        ("copy0", "one of 70 reports with the same wording")
    }
    assert {c.copier for c in copies} == {f"copy{i}" for i in range(1, 70)}


def test_a_value_given_by_many_copiers_is_reported_as_a_group() -> None:
    """A wrong answer 120 sources give and nothing else: 119 records, not 7,140."""
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(400))
    g.add_claims({"id": f"q-{k}", "question": "q"} for k in range(4))
    g.add_reports({"source": f"s{i}", "claim": "q-1" if i % 10 < 3 else "q-0"} for i in range(400))
    estimate = pv.discover_truth(g)
    assert estimate.answers == {"q": "q-0"}
    assert len(estimate.copying) == 119
    assert {c.original for c in estimate.copying} == {"s0"}  # least accurate, then first
    assert estimate.copying[0].evidence[1] == "one of 120 sources giving the same answer"
    pairwise = pv.discover_truth(g, max_common=200)  # the same chances, pair by pair
    assert len(pairwise.copying) == 120 * 119 // 2
    chance = estimate.copying[0].probability
    assert [c.probability for c in pairwise.copying] == pytest.approx([chance] * 7140)


# The sparse implementation held equal to a straightforward dense one, on small stores.

FLOOR = 1e-9


def dense_table(g: pv.ProvenanceGraph) -> tuple[list[str], list[str], list[int], Ints]:
    """(values, items, item of each value, sources × items matrix of value indices)."""
    free = [c for c in claim_ids(g) if claims_by_id(g)[c].question is None]
    ties: nx.Graph[str] = nx.Graph()
    ties.add_nodes_from(free)
    ties.add_edges_from((a, b) for a, b in g.contradictions() if a in free and b in free)
    groups = {q: g.answers(q) for q in g.questions}
    for component in nx.connected_components(ties):
        claims = sorted(component, key=claim_ids(g).index)
        groups[claims[0]] = claims
    values = [claim for claims in groups.values() for claim in claims]
    item_of = [item for item, claims in enumerate(groups.values()) for _ in claims]
    rows = [s.id for s in g.sources]
    provided = np.full((len(rows), len(groups)), -1)
    for value, claim in enumerate(values):
        for source, report in reports_by_source(g, claim).items():
            live = not report.implicit and report.retracted is None
            if live and provided[rows.index(source), item_of[value]] < 0:
                provided[rows.index(source), item_of[value]] = value
    return values, list(groups), item_of, provided


def dense_dependence(
    provided: Ints, item_of: list[int], truth: Floats, accuracy: Floats, alpha: float, c: float
) -> tuple[Floats, dict[tuple[int, int], Evidence], Floats]:
    """Every pair's chances of copying both ways, its evidence, and how much of what it
    shares a copier in it copies, pair by pair."""
    n_false = np.maximum(np.bincount(item_of) - 1, 1).astype(float)
    copies = np.zeros((len(provided),) * 2)
    rates = np.full((len(provided),) * 2, c)
    evidence: dict[tuple[int, int], Evidence] = {}
    for a, b in itertools.combinations(range(len(provided)), 2):
        both = [i for i in range(provided.shape[1]) if provided[a, i] >= 0 and provided[b, i] >= 0]
        if not both:
            continue
        ka, kb = accuracy[a], accuracy[b]
        logs = [0.0, 0.0, 0.0]
        same = [i for i in both if provided[a, i] == provided[b, i]]
        for i in both:
            nf = n_false[i]
            if i in same:
                false = 1 - truth[provided[a, i]]
                both_false = (1 - ka) * (1 - kb) * (1 - c) / nf
                logs[0] += false * np.log(max((1 - ka) * (1 - kb) / nf, FLOOR))
                logs[1] += false * np.log(max((1 - ka) * c + both_false, FLOOR))
                logs[2] += false * np.log(max((1 - kb) * c + both_false, FLOOR))
            else:
                differ = np.log(max(1 - ka * kb - (1 - ka) * (1 - kb) / nf, FLOOR))
                logs = [
                    logs[0] + differ,
                    *(x + differ + np.log(max(1 - c, FLOOR)) for x in logs[1:]),
                ]
        logits = np.array(
            [np.log(1 - 2 * alpha) + logs[0], np.log(alpha) + logs[1], np.log(alpha) + logs[2]]
        )
        weights = np.exp(logits - logits.max())
        copies[b, a], copies[a, b] = weights[1:] / weights.sum()
        expected = sum(max(1 - ka * kb - (1 - ka) * (1 - kb) / n_false[i], FLOOR) for i in both)
        differ_share = (len(both) - len(same) + RATE_WEIGHT * (1 - c)) / (expected + RATE_WEIGHT)
        rates[a, b] = rates[b, a] = min(max(1 - differ_share, 0.0), 1.0)
        false = sum(1 - truth[provided[a, i]] for i in same)
        evidence[a, b] = (len(same), false, len(both) - len(same), [provided[a, i] for i in same])
    return copies, evidence, rates


def dense_votes(
    provided: Ints, item_of: list[int], accuracy: Floats, copies: Floats, rates: Floats
) -> tuple[Floats, Floats]:
    """Each value's vote and each source's ballot per item: its providers' votes, most
    accurate first, each discounted by its chance of copying every provider counted
    before it, times how much of what they share it copies."""
    n_false = np.maximum(np.bincount(item_of) - 1, 1).astype(float)
    votes = np.zeros(len(item_of))
    ballots = np.zeros(provided.shape)
    for value, item in enumerate(item_of):
        rows = sorted(np.flatnonzero(provided[:, item] == value), key=lambda s: (-accuracy[s], s))
        for k, s in enumerate(rows):
            weight = np.prod([max(1 - rates[s, t] * copies[s, t], 0.0) for t in rows[:k]])
            ballots[s, item] = (
                np.log(accuracy[s] / (1 - accuracy[s])) + np.log(n_false[item])
            ) * weight
            votes[value] += ballots[s, item]
    return votes, ballots


def dense_chances(item_of: list[int], votes: Floats) -> Floats:
    """Each value's chance of being true: exp(vote) over its item's sum."""
    truth = np.zeros(len(item_of))
    for item in set(item_of):
        values = [v for v, i in enumerate(item_of) if i == item]
        exp = np.exp(votes[values] - votes[values].max())
        truth[values] = exp / exp.sum()
    return truth


def dense_accuracy(
    provided: Ints,
    item_of: list[int],
    votes: Floats,
    ballots: Floats,
    copies: Floats,
    rates: Floats,
    before: Floats,
) -> Floats:
    """Each source's mean chance of being right by the votes without its own ballot and
    its tied partners' (chance of copying either way times the rate, at most 1)."""
    new: Floats = before.copy()
    for s in range(len(provided)):
        chances = []
        for item in np.flatnonzero(provided[s] >= 0):
            value = provided[s, item]
            own = ballots[s, item] + sum(
                ballots[t, item] * min((copies[s, t] + copies[t, s]) * rates[s, t], 1.0)
                for t in np.flatnonzero(provided[:, item] == value)
                if t != s
            )
            kept = votes[value] - own
            others = [votes[v] for v, i in enumerate(item_of) if i == item and v != value]
            against = np.logaddexp.reduce(np.array(others) - kept) if others else -np.inf
            chances.append(float(np.exp(-np.logaddexp(0.0, against))))
        if chances:  # summed ascending
            new[s] = functools.reduce(operator.add, sorted(chances), 0.0) / len(chances)
    return new


def dense_truth(
    g: pv.ProvenanceGraph,
    *,
    detect_copying: bool = True,
    copy_prior: float = 0.2,
    copy_rate: float = 0.8,
    min_probability: float = 0.5,
    max_rounds: int = 30,
    tolerance: float = 1e-4,
    max_accuracy: float = 0.95,
    **_: object,
) -> pv.TruthEstimate:
    """discover_truth, written out over dense matrices and every pair of sources."""
    values, items, item_of, provided = dense_table(g)
    sources = [s.id for s in g.sources]
    grades = pv.SupportModel()._grades
    accuracy = np.array(
        [
            grades[s.reliability] if s.reliability not in (None, pv.Reliability.F) else 0.8
            for s in g.sources
        ]
    )
    known = np.zeros((len(sources),) * 2)
    for claim in claim_ids(g):
        for source, report in reports_by_source(g, claim).items():
            for upstream in report.via:
                known[sources.index(source), sources.index(upstream)] = 1.0
    copies, truth, rounds = known, np.full(len(values), 0.5), 0
    rates = np.full((len(sources),) * 2, copy_rate)  # the model's rate until estimated
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - the count is returned
        votes, ballots = dense_votes(provided, item_of, accuracy, copies, rates)
        truth = dense_chances(item_of, votes)
        mean = dense_accuracy(provided, item_of, votes, ballots, copies, rates, accuracy)
        new = np.asarray(np.round(np.clip(mean, 0.01, max_accuracy), 12), dtype=np.float64)
        moved = float(np.max(np.abs(new - accuracy), initial=0.0))
        accuracy = new
        if detect_copying:
            chances, _evidence, estimated = dense_dependence(
                provided, item_of, truth, accuracy, copy_prior, copy_rate
            )
            dependence = np.maximum(chances, known)
            declared = (known > 0) | (known.T > 0)
            rates = np.where(declared, copy_rate, estimated)
            moved = max(moved, float(np.max(np.abs(dependence - copies), initial=0.0)))
            copies = dependence
        if moved < tolerance:
            break
    found = []
    chances, evidence, _rates = dense_dependence(
        provided, item_of, truth, accuracy, copy_prior, copy_rate
    )
    for (a, b), (same, false, differ, alike) in evidence.items() if detect_copying else ():
        either = chances[a, b] + chances[b, a]
        if either >= min_probability:
            copier, original = (b, a) if chances[b, a] >= chances[a, b] else (a, b)
            alike_ = f"{same} of {same + differ} shared answers alike"
            said = f"{alike_}, about {false:.0f} of them likely false"
            found.append(
                pv.SuspectedCopy(
                    sources[copier],
                    sources[original],
                    [values[v] for v in alike],
                    min(either, 1.0),
                    [said],
                )
            )
    answers = {
        name: values[max((v for v, i in enumerate(item_of) if i == item), key=lambda v: truth[v])]
        for item, name in enumerate(items)
    }
    return pv.TruthEstimate(
        answers,
        dict(zip(values, truth, strict=True)),
        dict(zip(sources, accuracy, strict=True)),
        tuple(found),
        rounds,
    )


def dense_wording(
    reports: list[pv.Report], *, k: int = 5, min_containment: float = 0.5, max_common: int = 50
) -> list[WordingMatch]:
    """Shared wording, pair by pair over Python sets of shingles."""
    texts = [r for r in reports if r.text and not r.implicit and re.findall(r"\w+", r.text)]
    sets: list[set[tuple[str, ...]]] = []
    for r in texts:
        words = re.findall(r"\w+", (r.text or "").lower())
        sets.append(
            {tuple(words)}
            if len(words) <= k
            else {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}
        )
    holders: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for n, (r, shingles) in enumerate(zip(texts, sets, strict=True)):
        for s in shingles:
            holders.setdefault((r.claim, s), []).append(n)
    shared = collections.Counter(
        (a, b)
        for held in holders.values()
        if 2 <= len(held) <= max_common
        for a, b in itertools.combinations(held, 2)
        if texts[a].source != texts[b].source
    )
    found: list[WordingMatch] = []
    for (a, b), common in shared.items():
        in_a, in_b = common / len(sets[a]), common / len(sets[b])
        copier, original = wording._direction(texts[a], texts[b], in_a, in_b)
        containment = in_a if copier is texts[a] else in_b
        if containment >= min_containment:
            found.append((copier, original, containment))
    return sorted(found, key=lambda m: (-m[2], m[0].source, m[1].source, m[0].claim))


@st.composite
def truth_graphs(draw: st.DrawFn) -> pv.ProvenanceGraph:
    """A few sources, graded or not, answering questions and contradicting claims, some
    citing others, some retracted, some with text from a tiny vocabulary."""
    g = pv.ProvenanceGraph()
    sources = SOURCE_IDS[: draw(st.integers(2, 8))]
    for s in sources:
        g.add_source(s, reliability=draw(st.sampled_from([None, *"ABCDEF"])))
    claims = []
    for q in range(draw(st.integers(1, 3))):
        for k in range(draw(st.integers(1, 4))):
            claims.append(g.add_claim(f"q{q}-{k}", question=f"q{q}").id)
    free = [g.add_claim(f"c{k}").id for k in range(draw(st.integers(0, 3)))]
    for a, b in (
        draw(st.lists(st.tuples(st.sampled_from(free), st.sampled_from(free)), max_size=2))
        if free
        else ()
    ):
        if a != b:
            g.add_contradiction(a, b)
    text = st.lists(
        st.sampled_from(["troops", "crossed", "the", "border", "at", "dawn", "said"]),
        min_size=1,
        max_size=9,
    ).map(" ".join)
    for claim in claims + free:
        for s in draw(st.lists(st.sampled_from(sources), unique=True)):
            g.add_report(
                s,
                claim,
                via=draw(st.lists(st.sampled_from([t for t in sources if t != s]), max_size=1)),
                retracted=draw(st.sampled_from([None, None, None, "2024-12-28"])),
                text=draw(st.none() | text),
                published=draw(
                    st.none()
                    | st.sampled_from(["2024-12-26T09:00", "2024-12-26T09:30", "2024-12-26"])
                ),
            )
    return g


def same_copying(found: Sequence[pv.SuspectedCopy], expected: Sequence[pv.SuspectedCopy]) -> None:
    assert {(c.copier, c.original) for c in found} == {(c.copier, c.original) for c in expected}
    by_pair = {(c.copier, c.original): c for c in expected}
    for copy in found:
        other = by_pair[copy.copier, copy.original]
        assert (copy.claims, copy.evidence) == (other.claims, other.evidence)
        assert copy.probability == pytest.approx(other.probability, rel=1e-9, abs=1e-12)


OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "detect_copying": st.booleans(),
        "copy_rate": st.sampled_from([0.5, 0.8, 1.0]),
        "min_probability": st.sampled_from([0.05, 0.3, 0.5, 0.9]),
        "max_rounds": st.integers(0, 4),
    },
)


@settings(max_examples=300, deadline=None)
@given(truth_graphs(), OPTIONS)
def test_sparse_truth_discovery_equals_the_dense_reference(
    g: pv.ProvenanceGraph, options: dict[str, Any]
) -> None:
    found, expected = pv.discover_truth(g, **options), dense_truth(g, **options)
    assert found.rounds == expected.rounds
    assert found.probability == pytest.approx(expected.probability, rel=1e-9, abs=1e-12)
    assert found.accuracy == pytest.approx(expected.accuracy, rel=1e-9, abs=1e-12)
    assert found.answers.keys() == expected.answers.keys()
    for item, answer in found.answers.items():  # the likeliest answer, whichever of a tie
        best = expected.probability[expected.answers[item]]
        assert found.probability[answer] == pytest.approx(best, rel=1e-9, abs=1e-12)
    same_copying(found.copying, expected.copying)


@settings(max_examples=200, deadline=None)
@given(truth_graphs(), st.sampled_from([1, 2, 50]), st.sampled_from([0.2, 0.5, 1.0]))
def test_sparse_copy_detection_equals_the_dense_reference(
    g: pv.ProvenanceGraph, max_common: int, containment: float
) -> None:
    reports = g.reports()
    assert wording.wording_matches(
        reports, k=3, min_containment=containment, max_common=max_common
    ) == dense_wording(reports, k=3, min_containment=containment, max_common=max_common)
    found = pv.suspect_copying(g, min_probability=containment / 2)
    plain = wording.Wording(tuple(dense_wording(g.reports())), ())
    with (
        mock.patch.object(copying, "discover_truth", dense_truth),
        mock.patch.object(copying, "find_wording", return_value=plain),
    ):
        expected = pv.suspect_copying(g, min_probability=containment / 2)
    same_copying(found, expected)
