"""Declaring, validation, all-or-nothing changes and the networkx round trip."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

import provenance as pv


@pytest.fixture
def g() -> pv.ProvenanceGraph:
    g = pv.ProvenanceGraph()
    for s in ("sso", "warshal", "militarnyi", "article"):
        g.add_source(s)
    g.add_claim("capture", "Ukrainian special forces captured a North Korean soldier")
    g.add_claim("injured", "The captured soldier was injured")
    return g


def snapshot(g: pv.ProvenanceGraph) -> tuple[object, ...]:
    G = g.to_networkx()
    return (sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True), key=repr), repr(g))


def test_add_source_returns_the_record(g: pv.ProvenanceGraph) -> None:
    s = g.add_source(
        "ua",
        name="Ukrainian sources",
        kind="official",
        reliability="b",
        group="ukraine-gov",
        url="https://example.org",
    )
    assert s == pv.Source(
        "ua",
        "Ukrainian sources",
        "official",
        pv.Reliability.B,
        "ukraine-gov",
        "https://example.org",
    )
    assert g.source("ua") is s
    assert (
        g.add_source(
            "ua",
            name="Ukrainian sources",
            kind="official",
            reliability="B",
            group="ukraine-gov",
            url="https://example.org",
        )
        is s
    )  # idempotent


def test_redeclaring_differently_is_an_error(g: pv.ProvenanceGraph) -> None:
    with pytest.raises(pv.DuplicateIdError, match="source 'sso' is already declared"):
        g.add_source("sso", name="Someone else")
    with pytest.raises(pv.DuplicateIdError, match="'capture' is already a claim"):
        g.add_source("capture")
    with pytest.raises(pv.DuplicateIdError, match="'sso' is already a source"):
        g.add_claim("sso")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda g: g.add_report("warshall", "capture"),
            pv.UnknownIdError,
            "unknown source 'warshall' (did you mean 'warshal'?)",
        ),
        (
            lambda g: g.add_report("warshal", "captur"),
            pv.UnknownIdError,
            "unknown claim 'captur' (did you mean 'capture'?)",
        ),
        (
            lambda g: g.add_report("article", "capture", via=["militarny"]),
            pv.UnknownIdError,
            "did you mean 'militarnyi'",
        ),
        (
            lambda g: g.add_report("article", "capture", via=["article"]),
            pv.ValidationError,
            "names its own source in via",
        ),
        (
            lambda g: g.add_report("article", "capture", via=["injured"]),
            pv.ValidationError,
            "'injured' is a claim, not a source",
        ),
        (
            lambda g: g.add_report("capture", "injured"),
            pv.ValidationError,
            "'capture' is a claim, not a source",
        ),
        (
            lambda g: g.add_report("article", "capture", hedge="maybe"),
            pv.ValidationError,
            "unknown hedge 'maybe'",
        ),
        (
            lambda g: g.add_report("article", "capture", published="26/12/2024"),
            pv.ValidationError,
            "published '26/12/2024' is not an ISO 8601",
        ),
        (
            lambda g: g.add_report("article", "capture", observed="yes"),
            pv.ValidationError,
            "observed must be True or False",
        ),
        (
            lambda g: g.add_source("x", reliability="G"),
            pv.ValidationError,
            "unknown reliability grade 'G'",
        ),
        (lambda g: g.add_source(" x"), pv.ValidationError, "without surrounding spaces"),
        (lambda g: g.add_source(""), pv.ValidationError, "non-empty string"),
        (lambda g: g.add_claim("c", "  "), pv.ValidationError, "text must be a non-empty"),
        (
            lambda g: g.add_contradiction("capture", "capture"),
            pv.ValidationError,
            "cannot contradict itself",
        ),
        (
            lambda g: g.add_contradiction("capture", "sso"),
            pv.ValidationError,
            "'sso' is a source, not a claim",
        ),
        (lambda g: g.add_chain("capture", "sso"), pv.ValidationError, "needs a list"),
        (lambda g: g.add_chain("capture", True), pv.ValidationError, "needs a list"),
        (lambda g: g.add_chain("capture", {"sso"}), pv.ValidationError, "needs a list"),
        (
            lambda g: g.add_chain("capture", ["sso", "warshal", "sso"]),
            pv.DuplicateReportError,
            "'sso' already reports 'capture'",
        ),
        (
            lambda g: g.report("sso", "capture"),
            pv.UnknownIdError,
            "unknown report on 'capture' by source 'sso'",
        ),
    ],
)
def test_bad_calls_raise_and_change_nothing(g, call, error, message) -> None:
    before = snapshot(g)
    with pytest.raises(error) as info:
        call(g)
    assert message in str(info.value)
    assert isinstance(info.value, pv.ProvenanceError)
    assert snapshot(g) == before


def test_errors_are_also_builtin_types() -> None:
    assert issubclass(pv.ValidationError, ValueError)
    assert issubclass(pv.UnknownIdError, LookupError)
    assert issubclass(pv.DuplicateReportError, ValueError)


def test_duplicate_report_is_refused(g: pv.ProvenanceGraph) -> None:
    g.add_report("article", "capture")
    with pytest.raises(pv.DuplicateReportError, match="'article' already reports 'capture'"):
        g.add_report("article", "capture", via=["sso"])


def test_via_creates_attributed_firsthand_report_that_a_real_one_replaces(g) -> None:
    g.add_report("article", "capture", via=["militarnyi"])
    implicit = g.report("militarnyi", "capture")
    assert (implicit.observed, implicit.firsthand, implicit.implicit) == (False, True, True)
    assert repr(g) == "<ProvenanceGraph: 4 sources, 2 claims, 2 reports>"
    real = g.add_report("militarnyi", "capture", via=["warshal"], observed=False)
    assert g.report("militarnyi", "capture") is real
    assert repr(g) == "<ProvenanceGraph: 4 sources, 2 claims, 3 reports>"


def test_via_edges_are_claim_scoped(g: pv.ProvenanceGraph) -> None:
    g.add_report("militarnyi", "capture", via=["warshal"])
    g.add_report("militarnyi", "injured", firsthand=True)  # first-hand for this one
    G = g.to_networkx()
    assert G.has_edge("warshal", "militarnyi", key="capture")
    assert not G.has_edge("warshal", "militarnyi", key="injured")
    assert g.corroboration("injured").origins == ("militarnyi",)


def test_add_reports_is_all_or_nothing(g: pv.ProvenanceGraph) -> None:
    before = snapshot(g)
    rows: list[pv.Report | dict[str, object]] = [
        {"source": "warshal", "claim": "capture", "via": ["sso"]},
        pv.Report("militarnyi", "capture", via=("warshal",)),
        {"source": "article", "claim": "capture", "via": ["militarnyi"], "hedge": "nope"},
    ]
    with pytest.raises(pv.ValidationError, match=r"^rows\[2\]: unknown hedge 'nope'"):
        g.add_reports(rows)
    with pytest.raises(pv.ValidationError, match=r"^rows\[0\]: unknown Report field 'claims'"):
        g.add_reports([{"source": "warshal", "claims": "capture"}])
    with pytest.raises(pv.UnknownIdError, match=r"^rows\[1\]: unknown source 'nobody'"):
        g.add_reports([rows[0], {"source": "nobody", "claim": "capture"}])
    assert snapshot(g) == before
    added = g.add_reports(rows[:2])
    assert [r.source for r in added] == ["warshal", "militarnyi"]


@pytest.mark.parametrize("enabled", [True, False])
def test_add_reports_leaves_the_garbage_collector_as_it_found_it(
    g: pv.ProvenanceGraph, enabled: bool
) -> None:
    was = gc.isenabled()
    seen: list[bool] = []

    def rows(*specs: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for spec in specs:  # read by add_reports one at a time: see the collector then
            seen.append(gc.isenabled())
            yield spec

    try:
        gc.enable() if enabled else gc.disable()
        g.add_reports(rows({"source": "warshal", "claim": "capture"}))
        assert seen == [False]  # paused while the rows were read
        assert gc.isenabled() is enabled
        with pytest.raises(pv.ValidationError):
            g.add_reports(rows({"source": "warshal", "claim": "injured", "hedge": "nope"}))
        assert seen == [False, False]
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_bulk_inserted_edges_are_networkx_edges(g: pv.ProvenanceGraph) -> None:
    g.add_reports(
        [
            {"source": "article", "claim": "capture", "via": ["militarnyi"]},
            {"source": "article", "claim": "injured", "via": ["militarnyi"]},
        ]
    )
    G = g.to_networkx()
    assert sorted(G.edges(keys=True, data="relation")) == [
        ("article", "capture", "capture", "reports"),
        ("article", "injured", "injured", "reports"),
        ("militarnyi", "article", "capture", "via"),
        ("militarnyi", "article", "injured", "via"),
        ("militarnyi", "capture", "capture", "reports"),
        ("militarnyi", "injured", "injured", "reports"),
    ]
    assert G.number_of_edges() == 6 and G.in_degree("article") == 2
    # Via edges share one attribute dict inside the graph; the copy handed out does not.
    G.edges["militarnyi", "article", "capture"]["relation"] = "changed"
    assert G.edges["militarnyi", "article", "injured"]["relation"] == "via"
    assert g.to_networkx().edges["militarnyi", "article", "capture"]["relation"] == "via"
    # The reports live beside the graph; the copy carries each on its edge, in a dict
    # of its own.
    for u, v, data in G.edges(data=True):
        if data["relation"] == "reports":
            assert data["report"] is g.report(u, v)
    assert G.edges["militarnyi", "capture", "capture"]["report"].implicit
    G.edges["article", "capture", "capture"]["report"] = None
    assert g.to_networkx().edges["article", "capture", "capture"]["report"] is g.report(
        "article", "capture"
    )


def test_add_sources_and_claims_are_all_or_nothing(g: pv.ProvenanceGraph) -> None:
    before = snapshot(g)
    with pytest.raises(pv.ValidationError, match=r"^rows\[1\]: unknown reliability grade 'Z'"):
        g.add_sources([{"id": "kr"}, {"id": "us", "reliability": "Z"}])
    with pytest.raises(pv.DuplicateIdError, match=r"^rows\[1\]: 'capture' is already a claim"):
        g.add_sources([{"id": "kr"}, {"id": "capture"}])
    with pytest.raises(pv.DuplicateIdError, match=r"^rows\[1\]: source 'kr' is declared twice"):
        g.add_sources([{"id": "kr"}, {"id": "kr", "group": "south"}])
    with pytest.raises(pv.DuplicateIdError, match=r"^rows\[0\]: claim 'capture' is already"):
        g.add_claims([{"id": "capture", "text": "something else"}])
    with pytest.raises(pv.ValidationError, match=r"^rows\[0\]: unknown Claim field 'txt'"):
        g.add_claims([{"id": "new", "txt": "typo"}])
    assert snapshot(g) == before
    # Declaring again with the same fields, or twice in one call, is fine.
    sources = g.add_sources([pv.Source("kr"), {"id": "sso"}, {"id": "kr"}])
    assert [s.id for s in sources] == ["kr", "sso", "kr"]
    assert sources[1] is g.source("sso")
    claims = g.add_claims([{"id": "troops", "text": "10,000 troops"}])
    assert g.claim("troops") == claims[0]
    assert repr(g) == "<ProvenanceGraph: 5 sources, 3 claims, 0 reports>"
    assert g.to_networkx().nodes["kr"] == {"kind": "source", "record": pv.Source("kr")}


def test_add_chain(g: pv.ProvenanceGraph) -> None:
    reports = g.add_chain(
        "capture",
        ["sso", "warshal", "article"],
        hedge="reportedly",
        published="2024-12-26",
        quote="q",
    )
    # The relays and the reporter say "reportedly"; the origin states it plainly.
    assert [r.hedge for r in reports] == [pv.Hedge.ASSERTED] + [pv.Hedge.ATTRIBUTED] * 2
    assert [r.hedge_text for r in reports] == [None, "reportedly", "reportedly"]
    assert [r.published for r in reports][:2] == [None, None]
    assert reports[-1].quote == "q"
    assert reports[-1].observed
    assert [r.firsthand for r in reports] == [True, False, False]
    hedged = g.add_chain("injured", ["sso", "article"], origin_hedge="appeared to")
    assert [(r.hedge, r.hedge_text) for r in hedged] == [
        (pv.Hedge.UNCERTAIN, "appeared to"),
        (pv.Hedge.ASSERTED, None),
    ]


def test_contradictions(g: pv.ProvenanceGraph) -> None:
    g.add_contradiction("capture", "injured")
    g.add_contradiction("injured", "capture")  # idempotent, symmetric
    assert g.contradictions() == [("capture", "injured")]
    assert g.contradicting("injured") == ["capture"]


def test_rivals_are_listed_and_weighed_by_id_whatever_the_order_recorded() -> None:
    # Support multiplies in rival order: in the order recorded, a copy (which records
    # pairs claim by claim) could differ in the last bit and list contradicted_by otherwise.
    g = pv.ProvenanceGraph()
    for source, claim in zip("abcd", ("c1", "c2", "c3", "c4"), strict=True):
        g.add_source(source)
        g.add_claim(claim, question="which" if claim == "c4" else None)
        g.add_report(source, claim, firsthand=True)
    g.add_claim("c0", question="which")
    g.add_contradiction("c4", "c3")
    g.add_contradiction("c2", "c4")
    g.add_contradiction("c1", "c4")
    h = g.copy()
    assert g.contradicting("c4") == h.contradicting("c4") == ["c0", "c1", "c2", "c3"]
    assert h.assess()["c4"].contradicted_by == ("c0", "c1", "c2", "c3")
    assert h.assess() == g.assess()


def test_reading(g: pv.ProvenanceGraph) -> None:
    g.add_report("article", "capture", via=["sso"])
    assert [s.id for s in g.sources] == ["sso", "warshal", "militarnyi", "article"]
    assert [c.id for c in g.claims] == ["capture", "injured"]
    assert {r.source for r in g.reports()} == {"article", "sso"}
    assert g.reports("injured") == []
    assert "sso" in g
    assert "nobody" not in g
    assert g.claim("capture").text.startswith("Ukrainian")


def test_networkx_round_trip_does_not_share_state(g: pv.ProvenanceGraph) -> None:
    g.add_chain("capture", ["sso", "warshal", "militarnyi", "article"])
    g.add_report("article", "injured", via=["militarnyi"], hedge="appeared to")
    g.add_contradiction("capture", "injured")
    G = g.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    assert G.nodes["sso"]["kind"] == "source"
    assert G.nodes["capture"]["record"] == g.claim("capture")
    assert G.edges["warshal", "militarnyi", "capture"]["relation"] == "via"
    G.add_node("intruder")
    assert "intruder" not in g
    again = pv.ProvenanceGraph.from_networkx(g.to_networkx())
    assert again == g
    assert again.assess() == g.assess()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda G: G.add_node("x"), "node 'x' needs kind"),
        (
            lambda G: G.add_edge("sso", "capture", key="capture", relation="reports"),
            "needs its Report record",
        ),
        (lambda G: G.add_edge("sso", "warshal", key="k", relation="likes"), "unknown relation"),
    ],
)
def test_from_networkx_rejects_malformed_graphs(g, mutate, message) -> None:
    G = g.to_networkx()
    mutate(G)
    with pytest.raises(pv.ValidationError, match=message):
        pv.ProvenanceGraph.from_networkx(G)
    with pytest.raises(pv.ValidationError, match=r"needs a networkx\.MultiDiGraph"):
        pv.ProvenanceGraph.from_networkx(nx.DiGraph())  # type: ignore[arg-type]


def test_from_networkx_names_a_bad_report_without_a_row(g) -> None:
    G = g.to_networkx()
    ghost = pv.Report("warshal", "capture", via=["ghost"])
    G.add_edge("warshal", "capture", key="capture", relation="reports", report=ghost)
    with pytest.raises(pv.UnknownIdError, match=r"^unknown source 'ghost'"):
        pv.ProvenanceGraph.from_networkx(G)  # an edge, not rows[i] of a call's list


def test_graph_equality() -> None:
    assert pv.ProvenanceGraph() == pv.ProvenanceGraph()
    assert pv.ProvenanceGraph() != object()


def test_notes_say_what_reading_changed_and_travel_with_a_copy() -> None:
    import warnings

    g = pv.ProvenanceGraph()
    g.add_source("a")
    h = g.copy()
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        g.note("t.csv: 2 repeated row(s) skipped")
    assert [str(w.message) for w in said] == ["t.csv: 2 repeated row(s) skipped"]
    assert [w.category for w in said] == [pv.ProvenanceWarning]
    assert g.notes == ["t.csv: 2 repeated row(s) skipped"] and h.notes == []
    assert g == h  # like the title, not part of what the graph holds
    assert g.copy().notes == g.notes
