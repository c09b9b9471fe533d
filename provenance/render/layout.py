"""A layered left-to-right layout for provenance graphs, computed in Python.

Sources are layered by the longest via path that reaches them (cycles collapse to one
layer), so first-hand origins stand on the left and the reporters you read to their
right; claims take the last layer. Within a layer, nodes are ordered by the mean
position of their upstream neighbours (one barycentre sweep), and a layer taller than
the rest of the picture is folded into several side-by-side columns.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

import networkx as nx

__all__ = ["layered_positions"]

N = TypeVar("N", bound=Hashable)

LAYER_GAP = 320.0
COLUMN_GAP = 240.0
ROW_GAP = 56.0
CLAIM_ROW_GAP = 92.0  # claim boxes hold three lines of text


def layered_positions(
    sources: Sequence[N],
    via: Iterable[tuple[N, N]],
    claims: Sequence[N],
    reporters: Mapping[N, Sequence[N]],
) -> dict[N, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` for sources layered by via depth and claims on the right.

    Parameters
    ----------
    sources : sequence
        Source nodes, in a stable order (ties keep it).
    via : iterable of (upstream, downstream)
        Via edges between sources; cycles are allowed.
    claims : sequence
        Claim nodes.
    reporters : mapping
        For each claim, the sources whose report edges reach it.

    Examples
    --------
    >>> pos = layered_positions(["sso", "warshal", "article"],
    ...                         [("sso", "warshal"), ("warshal", "article")],
    ...                         ["capture"], {"capture": ["article"]})
    >>> [pos[n][0] for n in ("sso", "warshal", "article", "capture")]
    [0.0, 320.0, 640.0, 960.0]
    """
    dag: nx.DiGraph[N] = nx.DiGraph()
    dag.add_nodes_from(sources)
    dag.add_edges_from(via)
    condensed = nx.condensation(dag)  # one node per strongly connected component
    component = condensed.graph["mapping"]
    depth: dict[int, int] = {}
    for c in nx.topological_sort(condensed):
        depth[c] = max((depth[p] + 1 for p in condensed.predecessors(c)), default=0)
    layers: list[list[N]] = [[] for _ in range(max(depth.values(), default=-1) + 2)]
    for node in sources:
        layers[depth[component[node]]].append(node)
    layers[-1] = list(claims)

    rank: dict[N, float] = {}
    upstream = {node: list(dag.predecessors(node)) for node in sources}
    upstream.update({claim: list(reporters.get(claim, ())) for claim in claims})
    for layer in layers:
        placed = {node: i for i, node in enumerate(layer)}

        def barycentre(node: N, placed: Mapping[N, int] = placed) -> float:
            known = [rank[u] for u in upstream[node] if u in rank]
            return sum(known) / len(known) if known else placed[node]

        layer.sort(key=barycentre)
        for i, node in enumerate(layer):
            rank[node] = float(i)

    tallest = max(12, int(2 * math.sqrt(sum(map(len, layers)))))
    positions: dict[N, tuple[float, float]] = {}
    x = 0.0
    for k, layer in enumerate(layers):
        gap = CLAIM_ROW_GAP if k == len(layers) - 1 else ROW_GAP
        columns = max(1, math.ceil(len(layer) / tallest))
        rows = math.ceil(len(layer) / columns)
        for i, node in enumerate(layer):
            column, row = i % columns, i // columns
            positions[node] = (x + column * COLUMN_GAP, (row - (rows - 1) / 2) * gap)
        x += (columns - 1) * COLUMN_GAP + LAYER_GAP
    return positions
