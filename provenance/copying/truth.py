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
2. **Votes.** A value's vote is ``Σ ln(n·A/(1-A))`` over its providers, each weighted by
   ``Π(1 - c·P(copies s'))`` over the providers of the same value counted before it
   (most accurate first): a copier's agreement is not corroboration.
3. **Truth.** ``P(v) = exp(vote(v)) / Σ_v' exp(vote(v'))`` over the item's values.
4. **Accuracy.** A source's accuracy is the mean chance its values are true, kept
   within 0.01 and `max_accuracy` (0.95: no source is taken as right more than 19
   times in 20, so that no group of sources that agree with themselves grows a vote
   that drowns everyone else's).

Accuracies start from Admiralty grades where given (A–E, as in the support table), 0.8
otherwise; rounds go on until no accuracy moves by more than `tolerance`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import numpy as np
from attrs import frozen

from provenance.copying.items import Items, items_of
from provenance.model import Reliability, SuspectedCopy
from provenance.scoring.support import SupportModel
from provenance.store import Store

__all__ = ["TruthEstimate", "discover_truth", "value_dependence"]

_FLOOR = 1e-9


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
    grades = (model or SupportModel())._grades
    accuracy = np.array(
        [
            grades[store.sources_by_id[s].reliability]
            if store.sources_by_id[s].reliability not in (None, Reliability.F)
            else 0.8
            for s in table.sources
        ]
    )
    known = _declared_copying(store, table)
    n_false = table.n_false()
    providers = _providers(table)
    copies = np.zeros((len(table.sources), len(table.sources)))
    truth = np.full(len(table.values), 0.5)
    rounds = 0
    copies = known
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - the count is reported
        truth = _truth(table, providers, accuracy, n_false, copies, copy_rate)
        chosen = np.where(table.provided >= 0, truth[np.maximum(table.provided, 0)], np.nan)
        counts = np.sum(table.provided >= 0, axis=1)
        new = np.where(counts > 0, np.nansum(chosen, axis=1) / np.maximum(counts, 1), accuracy)
        new = np.clip(new, 0.01, max_accuracy)
        moved = float(np.max(np.abs(new - accuracy))) if len(new) else 0.0
        accuracy = new
        if detect_copying:  # the next round's votes discount what this one found
            dependence = value_dependence(table, truth, accuracy, copy_prior, copy_rate)[0]
            dependence = np.maximum(dependence, known)
            moved = max(moved, float(np.max(np.abs(dependence - copies), initial=0.0)))
            copies = dependence
        if moved < tolerance:
            break
    answers = {}
    for item, name in enumerate(table.items):
        values = np.flatnonzero(table.item_of == item)
        answers[name] = table.values[int(values[np.argmax(truth[values])])]
    found = (
        _suspected(store, table, truth, accuracy, copy_prior, copy_rate, min_probability)
        if detect_copying
        else ()
    )
    return TruthEstimate(
        answers=answers,
        probability={v: float(p) for v, p in zip(table.values, truth, strict=True)},
        accuracy={s: float(a) for s, a in zip(table.sources, accuracy, strict=True)},
        copying=found,
        rounds=rounds,
    )


def value_dependence(
    table: Items,
    truth: np.ndarray,
    accuracy: np.ndarray,
    copy_prior: float,
    copy_rate: float,
) -> tuple[np.ndarray, dict[tuple[int, int], tuple[int, float, int]]]:
    """The chance each source copies each other (``[copier, original]``), over the pairs
    that answer an item in common; and per pair ``(i, j)``, ``i < j``, the evidence
    ``(same answers, expected false among them, different answers)``."""
    n_sources = len(table.sources)
    present = table.provided >= 0
    shared = present.astype(np.int32) @ present.T.astype(np.int32)
    n_false = table.n_false()
    copies = np.zeros((n_sources, n_sources))
    evidence: dict[tuple[int, int], tuple[int, float, int]] = {}
    c, alpha = copy_rate, copy_prior
    for a in range(n_sources):
        for b in range(a + 1, n_sources):
            if shared[a, b] == 0:
                continue
            both = np.flatnonzero(present[a] & present[b])
            va, vb = table.provided[a, both], table.provided[b, both]
            same = va == vb
            p_true = truth[va[same]]
            n_same, n_diff = both[same], both[~same]
            ka, kb = accuracy[a], accuracy[b]
            nf_same, nf_diff = n_false[n_same], n_false[n_diff]
            diff_indep = np.maximum(1 - ka * kb - (1 - ka) * (1 - kb) / nf_diff, _FLOOR)
            log_diff = float(np.sum(np.log(diff_indep)))
            log_diff_copy = log_diff + len(n_diff) * np.log(max(1 - c, _FLOOR))

            def shared_false(f_p: np.ndarray, p_true: np.ndarray = p_true) -> float:
                return float(np.sum((1 - p_true) * np.log(np.maximum(f_p, _FLOOR))))

            # Agreeing on true values is what accurate sources do: no evidence either way.
            independent = shared_false((1 - ka) * (1 - kb) / nf_same) + log_diff
            both_false = (1 - ka) * (1 - kb) * (1 - c) / nf_same
            b_copies_a = shared_false((1 - ka) * c + both_false) + log_diff_copy
            a_copies_b = shared_false((1 - kb) * c + both_false) + log_diff_copy
            logits = np.array(
                [
                    np.log(1 - 2 * alpha) + independent,
                    np.log(alpha) + b_copies_a,
                    np.log(alpha) + a_copies_b,
                ]
            )
            weights = np.exp(logits - logits.max())
            weights /= weights.sum()
            copies[b, a], copies[a, b] = weights[1], weights[2]
            evidence[a, b] = (int(same.sum()), float(np.sum(1 - p_true)), len(n_diff))
    return copies, evidence


def _providers(table: Items) -> list[tuple[int, np.ndarray]]:
    """(value, the sources providing it) for every value that has providers."""
    rows, items = np.nonzero(table.provided >= 0)
    values = table.provided[rows, items]
    order = np.argsort(values, kind="stable")
    values, rows = values[order], rows[order]
    bounds = np.flatnonzero(np.diff(values)) + 1
    return [
        (int(group_values[0]), group_rows)
        for group_values, group_rows in zip(
            np.split(values, bounds), np.split(rows, bounds), strict=True
        )
        if len(group_values)
    ]


def _truth(
    table: Items,
    providers: list[tuple[int, np.ndarray]],
    accuracy: np.ndarray,
    n_false: np.ndarray,
    copies: np.ndarray,
    copy_rate: float,
) -> np.ndarray:
    """Each value's chance of being true, from its providers' discounted votes."""
    votes = np.zeros(len(table.values))
    trust = np.log(accuracy / (1 - accuracy))
    for value, rows in providers:
        item = table.item_of[value]
        ordered = rows[np.argsort(-accuracy[rows], kind="stable")]
        weight = np.ones(len(ordered))
        if len(ordered) > 1:
            pairs = 1 - copy_rate * copies[np.ix_(ordered, ordered)]
            earlier = np.tril(np.ones_like(pairs, dtype=bool), k=-1)
            weight = np.prod(np.where(earlier, pairs, 1.0), axis=1)
        votes[value] = float(np.sum((trust[ordered] + np.log(n_false[item])) * weight))
    starts = np.flatnonzero(np.r_[True, np.diff(table.item_of) != 0])  # values lie by item
    top = np.maximum.reduceat(votes, starts)[table.item_of]
    exp = np.exp(votes - top)
    total = np.add.reduceat(exp, starts)[table.item_of]
    truth: np.ndarray = exp / total
    return truth


def _declared_copying(store: Store, table: Items) -> np.ndarray:
    """Known copying: a source that cites another on some claim copies it."""
    row = {s: i for i, s in enumerate(table.sources)}
    known = np.zeros((len(table.sources), len(table.sources)))
    for claim in store.claim_ids:
        for source, report in store.claim_reports(claim).items():
            for upstream in report.via:
                known[row[source], row[upstream]] = 1.0
    return known


def _suspected(
    store: Store,
    table: Items,
    truth: np.ndarray,
    accuracy: np.ndarray,
    copy_prior: float,
    copy_rate: float,
    min_probability: float,
) -> tuple[SuspectedCopy, ...]:
    """The copying the final round found likely, with its evidence, strongest first."""
    copies, evidence = value_dependence(table, truth, accuracy, copy_prior, copy_rate)
    found = []
    for (a, b), (same, false, diff) in evidence.items():
        either = copies[a, b] + copies[b, a]
        if either < min_probability:
            continue
        copier, original = (b, a) if copies[b, a] >= copies[a, b] else (a, b)
        agreed = np.flatnonzero(
            (table.provided[copier] >= 0) & (table.provided[copier] == table.provided[original])
        )
        claims = [table.values[int(table.provided[copier, item])] for item in agreed]
        claims = [c for c in claims if c in store.claims_by_id]
        found.append(
            SuspectedCopy(
                copier=table.sources[copier],
                original=table.sources[original],
                claims=claims,
                probability=float(min(either, 1.0)),
                evidence=[
                    f"{same} of {same + diff} shared answers alike, about {false:.0f} of "
                    f"them likely false"
                ],
            )
        )
    return tuple(sorted(found, key=lambda copy: (-copy.probability, copy.copier, copy.original)))
