"""Hidden copying and learned reliability: who copies whom when nobody says so.

Declared vias catch only the copying people admit. This package finds the rest from the
evidence itself, each kind optional and reported with its evidence:

- **shared values** across many questions (:mod:`.truth`: AccuCopy's dependence model,
  shared false values strong evidence, shared true ones none, differing values evidence
  of independence);
- **shared wording** (:mod:`.wording`: word shingles of the reports' published `text`);
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
from collections.abc import Iterable
from typing import TypeVar

import attrs

from provenance.copying.truth import TruthEstimate, discover_truth
from provenance.copying.wording import wording_matches
from provenance.model import Report, SuspectedCopy
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
    found: dict[tuple[str, str], list[tuple[float, tuple[str, ...], frozenset[str]]]] = {}
    names = store.names
    if wording:
        for copier, original, containment in wording_matches(store.reports()):
            evidence = [f"the wording matches {names[original.source]}'s ({containment:.2f})"]
            if timing and (lag := _lag(copier, original, window)) is not None:
                evidence.append(lag)
                containment = 1 - (1 - containment) / 2
            found.setdefault((copier.source, original.source), []).append(
                (containment, tuple(evidence), frozenset({copier.claim}))
            )
    if values and store.questions:
        for copy in discover_truth(store, min_probability=min_probability).copying:
            found.setdefault((copy.copier, copy.original), []).append(
                (copy.probability, copy.evidence, frozenset(copy.claims))
            )
    copies = []
    for (copier_id, original_id), hits in found.items():
        doubt = 1.0
        for probability, _, _ in hits:
            doubt *= 1 - probability
        probability = 1 - doubt
        if probability < min_probability:
            continue
        claims = sorted(set().union(*(claims for _, _, claims in hits)), key=str)
        evidence = list(dict.fromkeys(part for _, said, _ in hits for part in said))
        copies.append(SuspectedCopy(copier_id, original_id, claims, probability, evidence))
    return sorted(copies, key=lambda c: (-c.probability, c.copier, c.original))


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
            if c in new.claims_by_id
            and copy.copier in new.claim_reports(c)
            and copy.original in new.claim_reports(c)
            and copy.original not in new.suspected_via(c).get(copy.copier, {})
        ]
        if reported:
            new.add_suspected(attrs.evolve(copy, claims=reported))
    return new


def _lag(copier: Report, original: Report, window: dt.timedelta) -> str | None:
    """ "published N minutes after", when the copier's report followed within `window`."""
    a, b = copier.published, original.published
    if not isinstance(a, dt.datetime) or not isinstance(b, dt.datetime):
        return None
    if (a.tzinfo is None) != (b.tzinfo is None):
        return None
    lag = a - b
    if dt.timedelta(0) < lag <= window:
        minutes = round(lag.total_seconds() / 60)
        return f"published {minutes} minute{'' if minutes == 1 else 's'} after"
    return None
