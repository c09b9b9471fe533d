"""Cascade measures: hand-worked trees, the tree chosen from vias, brute force, the CLI
and the page."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cascades import cascade, cascade_of, cascade_tree
from provenance.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "pow_article.yaml")
DAY = dt.date(2024, 12, 26)


def story(
    vias: Mapping[str, Sequence[str]], published: Mapping[str, Any] | None = None
) -> pv.ProvenanceGraph:
    """Claim "c" reported by each source of `vias` via the sources it lists (first-hand
    when it lists none), at the time `published` gives it."""
    published = published or {}
    g = pv.ProvenanceGraph()
    g.add_sources({"id": s} for s in dict.fromkeys([*vias, *itertools.chain(*vias.values())]))
    g.add_claim("c", "Something happened")
    for source, via in vias.items():
        g.add_report(source, "c", via=list(via), firsthand=not via, published=published.get(source))
    return g


def measures(vias: Mapping[str, Sequence[str]], **published: Any) -> pv.Cascade:
    return pv.cascades(story(vias, published))["c"]


# Hand-worked trees ----------------------------------------------------------------


def test_chain_of_four() -> None:
    spread = measures({"a": [], "b": ["a"], "c1": ["b"], "d": ["c1"]})
    # distances: three pairs 1 apart, two 2 apart, one 3 apart: 10 over 6 pairs
    assert (spread.size, spread.roots, spread.depth, spread.max_breadth) == (4, 1, 3, 1)
    assert spread.structural_virality == 10 / 6


def test_star_of_one_and_five() -> None:
    spread = measures({"hub": [], **{f"leaf{i}": ["hub"] for i in range(5)}})
    # 5 pairs hub–leaf at 1, 10 pairs leaf–leaf at 2: 25 over 15 pairs
    assert (spread.size, spread.roots, spread.depth, spread.max_breadth) == (6, 1, 1, 5)
    assert spread.structural_virality == 25 / 15


def test_two_roots_average_over_the_pairs_a_tree_joins() -> None:
    # a → b → c1 (distances 1, 1, 2) and d → e, d → f (1, 1, 2): 8 over 6 joined pairs
    spread = measures({"a": [], "b": ["a"], "c1": ["b"], "d": [], "e": ["d"], "f": ["d"]})
    assert (spread.size, spread.roots, spread.depth, spread.max_breadth) == (6, 2, 2, 3)
    assert spread.structural_virality == 8 / 6


def test_a_lone_report_and_no_report() -> None:
    lone = measures({"a": []})
    assert (lone.size, lone.roots, lone.depth, lone.max_breadth) == (1, 1, 0, 1)
    assert lone.structural_virality == 0.0
    g = pv.ProvenanceGraph()
    g.add_claim("quiet", "Nobody said it")
    nothing = pv.cascades(g)["quiet"]
    assert (nothing.size, nothing.roots, nothing.depth, nothing.max_breadth) == (0, 0, 0, 0)
    assert nothing.first is None and nothing.t50 is None


def test_attributed_sources_are_nodes() -> None:
    # The article cites Militarnyi, known only through it: two reports, one edge.
    g = story({"article": ["militarnyi"]})
    assert g.report("militarnyi", "c").implicit
    spread = pv.cascades(g)["c"]
    assert (spread.size, spread.roots, spread.depth) == (2, 1, 1)


def test_two_vias_the_earliest_dated_is_the_parent() -> None:
    vias = {"old": [], "new": [], "x": [], "y": [], "late": ["new", "old"], "vague": ["x", "y"]}
    g = story(vias, {"old": DAY, "new": DAY + dt.timedelta(days=1)})
    tree = cascade_tree(g.reports("c"))
    assert tree["late"] == "old"  # listed second, published first
    assert tree["vague"] == "x"  # nothing dated: the first via
    mixed = story({"x": [], "old": [], "r": ["x", "old"]}, {"old": DAY})
    assert cascade_tree(mixed.reports("c"))["r"] == "old"  # a dated via before an undated one
    spread = pv.cascades(g)["c"]
    assert (spread.roots, spread.depth, spread.max_breadth) == (4, 1, 4)


@pytest.mark.parametrize(
    ("published", "root"), [({}, "a"), ({"b": DAY, "a": DAY + dt.timedelta(days=1)}, "b")]
)
def test_a_circle_of_vias_becomes_a_tree(published: dict[str, dt.date], root: str) -> None:
    g = story({"a": ["b"], "b": ["a"], "d": ["a"]}, published)
    tree = cascade_tree(g.reports("c"))
    assert tree[root] is None and [p for p in tree.values() if p is None] == [None]
    spread = pv.cascades(g)["c"]
    assert (spread.size, spread.roots) == (3, 1)
    assert spread.depth == (1 if root == "a" else 2)


def test_a_long_circle_and_a_long_chain_are_walked_without_recursion() -> None:
    n = 20_000
    chain = [pv.Report(f"s{i}", "c", via=[f"s{i - 1}"] if i else []) for i in range(n)]
    spread = cascade_of("c", chain)
    assert (spread.depth, spread.max_breadth) == (n - 1, 1)
    assert spread.structural_virality == pytest.approx((n + 1) / 3)
    circle = [pv.Report(f"s{i}", "c", via=[f"s{(i - 1) % n}"]) for i in range(n)]
    assert cascade_of("c", circle).depth == n - 1  # cut before s0, the first listed


# Times ------------------------------------------------------------------------------


def test_half_and_ninety_percent_of_the_dated_reports() -> None:
    start = dt.datetime(2024, 12, 26, 9, tzinfo=dt.timezone.utc)
    vias = {"s0": [], **{f"s{i}": ["s0"] for i in range(1, 10)}, "undated": ["s0"]}
    at = {f"s{i}": start + dt.timedelta(hours=i) for i in range(10)}
    spread = measures(vias, **at)
    assert (spread.first, spread.last) == (start, start + dt.timedelta(hours=9))
    # 10 dated: the 5th and the 9th earliest
    assert (spread.t50, spread.t90) == (dt.timedelta(hours=4), dt.timedelta(hours=8))


def test_time_zones_compare_as_instants() -> None:
    kyiv = dt.timezone(dt.timedelta(hours=2))
    early = dt.datetime(2024, 12, 26, 10, tzinfo=kyiv)  # 08:00 UTC
    later = dt.datetime(2024, 12, 26, 9, tzinfo=dt.timezone.utc)
    spread = measures({"a": [], "b": ["a"]}, a=later, b=early)
    assert (spread.first, spread.last, spread.t90) == (early, later, dt.timedelta(hours=1))


def test_undated_one_dated_and_mixed_kinds() -> None:
    vias = {"a": [], "b": ["a"], "d": ["b"]}
    undated = measures(vias)
    assert (undated.first, undated.last, undated.t50, undated.t90) == (None,) * 4
    one = measures(vias, b=DAY)
    assert (one.first, one.last, one.t50, one.t90) == (DAY, DAY, None, None)
    days = measures(vias, a=DAY, b=DAY + dt.timedelta(days=3))
    assert days.t90 == dt.timedelta(days=3)
    # A date beside a datetime compares by day: ordered, but no duration.
    noon = dt.datetime(2024, 12, 25, 12)
    mixed = measures(vias, a=DAY, b=noon, d=DAY + dt.timedelta(days=1))
    assert (mixed.first, mixed.last) == (noon, DAY + dt.timedelta(days=1))
    assert mixed.t50 is mixed.t90 is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=2, max_size=200))
def test_times_select_what_a_sort_would(seconds: list[int]) -> None:
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    reports = [
        pv.Report(f"s{i}", "c", published=start + dt.timedelta(seconds=s))
        for i, s in enumerate(seconds)
    ]
    spread = cascade_of("c", reports)
    ordered, m = sorted(seconds), len(seconds)
    nth = [ordered[-(-m * share // 10) - 1] - ordered[0] for share in (5, 9)]  # ⌈m·share/10⌉
    assert spread.t50 == dt.timedelta(seconds=nth[0])
    assert spread.t90 == dt.timedelta(seconds=nth[1])
    assert spread.first == start + dt.timedelta(seconds=ordered[0])
    assert spread.last == start + dt.timedelta(seconds=ordered[-1])


# Against brute force ----------------------------------------------------------------


def brute_force(tree: Mapping[str, str | None]) -> tuple[int, int, int, float]:
    """(roots, depth, max breadth, structural virality) of a forest, by all pairs."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(tree)
    graph.add_edges_from((up, node) for node, up in tree.items() if up is not None)
    assert nx.is_forest(graph)
    distance = dict(nx.all_pairs_shortest_path_length(graph))
    joined = [distance[u][v] for u, v in itertools.combinations(tree, 2) if v in distance[u]]
    roots = [node for node, up in tree.items() if up is None]
    depth = {node: d for root in roots for node, d in distance[root].items()}
    breadth = max(Counter(depth.values()).values(), default=0)
    virality = sum(joined) / len(joined) if joined else 0.0
    return len(roots), max(depth.values(), default=0), breadth, virality


@st.composite
def forests(draw: st.DrawFn) -> dict[str, list[str]]:
    """Each source cites one earlier source, or none (a root)."""
    n = draw(st.integers(1, 30))
    parents = [draw(st.integers(-1, i - 1)) for i in range(n)]
    return {f"s{i}": [f"s{p}"] if p >= 0 else [] for i, p in enumerate(parents)}


@settings(max_examples=80, deadline=None)
@given(forests())
def test_a_forest_measures_as_brute_force_does(vias: dict[str, list[str]]) -> None:
    spread = measures(vias)
    tree = {s: via[0] if via else None for s, via in vias.items()}
    expected = brute_force(tree)
    assert (spread.roots, spread.depth, spread.max_breadth) == expected[:3]
    assert spread.structural_virality == pytest.approx(expected[3], rel=1e-12)
    assert spread.size == len(vias)


@st.composite
def tangles(draw: st.DrawFn) -> tuple[dict[str, list[str]], dict[str, dt.date | None]]:
    """Sources citing any others, several or in circles, some dated."""
    n = draw(st.integers(1, 14))
    names = [f"s{i}" for i in range(n)]
    vias = {
        s: draw(st.lists(st.sampled_from([o for o in names if o != s] or ["none"]), max_size=3))
        for s in names
    }
    vias = {s: [u for u in dict.fromkeys(via) if u != "none"] for s, via in vias.items()}
    days = st.one_of(st.none(), st.integers(0, 4).map(lambda d: DAY + dt.timedelta(days=d)))
    return vias, {s: draw(days) for s in names}


def preferred(via: Sequence[str], published: Mapping[str, dt.date | None]) -> str:
    """The parent the rule gives: the earliest dated via (the first of a tie), else the first."""
    dated = [u for u in via if published[u] is not None]
    return min(dated, key=lambda u: published[u] or DAY) if dated else via[0]


@settings(max_examples=120, deadline=None)
@given(tangles())
def test_the_tree_follows_the_rule_and_measures_as_brute_force(
    drawn: tuple[dict[str, list[str]], dict[str, dt.date | None]],
) -> None:
    vias, published = drawn
    g = story(vias, published)
    reports = g.reports("c")
    order = [r.source for r in reports]
    tree = cascade_tree(reports)
    assert set(tree) == set(vias)
    for node, up in tree.items():
        if up is not None:  # the earliest dated via, else the first
            assert up == preferred(vias[node], published)
        elif vias[node]:  # a root citing someone: the earliest of a circle of preferences
            circle, at = [node], preferred(vias[node], published)
            while at != node:
                assert len(circle) <= len(vias), "not a circle"
                circle.append(at)
                at = preferred(vias[at], published)
            key = {s: (published[s] is None, published[s] or DAY, order.index(s)) for s in circle}
            assert node == min(circle, key=key.__getitem__)
    spread = pv.cascades(g)["c"]
    expected = brute_force(tree)  # a forest, or brute_force fails
    assert (spread.roots, spread.depth, spread.max_breadth) == expected[:3]
    assert spread.structural_virality == pytest.approx(expected[3], rel=1e-12)


# The graph, the command line and the page ---------------------------------------------


def test_the_module_functions_agree_and_name_unknown_claims() -> None:
    g = pv.load(SEED)
    every = pv.cascades(g)
    assert list(every) == [c.id for c in g.claims]
    assert pv.cascades(g, ["capture"]) == {"capture": cascade(g, "capture")}
    assert every["capture"] == cascade_of("capture", g.reports("capture"))
    with pytest.raises(pv.UnknownIdError, match="captur"):
        pv.cascades(g, ["captur"])


def test_json_form() -> None:
    start = dt.datetime(2024, 12, 26, 9, tzinfo=dt.timezone.utc)
    spread = measures({"a": [], "b": ["a"]}, a=start, b=start + dt.timedelta(minutes=90))
    assert spread.to_dict() == {
        "claim": "c",
        "size": 2,
        "roots": 1,
        "depth": 1,
        "max_breadth": 1,
        "structural_virality": 1.0,
        "first": "2024-12-26T09:00:00+00:00",
        "last": "2024-12-26T10:30:00+00:00",
        "t50_seconds": 0.0,
        "t90_seconds": 5400.0,
    }


def test_cascades_command_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cascades", SEED]) == 0
    out, err = capsys.readouterr()
    header, *lines = out.splitlines()
    assert header.split() == [
        "claim", "size", "roots", "depth", "breadth", "virality", "first", "last", "t50", "t90"
    ]  # fmt: skip
    rows = {line.split()[0]: line.split() for line in lines}
    assert rows["capture"] == [
        "capture", "5", "2", "3", "2", "1.67", "2024-12-26", "2024-12-26", "00:00:00", "00:00:00"
    ]  # fmt: skip
    assert rows["assaults"][1:] == ["1", "1", "0", "1", "0.00", "-", "-", "-", "-"]
    assert len(rows) == len(pv.load(SEED).claims) and err == ""
    assert main(["cascades", SEED, "--json"]) == 0
    expected = [c.to_dict() for c in pv.cascades(pv.load(SEED)).values()]
    assert json.loads(capsys.readouterr().out) == expected


def test_check_json_holds_each_claims_cascade(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", SEED, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    every = pv.cascades(pv.load(SEED))
    for row in rows:
        expected = every[row["claim"]].to_dict()
        del expected["claim"]
        assert row["cascade"] == expected
    assert main(["check", SEED]) == 0
    assert "cascade" not in capsys.readouterr().out  # the table is unchanged


def panels(g: pv.ProvenanceGraph) -> dict[str, Any]:
    """Each claim's panel in the page's data, by the claim's text."""
    block = re.search(r'id="provenance-data">(.*?)</script>', g.to_html(), re.S)
    assert block is not None
    data = json.loads(block.group(1))
    texts = {n["id"]: n["tip"][0] for n in data["nodes"]}
    return {texts[pid]: panel for pid, panel in data["claims"].items()}


def test_the_claim_panel_shows_the_spread() -> None:
    start = dt.datetime(2024, 12, 26, 9, tzinfo=dt.timezone.utc)
    at = {s: start + dt.timedelta(hours=h) for s, h in [("a", 0), ("b", 1), ("d", 2)]}
    g = story({"a": [], "b": ["a"], "d": ["b"]}, at)
    g.add_claim("lone", "Said once")
    g.add_report("a", "lone", firsthand=True)
    panel = panels(g)
    spread = panel["Something happened"]
    assert spread["cascade"] == {k: v for k, v in cascade(g, "c").to_dict().items() if k != "claim"}
    assert (
        "spread: 3 reports, 1 tree, depth 2, breadth 1, structural virality 1.33; "
        "half of the dated reports within 1 h, 90% within 2 h"
    ) in spread["summary"]
    assert "cascade" not in panel["Said once"] and "spread" not in panel["Said once"]["summary"]
