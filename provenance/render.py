"""Self-contained interactive HTML pages of a provenance graph.

The page is one file that makes no request to any network or file: vis-network (the
copy that pyvis ships) and the page's own script and style are inlined, and a
Content-Security-Policy allows exactly those scripts, by hash. The graph travels as JSON
in a data block; the page's script puts every text into the DOM as text (panels with
``textContent``, tooltips as strings that vis-network shows with ``innerText``), so claim
texts, names and URLs copied from hostile channels stay text. Node ids in the
page are opaque (``n0``, ``n1``, …), never user text.

Positions are computed in Python (:mod:`provenance.layout`) and drawn with physics off,
so a 10,000-node graph draws in a couple of seconds.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import itertools
import json
import os
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from provenance._files import write_text_atomically
from provenance.errors import MissingDependencyError, ValidationError
from provenance.graph import ProvenanceGraph
from provenance.layout import layered_positions
from provenance.model import Flag, Hedge, Report, Source
from provenance.scoring import Corroboration, _shorten

__all__ = ["notebook_html", "render_html"]

CLAIM_COLOURS = ("#d73027", "#fc8d59", "#91cf60", "#1a9850")  # 0, 1, 2, ≥3 lines
CLAIM_BORDERS = ("#7f0000", "#a63603", "#4d7a24", "#0b4d26")
BADGES = {
    Flag.SINGLE_SOURCE: "SINGLE SOURCE",
    Flag.NO_ORIGIN: "NO ORIGIN",
    Flag.CIRCULAR: "CIRCULAR",
    Flag.ECHO: "ECHO",
    Flag.HEDGED: "HEDGED",
    Flag.HEDGE_DROPPED: "HEDGE DROPPED",
    Flag.TIME_INVERSION: "TIME INVERSION",
    Flag.CONTRADICTED: "CONTRADICTED",
}
QUIET_FLAGS = (Flag.SINGLE_SOURCE,)  # the colour says it already; the others earn a ⚠
WARNING_BORDER = "#1d1d1f"
LEGEND = (
    ("l0", "0 lines"),
    ("l1", "1 line"),
    ("l2", "2 lines"),
    ("l3", "3+ lines"),
    ("observed", "source you read"),
    ("attributed", "known only through a citation"),
    ("dashed", "uncertain (hedged) report"),
    ("warning", "⚠ hedged, circular, echo, contradicted…"),
)


def render_html(
    graph: ProvenanceGraph,
    path: str | os.PathLike[str] | None = None,
    *,
    claims: Iterable[str] | None = None,
    title: str | None = None,
) -> str:
    """The graph as a self-contained interactive HTML page.

    Parameters
    ----------
    graph : ProvenanceGraph
    path : path-like, optional
        Where to write the page (UTF-8, atomically). It is returned either way.
    claims : iterable of str, optional
        Draw only these claims and everything upstream of them.
    title : str, optional
        The page's heading and title; defaults to the graph's title, or "Provenance graph".

    Returns
    -------
    str
        The page.

    Raises
    ------
    UnknownIdError
        A claim in `claims` was never declared.
    ValidationError
        `claims` is a string rather than a list of ids.
    ProvenanceError
        `path` cannot be written.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a", name="<script>alert(1)</script>")
    >>> _ = g.add_claim("c", "A claim")
    >>> _ = g.add_report("a", "c")
    >>> page = g.to_html(title="Seed <story>")
    >>> page.startswith("<!DOCTYPE html>"), "<script>alert" in page, "Seed &lt;story&gt;" in page
    (True, False, True)
    """
    if claims is None:
        data = _page_data(graph, [c.id for c in graph.claims], everything=True)
    else:
        if isinstance(claims, str):  # would otherwise be read as its characters
            raise ValidationError(f"claims must be a list of claim ids, got {claims!r}")
        wanted = list(claims)
        for claim in wanted:
            graph._require(claim, "claim")
        data = _page_data(graph, list(dict.fromkeys(wanted)), everything=False)
    page = _page(data, title or graph.title or "Provenance graph")
    if path is not None:
        write_text_atomically(path, page)
    return page


def notebook_html(graph: ProvenanceGraph) -> str:
    """The page inside a sandboxed ``<iframe srcdoc>``, for Jupyter's ``_repr_html_``.

    The frame may run scripts but has no origin of its own: it reaches neither the
    notebook nor the network.
    """
    page = html.escape(render_html(graph), quote=True)
    return (
        f'<iframe srcdoc="{page}" sandbox="allow-scripts" title="provenance graph" '
        'style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
    )


# ---------------------------------------------------------------------- the data


def _page_data(
    graph: ProvenanceGraph, claim_ids: Sequence[str], *, everything: bool
) -> dict[str, Any]:
    """The page's nodes, edges, options and panels; every source when `everything`."""
    results = {c: graph.corroboration(c) for c in claim_ids}
    reports = {c: graph.reports(c) for c in claim_ids}
    sources = graph.sources
    if not everything:
        reporting = {r.source for rs in reports.values() for r in rs}
        sources = [s for s in sources if s.id in reporting]
    involved = [s.id for s in sources]
    ids = {s.id: f"n{i}" for i, s in enumerate(sources)}
    ids.update({c: f"n{len(sources) + i}" for i, c in enumerate(claim_ids)})
    names = {s.id: s.name for s in sources}

    observed_any = dict.fromkeys(involved, False)
    claims_of: dict[str, list[str]] = {s: [] for s in involved}
    via_claims: dict[tuple[str, str], list[Report]] = {}
    drawn: dict[str, list[Report]] = {}  # claim -> reports with an edge to the claim
    for claim, claim_reports in reports.items():
        cited = {u for r in claim_reports for u in r.via}
        drawn[claim] = [r for r in claim_reports if r.observed or r.source not in cited]
        for r in claim_reports:
            observed_any[r.source] |= r.observed
            claims_of[r.source].append(claim)
            for upstream in r.via:
                via_claims.setdefault((upstream, r.source), []).append(r)

    positions = layered_positions(
        [s.id for s in sources],
        via_claims,
        list(claim_ids),
        {c: [r.source for r in rs] for c, rs in drawn.items()},
    )

    edges: list[dict[str, Any]] = []
    edge_id: dict[tuple[str, str], str] = {}

    def add_edge(u: str, v: str, **style: Any) -> None:
        edge_id[u, v] = f"e{len(edges)}"
        edges.append({"id": edge_id[u, v], "from": ids[u], "to": ids[v], **style})

    for (u, v), downstream in via_claims.items():
        add_edge(u, v, dashes=all(r.hedge is Hedge.UNCERTAIN for r in downstream))
    for claim, claim_reports in drawn.items():
        for r in claim_reports:
            style: dict[str, Any] = {"dashes": r.hedge is Hedge.UNCERTAIN}
            if not r.observed:
                style["color"] = {"color": "#b5b5b5"}
            add_edge(r.source, claim, **style)
    for a, b in graph.contradictions():
        if a in results and b in results:
            add_edge(a, b, dashes=True, arrows="", color={"color": "#d73027"}, width=2)

    metas = {s.id: _source_meta(s, observed_any[s.id], len(claims_of[s.id])) for s in sources}
    explanations = {claim: c.explain() for claim, c in results.items()}
    nodes: list[dict[str, Any]] = []
    for s in sources:
        x, y = positions[s.id]
        group = "observed" if observed_any[s.id] else "attributed"
        nodes.append(
            {
                "id": ids[s.id],
                "label": _shorten(s.name, 28),
                "group": group,
                "x": x,
                "y": y,
                "tip": [s.name, metas[s.id]],
            }
        )
    for claim, c in results.items():
        x, y = positions[claim]
        badges = " · ".join(BADGES[f] for f in c.flags)
        warning = any(f not in QUIET_FLAGS for f in c.flags)
        count = f"{c.independent} line{'' if c.independent == 1 else 's'}"
        label = f"{_shorten(c.text, 40)}\n{count}" + (
            f"\n{'⚠ ' * warning}{badges}" if badges else ""
        )
        k = min(c.independent, 3)
        node = {
            "id": ids[claim],
            "label": label,
            "group": f"claim{k}",
            "x": x,
            "y": y,
            "tip": [c.text, explanations[claim]],
        }
        if warning:  # stands out even among claims of the same colour
            node.update(borderWidth=5, color=_claim_colour(k, WARNING_BORDER))
        nodes.append(node)

    def line_edges(c: Corroboration) -> list[str]:
        steps = [step for line in c.lines for step in itertools.pairwise(line)]
        steps += [(line[-1], c.claim) for line in c.lines]
        return [edge_id[step] for step in steps]

    network = _vis_network(nodes, edges, _options(len(nodes)))
    return {
        "nodes": network.nodes,
        "edges": network.edges,
        "options": network.options,
        "claims": {
            ids[claim]: _claim_panel(c, explanations[claim], reports[claim], names)
            | {
                "lineNodes": sorted({ids[s] for line in c.lines for s in line}),
                "lineEdges": line_edges(c),
            }
            for claim, c in results.items()
        },
        "sources": {
            ids[s.id]: {
                "name": s.name,
                "meta": metas[s.id],
                "claims": [results[c].text for c in claims_of[s.id]],
            }
            for s in sources
        },
        "search": [[ids[s.id], f"{s.name}\n{s.id}".lower()] for s in sources]
        + [[ids[c], f"{r.text}\n{c}".lower()] for c, r in results.items()],
        "unflagged": [ids[c] for c, r in results.items() if not r.flags]
        + [ids[s] for s in involved if not any(results[c].flags for c in claims_of[s])],
    }


def _vis_network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: Any) -> Any:
    """A pyvis network holding `nodes`, `edges` and `options`, for vis-network to draw.

    The lists are filled directly: pyvis's ``add_node`` scans its list on every call,
    which makes building a large graph quadratic.
    """
    try:
        from pyvis.network import Network  # type: ignore[import-untyped]
    except ImportError:
        raise MissingDependencyError("rendering HTML", "pyvis") from None
    network = Network(directed=True)
    network.nodes, network.edges, network.options = nodes, edges, options
    return network


def _claim_panel(
    c: Corroboration, explanation: str, reports: list[Report], names: dict[str, str]
) -> dict[str, Any]:
    lines = "line" if c.independent == 1 else "lines"
    return {
        "text": c.text,
        "summary": (
            f"{c.independent} independent {lines} · credibility {c.credibility.value} "
            f"({c.credibility.meaning}) · {len(c.reporters)} sources · id {c.claim}"
        ),
        "flags": [BADGES[f] for f in c.flags],
        "explanation": explanation,
        "lines": [[names[s] for s in line] for line in c.lines],
        "common": [names[s] for s in c.common_links],
        "reports": [
            {
                "source": names[r.source],
                "meta": _report_meta(r, names),
                "quote": r.quote,
                "url": _safe_url(r.url),
            }
            for r in sorted(reports, key=lambda r: (not r.observed, names[r.source]))
        ],
    }


def _report_meta(r: Report, names: dict[str, str]) -> str:
    parts = ["read" if r.observed else "attributed: known only through a citation", str(r.hedge)]
    if r.published is not None:
        parts.append(r.published.isoformat())
    if r.via:
        parts.append("via " + ", ".join(names[u] for u in r.via))
    if r.firsthand:
        parts.append("first-hand")
    return " · ".join(parts)


def _source_meta(s: Source, observed: bool, n_claims: int) -> str:
    parts = [s.kind or "source"]
    if s.reliability is not None:
        parts.append(f"reliability {s.reliability.value} ({s.reliability.meaning})")
    if s.group is not None:
        parts.append(f"group {s.group}")
    parts.append(f"{n_claims} claim{'' if n_claims == 1 else 's'}")
    parts.append("read" if observed else "known only through citations")
    return " · ".join(parts)


def _safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) address, else None: no javascript:, data: or file: links."""
    if url is None:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _claim_colour(k: int, border: str) -> dict[str, Any]:
    """The colour of a claim with `k` lines (capped at 3); a node's colour replaces its group's."""
    background = CLAIM_COLOURS[k]
    return {
        "background": background,
        "border": border,
        "highlight": {"background": background, "border": "#111"},
        "hover": {"background": background, "border": "#111"},
    }


def _options(n_nodes: int) -> dict[str, Any]:
    def claim_group(k: int) -> dict[str, Any]:
        return {
            "shape": "box",
            "margin": 8,
            "color": _claim_colour(k, CLAIM_BORDERS[k]),
            "font": {"color": "#ffffff" if k in (0, 3) else "#1d1d1f", "size": 14},
        }

    def source_group(background: str, border: str, dashes: Any) -> dict[str, Any]:
        return {
            "shape": "ellipse",
            "borderWidth": 2,
            "shapeProperties": {"borderDashes": dashes},
            "color": {
                "background": background,
                "border": border,
                "highlight": {"background": "#ffe082", "border": "#111"},
                "hover": {"background": background, "border": "#111"},
            },
        }

    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": n_nodes > 2000,
            "hideEdgesOnZoom": n_nodes > 2000,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "width": 1,
            "selectionWidth": 3,
            "color": {"color": "#7d8a99", "highlight": "#1f4e8c", "hover": "#333"},
        },
        "nodes": {"font": {"face": "system-ui, sans-serif", "size": 14}},
        "groups": {
            "observed": source_group("#dbe9f6", "#2c6fad", False),
            "attributed": source_group("#ffffff", "#888888", [3, 3]),
            **{f"claim{k}": claim_group(k) for k in range(4)},
        },
    }


# ---------------------------------------------------------------------- the page


@functools.cache
def _assets() -> tuple[str, str, str]:
    """(vis-network, the page's script, the page's style), read once."""
    try:
        vis = resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js"
    except ModuleNotFoundError:  # pragma: no cover - pyvis is a dependency
        raise MissingDependencyError("rendering HTML", "pyvis") from None
    static = resources.files("provenance") / "static"
    texts = (
        vis.read_text(encoding="utf-8"),
        (static / "page.js").read_text(encoding="utf-8"),
        (static / "page.css").read_text(encoding="utf-8"),
    )
    for text in texts:  # inlined as they are: they must not close their own element
        if "</script" in text.lower() or "</style" in text.lower():
            raise RuntimeError("an inlined asset contains a closing tag")
    return texts


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its ``<script>`` block early or be read as markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _page(data: dict[str, Any], title: str) -> str:
    vis, script, style = _assets()
    policy = (
        f"default-src 'none'; script-src {_hash(vis)} {_hash(script)}; "
        f"style-src {_hash(style)}; img-src data:; base-uri 'none'; form-action 'none'"
    )
    legend = "".join(
        f'<li><span class="swatch {css}"></span>{html.escape(text)}</li>' for css, text in LEGEND
    )
    heading = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="provenance-graph">
<title>{heading}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{heading}</h1>
<input type="search" id="search" placeholder="Find a source or claim"
 aria-label="Find a source or claim">
<span id="search-status" aria-live="polite"></span>
<label><input type="checkbox" id="flagged-only"> only flagged claims</label>
<ul class="legend">{legend}</ul>
</header>
<main>
<div id="graph"></div>
<aside id="panel" hidden aria-live="polite"></aside>
</main>
<script type="application/json" id="provenance-data">{_json_for_script(data)}</script>
<script>{vis}</script>
<script>{script}</script>
</body>
</html>
"""
