"""What the page shows: nodes, edges, panels and the search index, as JSON-ready data.

Node ids in the page are opaque (``n0`` for a source or claim, ``g0`` for a fan-out of
sources drawn as one), never user text. The same data draws the static picture
(:mod:`~provenance.render.picture`).

Each claim's text is in the data once, as the first line of its node's tooltip (whose
second is its panel's explanation, see :func:`tooltip`); the panels of the sources and
fan-outs that report it, and the search index, name it by its page id, and the page's
script looks the text up. So the page grows with the story, not
with sources × claims: 100 sources reporting the same 100 long claims add 100 page ids
each, not 100 texts. Fields left at their default (an edge not dashed, a report with no
quote or no link) are left out. What the side panels say is
:mod:`~provenance.render.panels`.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attrs import evolve, frozen

from provenance._text import shorten
from provenance.model import Hedge, Report, Source
from provenance.render.fanout import fan_out_label, fan_outs
from provenance.render.layout import Band, Layout, grids_below, label_size, layered_layout
from provenance.render.panels import claim_panel, human_date, safe_url, source_meta
from provenance.render.routing import route_edges
from provenance.render.style import (
    BADGES,
    CONTRADICTION_LINE,
    FONT,
    QUIET_FLAGS,
    RETRACTED_EDGE,
    SUSPECTED_EDGE,
    UNSOURCED_EDGE,
    WARNING_BORDER,
    claim_colour,
    options,
    weakness,
)
from provenance.scoring import Corroboration, corroboration
from provenance.store import Store

__all__ = ["human_date", "page_data", "safe_url", "tooltip"]

CLAIM_WIDTH = 32  # characters per line of a claim's label
CLAIM_LINES = 3


def page_data(graph: Store, claim_ids: Sequence[str], *, everything: bool) -> dict[str, Any]:
    """The page's nodes, edges, options and panels; every source when `everything`."""
    story = _story(graph, claim_ids, everything)
    pid, results = story.pid, story.results
    metas = {
        s.id: source_meta(s, story.observed_any[s.id], len(story.claims_of[s.id]))
        for s in story.sources
    }
    fan_out_nodes, group_panels = _fan_out_nodes(story, metas)
    claim_nodes, level = _claim_nodes(story)
    nodes = [*_source_nodes(story, metas), *fan_out_nodes, *claim_nodes]
    edges = _edges(graph, story)
    contradictions = [
        (pid[a], pid[b]) for a, b in graph.contradictions() if a in results and b in results
    ]
    unflagged = _unflagged(story)
    sizes, layouts = _placed(nodes, edges.edges, story, contradictions, unflagged, group_panels)
    return {
        "nodes": nodes,
        "edges": edges.edges,
        "sizes": sizes,
        "options": options(len(nodes)),
        "contradictions": contradictions,
        "contradictionColour": CONTRADICTION_LINE,
        "focus": min(level, key=level.__getitem__, default=None),  # the weakest claim
        "layouts": layouts,
        "claims": _claim_panels(story, edges.ids),
        "sources": {
            story.own[s.id]: {
                "name": s.name,
                "meta": metas[s.id],
                "claims": [pid[c] for c in story.claims_of[s.id]],
            }
            for s in story.sources
        },
        "groups": group_panels,
        "search": [[pid[s.id], f"{s.name}\n{s.id}".lower()] for s in story.sources]
        + [[pid[c], c.lower()] for c in results],  # the script adds each claim's text
        "unflagged": unflagged,
    }


@frozen
class _Story:
    """What the page draws, and the indexes its steps read.

    Page ids: a fan-out's members are drawn as its one node (`pid`); each has its own
    node too (`own`), hidden until the fan-out is opened.
    """

    results: dict[str, Corroboration]  # claim -> its result
    reports: dict[str, list[Report]]  # claim -> its reports
    sources: list[Source]  # the sources drawn
    groups: list[list[Source]]  # the fan-outs: sources alike, drawn as one node each
    own: dict[str, str]  # source -> its own page id
    pid: dict[str, str]  # source or claim -> the page id it is drawn as
    observed_any: dict[str, bool]  # source -> whether any of its reports was read
    claims_of: dict[str, list[str]]  # source -> the claims it reports
    via_reports: dict[tuple[str, str], list[Report]]  # via edge -> the reports citing it
    drawn: dict[str, list[Report]]  # claim -> the reports with an edge to the claim

    @property
    def names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.sources}

    @property
    def members(self) -> list[Source]:
        return [s for group in self.groups for s in group]

    @property
    def every_report(self) -> list[Report]:
        return [r for rs in self.reports.values() for r in rs]


def _story(graph: Store, claim_ids: Sequence[str], everything: bool) -> _Story:
    """The claims' results and reports, the sources drawn (those reporting the claims
    unless `everything`), their fan-outs and page ids, and what the reports say of them."""
    results = {c: corroboration(graph, c) for c in claim_ids}
    reports = {c: graph.reports(c) for c in claim_ids}
    sources = graph.sources
    if not everything:
        reporting = {r.source for rs in reports.values() for r in rs}
        sources = [s for s in sources if s.id in reporting]
    every_report = [r for rs in reports.values() for r in rs]
    groups = fan_outs(sources, every_report, {u for r in every_report for u in r.via})
    own, pid = _page_ids(sources, claim_ids, groups)
    uses = _uses(reports, sources, pid)
    return _Story(results, reports, sources, groups, own, pid, *uses)


def _page_ids(
    sources: list[Source], claim_ids: Sequence[str], groups: list[list[Source]]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each source's own page id, and the page id each source and claim is drawn as."""
    own = {s.id: f"n{i}" for i, s in enumerate(sources)}
    pid = {claim: f"n{len(sources) + i}" for i, claim in enumerate(claim_ids)}
    for i, group in enumerate(groups):
        pid.update({s.id: f"g{i}" for s in group})
    pid.update({s.id: own[s.id] for s in sources if s.id not in pid})  # drawn alone
    return own, pid


def _uses(
    reports: dict[str, list[Report]], sources: list[Source], pid: dict[str, str]
) -> tuple[
    dict[str, bool],
    dict[str, list[str]],
    dict[tuple[str, str], list[Report]],
    dict[str, list[Report]],
]:
    """What the reports say of their sources: `observed_any`, `claims_of`, `via_reports`
    and `drawn`, as :class:`_Story` holds them."""
    observed_any = {s.id: False for s in sources}
    claims_of: dict[str, list[str]] = {s.id: [] for s in sources}
    via_reports: dict[tuple[str, str], list[Report]] = {}
    drawn: dict[str, list[Report]] = {}
    for claim, claim_reports in reports.items():
        claim_cited = {u for r in claim_reports for u in r.via}
        drawn[claim] = [r for r in claim_reports if r.observed or r.source not in claim_cited]
        for r in claim_reports:
            observed_any[r.source] |= r.observed
            claims_of[r.source].append(claim)
            for upstream in r.via:
                via_reports.setdefault((pid[upstream], pid[r.source]), []).append(r)
    return observed_any, claims_of, via_reports, drawn


def _source_nodes(story: _Story, metas: dict[str, str]) -> list[dict[str, Any]]:
    """A node for each source drawn alone, then for each fan-out's member (hidden)."""
    singles = [s for s in story.sources if story.pid[s.id] == story.own[s.id]]
    return [
        {
            "id": story.own[s.id],
            "label": shorten(s.name, 28),
            "group": "observed" if story.observed_any[s.id] else "attributed",
            "tip": [s.name, metas[s.id]],
        }
        | ({"hidden": True} if story.pid[s.id] != story.own[s.id] else {})
        for s in [*singles, *story.members]
    ]


def _fan_out_nodes(
    story: _Story, metas: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A node for each fan-out, and its panel, by page id."""
    nodes: list[dict[str, Any]] = []
    panels: dict[str, Any] = {}
    names, every_report = story.names, story.every_report
    for i, group in enumerate(story.groups):
        ids = {s.id for s in group}
        vias = {u: names[u] for r in every_report if r.source in ids for u in r.via}
        label = fan_out_label(group, vias)
        nodes.append(
            {"id": f"g{i}", "label": label, "group": "fanout",
             "tip": [label.replace("\n", " "), "folded: click to list them"]}
        )  # fmt: skip
        panels[f"g{i}"] = {
            "name": label.replace("\n", " "),
            "meta": f"each: {metas[group[0].id]}",
            "members": [[s.name, s.id] for s in group],
            "nodes": [story.own[s.id] for s in group],
            "claims": [story.pid[c] for c in story.claims_of[group[0].id]],  # texts: in the nodes
        }
    return nodes, panels


def _claim_nodes(story: _Story) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """A node for each claim, and each claim's weakness (0 the weakest), by page id."""
    nodes: list[dict[str, Any]] = []
    level: dict[str, int] = {}
    for claim, c in story.results.items():
        k = level[story.pid[claim]] = weakness(c.independent, c.flags)
        node: dict[str, Any] = {"id": story.pid[claim], "label": _claim_label(c),
                "group": f"claim{k}", "tip": [c.text]}  # fmt: skip  # then its explanation
        if any(f not in QUIET_FLAGS for f in c.flags):  # stands out among claims alike
            node.update(borderWidth=5, color=claim_colour(k, WARNING_BORDER))
        nodes.append(node)
    return nodes, level


class _Edges:
    """The page's edges, at most one from one page id to another (a fan-out's members
    share theirs), and each one's id by its ends."""

    def __init__(self) -> None:
        self.edges: list[dict[str, Any]] = []
        self.ids: dict[tuple[str, str], str] = {}

    def add(self, u: str, v: str, **style: Any) -> None:
        if (u, v) not in self.ids:
            self.ids[u, v] = f"e{len(self.edges)}"
            if not style.get("dashes", True):
                del style["dashes"]  # vis-network's default: said once per edge is a lot
            self.edges.append({"id": self.ids[u, v], "from": u, "to": v, **style})


def _edges(graph: Store, story: _Story) -> _Edges:
    """The vias, the reports, a fan-out's members' own (drawn when it is opened), and
    suspected copying, drawn apart from the declared vias."""
    edges = _Edges()
    pid, own = story.pid, story.own
    for (u, v), downstream in story.via_reports.items():
        edges.add(u, v, dashes=all(r.hedge is Hedge.UNCERTAIN for r in downstream))
    for claim, claim_reports in story.drawn.items():
        for r in claim_reports:
            edges.add(pid[r.source], pid[claim], **_report_style(r))
    for claim, claim_reports in story.drawn.items():
        for r in claim_reports:
            if pid[r.source] != own[r.source]:
                edges.add(own[r.source], pid[claim], **_report_style(r))
                for upstream in r.via:
                    edges.add(pid[upstream], own[r.source], dashes=r.hedge is Hedge.UNCERTAIN)
    for copy in graph.suspected():
        if copy.copier in pid and copy.original in pid:
            why = "; ".join(copy.evidence)
            tip = f"suspected copying ({copy.probability:.2f}){': ' + why if why else ''}"
            edges.add(pid[copy.original], pid[copy.copier], title=tip, **SUSPECTED_EDGE)
    return edges


def _unflagged(story: _Story) -> list[str]:
    """The page ids the flagged view hides: claims without a flag, and the sources (and
    fan-outs) that report only such claims."""
    results, pid = story.results, story.pid
    quiet_claims = [pid[c] for c, r in results.items() if not r.flags]
    quiet_sources = dict.fromkeys(
        page_id
        for s in story.sources
        if not any(results[c].flags for c in story.claims_of[s.id])
        for page_id in dict.fromkeys((pid[s.id], story.own[s.id]))
    )
    return quiet_claims + list(quiet_sources)


def _placed(
    nodes: list[dict[str, Any]],
    data_edges: list[dict[str, Any]],
    story: _Story,
    contradictions: list[tuple[str, str]],
    unflagged: list[str],
    group_panels: dict[str, Any],
) -> tuple[dict[str, tuple[float, float]], dict[str, Any]]:
    """Every box's size, and the page's two layouts (all, flagged only). Sets each node's
    position and each fan-out panel's band, where its members go when it is opened, and
    routes the edges that would pass behind a box around it."""
    sizes = {n["id"]: label_size(n["label"], FONT) for n in nodes}
    reporters = {story.pid[c]: [story.pid[r.source] for r in rs] for c, rs in story.drawn.items()}
    closed = [story.own[s.id] for s in story.members]
    via, hide = story.via_reports, [*unflagged, *closed]
    full = _layout(nodes, via, reporters, sizes, contradictions, hide=closed)
    flagged = _layout(nodes, via, reporters, sizes, contradictions, hide=hide)
    opened, grids = grids_below(
        full.positions, sizes, [(gid, panel["nodes"]) for gid, panel in group_panels.items()]
    )
    for panel, grid in zip(group_panels.values(), grids, strict=True):
        panel["band"] = _band(grid, panel["name"])
    at = full.positions | opened
    for node in nodes:  # vis-network truncates positions to whole pixels: round them here
        node["x"], node["y"] = (round(v) for v in at[node["id"]])
    edges = [(e["id"], e["from"], e["to"]) for e in data_edges]
    return sizes, {
        "all": _drawing(full, opened, edges),
        "flagged": _drawing(flagged, {}, edges),
    }


def _claim_panels(story: _Story, edge_ids: dict[tuple[str, str], str]) -> dict[str, Any]:
    """Each claim's side panel, with the nodes and edges of its lines, and its upstream."""
    pid, names = story.pid, story.names

    def line_edges(c: Corroboration) -> list[str]:
        steps = [step for line in c.lines for step in itertools.pairwise(line)]
        steps += [(line[-1], c.claim) for line in c.lines]
        return list(dict.fromkeys(edge_ids[pid[a], pid[b]] for a, b in steps))

    return {
        pid[claim]: claim_panel(c, story.reports[claim], names)
        | {
            "lineNodes": sorted({pid[s] for line in c.lines for s in line}),
            "lineEdges": line_edges(c),
            "upstream": sorted(
                {pid[r.source] for r in story.reports[claim]}
                | {story.own[r.source] for r in story.reports[claim]}
            ),
        }
        for claim, c in story.results.items()
    }


def tooltip(data: Mapping[str, Any], node: Mapping[str, Any]) -> list[str]:
    """The paragraphs of `node`'s tooltip: its ``tip``, and a claim's explanation after.

    The page's script builds the same; the explanation is kept once, in the claim's panel.

    >>> tooltip({"claims": {"n1": {"explanation": "1 line."}}}, {"id": "n1", "tip": ["A"]})
    ['A', '1 line.']
    """
    panel = data["claims"].get(node["id"])
    return [*node["tip"], *([panel["explanation"]] if panel is not None else [])]


def _layout(
    nodes: list[dict[str, Any]],
    via: Mapping[tuple[str, str], object],
    reporters: Mapping[str, list[str]],
    sizes: Mapping[str, tuple[float, float]],
    contradictions: list[tuple[str, str]],
    hide: Iterable[str],
) -> Layout[str]:
    hidden = set(hide)
    shown = [n["id"] for n in nodes if n["id"] not in hidden]
    claims = [n for n in shown if n in reporters]
    return layered_layout(
        [n for n in shown if n not in reporters],
        [(u, v) for u, v in via if u not in hidden and v not in hidden],
        claims,
        {c: [s for s in reporters[c] if s not in hidden] for c in claims},
        sizes,
        [(a, b) for a, b in contradictions if a not in hidden and b not in hidden],
    )


def _band(band: Band[str], label: str) -> dict[str, Any]:
    return {"box": [round(v, 1) for v in band.box], "label": label}


def _drawing(
    layout: Layout[str], opened: dict[str, tuple[float, float]], edges: list[tuple[str, str, str]]
) -> dict[str, Any]:
    """A layout as the page's script reads it (positions in whole pixels, as drawn), with
    where the fan-outs' members go when opened, and the route of each edge (by id) that
    is not drawn straight."""
    at = {n: (float(round(x)), float(round(y))) for n, (x, y) in layout.positions.items()}
    routes = route_edges(evolve(layout, positions=at), [(u, v) for _, u, v in edges])
    return {
        "positions": {n: [round(x), round(y)] for n, (x, y) in (layout.positions | opened).items()},
        "paths": {  # x0, y0, x1, y1, ...: in whole pixels, which keeps them short
            i: [round(v) for point in route for v in point]
            for (i, _, _), route in zip(edges, routes, strict=True)
            if route
        },
        "bands": [
            _band(
                band,
                f"{band.nodes} {'claims' if band.claims else 'sources at one depth'}, "
                f"in {band.columns} columns",
            )
            for band in layout.bands
        ],
        "routes": [[[round(x, 1), round(y, 1)] for x, y in route] for route in layout.routes],
    }


def _claim_label(c: Corroboration) -> str:
    """Up to three lines of the claim's text, its count, and its flags' badges."""
    lines = textwrap.wrap(" ".join(c.text.split()), CLAIM_WIDTH) or [""]
    if len(lines) > CLAIM_LINES:
        lines = [*lines[: CLAIM_LINES - 1], shorten(" ".join(lines[CLAIM_LINES - 1 :]), 32)]
    lines.append(f"{c.lines_text} line{'' if c.lines_text == '1' else 's'}")
    badges = [BADGES[f] for f in c.flags]
    if any(f not in QUIET_FLAGS for f in c.flags):
        badges[0] = "⚠ " + badges[0]
    lines += textwrap.wrap(" · ".join(badges), CLAIM_WIDTH)
    return "\n".join(lines)


def _report_style(r: Report) -> dict[str, Any]:
    style: dict[str, Any] = {"dashes": r.hedge is Hedge.UNCERTAIN}
    if not r.observed:
        style["color"] = {"color": "#b5b5b5"}
    if r.unsourced:
        style.update(UNSOURCED_EDGE)
    if r.retracted is not None:
        style.update(RETRACTED_EDGE)
    return style
