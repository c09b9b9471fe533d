"""Scoring: independent lines of support, flags and credibility.

The headline number is **independent lines**: the least number of sources that would
all have to be wrong, or misquoted, before a claim loses all support. For one claim it
is the maximum flow of this network (Menger: disjoint paths = minimum vertex cut):

- ``ROOT → knowledge(g)``, capacity 1, for each group ``g`` holding first-hand knowledge
  (ungrouped sources are their own group): an origin can be wrong;
- ``knowledge(g) → s`` for each first-hand source ``s`` in ``g``;
- ``u → v`` for each via edge of this claim;
- vertex capacity 1 for attributed sources (we only have someone's word they said it),
  unbounded for observed ones (we read them; what they attribute can still fail, and that
  failure lives on the vertices of the sources they cite);
- ``v → CLAIM`` for each observed report.

Results are cached on the graph per claim and dropped by the graph when a change
touches the claim or a claim contradicting it.

Examples
--------
>>> import provenance as pv
>>> g = pv.ProvenanceGraph()
>>> for s in ("sso", "warshal", "militarnyi", "article"):
...     _ = g.add_source(s, name=s.capitalize())
>>> _ = g.add_claim("capture", "Ukrainian special forces captured a North Korean soldier")
>>> _ = g.add_chain("capture", ["sso", "warshal", "militarnyi", "article"])
>>> c = g.corroboration("capture")
>>> c.independent, c.lines, c.common_links
(1, (('sso', 'warshal', 'militarnyi', 'article'),), ('sso', 'warshal', 'militarnyi'))
>>> [f.name for f in c.flags], c.credibility
(['SINGLE_SOURCE'], <Credibility.POSSIBLY_TRUE: 3>)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property

from attrs import field, frozen

from provenance.graph import ProvenanceGraph
from provenance.model import (
    HEDGE_CUES,
    PLAIN_HEDGES,
    Credibility,
    Flag,
    Hedge,
    Published,
    Reliability,
    Report,
)

__all__ = [
    "Corroboration",
    "assess",
    "corroboration",
    "flagged",
    "format_table",
    "weakest_first",
]

_ROOT, _SINK = 0, 1
_TRUSTED = (Reliability.A, Reliability.B)
# Every combination of flags as one shared tuple, indexed by a bit mask in Flag's order:
# a million results hold a handful of tuples between them.
_FLAG_SETS = [
    tuple(flag for bit, flag in enumerate(Flag) if mask >> bit & 1)
    for mask in range(1 << len(Flag))
]


@frozen
class Corroboration:
    """How well one claim is supported. Produced by :func:`corroboration`.

    The numbers and flags are computed when the claim is scored; the witness lines,
    common links and the sorted reporter lists are derived on first use from the
    reports the claim had then (`reports`), so a whole-corpus :func:`assess` does not
    pay for detail nobody reads.

    Attributes
    ----------
    claim, text : str
        The claim's id and text.
    independent : int
        Independent lines of support (see the module docstring).
    origins : tuple of str
        First-hand sources whose knowledge reaches an observed report, sorted.
    flags : tuple of Flag
        In the order :class:`~provenance.model.Flag` defines them.
    credibility : Credibility
        Admiralty 1 (confirmed) … 6 (cannot be judged).
    contradicted_by : tuple of str
        Claims recorded as contradicting this one.
    cycle : tuple of str
        One via cycle, ``(a, b, a)``, when the claim is CIRCULAR.
    hedge_cues : tuple of str
        Hedging words found in the reports' quotes.
    hedge_drops, time_inversions : tuple of (str, str)
        ``(reporter, cited)`` pairs behind HEDGE_DROPPED and TIME_INVERSION, sorted.
    reports : tuple of Report
        The claim's reports when it was scored, observed and attributed, in no
        particular order. Results compare equal when these are the same set.
    lines : tuple of tuple of str
        One witness set of `independent` disjoint lines, each origin → … → the first
        observed reporter on the way.
    common_links : tuple of str
        When ``independent == 1``: the sources every line passes through and that can
        fail (attributed, or first-hand), upstream first — the single points of failure.
        Empty otherwise.
    reporters : tuple of str
        Every source with a report on the claim, observed or attributed, sorted.
    observed : tuple of str
        The reporters whose report was read first-hand, sorted.
    origin_group : str or None
        The group every origin belongs to, when they all belong to one.
    """

    claim: str
    text: str
    independent: int
    origins: tuple[str, ...]
    flags: tuple[Flag, ...]
    credibility: Credibility
    contradicted_by: tuple[str, ...] = ()
    cycle: tuple[str, ...] = ()
    hedge_cues: tuple[str, ...] = ()
    hedge_drops: tuple[tuple[str, str], ...] = ()
    time_inversions: tuple[tuple[str, str], ...] = ()
    reports: tuple[Report, ...] = field(default=(), eq=frozenset, repr=False)
    # Source id -> independence group and -> display name: the graph's own maps, whose
    # entries never change once a source is declared.
    _group_of: Mapping[str, str] = field(factory=dict, eq=False, repr=False, alias="group_of")
    names: Mapping[str, str] = field(factory=dict, eq=False, repr=False)

    @cached_property
    def _witness(self) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
        by_source = {r.source: r for r in sorted(self.reports, key=_source_of)}
        return _lines_of_support(by_source, self._group_of, self.origins)

    @property
    def lines(self) -> tuple[tuple[str, ...], ...]:
        return self._witness[0]

    @property
    def common_links(self) -> tuple[str, ...]:
        return self._witness[1]

    @cached_property
    def reporters(self) -> tuple[str, ...]:
        return tuple(sorted(r.source for r in self.reports))

    @cached_property
    def observed(self) -> tuple[str, ...]:
        return tuple(sorted(r.source for r in self.reports if r.observed))

    @property
    def origin_group(self) -> str | None:
        groups = {self._group_of[o] for o in self.origins}
        return groups.pop() if len(groups) == 1 else None

    def explain(self) -> str:
        """Say how the claim is supported in one plain paragraph.

        Examples
        --------
        >>> import textwrap, provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for s, name in [("militarnyi", "Militarnyi"), ("article", "Euromaidan Press")]:
        ...     _ = g.add_source(s, name=name)
        >>> _ = g.add_claim("injured", "The captured soldier was injured")
        >>> _ = g.add_chain("injured", ["militarnyi", "article"], hedge="uncertain",
        ...                 quote="The prisoner appeared to have been injured.")
        >>> print(textwrap.fill(g.corroboration("injured").explain(), 80))
        Rests on one source: Militarnyi. 2 sources carry it; 1 independent line. Hedged:
        every report is uncertain ('appeared to'). Credibility 4: doubtful.
        """
        name = self._name
        sentences = [self._support_sentence()]
        n = len(self.reporters)
        lines = "line" if self.independent == 1 else "lines"
        sentences.append(
            f"{n} source{'s' if n != 1 else ''} carr{'y' if n != 1 else 'ies'} it; "
            f"{self.independent} independent {lines}."
        )
        flags = set(self.flags)
        if Flag.ECHO in flags:
            sentences.append(
                f"Echo: {len(self.observed)} reports read, but they repeat "
                f"{'one line' if self.independent else 'no line'}."
            )
        if Flag.CIRCULAR in flags:
            sentences.append(f"Circular reporting: {' → '.join(map(name, self.cycle))}.")
        if Flag.HEDGED in flags:
            cues = ", ".join(f"'{c}'" for c in self.hedge_cues)
            sentences.append(f"Hedged: every report is uncertain{f' ({cues})' if cues else ''}.")
        for reporter, cited in self.hedge_drops:
            sentences.append(
                f"Hedge dropped: {name(reporter)} states plainly what {name(cited)} "
                f"reported as uncertain."
            )
        for reporter, cited in self.time_inversions:
            sentences.append(
                f"Time inversion: {name(reporter)} is dated before {name(cited)}, which it cites."
            )
        if self.contradicted_by:
            sentences.append(f"Contradicted by {', '.join(map(repr, self.contradicted_by))}.")
        sentences.append(f"Credibility {self.credibility.value}: {self.credibility.meaning}.")
        return " ".join(sentences)

    def _name(self, source: str) -> str:
        return self.names.get(source, source)

    def _support_sentence(self) -> str:
        name = self._name
        if self.independent == 0:
            return "No independent line of support: nothing first-hand stands behind it."
        if self.independent == 1:
            line = self.lines[0]
            relays = [name(s) for s in line[1:-1]]  # the last one is the reporter we read
            via = f" (via {' → '.join(relays)})" if relays else ""
            if len(self.origins) > 1 and self.origin_group is not None:
                return (
                    f"Rests on one group, {self.origin_group}: "
                    f"{', '.join(map(name, self.origins))}, not independent of each other."
                )
            bottleneck = [s for s in self.common_links if s not in self.origins]
            if len(self.origins) > 1 and bottleneck:
                return f"Rests on one source: every line passes through {name(bottleneck[0])}."
            return f"Rests on one source: {name(line[0])}{via}."
        described = []
        for line in self.lines:
            through = f" (via {' → '.join(map(name, line[1:-1]))})" if len(line) > 2 else ""
            described.append(name(line[0]) + through)
        return f"Supported by {self.independent} independent lines: {'; '.join(described)}."


def corroboration(graph: ProvenanceGraph, claim: str) -> Corroboration:
    """Score one claim: independent lines, origins, lines, common links, flags, credibility.

    Parameters
    ----------
    graph : ProvenanceGraph
    claim : str
        A declared claim id.

    Returns
    -------
    Corroboration

    Raises
    ------
    UnknownIdError
        `claim` was never declared.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> for s in ("us", "kr", "ua", "article"):
    ...     _ = g.add_source(s)
    >>> _ = g.add_claim("troops", "10,000-12,000 North Korean troops deployed in Russia")
    >>> _ = g.add_report("article", "troops", via=["us", "kr", "ua"])
    >>> pv.corroboration(g, "troops").independent
    3
    """
    graph._require(claim, "claim")
    return _corroborate(graph, claim)


def _corroborate(graph: ProvenanceGraph, claim: str) -> Corroboration:
    """:func:`corroboration` of a claim known to be declared: from the cache, or scored."""
    cached = graph._results.get(claim)
    if cached is not None:
        return cached
    contradicted_by: tuple[str, ...] = ()
    rival = -1  # the most independent lines among the claims contradicting this one
    if graph._succ[claim]:  # a claim's only out-edges are contradictions
        contradicted_by = tuple(graph._contradicting(claim))
        rival = max(_independent(graph, other) for other in contradicted_by)
    result = _score(graph, claim, graph._reports[claim], contradicted_by, rival)
    graph._results[claim] = result
    return result


def assess(graph: ProvenanceGraph) -> dict[str, Corroboration]:
    """Score every claim; a dict from claim id to :class:`Corroboration`, in declaration order.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c1"); _ = g.add_claim("c2")
    >>> _ = g.add_report("a", "c1")
    >>> {claim: c.independent for claim, c in g.assess().items()}
    {'c1': 1, 'c2': 0}
    """
    return {claim: _corroborate(graph, claim) for claim in graph._claim_ids()}


def flagged(graph: ProvenanceGraph, *flags: Flag | str) -> list[Corroboration]:
    """The claims raising any of `flags` (any flag at all when none are given).

    Raises
    ------
    ValidationError
        A flag name is unknown.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c1")
    >>> _ = g.add_report("a", "c1")
    >>> [c.claim for c in g.flagged("single_source")]
    ['c1']
    """
    wanted = {Flag.parse(f) for f in flags} or set(Flag)
    return [c for c in assess(graph).values() if wanted.intersection(c.flags)]


def _source_of(report: Report) -> str:
    return report.source


def _independent(graph: ProvenanceGraph, claim: str) -> int:
    """The independent lines of a contradicting claim: the number alone is needed."""
    cached = graph._results.get(claim)
    if cached is not None:
        return cached.independent
    return _score(graph, claim, graph._reports[claim], (), -1).independent


def _attributed_lines(
    by_source: Mapping[str, Report],
    group_of: Mapping[str, str],
    counted: set[str],
    attributed_origins: list[str],
    exits: set[str],
    relayed_by: Mapping[str, list[str]],
) -> tuple[int, list[str]]:
    """The lines that start at attributed first-hand sources, and those sources (the
    ones whose knowledge reaches an observed report).

    The flow of the module docstring, reduced to where capacity can bind: an observed
    source leads to the claim with unbounded capacity, so each group holding an observed
    first-hand source (`counted`) is a line of its own that uses up nothing. The other
    groups' knowledge must travel through attributed sources (capacity 1 each) to one
    that an observed report cites (`exits`): vertex-disjoint paths, one per group, in
    the graph of attributed sources alone — usually a handful of nodes.
    """
    reaching = exits  # attributed sources with a path to an observed report
    if relayed_by:
        reaching = set(exits)
        stack = list(exits)
        while stack:
            for u in by_source[stack.pop()].via:
                if u not in reaching and not by_source[u].observed:
                    reaching.add(u)
                    stack.append(u)
    origins = [s for s in attributed_origins if s in reaching]
    entries: dict[str, list[str]] = {}  # group not yet counted -> its origins
    for source in origins:
        group = group_of[source]
        if group not in counted:
            entries.setdefault(group, []).append(source)
    if not relayed_by:  # every origin is itself an exit: each group is a line
        return len(entries), origins
    return _disjoint_paths(entries, relayed_by, exits), origins


_GROUP, _IN, _OUT = 0, 1, 2  # the parts of the reduced network a search visits


def _disjoint_paths(
    entries: Mapping[str, list[str]],
    relayed_by: Mapping[str, list[str]],
    exits: set[str],
) -> int:
    """The most paths, at most one per group, from a group's entry sources along
    `relayed_by` to an exit, no two through the same source.

    A maximum flow on the node-split graph (``_IN`` → ``_OUT`` of a source has capacity
    1), augmented one group at a time, depth first, as in :class:`_Support`. The flow is
    kept as the one unit each used source receives: ``fed[s]`` is the group or the
    source it comes from; that is all a residual search needs.
    """
    fed: dict[str, tuple[int, str]] = {}
    dead: set[tuple[int, str]] = set()  # searched without success: stays that way
    found = 0
    for group in entries:
        start = (_GROUP, group)
        came_from: dict[tuple[int, str], tuple[int, str]] = {start: start}
        stack = [start]
        end: tuple[int, str] | None = None
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
                steps = [(_IN, s) for s in relayed_by.get(node, ())]
                if node in fed:
                    steps.append((_IN, node))  # undo the source's own unit
            for step in steps:
                if step not in came_from and step not in dead:
                    came_from[step] = state
                    stack.append(step)
        if end is None:
            dead.update(came_from)
            continue
        found += 1
        state = end
        while state != start:
            before = came_from[state]
            side, node = state
            if side == _IN:
                if before == (_OUT, node):  # back through the source: it carries nothing now
                    del fed[node]
                else:  # a unit now enters the source from `before`
                    fed[node] = before
            state = before
    return found


def _can_fail(report: Report) -> bool:
    """A source whose failure can cut lines: its own knowledge (first-hand) can be wrong,
    or we only have someone's word that it said this (attributed). A source we read that
    only relays cannot fail: what it attributes fails on the vertices it cites."""
    return report.firsthand or not report.observed


def _lines_of_support(
    by_source: Mapping[str, Report], group_of: Mapping[str, str], origins: Sequence[str]
) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """(lines, common links) of one claim's reports, sorted by source, given its sorted
    origins as :func:`_score` found them.

    A witness for the count of :func:`_score`: when no attributed report relays, each
    origin group's first origin is a line of its own; otherwise a full flow network. The
    property tests hold the two to the same number.
    """
    if any(r.via and not r.observed for r in by_source.values()):
        support = _Support(by_source, group_of)
        witness = support.lines()
        return witness, support.common_links(witness[0]) if support.independent == 1 else ()
    citers: dict[str, list[str]] = {}  # source -> the (observed) sources citing it, by id
    for r in by_source.values():
        for upstream in r.via:
            citers.setdefault(upstream, []).append(r.source)
    first_of_group: dict[str, str] = {}
    for s in origins:
        first_of_group.setdefault(group_of[s], s)
    lines = tuple(
        (s,) if by_source[s].observed else (s, citers[s][0]) for s in first_of_group.values()
    )
    if len(lines) != 1:
        return lines, ()

    # Every path is an observed origin alone, or an attributed origin and one of its
    # (observed) citers: a source is on all of them when no path avoids it.
    def on_every_path(x: str) -> bool:
        return all(
            o == x or (not by_source[o].observed and all(c == x for c in citers[o]))
            for o in origins
        )

    return lines, tuple(x for x in lines[0] if _can_fail(by_source[x]) and on_every_path(x))


class _Support:
    """The flow network of one claim, its maximum flow and what it says.

    Nodes are integers: ``_ROOT``, ``_SINK``, then the sources (sorted by id, so results
    do not depend on insertion order) — an attributed source as an entry node and an exit
    node joined by a capacity-1 edge, an observed one as a single node, since its
    capacity is unbounded — then one knowledge node per origin group. An observed source
    leads straight to the claim, so every line ends at the first one it reaches and the
    edges out of observed sources are left out: they could only make lines longer.
    """

    def __init__(self, by_source: Mapping[str, Report], group_of: Mapping[str, str]) -> None:
        self.by_source = by_source
        self.entry: dict[str, int] = {}
        exit_of: dict[str, int] = {}
        node = 2
        for source, report in by_source.items():
            self.entry[source] = node
            exit_of[source] = node if report.observed else node + 1
            node = exit_of[source] + 1
        self._source_at = {n: s for s, n in self.entry.items()}
        unbounded = len(by_source) + 1  # more than any flow: each unit needs its own group
        self._head: list[int] = []  # edge e runs _head[e ^ 1] -> _head[e]; e ^ 1 is its reverse
        self._cap: list[int] = []
        self._adj: list[list[int]] = [[] for _ in range(node)]
        knowledge: dict[str, int] = {}
        for source, report in by_source.items():
            entry = self.entry[source]
            if report.observed:
                self._edge(entry, _SINK, unbounded)
            else:
                self._edge(entry, entry + 1, 1)
            if report.firsthand:
                group = group_of[source]
                if group not in knowledge:
                    knowledge[group] = len(self._adj)
                    self._adj.append([])
                    self._edge(_ROOT, knowledge[group], 1)
                self._edge(knowledge[group], entry, unbounded)
            for upstream in sorted(report.via):
                if not by_source[upstream].observed:
                    self._edge(exit_of[upstream], entry, unbounded)
        self._reaching = self._reachable(_SINK, forward=False)
        # Each group is tried once (Kuhn's way): a group that finds no path now never
        # will — what it reaches has no residual edge out, and no later augmenting path
        # can enter it — and the nodes a failed search visits stay dead for every later one.
        self.independent = 0
        dead: set[int] = set()
        for root_edge in self._adj[_ROOT]:
            if self._head[root_edge] in self._reaching and self._augment(root_edge, dead):
                self.independent += 1

    def _edge(self, u: int, v: int, capacity: int) -> None:
        self._adj[u].append(len(self._head))
        self._head.append(v)
        self._cap.append(capacity)
        self._adj[v].append(len(self._head))
        self._head.append(u)
        self._cap.append(0)

    def _augment(self, root_edge: int, dead: set[int]) -> bool:
        """Push one unit through `root_edge` along a residual path found depth-first.

        False when there is none; the nodes searched then join `dead`. One unit is always
        the bottleneck: the root's edges have capacity 1.
        """
        head, cap, adj = self._head, self._cap, self._adj
        start = head[root_edge]
        via = {_ROOT: -1, start: root_edge}  # node -> the edge it was reached by; never back
        # through the root, which would splice another group's unit into this path
        stack = [start]
        while stack:
            u = stack.pop()
            for e in adj[u]:
                v = head[e]
                if cap[e] > 0 and v not in via and v not in dead:
                    via[v] = e
                    if v == _SINK:
                        while v != _ROOT:
                            e = via[v]
                            cap[e] -= 1
                            cap[e ^ 1] += 1
                            v = head[e ^ 1]
                        return True
                    stack.append(v)
        dead.update(via)
        return False

    def lines(self) -> tuple[tuple[str, ...], ...]:
        """Decompose the flow into `independent` simple lines of source ids.

        A walk from the root along edges with flow never meets a cycle of the flow: a
        cycle can only run through attributed sources (knowledge nodes are entered from
        the root alone, observed sources lead to the sink alone), and the one unit such
        a source carries would be the cycle's.
        """
        head, adj = self._head, self._adj
        flow = {e: self._cap[e ^ 1] for e in range(0, len(head), 2) if self._cap[e ^ 1] > 0}
        next_edge: dict[int, int] = {}  # node -> where to resume its scan: each edge once
        lines = []
        for _ in range(self.independent):
            path, node = [], _ROOT
            while node != _SINK:
                i = next_edge.get(node, 0)
                while flow.get(adj[node][i], 0) == 0:
                    i += 1
                next_edge[node] = i
                e = adj[node][i]
                flow[e] -= 1
                node = head[e]
                if node in self._source_at:
                    path.append(self._source_at[node])
            lines.append(tuple(path))
        return tuple(lines)

    def _reachable(self, start: int, *, forward: bool, avoid: int = -1) -> set[int]:
        """Nodes reachable from `start` along original edges (or against them), not via `avoid`."""
        head, seen, stack = self._head, {start}, [start]
        while stack:
            u = stack.pop()
            for e in self._adj[u]:
                if (e % 2 == 0) == forward:
                    v = head[e]
                    if v not in seen and v != avoid:
                        seen.add(v)
                        stack.append(v)
        return seen

    def common_links(self, line: Sequence[str]) -> tuple[str, ...]:
        """Sources on `line` that every line passes through and that can fail."""
        return tuple(
            s
            for s in line
            if _can_fail(self.by_source[s])
            and _SINK not in self._reachable(_ROOT, forward=True, avoid=self.entry[s])
        )


def _score(
    graph: ProvenanceGraph,
    claim: str,
    by_source: Mapping[str, Report],
    contradicted_by: tuple[str, ...],
    rival: int,
) -> Corroboration:
    """The number, flags and credibility of one claim; the rest is derived on first use.

    One pass over the reports and their citations gathers what every flag needs and
    the inputs of the reduced flow (see :func:`_attributed_lines`).
    """
    group_of, nodes = graph._group_of, graph._nodes
    reports = tuple(by_source.values())
    n_observed = worded = uncertain = 0  # implicit reports have no words, so no hedge
    counted: set[str] = set()  # groups holding an observed first-hand source
    origins: list[str] = []
    attributed_origins: list[str] = []
    exits: set[str] = set()  # attributed sources an observed report cites
    relayed_by: dict[str, list[str]] = {}  # attributed source -> attributed citers
    relays: set[str] = set()  # cited sources that cite someone: all a cycle can pass through
    hedge_drops: list[tuple[str, str]] = []
    time_inversions: list[tuple[str, str]] = []
    unsure, plain = Hedge.UNCERTAIN, PLAIN_HEDGES
    for r in reports:
        source, observed = r.source, r.observed
        if observed:
            n_observed += 1
            if r.firsthand:
                counted.add(group_of[source])
                origins.append(source)
        elif r.firsthand:
            attributed_origins.append(source)
        if not r.implicit:
            worded += 1
            uncertain += r.hedge is unsure
        for u in r.via:
            upstream = by_source[u]
            if not upstream.observed:
                if observed:
                    exits.add(u)
                else:
                    relayed_by.setdefault(u, []).append(source)
            if upstream.via:
                relays.add(u)
            if upstream.hedge is unsure and r.hedge in plain and not upstream.implicit:
                hedge_drops.append((source, u))
            if r.published and upstream.published and _before(r.published, upstream.published):
                time_inversions.append((source, u))
    independent = len(counted)
    if attributed_origins:
        more, reaching = _attributed_lines(
            by_source, group_of, counted, attributed_origins, exits, relayed_by
        )
        independent += more
        origins += reaching
    cycle = _find_cycle(by_source, relays) if relays else ()
    hedged = worded > 0 and uncertain == worded
    mask = (
        (independent == 1)
        | (independent == 0) << 1
        | bool(cycle) << 2
        | (n_observed >= 3 and independent <= 1) << 3
        | hedged << 4
        | bool(hedge_drops) << 5
        | bool(time_inversions) << 6
        | bool(contradicted_by) << 7
    )
    if independent == 0:
        credibility = Credibility.CANNOT_BE_JUDGED
    elif rival > independent:
        credibility = Credibility.IMPROBABLE
    elif rival == independent or hedged:
        credibility = Credibility.DOUBTFUL
    elif independent >= 2:
        credibility = Credibility.CONFIRMED
    elif not uncertain and all(nodes[o]["record"].reliability in _TRUSTED for o in origins):
        credibility = Credibility.PROBABLY_TRUE
    else:
        credibility = Credibility.POSSIBLY_TRUE
    if hedged:
        quotes = " ".join(r.quote.lower() for r in reports if r.quote and not r.implicit)
    return Corroboration(  # positionally, in field order: this runs once per claim
        claim,
        nodes[claim]["record"].text,
        independent,
        tuple(sorted(origins)),
        _FLAG_SETS[mask],
        credibility,
        contradicted_by,
        cycle,
        _cues(quotes) if hedged else (),
        tuple(sorted(hedge_drops)) if hedge_drops else (),
        tuple(sorted(time_inversions)) if time_inversions else (),
        reports,
        graph._group_of,
        graph._names,
    )


def _cues(text: str) -> tuple[str, ...]:
    """The hedging words in `text`, leaving out those inside a longer one found."""
    found = [cue for cue in HEDGE_CUES if cue in text]
    return tuple(cue for cue in found if not any(cue != other and cue in other for other in found))


def _find_cycle(by_source: Mapping[str, Report], within: set[str]) -> tuple[str, ...]:
    """One via cycle among the reports of the sources `within`, as ``(a, b, …, a)`` in
    information-flow order."""
    colour: dict[str, int] = {}  # absent: unvisited; 1: on the current path; 2: done
    for start in sorted(within):
        if start in colour:
            continue
        path = [start]
        colour[start] = 1
        stack = [iter(by_source[start].via)]
        while stack:
            upstream = next(stack[-1], None)
            if upstream is None:
                colour[path.pop()] = 2
                stack.pop()
            elif upstream not in within:
                continue
            elif colour.get(upstream) == 1:  # path runs downstream → upstream
                loop = [*path[path.index(upstream) :], upstream]
                return tuple(reversed(loop))
            elif upstream not in colour:
                colour[upstream] = 1
                path.append(upstream)
                stack.append(iter(by_source[upstream].via))
    return ()


def _before(a: Published, b: Published) -> bool:
    """True when `a` is strictly earlier than `b`; by day when they cannot be compared exactly."""
    if (
        isinstance(a, dt.datetime)
        and isinstance(b, dt.datetime)
        and (a.tzinfo is None) == (b.tzinfo is None)
    ):
        return a < b
    day_a = a.date() if isinstance(a, dt.datetime) else a
    day_b = b.date() if isinstance(b, dt.datetime) else b
    return day_a < day_b


def weakest_first(results: Iterable[Corroboration]) -> list[Corroboration]:
    """Sort results weakest first: fewest independent lines, then most flags, then id."""
    return sorted(results, key=lambda c: (c.independent, -len(c.flags), c.claim))


def format_table(results: Iterable[Corroboration], *, text_width: int = 48) -> str:
    """A plain-text table of results, one claim a row, in the order given.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c1", "Something happened")
    >>> _ = g.add_report("a", "c1")
    >>> print(pv.format_table(g.assess().values()))
    claim  lines  reporters  credibility         flags          text
    c1     1      1          3 (possibly true)   single_source  Something happened
    """
    header = ("claim", "lines", "reporters", "credibility", "flags", "text")
    rows = [header] + [
        (
            c.claim,
            str(c.independent),
            str(len(c.reporters)),
            f"{c.credibility.value} ({c.credibility.meaning})",
            ",".join(f.value for f in c.flags) or "-",
            _shorten(c.text, text_width),
        )
        for c in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
        for row in rows
    )


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
