"""The data items of a store, as a table of who answered what.

Truth discovery and value-based copy detection (:mod:`provenance.copying.truth`) see a
store as **data items**, each with mutually exclusive values: the answers to one
question; the claims tied by recorded contradictions (one item per connected set); a
claim alone otherwise. A source **provides** a value when it has a live report of its
own on that claim (not retracted, not implicit).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from attrs import frozen

from provenance.store import Store

__all__ = ["Items", "items_of"]


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
        Claim ids, each the value of one item.
    item_of : ndarray of int
        Value index → item index.
    provided : ndarray of int, shape (sources, items)
        The value index a source gives for an item, or -1.
    """

    sources: tuple[str, ...]
    items: tuple[str, ...]
    values: tuple[str, ...]
    item_of: np.ndarray
    provided: np.ndarray

    def n_false(self) -> np.ndarray:
        """Per item, how many false values it has: its values but one (at least 1)."""
        counts = np.bincount(self.item_of, minlength=len(self.items))
        return np.maximum(counts - 1, 1).astype(float)


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
    >>> table.items, table.values, table.provided.tolist()
    (('troops',), ('t10', 't12'), [[0], [1]])
    """
    ties: nx.Graph[str] = nx.Graph()
    ties.add_nodes_from(c for c in store.claim_ids if store.claims_by_id[c].question is None)
    ties.add_edges_from(
        (a, b)
        for a, b in store.contradictions()
        if store.claims_by_id[a].question is None and store.claims_by_id[b].question is None
    )
    groups: dict[str, list[str]] = {q: store.answers(q) for q in store.questions}
    order = {claim: i for i, claim in enumerate(store.claim_ids)}
    for component in nx.connected_components(ties):
        claims = sorted(component, key=order.__getitem__)
        groups[claims[0]] = claims
    sources = tuple(s.id for s in store.sources)
    row = {s: i for i, s in enumerate(sources)}
    values: list[str] = []
    item_of: list[int] = []
    provided = np.full((len(sources), len(groups)), -1, dtype=np.int64)
    for item, claims in enumerate(groups.values()):
        for claim in claims:
            value = len(values)
            values.append(claim)
            item_of.append(item)
            for source, report in store.claim_reports(claim).items():
                if report.implicit or report.retracted is not None:
                    continue
                if provided[row[source], item] < 0:
                    provided[row[source], item] = value
    return Items(
        sources=sources,
        items=tuple(groups),
        values=tuple(values),
        item_of=np.asarray(item_of, dtype=np.int64),
        provided=provided,
    )
