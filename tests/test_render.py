"""The HTML page, without a browser: structure, escaping, policy, options, files."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import provenance as pv
from examples.pow_article import build
from tests.conftest import HOSTILE_URLS, PAYLOADS, hostile_graph


class Page(HTMLParser):
    """Collects the tags, attributes and script blocks of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = tag
            self._attrs = dict(attrs)
            self._text = ""

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open == "script":
            self.scripts.append((self._attrs, self._text))
        elif tag == "style" and self._open == "style":
            self.styles.append(self._text)
        self._open = None


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page_data(page: Page) -> Any:
    (_, text), *_ = [s for s in page.scripts if s[0].get("type") == "application/json"]
    return json.loads(text)


def test_page_is_self_contained_and_every_script_is_hashed() -> None:
    text = build().to_html(title="Seed")
    page = Page(text)
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    assert "default-src 'none'" in policy
    executable = [body for attrs, body in page.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 2
    for body in executable:
        assert sha256(body) in policy
    assert sha256(page.styles[0]) in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for tag, attrs in page.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)  # nothing to fetch
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)


def test_hostile_text_never_reaches_markup() -> None:
    g = hostile_graph()
    text = g.to_html(title=PAYLOADS[2])
    page = Page(text)
    assert [t for t, _ in page.tags].count("script") == 3  # the data block and two scripts
    assert not any(t in ("img", "svg", "a", "iframe") for t, _ in page.tags)
    assert f"<title>{html.escape(PAYLOADS[2])}</title>" in text
    # Not one character that could end the data block or start markup in it (an end tag
    # needs no ">" to close it: "</script " does), and still the same data.
    (_, raw), *_ = [s for s in page.scripts if s[0].get("type") == "application/json"]
    assert not set(raw) & set("<>&\u2028\u2029")
    data = page_data(page)
    # The payloads survive as data, intact: the page shows them as text.
    names = {node["tip"][0] for node in data["nodes"]}
    assert set(PAYLOADS) <= names
    # Node ids are opaque, never the user's ids.
    assert all(re.fullmatch(r"n\d+", node["id"]) for node in data["nodes"])
    urls = [r.get("url") for c in data["claims"].values() for r in c["reports"]]
    assert [u for u in urls if u] == [HOSTILE_URLS[3]] * urls.count(HOSTILE_URLS[3])


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://militarnyi.com/en/news/", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("  javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("//example.org", False),
        ("http://[::1", False),  # unparseable
        (None, False),
    ],
)
def test_only_http_links(url: str | None, safe: bool) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a")
    g.add_claim("c")
    g.add_report("a", "c", url=url, firsthand=True)
    (panel,) = page_data(Page(g.to_html()))["claims"].values()
    assert panel["reports"][0].get("url") == (url.strip() if safe and url else None)


def test_seed_page_data() -> None:
    g = build()
    data = page_data(Page(g.to_html()))
    nodes = data["nodes"]
    assert len(nodes) == len(g.sources) + len(g.claims)
    by_text = {n["tip"][0]: n for n in nodes}
    injured = by_text[g.claim("injured").text]
    assert injured["group"] == "claim1"
    assert "⚠ SINGLE SOURCE · HEDGED" in injured["label"]
    assert injured["borderWidth"] == 5
    assert by_text[g.claim("troops").text]["group"] == "claim4"
    assert by_text["Warshal"]["group"] == "attributed"
    assert by_text["Euromaidan Press"]["group"] == "observed"
    # Left to right: origins, relays, the article, claims.
    chain = ["Special Operations Forces (SSO)", "Warshal", "Militarnyi", "Euromaidan Press"]
    xs = [by_text[name]["x"] for name in chain] + [injured["x"]]
    assert xs == sorted(set(xs))
    panel = data["claims"][injured["id"]]
    assert panel["lines"] == [["Militarnyi", "Euromaidan Press"]]
    assert panel["flags"] == ["SINGLE SOURCE", "HEDGED"]
    assert len(panel["lineEdges"]) == 2
    edges = {e["id"]: e for e in data["edges"]}
    via, report = panel["lineEdges"]
    assert edges[report]["dashes"]  # the uncertain report is drawn dashed
    assert not edges[via].get("dashes")  # Militarnyi → article also carries plain claims
    options = data["options"]
    assert options["physics"] == {"enabled": False}
    assert options["edges"]["smooth"] is False
    assert options["layout"]["improvedLayout"] is False


def test_warnings_source_details_and_the_unflagged() -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a")
    g.add_source("b")
    g.add_source("c", kind="outlet")
    for claim in ("solo", "pair", "third"):
        g.add_claim(claim)
    g.add_reports(
        [
            {"source": "a", "claim": "solo", "firsthand": True},
            {"source": "b", "claim": "pair", "firsthand": True},
            {"source": "c", "claim": "pair", "firsthand": True},
            {"source": "c", "claim": "third", "hedge": "appeared to", "firsthand": True},
        ]
    )
    data = page_data(Page(g.to_html()))
    node = {n["tip"][0]: n for n in data["nodes"]}
    # SINGLE_SOURCE alone is said by the colour; any other flag earns the ⚠ border.
    assert "SINGLE SOURCE" in node["solo"]["label"] and "⚠" not in node["solo"]["label"]
    assert "borderWidth" not in node["solo"]
    assert "⚠ SINGLE SOURCE · HEDGED" in node["third"]["label"]
    assert node["third"]["borderWidth"] == 5
    assert node["a"]["tip"][1] == "source · 1 claim · read"
    assert node["c"]["tip"][1] == "outlet · 2 claims · read"
    # The search box's "hide unflagged": claims without flags, and sources whose claims
    # all have none.
    assert sorted(data["unflagged"]) == sorted([node["pair"]["id"], node["b"]["id"]])


def test_claims_selects_them_and_their_upstream() -> None:
    g = build()
    data = page_data(Page(g.to_html(claims=["injured", "injured"])))
    names = sorted(n["tip"][0] for n in data["nodes"])
    assert names == sorted(["Militarnyi", "Euromaidan Press", g.claim("injured").text])
    with pytest.raises(pv.UnknownIdError, match="did you mean 'injured'"):
        g.to_html(claims=["injure"])
    with pytest.raises(pv.UnknownIdError, match=r"unknown claim \"\['injured'\]\""):
        g.to_html(claims=[["injured"]])  # type: ignore[list-item]
    with pytest.raises(pv.ValidationError, match="claims must be a list of claim ids"):
        g.to_html(claims="injured")


def test_writes_atomically(tmp_path: Path) -> None:
    target = tmp_path / "story.html"
    target.write_text("old")
    text = pv.render_html(build(), target)
    assert target.read_text(encoding="utf-8") == text
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    with pytest.raises(pv.ProvenanceError, match="cannot write"):
        build().to_html(tmp_path / "missing-folder" / "x.html")


def test_notebook_frame_is_sandboxed() -> None:
    frame = build()._repr_html_()
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts"' in frame
    assert "allow-same-origin" not in frame
    (tag, attrs), *_ = Page(frame).tags
    assert tag == "iframe"
    assert attrs["srcdoc"] == build().to_html()


def test_empty_graph_renders() -> None:
    data = page_data(Page(pv.ProvenanceGraph().to_html()))
    assert data["nodes"] == [] and data["edges"] == []


def crowded(n_sources: int, n_claims: int, chars: int) -> pv.ProvenanceGraph:
    """Every source reports every long claim; the last ten alike (one fan-out)."""
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}", "name": f"Source {i}"} for i in range(n_sources))
    for j in range(n_claims):
        g.add_claim(f"c{j}", " ".join(f"c{j}w{k}" for k in range(chars // 6))[:chars])
    g.add_reports(
        {"source": f"s{i}", "claim": f"c{j}"}
        | ({"firsthand": True} if i < 3 else {"via": [f"s{i % 3}" if i < n_sources - 10 else "s0"]})
        | ({"hedge": "reportedly"} if (i + j) % 3 == 0 and i < n_sources - 10 else {})
        for i in range(n_sources)
        for j in range(n_claims)
    )
    return g


def test_page_grows_with_the_story_not_sources_times_claims(tmp_path: Path) -> None:
    """Panels name claims by id: each text is in the page once, however many report it."""
    g = crowded(30, 30, 1500)
    story = g.save(tmp_path / "story.yaml").stat().st_size
    scripts = len(pv.ProvenanceGraph().to_html().encode())  # inlined scripts and style
    text = g.to_html()
    assert len(text.encode()) < 3 * story + scripts
    for claim in g.claims:
        assert text.count(claim.text) == 1, claim.id
    data = page_data(Page(text))
    ids = {n["tip"][0]: n["id"] for n in data["nodes"]}
    (group,) = data["groups"].values()  # the ten alike, folded
    assert group["claims"] == [ids[c.text] for c in g.claims]
    assert all(panel["claims"] == group["claims"] for panel in data["sources"].values())
    assert {entry[0] for entry in data["search"]} >= set(group["claims"])
