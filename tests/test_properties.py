"""Invariants of independent lines over random provenance graphs."""

from __future__ import annotations

import itertools
import random
from typing import Any

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from tests.reference import reference_independent, split_network
from tests.strategies import build, graphs

Specs = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def origin_groups(g: pv.ProvenanceGraph, claim: str) -> set[str]:
    return {g.source(r.source).independence_group for r in g.reports(claim) if r.firsthand}


@settings(max_examples=300)
@given(graphs(n_claims=2))
def test_independent_equals_reference_max_flow(specs: Specs) -> None:
    g = build(*specs, n_claims=2)
    for claim in ("c0", "c1"):
        assert g.corroboration(claim).independent == reference_independent(g, claim)


@given(graphs())
def test_independent_is_at_most_the_origin_groups(specs: Specs) -> None:
    g = build(*specs)
    assert g.corroboration("c0").independent <= len(origin_groups(g, "c0"))


@given(graphs(), st.booleans())
def test_new_observed_firsthand_group_adds_exactly_one(specs: Specs, cites: bool) -> None:
    g = build(*specs)
    before = g.corroboration("c0").independent
    g.add_source("newcomer", group="a-group-nobody-else-is-in")
    # Citing a source as well can connect knowledge nobody observed before: at least +1.
    via = [r.source for r in g.reports("c0")][:1] if cites else []
    g.add_report("newcomer", "c0", via=via, firsthand=True)  # observed by default
    after = g.corroboration("c0").independent
    if cites:
        assert after >= before + 1
    else:
        assert after == before + 1


@settings(max_examples=300)
@given(graphs())
def test_lines_are_valid_and_disjoint_where_it_matters(specs: Specs) -> None:
    g = build(*specs)
    c = g.corroboration("c0")
    reports = {r.source: r for r in g.reports("c0")}
    assert len(c.lines) == c.independent
    groups_used: list[str] = []
    attributed_used: list[str] = []
    for line in c.lines:
        assert len(set(line)) == len(line)
        assert reports[line[0]].firsthand
        assert line[0] in c.origins
        assert reports[line[-1]].observed
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
