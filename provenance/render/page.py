"""The page itself: one HTML file with every script and style inlined.

It makes no request to any network or file: vis-network (the standalone build vendored in
``static/``, see ``vis-network.VERSION`` there) and the page's own script and style are
inlined, and a Content-Security-Policy allows exactly those scripts, by hash. The data
travels as JSON in a data block that cannot end its element early.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
from importlib import resources
from typing import Any

from provenance.render.style import LEGEND, legend_css

__all__ = ["page"]


@functools.cache
def _assets() -> tuple[str, str, str]:
    """(vis-network, the page's script, the page's style), as the package ships them."""
    static = resources.files("provenance.render") / "static"
    texts = (
        (static / "vis-network.min.js").read_text(encoding="utf-8"),
        (static / "page.js").read_text(encoding="utf-8"),
        (static / "page.css").read_text(encoding="utf-8"),
    )
    for text in texts:  # inlined as they are: they must not close their own element
        if "</script" in text.lower() or "</style" in text.lower():
            raise RuntimeError("an inlined asset contains a closing tag")
    return texts


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its ``<script>`` block early or be read as markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def page(data: dict[str, Any], title: str) -> str:
    """The whole page: `data` drawn by the inlined script, under `title` (escaped)."""
    vis, script, style = _assets()
    style += legend_css()
    policy = (
        f"default-src 'none'; script-src {_hash(vis)} {_hash(script)}; "
        f"style-src {_hash(style)}; img-src data:; base-uri 'none'; form-action 'none'"
    )
    legend = "".join(
        f'<li><span class="swatch {s.key}"></span>{html.escape(s.text)}</li>' for s in LEGEND
    )
    heading = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="provenance-graph">
<title>{heading}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{heading}</h1>
<input type="search" id="search" placeholder="Find a source or claim"
 aria-label="Find a source or claim">
<span id="search-status" aria-live="polite"></span>
<label><input type="checkbox" id="flagged-only"> only flagged claims</label>
<button type="button" id="fit">Show everything</button>
<ul class="legend">{legend}</ul>
</header>
<main>
<div id="graph"></div>
<aside id="panel" hidden aria-live="polite"></aside>
</main>
<script type="application/json" id="provenance-data">{_json_for_script(data)}</script>
<script>{vis}</script>
<script>{script}</script>
</body>
</html>
"""
