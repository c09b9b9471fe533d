"""Scoring one claim: its flags and credibility, and the cache of results.

A claim's result depends on its own reports and on the independent lines of the claims
that contradict it. The store stamps each claim with a revision whenever either
changes; a :class:`Scorer` keeps each result with the stamps it was computed at and
recomputes exactly when they moved. The cache belongs to the scorer, the one thing
that fills it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Hashable, Mapping

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
from provenance.scoring.flow import lines_of_support
from provenance.scoring.result import Corroboration
from provenance.store import Store

__all__ = ["Scorer", "credibility", "scorer_of"]

_TRUSTED = (Reliability.A, Reliability.B)
# A million results share a handful of flag tuples: each distinct one is kept once.
_FLAG_TUPLES: dict[tuple[str, ...], tuple[Flag, ...]] = {}


class Scorer:
    """Scores the claims of one store, keeping each result until its claim changes.

    Examples
    --------
    >>> import provenance as pv
    >>> from provenance.scoring import Scorer
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c")
    >>> _ = g.add_report("a", "c")
    >>> scorer = Scorer(g)
    >>> scorer.corroboration("c") is scorer.corroboration("c")   # cached
    True
    """

    def __init__(self, store: Store) -> None:
        self._store = weakref.ref(store)  # the store's registry entry must not keep it alive
        self._results: dict[str, Corroboration] = {}
        self._stamps: dict[str, Hashable] = {}  # claim -> the stamp its result was made at

    @property
    def store(self) -> Store | None:
        """The store scored; None once it is gone."""
        return self._store()

    def corroboration(self, claim: str) -> Corroboration:
        """The result of a declared claim: from the cache, or scored now."""
        return self._result(self._live(), claim)

    def assess(self) -> dict[str, Corroboration]:
        """Every claim's result, in declaration order."""
        store = self._live()
        return {claim: self._result(store, claim) for claim in store.claim_ids}

    def independent(self, claim: str) -> int:
        """The independent lines of a declared claim: the number alone."""
        store = self._live()
        if self._stamps.get(claim) == _stamp(store, claim, store.rivals(claim)):
            return self._results[claim].independent
        support = lines_of_support(store.claim_reports(claim), store.groups, value_only=True)
        return support.independent

    def _result(self, store: Store, claim: str) -> Corroboration:
        rivals = store.rivals(claim)
        stamp = _stamp(store, claim, rivals)
        if self._stamps.get(claim) == stamp:
            return self._results[claim]
        rival = max(self.independent(other) for other in rivals) if rivals else -1
        result = self._results[claim] = _score(store, claim, tuple(rivals), rival)
        self._stamps[claim] = stamp
        return result

    def _live(self) -> Store:
        store = self._store()
        if store is None:
            raise ReferenceError("the store this scorer scored is gone")
        return store


_scorers: dict[int, Scorer] = {}


def scorer_of(store: Store) -> Scorer:
    """The scorer that keeps `store`'s results: one per store, dropped with the store."""
    found = _scorers.get(id(store))
    if found is not None and found.store is store:
        return found
    made = _scorers[id(store)] = Scorer(store)
    weakref.finalize(store, _scorers.pop, id(store), None)
    return made


def _stamp(store: Store, claim: str, rivals: Mapping[str, None]) -> Hashable:
    """What a claim's result depends on: its revision and its rivals'."""
    if not rivals:
        return store.revision(claim)
    return (store.revision(claim), *(store.revision(other) for other in rivals))


def credibility(
    independent: int, rival: int, *, hedged: bool, uncertain: bool, trusted: bool
) -> Credibility:
    """The Admiralty credibility of a claim with `independent` lines whose strongest
    contradicting claim has `rival` lines (-1: none).

    Examples
    --------
    >>> credibility(2, -1, hedged=False, uncertain=False, trusted=False).name
    'CONFIRMED'
    >>> credibility(1, 2, hedged=False, uncertain=False, trusted=True).name
    'IMPROBABLE'
    """
    if independent == 0:
        return Credibility.CANNOT_BE_JUDGED
    if rival > independent:
        return Credibility.IMPROBABLE
    if rival == independent or hedged:
        return Credibility.DOUBTFUL
    if independent >= 2:
        return Credibility.CONFIRMED
    if not uncertain and trusted:
        return Credibility.PROBABLY_TRUE
    return Credibility.POSSIBLY_TRUE


def _score(store: Store, claim: str, contradicted_by: tuple[str, ...], rival: int) -> Corroboration:
    """The number, flags and credibility of one claim; the rest is derived on first use."""
    by_source = store.claim_reports(claim)
    reports = tuple(by_source.values())
    n_observed = worded = uncertain = 0  # implicit reports have no words, so no hedge
    relays: set[str] = set()  # cited sources that cite someone: all a cycle can pass through
    hedge_drops: list[tuple[str, str]] = []
    time_inversions: list[tuple[str, str]] = []
    unsure, plain, day = Hedge.UNCERTAIN, PLAIN_HEDGES, dt.date
    for r in reports:
        n_observed += r.observed
        if not r.implicit:
            worded += 1
            uncertain += r.hedge is unsure
        if not r.via:
            continue
        published = r.published
        for u in r.via:
            upstream = by_source[u]
            if upstream.via:
                relays.add(u)
            if upstream.hedge is unsure and r.hedge in plain and not upstream.implicit:
                hedge_drops.append((r.source, u))
            cited = upstream.published
            if published is None or cited is None:
                continue
            if type(published) is day and type(cited) is day:  # the usual case, inline
                if published < cited:
                    time_inversions.append((r.source, u))
            elif _before(published, cited):
                time_inversions.append((r.source, u))
    support = lines_of_support(by_source, store.groups, value_only=True)
    independent = support.independent
    cycle = _find_cycle(by_source, relays) if relays else ()
    hedged = worded > 0 and uncertain == worded
    raised = []  # flag names, in any order (no tuple of pairs: allocations cost a corpus)
    if independent == 1:
        raised.append("SINGLE_SOURCE")
    if independent == 0:
        raised.append("NO_ORIGIN")
    if cycle:
        raised.append("CIRCULAR")
    if n_observed >= 3 and independent <= 1:
        raised.append("ECHO")
    if hedged:
        raised.append("HEDGED")
    if hedge_drops:
        raised.append("HEDGE_DROPPED")
    if time_inversions:
        raised.append("TIME_INVERSION")
    if contradicted_by:
        raised.append("CONTRADICTED")
    sources = store.sources_by_id
    grade = credibility(
        independent,
        rival,
        hedged=hedged,
        uncertain=uncertain > 0,
        trusted=independent == 1  # only a single line asks
        and all(sources[o].reliability in _TRUSTED for o in support.origins),
    )
    if hedged:
        quotes = " ".join(r.quote.lower() for r in reports if r.quote and not r.implicit)
    return Corroboration(
        claim=claim,
        text=store.claims_by_id[claim].text,
        independent=independent,
        origins=support.origins,
        flags=_flags(tuple(raised)),
        credibility=grade,
        contradicted_by=contradicted_by,
        cycle=cycle,
        hedge_cues=_cues(quotes) if hedged else (),
        hedge_drops=tuple(sorted(hedge_drops)) if hedge_drops else (),
        time_inversions=tuple(sorted(time_inversions)) if time_inversions else (),
        reports=reports,
        groups=store.groups,
        names=store.names,
    )


def _flags(names: tuple[str, ...]) -> tuple[Flag, ...]:
    """The flags of these names, in :class:`Flag`'s order, made once for each set."""
    flags = _FLAG_TUPLES.get(names)
    if flags is None:
        wanted = {Flag[name] for name in names}  # a KeyError for a name that is no flag
        flags = _FLAG_TUPLES[names] = tuple(flag for flag in Flag if flag in wanted)
    return flags


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
