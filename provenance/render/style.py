"""How the page looks: claim colours by weakness (the weakest loudest), flag badges,
the legend, and vis-network's options."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import frozen

from provenance.model import Flag
from provenance.render.layout import MARGIN

__all__ = [
    "BADGES",
    "CLAIM_COLOURS",
    "CONTRADICTION_LINE",
    "FONT",
    "LEGEND",
    "QUIET_FLAGS",
    "RETRACTED_EDGE",
    "SUSPECTED_EDGE",
    "UNSOURCED_EDGE",
    "WARNING_BORDER",
    "Swatch",
    "claim_colour",
    "legend_css",
    "options",
    "weakness",
]

FONT = 14  # px at zoom 1; the page opens at a zoom that draws it at 12 px or more
# By weakness, 0 the weakest: loud and dark for the claims to worry about, pale for
# the well supported ones.
CLAIM_COLOURS = ("#a50026", "#f46d43", "#fdd0a2", "#e5f2df", "#f4faf2")
CLAIM_BORDERS = ("#4d0013", "#a63603", "#d94801", "#5aae61", "#1b7837")
CLAIM_TEXT = ("#ffffff", "#1d1d1f", "#1d1d1f", "#1d1d1f", "#1d1d1f")
ALARMS = frozenset({Flag.CONTRADICTED, Flag.CIRCULAR, Flag.NO_ORIGIN, Flag.CITES_RETRACTED})
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
CONTRADICTION_LINE = "#d73027"  # drawn on the canvas along its routed path
SUSPECTED_EDGE = {"color": {"color": "#7b3294"}, "dashes": [1, 4], "width": 2}  # dotted purple


@frozen
class Swatch:
    """One legend entry: a small `shape` ("box", "pill" or "line") in the given colours."""

    key: str
    text: str
    shape: str
    fill: str | None
    stroke: str
    border: str = "solid"  # or "dashed", "dotted", "thick"


LEGEND = (
    Swatch("w0", "no proven line, or contradicted, circular, citing a retraction", "box",
           CLAIM_COLOURS[0], CLAIM_BORDERS[0]),
    Swatch("w1", "1 proven line, with warnings", "box", CLAIM_COLOURS[1], CLAIM_BORDERS[1]),
    Swatch("w2", "1 proven line", "box", CLAIM_COLOURS[2], CLAIM_BORDERS[2]),
    Swatch("w3", "2 proven lines", "box", CLAIM_COLOURS[3], CLAIM_BORDERS[3]),
    Swatch("w4", "3+ proven lines", "box", CLAIM_COLOURS[4], CLAIM_BORDERS[4]),
    Swatch("warning", "⚠ hedged, circular, echo, contradicted…", "box", CLAIM_COLOURS[2],
           WARNING_BORDER, "thick"),
    Swatch("observed", "source you read", "pill", "#dbe9f6", "#2c6fad"),
    Swatch("attributed", "known only through a citation", "pill", "#ffffff", "#888888",
           "dashed"),
    Swatch("fanout", "many sources reporting alike, folded into one", "pill", "#eef0f6",
           "#4a5a8a", "dashed"),
    Swatch("dashed", "uncertain (hedged) report", "line", None, "#555555", "dashed"),
    Swatch("unsourced", "report that names no source", "line", None, "#e08214", "dotted"),
    Swatch("suspected", "suspected copying (evidence, not declared)", "line", None, "#7b3294",
           "dotted"),
    Swatch("contradiction", "two claims that contradict each other", "line", None,
           CONTRADICTION_LINE, "dashed"),
)  # fmt: skip


def legend_css() -> str:
    """The legend's swatch rules, from :data:`LEGEND`: its colours live in one place."""
    rules = []
    for swatch in LEGEND:
        if swatch.shape == "line":
            rule = (
                f"height:0;border:0;border-top:2px {swatch.border} {swatch.stroke};border-radius:0"
            )
        else:
            width = "3px solid" if swatch.border == "thick" else f"1px {swatch.border}"
            radius = "6px" if swatch.shape == "pill" else "2px"
            rule = f"background:{swatch.fill};border:{width} {swatch.stroke};border-radius:{radius}"
        rules.append(f".swatch.{swatch.key}{{{rule}}}")
    return "\n".join(rules)


def weakness(independent: int, flags: Iterable[Flag]) -> int:
    """How weak a claim's support looks, 0 the weakest … 4 the strongest: what its colour says.

    >>> weakness(1, [Flag.SINGLE_SOURCE, Flag.HEDGED]), weakness(1, [Flag.SINGLE_SOURCE])
    (1, 2)
    >>> weakness(3, [Flag.CONTRADICTED]), weakness(3, [])
    (0, 4)
    """
    flags = set(flags)
    if independent == 0 or flags & ALARMS:
        return 0
    if independent == 1:
        return 1 if flags - set(QUIET_FLAGS) else 2
    return 3 if independent == 2 else 4


def claim_colour(k: int, border: str) -> dict[str, Any]:
    """The colour of a claim of weakness `k`; a node's colour replaces its group's."""
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
            "margin": MARGIN,
            "borderWidth": 2,
            "color": claim_colour(k, CLAIM_BORDERS[k]),
            "font": {"color": CLAIM_TEXT[k], "size": FONT},
        }

    def source_group(background: str, border: str, dashes: Any) -> dict[str, Any]:
        return {  # a pill: a box, so that its size is the text's and the layout's
            "shape": "box",
            "margin": MARGIN,
            "borderWidth": 2,
            "shapeProperties": {"borderDashes": dashes, "borderRadius": 14},
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
        "nodes": {"font": {"face": "system-ui, sans-serif", "size": FONT}},
        "groups": {
            "observed": source_group("#dbe9f6", "#2c6fad", False),
            "attributed": source_group("#ffffff", "#888888", [3, 3]),
            "fanout": source_group("#eef0f6", "#4a5a8a", [6, 2]) | {"borderWidth": 3},
            **{f"claim{k}": claim_group(k) for k in range(len(CLAIM_COLOURS))},
        },
    }
