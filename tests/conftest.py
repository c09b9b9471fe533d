"""Shared fixtures: a headless Chromium for the browser tests, and hostile text."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

import provenance as pv

CHROMIUM = "/usr/bin/chromium"
# The closed network here refuses Chromium's background connections; keep it quiet.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Text copied from hostile channels: every field of the XSS graph holds one of these.
PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 1">',
    "</script><script>window.__pwned = 1</script>",
    '"><svg onload="window.__pwned = 1">',
    "javascript:window.__pwned = 1",
    'a href="javascript:window.__pwned=1" title',
    "<!-- <script> \u2028\u2029 ]]> {{7*7}} ${7*7} &lt;b&gt; &amp;",
]
HOSTILE_URLS = [
    "javascript:window.__pwned = 1",
    " JavaScript:window.__pwned = 1",
    "data:text/html,<script>window.__pwned = 1</script>",
    "https://example.org/?q=<script>window.__pwned=1</script>",
]


def hostile_graph() -> pv.ProvenanceGraph:
    """A graph whose every text field (ids too) holds an XSS payload."""
    g = pv.ProvenanceGraph()
    sources = [f"src{i} {p}" for i, p in enumerate(PAYLOADS)]
    for i, (sid, payload) in enumerate(zip(sources, PAYLOADS, strict=True)):
        g.add_source(
            sid,
            name=payload,
            kind=payload,
            group=payload if i % 2 else None,
            url=HOSTILE_URLS[i % len(HOSTILE_URLS)],
        )
    for i, payload in enumerate(PAYLOADS):
        claim = f"claim{i} {payload}"
        g.add_claim(claim, payload)
        g.add_report(
            sources[i],
            claim,
            via=[sources[(i + 1) % len(sources)]],
            quote=payload,
            url=HOSTILE_URLS[i % len(HOSTILE_URLS)],
            hedge="appeared to",
        )
    g.add_contradiction(f"claim0 {PAYLOADS[0]}", f"claim1 {PAYLOADS[1]}")
    return g


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (never a downloaded browser).

    Skipped where Chromium or Playwright is missing, unless PROVENANCE_REQUIRE_BROWSER
    is set (CI sets it), where that is a failure.
    """
    required = bool(os.environ.get("PROVENANCE_REQUIRE_BROWSER"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            raise
        pytest.skip("the playwright package is not installed")
    if not shutil.which(CHROMIUM):
        if required:
            pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
