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

Before that, the page's size (no browser needed): a story of n sources that all report
the same n long claims (``--claim-chars`` characters each; 10,000 by default, the shape
of issue 28's 1.45 MB story), at each of ``--page-sizes``: the story file (YAML), the
page, the inlined scripts and style (an empty graph's page), and (page − scripts) /
story, against the page HEAD's library draws from the same story file, in a subprocess
(``git archive``; skipped, "—", when its page would pass ``--baseline-mb``).

    python -m benchmarks.render                       # 100, 1k, 5k, 10k nodes
    python -m benchmarks.render --sizes 100 --timeout 30
    python -m benchmarks.render --skip-draw --page-sizes 50 100 200 400
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

import provenance as pv
from benchmarks import git_unpack
from benchmarks.synthetic import corpus
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
RECORDED = "HEAD not at hand; recorded before the fix: a 1.45 MB story, a 105.6 MB page"
HEAD_PAGE = """
import sys, warnings
import provenance as pv
assert pv.__file__.startswith(sys.argv[2]), pv.__file__
warnings.simplefilter("ignore")
page, empty = pv.load(sys.argv[1]).to_html(), pv.ProvenanceGraph().to_html()
print(len(page.encode("utf-8")), len(empty.encode("utf-8")))
"""

PROBE = (
    '<script>network.once("afterDrawing", function () {'
    ' document.documentElement.dataset.ready = "true"; });</script>'
)


def graph_with_nodes(n_nodes: int) -> Any:
    """A synthetic provenance graph of about `n_nodes` sources and claims."""
    n_reports = max(12, round(n_nodes / 0.37))
    g = corpus(n_reports, seed=n_nodes).graph()
    return g


def crowded_story(n: int, claim_chars: int) -> pv.ProvenanceGraph:
    """`n` sources that all report the same `n` claims of `claim_chars` characters each.

    A fifth of the sources (at most 10) saw each claim themselves; the others cite one
    of them, with hedges that differ from source to source, except the last ten, which
    cite the first alike (one fan-out): every source and the fan-out list all n claims.
    """
    origins = min(10, max(1, n // 5))
    hedges = ("confirmed", "asserted", "attributed", "uncertain")
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}", "name": f"Source {i}"} for i in range(n))
    for j in range(n):
        words = " ".join(f"c{j}w{k}" for k in range(claim_chars // 4 + 1))
        g.add_claim(f"c{j}", f"Claim {j}: {words}"[:claim_chars])
    rows: list[dict[str, Any]] = []
    for i in range(n):
        alike = i >= max(origins, n - 10)
        for j in range(n):
            row: dict[str, Any] = {"source": f"s{i}", "claim": f"c{j}"}
            if i < origins:
                row["firsthand"] = True
            else:
                row["via"] = ["s0" if alike else f"s{i % origins}"]
            row["hedge"] = "asserted" if alike else hedges[(i + j) % 4]
            rows.append(row)
    g.add_reports(rows)
    return g


def head_package(folder: Path) -> Path | None:
    """HEAD's ``provenance`` package, unpacked under `folder`; None without git."""
    return folder if git_unpack("HEAD", folder, "provenance") else None


def head_page(head: Path, story: Path) -> tuple[int, int] | None:
    """The bytes of the page, and of an empty graph's page, HEAD's library draws."""
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(head), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [sys.executable, "-c", HEAD_PAGE, str(story), str(head)],
        cwd=head,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        print(done.stderr.strip().splitlines()[-1:], file=sys.stderr)
        return None
    page, empty = done.stdout.split()
    return int(page), int(empty)


def page_sizes(sizes: list[int], claim_chars: int, baseline_mb: float) -> None:
    """Print the page-size table (see the module's docstring)."""
    header = ("sources×claims", "story MB", "page MB", "scripts MB", "(page-scr)/story",
              "story x/doubling", "page x/doubling", "HEAD page MB", "HEAD ratio")  # fmt: skip
    print("  ".join(f"{h:>16}" for h in header))
    shell = len(pv.ProvenanceGraph().to_html().encode("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        head = head_package(Path(folder, "head"))
        last: tuple[int, int] | None = None  # story, page
        for n in sizes:
            g = crowded_story(n, claim_chars)
            path = Path(folder, f"story{n}.yaml")
            g.save(path)
            story = path.stat().st_size
            page = len(g.to_html().encode("utf-8"))
            old = None
            if head is not None and n * n * claim_chars <= baseline_mb * 1e6:
                old = head_page(head, path)
            row = [f"{n}×{n}", f"{story / 1e6:.2f}", f"{page / 1e6:.2f}", f"{shell / 1e6:.2f}"]
            row.append(f"{(page - shell) / story:.2f}")
            row += [f"{story / last[0]:.2f}", f"{page / last[1]:.2f}"] if last else ["—"] * 2
            row += [f"{old[0] / 1e6:.1f}", f"{(old[0] - old[1]) / story:.1f}"] if old else ["—"] * 2
            print("  ".join(f"{cell:>16}" for cell in row), flush=True)
            last = story, page
        if head is None:
            print(RECORDED)


def pyvis_page(g: Any) -> str:
    from pyvis.network import Network  # type: ignore[import-untyped]

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
    parser.add_argument("--page-sizes", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--claim-chars", type=int, default=10_000)
    parser.add_argument("--baseline-mb", type=float, default=150.0, help="largest HEAD page")
    parser.add_argument("--skip-draw", action="store_true", help="only the page sizes")
    args = parser.parse_args()

    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    page_sizes(args.page_sizes, args.claim_chars, args.baseline_mb)
    if args.skip_draw:
        return
    from playwright.sync_api import sync_playwright

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
