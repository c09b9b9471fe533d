"""Self-contained interactive HTML pages of a provenance graph.

The page is one file that makes no request to any network or file
(:mod:`~provenance.render.page`). The graph travels as JSON in a data block; the page's
script puts every text into the DOM as text (panels with ``textContent``, tooltips as
strings that vis-network shows with ``innerText``), so claim texts, names and URLs
copied from hostile channels stay text.

Positions are computed in Python (:mod:`~provenance.render.layout`) and drawn with
physics off, so a 10,000-node graph draws in a couple of seconds. What the page shows
is :mod:`~provenance.render.data`; how it looks, :mod:`~provenance.render.style`.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable

from provenance._files import write_text_atomically
from provenance.errors import ValidationError
from provenance.render.data import page_data
from provenance.render.page import page
from provenance.store import Store

__all__ = ["PAGE_SUFFIXES", "notebook_html", "render_html"]


PAGE_SUFFIXES = (".html", ".htm")
"""The endings a page may be written under."""


def render_html(
    graph: Store,
    path: str | os.PathLike[str] | None = None,
    *,
    claims: Iterable[str] | None = None,
    title: str | None = None,
) -> str:
    """The graph as a self-contained interactive HTML page.

    Parameters
    ----------
    graph : Store
        A :class:`~provenance.graph.ProvenanceGraph`, or any store.
    path : path-like, optional
        Where to write the page (UTF-8, atomically). It is returned either way.
    claims : iterable of str, optional
        Draw only these claims and everything upstream of them.
    title : str, optional
        The page's heading and title; defaults to the graph's title, or "Provenance graph".

    Returns
    -------
    str
        The page.

    Raises
    ------
    UnknownIdError
        A claim in `claims` was never declared.
    ValidationError
        `claims` is a string rather than a list of ids, or `path` does not end in
        ``.html`` (or ``.htm``): a page is never written under a picture's name.
    ProvenanceError
        `path` cannot be written.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a", name="<script>alert(1)</script>")
    >>> _ = g.add_claim("c", "A claim")
    >>> _ = g.add_report("a", "c")
    >>> page = g.to_html(title="Seed <story>")
    >>> page.startswith("<!DOCTYPE html>"), "<script>alert" in page, "Seed &lt;story&gt;" in page
    (True, False, True)
    """
    if title is not None and not isinstance(title, str):
        raise ValidationError(f"title must be a string, got {title!r}")
    if path is not None and not os.fspath(path).lower().endswith(PAGE_SUFFIXES):
        raise ValidationError(
            f"a page is written as HTML, and {os.fspath(path)!r} does not end in "
            f"{' or '.join(PAGE_SUFFIXES)} (no static picture, SVG or PNG, is drawn yet)"
        )
    if claims is None:
        data = page_data(graph, graph.claim_ids, everything=True)
    else:
        if isinstance(claims, str):  # would otherwise be read as its characters
            raise ValidationError(f"claims must be a list of claim ids, got {claims!r}")
        wanted = list(claims)
        for claim in wanted:
            graph.claim(claim)  # raises for an unknown id
        data = page_data(graph, list(dict.fromkeys(wanted)), everything=False)
    text = page(data, title or graph.title or "Provenance graph")
    if path is not None:
        write_text_atomically(path, text)
    return text


def notebook_html(graph: Store) -> str:
    """The page inside a sandboxed ``<iframe srcdoc>``, for Jupyter's ``_repr_html_``.

    The frame may run scripts but has no origin of its own: it reaches neither the
    notebook nor the network.
    """
    frame = html.escape(render_html(graph), quote=True)
    return (
        f'<iframe srcdoc="{frame}" sandbox="allow-scripts" title="provenance graph" '
        'style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
    )
