"""A source's accuracy, judged against the sources it does not copy.

A source's accuracy is the mean chance that its answers are true. Judged against votes it
helped cast, a group of copiers confirms itself: on the items it answers it carries the
estimate, and then looks accurate because the estimate agrees with it — on a day of the
Flight corpus without its most accurate sites, a group of mirrors of one site right two
times in three was taken as right 19 times in 20 and outvoted everyone else. So each
answer's chance is read from its item's votes **without** the source's own ballot and
without the ballots of the sources it is tied to by copying, each in proportion to the
chance of copying either way times how much of what they share is copied (the pair's
estimated rate; the model's rate ``c`` for declared copying):

    P₋ₛ(v) = exp(vote(v) − own) / (Σ_{v' ≠ v} exp(vote(v')) + exp(vote(v) − own))

where ``own`` is those ballots for ``v``. A source nobody copies and that copies nobody is
judged against everyone else, as leave-one-out; a mirror is judged against the sources
outside its group. Before any copying is found (the first round) only the declared copying
ties sources.

Cost: O(answers + the listed pairs' shared items + Σ over values of the square of the
number of distinct accuracies among their providers) — the votes' own cost
(:mod:`provenance.copying.votes`): partners that share nothing but one value are taken per
class of equal accuracy, never pair by pair.
"""

from __future__ import annotations

import numpy as np

from provenance._arrays import Floats, Ints
from provenance.copying.dependence import Copying, lone_alike, lone_rate
from provenance.copying.items import Items, sums
from provenance.copying.pairs import Pairs
from provenance.copying.votes import Classes, Dependence, Votes, class_pairs

__all__ = ["independent_accuracy"]


def independent_accuracy(
    table: Items,
    pairs: Pairs,
    votes: Votes,
    state: Dependence | None,
    model: Copying,
    before: Floats,
    max_accuracy: float,
) -> Floats:
    """Each source's accuracy: the mean chance its answers are true by the votes of the
    sources it is not tied to, within 0.01 and `max_accuracy`; `before` for a source that
    answers nothing. `votes` were cast with the copying of `state`."""
    own = votes.ballot + _tied_ballots(table, pairs, votes, state, model)
    chance = _chance_without(table, votes.vote, own)
    answered = np.bincount(table.source, minlength=len(before))
    # Each source's chances summed in ascending order: sources giving values of
    # equal chances get equal accuracies, bit for bit, and so tie in the votes.
    ascending = np.lexsort((chance, table.source))
    total = np.bincount(table.source[ascending], weights=chance[ascending], minlength=len(before))
    new = np.where(answered > 0, total / np.maximum(answered, 1), before)
    # Kept to 12 decimals: accuracies equal but for rounding must tie in the vote
    # order (most accurate first, equals by row), whatever the order of the sums.
    rounded: Floats = np.round(np.clip(new, 0.01, max_accuracy), 12)
    return rounded


def _tied_ballots(
    table: Items, pairs: Pairs, votes: Votes, state: Dependence | None, model: Copying
) -> Floats:
    """Per answer, the ballots for the same value of the sources its source is tied to,
    each times the tie: the chance of copying either way times the rate, at most 1."""
    n = len(table.value)
    alike = pairs.va == pairs.vb
    pair = pairs.pair[alike]
    ja, jb = pairs.answer_a[alike], pairs.answer_b[alike]
    if state is None:
        tie = (pairs.known_ba[pair] + pairs.known_ab[pair]) * model.rate
    else:
        tie = (state.ba[pair] + state.ab[pair]) * state.rate[pair]
    tie = np.minimum(tie, 1.0)
    ballot = votes.ballot
    tied = sums(ja, ballot[jb] * tie, n) + sums(jb, ballot[ja] * tie, n)
    if state is None:  # no copying found yet: only the declared ties
        return tied
    # Every other provider of the value, as sharing nothing but it, per class of equal
    # accuracy; the listed partners among them were counted above, so they come out.
    k = state.accuracy
    n_false = table.n_false()[table.item_of]

    def lone_tie(x: Ints, y: Ints) -> Floats:
        """The tie between answers (or classes' answers) `x` and `y` of one value."""
        v = table.value[x]
        kx, ky, truth, nf = k[table.source[x]], k[table.source[y]], state.truth[v], n_false[v]
        either = lone_alike(kx, ky, truth, nf, model) + lone_alike(ky, kx, truth, nf, model)
        tie: Floats = np.minimum(either * lone_rate(kx, ky, nf, model), 1.0)
        return tie

    classes = Classes.of_answers(table, k[table.source])
    x, y, _ = class_pairs(table, pairs, classes)
    answer = classes.answer()
    pair_tie = lone_tie(answer[x], answer[y])
    in_class = sums(classes.of, ballot[classes.order], len(classes.first))
    per_class = sums(x, pair_tie * in_class[y], len(classes.first))
    own_tie = np.zeros(len(classes.first))
    own_tie[x[x == y]] = pair_tie[x == y]
    of = classes.class_of()
    lone = per_class[of] - own_tie[of] * ballot
    listed = lone_tie(ja, jb)
    lone -= sums(ja, ballot[jb] * listed, n) + sums(jb, ballot[ja] * listed, n)
    return tied + lone


def _chance_without(table: Items, vote: Floats, own: Floats) -> Floats:
    """Per answer, its value's chance with `own` taken out of the value's vote, in log
    space: the sum over the item's other values is taken without the item's top value
    where it is the top, so that no cancellation hides a close rival."""
    if not len(vote):
        return vote
    top = table.item_max(vote)
    exp = np.exp(vote - top)
    is_top = np.zeros(len(vote), dtype=bool)
    is_top[table.first_best(vote)] = True  # one top per item
    others = np.add.reduceat(np.where(is_top, 0.0, exp), table.item_starts())[table.item_of]
    rest = np.where(is_top, others, others - exp + 1.0)  # the top counts exp(0) = 1
    value = table.value
    with np.errstate(divide="ignore"):  # no other value: log 0, a chance of 1
        against = np.log(np.maximum(rest[value], 0.0)) + top[value] - (vote[value] - own)
    chance: Floats = np.exp(-np.logaddexp(0.0, against))
    return chance
