"""The page's layout and what it draws: boxes never overlap, fan-outs fold, weak claims
stand out, timelines read in date order, "only flagged" closes up."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from examples.pow_article import build
from provenance.render.data import human_date
from provenance.render.layout import (
    FOLD_GAP,
    LAYER_GAP,
    Layout,
    grids_below,
    label_size,
    layered_layout,
)
from tests.stories import busy_story, cascade

Box = tuple[float, float, float, float]
Drawing = tuple[
    list[str],
    list[tuple[str, str]],
    list[str],
    dict[str, list[str]],
    dict[str, tuple[float, float]],
    list[tuple[str, str]],
]


def page_data(g: pv.ProvenanceGraph) -> dict[str, Any]:
    text = g.to_html()
    block = re.search(r'id="provenance-data">(.*?)</script>', text, re.S)
    assert block is not None
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def boxes(layout: Layout[str]) -> dict[str, Box]:
    out = {}
    for node, (x, y) in layout.positions.items():
        w, h = layout.sizes[node]
        out[node] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    return out


def overlapping(rects: dict[str, Box]) -> list[tuple[str, str]]:
    """Pairs of rectangles that share any area (a sweep over x)."""
    found: list[tuple[str, str]] = []
    active: list[tuple[str, Box]] = []
    for node, box in sorted(rects.items(), key=lambda item: item[1][0]):
        active = [(n, b) for n, b in active if b[2] > box[0]]
        found += [(n, node) for n, b in active if b[1] < box[3] and box[1] < b[3]]
        active.append((node, box))
    return found


def crosses(segment: Sequence[tuple[float, float]], box: Box) -> bool:
    """Whether an axis-parallel segment passes through the inside of `box`."""
    (x1, y1), (x2, y2) = segment
    left, right = min(x1, x2), max(x1, x2)
    top, bottom = min(y1, y2), max(y1, y2)
    return (
        (left < box[2] and box[0] < right and top < box[3] and box[1] < bottom)
        or (left == right and box[0] < left < box[2] and top < box[3] and box[1] < bottom)
        or (top == bottom and box[1] < top < box[3] and left < box[2] and box[0] < right)
    )


@st.composite
def drawings(draw: st.DrawFn) -> Drawing:
    """Graphs of up to 500 nodes; hypothesis picks the sizes, labels and a seed for the rest."""
    n_sources = draw(st.integers(0, 380))
    n_claims = draw(st.integers(1, 500 - n_sources))
    rng = random.Random(draw(st.integers(0, 2**32)))
    char = st.characters(codec="utf-8", exclude_categories=["Cs"])
    labels = draw(st.lists(st.lists(st.text(char, max_size=40), min_size=1, max_size=6),
                           min_size=1, max_size=8))  # fmt: skip
    sources = [f"s{i}" for i in range(n_sources)]

    def pair(nodes: list[str]) -> tuple[str, str]:
        a, b = rng.sample(nodes, 2)
        return a, b

    claims = [f"c{i}" for i in range(n_claims)]
    vias = rng.randint(0, 2 * n_sources) if n_sources > 1 else 0
    edges = [pair(sources) for _ in range(vias)]
    reporters = {c: rng.sample(sources, min(len(sources), rng.randint(1, 4))) for c in claims}
    sizes = {n: label_size("\n".join(rng.choice(labels)), 14) for n in sources + claims}
    pairs = rng.randint(0, 8) if n_claims > 1 else 0
    contradictions = [pair(claims) for _ in range(pairs)]
    return sources, edges, claims, reporters, sizes, contradictions


@settings(max_examples=60, deadline=None)
@given(drawings())
def test_no_two_boxes_overlap_and_contradictions_cross_none(case) -> None:
    sources, via, claims, reporters, sizes, contradictions = case
    layout = layered_layout(sources, via, claims, reporters, sizes, contradictions)
    rects = boxes(layout)
    assert set(rects) == set(sources) | set(claims)
    assert overlapping(rects) == []
    for (a, b), route in zip(contradictions, layout.routes, strict=True):
        assert route[0] == layout.positions[a] or route[0] == layout.positions[b]
        for segment in itertools.pairwise(route):
            hit = [n for n, box in rects.items() if crosses(segment, box)]
            assert set(hit) <= {a, b}, (segment, hit)
    for band in layout.bands:  # a folded layer's band holds its columns, close together
        assert band.columns > 1
    # Fan-outs opened into grids under the drawing cover nothing either.
    groups = [(node, [f"{node}/m{i}" for i in range(k)]) for k, node in enumerate(claims[:3], 1)]
    member_sizes = {m: (60.0 + 7 * len(m), 30.0) for _, ms in groups for m in ms}
    opened, _ = grids_below(layout.positions, dict(sizes) | member_sizes, groups)
    rects = boxes(layout) | {
        m: (x - member_sizes[m][0] / 2, y - 15, x + member_sizes[m][0] / 2, y + 15)
        for m, (x, y) in opened.items()
    }
    assert overlapping(rects) == []


def test_layers_run_left_to_right_and_folds_sit_closer_than_layers() -> None:
    many = [f"s{i}" for i in range(400)]
    nodes = ["a", "b", "c", *many]
    sizes = {n: label_size(n, 14) for n in [*nodes, "x"]}
    layout = layered_layout(
        nodes, [("a", "b"), ("b", "a"), ("b", "c")], ["x"], {"x": ["c", *many]}, sizes
    )
    pos = layout.positions
    assert pos["a"][0] == pos["b"][0] < pos["c"][0] < pos["x"][0]
    (band,) = layout.bands  # the 400 (with a and b) at depth 0, folded
    assert band.columns > 1 and band.nodes == 402 and not band.claims
    column_xs = sorted({pos[s][0] for s in many})
    widest = max(sizes[s][0] for s in many)
    assert max(b - a for a, b in itertools.pairwise(column_xs)) <= widest + FOLD_GAP + 1e-6
    assert pos["c"][0] - band.box[2] >= LAYER_GAP - 20  # a new layer is further away


def test_fan_outs_fold_into_one_node_that_lists_its_members() -> None:
    g = cascade(direct=263, relays=12)
    data = page_data(g)
    (group,) = [n for n in data["nodes"] if n["group"] == "fanout"]
    assert group["label"] == "251 accounts\nvia @rumour_source"  # 12 of 263 are relays
    panel = data["groups"][group["id"]]
    assert len(panel["members"]) == 251
    assert ["@user200", "u200"] in panel["members"]
    shown = [n for n in data["nodes"] if not n.get("hidden")]
    assert len(shown) == len(g.sources) + len(g.claims) - 251 + 1
    # Opened, its members take a grid of their own under the drawing, with their edges.
    assert len(panel["nodes"]) == 251 and set(panel["nodes"]) <= set(data["sizes"])
    hidden = {n["id"] for n in data["nodes"] if n.get("hidden")}
    assert hidden == set(panel["nodes"])
    everything = data["layouts"]["all"]["positions"]
    lowest = max(everything[n["id"]][1] + data["sizes"][n["id"]][1] / 2 for n in shown)
    assert all(everything[m][1] > lowest for m in panel["nodes"])
    assert panel["band"]["label"] == "251 accounts via @rumour_source"
    member_edges = [e for e in data["edges"] if e["from"] in hidden or e["to"] in hidden]
    assert len(member_edges) == 2 * 251  # from the root, and to the post
    hits = [node for node, text in data["search"] if "@user200" in text]
    assert hits == [group["id"]]  # searching a member finds its fan-out
    edges = {(e["from"], e["to"]) for e in data["edges"]}
    root = next(n["id"] for n in data["nodes"] if n["label"] == "@rumour_source")
    post = next(n["id"] for n in data["nodes"] if n["group"].startswith("claim"))
    assert {(root, group["id"]), (group["id"], post)} <= edges
    assert (group["id"], post) not in [(e["from"], e["to"]) for e in data["edges"][:0]]
    assert len(edges) == len(data["edges"])  # members share their edges, drawn once


def test_a_few_alike_sources_stay_apart() -> None:
    data = page_data(cascade(direct=9, relays=0))
    assert not [n for n in data["nodes"] if n["group"] == "fanout"]


def test_the_weakest_claims_are_the_loudest() -> None:
    g = build()
    data = page_data(g)
    group = {n["tip"][0]: n["group"] for n in data["nodes"]}
    assert group[g.claim("injured").text] == "claim1"  # one line, hedged
    assert group[g.claim("troops").text] == "claim4"  # three lines, unflagged
    assert data["focus"] in {n["id"] for n in data["nodes"] if n["group"] == "claim1"}
    busy = page_data(busy_story())
    contradicted = [n for n in busy["nodes"] if "CONTRADICTED" in n["label"]]
    assert contradicted and {n["group"] for n in contradicted} == {"claim0"}


def test_timeline_runs_in_date_order_with_readable_dates() -> None:
    g = pv.ProvenanceGraph()
    for s in ("late", "early", "undated", "same"):
        g.add_source(s)
    g.add_claim("c", "A claim")
    utc = dt.timezone.utc
    g.add_reports(
        [
            {"source": "late", "claim": "c", "firsthand": True,
             "published": dt.datetime(2024, 12, 30, 9, 0, tzinfo=utc)},
            {"source": "undated", "claim": "c", "firsthand": True},
            {"source": "early", "claim": "c", "firsthand": True,
             "published": dt.datetime(2024, 12, 28, 7, 30, tzinfo=utc)},
            {"source": "same", "claim": "c", "firsthand": True,
             "published": dt.datetime(2024, 12, 28, 10, 45, tzinfo=utc)},
        ]
    )  # fmt: skip
    (panel,) = page_data(g)["claims"].values()
    assert panel["timeline"] == [
        ["28 Dec 2024, 07:30 UTC", "early", "first"],
        ["28 Dec 2024, 10:45 UTC", "same", "+3 h"],
        ["30 Dec 2024, 09:00 UTC", "late", "+2 days"],
        ["date not given", "undated", ""],
    ]
    assert [r["source"] for r in panel["reports"]] == ["early", "same", "late", "undated"]
    assert "28 Dec 2024, 07:30 UTC" in panel["reports"][0]["meta"]
    assert human_date(dt.date(2024, 1, 5)) == "5 Jan 2024"
    offset = dt.timezone(dt.timedelta(hours=2))
    assert human_date(dt.datetime(2024, 1, 5, 23, 0, tzinfo=offset)) == "5 Jan 2024, 23:00 UTC+0200"


def test_only_flagged_has_its_own_closed_up_layout() -> None:
    data = page_data(busy_story())
    flagged = data["layouts"]["flagged"]["positions"]
    everything = data["layouts"]["all"]["positions"]
    assert set(flagged) == set(everything) - set(data["unflagged"])
    assert set(flagged) and set(data["unflagged"])
    sizes = data["sizes"]

    def rects(positions: dict[str, list[float]]) -> dict[str, Box]:
        return {
            n: (x - sizes[n][0] / 2, y - sizes[n][1] / 2, x + sizes[n][0] / 2, y + sizes[n][1] / 2)
            for n, (x, y) in positions.items()
        }

    assert overlapping(rects(flagged)) == []
    height = {k: max(y for _, y in p.values()) - min(y for _, y in p.values())
              for k, p in (("all", everything), ("flagged", flagged))}  # fmt: skip
    assert height["flagged"] < height["all"]  # closed up, no holes


def test_claim_view_knows_each_claims_upstream() -> None:
    g = build()
    data = page_data(g)
    ids = {n["tip"][0]: n["id"] for n in data["nodes"]}
    panel = data["claims"][ids[g.claim("injured").text]]
    upstream = {ids[g.source(r.source).name] for r in g.reports("injured")}
    assert set(panel["upstream"]) == upstream
    assert set(panel["lineNodes"]) <= upstream
