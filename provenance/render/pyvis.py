"""The graph as a pyvis ``Network``, styled as the page is, for those who build on pyvis.

pyvis is an optional extra (``pip install 'provenance-graph[pyvis]'``): the page itself
(:func:`~provenance.render.render_html`) needs no pyvis; it inlines its own vis-network.

The network is made from the page's data (:mod:`~provenance.render.data`): the same
nodes, at the same positions with physics off, the same edges, groups, colours and
tooltips, with each contradiction as an undirected dashed red edge. Node ids are the
page's opaque ids (``n0`` for a source or claim, ``g0`` for a fan-out); labels and
tooltips carry the names and texts. What the page's script adds (search, panels, the
flagged view, opening fan-outs, folded layers drawn as bands) is not in it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from provenance.errors import MissingDependencyError
from provenance.render import _scene
from provenance.render.data import tooltip
from provenance.render.style import CONTRADICTION_LINE
from provenance.store import Store

if TYPE_CHECKING:
    from pyvis.network import Network  # type: ignore[import-untyped]

__all__ = ["to_pyvis"]

CONTRADICTION_EDGE: dict[str, Any] = {
    "color": {"color": CONTRADICTION_LINE},
    "dashes": [6, 4],
    "width": 2,
    "arrows": {"to": {"enabled": False}},
    "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.3},  # around the boxes
    "title": "these two claims contradict each other",
}


def to_pyvis(
    graph: Store,
    *,
    claims: Iterable[str] | None = None,
    title: str | None = None,
    **network: Any,
) -> Network:
    """The graph as a ``pyvis.network.Network`` styled like the page.

    Parameters
    ----------
    graph : Store
        A :class:`~provenance.graph.ProvenanceGraph`, or any store.
    claims : iterable of str, optional
        Draw only these claims and everything upstream of them.
    title : str, optional
        The network's heading (HTML-escaped); defaults to the graph's title, or
        "Provenance graph".
    **network
        Passed to ``pyvis.network.Network`` (``height``, ``width``, ``notebook``,
        ``cdn_resources`` ...); the defaults here are ``height="800px"`` and
        ``directed=True``.

    Returns
    -------
    pyvis.network.Network
        Nodes and edges filled in, with the page's vis-network options (a dict).

    Raises
    ------
    MissingDependencyError
        pyvis is not installed.
    UnknownIdError
        A claim in `claims` was never declared.
    ValidationError
        `claims` is a string rather than a list of ids, or `title` is not a string.

    Notes
    -----
    Texts copied from hostile channels stay text: vis-network shows a string tooltip
    with ``innerText``, labels are drawn on a canvas, and the heading is escaped. pyvis
    shows node tooltips as markup instead when any of them contains ``href``; then every
    node tooltip is HTML-escaped here, so it still reads as the text it is.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph(title="Seed <story>")
    >>> _ = g.add_source("a", name="Channel")
    >>> _ = g.add_claim("c", "A claim")
    >>> _ = g.add_report("a", "c", firsthand=True)
    >>> net = g.to_pyvis()
    >>> [n["label"] for n in net.nodes], net.heading
    (['Channel', 'A claim\\n1 line\\nSINGLE SOURCE'], 'Seed &lt;story&gt;')
    """
    try:
        from pyvis.network import Network
    except ImportError:
        raise MissingDependencyError(
            "drawing a pyvis Network", "pyvis", extra="provenance-graph[pyvis]"
        ) from None
    data, heading = _scene(graph, claims, title)
    settings = {"height": "800px", "directed": True, **network, "heading": html.escape(heading)}
    net = Network(**settings)
    titles = ["\n\n".join(filter(None, tooltip(data, node))) for node in data["nodes"]]
    if any("href" in text for text in titles):  # pyvis then sets them as innerHTML
        titles = [html.escape(text) for text in titles]
    for node, text in zip(data["nodes"], titles, strict=True):
        item = {k: v for k, v in node.items() if k != "tip"} | {"title": text}
        net.nodes.append(item)  # filled directly: pyvis's add_node scans its lists
        net.node_ids.append(item["id"])
        net.node_map[item["id"]] = item
    net.edges.extend(dict(edge) for edge in data["edges"])
    net.edges.extend(
        {"id": f"c{i}", "from": a, "to": b, **CONTRADICTION_EDGE}
        for i, (a, b) in enumerate(data["contradictions"])
    )
    net.options = data["options"]
    return net
