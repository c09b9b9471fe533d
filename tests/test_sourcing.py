"""Honest corroboration: sourcing, proven and possible lines, support, questions, hedges
as written, retractions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import provenance as pv
from provenance import Credibility, Flag
from provenance.formats import SUFFIXES as FORMATS


def graph(*sources: str, **grades: str) -> pv.ProvenanceGraph:
    g = pv.ProvenanceGraph()
    for s in sources:
        g.add_source(s, name=s.upper(), reliability=grades.get(s))
    g.add_claim("c", "Something happened")
    return g


# ---------------------------------------------------------------- proven and possible


def test_three_outlets_none_names_a_source() -> None:
    g = graph("bbc", "cnn", "dw")
    for outlet in ("bbc", "cnn", "dw"):
        g.add_report(outlet, "c")
    c = g.corroboration("c")
    assert (c.independent, c.independent_max) == (1, 3)
    assert c.unsourced == ("bbc", "cnn", "dw")
    assert {Flag.UNSOURCED, Flag.SINGLE_SOURCE} <= set(c.flags)
    assert Flag.NO_ORIGIN not in c.flags
    assert "Up to 3 possible: BBC, CNN and DW don’t say where they got it." in c.explain()
    assert c.credibility is Credibility.POSSIBLY_TRUE  # an unsourced line is at best 3


def test_a_firsthand_wire_and_three_unsourced_outlets() -> None:
    g = graph("wire", "a", "b", "d")
    g.add_report("wire", "c", firsthand=True)
    for outlet in ("a", "b", "d"):
        g.add_report(outlet, "c")
    c = g.corroboration("c")
    assert (c.independent, c.independent_max) == (1, 4)
    assert c.origins == ("wire",)
    assert c.lines == (("wire",),)
    assert Flag.UNSOURCED in c.flags
    assert c.explain().startswith(
        "1 proven independent line: WIRE. Up to 4 possible: A, B and D don’t say where they got it."
    )


def test_an_unsourced_outlet_beside_two_firsthand_origins() -> None:
    def two_origins() -> pv.ProvenanceGraph:
        g = graph("us", "kr", "blog")
        g.add_report("us", "c", firsthand=True)
        g.add_report("kr", "c", firsthand=True)
        return g

    without = two_origins().corroboration("c")
    g = two_origins()
    g.add_report("blog", "c")
    c = g.corroboration("c")
    assert (c.independent, c.independent_max) == (2, 3)
    assert Flag.UNSOURCED in c.flags
    assert c.credibility.value <= without.credibility.value  # no lower a grade
    assert c.support >= without.support


def test_the_article_itself_is_the_line_when_it_names_nobody() -> None:
    g = graph("article", article="B")
    g.add_report("article", "c")
    c = g.corroboration("c")
    assert (c.independent, c.independent_max, c.origins) == (1, 1, ())
    assert c.lines == (("article",),)
    assert c.common_links == ("article",)
    assert c.flags == (Flag.SINGLE_SOURCE, Flag.UNSOURCED)
    assert c.explain().startswith(
        "1 proven independent line: ARTICLE (graded B) itself, which states it plainly "
        "without saying where it got it."
    )


def test_a_hedged_unsourced_report_proves_nothing() -> None:
    g = graph("article")
    g.add_report("article", "c", hedge="allegedly")
    c = g.corroboration("c")
    assert (c.independent, c.independent_max) == (0, 1)
    assert c.flags == (Flag.NO_ORIGIN, Flag.HEDGED, Flag.UNSOURCED)
    assert c.credibility is Credibility.CANNOT_BE_JUDGED


def test_circular_reporting_has_no_origin_even_when_it_could() -> None:
    g = graph("a", "b")
    g.add_report("a", "c", via=["b"])
    g.add_report("b", "c", via=["a"])
    c = g.corroboration("c")
    assert (c.independent, c.independent_max) == (0, 0)
    assert Flag.NO_ORIGIN in c.flags and Flag.CIRCULAR in c.flags


# ---------------------------------------------------------------- support and credibility


def test_two_anonymous_channels_one_alleging_are_not_confirmed() -> None:
    g = graph("ch1", "ch2", ch1="F", ch2="F")
    g.add_report("ch1", "c", firsthand=True)
    g.add_report("ch2", "c", firsthand=True, hedge="allegedly")
    c = g.corroboration("c")
    assert c.independent == 2
    assert c.support == pytest.approx(1 - (1 - 0.6) * (1 - 0.6 * 0.5))
    assert c.credibility is not Credibility.CONFIRMED


def test_three_ungraded_governments_stated_plainly_are_confirmed() -> None:
    g = graph("us", "kr", "ua", "article")
    g.add_report("article", "c", via=["us", "kr", "ua"])
    c = g.corroboration("c")
    assert c.support == pytest.approx(1 - 0.4**3)
    assert c.credibility is Credibility.CONFIRMED


def test_the_weakest_link_and_the_most_hedged_words_set_a_line() -> None:
    g = graph("sso", "warshal", "article", sso="C", warshal="F", article="A")
    g.add_chain("c", ["sso", "warshal", "article"], hedge="reportedly")
    c = g.corroboration("c")
    # SSO (C, 0.65) is first-hand, Warshal (F, 0.6) attributed; "reportedly" weighs 0.9.
    assert c.support == pytest.approx(0.6 * 0.9)


def test_a_support_model_overrides_the_table() -> None:
    g = graph("a", a="F")
    g.add_report("a", "c", firsthand=True)
    assert g.corroboration("c").support == pytest.approx(0.6)
    strict = pv.SupportModel(grades={"F": 0.3})
    assert g.corroboration("c", model=strict).support == pytest.approx(0.3)
    assert g.corroboration("c").support == pytest.approx(0.6)  # each model its own cache
    assert g.assess(model=strict)["c"].credibility is Credibility.DOUBTFUL
    with pytest.raises(pv.ValidationError, match="must be in \\[0, 1\\], got 2"):
        pv.SupportModel(hedges={"uncertain": 2})
    with pytest.raises(pv.ValidationError, match="unknown hedge 'sure'"):
        pv.SupportModel(hedges={"sure": 1})


# ---------------------------------------------------------------- questions


def test_answers_to_one_question_contradict_each_other() -> None:
    g = pv.ProvenanceGraph()
    for id, grade in [("us", "A"), ("blog", "E"), ("tass", "D")]:
        g.add_source(id, reliability=grade)
    for n in (10, 11, 12):
        g.add_claim(f"t{n}", f"{n},000 troops", question="troop-count")
    g.add_report("us", "t10", firsthand=True)
    g.add_report("blog", "t11", firsthand=True)
    g.add_report("tass", "t12", firsthand=True)
    assert g.contradicting("t10") == ["t11", "t12"]
    assert g.contradictions() == []  # no pairs listed
    assert g.answers("troop-count") == ["t10", "t11", "t12"]
    ranked = g.question("troop-count")
    assert [c.claim for c in ranked] == ["t10", "t12", "t11"]
    assert ranked[0].support == pytest.approx(0.95 * (1 - 0.2) * (1 - 0.45))
    assert all(Flag.CONTRADICTED in c.flags for c in ranked)
    assert ranked[-1].credibility is Credibility.IMPROBABLE
    with pytest.raises(pv.UnknownIdError, match="unknown question 'troops'"):
        g.question("troops")


def test_a_new_answer_reaches_the_cached_results_of_the_others() -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a", reliability="B")
    g.add_source("b", reliability="A")
    g.add_claim("yes", question="q")
    g.add_report("a", "yes", firsthand=True)
    before = g.corroboration("yes")
    assert before.contradicted_by == ()
    g.add_claim("no", question="q")
    g.add_report("b", "no", firsthand=True)
    after = g.corroboration("yes")
    assert after.contradicted_by == ("no",)
    assert after.support < before.support


# ---------------------------------------------------------------- hedges as written


def test_hedge_words_come_from_the_report_not_from_its_quote() -> None:
    g = graph("m", "article")
    g.add_chain(
        "c",
        ["m", "article"],
        hedge="appeared to",
        origin_hedge="appeared to",
        quote="possibly the first soldier, he appeared to be hurt",
    )
    assert g.corroboration("c").hedge_cues == ("appeared to",)


def test_a_chain_keeps_its_origin_plain_unless_asked() -> None:
    g = graph("sso", "warshal", "article")
    g.add_chain("c", ["sso", "warshal", "article"], hedge="reportedly")
    assert g.report("sso", "c").hedge is pv.Hedge.ASSERTED
    assert g.report("sso", "c").sourcing == "firsthand"


@pytest.mark.parametrize("suffix", FORMATS)
def test_new_fields_travel_through_every_format(tmp_path: Path, suffix: str) -> None:
    g = pv.ProvenanceGraph(title="t")
    for s in ("a", "b", "d"):
        g.add_source(s)
    g.add_claim("c1", "One", question="how many")
    g.add_claim("c2", "Two", question="how many")
    g.add_report("a", "c1", firsthand=True, hedge="appeared to", observed=False)
    g.add_report("b", "c1", via=["a"], hedge="uncertain", hedge_text="in all likelihood")
    g.add_report("d", "c1", retracted="2024-12-28T10:00+00:00")
    g.add_report("d", "c2")
    path = tmp_path / f"story{suffix}"
    g.save(path)
    again = pv.load(path)
    assert again == g
    assert again.report("a", "c1").hedge_text == "appeared to"
    assert again.report("b", "c1").hedge_text == "in all likelihood"
    assert again.report("d", "c1").retracted == dt.datetime(
        2024, 12, 28, 10, tzinfo=dt.timezone.utc
    )
    assert again.report("d", "c2").sourcing == "unsourced"
    assert again.claim("c2").question == "how many"
    assert again.assess() == g.assess()


def test_version_1_stories_keep_their_meaning() -> None:
    data = {
        "version": 1,
        "sources": [{"id": "a"}, {"id": "b"}],
        "claims": [{"id": "c"}],
        "reports": [
            {"source": "a", "claim": "c"},  # version 1: no via means first-hand
            {"source": "b", "claim": "c", "firsthand": False},
        ],
    }
    g = pv.from_dict(data)
    assert g.report("a", "c").sourcing == "firsthand"
    assert g.report("b", "c").sourcing == "unsourced"
    assert g.to_dict()["version"] == 2


# ---------------------------------------------------------------- retractions


def test_a_retracted_report_supports_nothing() -> None:
    g = graph("a", "b")
    g.add_report("a", "c", firsthand=True, retracted="2024-12-28")
    g.add_report("b", "c", firsthand=True)
    c = g.corroboration("c")
    assert (c.independent, c.origins) == (1, ("b",))
    assert Flag.CITES_RETRACTED not in c.flags


def test_citing_a_retracted_report_is_flagged() -> None:
    g = graph("wire", "outlet", "other")
    g.add_report("wire", "c", firsthand=True, observed=False, retracted="2024-12-28")
    g.add_report("outlet", "c", via=["wire"])
    g.add_report("other", "c", via=["outlet"], retracted="2024-12-29")  # retracted itself
    c = g.corroboration("c")
    assert c.independent == 0
    assert c.cites_retracted == (("outlet", "wire"),)
    assert "OUTLET cites WIRE, whose report was retracted." in c.explain()
    with pytest.raises(pv.ValidationError, match="published 'soon' is not an ISO 8601"):
        g.add_report("wire", "c", retracted="soon")


# ---------------------------------------------------------------- said everywhere


def test_the_page_shows_proven_and_possible_lines_and_marks_unsourced_reports() -> None:
    from tests.test_render import Page, page_data

    g = graph("wire", "a", "b")
    g.add_report("wire", "c", firsthand=True)
    g.add_report("a", "c")
    g.add_report("b", "c", via=["wire"])
    data = page_data(Page(g.to_html()))
    (claim,) = [n for n in data["nodes"] if n["tip"][0] == "Something happened"]
    assert "1–2 lines" in claim["label"]
    assert claim["group"] == "claim1"  # the proven count sets the colour
    panel = next(iter(data["claims"].values()))
    assert panel["summary"].startswith("1–2 independent lines (proven–possible) · support")
    metas = {r["source"]: r["meta"] for r in panel["reports"]}
    assert "unsourced: does not say where it got it" in metas["A"]
    assert "unsourced" not in metas["B"]
    dotted = [e for e in data["edges"] if e.get("dashes") == [2, 5]]
    assert len(dotted) == 1  # a's report edge


def test_check_can_fail_on_unsourced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from provenance.cli import main

    g = graph("a")
    g.add_report("a", "c")
    path = g.save(tmp_path / "s.yaml")
    assert main(["check", str(path), "--fail-on", "unsourced"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[1].split()[:3] == ["c", "1", "0.60"]
    assert "flagged unsourced: c" in err
