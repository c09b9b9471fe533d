"""Edges are drawn round the boxes they do not join: an edge drawn behind a third box
would read as a link to it. Checked on the SVG as written and on the page's data."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
from examples.pow_article import build
from tests.stories import busy_story, cascade
from tests.test_render import Page, page_data

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]
Box = tuple[float, float, float, float]

NAMES = ["AP", "Reuters", "Telegram channel of the 3rd brigade", "Kyiv Independent", "x"]
TEXTS = [
    "Short",
    "A claim of middling length about a convoy",
    "A long claim about troops, a convoy, shelling near the port and officials who said so",
]


def crosses(segment: tuple[Point, Point], box: Box) -> bool:
    """Whether `segment` passes through the inside of `box` — by separating axes, not by
    the clipping the library routes with, so that the check does not share its mistakes:
    the two overlap unless the segment's extent misses the box's, or all four corners lie
    on one side of the segment's line."""
    (x0, y0), (x1, y1) = segment
    left, top, right, bottom = box
    if max(x0, x1) <= left or min(x0, x1) >= right:
        return False
    if max(y0, y1) <= top or min(y0, y1) >= bottom:
        return False
    corners = ((left, top), (right, top), (left, bottom), (right, bottom))
    sides = [(x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) for x, y in corners]
    return not (all(side >= 0 for side in sides) or all(side <= 0 for side in sides))


def inside(box: Box, by: float = 1.0) -> Box:
    """`box` less `by` on each side: what counts as behind it (rounding aside)."""
    return box[0] + by, box[1] + by, box[2] - by, box[3] - by


def drawn(svg: str) -> tuple[list[tuple[str, Box]], list[list[Point]]]:
    """The boxes (by the first line of their hover text) and the edges' paths (lines and
    polylines with an arrowhead) of an SVG picture."""
    root = ET.fromstring(svg.encode())
    boxes = []
    for group in root.findall(f"{SVG}g"):
        rect = group.find(f"{SVG}rect")
        assert rect is not None
        x, y, w, h = (float(rect.get(k, "")) for k in ("x", "y", "width", "height"))
        boxes.append(((group.findtext(f"{SVG}title") or "").split("\n")[0], (x, y, x + w, y + h)))
    edges: list[list[Point]] = []
    for element in root:
        if "marker-end" not in element.attrib:
            continue
        if element.tag == f"{SVG}line":
            a = float(element.get("x1", "")), float(element.get("y1", ""))
            edges.append([a, (float(element.get("x2", "")), float(element.get("y2", "")))])
        elif element.tag == f"{SVG}polyline":
            pairs = (p.split(",") for p in element.get("points", "").split())
            edges.append([(float(x), float(y)) for x, y in pairs])
    return boxes, edges


def hidden_behind(svg: str) -> list[tuple[list[Point], str]]:
    """Every (edge, box) where a segment of the edge passes behind the box."""
    boxes, edges = drawn(svg)
    return [
        (edge, name)
        for edge in edges
        for name, box in boxes
        if any(crosses(segment, inside(box)) for segment in itertools.pairwise(edge))
    ]


def hidden_on_the_page(text: str) -> list[tuple[str, str, str]]:
    """Every (layout, edge id, node id) where an edge the page draws, straight from centre
    to centre or along its path, passes behind a box other than its ends."""
    data = page_data(Page(text))
    folded = {n["id"] for n in data["nodes"] if n.get("hidden")}  # a fan-out's members
    found = []
    for name, layout in data["layouts"].items():
        at = {n: p for n, p in layout["positions"].items() if n not in folded}
        boxes = {
            n: (x - data["sizes"][n][0] / 2, y - data["sizes"][n][1] / 2,
                x + data["sizes"][n][0] / 2, y + data["sizes"][n][1] / 2)
            for n, (x, y) in at.items()
        }  # fmt: skip
        for edge in data["edges"]:
            u, v = edge["from"], edge["to"]
            if u not in at or v not in at:
                continue
            flat = layout["paths"].get(edge["id"])
            path = list(zip(flat[::2], flat[1::2], strict=True)) if flat else [at[u], at[v]]
            found += [
                (name, edge["id"], n)
                for n, box in boxes.items()
                if n not in (u, v)
                and any(crosses(s, inside(box)) for s in itertools.pairwise(path))
            ]
    return found


@st.composite
def stories(draw: st.DrawFn) -> pv.ProvenanceGraph:
    """Sources relaying one another to any depth, boxes of every width, claims reported
    through them, contradictions and suspected copying in either direction."""
    g = pv.ProvenanceGraph()
    n = draw(st.integers(2, 12))
    for i in range(n):
        g.add_source(f"s{i}", name=f"{draw(st.sampled_from(NAMES))} {i}")
    claims = [f"c{k}" for k in range(draw(st.integers(1, 7)))]
    reporters: dict[str, list[str]] = {}
    for claim in claims:
        g.add_claim(claim, draw(st.sampled_from(TEXTS)))
        for i in draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4, unique=True)):
            via = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
            hedge = draw(st.sampled_from(["asserted", "reportedly"]))
            g.add_report(f"s{i}", claim, via=[f"s{j}" for j in via], firsthand=not via, hedge=hedge)
            reporters.setdefault(claim, []).append(f"s{i}")
    pairs = st.lists(st.sampled_from(claims), min_size=2, max_size=2, unique=True)
    for a, b in draw(st.lists(pairs, max_size=2)) if len(claims) > 1 else []:
        g.add_contradiction(a, b)
    suspected = []
    for claim, who in reporters.items():
        if len(who) >= 2 and draw(st.booleans()):
            copier, original = draw(st.permutations(who))[:2]
            suspected.append(pv.SuspectedCopy(copier, original, [claim], 0.9))
    return g.with_suspected(suspected) if suspected else g


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_no_edge_passes_behind_a_box_it_does_not_join(g: pv.ProvenanceGraph) -> None:
    svg = g.to_svg()
    boxes, edges = drawn(svg)
    assert len(boxes) == len(g.sources) + len(g.claims)
    assert edges  # every claim has a report: something is drawn
    assert hidden_behind(svg) == []
    assert hidden_on_the_page(g.to_html()) == []
    assert g.to_svg() == svg  # the routes depend on the story alone


def test_the_seed_storys_long_edges_go_round_the_relays_between() -> None:
    g = build()
    svg = g.to_svg()
    boxes = dict(drawn(svg)[0])
    assert hidden_behind(svg) == []
    # "Ukrainian forces" sits level with Warshal and Militarnyi, two layers before
    # Euromaidan Press: drawn straight, its edge would run behind both.
    start, end = boxes["Ukrainian forces"], boxes["Euromaidan Press"]
    straight = ((start[2], (start[1] + start[3]) / 2), (end[0], (end[1] + end[3]) / 2))
    assert crosses(straight, boxes["Warshal"]) and crosses(straight, boxes["Militarnyi"])
    (edge,) = [
        e
        for e in drawn(svg)[1]
        if abs(e[0][0] - start[2]) < 1 and abs(e[-1][0] - end[0]) < 1 and len(e) > 2
    ]
    assert start[1] < edge[0][1] < start[3] and end[1] < edge[-1][1] < end[3]
    segments = list(itertools.pairwise(edge))
    assert not any(crosses(s, boxes[n]) for s in segments for n in ("Warshal", "Militarnyi"))
    # Edges from Euromaidan Press to the claims it reports go round the other claims.
    claims = [name for name, _ in drawn(svg)[0] if name in {c.text for c in g.claims}]
    assert len(claims) == len(g.claims)
    assert hidden_on_the_page(g.to_html()) == []


def test_an_edge_with_a_clear_line_stays_straight() -> None:
    g = pv.ProvenanceGraph()
    g.add_claim("c", "A claim")
    g.add_source("a", name="First-hand")
    g.add_source("b", name="Relay")
    g.add_report("b", "c", via=["a"])

    def edges(g: pv.ProvenanceGraph) -> tuple[int, int]:
        root = ET.fromstring(g.to_svg().encode())
        lines, polylines = (
            [e for e in root.findall(f"{SVG}{tag}") if "marker-end" in e.attrib]
            for tag in ("line", "polyline")
        )
        return len(lines), len(polylines)

    assert edges(g) == (2, 0)  # a, b and c level, one after the other
    g.add_report("a", "c", firsthand=True)  # straight, a to c would run behind b
    assert edges(g) == (2, 1)
    assert hidden_behind(g.to_svg()) == []


def test_busy_stories_and_a_cascade_hide_no_edge_behind_a_box() -> None:
    for g in (busy_story(), busy_story(12, seed=3), cascade()):
        svg = g.to_svg()
        routed = [e for e in drawn(svg)[1] if len(e) > 2]
        assert routed, g.title  # these have long edges past other boxes
        assert hidden_behind(svg) == []
        assert hidden_on_the_page(g.to_html()) == []


def _page(g: pv.ProvenanceGraph) -> Any:
    return page_data(Page(g.to_html()))


def test_only_flagged_has_its_own_routes() -> None:
    data = _page(busy_story())
    every, flagged = data["layouts"]["all"], data["layouts"]["flagged"]
    assert every["paths"] and flagged["paths"] != every["paths"]
    ids = {e["id"] for e in data["edges"]}
    assert set(every["paths"]) <= ids and set(flagged["paths"]) <= ids
    assert all(len(path) % 2 == 0 and len(path) >= 4 for path in every["paths"].values())
