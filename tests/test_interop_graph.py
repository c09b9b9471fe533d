"""GraphML read by other graph libraries: networkx, igraph and rustworkx (issue 31).

GraphML booleans (``attr.type="boolean"``) are XML Schema's ``true``/``false``; strict
readers (rustworkx) refuse Python's ``True``. Each library must see the same nodes,
edges and boolean values, as real booleans. The libraries are in the ``test`` extra:
imported plainly, so a missing one fails rather than skips.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import igraph  # type: ignore[import-untyped]
import networkx as nx
import pytest
import rustworkx as rx

import provenance as pv
from tests.stories import busy_story

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "pow_article.yaml"

Flag = tuple[str, str, str, str]  # an edge (source, target, key) and a boolean's name


def busier_story() -> pv.ProvenanceGraph:
    """busy_story with suspected copying too: ``suspected`` is on a few edges only."""
    g = busy_story()
    claims = [c.id for c in g.claims if len(g.reports(claim=c.id)) > 1][:4]
    for claim in claims:
        first, *_, last = [r.source for r in g.reports(claim=claim)]
        g.add_suspected({"copier": last, "original": first, "claims": [claim], "probability": 0.8})
    assert len(g.suspected()) == 4
    return g


STORIES = {"seed": lambda: pv.load(SEED), "busy": busier_story}


def expected_flags(g: pv.ProvenanceGraph) -> dict[Flag, bool]:
    """The boolean attributes the story's GraphML holds: every report edge's
    ``firsthand``, ``observed`` and ``implicit``; a suspected via edge's ``suspected``."""
    flags: dict[Flag, bool] = {}
    for r in g.reports():
        for name in ["firsthand", "observed", "implicit"]:
            flags[(r.source, r.claim, r.claim, name)] = getattr(r, name)
    for copy in g.suspected():
        for claim in copy.claims:
            flags[(copy.original, copy.copier, claim, "suspected")] = True
    return flags


def flags_of(edges: list[tuple[str, str, dict[str, Any]]], names: set[str]) -> dict[Flag, Any]:
    """The boolean attributes `names` on every edge, as a reader gave them (its key from
    the edge's ``id``); ``"missing"`` where the edge has none."""
    return {
        (u, v, str(data["id"]), name): data.get(name, "missing")
        for u, v, data in edges
        for name in names
    }


def networkx_edges(path: Path) -> tuple[int, list[tuple[str, str, dict[str, Any]]]]:
    G = nx.read_graphml(path, edge_key_type=str)
    assert isinstance(G, nx.MultiDiGraph)
    edges = [(u, v, {**data, "id": key}) for u, v, key, data in G.edges(keys=True, data=True)]
    return G.number_of_nodes(), edges


def igraph_edges(path: Path) -> tuple[int, list[tuple[str, str, dict[str, Any]]]]:
    G = igraph.Graph.Read_GraphML(str(path))
    assert G.is_directed()
    ids = G.vs["id"]
    # igraph does not read an edge's GraphML id (its edge attribute "id" is something
    # else): it keeps the edges in file order, so the file's <edge> elements name them.
    written = [
        (edge.attrib["source"], edge.attrib["target"], edge.attrib["id"])
        for edge in ElementTree.parse(path).iter("{http://graphml.graphdrawing.org/xmlns}edge")
    ]
    assert [(ids[e.source], ids[e.target]) for e in G.es] == [(u, v) for u, v, _ in written]
    edges = [
        (u, v, {**e.attributes(), "id": key}) for e, (u, v, key) in zip(G.es, written, strict=True)
    ]
    return G.vcount(), edges


def rustworkx_edges(path: Path) -> tuple[int, list[tuple[str, str, dict[str, Any]]]]:
    [G] = rx.read_graphml(str(path))
    assert isinstance(G, rx.PyDiGraph)
    edges = [(G[u]["id"], G[v]["id"], data) for u, v, data in G.weighted_edge_list()]
    return G.num_nodes(), edges


READERS = {"networkx": networkx_edges, "igraph": igraph_edges, "rustworkx": rustworkx_edges}
# What each library gives an edge for a boolean attribute it does not have.
MISSING = {"networkx": "missing", "igraph": False, "rustworkx": None}


@pytest.mark.parametrize("story", sorted(STORIES))
@pytest.mark.parametrize("reader", sorted(READERS))
def test_graphml_reads_the_same_in_every_graph_library(
    tmp_path: Path, story: str, reader: str
) -> None:
    g = STORIES[story]()
    g.save(tmp_path / "s.graphml")
    G = g.to_networkx()
    expected = expected_flags(g)
    assert True in expected.values() and False in expected.values()  # both are tested
    if story == "busy":
        assert sum(name == "suspected" for *_, name in expected) == 4

    nodes, edges = READERS[reader](tmp_path / "s.graphml")

    assert nodes == G.number_of_nodes() == len(g.sources) + len(g.claims)
    assert len(edges) == G.number_of_edges()
    assert sorted((u, v, str(data["id"])) for u, v, data in edges) == sorted(G.edges(keys=True))
    flags = flags_of(edges, {name for *_, name in expected})
    assert {flag: value for flag, value in flags.items() if flag in expected} == expected
    assert all(type(flags[flag]) is bool for flag in expected)  # not "true", not 1
    assert {value for flag, value in flags.items() if flag not in expected} <= {MISSING[reader]}


@pytest.mark.parametrize("story", sorted(STORIES))
def test_graphml_booleans_are_spelled_as_xml_schema_says(tmp_path: Path, story: str) -> None:
    g = STORIES[story]()
    g.save(tmp_path / "s.graphml")
    text = (tmp_path / "s.graphml").read_text(encoding="utf-8")
    keys = dict(
        re.findall(r'<key id="(\w+)" for="edge" attr.name="(\w+)" attr.type="boolean"', text)
    )
    assert set(keys.values()) == {name for *_, name in expected_flags(g)}
    spelled = re.findall(rf'<data key="(?:{"|".join(keys)})">([^<]*)</data>', text)
    assert set(spelled) == {"true", "false"}
    assert len(spelled) == len(expected_flags(g))


def graphml_with(flag: str, tmp_path: Path) -> tuple[Path, str]:
    """The seed story's GraphML with its first ``firsthand`` (``true``) spelled `flag`,
    and the edge that holds it."""
    pv.load(SEED).save(tmp_path / "s.graphml")
    text = (tmp_path / "s.graphml").read_text(encoding="utf-8")
    [key] = re.findall(r'<key id="(\w+)" for="edge" attr.name="firsthand"', text)
    first = text.index(f'<data key="{key}">true</data>')
    *_, (u, v) = re.findall(r'<edge source="([^"]*)" target="([^"]*)"', text[:first])
    text = text[:first] + text[first:].replace(">true<", f">{flag}<", 1)
    (tmp_path / "s.graphml").write_text(text, encoding="utf-8")
    return tmp_path / "s.graphml", f"edge {u!r} → {v!r}"


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("true", True),
        ("1", True),
        ("True", True),
        (" true\n", True),
        ("false", False),
        ("0", False),
        ("False", False),
    ],
)
def test_graphml_reads_xml_schema_and_python_booleans(
    tmp_path: Path, flag: str, value: bool
) -> None:
    # 1 and 0 are XML Schema's too; True and False are what networkx (and 0.1) write.
    path, edge = graphml_with(flag, tmp_path)
    g, seed = pv.load(path), pv.load(SEED)
    changed = [r for r in seed.reports() if r.firsthand != g.report(r.source, r.claim).firsthand]
    assert [f"edge {r.source!r} → {r.claim!r}" for r in changed] == ([] if value else [edge])
    assert (g == seed) is value


@pytest.mark.parametrize("flag", ["yes", "TRUE", "2", "", "ja", "true false"])
def test_graphml_refuses_any_other_boolean_by_its_value(tmp_path: Path, flag: str) -> None:
    path, edge = graphml_with(flag, tmp_path)
    with pytest.raises(pv.FormatError) as raised:
        pv.load(path)
    assert (raised.value.file, raised.value.place) == (str(path), edge)
    assert raised.value.message == f"'firsthand' must be true, false, 1 or 0, got {flag!r}"


def test_graphml_refuses_a_boolean_default_that_is_none(tmp_path: Path) -> None:
    path, _ = graphml_with("true", tmp_path)
    text = re.sub(
        r'(<key id="\w+" for="edge" attr.name="firsthand" attr.type="boolean") />',
        r"\1><default>sometimes</default></key>",
        path.read_text(encoding="utf-8"),
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(pv.FormatError) as raised:
        pv.load(path)
    assert (raised.value.place, raised.value.message) == (
        "key 'firsthand'",
        "default must be true, false, 1 or 0, got 'sometimes'",
    )
