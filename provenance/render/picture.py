"""A static SVG picture of the page's graph, for a memo or an article.

Drawn in Python from the page's own data and layout (no browser): the same boxes,
colours, badges, folded-layer bands, routed contradictions and edges routed round the
boxes they would pass behind, with a legend. Every text is escaped, and characters XML
cannot carry are dropped, so a hostile name stays text; each box has a ``<title>`` with
the full text, which viewers show on hover.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

from attrs import frozen

from provenance.render.data import tooltip
from provenance.render.layout import LINE_HEIGHT, label_size
from provenance.render.style import CONTRADICTION_LINE, FONT, LEGEND

__all__ = ["picture"]

PAD = 30.0
LEGEND_ROW, LEGEND_GAP = 24.0, 12.0
# Three columns, each as wide as its widest entry (swatch, its text) and a gap: an entry's
# text ends before the next column starts.
LEGEND_COLUMNS = tuple(
    max(22 + label_size(s.text, 12)[0] for s in LEGEND[column::3]) + LEGEND_GAP
    for column in range(3)
)
EDGE = "#7d8a99"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def _dashes(dashes: Any) -> str:
    if dashes is True:
        return ' stroke-dasharray="6 4"'
    if isinstance(dashes, list) and dashes:
        return f' stroke-dasharray="{" ".join(str(d) for d in dashes)}"'
    return ""


def _clip(
    x: float, y: float, size: tuple[float, float], tx: float, ty: float
) -> tuple[float, float]:
    """Where the segment from the box centred at (x, y) towards (tx, ty) leaves the box."""
    dx, dy = tx - x, ty - y
    if dx == dy == 0:
        return x, y
    t = min(size[0] / 2 / abs(dx) if dx else 1e18, size[1] / 2 / abs(dy) if dy else 1e18, 1.0)
    return x + dx * t, y + dy * t


def picture(data: dict[str, Any], title: str) -> str:
    """The SVG document drawing `data` (see :func:`~provenance.render.data.page_data`)."""
    groups, sizes = data["options"]["groups"], data["sizes"]
    nodes = {n["id"]: n for n in data["nodes"] if not n.get("hidden")}  # folded fan-outs
    drawing = data["layouts"]["all"]
    frame = _Frame.around(nodes, sizes, drawing["bands"])
    colours = sorted({_edge_colour(e) for e in data["edges"]})  # markers: a few unused is fine
    boxes = (_box(n, sizes[n["id"]], groups[n["group"]], tooltip(data, n)) for n in nodes.values())
    lines = [
        *_heading(frame, title),
        *_arrowheads(colours),
        *map(_band, drawing["bands"]),
        *map(_route, drawing["routes"]),
        *_edges(data["edges"], nodes, sizes, colours, drawing.get("paths", {})),
        *boxes,
        *_legend(frame.left + PAD, frame.legend_top + 10),
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


@frozen
class _Frame:
    """The picture's edges: round the boxes and bands, with room for the title above and
    for the legend (from `legend_top`) below."""

    left: float
    top: float
    right: float
    bottom: float
    legend_top: float

    @classmethod
    def around(
        cls,
        nodes: dict[str, dict[str, Any]],
        sizes: dict[str, tuple[float, float]],
        bands: list[dict[str, Any]],
    ) -> _Frame:
        boxes = [
            (n["x"] - sizes[i][0] / 2, n["y"] - sizes[i][1] / 2, n["x"] + sizes[i][0] / 2,
             n["y"] + sizes[i][1] / 2) for i, n in nodes.items()
        ]  # fmt: skip
        boxes += [tuple(band["box"]) for band in bands]
        left = min((b[0] for b in boxes), default=0.0) - PAD
        top = min((b[1] for b in boxes), default=0.0) - PAD - 40  # the title
        right = max((b[2] for b in boxes), default=400.0) + PAD
        bottom = max((b[3] for b in boxes), default=0.0) + PAD
        right = max(right, left + 2 * PAD + sum(LEGEND_COLUMNS))  # room for the legend
        legend_top = bottom
        bottom += LEGEND_ROW * ((len(LEGEND) + 2) // 3) + PAD
        return cls(left, top, right, bottom, legend_top)


def _heading(frame: _Frame, title: str) -> list[str]:
    """The document's opening, its white background and its title."""
    left, top, right, bottom = frame.left, frame.top, frame.right, frame.bottom
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f} '
        f'{right - left:.1f} {bottom - top:.1f}" width="{right - left:.0f}" '
        f'height="{bottom - top:.0f}" font-family="system-ui, -apple-system, Segoe UI, '
        f'sans-serif" font-size="{FONT}">',
        f"<title>{_text(title)}</title>",
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
        f'height="{bottom - top:.1f}" fill="#ffffff"/>',
        f'<text x="{left + PAD:.1f}" y="{top + PAD + 6:.1f}" font-size="20" '
        f'font-weight="600" fill="#1d1d1f">{_text(title)}</text>',
    ]


def _arrowheads(colours: list[str]) -> list[str]:
    """One arrowhead marker per edge colour, ``a0`` for the first."""
    markers = [
        f'<marker id="a{i}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{colour}"/></marker>'
        for i, colour in enumerate(colours)
    ]
    return ["<defs>", *markers, "</defs>"]


def _band(band: dict[str, Any]) -> str:
    """A folded layer's rectangle and its label."""
    x0, y0, x1, y1 = band["box"]
    return (
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
        f'fill="#f2f4f8" stroke="#c5cbd8"/><text x="{x0 + 4}" y="{y0 - 6}" '
        f'font-size="13" fill="#4a5a8a">{_text(band["label"])}</text>'
    )


def _route(route: list[list[float]]) -> str:
    """A contradiction's line, along its route."""
    points = " ".join(f"{x},{y}" for x, y in route)
    return (
        f'<polyline points="{points}" fill="none" stroke="{CONTRADICTION_LINE}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )


def _edges(
    edges: list[dict[str, Any]],
    nodes: dict[str, dict[str, Any]],
    sizes: dict[str, tuple[float, float]],
    colours: list[str],
    paths: dict[str, list[int]],
) -> Iterator[str]:
    """The edges between the nodes drawn, from box edge to box edge, each with the
    arrowhead of its colour: straight, or along its path round the boxes it would pass."""
    for edge in edges:
        if edge["from"] not in nodes or edge["to"] not in nodes:
            continue
        colour = _edge_colour(edge)
        tip = f"<title>{_text(edge['title'])}</title>" if "title" in edge else ""
        style = (
            f'stroke="{colour}" stroke-width="{edge.get("width", 1)}"'
            f'{_dashes(edge.get("dashes"))} marker-end="url(#a{colours.index(colour)})"'
        )
        if edge["id"] in paths:
            path = paths[edge["id"]]
            points = " ".join(f"{x},{y}" for x, y in zip(path[::2], path[1::2], strict=True))
            yield f'<polyline points="{points}" fill="none" {style}>{tip}</polyline>'
            continue
        a, b = nodes[edge["from"]], nodes[edge["to"]]
        x1, y1 = _clip(a["x"], a["y"], sizes[a["id"]], b["x"], b["y"])
        x2, y2 = _clip(b["x"], b["y"], sizes[b["id"]], a["x"], a["y"])
        yield f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {style}>{tip}</line>'


def _edge_colour(edge: dict[str, Any]) -> str:
    colour: str = edge.get("color", {}).get("color", EDGE)
    return colour


def _box(
    node: dict[str, Any], size: tuple[float, float], group: dict[str, Any], tip: list[str]
) -> str:
    colour = node.get("color", group["color"])
    radius = group.get("shapeProperties", {}).get("borderRadius", 6)
    dashes = group.get("shapeProperties", {}).get("borderDashes", False)
    border = node.get("borderWidth", group.get("borderWidth", 1))
    w, h = size
    x, y = node["x"] - w / 2, node["y"] - h / 2
    lines = node["label"].split("\n")
    step = FONT * LINE_HEIGHT
    first = node["y"] - step * (len(lines) - 1) / 2 + FONT * 0.35
    fill = group.get("font", {}).get("color", "#1d1d1f")
    texts = "".join(
        f'<text x="{node["x"]:.1f}" y="{first + i * step:.1f}" text-anchor="middle" '
        f'fill="{fill}">{_text(line)}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f"<g><title>{_text(chr(10).join(tip))}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius}" '
        f'fill="{colour["background"]}" stroke="{colour["border"]}" '
        f'stroke-width="{border}"{_dashes(dashes)}/>{texts}</g>'
    )


def _legend(x: float, y: float) -> Iterable[str]:
    """The legend's entries, three to a row, spaced by the widths of their texts."""
    starts = [x + sum(LEGEND_COLUMNS[:column]) for column in range(3)]
    dashes = {"dashed": ' stroke-dasharray="4 2"', "dotted": ' stroke-dasharray="1.5 2.5"'}
    for i, swatch in enumerate(LEGEND):
        cx, cy = starts[i % 3], y + (i // 3) * LEGEND_ROW
        style = dashes.get(swatch.border, "")
        if swatch.shape == "line":
            mark = (
                f'<line x1="{cx:.1f}" y1="{cy + 6:.1f}" x2="{cx + 16:.1f}" y2="{cy + 6:.1f}" '
                f'stroke="{swatch.stroke}" stroke-width="2"{style}/>'
            )
        else:
            width_ = 3 if swatch.border == "thick" else 1.5
            mark = (
                f'<rect x="{cx:.1f}" y="{cy:.1f}" width="16" height="11" '
                f'rx="{5 if swatch.shape == "pill" else 2}" fill="{swatch.fill}" '
                f'stroke="{swatch.stroke}" stroke-width="{width_}"{style}/>'
            )
        yield (
            f'{mark}<text x="{cx + 22:.1f}" y="{cy + 10:.1f}" font-size="12" fill="#333">'
            f"{_text(swatch.text)}</text>"
        )
