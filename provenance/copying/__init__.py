"""Hidden copying and learned reliability: who copies whom when nobody says so.

Declared vias catch only the copying people admit. This package finds the rest from the
evidence itself, each kind optional and reported with its evidence:

- **shared values** across many questions (:mod:`.truth`: AccuCopy's dependence model,
  shared false values strong evidence, shared true ones none, differing values evidence
  of independence);
- **shared wording** (:mod:`.wording`: word shingles of the reports' published `text`;
  a wording more than 50 reports of a claim share is one group, each member against the
  earliest);
- **timing**: a copier's report published within `window` after the original's makes
  wording or values evidence stronger.

:func:`suspect_copying` gives a list of :class:`~provenance.model.SuspectedCopy`;
:meth:`ProvenanceGraph.with_suspected <provenance.graph.ProvenanceGraph.with_suspected>`
records them as suspected via edges, and scoring then gives
``Corroboration.independent_likely``. :func:`discover_truth` estimates which answers are
true and how accurate each source is, discounting copiers' votes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

import attrs
from attrs import frozen

from provenance.copying.truth import TruthEstimate, discover_truth
from provenance.copying.wording import find_wording
from provenance.model import Report, SuspectedCopy
from provenance.records import claims_by_id, names, reports_by_source, suspected_via
from provenance.scoring import rules
from provenance.store import Store

__all__ = ["TruthEstimate", "discover_truth", "suspect_copying", "with_suspected"]

_S = TypeVar("_S", bound=Store)


def suspect_copying(
    store: Store,
    *,
    values: bool = True,
    wording: bool = True,
    timing: bool = True,
    min_probability: float = 0.5,
    window: dt.timedelta = dt.timedelta(hours=1),
) -> list[SuspectedCopy]:
    """The copying the evidence points to, strongest first; one record per copier and
    original, with the claims it is suspected on and what points to it.

    Parameters
    ----------
    store : Store
    values : bool
        Look for shared values across the store's questions (truth discovery's
        dependence model).
    wording : bool
        Look for shared wording in the reports' `text`.
    timing : bool
        Strengthen a match whose copier published within `window` after the original.
    min_probability : float
        Leave out what is less likely than this.

    Notes
    -----
    No step visits every pair of sources. Shared wording costs O(W log W) for W words
    of text, in memory a few tens of bytes a word of one batch (:mod:`.wording`); more
    than 50 reports of a claim with one wording are a group, one record a copier.
    Shared values cost, per round of truth discovery, O(R log R) for R reports plus
    the items shared by pairs that share two or more (:mod:`.truth`).

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> for s in ("reuters", "bbc"):
    ...     _ = g.add_source(s, name=s.upper())
    >>> _ = g.add_claim("c")
    >>> words = "Troops crossed the border at dawn on Monday, officials said."
    >>> _ = g.add_report("reuters", "c", text=words, published="2024-12-26T09:00")
    >>> _ = g.add_report("bbc", "c", text="Officials: " + words, published="2024-12-26T09:07")
    >>> [(s.copier, s.original, s.evidence) for s in pv.suspect_copying(g)]
    [('bbc', 'reuters', ("the wording matches REUTERS's (0.86)", 'published 7 minutes after'))]
    """
    kinds: list[Iterator[tuple[tuple[str, str], _Hit]]] = []
    if wording:
        kinds.append(_wording_hits(store, window if timing else None))
    if values and store.questions:
        kinds.append(_value_hits(store, min_probability))
    found: dict[tuple[str, str], list[_Hit]] = {}  # (copier, original) → what points to it
    for pair, hit in itertools.chain.from_iterable(kinds):
        found.setdefault(pair, []).append(hit)
    _join_directions(found)
    name_of = names(store)
    copies = [_suspected(pair, hits, name_of, min_probability) for pair, hits in found.items()]
    return sorted(
        (c for c in copies if c is not None), key=lambda c: (-c.probability, c.copier, c.original)
    )


def _wording_hits(
    store: Store, window: dt.timedelta | None
) -> Iterator[tuple[tuple[str, str], _Hit]]:
    """(copier, original) and the evidence, for each report whose wording another's
    contains; stronger when published within `window` after it (None: timing not read)."""
    for later, earlier, containment, group in _wording(store):
        lag = None if window is None else _lag(later, earlier, window)
        chance = containment if lag is None else 1 - (1 - containment) / 2
        hit = _Hit(chance, frozenset({later.claim}), containment, lag, group=group)
        yield (later.source, earlier.source), hit


def _value_hits(store: Store, min_probability: float) -> Iterator[tuple[tuple[str, str], _Hit]]:
    """(copier, original) and the evidence, for the copying truth discovery found."""
    for copy in discover_truth(store, min_probability=min_probability).copying:
        hit = _Hit(copy.probability, frozenset(copy.claims), said=copy.evidence)
        yield (copy.copier, copy.original), hit


def _join_directions(found: dict[tuple[str, str], list[_Hit]]) -> None:
    """Two sources copy one way: evidence both ways joins the stronger direction."""
    for (copier, original), hits in list(found.items()):
        back = found.get((original, copier))
        if back is not None and (copier, original) in found and _strength(hits) < _strength(back):
            back.extend(found.pop((copier, original)))


def _suspected(
    pair: tuple[str, str], hits: list[_Hit], name_of: Mapping[str, str], min_probability: float
) -> SuspectedCopy | None:
    """The record of one copier and original, its pieces of evidence taken as
    independent; None when less likely than `min_probability`."""
    copier, original = pair
    doubt = 1.0  # the chance every piece of evidence is wrong
    for hit in hits:
        doubt *= 1 - hit.chance
    if 1 - doubt < min_probability:
        return None
    claims = sorted(frozenset().union(*(hit.claims for hit in hits)), key=str)
    evidence = _evidence(hits, name_of[original])
    return SuspectedCopy(copier, original, claims, 1 - doubt, evidence)


def _wording(store: Store) -> list[tuple[Report, Report, float, int]]:
    """(copier's report, original's, containment, the size of its group or 0): the
    pairs shared wording shows, and every member of a group of one wording against its
    earliest report — in place of the pair, where a pair is also in a group."""
    found = find_wording(store.reports())
    grouped = [
        (copy, group.original, containment, group.size)
        for group in found.groups
        for copy, containment in group.copies
    ]
    covered = {frozenset((id(a), id(b))) for a, b, _, _ in grouped}
    pairs = [(a, b, c, 0) for a, b, c in found.matches if frozenset((id(a), id(b))) not in covered]
    return pairs + grouped


@frozen
class _Hit:
    """One piece of evidence that a source copied another."""

    chance: float
    claims: frozenset[str]
    containment: float | None = None  # shared wording
    lag: float | None = None  # minutes after the original
    said: tuple[str, ...] = ()  # shared values, in words
    group: int = 0  # reports with the same wording, when too many to compare by pairs


def _strength(hits: list[_Hit]) -> tuple[float, int]:
    return max(hit.chance for hit in hits), len(hits)


def _evidence(hits: list[_Hit], original: str) -> list[str]:
    """What points to the copying, in a few words per kind."""
    said: list[str] = []
    alike = [hit.containment for hit in hits if hit.containment is not None]
    if alike:
        on = f" on {len(alike)} claims, up to" if len(alike) > 1 else ""
        said.append(f"the wording matches {original}'s{on} ({max(alike):.2f})")
    group = max(hit.group for hit in hits)
    if group:
        said.append(f"one of {group} reports with the same wording")
    lags = sorted(hit.lag for hit in hits if hit.lag is not None)
    if lags:
        low, high = round(lags[0]), round(lags[-1])
        span = f"{low}" if low == high else f"{low}–{high}"
        said.append(f"published {span} minute{'' if span == '1' else 's'} after")
    said += [part for hit in hits for part in hit.said]
    return list(dict.fromkeys(said))


def with_suspected(
    store: _S, copies: Iterable[SuspectedCopy], *, min_probability: float = 0.8
) -> _S:
    """A copy of `store` with the `copies` at least `min_probability` likely recorded as
    suspected via edges, on the claims both sources report.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> for s in ("wire", "a", "b"):
    ...     _ = g.add_source(s)
    >>> _ = g.add_claim("c")
    >>> for s in ("wire", "a", "b"):
    ...     _ = g.add_report(s, "c")
    >>> g.corroboration("c").independent_likely
    3
    >>> h = g.with_suspected([pv.SuspectedCopy("a", "wire", ["c"], 0.9),
    ...                       pv.SuspectedCopy("b", "wire", ["c"], 0.6)])
    >>> h.corroboration("c").independent_likely, len(g.suspected())
    (2, 0)
    """
    new = store.copy()
    for copy in copies:
        if copy.probability < min_probability:
            continue
        reported = [
            c
            for c in copy.claims
            if c in claims_by_id(new)
            and copy.copier in reports_by_source(new, c)
            and copy.original in reports_by_source(new, c)
            and copy.original not in suspected_via(new, c).get(copy.copier, {})
            and copy.original not in reports_by_source(new, c)[copy.copier].via  # declared
        ]
        if reported:
            new.add_suspected(attrs.evolve(copy, claims=reported))
    return new


def _lag(copier: Report, original: Report, window: dt.timedelta) -> float | None:
    """How many minutes after the original the copier's report followed, if within
    `window`: only between two times that compare to the microsecond, by the time
    inversion rule's :func:`~provenance.scoring.rules.exactly_comparable`."""
    copied = rules.published_codes(copier.published)
    first = rules.published_codes(original.published)
    if not rules.exactly_comparable(copied[0], first[0]) or not rules.dated_before(first, copied):
        return None
    microseconds = copied[2] - first[2]
    return microseconds / 1_000_000 / 60 if microseconds <= window // _MICROSECOND else None


_MICROSECOND = dt.timedelta(microseconds=1)
