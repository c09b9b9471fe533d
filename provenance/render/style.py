"""How the page looks: claim colours by independent lines, flag badges, the legend,
and vis-network's options."""

from __future__ import annotations

from typing import Any

from provenance.model import Flag

__all__ = [
    "BADGES",
    "CLAIM_COLOURS",
    "LEGEND",
    "QUIET_FLAGS",
    "RETRACTED_EDGE",
    "SUSPECTED_EDGE",
    "UNSOURCED_EDGE",
    "WARNING_BORDER",
    "claim_colour",
    "options",
]

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
    Flag.UNSOURCED: "UNSOURCED",
    Flag.CITES_RETRACTED: "CITES RETRACTED",
}
QUIET_FLAGS = (Flag.SINGLE_SOURCE,)  # the colour says it already; the others earn a ⚠
WARNING_BORDER = "#1d1d1f"
UNSOURCED_EDGE = {"color": {"color": "#e08214"}, "dashes": [2, 5]}  # dotted orange
RETRACTED_EDGE = {"color": {"color": "#d0d0d0"}, "dashes": [8, 4]}
SUSPECTED_EDGE = {"color": {"color": "#7b3294"}, "dashes": [1, 4], "width": 2}  # dotted purple
LEGEND = (
    ("l0", "0 proven lines"),
    ("l1", "1 proven line"),
    ("l2", "2 proven lines"),
    ("l3", "3+ proven lines"),
    ("observed", "source you read"),
    ("attributed", "known only through a citation"),
    ("dashed", "uncertain (hedged) report"),
    ("unsourced", "report that names no source"),
    ("suspected", "suspected copying (evidence, not declared)"),
    ("warning", "⚠ hedged, circular, echo, contradicted…"),
)


def claim_colour(k: int, border: str) -> dict[str, Any]:
    """The colour of a claim with `k` lines (capped at 3); a node's colour replaces its group's."""
    background = CLAIM_COLOURS[k]
    return {
        "background": background,
        "border": border,
        "highlight": {"background": background, "border": "#111"},
        "hover": {"background": background, "border": "#111"},
    }


def options(n_nodes: int) -> dict[str, Any]:
    def claim_group(k: int) -> dict[str, Any]:
        return {
            "shape": "box",
            "margin": 8,
            "color": claim_colour(k, CLAIM_BORDERS[k]),
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
