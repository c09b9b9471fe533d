"""Invariants of independent lines over random provenance graphs."""

from __future__ import annotations

import itertools
import random
from typing import Any

import networkx as nx
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.records import groups
from provenance.scoring.flow import Support, lines_of_support
from tests.reference import reference_independent, split_network
from tests.strategies import ANY_VALUE, build, graphs

Specs = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def origin_groups(g: pv.ProvenanceGraph, claim: str) -> set[str]:
    return {
        g.source(r.source).independence_group
        for r in g.reports(claim)
        if r.firsthand and r.retracted is None
    }


def stated_plainly(g: pv.ProvenanceGraph, claim: str) -> list[str]:
    return [
        r.source
        for r in g.reports(claim)
        if r.observed and r.retracted is None and r.hedge.is_plain and r.sourcing == "unsourced"
    ]


@settings(max_examples=300)
@given(graphs(n_claims=2))
def test_proven_and_possible_lines_equal_the_reference_max_flow(specs: Specs) -> None:
    g = build(*specs, n_claims=2)
    for claim in ("c0", "c1"):
        c = g.corroboration(claim)
        assert c.independent == reference_independent(g, claim)
        assert c.independent_max == reference_independent(g, claim, unsourced=True)
        assert c.independent <= c.independent_max


@given(graphs())
def test_independent_is_at_most_the_origin_groups(specs: Specs) -> None:
    g = build(*specs)
    floor = 1 if stated_plainly(g, "c0") else 0
    assert g.corroboration("c0").independent <= max(len(origin_groups(g, "c0")), floor)


@given(graphs(), st.booleans())
def test_new_observed_firsthand_group_adds_exactly_one(specs: Specs, cites: bool) -> None:
    g = build(*specs)
    # The declared lines: an outlet stating the claim plainly counts as one only while
    # there are none, so the count grows from the flow.
    flow = int(nx.maximum_flow_value(split_network(g, "c0"), "ROOT", "CLAIM"))
    before = g.corroboration("c0")
    g.add_source("newcomer", group="a-group-nobody-else-is-in")
    # Citing a source as well can connect knowledge nobody observed before: at least +1.
    via = [r.source for r in g.reports("c0")][:1] if cites else []
    g.add_report("newcomer", "c0", via=via, firsthand=True)  # observed by default
    after = g.corroboration("c0")
    assert after.independent >= before.independent
    if cites:
        assert after.independent >= flow + 1
    else:
        assert after.independent == flow + 1


@settings(max_examples=300)
@given(graphs())
def test_lines_are_valid_and_disjoint_where_it_matters(specs: Specs) -> None:
    g = build(*specs)
    c = g.corroboration("c0")
    reports = {r.source: r for r in g.reports("c0")}
    assert len(c.lines) == c.independent
    groups_used: list[str] = []
    attributed_used: list[str] = []
    if c.independent and not c.origins:  # no first-hand line: the outlet itself
        assert c.lines == ((c.lines[0][0],),)
        assert c.lines[0][0] in stated_plainly(g, "c0")
        return
    for line in c.lines:
        assert len(set(line)) == len(line)
        assert reports[line[0]].firsthand
        assert line[0] in c.origins
        assert [s for s in line if reports[s].observed] == [line[-1]]  # the first read
        for upstream, downstream in itertools.pairwise(line):
            assert upstream in reports[downstream].via
        groups_used.append(g.source(line[0]).independence_group)
        attributed_used += [s for s in line if not reports[s].observed]
    assert len(set(groups_used)) == len(groups_used)
    assert len(set(attributed_used)) == len(attributed_used)


@settings(max_examples=300)
@given(graphs())
def test_common_links_are_exactly_the_single_points_of_failure(specs: Specs) -> None:
    g = build(*specs)
    c = g.corroboration("c0")
    if c.independent != 1:
        assert c.common_links == ()
        return
    if not c.origins:  # the outlet itself: it fails alone only if no other says it plainly
        assert c.common_links == (c.lines[0] if len(stated_plainly(g, "c0")) == 1 else ())
        return
    network = split_network(g, "c0")
    for source in c.lines[0]:
        report = g.report(source, "c0")
        can_fail = report.firsthand or not report.observed
        without = network.copy()
        without.remove_nodes_from([("in", source), ("out", source)])
        cut = not nx.has_path(without, "ROOT", "CLAIM")
        assert (source in c.common_links) == (can_fail and cut)
    assert list(c.common_links) == [s for s in c.lines[0] if s in c.common_links]


@settings(max_examples=60)
@given(graphs(n_claims=3), st.randoms(use_true_random=False))
def test_insertion_order_changes_nothing(specs: Specs, rng: random.Random) -> None:
    source_specs, report_specs = specs
    g = build(source_specs, report_specs, n_claims=3)
    shuffled = report_specs[:]
    rng.shuffle(shuffled)
    h = build(source_specs, shuffled, n_claims=3)
    assert h == g
    assert h.assess() == g.assess()
    assert [c.explain() for c in h.assess().values()] == [c.explain() for c in g.assess().values()]


@given(graphs())
def test_networkx_round_trip_is_identity(specs: Specs) -> None:
    g = build(*specs)
    again = pv.ProvenanceGraph.from_networkx(g.to_networkx())
    assert again == g
    assert again.assess() == g.assess()


@given(graphs())
def test_cached_results_are_never_stale(specs: Specs) -> None:
    source_specs, report_specs = specs
    g = build(source_specs, [])
    for spec in report_specs:
        g.assess()  # fill the cache, then change the graph under it
        g.add_report(**spec)
        fresh = build(source_specs, report_specs[: report_specs.index(spec) + 1])
        assert g.corroboration("c0") == fresh.corroboration("c0")


# Calls a script or a careless caller might make: declared ids, unknown ones, and values
# of every type where an id, a list or a grade belongs.
_IDS = st.sampled_from(["s0", "s1", "s2", "c0", "c1", "nobody"]) | ANY_VALUE
_CALLS = st.tuples(
    st.sampled_from(["report", "reports", "chain", "contradiction", "source", "sources"]),
    _IDS,
    _IDS,
    ANY_VALUE,
)


def _call(g: pv.ProvenanceGraph, call: tuple[str, Any, Any, Any]) -> None:
    name, a, b, extra = call
    if name == "report":
        g.add_report(a, b, via=extra if extra is not None else ())
    elif name == "reports":
        g.add_reports([{"source": "s0", "claim": "c0"}, {"source": a, "claim": b, "via": extra}])
    elif name == "chain":
        g.add_chain(a, b)
    elif name == "contradiction":
        g.add_contradiction(a, b)
    elif name == "source":
        g.add_source(a, name=b, reliability=extra)
    else:
        g.add_sources([{"id": "s9"}, {"id": a, "group": extra}])


@settings(max_examples=150)
@given(st.lists(_CALLS, max_size=6))
def test_any_call_changes_the_graph_or_raises_and_changes_nothing(
    calls: list[tuple[str, Any, Any, Any]],
) -> None:
    g = pv.ProvenanceGraph()
    g.add_sources([{"id": "s0"}, {"id": "s1"}, {"id": "s2", "group": "gov"}])
    g.add_claims([{"id": "c0"}, {"id": "c1"}])
    for call in calls:
        before = pv.ProvenanceGraph.from_networkx(g.to_networkx())
        try:
            _call(g, call)
        except pv.ProvenanceError:
            assert g == before  # all or nothing
    fresh = pv.ProvenanceGraph.from_networkx(g.to_networkx())
    assert g.assess() == fresh.assess()  # and what it holds scores as a fresh copy does


@settings(max_examples=150)
@given(graphs(n_claims=3), st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=3))
def test_cached_results_are_never_stale_among_contradicting_claims(
    specs: Specs, pairs: list[tuple[int, int]]
) -> None:
    # A claim's credibility depends on its rivals' lines: a change to either must reach it.
    source_specs, report_specs = specs
    contradictions = [(f"c{a}", f"c{b}") for a, b in pairs if a != b]
    steps: list[Any] = [*report_specs, *contradictions]
    random.Random(len(steps)).shuffle(steps)
    g = build(source_specs, [], n_claims=3)
    done: list[Any] = []
    for step in steps:
        g.assess()  # fill the cache, then change the graph under it
        if isinstance(step, tuple):
            g.add_contradiction(*step)
        else:
            g.add_report(**step)
        done.append(step)
        fresh = build(source_specs, [s for s in done if isinstance(s, dict)], n_claims=3)
        for pair in (s for s in done if isinstance(s, tuple)):
            fresh.add_contradiction(*pair)
        assert g.assess() == fresh.assess()


@settings(max_examples=300)
@given(graphs())
def test_the_shortcut_is_the_same_flow(specs: Specs) -> None:
    # The flow read off directly (no attributed source cites anyone) and the general
    # search are one definition: equal number, origins, witness lines and common links.
    g = build(*specs)
    reports = {r.source: r for r in g.reports("c0")}
    quick = lines_of_support(reports, groups(g))
    searched = lines_of_support(reports, groups(g), shortcut=False)
    assert quick == searched
    assert lines_of_support(reports, groups(g), value_only=True) == Support(
        quick.independent, quick.origins
    )
    # The possible count read off beside the proven one is the second flow's.
    both = lines_of_support(reports, groups(g), possible=True)
    second = lines_of_support(reports, groups(g), value_only=True, unsourced=True)
    assert both.possible == second.independent


_GRADES = [None, *"ABCDEF"]
_CHANCE = {None: 0.6, "A": 0.95, "B": 0.8, "C": 0.65, "D": 0.45, "E": 0.2, "F": 0.6}


@settings(max_examples=200)
@given(graphs(), st.sampled_from(_GRADES), st.sampled_from(list(pv.Hedge)))
def test_an_independent_line_never_lowers_support(
    specs: Specs, grade: str | None, hedge: pv.Hedge
) -> None:
    g = build(*specs)
    before = g.corroboration("c0").support
    g.add_source("newcomer", group="a-group-nobody-else-is-in", reliability=grade)
    g.add_report("newcomer", "c0", firsthand=True, hedge=hedge)
    assert g.corroboration("c0").support >= before - 1e-12


@settings(max_examples=200)
@given(graphs(n_claims=2), st.integers(0, 7), st.sampled_from(_GRADES))
def test_downgrading_a_grade_never_raises_support(
    specs: Specs, which: int, grade: str | None
) -> None:
    # Claims without rivals: with one, weakening its rival's source raises it (below).
    source_specs, report_specs = specs
    which %= len(source_specs)
    assume(_CHANCE[grade] <= _CHANCE[source_specs[which]["reliability"]])
    lowered = [dict(s) for s in source_specs]
    lowered[which]["reliability"] = grade
    g, h = build(source_specs, report_specs, 2), build(lowered, report_specs, 2)
    for claim in ("c0", "c1"):
        assert h.corroboration(claim).support <= g.corroboration(claim).support + 1e-12


@settings(max_examples=200)
@given(graphs(n_claims=2), st.sampled_from(_GRADES))
def test_strengthening_one_side_never_raises_the_other(specs: Specs, grade: str | None) -> None:
    g = build(*specs, n_claims=2)
    g.add_contradiction("c0", "c1")
    before = g.corroboration("c1").support
    g.add_source("newcomer", group="a-group-nobody-else-is-in", reliability=grade)
    g.add_report("newcomer", "c0", firsthand=True)
    assert g.corroboration("c1").support <= before + 1e-12
