"""The copying truth discovery reports: its final chances of copying, as records.

A listed pair (:mod:`provenance.copying.pairs`) is reported when its chance of copying,
either way, reaches `min_probability`. So is a pair whose one shared item they answer
alike, while the value has at most `max_common` providers: O(max_common) pairs per
provider. A value with more providers that are likely copying each other on it alone is
reported as a **group** — each of its members against the least accurate one (the
original every pairwise direction points to), with the strongest chance among their
classes — so that a hundred thousand sources sharing one false answer give as many
records, not five billion. A pair whose one shared item they answer differently is
reported (when `min_probability` is so low) on items with at most `max_common`
providers; it agrees on no claim a suspected via could be recorded on.

Cost: O(reports · log reports + listed pairs' shared items + max_common · reports + Σ
over values of the square of their providers' distinct accuracies + records).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from attrs import frozen

from provenance._arrays import Bools, Floats, Ints
from provenance.copying.dependence import Copying, listed, lone_alike, lone_differ
from provenance.copying.items import Items
from provenance.copying.pairs import Pairs, ragged
from provenance.copying.votes import Classes, class_pairs
from provenance.model import SuspectedCopy

__all__ = ["FinalRound", "suspected"]


@frozen(eq=False)
class FinalRound:
    """What the final round of truth discovery left, which every kind of record reads:
    the answers, the listed pairs, each value's chance of being true, each source's
    accuracy, and the copying model."""

    table: Items
    pairs: Pairs
    truth: Floats
    accuracy: Floats
    model: Copying

    def record(
        self, copier: int, original: int, values: Iterable[int], chance: float, *evidence: str
    ) -> SuspectedCopy:
        """`copier` (a source row) suspected of copying `original` on `values` (value
        indices), with the `chance` (capped at 1) and the `evidence`."""
        sources = self.table.sources
        return SuspectedCopy(
            copier=sources[int(copier)],
            original=sources[int(original)],
            claims=[self.table.values[v] for v in values],
            probability=float(min(chance, 1.0)),
            evidence=evidence,
        )


def suspected(
    final: FinalRound, *, min_probability: float, max_common: int
) -> tuple[SuspectedCopy, ...]:
    """The copying the final round found likely, with its evidence, strongest first."""
    found = [*_listed(final, min_probability), *_lone(final, min_probability, max_common)]
    if 2 * lone_differ(final.model) >= min_probability:
        found += _differing(final, max_common)
    return tuple(sorted(found, key=lambda copy: (-copy.probability, copy.copier, copy.original)))


def _said(same: int, of: int, false: float) -> str:
    return f"{same} of {of} shared answers alike, about {false:.0f} of them likely false"


def _listed(final: FinalRound, min_probability: float) -> list[SuspectedCopy]:
    pairs = final.pairs
    chances = listed(final.table, pairs, final.truth, final.accuracy, final.model)
    either = chances.ab + chances.ba
    bounds = np.searchsorted(pairs.pair, np.arange(len(pairs.a) + 1))
    found = []
    for p in np.flatnonzero(either >= min_probability):
        a, b = int(pairs.a[p]), int(pairs.b[p])
        copier, original = (b, a) if chances.ba[p] >= chances.ab[p] else (a, b)
        shared = slice(bounds[p], bounds[p + 1])
        alike = pairs.va[shared][pairs.va[shared] == pairs.vb[shared]]
        same, differ = int(chances.same[p]), int(chances.differ[p])
        said = _said(same, same + differ, float(chances.false[p]))
        found.append(final.record(copier, original, alike, float(either[p]), said))
    return found


def _lone(final: FinalRound, min_probability: float, max_common: int) -> list[SuspectedCopy]:
    """Pairs whose one shared item they answer alike: one by one on a value with at most
    `max_common` providers, as a group on one with more."""
    table, truth, accuracy = final.table, final.truth, final.accuracy
    n_false = table.n_false()[table.item_of]
    small = np.bincount(table.value, minlength=len(table.values)) <= max_common
    first, second = _pairs_by(table, table.value, small[table.value])
    sa, sb, v = table.source[first], table.source[second], table.value[first]
    keep = ~final.pairs.listed(sa, sb, len(table.sources))
    sa, sb, v = sa[keep], sb[keep], v[keep]
    ba = lone_alike(accuracy[sb], accuracy[sa], truth[v], n_false[v], final.model)
    ab = lone_alike(accuracy[sa], accuracy[sb], truth[v], n_false[v], final.model)
    found = []
    for k in np.flatnonzero(ab + ba >= min_probability):
        copier, original = (sb[k], sa[k]) if ba[k] >= ab[k] else (sa[k], sb[k])
        said = _said(1, 1, float(1 - truth[v[k]]))
        found.append(final.record(copier, original, [v[k]], float(ab[k] + ba[k]), said))
    if not small.all():
        found += _groups(final, min_probability, ~small)
    return found


def _groups(final: FinalRound, min_probability: float, large: Bools) -> list[SuspectedCopy]:
    """Each `large` value's providers likely copying each other on it alone, as one
    group: every member against the least accurate (then first) one."""
    table, truth, accuracy = final.table, final.truth, final.accuracy
    classes = Classes.of_answers(table, -accuracy[table.source])
    answer = classes.answer()
    value, k = table.value[answer], accuracy[table.source[answer]]
    x, y, valid = class_pairs(table, final.pairs, classes)
    x, y = x[valid], y[valid]
    x, y = x[large[value[x]]], y[large[value[x]]]
    n_false, p, model = table.n_false()[table.item_of][value[x]], truth[value[x]], final.model
    either = lone_alike(k[x], k[y], p, n_false, model) + lone_alike(k[y], k[x], p, n_false, model)
    strong = either >= min_probability
    best = np.full(len(answer), -1.0)  # per class, its strongest chance as a member
    np.maximum.at(best, x[strong], either[strong])
    found = []
    member = np.flatnonzero(best >= 0)
    for group in np.split(member, np.flatnonzero(np.diff(value[member])) + 1):
        if len(group):
            found += _group(final, classes, group, int(value[group[0]]), best)
    return found


def _group(
    final: FinalRound, classes: Classes, group: Ints, v: int, best: Floats
) -> list[SuspectedCopy]:
    """One value `v`'s group: the classes in `group`, each member against the original,
    with its class's `best` chance."""
    table = final.table
    # Classes run from the most accurate: the last class's first source is the least
    # accurate, first by row: the original every pairwise direction names.
    original = int(table.source[classes.order[classes.first[group[-1]]]])
    said = (
        _said(1, 1, float(1 - final.truth[v])),
        f"one of {int(classes.size[group].sum())} sources giving the same answer",
    )
    found = []
    for c in group:
        sources = table.source[classes.order[classes.first[c] : classes.first[c] + classes.size[c]]]
        sources = sources[sources != original]
        low, high = np.minimum(sources, original), np.maximum(sources, original)
        for copier in sources[~final.pairs.listed(low, high, len(table.sources))]:
            found.append(final.record(copier, original, [v], float(best[c]), *said))
    return found


def _differing(final: FinalRound, max_common: int) -> list[SuspectedCopy]:
    """Pairs whose one shared item they answer differently, on items with at most
    `max_common` providers (only reported at a very low `min_probability`)."""
    table, item = final.table, final.table.item
    small = np.bincount(item, minlength=len(table.items)) <= max_common
    first, second = _pairs_by(table, item, small[item])
    apart = table.value[first] != table.value[second]
    sa, sb = table.source[first][apart], table.source[second][apart]
    keep = ~final.pairs.listed(sa, sb, len(table.sources))
    chance = 2 * lone_differ(final.model)
    # Equal chances both ways: the later row copies, as pairwise.
    return [
        final.record(b, a, [], chance, _said(0, 1, 0.0))
        for a, b in zip(sa[keep], sb[keep], strict=True)
    ]


def _pairs_by(table: Items, key: Ints, mask: Bools) -> tuple[Ints, Ints]:
    """Every pair of answers with equal `key` among those in `mask`, as answer indices,
    the lower source row first: O(pairs)."""
    chosen = np.flatnonzero(mask)
    chosen = chosen[np.lexsort((table.source[chosen], key[chosen]))]
    keys = key[chosen]
    start = np.ones(len(chosen), dtype=bool)
    start[1:] = keys[1:] != keys[:-1]
    first = np.flatnonzero(start)
    end = np.append(first[1:], len(chosen))[np.cumsum(start) - 1]
    later = end - np.arange(len(chosen)) - 1  # partners after each answer in its run
    a = np.repeat(np.arange(len(chosen)), later)
    b = a + 1 + ragged(later)
    return chosen[a], chosen[b]
