"""The data items of a store, as a sparse table of who answered what.

Truth discovery and value-based copy detection (:mod:`provenance.copying.truth`) see a
store as **data items**, each with mutually exclusive values: the answers to one
question; the claims tied by recorded contradictions (one item per connected set); a
claim alone otherwise. A source **provides** a value when it has a live report of its
own on that claim (not retracted, not implicit).

The table holds one row per answer (a source and the value it gives an item), never a
sources × items matrix: building it costs O(claims + contradictions + reports ·
log reports).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from attrs import frozen

from provenance._arrays import Floats, Ints
from provenance.records import claim_ids, claims_by_id, reports_by_source
from provenance.store import Store

__all__ = ["Items", "items_of", "sums"]


def sums(index: Ints, weights: Floats, length: int) -> Floats:
    """``weights`` summed by ``index`` into `length` bins, in the order given."""
    total: Floats = np.bincount(index, weights=weights, minlength=length).astype(np.float64)
    return total


@frozen
class Items:
    """Who answered what: the table the truth-discovery iterations run on.

    Attributes
    ----------
    sources : tuple of str
        Source ids, one row each.
    items : tuple of str
        Item names: the question, or the first claim of a set tied by contradictions.
    values : tuple of str
        Claim ids, each the value of one item; the values of one item lie together.
    item_of : ndarray of int
        Value index → item index.
    source : ndarray of int
        Per answer, the source's row; answers are sorted by source, then item.
    value : ndarray of int
        Per answer, the value index the source gives (one per source and item).
    """

    sources: tuple[str, ...]
    items: tuple[str, ...]
    values: tuple[str, ...]
    item_of: Ints
    source: Ints
    value: Ints

    @property
    def item(self) -> Ints:
        """Per answer, the item index."""
        item: Ints = self.item_of[self.value]
        return item

    def item_starts(self) -> Ints:
        """Per item that has values, the index of its first value (values lie by item)."""
        starts: Ints = np.flatnonzero(np.r_[True, np.diff(self.item_of) != 0])
        return starts

    def item_max(self, per_value: Floats) -> Floats:
        """Per value, the largest of `per_value` over its item's values (some values)."""
        top: Floats = np.maximum.reduceat(per_value, self.item_starts())[self.item_of]
        return top

    def first_best(self, per_value: Floats) -> Ints:
        """Per item that has values, its first value at the item's largest `per_value`."""
        at_top = np.flatnonzero(per_value == self.item_max(per_value))  # by value, so by item
        first: Ints = at_top[np.r_[True, np.diff(self.item_of[at_top]) != 0]]
        return first

    def n_false(self) -> Floats:
        """Per item, how many false values it has: its values but one (at least 1)."""
        counts = np.bincount(self.item_of, minlength=len(self.items))
        return np.maximum(counts - 1, 1).astype(float)

    def keys(self) -> Ints:
        """Per answer, ``source · items + item``: sorted, for looking answers up."""
        keys: Ints = self.source * max(len(self.items), 1) + self.item
        return keys

    def provided(self) -> Ints:
        """The dense (sources, items) matrix of value indices, -1 where a source gives
        none: O(sources · items) memory, for small tables and tests only."""
        dense = np.full((len(self.sources), len(self.items)), -1, dtype=np.int64)
        dense[self.source, self.item] = self.value
        return dense


def items_of(store: Store) -> Items:
    """The data items of `store`, and which value each source provides.

    A source with reports on two values of one item provides the first it reported.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> for s in ("a", "b"):
    ...     _ = g.add_source(s)
    >>> _ = g.add_claim("t10", question="troops"); _ = g.add_claim("t12", question="troops")
    >>> _ = g.add_report("a", "t10"); _ = g.add_report("b", "t12")
    >>> table = items_of(g)
    >>> table.items, table.values, table.provided().tolist()
    (('troops',), ('t10', 't12'), [[0], [1]])
    """
    ties: nx.Graph[str] = nx.Graph()
    ties.add_nodes_from(c for c in claim_ids(store) if claims_by_id(store)[c].question is None)
    ties.add_edges_from(
        (a, b)
        for a, b in store.contradictions()
        if claims_by_id(store)[a].question is None and claims_by_id(store)[b].question is None
    )
    groups: dict[str, list[str]] = {q: store.answers(q) for q in store.questions}
    order = {claim: i for i, claim in enumerate(claim_ids(store))}
    for component in nx.connected_components(ties):
        claims = sorted(component, key=order.__getitem__)
        groups[claims[0]] = claims
    sources = tuple(s.id for s in store.sources)
    row = {s: i for i, s in enumerate(sources)}
    values: list[str] = []
    item_of: list[int] = []
    rows: list[int] = []
    given: list[int] = []
    for item, claims in enumerate(groups.values()):
        for claim in claims:
            value = len(values)
            values.append(claim)
            item_of.append(item)
            for source, report in reports_by_source(store, claim).items():
                if not report.implicit and report.retracted is None:
                    rows.append(row[source])
                    given.append(value)
    items = np.asarray(item_of, dtype=np.int64)
    by, value_index = np.asarray(rows, dtype=np.int64), np.asarray(given, dtype=np.int64)
    # One answer per source and item: the first value it reported, the lowest index.
    ordered = np.lexsort((value_index, items[value_index], by))
    by, value_index = by[ordered], value_index[ordered]
    first = np.ones(len(by), dtype=bool)
    first[1:] = (np.diff(by) != 0) | (np.diff(items[value_index]) != 0)
    return Items(
        sources=sources,
        items=tuple(groups),
        values=tuple(values),
        item_of=items,
        source=by[first],
        value=value_index[first],
    )
