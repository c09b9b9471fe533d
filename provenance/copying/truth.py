"""Truth discovery with copy detection: which answer is true, how accurate each source
is, and who copies whom — each estimated from the others.

The model is AccuCopy's (Dong, Berti-Equille, Srivastava, "Integrating conflicting data:
the role of source dependence", VLDB 2009), written here from the paper, over the data
items of :mod:`provenance.copying.items`. Per round:

1. **Copying.** For each pair of sources that answer some item in common, the shared
   items split into: the same value (weighted by the chance it is true, ``k_t``, or
   false, ``k_f``) and different values (``k_d``). With accuracies ``A₁, A₂``, ``n``
   false values per item and copy rate ``c``:

   - independent: ``P(same, true) = A₁A₂``, ``P(same, false) = (1-A₁)(1-A₂)/n``,
     ``P(different) = 1 - A₁A₂ - (1-A₁)(1-A₂)/n``;
   - 2 copies 1: ``P(same, true) = A₁c + A₁A₂(1-c)``,
     ``P(same, false) = (1-A₁)c + (1-A₁)(1-A₂)(1-c)/n``,
     ``P(different) = (1-c)·P(different | independent)``;

   and Bayes' rule with prior ``α`` for each direction gives the chance of copying
   either way. Sharing false values is strong evidence, sharing true ones weak,
   differing evidence of independence. A declared via is known copying.
   How much a copier copies, ``c'``, is estimated per pair from how seldom it differs:
   ``1 - c' = (differences + 5(1-c)) / (differences expected if independent + 5)``.
2. **Votes.** A value's vote is ``Σ ln(n·A/(1-A))`` over its providers, each weighted by
   ``Π(1 - c'·P(copies s'))`` over the providers of the same value counted before it
   (most accurate first): a copier's agreement is not corroboration.
3. **Truth.** ``P(v) = exp(vote(v)) / Σ_v' exp(vote(v'))`` over the item's values.
4. **Accuracy.** A source's accuracy is the mean chance its values are true by the
   votes of the sources it is not tied to by copying (:mod:`provenance.copying.accuracy`:
   a group of copiers does not vouch for itself), to 12 decimals (so that equal
   accuracies tie however they were summed), kept within 0.01 and `max_accuracy` (0.95:
   no source is taken as right more than 19 times in 20).

Accuracies start from Admiralty grades where given (A–E, as in the support table), 0.8
otherwise; rounds go on until no accuracy and no chance of copying moves by more than
`tolerance`.

**Cost.** Nothing here visits every pair of sources, or holds a sources × sources or
sources × items matrix. A pair that shares two or more items (or declares copying) is
listed with its shared items (:mod:`provenance.copying.pairs`); a pair that shares one
item only has a chance of copying that depends on the two accuracies alone, so it is
reckoned per group of providers of one value with one accuracy
(:mod:`provenance.copying.votes`). Per round: O(R log R + L + Σ_v D_v²), R reports, L
the listed pairs' shared items, D_v the distinct accuracies among value v's providers
(1 when they answer nothing else; never more than the pairs of its providers).
Finding the listed pairs costs, once, Σ over items of the square of the sources that
hold the item outside their commonest one; the report costs O(max_common · R) more,
plus the records it returns (a value given by more than `max_common` sources that copy
each other on it alone is one group, one record a member).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import numpy as np
from attrs import frozen

from provenance._arrays import Floats, Ints
from provenance.copying.accuracy import independent_accuracy
from provenance.copying.dependence import Copying, listed
from provenance.copying.items import Items, items_of
from provenance.copying.pairs import Pairs, pairs_of
from provenance.copying.suspects import FinalRound, suspected
from provenance.copying.votes import Dependence, change, votes_of
from provenance.model import Reliability, SuspectedCopy
from provenance.records import claim_ids, reports_by_source, sources_by_id
from provenance.scoring.support import SupportModel
from provenance.store import Store

__all__ = ["TruthEstimate", "discover_truth"]


@frozen
class TruthEstimate:
    """What truth discovery concluded.

    Attributes
    ----------
    answers : mapping
        Item (a question, or a claim's name) → the claim id taken as true.
    probability : mapping
        Claim id → the chance it is true.
    accuracy : mapping
        Source id → its estimated accuracy (the share of its answers that are true).
    copying : tuple of SuspectedCopy
        The copying between sources it found and discounted (chance ≥ `min_probability`).
    rounds : int
        How many rounds it took.
    """

    answers: Mapping[str, str]
    probability: Mapping[str, float]
    accuracy: Mapping[str, float]
    copying: tuple[SuspectedCopy, ...]
    rounds: int

    def support_model(self, base: SupportModel | None = None) -> SupportModel:
        """`base` (the default table if omitted) with each source's chance of being
        right set to its estimated accuracy: the switch that feeds what truth discovery
        learned into support (``g.assess(model=estimate.support_model())``).

        >>> import provenance as pv
        >>> estimate = pv.TruthEstimate({}, {}, {"a": 0.9}, (), 1)
        >>> estimate.support_model().sources
        (('a', 0.9),)
        """
        return attrs.evolve(base or SupportModel(), sources=self.accuracy)


def discover_truth(
    store: Store,
    *,
    detect_copying: bool = True,
    copy_prior: float = 0.2,
    copy_rate: float = 0.8,
    min_probability: float = 0.5,
    max_rounds: int = 30,
    tolerance: float = 1e-4,
    max_accuracy: float = 0.95,
    model: SupportModel | None = None,
    max_common: int = 50,
) -> TruthEstimate:
    """Estimate which answers are true, how accurate each source is, and who copies whom.

    Parameters
    ----------
    store : Store
    detect_copying : bool
        Discount copiers' votes (AccuCopy); False is accuracy-weighted voting (AccuVote).
    copy_prior : float
        ``α``: the prior chance that one source copies another, each way.
    copy_rate : float
        ``c``: the share of a copier's values that it copies.
    min_probability : float
        The chance of copying from which a pair is reported in `copying`.
    max_rounds, tolerance
        When to stop iterating.
    max_accuracy : float
        The most accurate a source may be taken to be.
    model : provenance.scoring.support.SupportModel, optional
        The grade → accuracy table the first round starts from.
    max_common : int
        Sources that share nothing but one value are reported pair by pair while the
        value has at most this many providers, and as one group beyond.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> for s in ("a", "b", "c"):
    ...     _ = g.add_source(s)
    >>> _ = g.add_claim("t10", question="troops"); _ = g.add_claim("t12", question="troops")
    >>> for s, answer in (("a", "t10"), ("b", "t10"), ("c", "t12")):
    ...     _ = g.add_report(s, answer)
    >>> estimate = pv.discover_truth(g)
    >>> estimate.answers["troops"]
    't10'
    """
    table = items_of(store)
    accuracy = _first_accuracy(store, table, model or SupportModel())
    pairs = pairs_of(table, *_declared_copying(store, table))
    copying = Copying(copy_prior, copy_rate)
    state: Dependence | None = None  # until a round has run, only declared copying
    truth = np.full(len(table.values), 0.5)
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - the count is reported
        votes = votes_of(table, pairs, accuracy, state, copying)
        truth = votes.truth
        new = independent_accuracy(table, pairs, votes, state, copying, accuracy, max_accuracy)
        moved = float(np.max(np.abs(new - accuracy))) if len(new) else 0.0
        accuracy = new
        if detect_copying:  # the next round's votes discount what this one found
            found = _dependence(table, pairs, truth, accuracy, copying)
            moved = max(moved, change(table, pairs, found, state, copying))
            state = found
        if moved < tolerance:
            break
    final = FinalRound(table, pairs, truth, accuracy, copying)
    return TruthEstimate(
        answers=_answers(table, truth),
        probability={v: float(p) for v, p in zip(table.values, truth, strict=True)},
        accuracy={s: float(a) for s, a in zip(table.sources, accuracy, strict=True)},
        copying=suspected(final, min_probability=min_probability, max_common=max_common)
        if detect_copying
        else (),
        rounds=rounds,
    )


def _first_accuracy(store: Store, table: Items, model: SupportModel) -> Floats:
    """Each source's accuracy before the first round: its Admiralty grade's chance (A–E,
    as in the support table), 0.8 when ungraded or F."""
    grades = model._grades
    by_id = sources_by_id(store)
    reliability = [by_id[s].reliability for s in table.sources]
    return np.array(
        [grades[r] if r not in (None, Reliability.F) else 0.8 for r in reliability],
        dtype=float,
    )


def _dependence(
    table: Items, pairs: Pairs, truth: Floats, accuracy: Floats, copying: Copying
) -> Dependence:
    """This round's chances of copying each way between the listed pairs, never below
    the copying they declare."""
    chances = listed(table, pairs, truth, accuracy, copying)
    return Dependence(
        accuracy=accuracy,
        truth=truth,
        ba=np.maximum(chances.ba, pairs.known_ba),
        ab=np.maximum(chances.ab, pairs.known_ab),
        rate=np.where((pairs.known_ba > 0) | (pairs.known_ab > 0), copying.rate, chances.rate),
    )


def _answers(table: Items, truth: Floats) -> dict[str, str]:
    """Per item, its likeliest value (the first, on a tie)."""
    if not len(truth):
        return {}
    return {table.items[table.item_of[v]]: table.values[v] for v in table.first_best(truth)}


def _declared_copying(store: Store, table: Items) -> tuple[Ints, Ints]:
    """Known copying, as (copier rows, original rows): a source that cites another on
    some claim copies it."""
    row = {s: i for i, s in enumerate(table.sources)}
    cites = [
        (row[source], row[upstream])
        for claim in claim_ids(store)
        for source, report in reports_by_source(store, claim).items()
        for upstream in report.via
    ]
    both = np.asarray(cites, dtype=np.int64).reshape(-1, 2)
    return both[:, 0], both[:, 1]
