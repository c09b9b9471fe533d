"""A straightforward reference for independent lines: networkx max flow, node-split graph.

Deliberately naive and independent of :mod:`provenance.scoring`: the property tests
compare the library against it, and the scale benchmark uses it as the baseline.
"""

from __future__ import annotations

import networkx as nx

import provenance as pv


def split_network(g: pv.ProvenanceGraph, claim: str) -> nx.DiGraph[object]:
    """The claim's flow network of ``docs/concepts.md``; edges without capacity are unbounded."""
    network: nx.DiGraph[object] = nx.DiGraph()
    network.add_nodes_from(["ROOT", "CLAIM"])
    for report in g.reports(claim):
        s = report.source
        if report.observed:
            network.add_edge(("in", s), ("out", s))
            network.add_edge(("out", s), "CLAIM")
        else:
            network.add_edge(("in", s), ("out", s), capacity=1)
        if report.firsthand:
            group = ("group", g.source(s).independence_group)
            network.add_edge("ROOT", group, capacity=1)
            network.add_edge(group, ("in", s))
        for upstream in report.via:
            network.add_edge(("out", upstream), ("in", s))
    return network


def reference_independent(g: pv.ProvenanceGraph, claim: str) -> int:
    value = nx.maximum_flow_value(split_network(g, claim), "ROOT", "CLAIM")
    return int(value)
