"""The numpy idioms the bulk engine and the table reader share, each written once.

A base-level module (numpy and the standard library only), used by
:mod:`provenance.engine` (coded, network, witness, score), :mod:`provenance.columns`
and :mod:`provenance.dask`. Each is a faster or clearer form of a numpy one-liner on
arrays of up to millions of integer codes: one sort and a comparison of neighbours
where :func:`numpy.unique` would make several passes; a binary search where
:func:`numpy.isin` would hash.

Ragged lists (a report's citations, a claim's rivals) are held as one flat array and
the *starts* of each list in it: the items of list ``i`` are
``flat[start[i]:start[i + 1]]``. Pairs of codes (a claim and a group, a claim and a
source) become one integer key, ``major * n_minor + minor``, which sorts by the major
code and then by the minor one.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import DTypeLike, NDArray

__all__ = [
    "Bools",
    "Floats",
    "Ints",
    "among",
    "first_in_runs",
    "first_of_each",
    "inverse",
    "marked",
    "n_codes",
    "owners",
    "pair_keys",
    "places",
    "ragged",
    "sorted_distinct",
    "sorted_groups",
    "split_keys",
    "starts",
]

Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]


def starts(lengths: Sequence[int] | NDArray[np.integer], dtype: DTypeLike = np.int64) -> Ints:
    """Where each of consecutive lists of `lengths` starts in their flat array, and
    where the last ends: ``len(lengths) + 1`` offsets from 0.

    Examples
    --------
    >>> starts([2, 0, 3]).tolist()
    [0, 2, 2, 5]
    """
    found = np.zeros(len(lengths) + 1, dtype=dtype)
    np.cumsum(lengths, out=found[1:])
    return found


def owners(lengths: Sequence[int] | Ints) -> Ints:
    """For each item of consecutive lists of `lengths`, the list it belongs to.

    Examples
    --------
    >>> owners([2, 0, 3]).tolist()
    [0, 0, 2, 2, 2]
    """
    found: Ints = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    return found


def ragged(lists: Sequence[Sequence[int]]) -> tuple[Ints, Ints]:
    """Lists of integers as (:func:`starts`, their items in one flat array).

    Examples
    --------
    >>> start, flat = ragged([[4, 5], [], [6]])
    >>> start.tolist(), flat.tolist()
    ([0, 2, 2, 3], [4, 5, 6])
    """
    lengths = [len(items) for items in lists]
    flat = np.fromiter(itertools.chain.from_iterable(lists), np.int64, sum(lengths))
    return starts(lengths), flat


def marked(indices: Ints, size: int) -> Bools:
    """By index ``0 … size - 1``: whether it is among `indices`.

    Examples
    --------
    >>> marked(np.array([3, 1, 3]), 5).tolist()
    [False, True, False, True, False]
    """
    found = np.zeros(size, dtype=bool)
    found[indices] = True
    return found


def inverse(order: Ints) -> Ints:
    """The inverse of a permutation: where each item went when `order` sorted them
    (``inverse(order)[order[i]] == i``).

    Examples
    --------
    >>> inverse(np.array([2, 0, 1])).tolist()
    [1, 2, 0]
    """
    found = np.empty(len(order), dtype=np.int64)
    found[order] = np.arange(len(order))
    return found


def places(indices: Ints, size: int) -> Ints:
    """By index ``0 … size - 1``: its place among the distinct `indices`, or -1 where it
    is none of them.

    Examples
    --------
    >>> places(np.array([4, 1]), 5).tolist()
    [-1, 1, -1, -1, 0]
    """
    found = np.full(size, -1, dtype=np.int64)
    found[indices] = np.arange(len(indices))
    return found


def first_in_runs(ordered: NDArray[np.generic]) -> Bools:
    """Whether each item of a sorted array differs from the one before it (the first
    item does): the first of each run of equal items.

    Examples
    --------
    >>> first_in_runs(np.array([1, 1, 2, 5, 5])).tolist()
    [True, False, True, True, False]
    """
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return new


def sorted_distinct(keys: Ints) -> Ints:
    """The distinct keys, sorted: :func:`numpy.unique` without its extra passes. The
    sort is stable, as :func:`sorted_groups`' is: numpy's timsort takes linear time on
    keys nearly in order already (the engine's rows are sorted by claim; tables are
    often written claim by claim), five times faster there than its quicksort, and a
    fifth slower on keys in no order.

    Examples
    --------
    >>> sorted_distinct(np.array([5, 1, 5, 2])).tolist()
    [1, 2, 5]
    """
    ordered = np.sort(keys, kind="stable")
    distinct: Ints = ordered[first_in_runs(ordered)]
    return distinct


def sorted_groups(keys: Ints) -> tuple[Ints, Ints]:
    """(the distinct keys in order, each key's index among them): :func:`numpy.unique`
    with ``return_inverse``, by one stable sort and a comparison of neighbours, several
    times faster on a million int64 keys.

    Examples
    --------
    >>> distinct, index = sorted_groups(np.array([7, 3, 7, 9]))
    >>> distinct.tolist(), index.tolist()
    ([3, 7, 9], [1, 0, 1, 2])
    """
    if not len(keys):
        return keys, keys
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = first_in_runs(ordered)
    index = np.empty(len(keys), dtype=np.int64)
    index[order] = np.cumsum(new) - 1
    return ordered[new], index


def first_of_each(keys: Ints, rows: Ints | None = None) -> Ints:
    """For each distinct key in order, the position (in `keys`, and `rows`) of its least
    row; without `rows`, of its first occurrence.

    Examples
    --------
    >>> keys, rows = np.array([8, 3, 8, 3]), np.array([5, 9, 2, 7])
    >>> first_of_each(keys, rows).tolist(), first_of_each(keys).tolist()
    ([3, 2], [1, 0])
    """
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable") if rows is None else np.lexsort((rows, keys))
    firsts: Ints = order[first_in_runs(keys[order])]
    return firsts


def among(keys: Ints, distinct: Ints) -> Bools:
    """Which `keys` are among the sorted `distinct` keys: :func:`numpy.isin` by binary
    search (numpy's hashing one took half a second on a million keys).

    Examples
    --------
    >>> among(np.array([4, 2, 9]), np.array([2, 3, 4])).tolist()
    [True, True, False]
    """
    if not len(distinct):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(distinct, keys), len(distinct) - 1)
    found: Bools = distinct[at] == keys
    return found


def n_codes(codes: Ints) -> int:
    """How many codes ``0 … max`` there are room for (1 for none): the factor of the
    minor code in :func:`pair_keys`.

    Examples
    --------
    >>> n_codes(np.array([0, 4, 2])), n_codes(np.zeros(0, dtype=np.int64))
    (5, 1)
    """
    return int(codes.max(initial=0)) + 1


def pair_keys(major: Ints, minor: Ints, n_minor: int) -> Ints:
    """Pairs of codes (a claim and a group, a claim and a source …) as one key each,
    ``major * n_minor + minor``, which sorts by `major` then `minor` (each minor code is
    below `n_minor`); :func:`split_keys` gives the codes back.

    Examples
    --------
    >>> pair_keys(np.array([0, 2, 2]), np.array([1, 0, 3]), 4).tolist()
    [1, 8, 11]
    """
    keys: Ints = major * n_minor + minor
    return keys


def split_keys(keys: Ints, n_minor: int) -> tuple[Ints, Ints]:
    """The (major, minor) codes of :func:`pair_keys` keys.

    Examples
    --------
    >>> major, minor = split_keys(np.array([1, 8, 11]), 4)
    >>> major.tolist(), minor.tolist()
    ([0, 2, 2], [1, 0, 3])
    """
    major, minor = np.divmod(keys, max(n_minor, 1))
    return major, minor
