"""Time to first complete draw: this renderer against a plain pyvis page, same graphs, same run.

For each size, one synthetic graph (benchmarks/synthetic.py) is rendered twice:

- ours: ``render_html`` (layout in Python, physics off, straight edges);
- baseline: ``pyvis.network.Network(directed=True).from_nx(G)`` with default options,
  ``cdn_resources="in_line"``, the way the pyvis docs show it.

Both pages load from disk into the same headless Chromium (requests to any network are
aborted at once, so pyvis's CDN links cost nothing); the clock runs from navigation to
the first ``afterDrawing`` event of vis-network, which both pages signal by setting
``data-ready`` on ``<html>`` (a probe is appended to the pyvis page). A baseline still
drawing after ``--timeout`` seconds is reported as "> timeout".

    python benchmarks/render.py                       # 100, 1k, 5k, 10k nodes
    python benchmarks/render.py --sizes 100 --timeout 30
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from benchmarks.synthetic import corpus
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

PROBE = (
    '<script>network.once("afterDrawing", function () {'
    ' document.documentElement.dataset.ready = "true"; });</script>'
)


def graph_with_nodes(n_nodes: int) -> Any:
    """A synthetic provenance graph of about `n_nodes` sources and claims."""
    n_reports = max(12, round(n_nodes / 0.37))
    g = corpus(n_reports, seed=n_nodes).graph()
    return g


def pyvis_page(g: Any) -> str:
    from pyvis.network import Network

    plain: nx.DiGraph[str] = nx.DiGraph()
    plain.add_nodes_from(g.to_networkx().nodes)
    plain.add_edges_from((u, v) for u, v in g.to_networkx().edges())
    network = Network(directed=True, cdn_resources="in_line")
    network.from_nx(plain)
    page: str = network.generate_html()
    return page.replace("</body>", PROBE + "</body>")


def time_to_draw(browser: Any, path: Path, timeout: float) -> float | None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("http*://**", lambda route: route.abort())
    try:
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_selector("html[data-ready=true]", state="attached", timeout=timeout * 1000)
        return time.perf_counter() - start
    except Exception as error:  # a Playwright timeout: the baseline did not finish
        if "Timeout" not in type(error).__name__:
            raise
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 10000])
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per baseline page")
    parser.add_argument("--no-baseline", action="store_true", help="time only this renderer")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}"
    )
    header = (
        "nodes",
        "edges",
        "ours build s",
        "ours draw s",
        "pyvis build s",
        "pyvis draw s",
        "draw speed-up",
    )
    print("  ".join(f"{h:>13}" for h in header))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            g = graph_with_nodes(size)
            G = g.to_networkx()
            ours_path, theirs_path = (
                Path(folder, f"ours{size}.html"),
                Path(folder, f"pyvis{size}.html"),
            )
            start = time.perf_counter()
            g.to_html(ours_path)
            ours_build = time.perf_counter() - start
            start = time.perf_counter()
            theirs_path.write_text(pyvis_page(g), encoding="utf-8")
            theirs_build = time.perf_counter() - start
            ours = time_to_draw(browser, ours_path, 120.0)
            theirs = None if args.no_baseline else time_to_draw(browser, theirs_path, args.timeout)
            assert ours is not None, "our page did not draw"
            if args.no_baseline:
                theirs_text = ratio_text = "-"
            else:
                theirs_text = f"{theirs:.2f}" if theirs is not None else f"> {args.timeout:.0f}"
                ratio = (theirs if theirs is not None else args.timeout) / ours
                ratio_text = f"{'> ' if theirs is None else ''}{ratio:.1f}x"
            row = (
                G.number_of_nodes(),
                G.number_of_edges(),
                f"{ours_build:.2f}",
                f"{ours:.2f}",
                f"{theirs_build:.2f}",
                theirs_text,
                ratio_text,
            )
            print("  ".join(f"{cell:>13}" for cell in row), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
