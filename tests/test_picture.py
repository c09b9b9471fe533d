"""The static SVG picture: well-formed, the page's own layout, hostile text kept text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import provenance as pv
from examples.pow_article import build
from tests.conftest import PAYLOADS, hostile_graph
from tests.stories import busy_story, cascade

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg.encode()).iter(f"{SVG}text")]


def test_the_seed_story_as_a_picture(tmp_path: Path) -> None:
    g = build()
    path = tmp_path / "seed.svg"
    svg = g.to_svg(path, title="Ukrainians capture first North Korean POW")
    assert path.read_text(encoding="utf-8") == svg
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    drawn = texts(svg)
    assert "Ukrainians capture first North Korean POW" in drawn
    assert "⚠ SINGLE SOURCE · HEDGED" in drawn  # the injured prisoner's badges
    assert "Euromaidan Press" in drawn
    boxes = root.findall(f"{SVG}g")
    assert len(boxes) == len(g.sources) + len(g.claims)
    hover = [box.findtext(f"{SVG}title") or "" for box in boxes]
    assert any(g.claim("injured").text in tip for tip in hover)  # the full text, on hover
    assert any(t == "1 proven line, with warnings" for t in drawn)  # the legend


def test_the_picture_draws_the_pages_layout() -> None:
    g = busy_story()
    svg = ET.fromstring(g.to_svg().encode())
    lines = [p for p in svg.findall(f"{SVG}polyline") if "marker-end" not in p.attrib]
    assert len(lines) == len(g.contradictions())  # routed lines; edges have arrowheads
    bands = [t for t in texts(g.to_svg()) if "claims, in" in t]
    assert bands  # the folded claim layer is banded, as on the page
    fan = texts(cascade().to_svg())
    assert "251 accounts" in fan


def test_hostile_text_stays_text_and_xml_stays_well_formed() -> None:
    g = hostile_graph()
    g.add_source("ctl", name="bell\x07 and \x00 nul")
    g.add_report("ctl", g.claims[0].id, firsthand=True)
    svg = g.to_svg(title=PAYLOADS[0])
    root = ET.fromstring(svg.encode())  # would raise on any markup the payloads made
    assert not [e for e in root.iter() if e.tag.removeprefix(SVG) in ("script", "image", "a")]
    assert not [attr for e in root.iter() for attr in e.attrib if attr.startswith("on")]
    assert PAYLOADS[0] in texts(svg)
    assert "bell and  nul" in texts(svg)


def test_empty_and_partial_pictures() -> None:
    assert ET.fromstring(pv.ProvenanceGraph().to_svg().encode()).tag == f"{SVG}svg"
    svg = build().to_svg(claims=["injured"])
    assert "Warshal" not in texts(svg) and "Militarnyi" in texts(svg)
    with pytest.raises(pv.UnknownIdError, match="did you mean 'injured'"):
        build().to_svg(claims=["injure"])
