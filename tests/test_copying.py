"""Hidden copying and truth discovery, on synthetic corpora with planted copier groups."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

import provenance as pv
from provenance.cli import main

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
    assert set(found.accuracy) == set(g.sources_by_id)
    assert all(0 < a < 1 for a in found.accuracy.values())


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
    claim = next(c for c in g.claim_ids if worst in g.claim_reports(c))
    fed = g.corroboration(claim, model=learned)
    # Nobody declares a source here: a claim's line is its best plain outlet alone,
    # worth that outlet's learned accuracy instead of the ungraded 0.6.
    best = max(estimate.accuracy[s] for s in fed.unsourced)
    assert fed.own_support == pytest.approx(best) != g.corroboration(claim).own_support
    with pytest.raises(pv.ValidationError, match="the chance of 'a' must be in"):
        pv.SupportModel(sources={"a": 2.0})
