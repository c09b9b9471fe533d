"""networkx graphs, GraphML and node-link JSON.

:func:`to_networkx` draws a store as the :class:`networkx.MultiDiGraph` of design §2,
edges pointing the way information flows:

- node = source id or claim id (one namespace); attribute ``kind`` is ``"source"`` or
  ``"claim"`` and ``record`` holds the :class:`~provenance.model.Source` or
  :class:`~provenance.model.Claim`;
- ``source → claim``, ``relation="reports"``, key = claim id, ``report`` = the
  :class:`~provenance.model.Report`;
- ``upstream → downstream``, ``relation="via"``, key = claim id: "downstream got this
  claim from upstream";
- ``claim ↔ claim``, ``relation="contradicts"``, key ``"contradicts"``, both directions.

:func:`read_networkx` takes such a graph back. GraphML and node-link JSON carry the
same graph with the records spread into plain attributes, so any graph tool can read
them:

- source nodes: ``kind="source"``, ``name``, ``source_kind``, ``reliability``,
  ``group``, ``url``; claim nodes: ``kind="claim"``, ``text``, ``question``;
- report edges (``relation="reports"``, key = claim id): ``hedge``, ``hedge_text``,
  ``published`` and ``retracted`` (ISO 8601), ``url``, ``quote``, ``observed``,
  ``firsthand`` (missing: False, unsourced unless it has a via), ``implicit``, and
  ``via`` as a JSON list (it keeps its order and any character);
- via edges (``relation="via"``, key = claim id) and contradiction edges
  (``relation="contradicts"``); a **suspected** via edge (copying inferred from evidence,
  never declared) has ``suspected=True``, ``probability``, and ``claims`` and
  ``evidence`` as JSON lists.

Attributes that are not set are left out (GraphML has no null); GraphML booleans are
``true``/``false``. Reading rebuilds the records and checks them as :func:`read_networkx` does.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLReader, GraphMLWriter

from provenance._bulk import bulk
from provenance.errors import FormatError, ValidationError, did_you_mean, located
from provenance.model import Claim, Report, Source, SuspectedCopy
from provenance.records import claim_ids, reports_by_source, suspected_via
from provenance.store import Store, add_implicit

__all__ = [
    "CONTRADICTS",
    "flat_graph",
    "graphml_text",
    "node_link",
    "read_graphml_text",
    "read_networkx",
    "read_node_link",
    "to_networkx",
    "unflatten",
]

CONTRADICTS = "contradicts"
_GRAPH_ATTRIBUTES = ("title",)


def to_networkx(store: Store) -> nx.MultiDiGraph[str]:
    """The store as a new :class:`networkx.MultiDiGraph`, shaped as the module says.

    Examples
    --------
    >>> import provenance as pv, networkx as nx
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_source("b"); _ = g.add_claim("c")
    >>> _ = g.add_report("b", "c", via=["a"])
    >>> G = g.to_networkx()
    >>> sorted(G.edges(keys=True, data="relation"))
    [('a', 'b', 'c', 'via'), ('a', 'c', 'c', 'reports'), ('b', 'c', 'c', 'reports')]
    >>> pv.ProvenanceGraph.from_networkx(G) == g
    True
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    if store.title is not None:
        graph.graph["title"] = store.title
    graph.add_nodes_from((s.id, {"kind": "source", "record": s}) for s in store.sources)
    graph.add_nodes_from((c.id, {"kind": "claim", "record": c}) for c in store.claims)
    for claim in claim_ids(store):
        for source, report in reports_by_source(store, claim).items():
            graph.add_edge(source, claim, key=claim, relation="reports", report=report)
            for upstream in report.via:
                graph.add_edge(upstream, source, key=claim, relation="via")
        for copier, originals in suspected_via(store, claim).items():
            for original, copy in originals.items():
                graph.add_edge(
                    original, copier, key=claim, relation="via", suspected=True, copy=copy
                )
    for a, b in store.contradictions():
        graph.add_edge(a, b, key=CONTRADICTS, relation=CONTRADICTS)
        graph.add_edge(b, a, key=CONTRADICTS, relation=CONTRADICTS)
    return graph


def read_networkx(graph: nx.MultiDiGraph[str], into: Store) -> None:
    """Fill the empty store `into` from a graph shaped like :func:`to_networkx`'s.

    Every record is checked again; the input is not modified. Implicit reports are
    re-derived from the vias rather than read.

    Raises
    ------
    ValidationError
        A node or edge is not shaped as described in the module docstring.
    """
    if not isinstance(graph, nx.MultiDiGraph):
        raise ValidationError(
            f"from_networkx needs a networkx.MultiDiGraph, got {type(graph).__name__}"
        )
    title = graph.graph.get("title")
    if title is not None and not isinstance(title, str):
        raise ValidationError(f"title must be a string, got {title!r}")
    into.title = title
    with bulk():
        for node, data in graph.nodes(data=True):
            into.add(_node_record(node, data))
        implicit, contradictions, copies = _add_reports(graph, into)
        add_implicit(into, implicit)
        for u, v in contradictions:
            into.add_contradiction(u, v)
        for copy in copies:
            into.add_suspected(copy)


def _node_record(node: str, data: dict[str, Any]) -> Source | Claim:
    """The record a node of :func:`to_networkx`'s shape holds, checked against its kind
    and id."""
    record, kind = data.get("record"), data.get("kind")
    if (
        not (
            (kind == "source" and isinstance(record, Source))
            or (kind == "claim" and isinstance(record, Claim))
        )
        or record.id != node
    ):
        raise ValidationError(
            f"node {node!r} needs kind 'source' or 'claim' and the matching record"
        )
    return record


def _add_reports(
    graph: nx.MultiDiGraph[str], into: Store
) -> tuple[list[Report], list[tuple[str, str]], dict[SuspectedCopy, None]]:
    """Add the reports the edges hold, in edge order, but for the implicit ones; return
    what waits for them all: the implicit reports, the contradicting pairs and the
    suspected copies."""
    implicit: list[Report] = []
    contradictions: list[tuple[str, str]] = []
    copies: dict[SuspectedCopy, None] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        relation = data.get("relation")
        if relation == "via" and data.get("suspected"):
            copy = data.get("copy")
            if not isinstance(copy, SuspectedCopy):
                raise ValidationError(f"suspected via edge {u!r} → {v!r} needs its record")
            copies[copy] = None
        elif relation == "reports":
            report = data.get("report")
            if not isinstance(report, Report) or (report.source, report.claim, key) != (u, v, v):
                raise ValidationError(f"reports edge {u!r} → {v!r} needs its Report record")
            if report.implicit:
                implicit.append(report)  # after the rest: a via may make it again
            else:
                into.add(report)
        elif relation == CONTRADICTS:
            contradictions.append((u, v))
        elif relation != "via":  # vias are re-derived from the reports
            raise ValidationError(f"edge {u!r} → {v!r} has unknown relation {relation!r}")
    return implicit, contradictions, copies


def flat_graph(graph: Store) -> nx.MultiDiGraph[str]:
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
        flat.add_node(c.id, **_set({"kind": "claim", "text": c.text, "question": c.question}))
    for u, v, key, data in to_networkx(graph).edges(keys=True, data=True):
        attributes = {"relation": data["relation"]}
        copy = data.get("copy")
        if copy is not None:
            attributes.update(
                suspected=True,
                claims=json.dumps(list(copy.claims), ensure_ascii=False),
                probability=copy.probability,
                evidence=json.dumps(list(copy.evidence), ensure_ascii=False),
            )
        report = data.get("report")
        if report is not None:
            attributes.update(
                hedge=report.hedge.value,
                hedge_text=report.hedge_text,
                published=report.published.isoformat() if report.published else None,
                retracted=report.retracted.isoformat() if report.retracted else None,
                text=report.text,
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
    """The attributes that are set, text as plain ``str`` (a subclass has no GraphML type)."""
    return {k: str(v) if isinstance(v, str) else v for k, v in attributes.items() if v is not None}


# What XML 1.0 cannot hold (a C0 control, U+FFFE, U+FFFF), and CR, which it reads as LF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


def unflatten(flat: nx.Graph[Any], into: Store, *, file: str = "") -> None:
    """Fill the empty store `into` from :func:`flat_graph`'s shape.

    Raises
    ------
    FormatError
        A node or edge does not have the attributes it needs; the message names it.
    """
    if not (flat.is_directed() and flat.is_multigraph()):
        raise FormatError(
            "not a provenance graph: it must be directed with parallel edges "
            '(node-link "directed": true and "multigraph": true; GraphML edgedefault="directed")',
            file=file,
        )
    if not isinstance(flat.graph, dict):
        raise FormatError(f"graph attributes must be a mapping, got {flat.graph!r:.80}", file=file)
    records: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    records.graph.update(flat.graph)
    for node, data in flat.nodes(data=True):
        with _bad_values(file, f"node {node!r}"):
            record = _flat_node_record(node, data)
            kind = "source" if isinstance(record, Source) else "claim"
            records.add_node(node, kind=kind, record=record)
    edges: Any = flat.edges  # a multigraph's: its call takes keys=
    for u, v, key, data in edges(keys=True, data=True):
        with _bad_values(file, f"edge {u!r} → {v!r}"):
            records.add_edge(u, v, key=key, **_flat_edge_records(u, v, data))
    with _bad_values(file, ""):
        read_networkx(records, into)


def _bad_values(file: str, place: str) -> contextlib.AbstractContextManager[None]:
    """Errors in reading an attribute's value, told as a :class:`FormatError` at `place`."""
    return located(
        file,
        place=place,
        lower=(ValueError, TypeError, RecursionError),
        what="bad attribute value",
    )


def _flat_node_record(node: str, data: dict[str, Any]) -> Source | Claim:
    """The source or claim a node of :func:`flat_graph`'s shape spreads out."""
    if data.get("kind") == "source":
        fields = {
            "id": node,
            "name": data.get("name", node),
            "kind": data.get("source_kind", ""),
            "reliability": data.get("reliability"),
            "group": data.get("group"),
            "url": data.get("url"),
        }
        return Source.from_dict(fields)
    if data.get("kind") == "claim":
        return Claim(node, data.get("text", node), question=data.get("question"))
    raise ValidationError(f"kind must be 'source' or 'claim', got {data.get('kind')!r}")


def _flat_edge_records(u: str, v: str, data: Any) -> dict[str, Any]:
    """The attributes of :func:`to_networkx`'s edge from those of :func:`flat_graph`'s
    (`data`, values of any type: the records check them): the relation, with the record
    of a report or of suspected copying."""
    relation = data.get("relation")
    attributes: dict[str, Any] = {"relation": relation}
    if relation == "via" and data.get("suspected"):
        attributes["suspected"] = True
        attributes["copy"] = SuspectedCopy(
            v,
            u,
            json.loads(data.get("claims", "[]")),
            data.get("probability"),
            json.loads(data.get("evidence", "[]")),
        )
    if relation == "reports":
        via = json.loads(data.get("via", "[]"))
        attributes["report"] = Report(
            u,
            v,
            via=via,
            hedge=data.get("hedge", "asserted"),
            hedge_text=data.get("hedge_text"),
            published=data.get("published"),
            retracted=data.get("retracted"),
            text=data.get("text"),
            url=data.get("url"),
            quote=data.get("quote"),
            firsthand=data.get("firsthand", False),
            observed=data.get("observed", True),
            implicit=data.get("implicit", False),
        )
    return attributes


def graphml_text(graph: Store) -> str:
    """The graph as GraphML text."""
    flat = flat_graph(graph)
    items = [(node, data) for node, data in flat.nodes(data=True)]
    items += [(f"{u} → {v}", data) for u, v, data in flat.edges(data=True)]
    items += [("graph", flat.graph)]
    for where, data in items:
        for name, value in data.items():
            if isinstance(value, str) and type(value) is not str:
                data[name] = str(value)  # networkx writes exact types only
        for name, value in [("id", where), *data.items()]:
            if isinstance(value, str) and (bad := _NOT_XML.search(value)):
                raise FormatError(
                    f"GraphML cannot hold U+{ord(bad.group()):04X} (in {name} {value!r}); "
                    f"use .json or .nodelink.json"
                )
    buffer = io.BytesIO()
    _Writer(flat, encoding="utf-8").dump(buffer)
    return buffer.getvalue().decode("utf-8")


class _Writer(GraphMLWriter):
    """networkx's GraphML writer, booleans as XML Schema's ``true`` and ``false``."""

    def add_data(self, name: str, element_type: Any, value: Any, *rest: Any) -> Any:
        value = str(value).lower() if element_type is bool else value  # not Python's True
        return super().add_data(name, element_type, value, *rest)


# XML Schema's boolean literals, and Python's, which networkx writes.
_BOOLEANS = {"true": True, "1": True, "True": True, "false": False, "0": False, "False": False}


class _Reader(GraphMLReader):
    """networkx's GraphML reader, refusing a boolean not in ``_BOOLEANS`` by its value."""

    def __init__(self, file: str) -> None:
        super().__init__(edge_key_type=str, force_multigraph=True)  # keys are claim ids
        self.file = file

    def _boolean(self, element: Any, name: str, holder: Any) -> None:
        """Spell `element`'s boolean ``true`` or ``false``, or refuse it (in `holder`)."""
        if (value := _BOOLEANS.get((text := element.text or "").strip(" \t\r\n"))) is None:
            tag, at = holder.tag.rpartition("}")[2], holder.get  # key, graph, node or edge
            ends = (at("source"), at("target")) if tag == "edge" else (at("attr.name", at("id")),)
            place = f"{tag} {' → '.join(map(repr, ends))}" if None not in ends else tag
            raise FormatError(
                f"{name} must be true, false, 1 or 0, got {text!r}", file=self.file, place=place
            )
        element.text = "true" if value else "false"

    def find_graphml_keys(self, graph_element: Any) -> Any:
        for key in graph_element.findall(f"{{{self.NS_GRAPHML}}}key[@attr.type='boolean']"):
            for default in key.findall(f"{{{self.NS_GRAPHML}}}default"):
                self._boolean(default, "default", key)
        return super().find_graphml_keys(graph_element)  # type: ignore[no-untyped-call]

    def decode_data_elements(self, graphml_keys: Any, obj_xml: Any) -> Any:
        for element in obj_xml.findall(f"{{{self.NS_GRAPHML}}}data"):
            key = graphml_keys.get(element.get("key"))
            if key and key["type"] is bool and not len(element):  # no text: ""
                self._boolean(element, repr(key["name"]), obj_xml)
        return super().decode_data_elements(graphml_keys, obj_xml)  # type: ignore[no-untyped-call]


def read_graphml_text(text: str, into: Store, *, file: str = "") -> None:
    """Fill the empty store `into` from GraphML text written by :func:`graphml_text`
    (or shaped like it). Booleans are ``true``/``false``, ``1``/``0`` or ``True``/``False``."""
    read, header = _Reader(file), '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    try:  # as nx.parse_graphml, which takes a <graphml> with no namespace too
        graphs = [*read(string=text)] or [*read(string=text.replace("<graphml>", header))]
    except FormatError:
        raise
    except Exception as error:  # networkx raises several kinds for malformed XML
        raise FormatError(f"malformed GraphML: {error}", file=file) from None
    if not graphs:
        raise FormatError("malformed GraphML: no <graph> in it", file=file)
    unflatten(graphs[0], into, file=file)


def node_link(graph: Store) -> dict[str, Any]:
    """The graph as networkx node-link data (``nx.node_link_data``), ready for JSON.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c"); _ = g.add_report("a", "c")
    >>> data = node_link(g)
    >>> [n["id"] for n in data["nodes"]], data["edges"][0]["relation"]
    (['a', 'c'], 'reports')
    >>> h = pv.ProvenanceGraph()
    >>> read_node_link(data, h)
    >>> h == g
    True
    """
    data: dict[str, Any] = nx.node_link_data(flat_graph(graph), edges="edges")
    return data


def read_node_link(data: Any, into: Store, *, file: str = "") -> None:
    """Fill the empty store `into` from node-link data made by :func:`node_link`.

    Graph attributes are the ones :func:`node_link` writes (``title``): another is
    refused by name, not passed on to networkx (``incoming_graph_data``) nor dropped.
    """
    attributes = data.get("graph") if isinstance(data, dict) else None
    if isinstance(attributes, dict):
        for name in attributes:
            if name not in _GRAPH_ATTRIBUTES:
                raise FormatError(
                    f"unknown graph attribute {name!r}{did_you_mean(name, _GRAPH_ATTRIBUTES)}; "
                    f"a provenance graph has only {list(_GRAPH_ATTRIBUTES)}",
                    file=file,
                    place=f"graph.{name}",
                )
    try:
        flat = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, AttributeError, ValueError, nx.NetworkXError) as error:
        # networkx checks little: a missing key, a null id, a list for a dict end here
        raise FormatError(f"not node-link data: missing or bad {error}", file=file) from None
    unflatten(flat, into, file=file)
