"""The chance that one source copies another, from the items they both answer.

AccuCopy's dependence model (see :mod:`provenance.copying.truth` for the formulas),
vectorised: over the listed pairs (:mod:`provenance.copying.pairs`), one pass over their
shared items; and, for a pair whose only shared item they answer alike or differently,
as a function of the two accuracies and the item alone, so that it is computed once per
group of sources with one accuracy rather than once per pair.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

from provenance._arrays import Floats, Ints
from provenance.copying.items import Items, sums
from provenance.copying.pairs import Pairs

__all__ = [
    "FLOOR",
    "RATE_WEIGHT",
    "Copying",
    "Listed",
    "listed",
    "lone_alike",
    "lone_differ",
    "lone_rate",
]

FLOOR = 1e-9
RATE_WEIGHT = 5.0
"""How many expected differences the model's copy rate ``c`` weighs as, against the ones a
listed pair shows, in its estimate of the pair's own rate."""


@frozen
class Copying:
    """The model's two parameters: ``α`` (`prior`, each way) and ``c`` (`rate`)."""

    prior: float
    rate: float

    def chances(self, independent: Floats, copies: Floats, copied: Floats) -> tuple[Floats, Floats]:
        """Bayes' rule over the three log-likelihoods: the chance of each direction."""
        logits = np.stack(
            [
                np.log(1 - 2 * self.prior) + independent,
                np.log(self.prior) + copies,
                np.log(self.prior) + copied,
            ]
        )
        weights = np.exp(logits - logits.max(axis=0))
        total = weights[0] + weights[1] + weights[2]
        return weights[1] / total, weights[2] / total


@frozen
class Listed:
    """The listed pairs' chances of copying and the evidence behind them.

    Attributes
    ----------
    ba, ab : ndarray of float
        The chance that `b` copies `a`, and that `a` copies `b`.
    same : ndarray of int
        How many shared items each pair answers alike.
    false : ndarray of float
        How many of those are likely false (the sum of their chances of being false).
    differ : ndarray of int
        How many shared items each pair answers differently.
    rate : ndarray of float
        How much of what it shares a copier in each pair copies, from how few differences
        the pair shows against independent sources of their accuracies.
    """

    ba: Floats
    ab: Floats
    same: Ints
    false: Floats
    differ: Ints
    rate: Floats


def listed(table: Items, pairs: Pairs, truth: Floats, accuracy: Floats, model: Copying) -> Listed:
    """The chances of copying of every listed pair: O(their shared items)."""
    n, c = len(pairs.a), model.rate
    ka, kb = accuracy[pairs.a][pairs.pair], accuracy[pairs.b][pairs.pair]
    n_false = table.n_false()[pairs.item]
    same = pairs.va == pairs.vb
    at, apart = pairs.pair[same], pairs.pair[~same]
    differ_all = _differ(ka, kb, n_false)
    differ = differ_all[~same]
    log_differ = sums(apart, np.log(differ), n)
    n_differ = np.bincount(apart, minlength=n)
    rate = _rate(n_differ, sums(pairs.pair, differ_all, n), c)
    log_differ_copy = log_differ + n_differ * np.log(max(1 - c, FLOOR))
    ka, kb, n_false = ka[same], kb[same], n_false[same]
    false = 1 - truth[pairs.va[same]]

    def shared_false(chance: Floats) -> Floats:
        return sums(at, false * np.log(np.maximum(chance, FLOOR)), n)

    # Agreeing on true values is what accurate sources do: no evidence either way.
    both_false = (1 - ka) * (1 - kb) * (1 - c) / n_false
    ba, ab = model.chances(
        shared_false((1 - ka) * (1 - kb) / n_false) + log_differ,
        shared_false((1 - ka) * c + both_false) + log_differ_copy,
        shared_false((1 - kb) * c + both_false) + log_differ_copy,
    )
    return Listed(
        ba=ba,
        ab=ab,
        same=np.bincount(at, minlength=n),
        false=sums(at, false, n),
        differ=n_differ,
        rate=rate,
    )


def lone_alike(
    copier: Floats, original: Floats, truth: Floats, n_false: Floats, model: Copying
) -> Floats:
    """The chance that a source of accuracy `copier` copies one of accuracy `original`
    when the one item they share they answer alike, with a value of chance `truth` on
    an item with `n_false` false values (elementwise)."""
    c, false = model.rate, 1 - truth
    both_false = (1 - original) * (1 - copier) * (1 - c) / n_false
    independent = false * np.log(np.maximum((1 - original) * (1 - copier) / n_false, FLOOR))
    copies = false * np.log(np.maximum((1 - original) * c + both_false, FLOOR))
    copied = false * np.log(np.maximum((1 - copier) * c + both_false, FLOOR))
    return model.chances(independent, copies, copied)[0]


def _differ(ka: Floats, kb: Floats, n_false: Floats) -> Floats:
    """The chance that independent sources of accuracies `ka` and `kb` answer an item with
    `n_false` false values differently (at least `FLOOR`)."""
    chance: Floats = np.maximum(1 - ka * kb - (1 - ka) * (1 - kb) / n_false, FLOOR)
    return chance


def _rate(differ: Floats | Ints, expected: Floats, c: float) -> Floats:
    """How much a copier copies: ``1 - c'`` is the share of the differences two
    independent sources would show (`expected`) that the pair shows (`differ`), with
    `RATE_WEIGHT` differences' worth of the model's ``1 - c`` — so `c` itself where the
    pair could not have differed, 1 for a mirror that never differs where independent
    sources would, and near 0 for a pair that differs as often as independent ones."""
    share = (differ + RATE_WEIGHT * (1 - c)) / (expected + RATE_WEIGHT)
    rate: Floats = np.clip(1 - share, 0.0, 1.0)
    return rate


def lone_rate(copier: Floats, original: Floats, n_false: Floats, model: Copying) -> Floats:
    """How much a source of accuracy `copier` copies one of accuracy `original` when they
    share one item, with `n_false` false values, and answer it alike (elementwise)."""
    differ = _differ(copier, original, n_false)
    return _rate(np.zeros(len(differ)), differ, model.rate)


def lone_differ(model: Copying) -> float:
    """The chance that a source copies another when the one item they share they answer
    differently: the same whatever their accuracies (each hypothesis has the chance of
    differing as a factor, which cancels)."""
    copy = np.log(max(1 - model.rate, FLOOR))
    zero = np.zeros(1)
    return float(model.chances(zero, zero + copy, zero + copy)[0][0])
