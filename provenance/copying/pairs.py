"""Which pairs of sources the dependence model has to look at one by one.

Two sources are evidence for or against copying only on the items they both answer
(:mod:`provenance.copying.truth`). A pair that shares **two or more** items, or one with
declared copying (a via) and an item in common, is listed here with its shared items: a
**listed** pair. Every other pair that meets at all shares exactly one item, and its
chance of copying depends on nothing but the two accuracies, whether they give the same
value, that value's chance of being true and the item's number of false values — so it
is never listed, and is reckoned in aggregate, per value and accuracy
(:mod:`provenance.copying.votes`).

The listed pairs are found without visiting the pairs that share one item only: two
sets that share two items share one outside each set's commonest item (prefix
filtering), so candidates come from each source's answers but its commonest, through a
sparse product, and are then checked. Cost: O(reports · log reports + Σ over items of
the square of the sources whose prefix holds it + the listed pairs' shared items).
"""

from __future__ import annotations

import numpy as np
from attrs import frozen
from scipy import sparse

from provenance._arrays import Bools, Floats, Ints
from provenance.copying.items import Items

__all__ = ["Pairs", "pairs_of", "ragged"]


@frozen
class Pairs:
    """The listed pairs and the items they share.

    Attributes
    ----------
    a, b : ndarray of int
        Source rows of each listed pair, ``a < b``, sorted.
    known_ba, known_ab : ndarray of float
        Declared copying: 1 where `b` cites `a` (`a` cites `b`), else 0.
    pair, item, va, vb, answer_a, answer_b : ndarray of int
        One row per item a listed pair shares, sorted by pair and item: the pair, the
        item, the values `a` and `b` give it and their answers' indices in the table.
    lone_differ : bool
        Whether some pair that is not listed answers its one shared item differently.
    """

    a: Ints
    b: Ints
    known_ba: Floats
    known_ab: Floats
    pair: Ints
    item: Ints
    va: Ints
    vb: Ints
    answer_a: Ints
    answer_b: Ints
    lone_differ: bool

    def keys(self, n_sources: int) -> Ints:
        """``a · n_sources + b`` per listed pair, sorted: for membership tests."""
        keys: Ints = self.a * n_sources + self.b
        return keys

    def listed(self, a: Ints, b: Ints, n_sources: int) -> Bools:
        """Whether each pair ``(a, b)``, ``a < b``, is listed."""
        keys, wanted = self.keys(n_sources), a * n_sources + b
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        found: Bools = keys[at] == wanted if len(keys) else np.zeros(len(a), dtype=bool)
        return found


def ragged(counts: Ints) -> Ints:
    """``0 … count-1`` for each count, concatenated: the offsets within each segment."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    offsets: Ints = np.arange(total, dtype=np.int64) - starts
    return offsets


def pairs_of(table: Items, copier: Ints, original: Ints) -> Pairs:
    """The listed pairs of `table`, given declared copying ``copier[k]`` cites
    ``original[k]`` (source rows)."""
    n = len(table.sources)
    a, b = _candidates(table)
    low, high = np.minimum(copier, original), np.maximum(copier, original)
    declared = np.unique(low * n + high)
    keys = np.unique(np.concatenate([a * n + b, declared]))
    a, b = keys // n, keys % n
    entries = _shared(table, a, b)
    count = np.bincount(entries[0], minlength=len(a))
    keep = (count >= 2) | (np.isin(keys, declared) & (count >= 1))
    renumber = np.cumsum(keep) - 1
    kept = keep[entries[0]]
    pair, item, va, vb, answer_a, answer_b = (column[kept] for column in entries)
    a, b = a[keep], b[keep]
    cites = np.unique(copier * n + original)
    return Pairs(
        a=a,
        b=b,
        known_ba=np.isin(b * n + a, cites).astype(float),
        known_ab=np.isin(a * n + b, cites).astype(float),
        pair=renumber[pair],
        item=item,
        va=va,
        vb=vb,
        answer_a=answer_a,
        answer_b=answer_b,
        lone_differ=_lone_differ(table, item[va != vb]),
    )


def _candidates(table: Items) -> tuple[Ints, Ints]:
    """Every pair that may share two items, and few others (``a < b``)."""
    n, n_items = len(table.sources), len(table.items)
    item = table.item
    rank = np.bincount(item, minlength=n_items)[item] * n_items + item
    order = np.lexsort((rank, table.source))
    last = np.ones(len(order), dtype=bool)
    last[:-1] = table.source[order][1:] != table.source[order][:-1]
    prefix = order[~last]  # each source's answers but its commonest item's
    held = sparse.csr_matrix(
        (np.ones(len(prefix), dtype=np.int32), (table.source[prefix], item[prefix])),
        shape=(n, max(n_items, 1)),
    )
    both = sparse.coo_matrix(sparse.triu(held @ held.T, k=1))
    return both.row.astype(np.int64), both.col.astype(np.int64)


def _shared(table: Items, a: Ints, b: Ints) -> tuple[Ints, Ints, Ints, Ints, Ints, Ints]:
    """(pair, item, value of a, value of b, answer of a, answer of b) for every item
    pair ``(a[k], b[k])`` shares, sorted by pair and item: the smaller side's answers
    looked up in the other's."""
    degree = np.bincount(table.source, minlength=len(table.sources))
    start = np.cumsum(degree) - degree
    small = degree[a] <= degree[b]
    side, other = np.where(small, a, b), np.where(small, b, a)
    pair = np.repeat(np.arange(len(a), dtype=np.int64), degree[side])
    mine = start[side][pair] + ragged(degree[side])
    keys, item = table.keys(), table.item[mine]
    wanted = other[pair] * max(len(table.items), 1) + item
    theirs = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    found = keys[theirs] == wanted if len(keys) else np.zeros(0, dtype=bool)
    pair, item, mine, theirs = pair[found], item[found], mine[found], theirs[found]
    flip = small[pair]
    answer_a, answer_b = np.where(flip, mine, theirs), np.where(flip, theirs, mine)
    return pair, item, table.value[answer_a], table.value[answer_b], answer_a, answer_b


def _lone_differ(table: Items, listed_differ_items: Ints) -> bool:
    """Whether some item has two sources that answer it differently, share nothing else
    and declare no copying: pairs across its values, less the listed ones."""
    n_items = len(table.items)
    per_item = np.bincount(table.item, minlength=n_items).astype(np.float64)
    per_value = np.bincount(table.value, minlength=len(table.values)).astype(np.float64)
    alike = np.bincount(table.item_of, weights=per_value**2, minlength=n_items)
    across = (per_item**2 - alike) / 2
    listed = np.bincount(listed_differ_items, minlength=n_items)
    return bool(np.any(across - listed > 0))
