"""Independent lines of support: the one flow network of a claim, and its maximum flow.

The number is the maximum flow of this network (Menger: disjoint paths = minimum
vertex cut), for one claim's reports:

- ``ROOT → knowledge(g)``, capacity 1, for each group ``g`` holding an origin
  (ungrouped sources are their own group): an origin can be wrong;
- ``knowledge(g) → s`` for each origin ``s`` in ``g``;
- ``u → v`` for each via edge of this claim ("v got it from u");
- vertex capacity 1 for attributed sources (we only have someone's word they said it),
  unbounded for observed ones (we read them; what they attribute can still fail, and
  that failure lives on the vertices of the sources they cite);
- ``v → CLAIM`` for each observed report.

A retracted report is not in the network: it supports nothing, and nothing passes
through it. Which reports are origins is the one thing the two counts of a claim differ
in: the **proven** count takes first-hand reports (declared, or implicit: a source named
in a via with no report of its own); the **possible** count takes every unsourced report
too, as if each had found the claim out itself (:func:`is_origin`).

The network is never built as a graph: it is read off the reports as it is searched.
Two facts make the search small. An observed source leads to the claim with unbounded
capacity, so every line ends at the first observed source it reaches, and a group
holding an observed origin is a line of its own that uses up nothing (its unit goes
straight to the claim); the search runs only for the other groups, over attributed
sources. When no attributed source cites anyone, each of those groups is a line exactly
when one of its origins is cited by an observed report: that *shortcut* is the same
flow, read off directly, and a property test holds the two equal.

Examples
--------
>>> from provenance.model import Report
>>> from provenance.scoring.flow import lines_of_support
>>> reports = {r.source: r for r in [
...     Report("x", "c", via=["a", "b"], observed=False),
...     Report("a", "c", firsthand=True, observed=False, implicit=True),
...     Report("b", "c", firsthand=True, observed=False, implicit=True),
...     Report("article", "c", via=["x"])]}
>>> groups = {s: f"source:{s}" for s in reports}
>>> support = lines_of_support(reports, groups)
>>> support.independent, support.lines
(1, (('a', 'x', 'article'),))
>>> common_links(reports, support.lines[0])
('x',)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import networkx as nx
from attrs import frozen

from provenance.model import PLAIN_HEDGES, Report
from provenance.scoring import rules

__all__ = [
    "Support",
    "can_fail",
    "common_links",
    "is_origin",
    "lines_of_support",
    "search_lines",
    "stated_plainly",
]

_GROUP, _IN, _OUT = 0, 1, 2  # the parts of the network a search visits
# The root and the claim, in the dominator tree: not strings, so never a source's id.
_ROOT_NODE: Any = ("root",)
_CLAIM_NODE: Any = ("claim",)
_S = TypeVar("_S", str, int)  # a source: its id, or its row in the columns
_G = TypeVar("_G", str, int)  # a group: its name, or its code


def is_origin(report: Report, unsourced: bool = False) -> bool:
    """Whether a report holds knowledge of its own: first-hand, or (`unsourced`) naming
    no source either; never a retracted one."""
    return report.retracted is None and (report.firsthand or (unsourced and not report.via))


@frozen
class Support:
    """The maximum flow of one claim's network, and what it says.

    Attributes
    ----------
    independent : int
        The flow value: independent lines of support.
    origins : tuple of str
        Origins whose knowledge reaches an observed report, sorted.
    lines : tuple of tuple of str
        One witness set of `independent` disjoint lines, each origin → … → the first
        observed reporter on the way; empty when asked for the value only.
    possible : int or None
        When asked for, the flow with unsourced reports as origins too.
    """

    independent: int
    origins: tuple[str, ...]
    lines: tuple[tuple[str, ...], ...] = ()
    possible: int | None = None


def can_fail(report: Report) -> bool:
    """A source whose failure can cut lines: its own knowledge (first-hand) can be wrong,
    or we only have someone's word that it said this (attributed). A source we read that
    only relays cannot fail: what it attributes fails on the vertices it cites."""
    return report.firsthand or not report.observed


def lines_of_support(
    reports: Mapping[str, Report],
    groups: Mapping[str, str],
    *,
    value_only: bool = False,
    shortcut: bool = True,
    unsourced: bool = False,
    possible: bool = False,
) -> Support:
    """The maximum flow of the claim's network: independent lines, and a witness.

    Parameters
    ----------
    reports : mapping
        Source id → that source's report on the claim (implicit ones included).
    groups : mapping
        Source id → independence group.
    value_only : bool
        Compute the number and the origins only, not the witness lines and common links
        (as networkx's flow functions' switch).
    shortcut : bool
        Read the flow off directly when no attributed source cites anyone (see the
        module docstring); False always searches. Both give the same result.
    unsourced : bool
        Count reports that name no source as origins too (:func:`is_origin`): what is
        possible if each found the claim out itself. By default only first-hand
        reports are: what the declared sourcing proves.
    possible : bool
        Also give the flow with unsourced reports as origins (`Support.possible`). When
        every unsourced report is observed and in a group of its own, that is this flow
        plus their groups, read off without a second search; else a second flow.

    Returns
    -------
    Support
    """
    counted: dict[str, str] = {}  # group holding an observed origin -> its least such origin
    observed_origins: list[str] = []
    candidates: list[str] = []  # attributed origins
    exits: dict[str, str] = {}  # attributed source an observed report cites -> its least citer
    relayed_by: dict[str, list[str]] = {}  # attributed source -> attributed sources citing it
    naming_nobody: list[str] = []  # reports that would be origins in the possible count
    names_nobody = rules.names_nobody
    for source, report in reports.items():
        if report.retracted is not None:
            continue  # supports nothing, passes nothing on
        cites_nobody = not report.via
        origin = report.firsthand or (unsourced and cites_nobody)
        if possible and names_nobody(True, report.firsthand, cites_nobody):  # read if asked
            naming_nobody.append(source)
        if report.observed:
            if origin:
                observed_origins.append(source)
                group = groups[source]
                first = counted.get(group)
                if first is None or source < first:
                    counted[group] = source
            for upstream in report.via:
                cited = reports[upstream]
                if not cited.observed and cited.retracted is None:
                    citer = exits.get(upstream)
                    if citer is None or source < citer:
                        exits[upstream] = source
        else:
            if origin:
                candidates.append(source)
            for upstream in report.via:
                cited = reports[upstream]
                if not cited.observed and cited.retracted is None:
                    relayed_by.setdefault(upstream, []).append(source)
    independent, origins = len(counted), observed_origins
    more: tuple[tuple[str, ...], ...] = ()
    if candidates and shortcut and not relayed_by and value_only:
        # The shortcut: each group not counted yet is a line when one of its origins
        # is an exit (what _Network.read_off finds, without the witness).
        reaching = [s for s in candidates if s in exits]
        independent += len({groups[s] for s in reaching} - counted.keys())
        origins += reaching
    elif candidates:  # the search, or the shortcut with its witness
        network = _Network(reports, groups, counted, candidates, exits, relayed_by)
        if shortcut and not relayed_by:
            network.read_off()
            origins += [s for s in candidates if s in exits]
        else:
            network.search()
            origins += network.reaching_origins(unsourced)
        independent += len(network.found)
        if not value_only:
            more = tuple(network.found)
    origins.sort()
    more_possible = None
    if possible:
        more_possible = _possible(reports, groups, naming_nobody, counted, candidates)
        if more_possible is None:
            again = lines_of_support(reports, groups, value_only=True, unsourced=True)
            more_possible = again.independent - independent
    possible_count = None if more_possible is None else independent + more_possible
    if value_only:
        return Support(independent, tuple(origins), possible=possible_count)
    lines = tuple(sorted([*((origin,) for origin in counted.values()), *more]))
    return Support(independent, tuple(origins), lines, possible_count)


def _possible(
    reports: Mapping[str, Report],
    groups: Mapping[str, str],
    naming_nobody: list[str],
    counted: Mapping[str, str],
    candidates: list[str],
) -> int | None:
    """How many lines the reports that name nobody add as origins, when that can be read
    off: each observed one's group is a line of its own, if no attributed one is among
    them and none shares a group with the origins still searched for. None otherwise."""
    if not naming_nobody:  # the usual case: nothing to add
        return 0
    searched = {groups[s] for s in candidates} - counted.keys()
    new: set[str] = set()
    for source in naming_nobody:
        group = groups[source]
        if not rules.reads_off(reports[source].observed, group in searched):
            return None
        if group not in counted:
            new.add(group)
    return len(new)


def stated_plainly(reports: Iterable[Report]) -> list[str]:
    """The observed reporters that state the claim plainly without a source: each is a
    line that can fail by itself when nothing first-hand stands behind the claim."""
    return [
        r.source
        for r in reports
        if rules.without_source(
            r.observed, r.retracted is None, r.firsthand, not r.via, r.hedge in PLAIN_HEDGES
        )[1]
    ]


def common_links(
    reports: Mapping[str, Report], line: tuple[str, ...], *, unsourced: bool = False
) -> tuple[str, ...]:
    """The sources on `line` that every line of the claim passes through and that can
    fail (:func:`can_fail`), upstream first: its single points of failure when it has one
    independent line.

    A source is on every line exactly when it dominates the claim in the network (every
    path from the root to the claim passes through it): one dominator tree, in time
    about linear in the claim's reports, however long the chain.

    Examples
    --------
    >>> from provenance.model import Report
    >>> chain = {r.source: r for r in [Report("a", "c", firsthand=True, observed=False),
    ...          Report("b", "c", via=["a"], observed=False), Report("d", "c", via=["b"])]}
    >>> common_links(chain, ("a", "b", "d"))
    ('a', 'b')
    """
    network: nx.DiGraph[str] = nx.DiGraph()
    network.add_node(_ROOT_NODE)
    for source, report in reports.items():
        if report.retracted is not None:
            continue
        if is_origin(report, unsourced):
            network.add_edge(_ROOT_NODE, source)
        if report.observed:  # lines end at the first observed source
            network.add_edge(source, _CLAIM_NODE)
        for upstream in report.via:
            cited = reports[upstream]
            if cited.retracted is None and not cited.observed:
                network.add_edge(upstream, source)
    if _CLAIM_NODE not in network:
        return ()
    dominators = nx.immediate_dominators(network, _ROOT_NODE)
    if _CLAIM_NODE not in dominators:
        return ()
    on_every_path: set[str] = set()
    node = dominators[_CLAIM_NODE]
    while node != _ROOT_NODE:
        on_every_path.add(node)
        node = dominators[node]
    return tuple(s for s in line if s in on_every_path and can_fail(reports[s]))


class _Network:
    """The part of a claim's network where capacity can bind: the groups not counted
    yet, each with its attributed origins (sorted, so that the witness does not depend
    on the order reports came in), and the lines found for them."""

    def __init__(
        self,
        reports: Mapping[str, Report],
        groups: Mapping[str, str],
        counted: Mapping[str, str],
        candidates: list[str],
        exits: Mapping[str, str],
        relayed_by: Mapping[str, list[str]],
    ) -> None:
        self.reports, self.exits, self.relayed_by = reports, exits, relayed_by
        self.entries: dict[str, list[str]] = {}  # group not counted -> its attributed origins
        for source in sorted(candidates):
            group = groups[source]
            if group not in counted:
                self.entries.setdefault(group, []).append(source)
        self.found: list[tuple[str, ...]] = []

    def read_off(self) -> None:
        """The lines when no attributed source cites anyone: each group reaches the claim
        exactly when one of its origins is an exit, and no two groups share an origin."""
        for origins in self.entries.values():
            for origin in origins:
                if origin in self.exits:
                    self.found.append((origin, self.exits[origin]))
                    break

    def search(self) -> None:
        """The lines by :func:`search_lines`."""
        self.found = search_lines(self.entries, self.exits, self.relayed_by)

    def reaching_origins(self, unsourced: bool) -> list[str]:
        """Attributed origins with a path through attributed sources to an exit."""
        reports = self.reports
        reaching: set[str] = set()
        stack = list(self.exits)
        reaching.update(stack)
        while stack:
            for u in reports[stack.pop()].via:
                if u not in reaching and not reports[u].observed and reports[u].retracted is None:
                    reaching.add(u)
                    stack.append(u)
        return [s for s in reaching if is_origin(reports[s], unsourced)]


def search_lines(
    entries: Mapping[_G, list[_S]],
    exits: Mapping[_S, _S],
    relayed_by: Mapping[_S, list[_S]],
) -> list[tuple[_S, ...]]:
    """The lines of the groups not counted yet: Kuhn's augmenting-path search over the
    attributed sources, where capacity binds.

    Each group is augmented in turn, depth first: a group that finds no path now never
    will, and the states a failed search visits stay dead. The flow is kept as the one
    unit each attributed source carries: ``fed[s]`` is the state it receives it from
    (its group's knowledge node, or the exit of the source it cites); a unit ends at an
    attributed source an observed report cites.

    Both engines call this one search (the per-claim engine with source ids, the
    columnar one with row numbers, which sort as the ids do), so they find the same
    witness: the per-claim result is the definition.

    Parameters
    ----------
    entries : mapping
        Group → its attributed origins, sorted; groups in the order they are searched.
    exits : mapping
        Attributed source an observed report cites → its least such citer.
    relayed_by : mapping
        Attributed source → the attributed sources citing it, sorted.

    Returns
    -------
    list of tuple
        One line per group reached, in `entries` order: origin → … → the exit it ends
        at → the exit's citer.
    """
    fed: dict[_S, tuple[int, Any]] = {}
    ends: set[_S] = set()
    dead: set[tuple[int, Any]] = set()
    for group in entries:
        start: tuple[int, Any] = (_GROUP, group)
        came_from = {start: start}
        stack = [start]
        end: tuple[int, Any] | None = None
        while stack:
            state = stack.pop()
            side, node = state
            if side == _OUT and node in exits:
                end = state
                break
            if side == _GROUP:
                steps = [(_IN, s) for s in entries.get(node, ())]
            elif side == _IN:  # through the source if free, else back along its unit
                steps = [fed.get(node, (_OUT, node))]
            else:
                steps = [(_IN, v) for v in sorted(relayed_by.get(node, ()))]
                if node in fed:
                    steps.append((_IN, node))  # undo the source's own unit
            for step in reversed(steps):  # the first step is searched first
                if step not in came_from and step not in dead:
                    came_from[step] = state
                    stack.append(step)
        if end is None:
            dead.update(came_from)
            continue
        ends.add(end[1])
        state = end
        while state != start:
            before = came_from[state]
            side, node = state
            if side == _IN:
                if before == (_OUT, node):  # back through the source: it carries nothing
                    del fed[node]
                else:  # a unit now enters the source from `before`
                    fed[node] = before
            state = before
    feeds = {state: source for source, state in fed.items()}
    lines = []
    for group in entries:
        first = feeds.get((_GROUP, group))
        if first is None:
            continue
        node, path = first, [first]
        while node not in ends:
            node = feeds[(_OUT, node)]
            path.append(node)
        path.append(exits[node])
        lines.append(tuple(path))
    return lines
