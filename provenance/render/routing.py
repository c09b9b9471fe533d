"""Edges routed around the boxes they do not join, through the gaps of the layered layout.

An edge drawn straight can pass behind a third box, and then reads as a link to it. An
edge whose straight line clears every other box stays straight; any other is drawn as a
polyline, as in a Sugiyama layout: it leaves its box sideways, crosses each column of
boxes between its two ends through the gap nearest to its straight line (or above or
below the column), and runs across the empty lanes between columns, so that no segment
passes behind a box other than its two ends. Edges between two boxes of one column run
down the lane beside it. The routes depend only on the layout and the edges' order.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from provenance.render.layout import Layout, Point

__all__ = ["crosses", "route_edges"]

N = TypeVar("N", bound=Hashable)

Box = tuple[float, float, float, float]
CLEAR = 5.0  # the least room between an edge and a box it passes
ROOM = 12.0  # the room it is given where there is as much
SIDE_LANE = 14.0  # how far beside a column an edge between two of its boxes runs


def crosses(segment: tuple[Point, Point], box: Box) -> bool:
    """Whether `segment` passes through the inside of `box` ``(left, top, right, bottom)``
    (touching its border does not count).

    >>> crosses(((0, 5), (20, 5)), (5, 0, 10, 10)), crosses(((0, 0), (20, 0)), (5, 0, 10, 10))
    (True, False)
    """
    (x0, y0), (x1, y1) = segment
    low, high = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q <= 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
    return low < high


class _Columns(Generic[N]):
    """The layout's columns with their boxes sorted from the top, for quick look-ups."""

    def __init__(self, layout: Layout[N]) -> None:
        self.positions, self.sizes = layout.positions, layout.sizes
        self.spans = [(left, right) for left, right, _ in layout.columns]
        self.lefts = [left for left, _ in self.spans]
        self.of: dict[N, int] = {}
        self.boxes: list[list[tuple[Box, N]]] = []
        for i, (_, _, nodes) in enumerate(layout.columns):
            column = sorted(((self.box(n), n) for n in nodes), key=lambda item: item[0][1])
            self.boxes.append(column)  # from the top
            self.of.update((n, i) for n in nodes)
        self.tops = [[box[1] for box, _ in column] for column in self.boxes]
        self.gaps: dict[int, list[tuple[float, float]]] = {}

    def box(self, node: N) -> Box:
        (x, y), (w, h) = self.positions[node], self.sizes[node]
        return x - w / 2, y - h / 2, x + w / 2, y + h / 2

    def blocked(self, a: N, b: N) -> bool:
        """Whether the straight line from `a` to `b` passes near a box other than theirs."""
        (xa, ya), (xb, yb) = self.positions[a], self.positions[b]
        first = max(bisect.bisect_right(self.lefts, min(xa, xb)) - 1, 0)
        for k in range(first, len(self.spans)):
            left, right = self.spans[k]
            if left > max(xa, xb):
                break
            low, high = max(left, min(xa, xb)), min(right, max(xa, xb))
            if low > high:
                continue
            ys = [ya] if xa == xb else [ya + (yb - ya) * (x - xa) / (xb - xa) for x in (low, high)]
            if xa == xb:
                ys.append(yb)
            top, bottom = min(ys) - CLEAR, max(ys) + CLEAR
            for n in range(bisect.bisect_right(self.tops[k], bottom) - 1, -1, -1):
                box, node = self.boxes[k][n]
                if box[3] + CLEAR < top:  # above the line, and so is every box before it
                    break
                grown = (box[0] - CLEAR, box[1] - CLEAR, box[2] + CLEAR, box[3] + CLEAR)
                if node not in (a, b) and crosses(((xa, ya), (xb, yb)), grown):
                    return True
        return False

    def gap(self, k: int, target: float) -> float:
        """The height nearest `target` at which a line crosses column `k` clear of its
        boxes, kept `ROOM` from them where the gap allows, `CLEAR` at the least."""
        if k not in self.gaps:
            ends = [-math.inf, *(y for box, _ in self.boxes[k] for y in (box[1], box[3])), math.inf]
            self.gaps[k] = [
                (top + room, bottom - room)
                for top, bottom in zip(ends[::2], ends[1::2], strict=True)
                if (room := min(ROOM, (bottom - top) / 2)) >= CLEAR
            ]
        gaps = self.gaps[k]
        n = bisect.bisect_left(gaps, (target, target))  # the first gap from `target` down
        near = [min(max(target, top), bottom) for top, bottom in gaps[max(n - 1, 0) : n + 1]]
        return min(near, key=lambda y: abs(y - target))

    def route(self, a: N, b: N) -> list[Point]:
        """The polyline from `a`'s side to `b`'s, through the columns between them."""
        (xa, ya), (xb, yb) = self.positions[a], self.positions[b]
        wa, wb = self.sizes[a][0], self.sizes[b][0]
        i, j = self.of[a], self.of[b]
        if i == j:  # down the lane beside the column
            lane = self.spans[i][1] + SIDE_LANE
            return [(xa + wa / 2, ya), (lane, ya), (lane, yb), (xb + wb / 2, yb)]
        d = 1 if j > i else -1
        points = [(xa + d * wa / 2, ya)]
        out, into = self.spans[i][(d + 1) // 2], self.spans[j][(1 - d) // 2]
        if d * (out - points[0][0]) > 0:  # a box narrower than its column
            points.append((out, ya))
        for k in range(i + d, j, d):
            left, right = self.spans[k]
            t = ((left + right) / 2 - xa) / (xb - xa) if xb != xa else 0.5
            y = self.gap(k, ya + (yb - ya) * t)
            points += [(left, y), (right, y)] if d > 0 else [(right, y), (left, y)]
        if d * (xb - d * wb / 2 - into) > 0:
            points.append((into, yb))
        return [*points, (xb - d * wb / 2, yb)]


def route_edges(layout: Layout[N], edges: Iterable[tuple[N, N]]) -> list[list[Point]]:
    """Each edge's route: ``[]`` when its straight line clears every other box, else the
    polyline it is drawn along, from the side of its first box to the side of its second.

    Parameters
    ----------
    layout : Layout
        A layout from :func:`~provenance.render.layout.layered_layout`.
    edges : iterable of (node, node)
        The edges, in the order their routes are returned; an edge with an end the
        layout does not place, or from a node to itself, stays straight.

    Returns
    -------
    list of list of (x, y)

    Examples
    --------
    >>> from provenance.render.layout import label_size, layered_layout
    >>> nodes = ["sso", "warshal", "article", "capture"]
    >>> layout = layered_layout(nodes[:3], [("sso", "warshal"), ("warshal", "article")],
    ...                         ["capture"], {"capture": ["article", "sso"]},
    ...                         {n: label_size(n, 14) for n in nodes})
    >>> straight, around = route_edges(layout, [("warshal", "article"), ("sso", "capture")])
    >>> straight, len(around) > 2
    ([], True)
    """
    columns: _Columns[N] = _Columns(layout)
    placed = set(columns.of)
    routes: list[list[Point]] = []
    for a, b in edges:
        if a == b or a not in placed or b not in placed or not columns.blocked(a, b):
            routes.append([])
        else:
            routes.append(columns.route(a, b))
    return routes
