"""Every claim's flow network at once, and one maximum flow over all of them.

The network is the one :mod:`provenance.scoring.flow` defines, for every claim side by
side (disjoint), joined to one super source and one super sink:

- ``S → knowledge(c, g)``, capacity 1, for each claim ``c`` and group ``g`` holding an
  origin of ``c`` (the per-claim root's edges);
- ``knowledge(c, g) → in(r)`` for each origin row ``r`` of ``c`` in ``g``;
- ``in(r) → out(r)``, capacity 1, for an attributed row; ``in(r) → T``, unbounded, for
  an observed one (a line ends at the first observed source it reaches);
- ``out(u) → in(r)`` for each citation of an attributed row ``u`` by row ``r``.

Retracted rows are left out. A claim's number of lines is the flow through its
knowledge nodes. scipy's Dinic solver needs int32 capacities: "unbounded" is the
number of knowledge nodes plus one, more than any flow can carry.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from provenance.engine.coded import Bools, Columns, Ints

__all__ = ["among", "max_lines", "sorted_groups"]


def sorted_groups(keys: Ints) -> tuple[Ints, Ints]:
    """(distinct keys in order, each input's index among them): np.unique's inverse by
    one sort and a diff, several times faster on a million int64 keys."""
    if not len(keys):
        return keys, keys
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def among(keys: Ints, distinct: Ints) -> NDArray[np.bool_]:
    """Which `keys` are among the sorted `distinct` keys: np.isin by binary search
    (numpy's hashing isin took half a second on a million keys)."""
    if not len(distinct):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(distinct, keys), len(distinct) - 1)
    found: NDArray[np.bool_] = distinct[at] == keys
    return found


def max_lines(
    columns: Columns, origin: Bools, cites: tuple[Ints, Ints], *, only: Bools | None = None
) -> Ints:
    """The number of independent lines of each claim: one maximum flow over all of them.

    Parameters
    ----------
    columns : provenance.engine.coded.Columns
    origin : ndarray of bool
        By row: whether the report holds knowledge of its own (first-hand; or, for the
        possible count, also naming nobody).
    cites : (ndarray, ndarray)
        Citations as (citing row, cited row).
    only : ndarray of bool, optional
        By claim: the claims to solve (0 for the others).
    """
    n_claims = len(columns.claim_ids)
    live = ~columns.retracted
    if only is not None:
        live &= only[columns.claim]
    # Nodes only for the rows solved: a row's number in the network is its rank here.
    rows = np.flatnonzero(live)
    n = len(rows)
    local = np.full(columns.n_rows, -1, dtype=np.int64)
    local[rows] = np.arange(n)
    observed_row = columns.observed[rows]
    origins = np.flatnonzero(origin[rows])
    n_groups = int(columns.group.max(initial=0)) + 1
    keys = columns.claim[rows[origins]] * n_groups + columns.group[columns.source[rows[origins]]]
    knowledge, of_origin = sorted_groups(keys)
    n_knowledge = len(knowledge)
    big = n_knowledge + 1
    source, sink = 0, 1
    first_in, first_out, first_knowledge = 2, 2 + n, 2 + 2 * n
    attributed = np.flatnonzero(~observed_row)
    observed = np.flatnonzero(observed_row)
    citing, cited = cites
    relayed = live[citing] & live[cited] & ~columns.observed[cited]
    citing, cited = local[citing[relayed]], local[cited[relayed]]
    knowledge_nodes = first_knowledge + np.arange(n_knowledge)
    tails = np.concatenate(
        [
            np.full(n_knowledge, source),
            first_knowledge + of_origin,
            first_in + attributed,
            first_in + observed,
            first_out + cited,
        ]
    )
    heads = np.concatenate(
        [
            knowledge_nodes,
            first_in + origins,
            first_out + attributed,
            np.full(len(observed), sink),
            first_in + citing,
        ]
    )
    capacity = np.ones(len(tails), dtype=np.int32)
    capacity[n_knowledge + len(origins) + len(attributed) :][: len(observed)] = big
    size = first_knowledge + n_knowledge
    # scipy takes a while to import: only when a corpus is scored, not with the package.
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import maximum_flow

    # CSR directly (no COO round trip), with the int32 indices scipy's flow works in:
    # int64 ones would be copied down, on top of the network.
    order = np.argsort(tails, kind="stable")
    indptr = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.bincount(tails, minlength=size), out=indptr[1:])
    network = csr_array(
        (capacity[order], heads[order].astype(np.int32), indptr), shape=(size, size)
    )
    del tails, heads, order, capacity
    flow = maximum_flow(network, source, sink, method="dinic").flow
    out_of_source = np.zeros(size, dtype=np.int64)
    start, end = flow.indptr[source], flow.indptr[source + 1]
    out_of_source[flow.indices[start:end]] = flow.data[start:end]
    through = out_of_source[knowledge_nodes]
    claim_of_knowledge = knowledge // n_groups
    return np.bincount(claim_of_knowledge, weights=through, minlength=n_claims).astype(np.int64)
