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
quote or no link) are left out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from provenance.model import Flag, Hedge, Report, Source
from provenance.render.fanout import fan_out_label, fan_outs
from provenance.render.layout import (
    Band,
    Layout,
    grids_below,
    label_size,
    layered_layout,
    via_depths,
)
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
from provenance.scoring.words import shorten
from provenance.store import Store
from provenance.terms import Published

__all__ = ["human_date", "page_data", "safe_url", "tooltip"]

CLAIM_WIDTH = 32  # characters per line of a claim's label
CLAIM_LINES = 3


def page_data(graph: Store, claim_ids: Sequence[str], *, everything: bool) -> dict[str, Any]:
    """The page's nodes, edges, options and panels; every source when `everything`."""
    results = {c: corroboration(graph, c) for c in claim_ids}
    reports = {c: graph.reports(c) for c in claim_ids}
    sources = graph.sources
    if not everything:
        reporting = {r.source for rs in reports.values() for r in rs}
        sources = [s for s in sources if s.id in reporting]
    names = {s.id: s.name for s in sources}
    every_report = [r for rs in reports.values() for r in rs]
    cited = {u for r in every_report for u in r.via}

    # Page ids: a fan-out's members map to its one node (`pid`); each has its own node
    # too (`own`), hidden until the fan-out is opened.
    own = {s.id: f"n{i}" for i, s in enumerate(sources)}
    pid = {claim: f"n{len(sources) + i}" for i, claim in enumerate(claim_ids)}
    groups = fan_outs(sources, every_report, cited)
    for i, group in enumerate(groups):
        pid.update({s.id: f"g{i}" for s in group})
    singles = [s for s in sources if s.id not in pid]
    members = [s for group in groups for s in group]
    pid.update({s.id: own[s.id] for s in singles})

    observed_any = {s.id: False for s in sources}
    claims_of: dict[str, list[str]] = {s.id: [] for s in sources}
    via_reports: dict[tuple[str, str], list[Report]] = {}
    drawn: dict[str, list[Report]] = {}  # claim -> reports with an edge to the claim
    for claim, claim_reports in reports.items():
        claim_cited = {u for r in claim_reports for u in r.via}
        drawn[claim] = [r for r in claim_reports if r.observed or r.source not in claim_cited]
        for r in claim_reports:
            observed_any[r.source] |= r.observed
            claims_of[r.source].append(claim)
            for upstream in r.via:
                via_reports.setdefault((pid[upstream], pid[r.source]), []).append(r)

    nodes: list[dict[str, Any]] = []
    metas = {s.id: _source_meta(s, observed_any[s.id], len(claims_of[s.id])) for s in sources}
    for s in [*singles, *members]:
        look = "observed" if observed_any[s.id] else "attributed"
        nodes.append(
            {"id": own[s.id], "label": shorten(s.name, 28), "group": look,
             "tip": [s.name, metas[s.id]]}
            | ({"hidden": True} if pid[s.id] != own[s.id] else {})
        )  # fmt: skip
    group_panels: dict[str, Any] = {}
    for i, group in enumerate(groups):
        ids = {s.id for s in group}
        vias = {u: names[u] for r in every_report if r.source in ids for u in r.via}
        label = fan_out_label(group, vias)
        nodes.append(
            {"id": f"g{i}", "label": label, "group": "fanout",
             "tip": [label.replace("\n", " "), "folded: click to list them"]}
        )  # fmt: skip
        group_panels[f"g{i}"] = {
            "name": label.replace("\n", " "),
            "meta": f"each: {metas[group[0].id]}",
            "members": [[s.name, s.id] for s in group],
            "nodes": [own[s.id] for s in group],
            "claims": [pid[c] for c in claims_of[group[0].id]],  # texts: in the nodes
        }
    level: dict[str, int] = {}
    for claim, c in results.items():
        k = level[pid[claim]] = weakness(c.independent, c.flags)
        node: dict[str, Any] = {"id": pid[claim], "label": _claim_label(c), "group": f"claim{k}",
                "tip": [c.text]}  # fmt: skip  # then its panel's explanation: see tooltip
        if any(f not in QUIET_FLAGS for f in c.flags):  # stands out among claims alike
            node.update(borderWidth=5, color=claim_colour(k, WARNING_BORDER))
        nodes.append(node)

    edges: list[dict[str, Any]] = []
    edge_id: dict[tuple[str, str], str] = {}

    def add_edge(u: str, v: str, **style: Any) -> None:
        if (u, v) not in edge_id:  # a fan-out's members share their edges
            edge_id[u, v] = f"e{len(edges)}"
            if not style.get("dashes", True):
                del style["dashes"]  # vis-network's default: said once per edge is a lot
            edges.append({"id": edge_id[u, v], "from": u, "to": v, **style})

    for (u, v), downstream in via_reports.items():
        add_edge(u, v, dashes=all(r.hedge is Hedge.UNCERTAIN for r in downstream))
    for claim, claim_reports in drawn.items():
        for r in claim_reports:
            add_edge(pid[r.source], pid[claim], **_report_style(r))
    for claim, claim_reports in drawn.items():  # a fan-out's members, drawn when opened
        for r in claim_reports:
            if pid[r.source] != own[r.source]:
                add_edge(own[r.source], pid[claim], **_report_style(r))
                for upstream in r.via:
                    add_edge(pid[upstream], own[r.source], dashes=r.hedge is Hedge.UNCERTAIN)
    for copy in graph.suspected():  # drawn apart from the declared vias
        if copy.copier in pid and copy.original in pid:
            why = "; ".join(copy.evidence)
            tip = f"suspected copying ({copy.probability:.2f}){': ' + why if why else ''}"
            add_edge(pid[copy.original], pid[copy.copier], title=tip, **SUSPECTED_EDGE)
    contradictions = [
        (pid[a], pid[b]) for a, b in graph.contradictions() if a in results and b in results
    ]

    unflagged = [pid[c] for c, r in results.items() if not r.flags]
    unflagged += list(
        dict.fromkeys(
            page_id
            for s in sources
            if not any(results[c].flags for c in claims_of[s.id])
            for page_id in dict.fromkeys((pid[s.id], own[s.id]))
        )
    )
    sizes = {n["id"]: label_size(n["label"], FONT) for n in nodes}
    reporters = {pid[c]: [pid[r.source] for r in rs] for c, rs in drawn.items()}
    closed = [own[s.id] for s in members]
    full = _layout(nodes, via_reports, reporters, sizes, contradictions, hide=closed)
    flagged = _layout(
        nodes, via_reports, reporters, sizes, contradictions, hide=[*unflagged, *closed]
    )
    opened, grids = grids_below(
        full.positions, sizes, [(gid, panel["nodes"]) for gid, panel in group_panels.items()]
    )
    for panel, grid in zip(group_panels.values(), grids, strict=True):
        panel["band"] = _band(grid, panel["name"])
    at = full.positions | opened
    for node in nodes:  # vis-network truncates positions to whole pixels: round them here
        node["x"], node["y"] = (round(v) for v in at[node["id"]])

    def line_edges(c: Corroboration) -> list[str]:
        steps = [step for line in c.lines for step in itertools.pairwise(line)]
        steps += [(line[-1], c.claim) for line in c.lines]
        return list(dict.fromkeys(edge_id[pid[a], pid[b]] for a, b in steps))

    return {
        "nodes": nodes,
        "edges": edges,
        "sizes": sizes,
        "options": options(len(nodes)),
        "contradictions": contradictions,
        "contradictionColour": CONTRADICTION_LINE,
        "focus": min(level, key=level.__getitem__, default=None),  # the weakest claim
        "layouts": {"all": _drawing(full, opened), "flagged": _drawing(flagged, {})},
        "claims": {
            pid[claim]: _claim_panel(c, reports[claim], names)
            | {
                "lineNodes": sorted({pid[s] for line in c.lines for s in line}),
                "lineEdges": line_edges(c),
                "upstream": sorted(
                    {pid[r.source] for r in reports[claim]}
                    | {own[r.source] for r in reports[claim]}
                ),
            }
            for claim, c in results.items()
        },
        "sources": {
            own[s.id]: {
                "name": s.name,
                "meta": metas[s.id],
                "claims": [pid[c] for c in claims_of[s.id]],
            }
            for s in sources
        },
        "groups": group_panels,
        "search": [[pid[s.id], f"{s.name}\n{s.id}".lower()] for s in sources]
        + [[pid[c], c.lower()] for c in results],  # the script adds each claim's text
        "unflagged": unflagged,
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


def _drawing(layout: Layout[str], opened: dict[str, tuple[float, float]]) -> dict[str, Any]:
    """A layout as the page's script reads it (positions in whole pixels, as drawn), with
    where the fan-outs' members go when opened."""
    return {
        "positions": {n: [round(x), round(y)] for n, (x, y) in (layout.positions | opened).items()},
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


def _claim_panel(c: Corroboration, reports: list[Report], names: dict[str, str]) -> dict[str, Any]:
    """The side panel of a claim, from its result's JSON form."""
    result = c.to_dict()
    lines = "line" if c.lines_text == "1" else "lines"
    relays = nx.DiGraph([(u, r.source) for r in reports for u in r.via])
    relays.add_nodes_from(r.source for r in reports)
    depth = via_depths(relays)  # on one date, a source comes before those citing it
    timeline = sorted(
        reports, key=lambda r: (*_when(r.published), depth[r.source], names[r.source])
    )
    first = next((r.published for r in timeline if r.published is not None), None)
    return {
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
        "timeline": [
            [human_date(r.published), names[r.source], _after(first, r.published)] for r in timeline
        ],
        "reports": [_report_entry(r, names) for r in timeline],
    }


def _report_entry(r: Report, names: dict[str, str]) -> dict[str, Any]:
    """A report in its claim's panel: source and details, quote and link when it has them."""
    entry: dict[str, Any] = {"source": names[r.source], "meta": _report_meta(r, names)}
    url = safe_url(r.url)
    if r.quote is not None:
        entry["quote"] = r.quote
    if url is not None:
        entry["url"] = url
    return entry


def _when(published: Published | None) -> tuple[bool, dt.datetime]:
    """A sort key: undated last; dates at their midnight; aware times in UTC."""
    if published is None:
        return True, dt.datetime.min
    if not isinstance(published, dt.datetime):
        return False, dt.datetime.combine(published, dt.time())
    if published.tzinfo is not None:
        return False, published.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return False, published


def human_date(published: Published | None) -> str:
    """A report's date as people write it.

    >>> human_date(dt.date(2024, 12, 28)), human_date(None)
    ('28 Dec 2024', 'date not given')
    >>> human_date(dt.datetime(2024, 12, 28, 9, 5, tzinfo=dt.timezone.utc))
    '28 Dec 2024, 09:05 UTC'
    """
    if published is None:
        return "date not given"
    day = f"{published.day} {published:%b %Y}"
    if not isinstance(published, dt.datetime):
        return day
    zone = published.strftime(" UTC%z").replace("UTC+0000", "UTC") if published.tzinfo else ""
    return f"{day}, {published:%H:%M}{zone}"


def _after(first: Published | None, published: Published | None) -> str:
    """How long after the first dated report `published` came: "first", "+3 h", "+2 days"."""
    if first is None or published is None:
        return ""
    if published == first:
        return "first"
    both_timed = isinstance(first, dt.datetime) and isinstance(published, dt.datetime)
    delta = _when(published)[1] - _when(first)[1]
    if both_timed and delta < dt.timedelta(hours=48):
        minutes = int(delta.total_seconds() // 60)
        return f"+{minutes} min" if minutes < 60 else f"+{minutes // 60} h"
    days = delta.days
    return "same day" if days == 0 else f"+{days} day{'' if days == 1 else 's'}"


def _report_meta(r: Report, names: dict[str, str]) -> str:
    parts = ["read" if r.observed else "attributed: known only through a citation"]
    parts.append(f"{r.hedge} ('{r.hedge_text}')" if r.hedge_text else str(r.hedge))
    if r.published is not None:
        parts.append(human_date(r.published))
    if r.via:
        parts.append("via " + ", ".join(names[u] for u in r.via))
    if r.firsthand:
        parts.append("first-hand")
    if r.unsourced:
        parts.append("unsourced: does not say where it got it")
    if r.retracted is not None:
        parts.append(f"retracted {human_date(r.retracted)}: supports nothing")
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
