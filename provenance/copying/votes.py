"""Discounted votes, and how far the chances of copying moved, without visiting pairs.

A value's vote is ``Σ ln(n·A/(1-A))`` over its providers, most accurate first, each
weighted by ``Π(1 - c·P(copies s'))`` over the providers counted before it. Of those
earlier providers, the ones a listed pair ties it to (:mod:`provenance.copying.pairs`)
are taken one by one; every other one shares nothing but this value with it, so its
factor depends only on the two accuracies. Providers of one value with one accuracy
form a **class**: a provider's log-weight is a sum over the classes before its own
(each class's size times the log of one factor) and its place within its own, less
the listed partners counted that way, plus their own factors. How far the chances of
copying moved between rounds is likewise a maximum over pairs of classes.

Cost per round: O(reports · log reports + the listed pairs' shared items + Σ over
values of the square of the number of distinct accuracies among their providers). The
last term is one per value when the providers answer nothing else (they then share one
accuracy), and never more than the pairs of providers the model would visit otherwise.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

from provenance._arrays import Floats, Ints
from provenance.copying.dependence import Copying, lone_alike, lone_differ, lone_rate
from provenance.copying.items import Items, sums
from provenance.copying.pairs import Pairs, ragged

__all__ = ["Classes", "Dependence", "Votes", "chances_of", "change", "class_pairs", "votes_of"]

_TINY = 1e-300  # keeps log(1 - c·P) finite where a factor is 0 to working precision


@frozen
class Dependence:
    """What one round concluded about copying, which the next round's votes discount.

    Attributes
    ----------
    accuracy, truth : ndarray of float
        The accuracies and chances of truth the chances of copying were computed from.
    ba, ab : ndarray of float
        The listed pairs' chances of copying, declared copying counting as certain.
    rate : ndarray of float
        How much of what it shares a copier in each listed pair copies (the model's rate
        for declared copying): the share of its vote a copier loses.
    """

    accuracy: Floats
    truth: Floats
    ba: Floats
    ab: Floats
    rate: Floats


@frozen
class Classes:
    """Answers grouped by value and by equal keys, as runs of one order.

    Attributes
    ----------
    order : ndarray of int
        Answer indices by value, then the keys (ascending), then source row.
    of : ndarray of int
        Per position in `order`, its class.
    first, size : ndarray of int
        Per class, its first position in `order` and how many answers it holds.
    leader : ndarray of int
        Per class, the first class of the same value.
    """

    order: Ints
    of: Ints
    first: Ints
    size: Ints
    leader: Ints

    @classmethod
    def of_answers(cls, table: Items, *keys: Floats) -> Classes:
        """The classes of equal value and equal `keys` (each one per answer)."""
        order = np.lexsort((table.source, *keys[::-1], table.value))
        new = np.zeros(len(order), dtype=bool)
        new[:1] = True
        for column in (table.value, *keys):
            ordered = column[order]
            new[1:] |= ordered[1:] != ordered[:-1]
        first = np.flatnonzero(new)
        fresh = np.ones(len(first), dtype=bool)
        values = table.value[order[first]]
        fresh[1:] = values[1:] != values[:-1]
        return cls(
            order=order,
            of=np.cumsum(new) - 1,
            first=first,
            size=np.diff(np.append(first, len(order))),
            leader=np.maximum.accumulate(np.where(fresh, np.arange(len(first)), 0)),
        )

    def answer(self) -> Ints:
        """Per class, one of its answers."""
        answer: Ints = self.order[self.first]
        return answer

    def class_of(self) -> Ints:
        """Per answer, its class."""
        of = np.empty(len(self.order), dtype=np.int64)
        of[self.order] = self.of
        return of


@frozen
class Votes:
    """One round's votes.

    Attributes
    ----------
    ballot : ndarray of float
        Per answer, its provider's discounted vote for the value.
    vote : ndarray of float
        Per value, the sum of its ballots.
    truth : ndarray of float
        Per value, its chance of being true: ``exp(vote)`` over its item's sum.
    """

    ballot: Floats
    vote: Floats
    truth: Floats


def votes_of(
    table: Items, pairs: Pairs, accuracy: Floats, state: Dependence | None, model: Copying
) -> Votes:
    """Each value's discounted vote and chance of being true; `state` is the copying the
    last round found (None: only the declared copying is known)."""
    n, c = len(table.value), model.rate
    n_false = table.n_false()[table.item_of]  # per value
    log_weight = np.zeros(n)
    if state is not None:
        # Most accurate first, equals by row: the model's order.
        classes = Classes.of_answers(table, -accuracy[table.source])
        log_weight[classes.order] = _lone_log_weights(table, classes, state, n_false, model)
    later, earlier, answer, copies, rate = _listed_partners(pairs, accuracy, state, c)
    with np.errstate(divide="ignore"):  # a declared copier at c = 1 has no vote: log 0
        log_weight += sums(answer, np.log(np.maximum(1 - rate * copies, 0.0)), n)
    if state is not None:  # those partners were counted as sharing this value alone
        v = table.value[answer]
        k = state.accuracy
        lone = lone_alike(k[later], k[earlier], state.truth[v], n_false[v], model)
        lone_log = np.log(
            np.maximum(1 - lone_rate(k[later], k[earlier], n_false[v], model) * lone, _TINY)
        )
        log_weight -= sums(answer, lone_log, n)
    trust = np.log(accuracy / (1 - accuracy))
    ballot = (trust[table.source] + np.log(n_false[table.value])) * np.exp(log_weight)
    vote = sums(table.value, ballot, len(table.values))
    return Votes(ballot=ballot, vote=vote, truth=chances_of(table, vote))


def chances_of(table: Items, vote: Floats) -> Floats:
    """Per value, ``exp(vote)`` over the sum of its item's (values lie by item)."""
    if not len(vote):
        return vote
    exp = np.exp(vote - table.item_max(vote))
    total = np.add.reduceat(exp, table.item_starts())[table.item_of]
    truth: Floats = exp / total
    return truth


def _lone_log_weights(
    table: Items, classes: Classes, state: Dependence, n_false: Floats, model: Copying
) -> Floats:
    """Per position in the classes' order, the log-weight from every earlier provider
    taken as sharing nothing but this value."""
    accuracy = state.accuracy[table.source[classes.answer()]]
    value = table.value[classes.answer()]
    rank = np.arange(len(classes.first)) - classes.leader
    later = np.repeat(np.arange(len(rank)), rank)
    earlier = classes.leader[later] + ragged(rank)

    def log_factor(copier: Ints, original: Ints) -> Floats:
        v = value[copier]
        copies, copied = accuracy[copier], accuracy[original]
        lone = lone_alike(copies, copied, state.truth[v], n_false[v], model)
        rate = lone_rate(copies, copied, n_false[v], model)
        return np.log(np.maximum(1 - rate * lone, _TINY))

    before = sums(later, classes.size[earlier] * log_factor(later, earlier), len(rank))
    own = log_factor(np.arange(len(rank)), np.arange(len(rank)))
    place = np.arange(len(classes.order)) - classes.first[classes.of]
    weights: Floats = before[classes.of] + place * own[classes.of]
    return weights


def _listed_partners(
    pairs: Pairs, accuracy: Floats, state: Dependence | None, c: float
) -> tuple[Ints, Ints, Ints, Floats, Floats]:
    """For each value a listed pair gives alike: (the later provider in the model's
    order, the earlier, the later's answer, the chance the later copies the earlier, how
    much of it the pair copies: `c` until a round has estimated it)."""
    alike = pairs.va == pairs.vb
    pair = pairs.pair[alike]
    a, b = pairs.a[pair], pairs.b[pair]
    a_first = accuracy[a] >= accuracy[b]  # a < b: equals go by row
    ba, ab = (state.ba, state.ab) if state is not None else (pairs.known_ba, pairs.known_ab)
    return (
        np.where(a_first, b, a),
        np.where(a_first, a, b),
        np.where(a_first, pairs.answer_b[alike], pairs.answer_a[alike]),
        np.where(a_first, ba[pair], ab[pair]),
        np.full(len(pair), c) if state is None else state.rate[pair],
    )


def change(
    table: Items, pairs: Pairs, new: Dependence, old: Dependence | None, model: Copying
) -> float:
    """The most any chance of copying moved from `old` (None: the declared copying) to
    `new`, over every pair of sources that share an item."""
    before = (old.ba, old.ab) if old is not None else (pairs.known_ba, pairs.known_ab)
    moved = max(
        float(np.max(np.abs(new.ba - before[0]), initial=0.0)),
        float(np.max(np.abs(new.ab - before[1]), initial=0.0)),
    )
    if old is None and pairs.lone_differ:  # constant from then on
        moved = max(moved, lone_differ(model))
    accuracy = new.accuracy[table.source]
    previous = old.accuracy[table.source] if old is not None else np.zeros(len(table.value))
    classes = Classes.of_answers(table, accuracy, previous)
    x, y, valid = class_pairs(table, pairs, classes)
    answer = classes.answer()
    value = table.value[answer][x]
    n_false = table.n_false()[table.item_of][value]
    k_new, k_old = accuracy[answer], previous[answer]
    moved_lone = lone_alike(k_new[x], k_new[y], new.truth[value], n_false, model)
    if old is not None:
        moved_lone -= lone_alike(k_old[x], k_old[y], old.truth[value], n_false, model)
    return max(moved, float(np.max(np.abs(moved_lone[valid]), initial=0.0)))


def class_pairs(table: Items, pairs: Pairs, classes: Classes) -> tuple[Ints, Ints, Ints]:
    """Every ordered pair of classes of one value, ``(x, y)`` with ``x = y`` too, and
    whether some two providers in them share nothing but that value."""
    per_value = np.bincount(classes.leader, minlength=len(classes.first))[classes.leader]
    x = np.repeat(np.arange(len(per_value)), per_value)
    y = classes.leader[x] + ragged(per_value)
    size = classes.size
    count = np.where(x == y, size[x] * (size[x] - 1) // 2, size[x] * size[y])
    of = classes.class_of()
    alike = pairs.va == pairs.vb
    ca, cb = of[pairs.answer_a[alike]], of[pairs.answer_b[alike]]
    d = max(len(size), 1)
    listed, times = np.unique(np.minimum(ca, cb) * d + np.maximum(ca, cb), return_counts=True)
    wanted = np.minimum(x, y) * d + np.maximum(x, y)
    at = np.minimum(np.searchsorted(listed, wanted), max(len(listed) - 1, 0))
    hit = listed[at] == wanted if len(listed) else np.zeros(len(x), dtype=bool)
    count = count - np.where(hit, times[at] if len(times) else 0, 0)
    valid: Ints = np.flatnonzero(count > 0)
    return x, y, valid
