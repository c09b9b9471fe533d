"""The page in a real headless Chromium: offline, safe with hostile text, interactive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import provenance as pv
from examples.pow_article import build
from tests.conftest import PAYLOADS, hostile_graph

DOCS_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


class Visit:
    """One page load, recording every request, dialog and console error."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1500, "height": 900})
        self.page.add_init_script(WATCH_CSP)
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("html[data-ready=true]", timeout=30_000)

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _page_error(self, error: Any) -> None:
        self.errors.append(str(error))

    def node_at(self, user_id: str, g: pv.ProvenanceGraph) -> tuple[float, float]:
        """Screen position of the node drawn for `user_id` (ids in the page are opaque)."""
        shown = g.source(user_id).name if user_id in g.sources_by_id else g.claim(user_id).text
        point = self.page.evaluate(
            """(shown) => {
                const net = window.provenance.network;
                const node = window.provenance.nodes.get({
                    filter: (n) => n.title.split("\\n\\n")[0] === shown,
                })[0];
                const dom = net.canvasToDOM(net.getPosition(node.id));
                const box = document.querySelector("#graph canvas").getBoundingClientRect();
                return [box.left + dom.x, box.top + dom.y];
            }""",
            shown,
        )
        return point[0], point[1]

    def assert_clean(self) -> None:
        assert self.requests == [self.url], "the page asked for something"
        assert self.page.evaluate("window.__csp") == []
        assert self.dialogs == []
        assert self.page.evaluate("window.__pwned") is None
        assert self.errors == []


@pytest.fixture
def seed(tmp_path: Path, browser: Any) -> Iterator[tuple[pv.ProvenanceGraph, Visit]]:
    g = build()
    path = tmp_path / "seed.html"
    g.to_html(path, title="Ukrainians capture first North Korean POW")
    visit = Visit(browser, path)
    yield g, visit
    visit.page.close()


@pytest.mark.browser
def test_seed_story_draws_offline_and_explains_on_hover(seed) -> None:
    g, visit = seed
    page = visit.page
    drawn = page.evaluate("window.provenance.network.body.nodeIndices.length")
    assert drawn == len(g.sources) + len(g.claims)
    DOCS_IMAGES.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS_IMAGES / "pow_article.png"))

    x, y = visit.node_at("injured", g)
    page.mouse.move(x, y)
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert g.claim("injured").text in text
    assert g.corroboration("injured").explain() in text
    visit.assert_clean()


@pytest.mark.browser
def test_clicking_a_claim_opens_its_panel_and_highlights_its_line(seed) -> None:
    g, visit = seed
    page = visit.page
    assert page.locator("#panel").is_hidden()
    page.mouse.click(*visit.node_at("injured", g))
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "Militarnyi → Euromaidan Press" in text  # the line of support
    assert "SINGLE SOURCE" in text and "HEDGED" in text
    assert "appeared to have been injured" in text  # the report's quote
    assert panel.locator("a").get_attribute("href").startswith("https://euromaidanpress.com/")
    selected = page.evaluate("window.provenance.network.getSelectedEdges().length")
    assert selected == 2  # Militarnyi → article → claim
    page.screenshot(path=str(DOCS_IMAGES / "pow_article_panel.png"))
    page.locator("#panel .close").click()
    assert panel.is_hidden()
    visit.assert_clean()


@pytest.mark.browser
def test_search_and_flagged_only(seed) -> None:
    g, visit = seed
    page = visit.page
    page.fill("#search", "warshal")
    assert page.locator("#search-status").inner_text() == "1 found"
    assert page.evaluate("window.provenance.network.getSelectedNodes().length") == 1
    page.check("#flagged-only")
    hidden = page.evaluate(
        "window.provenance.nodes.get({filter: (n) => n.hidden})"
        '.map((n) => n.title.split("\\n\\n")[0])'  # the tooltip's first paragraph
    )
    # The troop count is the one claim with no flag; three sources report nothing else.
    assert sorted(hidden) == sorted(
        [g.claim("troops").text, "US sources", "South Korean sources", "Ukrainian sources"]
    )
    page.uncheck("#flagged-only")
    visit.assert_clean()


@pytest.mark.browser
def test_hostile_text_stays_text(tmp_path: Path, browser: Any) -> None:
    g = hostile_graph()
    path = tmp_path / "hostile.html"
    g.to_html(path, title=PAYLOADS[2])
    visit = Visit(browser, path)
    page = visit.page
    assert page.title() == PAYLOADS[2]
    drawn = page.evaluate("window.provenance.network.body.nodeIndices.length")
    assert drawn == len(g.sources) + len(g.claims)
    for claim in g.claims:
        x, y = visit.node_at(claim.id, g)
        page.mouse.move(x, y)
        tooltip = page.locator(".vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert claim.text in tooltip.inner_text()
        assert tooltip.locator("img, svg, script, a").count() == 0
        page.mouse.click(x, y)
        panel = page.locator("#panel")
        panel.wait_for(state="visible")
        assert claim.text in panel.inner_text()
        assert panel.locator("img, svg, script, iframe").count() == 0
        for href in panel.locator("a").evaluate_all("(links) => links.map((a) => a.href)"):
            assert href.startswith("https://example.org/")
        page.mouse.move(5, 5)
    page.fill("#search", "<script>")
    assert page.locator("#search-status").inner_text() != "0 found"
    visit.assert_clean()
    page.close()
