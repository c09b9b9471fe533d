"""The columnar engine against the per-claim one: equal on every claim."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance import assessing
from provenance.engine import FLAGS, columns_of, corroborations, score_columns
from provenance.records import claim_ids, rivals
from provenance.scoring.result import Detail
from provenance.scoring.score import LaterDetail, Scorer
from tests.strategies import SOURCE_IDS, corpora


def _per_claim(g: pv.ProvenanceGraph, model: pv.SupportModel | None) -> list[tuple[object, ...]]:
    results = g.assess(model=model, engine="records")
    return [
        (
            c.independent,
            c.independent_max,
            c.independent_likely,
            c.support,
            c.own_support,
            int(c.credibility),
            c.flags,
        )
        for c in results.values()
    ]


def _bulk(g: pv.ProvenanceGraph, model: pv.SupportModel | None) -> list[tuple[object, ...]]:
    s = g.claim_scores(model=model)  # the columnar engine, through the graph
    assert s.claim_ids == tuple(claim_ids(g))
    return [
        (
            int(s.independent[i]),
            int(s.independent_max[i]),
            int(s.independent_likely[i]),
            float(s.support[i]),
            float(s.own_support[i]),
            int(s.credibility[i]),
            s.flags_of(i),
        )
        for i in range(len(s.claim_ids))
    ]


@settings(max_examples=300, deadline=None)
@given(corpora(), st.none() | st.dictionaries(st.sampled_from(SOURCE_IDS), st.floats(0, 1)))
def test_both_engines_agree_on_every_claim(
    g: pv.ProvenanceGraph, learned: dict[str, float] | None
) -> None:
    """Counts, range, flags, credibility and support (the floats bit for bit), with the
    default model and with learned per-source chances."""
    model = None if learned is None else pv.SupportModel(sources=learned)
    assert _bulk(g, model) == _per_claim(g, model)


@settings(max_examples=300, deadline=None)
@given(corpora(relays=True))
def test_both_engines_find_the_same_witness_where_lines_compete(g: pv.ProvenanceGraph) -> None:
    """Support weighs one witness set of lines: where lines compete for attributed
    relays, both engines must search in the same order to weigh the same lines."""
    assert _bulk(g, None) == _per_claim(g, None)


def test_the_seed_story_scores_the_same() -> None:
    g = pv.load("examples/pow_article.yaml")
    assert _bulk(g, None) == _per_claim(g, None)
    scores = score_columns(columns_of(g))
    injured = scores.claim_ids.index("injured")
    assert scores.flags_of(injured) == g.corroboration("injured").flags


def test_every_flag_is_raised_somewhere() -> None:
    """The comparison above means something: across random corpora, each flag column and
    each credibility grade is reached."""
    seen_flags = np.zeros(len(FLAGS), dtype=bool)
    grades: set[int] = set()

    @settings(max_examples=200, deadline=None, database=None)
    @given(corpora())
    def collect(g: pv.ProvenanceGraph) -> None:
        s = score_columns(columns_of(g))
        seen_flags[:] |= s.flags.any(axis=0)
        grades.update(s.credibility.tolist())

    collect()
    assert seen_flags.all(), [f for f, seen in zip(FLAGS, seen_flags, strict=True) if not seen]
    assert grades == {1, 2, 3, 4, 5, 6}


def _records(g: pv.ProvenanceGraph, model: pv.SupportModel | None) -> dict[str, object]:
    """Each claim's record by the per-claim engine alone (a scorer of its own, so that
    the graph's keeps nothing), as JSON: every field, the detail, common links and
    explanation included."""
    scorer = Scorer(g, model)
    return {c: scorer.corroboration(c).to_dict() for c in claim_ids(g)}


@settings(max_examples=200, deadline=None)
@given(corpora(), st.none() | st.dictionaries(st.sampled_from(SOURCE_IDS), st.floats(0, 1)))
def test_the_engines_records_equal_the_per_claim_ones(
    g: pv.ProvenanceGraph, learned: dict[str, float] | None
) -> None:
    """Whole records: numbers from the columnar engine, detail worked out on first use."""
    model = None if learned is None else pv.SupportModel(sources=learned)
    made = corroborations(g, model)
    expected = _records(g, model)
    assert list(made) == list(expected)
    for claim, record in made.items():
        assert record == Scorer(g, model).corroboration(claim)
        assert record.to_dict() == expected[claim]


@settings(max_examples=50, deadline=None)
@given(corpora(relays=True))
def test_assess_scores_many_claims_at_once_with_the_same_results(
    g: pv.ProvenanceGraph,
) -> None:
    """From COLUMNS_FROM claims to score, assess() takes the columnar engine; then a
    change rescores only the claim it touches, by the per-claim engine."""
    expected = _records(g, None)
    claim = claim_ids(g)[0]
    touched = {claim, *rivals(g, claim)}  # a change restamps the claim and its rivals
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assessing, "COLUMNS_FROM", len(claim_ids(g)))
        results = g.assess()
        assert all(isinstance(r.detail, LaterDetail) for r in results.values())
        assert {c: r.to_dict() for c, r in results.items()} == expected
        g.add_source("newcomer")
        g.add_report("newcomer", claim, firsthand=True)
        again = g.assess()
    if len(touched) < len(claim_ids(g)):  # too few to score at once: one by one
        assert isinstance(again[claim].detail, Detail)
    assert {c: r.to_dict() for c, r in again.items()} == _records(g, None)
    assert all(again[c] is results[c] for c in claim_ids(g) if c not in touched)


def test_a_large_graph_is_assessed_by_the_columnar_engine() -> None:
    g = pv.ProvenanceGraph()
    g.add_source("wire")
    for i in range(assessing.COLUMNS_FROM):
        g.add_source(f"outlet{i}")
        g.add_claim(f"c{i}")
        g.add_report(f"outlet{i}", f"c{i}", via=["wire"])
    results = g.assess()
    assert all(isinstance(r.detail, LaterDetail) for r in results.values())
    record = pickle.loads(pickle.dumps(results["c7"]))  # a pending detail pickles
    assert record.lines == (("wire", "outlet7"),) and record == results["c7"]
