"""g.to_pyvis(): a pyvis Network made from the page's own data, and the extra it needs."""

from __future__ import annotations

import html
import json
import re
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pyvis.network import Network  # type: ignore[import-untyped]

import provenance as pv
from examples.pow_article import build
from tests.conftest import PAYLOADS, hostile_graph
from tests.stories import busy_story
from tests.strategies import rich_graphs

DATA = re.compile(r'<script type="application/json" id="provenance-data">(.*?)</script>', re.S)


def page_data(g: pv.ProvenanceGraph, **kwargs: Any) -> Any:
    """The data block of the page `g` draws."""
    match = DATA.search(g.to_html(**kwargs))
    assert match is not None
    return json.loads(match.group(1))


def tooltip(data: Any, node: dict[str, Any]) -> str:
    """The tooltip the page's script gives `node`."""
    claim = data["claims"].get(node["id"])
    return "\n\n".join(filter(None, [*node["tip"], *([claim["explanation"]] if claim else [])]))


def assert_mirrors_the_page(net: Network, data: Any) -> None:
    """Same nodes (ids, labels, groups, positions, colours), edges and options as the page."""
    assert isinstance(net, Network)
    page_nodes = [{k: v for k, v in n.items() if k != "tip"} for n in data["nodes"]]
    assert [{k: v for k, v in n.items() if k != "title"} for n in net.nodes] == page_nodes
    assert net.get_nodes() == [n["id"] for n in data["nodes"]]
    assert all(net.get_node(n["id"]) is n for n in net.nodes)
    edges = [e for e in net.edges if not e["id"].startswith("c")]
    assert edges == data["edges"]
    contradictions = [(e["from"], e["to"]) for e in net.edges if e["id"].startswith("c")]
    assert contradictions == [tuple(pair) for pair in data["contradictions"]]
    assert net.options == data["options"]
    assert net.options["physics"] == {"enabled": False}  # drawn where the layout put it


def test_the_network_is_the_pages_data_with_its_tooltips() -> None:
    g = build()
    net = g.to_pyvis()
    data = page_data(g)
    assert_mirrors_the_page(net, data)
    titles = {n["id"]: n["title"] for n in net.nodes}
    assert titles == {n["id"]: tooltip(data, n) for n in data["nodes"]}
    injured = next(n for n in net.nodes if n["title"].startswith(g.claim("injured").text))
    assert g.corroboration("injured").explain() in injured["title"]
    assert net.heading == "Provenance graph"  # the page's default
    assert net.directed
    assert net.height == "800px"


def test_claims_title_and_network_settings_are_passed_on() -> None:
    g = busy_story(claims=6)
    claim = g.claims[0].id
    net = g.to_pyvis(claims=[claim], title="One <b>claim</b>", height="500px", width="60%")
    assert_mirrors_the_page(net, page_data(g, claims=[claim]))
    assert (net.heading, net.height, net.width) == ("One &lt;b&gt;claim&lt;/b&gt;", "500px", "60%")
    assert len(net.nodes) < len(g.to_pyvis().nodes)


def test_contradictions_are_undirected_dashed_edges() -> None:
    g = busy_story(claims=12)
    assert g.contradictions()
    net = g.to_pyvis()
    drawn = [e for e in net.edges if e["id"].startswith("c")]
    assert len(drawn) == len(page_data(g)["contradictions"]) > 0
    for edge in drawn:
        assert edge["arrows"] == {"to": {"enabled": False}}
        assert edge["dashes"] and edge["color"] == {"color": "#d73027"}


def test_hostile_text_stays_text_in_pyvis_html() -> None:
    """pyvis sets node tooltips as innerHTML when one holds 'href' (a payload does): then
    every tooltip is escaped; the heading is escaped; nodes travel as escaped JSON."""
    g = hostile_graph()
    net = g.to_pyvis(title=PAYLOADS[0])
    assert any("href" in n["title"] for n in net.nodes)
    for node in net.nodes:
        assert "<" not in node["title"] and ">" not in node["title"]
    titles = [html.unescape(n["title"]) for n in net.nodes]
    assert all(any(t.startswith(p + "\n\n") for t in titles) for p in PAYLOADS)  # read as text
    page = net.generate_html()
    for payload in PAYLOADS[:4]:
        assert payload not in page
    assert html.escape(PAYLOADS[0]) in page  # the heading, as text


def test_tooltips_are_plain_text_when_pyvis_shows_them_as_text() -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a", name="<b>Channel</b> & co")
    g.add_claim("c", "A <i>claim</i>")
    g.add_report("a", "c")
    titles = [n["title"] for n in g.to_pyvis().nodes]
    assert titles[0].startswith("<b>Channel</b> & co\n\n")  # vis-network: innerText
    assert titles[1].startswith("A <i>claim</i>\n\n")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_graphs())
def test_any_graph_gives_the_pages_network(g: pv.ProvenanceGraph) -> None:
    assert_mirrors_the_page(g.to_pyvis(), page_data(g))


def test_bad_arguments_are_refused_as_for_the_page() -> None:
    g = build()
    with pytest.raises(pv.UnknownIdError):
        g.to_pyvis(claims=["no such claim"])
    with pytest.raises(pv.ValidationError, match="claims must be a list"):
        g.to_pyvis(claims="injured")


def test_without_pyvis_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyvis", None)  # import fails as if uninstalled
    monkeypatch.setitem(sys.modules, "pyvis.network", None)
    with pytest.raises(pv.MissingDependencyError) as caught:
        build().to_pyvis()
    assert isinstance(caught.value, ImportError)
    assert str(caught.value) == (
        "drawing a pyvis Network needs the 'pyvis' package, which is not installed; "
        "install it with: python -m pip install 'provenance-graph[pyvis]'"
    )


def test_the_page_needs_no_pyvis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyvis", None)
    monkeypatch.setitem(sys.modules, "pyvis.network", None)
    page = build().to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "@version 10." in page  # the vendored vis-network, not pyvis's 9.1.2
