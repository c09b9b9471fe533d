"""Scoring one claim: proven and possible lines, support, flags and credibility, and the
cache of results.

A claim's result depends on its own reports and on the support of the claims it cannot
be true with. The store stamps each claim with a revision whenever its reports or its
rivals change; a :class:`Scorer` keeps each result with the stamps it was computed at
and recomputes exactly when they moved. The cache belongs to the scorer, the one thing
that fills it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Mapping, Sequence

import attrs
from attrs import field, frozen

from provenance import records
from provenance.errors import ValidationError
from provenance.model import (
    PLAIN_HEDGES,
    Flag,
    Hedge,
    Report,
    Source,
    SuspectedCopy,
)
from provenance.scoring import rules
from provenance.scoring.flow import Support, lines_of_support, stated_plainly
from provenance.scoring.result import Corroboration, Detail
from provenance.scoring.support import SupportModel, line_chance
from provenance.store import Store

__all__ = ["LaterDetail", "Scorer", "scorer_of", "suspected_on"]

# A million results share a handful of flag tuples: each distinct one is made once.
_FLAG_TUPLES: dict[tuple[object, ...], tuple[Flag, ...]] = {}
_DEFAULT = SupportModel()


class Scorer:
    """Scores the claims of one store, keeping each result until its claim changes.

    Parameters
    ----------
    store : Store
    model : provenance.scoring.support.SupportModel, optional
        The numbers behind support and credibility; the documented defaults if omitted.

    Examples
    --------
    >>> import provenance as pv
    >>> from provenance.scoring import Scorer
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c")
    >>> _ = g.add_report("a", "c", firsthand=True)
    >>> scorer = Scorer(g)
    >>> scorer.corroboration("c") is scorer.corroboration("c")   # cached
    True
    """

    def __init__(self, store: Store, model: SupportModel | None = None) -> None:
        self._store = weakref.ref(store)  # the store's registry entry must not keep it alive
        self.model = model if model is not None else _DEFAULT
        self._results: dict[str, Corroboration] = {}
        self._stamps: dict[str, Hashable] = {}  # claim -> the stamp its result was made at

    @property
    def store(self) -> Store | None:
        """The store scored; None once it is gone."""
        return self._store()

    def corroboration(self, claim: str) -> Corroboration:
        """The result of a declared claim: from the cache, or scored now."""
        return self._result(self._live(), claim)

    def assess(
        self,
        *,
        stale_by: Callable[[Store, SupportModel], Mapping[str, Corroboration]] | None = None,
        at_least: int = 1,
    ) -> dict[str, Corroboration]:
        """Every claim's result, in declaration order: kept, or scored now.

        The claims that need scoring are scored by this (the per-claim) engine, or, when
        `stale_by` is given and at least `at_least` claims need scoring, by
        ``stale_by(store, model)``: another engine scoring every claim of the store at
        once, given by the caller (:func:`provenance.assess` gives the columnar one).
        """
        store = self._live()
        if stale_by is None:
            return {claim: self._result(store, claim) for claim in records.claim_ids(store)}
        stamps = _stamps(store)
        stale = [claim for claim, stamp in stamps.items() if self._stamps.get(claim) != stamp]
        if stale and len(stale) >= at_least:
            made = stale_by(store, self.model)
            self._check_results(store, made)
            for claim in stale:
                self._results[claim] = made[claim]
                self._stamps[claim] = stamps[claim]
        return {claim: self._result(store, claim, stamp) for claim, stamp in stamps.items()}

    def stale(self) -> list[str]:
        """The claims whose result is not kept, or was made before their reports or
        rivals last changed, in declaration order: what :meth:`assess` would score."""
        kept = self._stamps
        return [claim for claim, stamp in _stamps(self._live()).items() if kept.get(claim) != stamp]

    def keep(self, results: Mapping[str, Corroboration]) -> None:
        """Take in `results` scored elsewhere (by another engine) from the store as it is
        now: each claim's result is kept until its reports or rivals change, as if this
        scorer had made it. A claim whose kept result is current keeps it (and the detail
        it has worked out).

        Raises
        ------
        UnknownIdError
            A result's claim is not declared.
        ValidationError
            A result is not a :class:`Corroboration` of the claim it is given for.

        Examples
        --------
        >>> import provenance as pv
        >>> from provenance.engine import corroborations
        >>> g = pv.load("examples/pow_article.yaml")
        >>> scorer = Scorer(g)
        >>> scorer.keep(corroborations(g))
        >>> scorer.stale()
        []
        """
        store = self._live()
        self._check_results(store, results)
        for claim, result in results.items():
            stamp = _stamp(store, claim, records.rivals(store, claim))
            if self._stamps.get(claim) != stamp:
                self._results[claim] = result
                self._stamps[claim] = stamp

    @staticmethod
    def _check_results(store: Store, results: Mapping[str, Corroboration]) -> None:
        """Refuse results for undeclared claims, or that are not the claim's."""
        declared = records.claims_by_id(store)
        for claim, result in results.items():
            if claim not in declared:
                store.claim(claim)  # raises, naming the closest id
            if not isinstance(result, Corroboration) or result.claim != claim:
                raise ValidationError(f"expected the Corroboration of {claim!r}, got {result!r}")

    def clear(self) -> None:
        """Drop every result kept: the next read scores afresh."""
        self._results.clear()
        self._stamps.clear()

    def _result(self, store: Store, claim: str, stamp: Hashable | None = None) -> Corroboration:
        rivals = records.rivals(store, claim)
        stamp = _stamp(store, claim, rivals) if stamp is None else stamp
        if self._stamps.get(claim) == stamp:
            return self._results[claim]
        rival_owns = tuple([self._own(store, other) for other in rivals]) if rivals else ()
        result = _score(store, claim, tuple(rivals), rival_owns, self.model)
        self._results[claim] = result
        self._stamps[claim] = stamp
        return result

    def _own(self, store: Store, claim: str) -> float:
        """A claim's own support, before its rivals compete with it."""
        if self._stamps.get(claim) == _stamp(store, claim, records.rivals(store, claim)):
            return self._results[claim].own_support
        by_source = records.reports_by_source(store, claim)
        floor = stated_plainly(by_source.values())
        return _proven(
            by_source, records.groups(store), records.sources_by_id(store), floor, self.model
        )[3]

    def _live(self) -> Store:
        store = self._store()
        if store is None:
            raise ReferenceError("the store this scorer scored is gone")
        return store


_scorers: dict[tuple[int, SupportModel], Scorer] = {}


def scorer_of(store: Store, model: SupportModel | None = None) -> Scorer:
    """The scorer that keeps `store`'s results under `model`: one per store and model,
    dropped with the store."""
    key = (id(store), model if model is not None else _DEFAULT)
    found = _scorers.get(key)
    if found is not None and found.store is store:
        return found
    made = _scorers[key] = Scorer(store, key[1])
    weakref.finalize(store, _scorers.pop, key, None)
    return made


def _stamps(store: Store) -> dict[str, Hashable]:
    """Every claim's stamp, in declaration order."""
    return {
        claim: _stamp(store, claim, records.rivals(store, claim))
        for claim in records.claim_ids(store)
    }


def _stamp(store: Store, claim: str, rivals: Mapping[str, None]) -> Hashable:
    """What a claim's result depends on: its revision and its rivals'."""
    if not rivals:
        return records.revision(store, claim)
    return (records.revision(store, claim), *(records.revision(store, other) for other in rivals))


def _proven(
    by_source: Mapping[str, Report],
    groups: Mapping[str, str],
    sources: Mapping[str, Source],
    floor: list[str],
    model: SupportModel,
    *,
    possible: bool = False,
) -> tuple[Support, tuple[tuple[str, ...], ...], bool, float]:
    """(flow, proven lines, declared, own support).

    The lines are those the declared sourcing proves or, with none, the best outlet
    that states the claim plainly without a source, alone. The own support is what the
    proven lines are worth together, and never less than what the best such outlet's
    plain word is worth alone: a first-hand line joining it can only add.
    """
    support = lines_of_support(by_source, groups, possible=possible)
    lines, declared = support.lines, support.independent > 0
    doubt = 1.0  # the chance every line is wrong
    for line in lines:
        doubt = rules.doubt_with(doubt, line_chance(line, by_source, sources, model))
    best_plain = rules.NO_PLAIN
    if floor:
        chance = {s: line_chance((s,), by_source, sources, model) for s in sorted(floor)}
        best = max(chance, key=chance.__getitem__)
        best_plain = chance[best]
        if not declared:  # the outlet itself is the one line that can fail
            lines = ((best,),)
    return support, lines, declared, rules.own_support(doubt, best_plain)


_Reading = tuple[Detail, Support, bool, float, int, bool]
"""One pass over a claim's reports: its detail, flow, whether the declared sourcing
proves a line, own support, reports read first-hand, whether every worded report is
uncertain (a plain tuple: one is made a claim)."""


def _read(
    by_source: Mapping[str, Report],
    groups: Mapping[str, str],
    sources: Mapping[str, Source],
    model: SupportModel,
) -> _Reading:
    """One pass over a claim's reports and citations, each held to its rule."""
    reports = by_source.values()
    n_observed = worded = uncertain = 0  # implicit reports have no words, so no hedge
    relays: set[str] = set()  # cited sources that cite someone: all a cycle can pass through
    hedge_drops: list[tuple[str, str]] = []
    time_inversions: list[tuple[str, str]] = []
    retracted_cited: list[tuple[str, str]] = []
    unsourced: list[str] = []
    floor: list[str] = []  # unsourced and stated plainly
    cues: list[str] = []
    unsure, plain = Hedge.UNCERTAIN, PLAIN_HEDGES
    # The rules each report and citation is held to, looked up once a claim.
    without_source, hedge_dropped = rules.without_source, rules.hedge_dropped
    cites_retracted, before = rules.cites_retracted, rules.published_before
    for r in reports:
        live, nobody = r.retracted is None, not r.via
        n_observed += r.observed
        nameless, plainly = without_source(r.observed, live, r.firsthand, nobody, r.hedge in plain)
        if nameless:
            unsourced.append(r.source)
        if plainly:
            floor.append(r.source)
        if not r.implicit:
            worded += 1
            if r.hedge is unsure:
                uncertain += 1
                if r.hedge_text:
                    cues.append(r.hedge_text)
        if nobody:
            continue
        stated, published = r.hedge in plain, r.published
        for u in r.via:
            upstream = by_source[u]
            if upstream.via:
                relays.add(u)
            if hedge_dropped(stated, upstream.hedge is unsure, upstream.implicit):
                hedge_drops.append((r.source, u))
            if cites_retracted(live, upstream.retracted is None):
                retracted_cited.append((r.source, u))
            if before(published, upstream.published):
                time_inversions.append((r.source, u))
    flow, lines, declared, own = _proven(by_source, groups, sources, floor, model, possible=True)
    detail = Detail(
        origins=flow.origins,
        lines=lines,
        unsourced=tuple(sorted(unsourced)) if unsourced else (),
        cycle=_find_cycle(by_source, relays) if relays else (),
        hedge_cues=tuple(sorted(set(cues))) if cues else (),
        hedge_drops=tuple(sorted(hedge_drops)) if hedge_drops else (),
        time_inversions=tuple(sorted(time_inversions)) if time_inversions else (),
        cites_retracted=tuple(sorted(retracted_cited)) if retracted_cited else (),
    )
    return detail, flow, declared, own, n_observed, bool(rules.hedged(worded, uncertain))


@frozen
class LaterDetail:
    """The detail of a result scored by another engine, worked out from its reports when
    first asked for (a function a :class:`Corroboration` calls once; it pickles)."""

    reports: tuple[Report, ...]
    groups: Mapping[str, str] = field(eq=False)
    sources: Mapping[str, Source] = field(eq=False)
    model: SupportModel

    def __call__(self) -> Detail:
        by_source = {r.source: r for r in self.reports}
        return _read(by_source, self.groups, self.sources, self.model)[0]


def suspected_on(store: Store, claim: str) -> tuple[SuspectedCopy, ...]:
    """The suspected copying recorded on a claim, once each, as a result lists it."""
    suspected = records.suspected_via(store, claim)
    if not suspected:  # the usual case, and dict.fromkeys of nothing costs a corpus
        return ()
    return tuple(dict.fromkeys(c for originals in suspected.values() for c in originals.values()))


def _score(
    store: Store,
    claim: str,
    contradicted_by: tuple[str, ...],
    rival_owns: Sequence[float],
    model: SupportModel,
) -> Corroboration:
    """Everything about one claim but its common links, which are derived on first use."""
    by_source = records.reports_by_source(store, claim)
    groups, sources = records.groups(store), records.sources_by_id(store)
    detail, flow, declared, own, observed, hedged = _read(by_source, groups, sources, model)
    independent = len(detail.lines)
    possible = rules.possible_count(independent, flow.possible or 0)
    suspected = records.suspected_via(store, claim)
    likely = _likely(by_source, store, suspected, independent, possible) if suspected else possible
    support = own
    for rival in rival_owns:  # in the order of the rivals' ids
        support = rules.against(support, rival)
    raised = rules.flags(
        independent=independent,
        observed=observed,
        hedged=hedged,
        cycle=detail.cycle != (),
        hedge_dropped=detail.hedge_drops != (),
        time_inverted=detail.time_inversions != (),
        rivals=len(contradicted_by),
        unsourced=detail.unsourced != (),
        cites_retracted=detail.cites_retracted != (),
    )
    grade = rules.credibility(
        independent,
        support,
        own=own,
        strongest=max(rival_owns) if rival_owns else rules.NO_RIVAL,
        hedged=hedged,
        declared=declared,
        model=model,
    )
    return Corroboration(
        claim=claim,
        text=records.claims_by_id(store)[claim].text,
        independent=independent,
        independent_max=possible,
        independent_likely=likely,
        suspected=suspected_on(store, claim) if suspected else (),
        support=support,
        own_support=own,
        flags=_flags(raised),
        credibility=grade,
        contradicted_by=contradicted_by,
        reports=tuple(by_source.values()),
        detail=detail,
        groups=groups,
        names=records.names(store),
        sources=sources,
    )


def _likely(
    by_source: Mapping[str, Report],
    store: Store,
    suspected: Mapping[str, Mapping[str, SuspectedCopy]],
    independent: int,
    possible: int,
) -> int:
    """The possible count once suspected copying counts as citing: a suspected copier
    is no origin of its own, and its line runs through what it copied. Between the
    proven and the possible count."""
    effective = dict(by_source)
    for copier, originals in suspected.items():
        report = by_source[copier]
        extra = tuple(o for o in originals if o not in report.via)
        effective[copier] = attrs.evolve(report, via=report.via + extra)
    likely = lines_of_support(effective, records.groups(store), value_only=True, unsourced=True)
    return rules.likely_count(independent, possible, likely.independent)


def _flags(raised: Mapping[Flag, object]) -> tuple[Flag, ...]:
    """The flags raised, in :class:`Flag`'s order, each distinct tuple made once."""
    key = tuple(raised.values())
    flags = _FLAG_TUPLES.get(key)
    if flags is None:
        flags = _FLAG_TUPLES[key] = tuple(flag for flag in Flag if raised[flag])
    return flags


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
