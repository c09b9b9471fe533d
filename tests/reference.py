"""A straightforward reference for independent lines: networkx max flow, node-split graph.

Deliberately naive and independent of :mod:`provenance.scoring`: the property tests
compare the library against it, and the scale benchmark uses it as the baseline.
"""

from __future__ import annotations

import networkx as nx

import provenance as pv


def split_network(
    g: pv.ProvenanceGraph, claim: str, *, unsourced: bool = False
) -> nx.DiGraph[object]:
    """The claim's flow network of ``docs/concepts.md``; edges without capacity are
    unbounded. With `unsourced`, reports that name no source are origins too."""
    network: nx.DiGraph[object] = nx.DiGraph()
    network.add_nodes_from(["ROOT", "CLAIM"])
    live = {r.source: r for r in g.reports(claim) if r.retracted is None}
    for report in live.values():
        s = report.source
        if report.observed:
            network.add_edge(("in", s), ("out", s))
            network.add_edge(("out", s), "CLAIM")
        else:
            network.add_edge(("in", s), ("out", s), capacity=1)
        if report.firsthand or (unsourced and not report.via):
            group = ("group", g.source(s).independence_group)
            network.add_edge("ROOT", group, capacity=1)
            network.add_edge(group, ("in", s))
        for upstream in report.via:
            if upstream in live:
                network.add_edge(("out", upstream), ("in", s))
    return network


def reference_independent(g: pv.ProvenanceGraph, claim: str, *, unsourced: bool = False) -> int:
    """Proven lines (possible ones with `unsourced`): the max flow, and at least 1 when
    an observed report states the claim plainly without a source."""
    flow = int(nx.maximum_flow_value(split_network(g, claim, unsourced=unsourced), "ROOT", "CLAIM"))
    plainly = any(
        r.observed and r.retracted is None and r.hedge.is_plain and r.sourcing == "unsourced"
        for r in g.reports(claim)
    )
    return max(flow, int(plainly))
