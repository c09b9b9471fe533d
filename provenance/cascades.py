"""Cascades: how each claim spread, in the measures of diffusion research.

A claim's **cascade** is its reports: each reporting source is a node (the attributed
ones a via names are nodes too), each declared via of the claim an edge
``upstream → downstream``, and a report citing nobody inside the claim a root. The
measures are those of Vosoughi, Roy and Aral, "The spread of true and false news
online" (*Science* 359, 2018) and Goel, Anderson, Hofman and Watts, "The structural
virality of online diffusion" (*Management Science* 62(1), 2016):

- ``size``: the reports in the cascade;
- ``depth``: the most hops from a root to a report;
- ``max_breadth``: the most reports at one depth (the roots are depth 0);
- ``structural_virality``: the mean distance between two reports of the cascade tree
  (its Wiener index over its pairs); near 2 for a broadcast (a star), growing with
  the size for a chain, whose ``n`` reports give ``(n + 1) / 3``;
- ``first`` and ``last``: the earliest and latest ``published`` time;
- ``t50`` and ``t90``: how long after the first dated report half, and nine tenths,
  of the dated reports had appeared.

**The tree.** Goel et al. define structural virality on a tree, where each report has
one parent. A report may name several vias, and vias may run in a circle, so the tree
is chosen, by one rule: a report's parent is its **earliest published via** (the
nearest to the origin as far as the dates tell, so the cautious reading of how deep a
claim spread); when none of its vias is dated, its first via. A circle of such
parents (A via B, B via A) has no root of its own; its **earliest report** becomes a
root (the one listed first when none is dated), which leaves a forest.
:func:`cascade_tree` gives the parents chosen. Suspected copying
(:meth:`~provenance.store.Store.add_suspected`) is not a via, and no edge of the tree.

**Several roots.** A claim whose reports start from several roots is a forest: a pair
of reports in two trees has no path between them, so structural virality is the mean
distance over the pairs one tree joins (each tree's Wiener index, summed, over each
tree's pairs, summed), and 0 when no two reports are joined. ``roots`` counts the trees.

**Times.** Times compare as :func:`~provenance.scoring.rules.dated_before` compares
them: to the microsecond when every dated report of the claim has a datetime of one
kind (all naive, or all with a time zone), by day otherwise. ``first`` and ``last``
are the reports' own times, the earliest and latest in that order (ties: the report
listed first). ``t50`` and ``t90`` are the time from the first dated report to the
``⌈m/2⌉``-th and ``⌈9m/10⌉``-th of the ``m`` dated ones; ``None`` below two dated
reports, or when the claim mixes kinds (dates with datetimes, naive with aware
datetimes), whose distance is known to the day at best.

Every measure is linear in the claim's reports: the tree is walked once from its roots
(no recursion), structural virality is summed over the tree's edges from subtree sizes
(``s × (t - s)`` pairs cross the edge above a subtree of ``s`` reports in a tree of
``t``), never over all pairs, and the two times are selected, not sorted, in a large
cascade.

Examples
--------
>>> import provenance as pv
>>> g = pv.ProvenanceGraph()
>>> for s in ("wire", "a", "b", "c", "d"):
...     _ = g.add_source(s)
>>> _ = g.add_claim("c1", "Something happened")
>>> _ = g.add_report("wire", "c1", firsthand=True, published="2024-12-26T09:00:00Z")
>>> for s, at in [("a", "09:30"), ("b", "10:00"), ("c", "12:00")]:
...     _ = g.add_report(s, "c1", via=["wire"], published=f"2024-12-26T{at}:00Z")
>>> _ = g.add_report("d", "c1", via=["c"], published="2024-12-27T09:00:00Z")
>>> spread = pv.cascades(g)["c1"]
>>> spread.size, spread.depth, spread.max_breadth, spread.structural_virality
(5, 2, 3, 1.8)
>>> str(spread.t50), str(spread.t90)
('1:00:00', '1 day, 0:00:00')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from attrs import frozen

from provenance._text import aligned_lines, printable
from provenance.model import Report
from provenance.records import Records, claim_ids, reports_by_source
from provenance.scoring.rules import AWARE, NAIVE, NO_DATE, published_codes
from provenance.terms import Published

__all__ = [
    "Cascade",
    "cascade",
    "cascade_lines",
    "cascade_of",
    "cascade_tree",
    "cascades",
    "duration_text",
]

# Above this many dated reports the two times are selected (numpy's introselect, linear
# on average) rather than sorted; below it a sort is the cheaper call.
_SELECT_FROM = 64


@frozen
class Cascade:
    """How one claim spread: the measures of its cascade (see :mod:`provenance.cascades`).

    Attributes
    ----------
    claim : str
    size : int
        Its reports, attributed ones included.
    roots : int
        The trees of the cascade: reports citing nobody inside the claim, and circles.
    depth : int
        The most hops from a root to a report (0 when every report is a root).
    max_breadth : int
        The most reports at one depth.
    structural_virality : float
        The mean distance between two reports one tree joins (Goel et al.); 0 when
        no two are joined.
    first, last : date or datetime, optional
        The earliest and the latest ``published`` time; None when nothing is dated.
    t50, t90 : timedelta, optional
        From the first dated report until half, and nine tenths, of the dated reports
        had appeared; None below two dated reports or when their kinds are mixed.
    """

    claim: str
    size: int
    roots: int
    depth: int
    max_breadth: int
    structural_virality: float
    first: Published | None
    last: Published | None
    t50: dt.timedelta | None
    t90: dt.timedelta | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: times as ISO 8601 text, durations in seconds.

        >>> Cascade("c", 1, 1, 0, 1, 0.0, dt.date(2024, 12, 26), dt.date(2024, 12, 26),
        ...         None, None).to_dict()["first"]
        '2024-12-26'
        """
        return {
            "claim": self.claim,
            "size": self.size,
            "roots": self.roots,
            "depth": self.depth,
            "max_breadth": self.max_breadth,
            "structural_virality": self.structural_virality,
            "first": None if self.first is None else self.first.isoformat(),
            "last": None if self.last is None else self.last.isoformat(),
            "t50_seconds": None if self.t50 is None else self.t50.total_seconds(),
            "t90_seconds": None if self.t90 is None else self.t90.total_seconds(),
        }


def cascades(store: Records, claims: Iterable[str] | None = None) -> dict[str, Cascade]:
    """Every claim's cascade measures (or those of `claims`), by claim id, in order.

    Parameters
    ----------
    store : Records
        A :class:`~provenance.graph.ProvenanceGraph`, or any store.
    claims : iterable of str, optional
        The claims to measure; every claim, in declaration order, by default.

    Returns
    -------
    dict of str to Cascade

    Raises
    ------
    UnknownIdError
        A claim of `claims` is not declared.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.load("examples/pow_article.yaml")
    >>> spread = pv.cascades(g)["capture"]
    >>> spread.size, spread.roots, spread.depth  # SSO → … → the article, and the photos
    (5, 2, 3)
    """
    if claims is None:
        ids = claim_ids(store)
    else:
        ids = list(claims)
        for claim in ids:
            store.claim(claim)  # an undeclared id: the usual error, naming it
    return {claim: cascade_of(claim, reports_by_source(store, claim).values()) for claim in ids}


def cascade(store: Records, claim: str) -> Cascade:
    """The cascade measures of one declared `claim`.

    >>> import provenance as pv
    >>> cascade(pv.load("examples/pow_article.yaml"), "capture").max_breadth
    2
    """
    return cascade_of(claim, store.reports(claim))


def cascade_of(claim: str, reports: Iterable[Report]) -> Cascade:
    """The cascade measures of `claim` from its reports (a via naming a source with no
    report among them is left out): what :func:`cascades` gives, for reports held
    anywhere.

    >>> from provenance.model import Report
    >>> chain = [Report("a", "c", firsthand=True), Report("b", "c", via=["a"]),
    ...          Report("d", "c", via=["b"])]
    >>> cascade_of("c", chain).structural_virality
    1.3333333333333333
    """
    listed = list(reports)
    if len(listed) < 2:  # a post nobody passed on: the most common claim of an export
        when = listed[0].published if listed else None
        return Cascade(claim, len(listed), len(listed), 0, len(listed), 0.0, when, when, None, None)
    keys, one_kind = _times(listed)
    parent = _parents(listed, keys)
    roots, depth, breadth, virality = _shape(parent)
    first = last = None
    dated = [(key, i) for i, key in enumerate(keys) if key is not None]
    if dated:
        first = listed[min(dated)[1]].published
        last = listed[max(dated, key=lambda pair: (pair[0], -pair[1]))[1]].published
    t50 = t90 = None
    if one_kind is not None and len(dated) >= 2:
        t50, t90 = _spread_times([key for key, _ in dated], exact=one_kind)
    return Cascade(claim, len(listed), roots, depth, breadth, virality, first, last, t50, t90)


def cascade_tree(reports: Iterable[Report]) -> dict[str, str | None]:
    """The tree the measures are taken on: each reporting source's parent (None for a
    root), by the rule of :mod:`provenance.cascades`.

    >>> from provenance.model import Report
    >>> cascade_tree([Report("a", "c", via=["b"]), Report("b", "c", via=["a"],
    ...                                                   published="2024-12-26")])
    {'a': 'b', 'b': None}
    """
    listed = list(reports)
    parent = _parents(listed, _times(listed)[0])
    return {
        r.source: None if p < 0 else listed[p].source for r, p in zip(listed, parent, strict=True)
    }


def cascade_lines(measures: Sequence[Cascade]) -> Iterator[str]:
    """The lines of a plain table of `measures`, a claim a line: times in ISO 8601,
    durations as :func:`duration_text`, ``-`` where there is none.

    >>> from provenance.model import Report
    >>> for line in cascade_lines([cascade_of("c", [Report("a", "c")])]):
    ...     print(line)
    claim  size  roots  depth  breadth  virality  first  last  t50  t90
    c      1     1      0      1        0.00      -      -     -    -
    """
    header = (
        "claim",
        "size",
        "roots",
        "depth",
        "breadth",
        "virality",
        "first",
        "last",
        "t50",
        "t90",
    )

    def cells(c: Cascade) -> tuple[str, ...]:
        return (
            printable(c.claim),
            str(c.size),
            str(c.roots),
            str(c.depth),
            str(c.max_breadth),
            f"{c.structural_virality:.2f}",
            "-" if c.first is None else c.first.isoformat(),
            "-" if c.last is None else c.last.isoformat(),
            "-" if c.t50 is None else duration_text(c.t50),
            "-" if c.t90 is None else duration_text(c.t90),
        )

    return aligned_lines(header, lambda: map(cells, measures))


def duration_text(duration: dt.timedelta) -> str:
    """A duration as ``[Dd ]HH:MM:SS``, to the second below.

    >>> duration_text(dt.timedelta(hours=1, seconds=5.5)), duration_text(dt.timedelta(days=2))
    ('01:00:05', '2d 00:00:00')
    """
    seconds = int(duration.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    clock = f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"
    return f"{days}d {clock}" if days else clock


def _times(reports: Sequence[Report]) -> tuple[list[int | None], bool | None]:
    """Each report's time as one number that orders the claim's times (None when
    undated), and how they compare: exactly (True: microseconds), by the day of one
    kind (False: days), or mixed kinds by day (None)."""
    codes = [published_codes(r.published) for r in reports]
    kinds = {kind for kind, _, _ in codes}
    kinds.discard(NO_DATE)
    exact = len(kinds) == 1 and kinds <= {NAIVE, AWARE}
    keys = [None if kind == NO_DATE else instant if exact else day for kind, day, instant in codes]
    return keys, exact if len(kinds) == 1 else None


def _parents(reports: Sequence[Report], keys: Sequence[int | None]) -> list[int]:
    """Each report's parent in the cascade tree, by position (-1: a root): its
    earliest dated via, else its first via; then circles broken."""
    index = {r.source: i for i, r in enumerate(reports)}
    parent = [-1] * len(reports)
    for i, report in enumerate(reports):
        via = report.via
        if len(via) == 1:  # the usual report: nothing to choose
            parent[i] = index.get(via[0], -1)
            continue
        best, best_key = -1, None
        for upstream in via:
            j = index.get(upstream, -1)
            key = keys[j] if j >= 0 else None
            if j >= 0 and (best < 0 or (key is not None and (best_key is None or key < best_key))):
                best, best_key = j, key
        parent[i] = best
    _break_circles(parent, keys)
    return parent


def _break_circles(parent: list[int], keys: Sequence[int | None]) -> None:
    """Make the earliest report of each circle of parents a root (the first listed
    when none is dated): each report is walked once, so this is linear."""
    state = [0] * len(parent)  # 0 not seen, 1 on the walk under way, 2 done
    for start in range(len(parent)):
        walk: list[int] = []
        node = start
        while node >= 0 and state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node >= 0 and state[node] == 1:  # back on this walk: a circle
            circle = walk[walk.index(node) :]
            root = min(circle, key=lambda i: (keys[i] is None, keys[i] or 0, i))
            parent[root] = -1
        for node in walk:
            state[node] = 2


def _shape(parent: Sequence[int]) -> tuple[int, int, int, float]:
    """(roots, depth, max breadth, structural virality) of the forest `parent` draws,
    from one walk down from the roots and one back up."""
    n = len(parent)
    children: list[list[int]] = [[] for _ in range(n)]
    order = []  # breadth first: each report after its parent
    for node, up in enumerate(parent):
        if up < 0:
            order.append(node)
        else:
            children[up].append(node)
    roots = len(order)
    depth = [0] * n
    tree = list(range(n))  # the root of each report's tree
    for node in order:  # grows as it is walked
        for child in children[node]:
            depth[child], tree[child] = depth[node] + 1, tree[node]
            order.append(child)
    below = [1] * n  # each report's subtree size, summed back up
    for node in reversed(order):
        if parent[node] >= 0:
            below[parent[node]] += below[node]
    distances = sum(below[v] * (below[tree[v]] - below[v]) for v in range(n) if parent[v] >= 0)
    pairs = sum(below[r] * (below[r] - 1) // 2 for r in range(n) if parent[r] < 0)
    at_depth = [0] * (max(depth, default=0) + 1)
    for d in depth:
        at_depth[d] += 1
    return roots, len(at_depth) - 1, max(at_depth) if n else 0, distances / pairs if pairs else 0.0


def _spread_times(keys: list[int], *, exact: bool) -> tuple[dt.timedelta, dt.timedelta]:
    """From the first of the dated reports' times (microseconds when `exact`, else
    days) to the ⌈m/2⌉-th and the ⌈9m/10⌉-th."""
    m = len(keys)
    half, most = (m + 1) // 2 - 1, (9 * m + 9) // 10 - 1  # positions, from 0
    if m < _SELECT_FROM:
        ordered = sorted(keys)
        start, at_half, at_most = ordered[0], ordered[half], ordered[most]
    else:
        values = np.array(keys, dtype=np.int64)
        chosen = np.partition(values, (half, most))
        start, at_half, at_most = int(values.min()), int(chosen[half]), int(chosen[most])
    unit = dt.timedelta(microseconds=1) if exact else dt.timedelta(days=1)
    return (at_half - start) * unit, (at_most - start) * unit
