"""The page in a real headless Chromium: offline, safe with hostile text, interactive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import provenance as pv
from examples.pow_article import build
from provenance.records import sources_by_id
from tests.conftest import PAYLOADS, hostile_graph
from tests.stories import busy_story, cascade

DOCS_IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


class Visit:
    """One page load, recording every request, dialog and console error."""

    def __init__(self, browser: Any, path: Path, size: tuple[int, int] = (1500, 900)) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
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
        shown = g.source(user_id).name if user_id in sources_by_id(g) else g.claim(user_id).text
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

    def label_px(self) -> float:
        """How tall the labels are drawn on screen now, in CSS pixels."""
        return float(
            self.page.evaluate(
                "window.provenance.network.getScale() * "
                "window.provenance.network.body.nodes[window.provenance.network.body"
                ".nodeIndices[0]].options.font.size"
            )
        )

    def boxes(self) -> dict[str, list[float]]:
        """Every shown node's drawn box (left, top, right, bottom), as vis-network sized it."""
        return dict(
            self.page.evaluate(
                """() => {
                const body = window.provenance.network.body;
                return body.nodeIndices.filter((id) => !body.nodes[id].options.hidden)
                  .map((id) => {
                    const n = body.nodes[id], w = n.shape.width, h = n.shape.height;
                    return [id, [n.x - w / 2, n.y - h / 2, n.x + w / 2, n.y + h / 2]];
                  });
            }"""
            )
        )

    def assert_no_overlap(self) -> None:
        boxes = sorted(self.boxes().items(), key=lambda item: item[1][0])
        for i, (a, box) in enumerate(boxes):
            for b, other in boxes[i + 1 :]:
                if other[0] >= box[2]:
                    break
                assert not (box[1] < other[3] and other[1] < box[3]), (a, b)

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


def visit_story(tmp_path: Path, browser: Any, g: pv.ProvenanceGraph, name: str) -> Visit:
    path = tmp_path / f"{name}.html"
    g.to_html(path)
    return Visit(browser, path, size=(1280, 800))


@pytest.mark.browser
def test_labels_are_readable_and_boxes_never_overlap(tmp_path: Path, browser: Any) -> None:
    """At 1280×800: labels 12 px or more at the opening zoom, 10 or more with the panel
    open; the boxes vis-network draws overlap nowhere and fit in the layout's sizes."""
    for name, g in (("seed", build()), ("busy", busy_story())):
        visit = visit_story(tmp_path, browser, g, name)
        page = visit.page
        assert visit.label_px() >= 12
        visit.assert_no_overlap()
        sizes = page.evaluate(
            "JSON.parse(document.getElementById('provenance-data').textContent).sizes"
        )
        for node, (left, top, right, bottom) in visit.boxes().items():
            assert right - left <= sizes[node][0] and bottom - top <= sizes[node][1], node
        claim = g.claims[0].id
        shown = g.claim(claim).text
        node = next(n["id"] for n in _data(page)["nodes"] if n["tip"][0] == shown)
        page.evaluate("(id) => window.provenance.network.focus(id, {animation: false})", node)
        page.mouse.click(*visit.node_at(claim, g))
        page.locator("#panel").wait_for(state="visible")
        assert visit.label_px() >= 10
        if name == "busy":
            page.locator("#panel .close").click()
            page.screenshot(path=str(DOCS_IMAGES / "busy_story.png"))
        visit.assert_clean()
        page.close()


def _data(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("JSON.parse(document.getElementById('provenance-data').textContent)"))


@pytest.mark.browser
def test_claim_view_and_timeline(seed) -> None:
    """Clicking a claim dims all but its upstream and shows its reports by date."""
    g, visit = seed
    page = visit.page
    page.mouse.click(*visit.node_at("injured", g))
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    opacity = dict(
        page.evaluate(
            "window.provenance.nodes.get().map((n) => [n.title.split('\\n\\n')[0], n.opacity])"
        )
    )
    upstream = {g.source(r.source).name for r in g.reports("injured")} | {g.claim("injured").text}
    assert {name for name, o in opacity.items() if o == 1} == upstream
    assert all(o < 0.5 for name, o in opacity.items() if name not in upstream)
    page.screenshot(path=str(DOCS_IMAGES / "claim_view.png"))
    page.mouse.click(*visit.node_at("capture", g))
    timeline = page.locator("#panel ol.timeline li").all_inner_texts()
    dated = sorted(
        (r for r in g.reports("capture") if r.published is not None), key=lambda r: r.published
    )
    assert len(timeline) == len(g.reports("capture")) and dated
    assert timeline[0].startswith("26 Dec 2024")  # first appearance first, as people write dates
    assert "Warshal" in timeline[0] and "first" in timeline[0]  # before Militarnyi, who cites it
    assert timeline[-1].startswith("date not given")
    page.locator("#panel .close").click()
    assert set(page.evaluate("window.provenance.nodes.get().map((n) => n.opacity)")) == {1}
    visit.assert_clean()


@pytest.mark.browser
def test_only_flagged_reflows_the_graph(tmp_path: Path, browser: Any) -> None:
    g = busy_story()
    visit = visit_story(tmp_path, browser, g, "busy")
    page = visit.page
    before = visit.boxes()
    page.check("#flagged-only")
    shown = visit.boxes()
    data = _data(page)
    assert set(shown) == set(before) - set(data["unflagged"])
    for node, (left, top, right, bottom) in shown.items():  # moved to the closed-up layout
        x, y = data["layouts"]["flagged"]["positions"][node]
        assert abs((left + right) / 2 - x) < 0.5 and abs((top + bottom) / 2 - y) < 0.5
    visit.assert_no_overlap()
    assert visit.label_px() >= 12
    page.screenshot(path=str(DOCS_IMAGES / "busy_story_flagged.png"))
    page.uncheck("#flagged-only")
    assert visit.boxes() == before
    visit.assert_clean()
    page.close()


@pytest.mark.browser
def test_a_fan_out_is_one_node_that_lists_its_accounts(tmp_path: Path, browser: Any) -> None:
    g = cascade(direct=263, relays=12)
    visit = visit_story(tmp_path, browser, g, "cascade")
    page = visit.page
    assert len(visit.boxes()) == len(g.sources) + len(g.claims) - 251 + 1
    fan = page.evaluate(
        "window.provenance.nodes.get({filter: (n) => n.group === 'fanout'}).map((n) => n.id)"
    )
    assert len(fan) == 1
    visit.assert_no_overlap()
    page.screenshot(path=str(DOCS_IMAGES / "cascade.png"))
    point = page.evaluate(
        """(id) => {
            const net = window.provenance.network;
            const dom = net.canvasToDOM(net.getPosition(id));
            const box = document.querySelector("#graph canvas").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        fan[0],
    )
    page.mouse.click(*point)
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert "251 accounts via @rumour_source" in panel.inner_text()
    assert panel.locator("ol.members li").count() == 251
    folded = visit.boxes()
    panel.locator("button.open").click()  # opened into its grid: 251 more boxes, none over another
    opened = visit.boxes()
    assert len(opened) == len(folded) - 1 + 251 and fan[0] not in opened
    visit.assert_no_overlap()
    assert visit.label_px() >= 12
    page.screenshot(path=str(DOCS_IMAGES / "cascade_opened.png"))
    panel.locator("button.open").click()
    assert visit.boxes() == folded
    page.fill("#search", "@user200")
    assert page.locator("#search-status").inner_text() == "1 found"
    assert page.evaluate("window.provenance.network.getSelectedNodes()") == fan
    visit.assert_clean()
    page.close()


ROUTED = """() => {
  const p = window.provenance, paths = p.state.layout.paths;
  const wrong = p.edges.get().filter((e) => (e.hidden === true) !== (e.id in paths));
  const canvas = document.querySelector("#graph canvas");
  const ctx = canvas.getContext("2d"), ratio = canvas.width / canvas.clientWidth;
  const blank = [];
  Object.entries(paths).forEach(([id, flat]) => {
    for (let i = 0; i + 3 < flat.length; i += 2) {
      const a = { x: flat[i], y: flat[i + 1] }, b = { x: flat[i + 2], y: flat[i + 3] };
      if (Math.hypot(b.x - a.x, b.y - a.y) < 30) continue;
      const at = p.network.canvasToDOM({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
      const w = canvas.clientWidth, h = canvas.clientHeight;
      if (at.x < 2 || at.y < 2 || at.x > w - 2 || at.y > h - 2) continue;
      const x = Math.round(at.x * ratio) - 2, y = Math.round(at.y * ratio) - 2;
      const pixels = ctx.getImageData(x, y, 5, 5).data;
      if (!pixels.some((v, k) => k % 4 === 3 && v > 0)) blank.push(id);
    }
  });
  return [wrong.map((e) => e.id), blank, Object.keys(paths).length];
}"""


@pytest.mark.browser
def test_edges_that_would_pass_behind_a_box_are_drawn_round_it(seed) -> None:
    """vis-network draws straight edges: the page draws the routed ones itself, along
    their paths, and hides vis-network's straight line for them, in either layout."""
    _, visit = seed
    page = visit.page
    page.click("#fit")
    wrong, blank, routed = page.evaluate(ROUTED)
    assert routed and wrong == [] and blank == []
    page.check("#flagged-only")
    wrong, _, _ = page.evaluate(ROUTED)
    assert wrong == []
    visit.assert_clean()


ON_ROUTE = """(id) => {
  // A point on routed edge `id`, on screen, clear of boxes, straight edges and the other
  // routed edges: the middle of its longest such segment, in page coordinates.
  const p = window.provenance, net = p.network, paths = p.state.layout.paths;
  const canvas = document.querySelector("#graph canvas"), box = canvas.getBoundingClientRect();
  const near = (flat, x, y) => {
    let best = Infinity;
    for (let i = 0; i + 3 < flat.length; i += 2) {
      const ax = flat[i], ay = flat[i + 1], dx = flat[i + 2] - ax, dy = flat[i + 3] - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
    }
    return best;
  };
  const flat = paths[id], found = [];
  for (let i = 0; i + 3 < flat.length; i += 2) {
    const x = (flat[i] + flat[i + 2]) / 2, y = (flat[i + 1] + flat[i + 3]) / 2;
    const dom = net.canvasToDOM({ x: x, y: y });
    if (dom.x < 20 || dom.y < 20 || dom.x > box.width - 20 || dom.y > box.height - 20) continue;
    if (net.getNodeAt(dom) !== undefined || net.getEdgeAt(dom) !== undefined) continue;
    if (Object.keys(paths).some((other) => other !== id && near(paths[other], x, y) < 12)) continue;
    const length = Math.hypot(flat[i + 2] - flat[i], flat[i + 3] - flat[i + 1]);
    found.push([length, box.left + dom.x, box.top + dom.y]);
  }
  found.sort((a, b) => b[0] - a[0]);
  return found[0].slice(1);
}"""

STRAIGHT = """() => {
  const p = window.provenance, net = p.network;
  const box = document.querySelector("#graph canvas").getBoundingClientRect();
  for (const edge of p.edges.get({ filter: (e) => !e.hidden })) {
    const a = net.getPosition(edge.from), b = net.getPosition(edge.to);
    const dom = net.canvasToDOM({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
    if (dom.x < 20 || dom.y < 20 || dom.x > box.width - 20 || dom.y > box.height - 20) continue;
    if (net.getEdgeAt(dom) === edge.id && net.getNodeAt(dom) === undefined) {
      return [edge.id, box.left + dom.x, box.top + dom.y];
    }
  }
}"""

SETTLED = """() => {
  const canvas = document.querySelector("#graph canvas");
  return Math.abs(canvas.width / window.devicePixelRatio - canvas.parentElement.clientWidth) < 1;
}"""

COLOURS = """([x, y]) => {
  // The colours drawn within 3 px of (x, y): purple, dark grey, blue, as seen.
  const canvas = document.querySelector("#graph canvas"), box = canvas.getBoundingClientRect();
  const ratio = canvas.width / box.width;
  const px = canvas.getContext("2d").getImageData(
    Math.round((x - box.left) * ratio) - 3, Math.round((y - box.top) * ratio) - 3, 7, 7).data;
  const seen = new Set();
  for (let k = 0; k < px.length; k += 4) {
    const [r, g, b, a] = [px[k], px[k + 1], px[k + 2], px[k + 3]];
    if (a < 150) continue;
    if (r - g > 40 && b - g > 60) seen.add("purple");  // #7b3294, suspected copying
    else if (Math.max(r, g, b) - Math.min(r, g, b) < 12 && r < 90) seen.add("grey");  // #333, hover
    else if (b - r > 70 && r < 80) seen.add("blue");  // #1f4e8c, selected
  }
  return Array.from(seen).sort();
}"""


def drawn_in(page: Any, point: list[float], colours: list[str]) -> None:
    """Wait (a redraw may be due) until the colours drawn round `point` are `colours`."""
    page.wait_for_function(f"(at) => ({COLOURS})(at).join() === {','.join(colours)!r}", arg=point)


@pytest.mark.browser
def test_a_routed_edge_has_its_tooltip_hover_and_selection(tmp_path: Path, browser: Any) -> None:
    """An edge drawn round the boxes by the page answers the pointer as a straight one:
    hovered, it is highlighted and its title, the suspected copying's chance and
    evidence, shows as text; clicked, it is selected and the panel closes."""
    g = build()
    evidence = "the wording matches <b>Warshal</b>'s (0.80)"
    g.add_suspected(pv.SuspectedCopy("article", "warshal", ["capture"], 0.8, [evidence]))
    path = tmp_path / "suspected.html"
    g.to_html(path)
    visit = Visit(browser, path)
    page = visit.page
    (edge,) = page.evaluate(
        "window.provenance.edges.get({filter: (e) => e.title !== undefined}).map((e) => e.id)"
    )
    assert page.evaluate(f"window.provenance.edges.get('{edge}').hidden")  # drawn by the page
    point = page.evaluate(ON_ROUTE, edge)
    assert page.evaluate(COLOURS, point) == ["purple"]
    page.mouse.move(*point)
    tooltip = page.locator(".vis-tooltip >> visible=true")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text() == f"suspected copying (0.80): {evidence}"
    assert tooltip.locator("b, img, script").count() == 0  # the evidence stays text
    drawn_in(page, point, ["grey"])  # vis-network's hover colour
    page.screenshot(path=str(tmp_path / "routed_hover.png"))
    page.mouse.click(*visit.node_at("capture", g))  # a claim's panel open, then the edge
    page.locator("#panel").wait_for(state="visible")
    point = page.evaluate(ON_ROUTE, edge)
    page.mouse.click(*point)
    assert page.evaluate("window.provenance.network.getSelectedEdges()") == [edge]
    assert page.locator("#panel").is_hidden()
    page.wait_for_function(SETTLED)  # the canvas widened into the panel's room,
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")  # its zoom put back
    point = page.evaluate(ON_ROUTE, edge)
    page.mouse.move(point[0], point[1] + 200)  # away: the selection stays, the tooltip goes
    assert page.locator(".vis-tooltip >> visible=true").count() == 0
    drawn_in(page, point, ["blue"])
    page.screenshot(path=str(tmp_path / "routed_selected.png"))
    straight, x, y = page.evaluate(STRAIGHT)  # a straight edge's click does the same
    page.mouse.click(x, y)
    assert page.evaluate("window.provenance.network.getSelectedEdges()") == [straight]
    point = page.evaluate(ON_ROUTE, edge)
    page.mouse.move(*visit.node_at("warshal", g))  # a box hovered lights its edges up
    drawn_in(page, point, ["grey"])
    page.mouse.move(*visit.node_at("capture", g))  # a box's tooltip is vis-network's own
    page.locator(".vis-tooltip >> visible=true").wait_for(state="visible", timeout=5_000)
    assert page.locator(".vis-tooltip >> visible=true").count() == 1
    assert g.claim("capture").text in page.locator(".vis-tooltip >> visible=true").inner_text()
    visit.assert_clean()
    page.close()
