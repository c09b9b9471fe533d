"""GraphML and networkx node-link JSON, with every attribute flattened to a scalar.

Both formats carry the graph of :meth:`ProvenanceGraph.to_networkx` with the records
spread into plain attributes, so any graph tool can read them:

- source nodes: ``kind="source"``, ``name``, ``source_kind``, ``reliability``,
  ``group``, ``url``; claim nodes: ``kind="claim"``, ``text``;
- report edges (``relation="reports"``, key = claim id): ``hedge``, ``published`` (ISO
  8601), ``url``, ``quote``, ``observed``, ``firsthand``, ``implicit``, and ``via`` as a
  JSON list (it keeps its order and any character);
- via edges (``relation="via"``, key = claim id) and contradiction edges
  (``relation="contradicts"``).

Attributes that are not set are left out (GraphML has no null). Reading rebuilds the
records and checks them as :meth:`ProvenanceGraph.from_networkx` does.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from provenance.errors import FormatError, ProvenanceError
from provenance.graph import ProvenanceGraph
from provenance.model import Claim, Report, Source

__all__ = [
    "flat_graph",
    "graphml_text",
    "node_link",
    "read_graphml_text",
    "read_node_link",
    "unflatten",
]


def flat_graph(graph: ProvenanceGraph) -> nx.MultiDiGraph[str]:
    """The graph with every record spread into scalar attributes."""
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    if graph.title is not None:
        flat.graph["title"] = graph.title
    for s in graph.sources:
        attributes: dict[str, Any] = {
            "kind": "source",
            "name": s.name,
            "source_kind": s.kind,
            "reliability": s.reliability.value if s.reliability else None,
            "group": s.group,
            "url": s.url,
        }
        flat.add_node(s.id, **_set(attributes))
    for c in graph.claims:
        flat.add_node(c.id, kind="claim", text=c.text)
    for u, v, key, data in graph._graph.edges(keys=True, data=True):
        attributes = {"relation": data["relation"]}
        report = graph._report_or_none(u, v) if data["relation"] == "reports" else None
        if report is not None:
            attributes.update(
                hedge=report.hedge.value,
                published=report.published.isoformat() if report.published else None,
                url=report.url,
                quote=report.quote,
                observed=report.observed,
                firsthand=report.firsthand,
                implicit=report.implicit,
                via=json.dumps(list(report.via), ensure_ascii=False),
            )
        flat.add_edge(u, v, key=key, **_set(attributes))
    return flat


def _set(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if v is not None}


def unflatten(flat: nx.Graph[Any], *, file: str = "") -> ProvenanceGraph:
    """Rebuild a provenance graph from :func:`flat_graph`'s shape.

    Raises
    ------
    FormatError
        A node or edge does not have the attributes it needs; the message names it.
    """
    records: nx.MultiDiGraph[str] = nx.MultiDiGraph(**flat.graph)
    place = ""
    try:
        for node, data in flat.nodes(data=True):
            place = f"node {node!r}"
            if data.get("kind") == "source":
                fields = {
                    "id": node,
                    "name": data.get("name", node),
                    "kind": data.get("source_kind", ""),
                    "reliability": data.get("reliability"),
                    "group": data.get("group"),
                    "url": data.get("url"),
                }
                records.add_node(node, kind="source", record=Source.from_dict(fields))
            elif data.get("kind") == "claim":
                records.add_node(node, kind="claim", record=Claim(node, data.get("text", node)))
            else:
                raise FormatError(f"kind must be 'source' or 'claim', got {data.get('kind')!r}")
        edges: Any = flat.edges  # a multigraph's: its call takes keys=
        for u, v, key, data in edges(keys=True, data=True):
            place = f"edge {u!r} → {v!r}"
            relation = data.get("relation")
            attributes: dict[str, Any] = {"relation": relation}
            if relation == "reports":
                via = json.loads(data.get("via", "[]"))
                attributes["report"] = Report(
                    u,
                    v,
                    via=via,
                    hedge=data.get("hedge", "asserted"),
                    published=data.get("published"),
                    url=data.get("url"),
                    quote=data.get("quote"),
                    firsthand=data.get("firsthand", not via),
                    observed=data.get("observed", True),
                    implicit=data.get("implicit", False),
                )
            records.add_edge(u, v, key=key, **attributes)
        place = ""
        return ProvenanceGraph.from_networkx(records)
    except (ProvenanceError, ValueError, TypeError) as error:
        message = (
            str(error) if isinstance(error, ProvenanceError) else f"bad attribute value ({error})"
        )
        raise FormatError(message, file=file, place=place) from None


def graphml_text(graph: ProvenanceGraph) -> str:
    """The graph as GraphML text."""
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(graph), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def read_graphml_text(text: str, *, file: str = "") -> ProvenanceGraph:
    """A graph from GraphML text written by :func:`graphml_text` (or shaped like it)."""
    try:
        flat = nx.parse_graphml(text, force_multigraph=True)
    except Exception as error:  # networkx raises several kinds for malformed XML
        raise FormatError(f"malformed GraphML: {error}", file=file) from None
    return unflatten(flat, file=file)


def node_link(graph: ProvenanceGraph) -> dict[str, Any]:
    """The graph as networkx node-link data (``nx.node_link_data``), ready for JSON.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c"); _ = g.add_report("a", "c")
    >>> data = node_link(g)
    >>> [n["id"] for n in data["nodes"]], data["edges"][0]["relation"]
    (['a', 'c'], 'reports')
    >>> read_node_link(data) == g
    True
    """
    data: dict[str, Any] = nx.node_link_data(flat_graph(graph), edges="edges")
    return data


def read_node_link(data: Any, *, file: str = "") -> ProvenanceGraph:
    """A graph from node-link data made by :func:`node_link`."""
    try:
        flat = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, AttributeError, nx.NetworkXError) as error:
        raise FormatError(f"not node-link data: missing or bad {error}", file=file) from None
    return unflatten(flat, file=file)
