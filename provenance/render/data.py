"""What the page shows: nodes, edges, panels and the search index, as JSON-ready data.

Node ids in the page are opaque (``n0``, ``n1``, …), never user text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from provenance.model import Flag, Hedge, Report, Source
from provenance.render.layout import layered_positions
from provenance.render.style import (
    BADGES,
    QUIET_FLAGS,
    RETRACTED_EDGE,
    SUSPECTED_EDGE,
    UNSOURCED_EDGE,
    WARNING_BORDER,
    claim_colour,
    options,
)
from provenance.scoring import Corroboration, corroboration
from provenance.scoring.words import shorten
from provenance.store import Store

__all__ = ["page_data", "safe_url"]


def page_data(graph: Store, claim_ids: Sequence[str], *, everything: bool) -> dict[str, Any]:
    """The page's nodes, edges, options and panels; every source when `everything`."""
    results = {c: corroboration(graph, c) for c in claim_ids}
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
            if r.unsourced:
                style.update(UNSOURCED_EDGE)
            if r.retracted is not None:
                style.update(RETRACTED_EDGE)
            add_edge(r.source, claim, **style)
    for copy in graph.suspected():  # drawn apart from the declared vias
        if (
            copy.copier in ids
            and copy.original in ids
            and (copy.original, copy.copier) not in edge_id
        ):
            why = "; ".join(copy.evidence)
            tip = f"suspected copying ({copy.probability:.2f}){': ' + why if why else ''}"
            add_edge(copy.original, copy.copier, title=tip, **SUSPECTED_EDGE)
    for a, b in graph.contradictions():
        if a in results and b in results:
            add_edge(a, b, dashes=True, arrows="", color={"color": "#d73027"}, width=2)

    metas = {s.id: _source_meta(s, observed_any[s.id], len(claims_of[s.id])) for s in sources}
    as_json = {claim: c.to_dict() for claim, c in results.items()}  # the one JSON form
    nodes: list[dict[str, Any]] = []
    for s in sources:
        x, y = positions[s.id]
        group = "observed" if observed_any[s.id] else "attributed"
        nodes.append(
            {
                "id": ids[s.id],
                "label": shorten(s.name, 28),
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
        count = f"{c.lines_text} line{'' if c.lines_text == '1' else 's'}"
        label = f"{shorten(c.text, 40)}\n{count}" + (
            f"\n{'⚠ ' * warning}{badges}" if badges else ""
        )
        k = min(c.independent, 3)
        node = {
            "id": ids[claim],
            "label": label,
            "group": f"claim{k}",
            "x": x,
            "y": y,
            "tip": [c.text, as_json[claim]["explanation"]],
        }
        if warning:  # stands out even among claims of the same colour
            node.update(borderWidth=5, color=claim_colour(k, WARNING_BORDER))
        nodes.append(node)

    def line_edges(c: Corroboration) -> list[str]:
        steps = [step for line in c.lines for step in itertools.pairwise(line)]
        steps += [(line[-1], c.claim) for line in c.lines]
        return [edge_id[step] for step in steps]

    return {
        "nodes": nodes,
        "edges": edges,
        "options": options(len(nodes)),
        "claims": {
            ids[claim]: _claim_panel(c, as_json[claim], reports[claim], names)
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


def _claim_panel(
    c: Corroboration, result: dict[str, Any], reports: list[Report], names: dict[str, str]
) -> dict[str, Any]:
    """The side panel of a claim, from its result's JSON form (`result`)."""
    lines = "line" if c.lines_text == "1" else "lines"
    return {
        "text": result["text"],
        "summary": (
            f"{c.lines_text} independent {lines} (proven{'–possible' * ('–' in c.lines_text)})"
            f" · support {result['support']:.2f} · credibility {result['credibility']} "
            f"({result['credibility_meaning']}) · {len(result['reporters'])} sources · "
            f"id {result['claim']}"
        ),
        "flags": [BADGES[Flag(f)] for f in result["flags"]],
        "explanation": result["explanation"],
        "lines": [[names[s] for s in line] for line in result["lines"]],
        "common": [names[s] for s in result["common_links"]],
        "reports": [
            {
                "source": names[r.source],
                "meta": _report_meta(r, names),
                "quote": r.quote,
                "url": safe_url(r.url),
            }
            for r in sorted(reports, key=lambda r: (not r.observed, names[r.source]))
        ],
    }


def _report_meta(r: Report, names: dict[str, str]) -> str:
    parts = ["read" if r.observed else "attributed: known only through a citation"]
    parts.append(f"{r.hedge} ('{r.hedge_text}')" if r.hedge_text else str(r.hedge))
    if r.published is not None:
        parts.append(r.published.isoformat())
    if r.via:
        parts.append("via " + ", ".join(names[u] for u in r.via))
    if r.firsthand:
        parts.append("first-hand")
    if r.unsourced:
        parts.append("unsourced: does not say where it got it")
    if r.retracted is not None:
        parts.append(f"retracted {r.retracted.isoformat()}: supports nothing")
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


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) address, else None: no javascript:, data: or file: links."""
    if url is None:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
