"""The engine chosen in plain sight (pv.assess(engine=…)), the numbers-only function,
the scorer taking in results from elsewhere, and the names deprecated for one release."""

from __future__ import annotations

import warnings

import pytest

import provenance as pv
from provenance import assessing, records
from provenance.engine import corroborations
from provenance.scoring.result import Detail
from provenance.scoring.score import LaterDetail, Scorer

SEED = "examples/pow_article.yaml"


def test_each_engine_is_chosen_by_name_with_the_same_results() -> None:
    by_records = pv.assess(pv.load(SEED), engine="records")
    by_columns = pv.assess(pv.load(SEED), engine="columns")
    assert by_records == by_columns
    assert [r.to_dict() for r in by_records.values()] == [r.to_dict() for r in by_columns.values()]
    assert all(isinstance(r.detail, Detail) for r in by_records.values())
    assert all(isinstance(r.detail, LaterDetail) for r in by_columns.values())


def test_auto_takes_the_per_claim_engine_below_columns_from() -> None:
    g = pv.load(SEED)
    assert len(g.claims) < assessing.COLUMNS_FROM
    assert all(isinstance(r.detail, Detail) for r in g.assess().values())


def test_an_unknown_engine_is_one_clear_error() -> None:
    g = pv.load(SEED)
    for bad in ("rows", "", None, 1):
        with pytest.raises(pv.ValidationError, match="engine must be 'auto', 'records'"):
            pv.assess(g, engine=bad)  # type: ignore[arg-type]
        with pytest.raises(pv.ValidationError, match="engine must be"):
            g.flagged("hedged", engine=bad)  # type: ignore[arg-type]


def test_columns_scores_only_what_changed_and_keeps_the_rest() -> None:
    g = pv.load(SEED)
    first = g.assess(engine="columns")
    g.add_source("newcomer")
    g.add_report("newcomer", "troops", firsthand=True)
    again = g.assess(engine="columns")
    touched = {"troops", *g.contradicting("troops")}
    assert all(again[c] is first[c] for c in first if c not in touched)
    assert again["troops"] is not first["troops"]
    assert again == pv.assess(g.copy(), engine="records")


def test_module_functions_take_what_the_methods_take() -> None:
    g = pv.load(SEED)
    assert pv.assess(g, engine="records") == g.assess(engine="records")
    assert pv.flagged(g, "hedged", engine="columns") == g.flagged("hedged", engine="columns")
    a, b = pv.claim_scores(g), g.claim_scores()
    assert a.claim_ids == b.claim_ids and a.independent.tolist() == b.independent.tolist()


def test_claim_scores_hold_the_numbers_of_assess() -> None:
    g = pv.load(SEED)
    scores = pv.claim_scores(g)
    results = pv.assess(g)
    assert list(scores.claim_ids) == list(results)
    assert scores.independent.tolist() == [r.independent for r in results.values()]
    assert [[f.value for f in scores.flags_of(i)] for i in range(len(scores.claim_ids))] == [
        [f.value for f in r.flags] for r in results.values()
    ]


def test_the_scorer_keeps_results_from_elsewhere_until_their_claim_changes() -> None:
    g = pv.load(SEED)
    scorer = Scorer(g)
    assert scorer.stale() == [c.id for c in g.claims]
    made = corroborations(g)
    scorer.keep(made)
    assert scorer.stale() == []
    assert scorer.corroboration("injured") is made["injured"]
    g.add_source("newcomer")
    g.add_report("newcomer", "injured", firsthand=True)
    assert "injured" in scorer.stale()
    assert scorer.corroboration("injured") is not made["injured"]
    scorer.clear()
    assert scorer.stale() == [c.id for c in g.claims]


def test_keep_refuses_what_is_not_the_claims_result_and_changes_nothing() -> None:
    g = pv.load(SEED)
    scorer = Scorer(g)
    made = corroborations(g)
    with pytest.raises(pv.UnknownIdError, match="nowhere"):
        scorer.keep({**made, "nowhere": made["injured"]})
    with pytest.raises(pv.ValidationError, match="the Corroboration of 'troops'"):
        scorer.keep({"injured": made["injured"], "troops": made["injured"]})
    with pytest.raises(pv.ValidationError, match="the Corroboration of 'troops'"):
        scorer.keep({"troops": 3})  # type: ignore[dict-item]
    assert scorer.stale() == [c.id for c in g.claims]  # nothing kept: all or nothing


@pytest.mark.parametrize(
    ("old", "read", "new"),
    [
        ("claim_ids", lambda g: g.claim_ids, lambda g: records.claim_ids(g)),
        ("claims_by_id", lambda g: g.claims_by_id, lambda g: records.claims_by_id(g)),
        ("sources_by_id", lambda g: g.sources_by_id, lambda g: records.sources_by_id(g)),
        ("groups", lambda g: g.groups, lambda g: records.groups(g)),
        ("names", lambda g: g.names, lambda g: records.names(g)),
        (
            "claim_reports",
            lambda g: g.claim_reports("troops"),
            lambda g: records.reports_by_source(g, "troops"),
        ),
        ("revision", lambda g: g.revision("troops"), lambda g: records.revision(g, "troops")),
        ("rivals", lambda g: g.rivals("t10"), lambda g: records.rivals(g, "t10")),
        (
            "suspected_via",
            lambda g: g.suspected_via("troops"),
            lambda g: records.suspected_via(g, "troops"),
        ),
    ],
)
def test_a_deprecated_name_warns_and_reads_what_its_new_home_reads(
    old: str, read: object, new: object
) -> None:
    g = pv.load(SEED)
    g.add_claim("t10", question="count")
    g.add_claim("t11", question="count")
    with pytest.warns(DeprecationWarning, match=rf"^{old}.* is deprecated .*: use "):
        got = read(g)  # type: ignore[operator]
    assert got == new(g)  # type: ignore[operator]


def test_value_only_and_add_implicit_warn_and_still_work() -> None:
    g = pv.load(SEED)
    with pytest.warns(DeprecationWarning, match="claim_scores"):
        scores = g.assess(value_only=True)
    assert scores.claim_ids == pv.claim_scores(g).claim_ids
    implicit = [r for r in g.reports() if r.implicit]
    fresh = pv.ProvenanceGraph()
    fresh.add_sources(g.sources)
    fresh.add_claims(g.claims)
    with pytest.warns(DeprecationWarning, match="add_implicit"):
        fresh.add_implicit(implicit)
    assert set(fresh.reports()) == set(implicit)


def test_the_library_itself_uses_no_deprecated_name() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        g = pv.load(SEED)
        g.assess(engine="columns")
        g.copy().to_html()
        g.to_svg()
        g.to_dict()
        g.to_prov()
        pv.ProvenanceGraph.from_networkx(g.to_networkx())


def test_the_documented_face_counts() -> None:
    """The public names, counted for the changelog: deprecated ones are not on the face."""
    deprecated = {
        "claim_ids",
        "claims_by_id",
        "sources_by_id",
        "groups",
        "names",
        "claim_reports",
        "revision",
        "rivals",
        "suspected_via",
        "add_implicit",
    }
    face = {n for n in dir(pv.ProvenanceGraph) if not n.startswith("_")} - deprecated
    assert len(face) == 38, sorted(face)  # 36 + to_claimreview, to_pyvis
    assert len(pv.__all__) == 49  # 47 + to_claimreview, from_claimreview
