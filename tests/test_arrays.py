"""The shared numpy idioms (provenance._arrays) give what the numpy one-liners they
stand for give, on any integer codes, empty arrays included; and each has one home."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import _arrays
from provenance._arrays import (
    among,
    first_in_runs,
    first_of_each,
    inverse,
    marked,
    n_codes,
    owners,
    pair_keys,
    places,
    ragged,
    sorted_distinct,
    sorted_groups,
    split_keys,
    starts,
)

PACKAGE = Path(__file__).resolve().parent.parent / "provenance"

codes = st.lists(st.integers(0, 30), max_size=40).map(lambda v: np.array(v, dtype=np.int64))
lengths = st.lists(st.integers(0, 5), max_size=20)


@given(codes)
def test_sorted_distinct_and_groups_are_np_unique(keys: np.ndarray) -> None:
    distinct, index = np.unique(keys, return_inverse=True)
    assert sorted_distinct(keys).tolist() == distinct.tolist()
    found, found_index = sorted_groups(keys)
    assert found.tolist() == distinct.tolist()
    assert found_index.tolist() == index.reshape(-1).tolist()
    assert sorted_distinct(keys).dtype == found_index.dtype == np.int64


@given(codes)
def test_first_in_runs_marks_each_new_value(keys: np.ndarray) -> None:
    ordered = np.sort(keys)
    expected = [i == 0 or ordered[i] != ordered[i - 1] for i in range(len(ordered))]
    assert first_in_runs(ordered).tolist() == expected


@given(codes)
def test_first_of_each_is_the_least_row_of_each_key(keys: np.ndarray) -> None:
    rows = np.array(list(range(len(keys)))[::-1], dtype=np.int64)
    for given_rows in (rows, None):
        found = first_of_each(keys, given_rows)
        by_row = rows if given_rows is not None else np.arange(len(keys))
        expected: dict[int, int] = {}
        for position, (key, row) in enumerate(zip(keys.tolist(), by_row.tolist(), strict=True)):
            if key not in expected or row < by_row[expected[key]]:
                expected[key] = position
        assert found.tolist() == [expected[key] for key in sorted(expected)]


@given(codes, codes)
def test_among_is_np_isin(keys: np.ndarray, others: np.ndarray) -> None:
    distinct = np.unique(others)
    assert among(keys, distinct).tolist() == np.isin(keys, distinct).tolist()


@given(lengths)
def test_starts_owners_and_ragged_agree(sizes: list[int]) -> None:
    lists = [[10 * i + j for j in range(n)] for i, n in enumerate(sizes)]
    start, flat = ragged(lists)
    assert start.tolist() == starts(sizes).tolist() == [0, *np.cumsum(sizes, dtype=int).tolist()]
    assert flat.tolist() == [x for items in lists for x in items]
    owner = owners(sizes)
    assert all(start[i] <= at < start[i + 1] for at, i in enumerate(owner.tolist()))
    assert starts(sizes, dtype=np.int32).dtype == np.int32


@given(st.permutations(list(range(12))))
def test_inverse_undoes_a_permutation(order: list[int]) -> None:
    permutation = np.array(order, dtype=np.int64)
    assert inverse(permutation)[permutation].tolist() == list(range(12))


@given(st.sets(st.integers(0, 19)).map(sorted))
def test_marked_and_places(chosen: list[int]) -> None:
    indices = np.array(chosen, dtype=np.int64)
    assert np.flatnonzero(marked(indices, 20)).tolist() == chosen
    place = places(indices, 20)
    assert [place[i] for i in chosen] == list(range(len(chosen)))
    assert all(place[i] == -1 for i in range(20) if i not in chosen)


@given(codes, codes)
def test_pair_keys_sort_by_major_then_minor_and_split_back(
    major: np.ndarray, minor: np.ndarray
) -> None:
    n = min(len(major), len(minor))
    major, minor = major[:n], minor[:n]
    n_minor = n_codes(minor)
    keys = pair_keys(major, minor, n_minor)
    assert split_keys(keys, n_minor)[0].tolist() == major.tolist()
    assert split_keys(keys, n_minor)[1].tolist() == minor.tolist()
    order = np.argsort(keys, kind="stable")
    assert order.tolist() == np.lexsort((minor, major)).tolist()


def test_n_codes_leaves_room_for_code_zero() -> None:
    assert n_codes(np.zeros(0, dtype=np.int64)) == 1
    assert n_codes(np.array([3], dtype=np.int64)) == 4


def _defined(tree: ast.Module) -> set[str]:
    """The names a module defines at its top, a leading underscore taken off."""
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found.add(node.name.lstrip("_"))
        elif isinstance(node, ast.Assign):
            found.update(t.id.lstrip("_") for t in node.targets if isinstance(t, ast.Name))
    return found


SHARING = ("_arrays.py", "engine", "columns", "dask.py")
"""Where the idioms were written more than once before they had a home."""


@pytest.mark.parametrize("name", _arrays.__all__)
def test_each_idiom_has_one_home(name: str) -> None:
    """No module of the engine, the table reader or Dask defines its own copy."""
    homes = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] in SHARING
        and name in _defined(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert homes == ["_arrays.py"]
