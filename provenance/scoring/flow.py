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
from typing import Any, Generic, TypeVar

import networkx as nx
from attrs import define, field, frozen

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
_State = tuple[int, Any]  # in a search: (_GROUP, a group), or (_IN or _OUT, a source)


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
    for source, report in reports.items():  # one pass, inline: the hot loop
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
    if candidates:
        added, reaching, more = _attributed_lines(
            reports, groups, counted, candidates, exits, relayed_by, value_only, shortcut, unsourced
        )
        independent += added
        origins += reaching
    origins.sort()
    possible_count = None
    if possible:
        possible_count = independent + _more_possible(
            reports, groups, counted, candidates, naming_nobody, independent
        )
    if value_only:
        return Support(independent, tuple(origins), possible=possible_count)
    lines = tuple(sorted([*((origin,) for origin in counted.values()), *more]))
    return Support(independent, tuple(origins), lines, possible_count)


def _attributed_lines(
    reports: Mapping[str, Report],
    groups: Mapping[str, str],
    counted: Mapping[str, str],
    candidates: list[str],
    exits: Mapping[str, str],
    relayed_by: Mapping[str, list[str]],
    value_only: bool,
    shortcut: bool,
    unsourced: bool,
) -> tuple[int, list[str], tuple[tuple[str, ...], ...]]:
    """Where capacity can bind, the groups not counted yet: how many lines they add, the
    attributed origins (`candidates`) reaching the claim, and the lines (or none)."""
    read_off = shortcut and not relayed_by
    if read_off and value_only:
        # The shortcut: a group not counted yet is a line when one of its origins is an exit.
        reaching = [s for s in candidates if s in exits]
        return len({groups[s] for s in reaching} - counted.keys()), reaching, ()
    entries: dict[str, list[str]] = {}  # group not counted -> its attributed origins
    for source in sorted(candidates):  # sorted: a witness whatever order reports came in
        if groups[source] not in counted:
            entries.setdefault(groups[source], []).append(source)
    if read_off:  # a group reaches the claim when one of its origins is an exit
        found: list[tuple[str, ...]] = []
        for origins in entries.values():
            for origin in origins:
                if origin in exits:
                    found.append((origin, exits[origin]))
                    break
        reaching = [s for s in candidates if s in exits]
    else:
        found = search_lines(entries, exits, relayed_by)
        reaching = _reaching_origins(reports, exits, unsourced)
    return len(found), reaching, () if value_only else tuple(found)


def _reaching_origins(
    reports: Mapping[str, Report], exits: Mapping[str, str], unsourced: bool
) -> list[str]:
    """Attributed origins with a path through attributed sources to an exit."""
    reaching: set[str] = set()
    stack = list(exits)
    reaching.update(stack)
    while stack:
        for u in reports[stack.pop()].via:
            if u not in reaching and not reports[u].observed and reports[u].retracted is None:
                reaching.add(u)
                stack.append(u)
    return [s for s in reaching if is_origin(reports[s], unsourced)]


def _more_possible(
    reports: Mapping[str, Report],
    groups: Mapping[str, str],
    counted: Mapping[str, str],
    candidates: list[str],
    naming_nobody: list[str],
    independent: int,
) -> int:
    """How many lines the reports naming nobody add as origins to the `independent` ones:
    read off (each observed one's group a line of its own) if no attributed one is among
    them and none shares a group with the origins still searched for; else a second flow."""
    if not naming_nobody:  # the usual case: nothing to add
        return 0
    searched = {groups[s] for s in candidates} - counted.keys()
    new: set[str] = set()
    for source in naming_nobody:
        group = groups[source]
        if not rules.reads_off(reports[source].observed, group in searched):
            again = lines_of_support(reports, groups, value_only=True, unsourced=True)
            return again.independent - independent
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
    units: _Units[_G, _S] = _Units(entries, exits, relayed_by)
    for group in entries:
        units.augment(group)
    return units.lines()


@define
class _Units(Generic[_G, _S]):
    """The flow of :func:`search_lines`, as the one unit each attributed source carries:
    ``fed[s]``, the state it comes from; ``ends``, the exits units end at; ``dead``, the
    states a failed search visited, from which no path is left."""

    entries: Mapping[_G, list[_S]]
    exits: Mapping[_S, _S]
    relayed_by: Mapping[_S, list[_S]]
    fed: dict[_S, _State] = field(factory=dict)
    ends: set[_S] = field(factory=set)
    dead: set[_State] = field(factory=set)

    def augment(self, group: _G) -> None:
        """One more unit from `group`, along a path to an exit if one is left."""
        start: _State = (_GROUP, group)
        came_from = {start: start}
        end = self._path_to_an_exit(start, came_from)
        if end is None:
            self.dead.update(came_from)
        else:
            self.ends.add(end[1])
            self._push_unit(start, end, came_from)

    def _path_to_an_exit(self, start: _State, came_from: dict[_State, _State]) -> _State | None:
        """Depth first from `start` to a source's out that is an exit: that state, with
        `came_from` the search tree; None when there is none."""
        exits, fed, dead = self.exits, self.fed, self.dead
        stack = [start]
        while stack:
            state = stack.pop()
            side, node = state
            if side == _OUT and node in exits:
                return state
            if side == _GROUP:
                steps = [(_IN, s) for s in self.entries.get(node, ())]
            elif side == _IN:  # through the source if free, else back along its unit
                steps = [fed.get(node, (_OUT, node))]
            else:
                steps = [(_IN, v) for v in sorted(self.relayed_by.get(node, ()))]
                if node in fed:
                    steps.append((_IN, node))  # undo the source's own unit
            for step in reversed(steps):  # the first step is searched first
                if step not in came_from and step not in dead:
                    came_from[step] = state
                    stack.append(step)
        return None

    def _push_unit(self, start: _State, end: _State, came_from: Mapping[_State, _State]) -> None:
        """Along the path found: a source entered carries a unit, one passed back none."""
        state = end
        while state != start:
            before = came_from[state]
            side, node = state
            if side == _IN:
                if before == (_OUT, node):  # back through the source: it carries nothing
                    del self.fed[node]
                else:  # a unit now enters the source from `before`
                    self.fed[node] = before
            state = before

    def lines(self) -> list[tuple[_S, ...]]:
        """The line each unit follows, one per group reached, in `entries` order."""
        feeds = {state: source for source, state in self.fed.items()}
        lines = []
        for group in self.entries:
            first = feeds.get((_GROUP, group))
            if first is None:
                continue
            node, path = first, [first]
            while node not in self.ends:
                node = feeds[(_OUT, node)]
                path.append(node)
            path.append(self.exits[node])
            lines.append(tuple(path))
        return lines
