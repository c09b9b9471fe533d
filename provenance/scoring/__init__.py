"""Scoring: independent lines of support, flags and credibility.

The headline number is **independent lines**: the least number of sources that would
all have to be wrong, or misquoted, before a claim loses all support — the maximum flow
of the claim's network (:mod:`provenance.scoring.flow`). :mod:`~provenance.scoring.score`
turns it into flags and a credibility grade and keeps the results; the record is
:class:`Corroboration` (:mod:`~provenance.scoring.result`), the table is
:mod:`~provenance.scoring.words`.

Results are cached per store and recomputed when the store's revision of the claim, or
of a claim contradicting it, moves.

Examples
--------
>>> import provenance as pv
>>> g = pv.ProvenanceGraph()
>>> for s in ("sso", "warshal", "militarnyi", "article"):
...     _ = g.add_source(s, name=s.capitalize())
>>> _ = g.add_claim("capture", "Ukrainian special forces captured a North Korean soldier")
>>> _ = g.add_chain("capture", ["sso", "warshal", "militarnyi", "article"])
>>> c = pv.corroboration(g, "capture")
>>> c.independent, c.lines, c.common_links
(1, (('sso', 'warshal', 'militarnyi', 'article'),), ('sso', 'warshal', 'militarnyi'))
>>> [f.name for f in c.flags], c.credibility
(['SINGLE_SOURCE'], <Credibility.POSSIBLY_TRUE: 3>)
"""

from __future__ import annotations

from provenance.scoring.result import Corroboration
from provenance.scoring.score import Scorer, scorer_of
from provenance.scoring.support import SupportModel
from provenance.scoring.words import format_table, weakest_first
from provenance.store import Store

__all__ = [
    "Corroboration",
    "Scorer",
    "SupportModel",
    "corroboration",
    "format_table",
    "question",
    "weakest_first",
]


def corroboration(store: Store, claim: str, *, model: SupportModel | None = None) -> Corroboration:
    """Score one claim: independent lines, origins, lines, common links, flags, credibility.

    Parameters
    ----------
    store : Store
        A :class:`~provenance.graph.ProvenanceGraph`, or any store.
    claim : str
        A declared claim id.
    model : provenance.scoring.support.SupportModel, optional
        The numbers behind support and credibility (the documented defaults if omitted).

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
    store.claim(claim)  # raises for an unknown id
    return scorer_of(store, model).corroboration(claim)


def question(
    store: Store, question: str, *, model: SupportModel | None = None
) -> list[Corroboration]:
    """The answers to `question`, best supported first (then in declaration order).

    Raises
    ------
    UnknownIdError
        No claim answers `question`.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a", reliability="A")
    >>> _ = g.add_claim("yes", question="q"); _ = g.add_claim("no", question="q")
    >>> _ = g.add_report("a", "no", firsthand=True)
    >>> [c.claim for c in pv.question(g, "q")]
    ['no', 'yes']
    """
    scorer = scorer_of(store, model)
    answers = [scorer.corroboration(claim) for claim in store.answers(question)]
    return sorted(answers, key=lambda c: -c.support)
