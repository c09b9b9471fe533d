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

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from provenance._arrays import (
    Bools,
    Ints,
    n_codes,
    pair_keys,
    places,
    sorted_groups,
    split_keys,
    starts,
)
from provenance.engine.coded import Columns

if TYPE_CHECKING:
    from scipy.sparse import csr_array

__all__ = ["max_lines"]

_SOURCE, _SINK = 0, 1
"""The super source's and super sink's nodes; the rows' and knowledge nodes follow."""


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
    live = ~columns.retracted
    if only is not None:
        live &= only[columns.claim]
    # Nodes only for the rows solved: a row's number in the network is its rank here.
    solved = np.flatnonzero(live)
    origins = np.flatnonzero(origin[solved])  # ranks among the rows solved
    n_groups = n_codes(columns.group)
    origin_rows = solved[origins]
    origin_keys = pair_keys(
        columns.claim[origin_rows], columns.group[columns.source[origin_rows]], n_groups
    )
    knowledge, of_origin = sorted_groups(origin_keys)  # by knowledge node: (claim, group)
    del origin_rows, origin_keys
    network = _network(columns, live, solved, (origins, of_origin, len(knowledge)), cites)
    # scipy takes a while to import: only when a corpus is scored, not with the package.
    from scipy.sparse.csgraph import maximum_flow

    flow = maximum_flow(network, _SOURCE, _SINK, method="dinic").flow
    first_knowledge = 2 + 2 * len(solved)
    through = _out_of_source(flow)[first_knowledge:]  # by knowledge node: its flow
    claim_of_knowledge, _ = split_keys(knowledge, n_groups)
    lines = np.bincount(claim_of_knowledge, weights=through, minlength=len(columns.claim_ids))
    return lines.astype(np.int64)


def _network(
    columns: Columns,
    live: Bools,
    solved: Ints,
    knowing: tuple[Ints, Ints, int],
    cites: tuple[Ints, Ints],
) -> csr_array[np.int32]:
    """The flow network over the rows `solved` (``live``), in scipy's CSR form. Nodes:
    the super source and sink, then ``in(r)`` and ``out(r)`` for each row solved by
    its rank, then the knowledge nodes; `knowing` is (each origin's rank, its knowledge
    node, the number of knowledge nodes)."""
    origins, of_origin, n_knowledge = knowing
    n = len(solved)
    first_in, first_out, first_knowledge = 2, 2 + n, 2 + 2 * n
    observed_row = columns.observed[solved]
    attributed, observed = np.flatnonzero(~observed_row), np.flatnonzero(observed_row)
    citing, cited = cites
    relayed = live[citing] & live[cited] & ~columns.observed[cited]
    rank = places(solved, columns.n_rows)
    citing, cited = rank[citing[relayed]], rank[cited[relayed]]
    tails = np.concatenate(
        [
            np.full(n_knowledge, _SOURCE),
            first_knowledge + of_origin,
            first_in + attributed,
            first_in + observed,
            first_out + cited,
        ]
    )
    heads = np.concatenate(
        [
            first_knowledge + np.arange(n_knowledge),
            first_in + origins,
            first_out + attributed,
            np.full(len(observed), _SINK),
            first_in + citing,
        ]
    )
    # Unbounded (into the sink): more than all knowledge nodes can carry; int32 for scipy.
    capacity = np.ones(len(tails), dtype=np.int32)
    capacity[n_knowledge + len(origins) + len(attributed) :][: len(observed)] = n_knowledge + 1
    return _csr(tails, heads, capacity, first_knowledge + n_knowledge)


def _csr(tails: Ints, heads: Ints, capacity: NDArray[np.int32], size: int) -> csr_array[np.int32]:
    """The edges as a CSR matrix, directly (no COO round trip), with the int32 indices
    scipy's flow works in: int64 ones would be copied down, on top of the network."""
    from scipy.sparse import csr_array

    order = np.argsort(tails, kind="stable")
    indptr = starts(np.bincount(tails, minlength=size), dtype=np.int32)
    return csr_array((capacity[order], heads[order].astype(np.int32), indptr), shape=(size, size))


def _out_of_source(flow: csr_array[Any]) -> Ints:
    """By node: the flow into it from the super source."""
    out_of_source = np.zeros(flow.shape[0], dtype=np.int64)
    start, end = flow.indptr[_SOURCE], flow.indptr[_SOURCE + 1]
    out_of_source[flow.indices[start:end]] = flow.data[start:end]
    return out_of_source
