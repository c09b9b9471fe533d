"""A layered left-to-right layout for provenance graphs, computed in Python.

Sources are layered by the longest via path that reaches them (cycles collapse to one
layer), so first-hand origins stand on the left and the reporters you read to their
right; claims take the last layer. Within a layer, nodes are ordered by the mean
position of their upstream neighbours (one barycentre sweep) and stacked by their own
heights, so no two boxes overlap whatever their labels. A layer taller than the rest of
the picture is folded into side-by-side columns set close together inside one band, so
that a fold does not read as relay depth. Contradictions between claims are routed in
the gaps beside and above the claim columns, never through a box.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

import networkx as nx
from attrs import field, frozen

__all__ = ["Band", "Layout", "grids_below", "label_size", "layered_layout", "via_depths"]

N = TypeVar("N", bound=Hashable)

Point = tuple[float, float]

LAYER_GAP = 150.0  # between layers: room for the edges and their arrows
FOLD_GAP = 28.0  # between the columns of one folded layer: close, unlike a new layer
CLAIM_FOLD_GAP = 110.0  # folded claim columns leave lanes for contradictions
SOURCE_GAP = 14.0  # between two boxes of one column
CLAIM_GAP = 24.0
BAND_PAD = 14.0
LANE = 7.0  # between two contradiction lanes
LANES = 6
LINE_HEIGHT = 1.08  # times the font size: vis-network sets lines at 1.0
MARGIN = 8.0  # inside a box, around its text


@frozen
class Band(Generic[N]):
    """The rectangle around a folded layer: ``(left, top, right, bottom)`` and its size."""

    box: tuple[float, float, float, float]
    nodes: int
    columns: int
    claims: bool  # the claims' layer, not a layer of sources


@frozen
class Layout(Generic[N]):
    """Where everything is drawn.

    Attributes
    ----------
    positions : dict
        The centre ``(x, y)`` of every node's box.
    sizes : dict
        Every node's ``(width, height)``, as given.
    bands : list of Band
        One per folded layer.
    routes : list of list of (x, y)
        One polyline per contradiction, in the order given, from centre to centre.
    columns : list of (left, right, nodes)
        Every column of boxes, left to right, each with its nodes from the top: edges
        are routed through the gaps between them (see :mod:`provenance.render.routing`).
    """

    positions: dict[N, Point]
    sizes: Mapping[N, Point]
    bands: list[Band[N]]
    routes: list[list[Point]]
    columns: list[tuple[float, float, list[N]]] = field(factory=list)


def _char_width(char: str) -> float:
    """A generous width of `char` in em, for a sans-serif font."""
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) > 0xFFFF:
        return 1.15  # CJK, emoji
    if char == " ":
        return 0.32
    if char.isupper() or char.isdigit() or char in "⚠·→…—":
        return 0.74
    return 0.6


def label_size(label: str, font: float) -> Point:
    """The ``(width, height)`` of a box holding `label` (lines split on newlines).

    An overestimate for common sans-serif fonts, so boxes placed by it do not touch.

    >>> w, h = label_size("Warshal", 14)
    >>> 60 < w < 110, h == 14 * LINE_HEIGHT + 2 * MARGIN
    (True, True)
    """
    lines = label.split("\n")
    width = max(sum(_char_width(c) for c in line) for line in lines) * font
    return width + 2 * MARGIN, len(lines) * font * LINE_HEIGHT + 2 * MARGIN


def layered_layout(
    sources: Sequence[N],
    via: Iterable[tuple[N, N]],
    claims: Sequence[N],
    reporters: Mapping[N, Sequence[N]],
    sizes: Mapping[N, Point],
    contradictions: Sequence[tuple[N, N]] = (),
) -> Layout[N]:
    """Boxes for sources layered by via depth and claims on the right, never overlapping.

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
    sizes : mapping
        Every node's box ``(width, height)`` (see :func:`label_size`).
    contradictions : sequence of (claim, claim), optional
        Pairs of claims to route a line between.

    Examples
    --------
    >>> nodes = ["sso", "warshal", "article", "capture"]
    >>> layout = layered_layout(nodes[:3], [("sso", "warshal"), ("warshal", "article")],
    ...                         ["capture"], {"capture": ["article"]},
    ...                         {n: label_size(n, 14) for n in nodes})
    >>> xs = [layout.positions[n][0] for n in nodes]
    >>> xs == sorted(xs), layout.bands
    (True, [])
    """
    layers = _layers(sources, via, claims, reporters)
    tallest = max(12, int(2 * math.sqrt(sum(map(len, layers)))))
    positions: dict[N, Point] = {}
    bands: list[Band[N]] = []
    every: list[_Column[N]] = []
    left = 0.0
    for k, layer in enumerate(layers):
        of_claims = k == len(layers) - 1  # the last layer
        columns, right, half_height = _place_layer(
            _folded(layer, tallest), left, sizes, positions, of_claims=of_claims
        )
        every += columns
        if len(columns) > 1:
            box = (
                left - BAND_PAD,
                -half_height - BAND_PAD,
                right + BAND_PAD,
                half_height + BAND_PAD,
            )
            bands.append(Band(box, len(layer), len(columns), of_claims))
        left = right + LAYER_GAP
    routes = _routes(columns, positions, sizes, contradictions)  # the claims' columns
    return Layout(positions, sizes, bands, routes, every)


_Column = tuple[float, float, list[N]]
"""A placed column of one layer: its left and right edges, and its nodes from the top."""


def _folded(layer: list[N], tallest: int) -> list[list[N]]:
    """`layer` in as few columns of at most `tallest` nodes as it takes, filled evenly
    (one column, maybe empty, when it fits)."""
    n_columns = max(1, math.ceil(len(layer) / tallest))
    rows = math.ceil(len(layer) / n_columns) if layer else 0
    return [layer[i * rows : (i + 1) * rows] for i in range(n_columns)]


def _place_layer(
    columns: list[list[N]],
    left: float,
    sizes: Mapping[N, Point],
    positions: dict[N, Point],
    *,
    of_claims: bool,
) -> tuple[list[_Column[N]], float, float]:
    """Place one layer's `columns` side by side from `left`, each centred on y = 0, into
    `positions`. Returns the placed columns, the layer's right edge and half the height
    of its tallest column."""
    gap, fold_gap = (CLAIM_GAP, CLAIM_FOLD_GAP) if of_claims else (SOURCE_GAP, FOLD_GAP)
    placed: list[_Column[N]] = []
    half_height = 0.0
    for column in columns:
        width = max((sizes[n][0] for n in column), default=0.0)
        height = _stack(column, left + width / 2, gap, sizes, positions)
        half_height = max(half_height, height / 2)
        placed.append((left, left + width, column))
        left += width + fold_gap
    return placed, left - fold_gap, half_height


def _stack(
    column: list[N], x: float, gap: float, sizes: Mapping[N, Point], positions: dict[N, Point]
) -> float:
    """Place `column`'s boxes one under another, `gap` apart, centred on ``(x, 0)``, into
    `positions`; the column's height."""
    height = sum(sizes[n][1] for n in column) + gap * max(len(column) - 1, 0)
    y = -height / 2
    for node in column:
        h = sizes[node][1]
        positions[node] = (x, y + h / 2)
        y += h + gap
    return height


def grids_below(
    positions: Mapping[N, Point],
    sizes: Mapping[N, Point],
    groups: Sequence[tuple[N, Sequence[N]]],
) -> tuple[dict[N, Point], list[Band[N]]]:
    """Where a fan-out's members go when it is opened: a grid under the whole drawing,
    centred under the fan-out's node, each group's below the one before; so opening
    one never covers a box.

    >>> sizes = {n: (50.0, 30.0) for n in ("g", "a", "b", "c")}
    >>> at, (band,) = grids_below({"g": (0.0, 0.0)}, sizes, [("g", ["a", "b", "c"])])
    >>> band.nodes, all(y > 15 for _, y in at.values())
    (3, True)
    """
    bottom = max((y + sizes[n][1] / 2 for n, (_, y) in positions.items()), default=0.0)
    bottom += LAYER_GAP / 2
    placed: dict[N, Point] = {}
    bands: list[Band[N]] = []
    for node, members in groups:
        if not members:
            continue
        width = max(sizes[m][0] for m in members)
        height = max(sizes[m][1] for m in members)
        columns = max(1, min(len(members), math.ceil(math.sqrt(3 * len(members)))))
        rows = math.ceil(len(members) / columns)
        span = columns * width + (columns - 1) * FOLD_GAP
        left, top = positions[node][0] - span / 2, bottom + BAND_PAD
        for i, member in enumerate(members):
            row, column = divmod(i, columns)
            placed[member] = (
                left + column * (width + FOLD_GAP) + width / 2,
                top + row * (height + SOURCE_GAP) + height / 2,
            )
        low = top + rows * (height + SOURCE_GAP) - SOURCE_GAP + BAND_PAD
        bands.append(Band((left - BAND_PAD, bottom, left + span + BAND_PAD, low), len(members),
                          columns, False))  # fmt: skip
        bottom = low + LAYER_GAP / 2
    return placed, bands


def via_depths(dag: nx.DiGraph[N]) -> dict[N, int]:
    """Each node's depth: the longest via path reaching it from a node citing nobody; the
    nodes of a cycle share one depth. The layout's layers, and a timeline's order on one
    date (a source before those citing it).

    >>> dag = nx.DiGraph([("sso", "warshal"), ("warshal", "article"), ("a", "b"), ("b", "a")])
    >>> via_depths(dag)
    {'sso': 0, 'warshal': 1, 'article': 2, 'a': 0, 'b': 0}
    """
    condensed = nx.condensation(dag)  # one node per strongly connected component
    component = condensed.graph["mapping"]
    depth: dict[int, int] = {}
    for c in nx.topological_sort(condensed):
        depth[c] = max((depth[p] + 1 for p in condensed.predecessors(c)), default=0)
    return {node: depth[component[node]] for node in dag}


def _layers(
    sources: Sequence[N],
    via: Iterable[tuple[N, N]],
    claims: Sequence[N],
    reporters: Mapping[N, Sequence[N]],
) -> list[list[N]]:
    """Nodes by layer, each layer in barycentre order."""
    dag: nx.DiGraph[N] = nx.DiGraph()
    dag.add_nodes_from(sources)
    dag.add_edges_from(via)
    depth = via_depths(dag)
    layers: list[list[N]] = [[] for _ in range(max(depth.values(), default=-1) + 2)]
    for node in sources:
        layers[depth[node]].append(node)
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
    return [layer for layer in layers[:-1] if layer] + [layers[-1]]


def _routes(
    columns: list[_Column[N]],
    positions: Mapping[N, Point],
    sizes: Mapping[N, Point],
    contradictions: Sequence[tuple[N, N]],
) -> list[list[Point]]:
    """Orthogonal lines between claims through the gaps beside and above their columns.

    Within one column the line runs down the gap to the column's right; between
    columns it climbs above the tallest column, so it crosses no other claim's box.
    """
    where = {node: i for i, (_, _, column) in enumerate(columns) for node in column}
    top = min((positions[n][1] - sizes[n][1] / 2 for _, _, c in columns for n in c), default=0)
    routes: list[list[Point]] = []
    for lane, (a, b) in enumerate(contradictions):
        if where[a] > where[b]:
            a, b = b, a
        (xa, ya), (xb, yb) = positions[a], positions[b]
        offset = (lane % LANES + 1.5) * LANE
        right = columns[where[a]][1] + offset
        if where[a] == where[b]:
            routes.append([(xa, ya), (right, ya), (right, yb), (xb, yb)])
            continue
        high = top - offset
        before_b = columns[where[b]][0] - offset
        routes.append(
            [(xa, ya), (right, ya), (right, high), (before_b, high), (before_b, yb), (xb, yb)]
        )
    return routes
