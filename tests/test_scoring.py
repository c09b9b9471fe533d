"""Independent lines, lines, common links, flags, credibility and explanations."""

from __future__ import annotations

import pytest

import provenance as pv
from provenance import Credibility, Flag


def graph(*sources: str, claims: tuple[str, ...] = ("c",), **groups: str) -> pv.ProvenanceGraph:
    g = pv.ProvenanceGraph()
    for s in sources:
        g.add_source(s, name=s.upper(), group=groups.get(s))
    for c in claims:
        g.add_claim(c, f"claim {c}")
    return g


# ---------------------------------------------------------------- the design's worked cases


def test_chain_all_via_is_one_line() -> None:
    g = graph("sso", "warshal", "militarnyi", "article")
    g.add_chain("c", ["sso", "warshal", "militarnyi", "article"])
    c = g.corroboration("c")
    assert c.independent == 1
    assert c.origins == ("sso",)
    assert c.lines == (("sso", "warshal", "militarnyi", "article"),)
    assert c.common_links == ("sso", "warshal", "militarnyi")
    assert c.flags == (Flag.SINGLE_SOURCE,)


def test_three_cited_origins_are_three_lines() -> None:
    g = graph("us", "kr", "ua", "article")
    g.add_report("article", "c", via=["us", "kr", "ua"])
    c = g.corroboration("c")
    assert c.independent == 3
    assert sorted(c.lines) == [("kr", "article"), ("ua", "article"), ("us", "article")]
    assert c.origins == ("kr", "ua", "us")
    assert c.common_links == ()
    assert c.flags == ()
    assert c.credibility is Credibility.CONFIRMED


def test_two_origins_through_an_attributed_relay_are_one_line() -> None:
    g = graph("a", "b", "x", "article")
    g.add_report("article", "c", via=["x"])
    g.add_report("x", "c", via=["a", "b"], observed=False)
    c = g.corroboration("c")
    assert c.independent == 1
    assert c.common_links == ("x",)
    assert "every line passes through X" in c.explain()


def test_two_origins_through_an_observed_relay_are_two_lines() -> None:
    g = graph("a", "b", "x", "article")
    g.add_report("article", "c", via=["x"])
    g.add_report("x", "c", via=["a", "b"])  # we read X ourselves
    c = g.corroboration("c")
    assert c.independent == 2
    assert sorted(c.lines) == [("a", "x"), ("b", "x")]  # X is an observed reporter too


def test_circular_reporting_has_no_origin() -> None:
    g = graph("a", "b")
    g.add_report("a", "c", via=["b"])
    g.add_report("b", "c", via=["a"])
    c = g.corroboration("c")
    assert c.independent == 0
    assert c.lines == ()
    assert c.origins == ()
    assert set(c.flags) == {Flag.NO_ORIGIN, Flag.CIRCULAR}
    assert c.cycle == ("a", "b", "a")  # found from the first source in id order
    assert c.credibility is Credibility.CANNOT_BE_JUDGED
    assert "Circular reporting: " in c.explain()


def test_one_group_is_one_line() -> None:
    g = graph("sso", "zelenskyy", "article", sso="ukraine-gov", zelenskyy="ukraine-gov")
    g.add_report("article", "c", via=["sso", "zelenskyy"])
    c = g.corroboration("c")
    assert c.independent == 1
    assert c.origins == ("sso", "zelenskyy")
    assert c.common_links == ()  # the group fails as a whole, no one source does
    assert c.explain().startswith(
        "1 proven independent line: one group, ukraine-gov (SSO, ZELENSKYY), "
        "not independent of each other."
    )


def test_five_outlets_via_reuters_echo() -> None:
    outlets = ["o1", "o2", "o3", "o4", "o5"]
    g = graph("reuters", *outlets)
    for outlet in outlets:
        g.add_report(outlet, "c", via=["reuters"])
    c = g.corroboration("c")
    assert c.independent == 1
    assert set(c.flags) == {Flag.SINGLE_SOURCE, Flag.ECHO}
    assert c.common_links == ("reuters",)
    assert len(c.observed) == 5
    assert "Echo: 5 reports read" in c.explain()


# ---------------------------------------------------------------- partial information


def test_a_hedged_report_without_a_source_has_no_origin() -> None:
    g = graph("article")
    g.add_report("article", "c", hedge="reportedly")  # someone's word, and no one named
    c = g.corroboration("c")
    assert (c.independent, c.independent_max) == (0, 1)
    assert c.flags == (Flag.NO_ORIGIN, Flag.UNSOURCED)


def test_firsthand_reporter_that_also_cites_counts_twice() -> None:
    g = graph("x", "article")
    g.add_report("article", "c", via=["x"], firsthand=True)
    assert g.corroboration("c").independent == 2


def test_attributed_report_nobody_read_supports_nothing() -> None:
    g = graph("x")
    g.add_report("x", "c", firsthand=True, observed=False)
    c = g.corroboration("c")
    assert (c.independent, c.origins, c.reporters, c.observed) == (0, (), ("x",), ())


def test_claim_without_reports() -> None:
    c = graph(claims=("c",)).corroboration("c")
    assert (c.independent, c.reporters, c.flags) == (0, (), (Flag.NO_ORIGIN,))


def test_observed_origin_is_its_own_single_point_of_failure() -> None:
    g = graph("article")
    g.add_report("article", "c", firsthand=True)
    assert g.corroboration("c").common_links == ("article",)


# ---------------------------------------------------------------- flags


def test_hedged_needs_every_worded_report_uncertain() -> None:
    g = graph("m", "article")
    g.add_report("article", "c", via=["m"], hedge="appeared to", quote="He appeared to be hurt")
    c = g.corroboration("c")  # m's report is implicit: it has no words of its own
    assert Flag.HEDGED in c.flags
    assert c.hedge_cues == ("appeared to",)
    g.add_report("m", "c", observed=False, hedge="asserted", firsthand=True)
    assert Flag.HEDGED not in g.corroboration("c").flags


def test_hedge_dropped() -> None:
    g = graph("m", "article")
    g.add_report("m", "c", hedge="possibly", observed=False, firsthand=True)
    g.add_report("article", "c", via=["m"], hedge="confirmed")
    c = g.corroboration("c")
    assert Flag.HEDGE_DROPPED in c.flags
    assert c.hedge_drops == (("article", "m"),)
    assert "Hedge dropped: ARTICLE states plainly what M reported as uncertain." in c.explain()


def test_hedge_kept_is_not_dropped() -> None:
    g = graph("m", "article")
    g.add_report("m", "c", hedge="possibly", observed=False, firsthand=True)
    g.add_report("article", "c", via=["m"], hedge="reportedly")
    assert Flag.HEDGE_DROPPED not in g.corroboration("c").flags


@pytest.mark.parametrize(
    ("cited", "citing", "inverted"),
    [
        ("2024-12-26", "2024-12-25", True),
        ("2024-12-26", "2024-12-26", False),
        ("2024-12-26", "2024-12-27", False),
        ("2024-12-26T10:00+00:00", "2024-12-26T12:00+03:00", True),  # 09:00 UTC
        ("2024-12-26T10:00", "2024-12-26T09:00+00:00", False),  # naive vs aware: same day
        ("2024-12-26T23:00", "2024-12-25", True),
    ],
)
def test_time_inversion(cited: str, citing: str, inverted: bool) -> None:
    g = graph("m", "article")
    g.add_report("m", "c", observed=False, published=cited, firsthand=True)
    g.add_report("article", "c", via=["m"], published=citing)
    c = g.corroboration("c")
    assert (Flag.TIME_INVERSION in c.flags) is inverted
    assert c.time_inversions == ((("article", "m"),) if inverted else ())


def test_contradiction_and_credibility() -> None:
    # Reuters (A) against a blog (E), one line each: the blog loses.
    g = pv.ProvenanceGraph()
    g.add_source("reuters", reliability="A")
    g.add_source("blog", reliability="E")
    g.add_claims([{"id": "10k"}, {"id": "12k"}])
    g.add_report("reuters", "10k", firsthand=True)
    g.add_report("blog", "12k", firsthand=True)
    g.add_contradiction("10k", "12k")
    strong, weak = g.corroboration("10k"), g.corroboration("12k")
    assert Flag.CONTRADICTED in strong.flags
    assert Flag.CONTRADICTED in weak.flags
    assert strong.contradicted_by == ("12k",)
    assert strong.credibility is Credibility.PROBABLY_TRUE
    assert weak.credibility is Credibility.IMPROBABLE
    assert strong.support == pytest.approx(0.95 * (1 - 0.2))
    assert weak.support == pytest.approx(0.2 * (1 - 0.95))
    g.add_source("wire", reliability="A")
    g.add_report("wire", "12k", firsthand=True)  # now as well supported: both doubtful
    assert g.corroboration("10k").credibility is Credibility.DOUBTFUL
    assert g.corroboration("12k").credibility is Credibility.DOUBTFUL


@pytest.mark.parametrize(
    ("grade", "hedge", "expected"),
    [
        ("A", "asserted", Credibility.PROBABLY_TRUE),
        ("B", "reportedly", Credibility.PROBABLY_TRUE),
        ("C", "asserted", Credibility.POSSIBLY_TRUE),
        (None, "asserted", Credibility.POSSIBLY_TRUE),
        ("A", "appeared to", Credibility.DOUBTFUL),  # HEDGED
    ],
)
def test_credibility_of_one_line(grade: str | None, hedge: str, expected: Credibility) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a", reliability=grade)
    g.add_claim("c")
    g.add_report("a", "c", hedge=hedge, firsthand=True)
    assert g.corroboration("c").credibility is expected


def test_a_hedged_relay_does_not_weaken_the_line_it_relays() -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a", reliability="A")
    g.add_source("b")
    g.add_claim("c")
    g.add_report("a", "c", firsthand=True)
    g.add_report("b", "c", via=["a"], hedge="appeared to")  # not every report: not HEDGED
    c = g.corroboration("c")
    assert Flag.HEDGED not in c.flags
    assert c.lines == (("a",),)  # the line ends at a, whom we read: b's words are not on it
    assert c.support == pytest.approx(0.95)
    assert c.credibility is Credibility.PROBABLY_TRUE


def test_an_implicit_report_has_no_wording_to_drop() -> None:
    g = graph("a", "b")
    implicit = {"hedge": "uncertain", "implicit": True, "observed": False, "firsthand": True}
    g.add_reports(
        [{"source": "a", "claim": "c", **implicit}, {"source": "b", "claim": "c", "via": ["a"]}]
    )
    c = g.corroboration("c")
    assert (c.flags, c.hedge_drops) == ((Flag.SINGLE_SOURCE,), ())


# ---------------------------------------------------------------- results and caching


def test_result_is_recomputed_after_a_change() -> None:
    g = graph("a", "b", "article")
    g.add_report("article", "c", via=["a"])
    assert g.corroboration("c").independent == 1
    g.add_report("b", "c", firsthand=True)
    assert g.corroboration("c").independent == 2
    g.add_report("a", "c", via=["b"], observed=False)  # replaces a's implicit report
    assert g.corroboration("c").independent == 1


def test_details_come_from_the_reports_scored_even_after_a_change() -> None:
    g = graph("a", "b", "article")
    g.add_report("article", "c", via=["a"])
    before = g.corroboration("c")
    g.add_report("b", "c", firsthand=True)
    # Details come from the reports the result was scored on.
    assert before.lines == (("a", "article"),)
    assert before.reporters == ("a", "article")
    assert {r.source for r in before.reports} == {"a", "article"}
    after = g.corroboration("c")
    assert sorted(after.lines) == [("a", "article"), ("b",)]
    assert after != before
    rebuilt = graph("a", "b", "article")
    rebuilt.add_report("b", "c", firsthand=True)
    rebuilt.add_report("article", "c", via=["a"])
    assert rebuilt.corroboration("c") == after  # equal: same reports, in any order


@pytest.mark.parametrize("x_first", [True, False])
def test_augmenting_path_reroutes_an_earlier_line(x_first: bool) -> None:
    # Origins a1 and a2 (attributed) reach the article only through attributed relays:
    # a1 through x or y, a2 through x alone. Two lines exist only if a1 takes y; which
    # relay a1 tries first follows the order the reports came in, so both are tested.
    g = graph("a1", "a2", "x", "y", "article")
    relays = [("x", ["a1", "a2"]), ("y", ["a1"])]
    for source, via in relays if x_first else relays[::-1]:
        g.add_report(source, "c", via=via, observed=False)
    g.add_report("article", "c", via=["x", "y"])
    c = g.corroboration("c")
    assert c.independent == 2
    assert sorted(c.lines) == [("a1", "y", "article"), ("a2", "x", "article")]
    assert c.origins == ("a1", "a2")
    assert c.explain().startswith("2 proven independent lines: A1 via Y; A2 via X.")


def test_every_source_its_own_line_through_one_reporter() -> None:
    # All three sources know first-hand and every line ends at o, whose edge to the
    # claim must carry them all; a2 also relays a1 (attributed), so the witness comes
    # from the full flow network rather than the shortcut.
    g = graph("o", "a1", "a2")
    g.add_reports(
        [
            {"source": "a1", "claim": "c", "firsthand": True, "observed": False},
            {"source": "a2", "claim": "c", "via": ["a1"], "firsthand": True, "observed": False},
            {"source": "o", "claim": "c", "via": ["a1", "a2"], "firsthand": True},
        ]
    )
    c = g.corroboration("c")
    assert c.independent == 3
    assert sorted(c.lines) == [("a1", "o"), ("a2", "o"), ("o",)]
    assert c.explain().startswith("3 proven independent lines: A1; A2; O.")


def test_a_rerouted_group_frees_its_first_origin_for_a_later_line() -> None:
    # Group G1 has two attributed origins: a1 (which also relays a3) and b1. Scored
    # group by group in report order, G1 first takes a1 → r; G2's a2 can only use r, so
    # its path sends G1 back through a1 to b1, which leaves a1 carrying nothing; then
    # G3's a3 needs a1 free to reach r2. Three lines, one per group.
    g = graph("a1", "b1", "a2", "a3", "r", "r2", "o1", "o2", "o3", a1="G1", b1="G1")
    g.add_reports(
        [
            {"source": "b1", "claim": "c", "firsthand": True, "observed": False},
            {"source": "a2", "claim": "c", "firsthand": True, "observed": False},
            {"source": "a1", "claim": "c", "via": ["a3"], "firsthand": True, "observed": False},
            {"source": "r2", "claim": "c", "via": ["a1"], "observed": False},
            {"source": "r", "claim": "c", "via": ["a1", "a2"], "observed": False},
            {"source": "o1", "claim": "c", "via": ["r"]},
            {"source": "o2", "claim": "c", "via": ["b1"]},
            {"source": "o3", "claim": "c", "via": ["r2"]},
        ]
    )
    c = g.corroboration("c")
    assert c.independent == 3
    assert sorted(c.lines) == [("a2", "r", "o1"), ("a3", "a1", "r2", "o3"), ("b1", "o2")]


def test_assess_and_flagged() -> None:
    g = graph("a", "b", claims=("one", "two", "none"))
    g.add_report("a", "one", firsthand=True)
    g.add_report("a", "two", firsthand=True)
    g.add_report("b", "two", firsthand=True)
    results = g.assess()
    assert list(results) == ["one", "two", "none"]
    assert [c.claim for c in g.flagged(Flag.SINGLE_SOURCE)] == ["one"]
    assert [c.claim for c in g.flagged("no_origin", "single_source")] == ["one", "none"]
    assert [c.claim for c in g.flagged()] == ["one", "none"]
    with pytest.raises(pv.ValidationError, match="unknown flag 'single'"):
        g.flagged("single")


def test_unknown_claim() -> None:
    g = graph("a", claims=("capture",))
    with pytest.raises(pv.UnknownIdError, match="did you mean 'capture'"):
        g.corroboration("captur")


def test_weakest_first_and_table() -> None:
    g = graph("a", "b", claims=("strong", "weak", "none"))
    g.add_report("a", "strong", firsthand=True)
    g.add_report("b", "strong", firsthand=True)
    g.add_report("a", "weak", firsthand=True)
    order = [c.claim for c in pv.weakest_first(g.assess().values())]
    assert order == ["none", "weak", "strong"]
    table = pv.format_table(pv.weakest_first(g.assess().values())).splitlines()
    assert table[0].split() == [
        "claim", "lines", "support", "reporters", "credibility", "flags", "text"
    ]  # fmt: skip
    assert table[1].split()[:3] == ["none", "0", "0.00"]
    assert table[3].split()[:6] == ["strong", "2", "0.84", "2", "1", "(confirmed)"]
