"""Self-contained interactive HTML pages of a provenance graph, and static SVG pictures.

The page is one file that makes no request to any network or file
(:mod:`~provenance.render.page`). The graph travels as JSON in a data block; the page's
script puts every text into the DOM as text (panels with ``textContent``, tooltips as
strings that vis-network shows with ``innerText``), so claim texts, names and URLs
copied from hostile channels stay text.

Positions are computed in Python (:mod:`~provenance.render.layout`) and drawn with
physics off, so a 10,000-node graph draws in a couple of seconds. What the page shows
is :mod:`~provenance.render.data`; how it looks, :mod:`~provenance.render.style`. The
SVG picture (:mod:`~provenance.render.picture`) draws the same data and layout.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable
from typing import Any

from provenance._files import write_text_atomically
from provenance.errors import ValidationError
from provenance.records import claim_ids
from provenance.render.data import page_data
from provenance.render.page import page
from provenance.render.picture import picture
from provenance.store import Store

__all__ = [
    "PAGE_SUFFIXES",
    "PICTURE_SUFFIXES",
    "notebook_html",
    "render_file",
    "render_html",
    "render_svg",
]


PAGE_SUFFIXES = (".html", ".htm")
"""The endings a page may be written under."""

PICTURE_SUFFIXES = (".svg",)
"""The endings a static picture may be written under (PNG would need a rasteriser)."""


def render_file(
    graph: Store,
    path: str | os.PathLike[str],
    *,
    claims: Iterable[str] | None = None,
    title: str | None = None,
) -> str:
    """Write a page or a picture, as `path`'s ending says (``.html``, ``.htm`` or ``.svg``).

    Raises
    ------
    ValidationError
        `path` has another ending. PNG is not drawn: it would need a rasteriser, a heavy
        dependency; convert the SVG instead.

    Examples
    --------
    >>> import provenance as pv
    >>> render_file(pv.ProvenanceGraph(), "story.png")
    Traceback (most recent call last):
    ...
    provenance.errors.ValidationError: 'story.png' is neither a page (.html, .htm) nor a \
picture (.svg); PNG is not drawn: write the SVG and convert it
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix in PAGE_SUFFIXES:
        return render_html(graph, path, claims=claims, title=title)
    if suffix in PICTURE_SUFFIXES:
        return render_svg(graph, path, claims=claims, title=title)
    raise ValidationError(
        f"{os.fspath(path)!r} is neither a page ({', '.join(PAGE_SUFFIXES)}) nor a picture "
        f"({', '.join(PICTURE_SUFFIXES)}); PNG is not drawn: write the SVG and convert it"
    )


def render_svg(
    graph: Store,
    path: str | os.PathLike[str] | None = None,
    *,
    claims: Iterable[str] | None = None,
    title: str | None = None,
) -> str:
    """The graph as a static SVG picture, drawn from the page's own layout.

    No browser is needed. Boxes, colours, badges and the legend are the page's; the
    full text of each box is its ``<title>`` (shown on hover by most viewers).

    Parameters
    ----------
    graph : Store
        A :class:`~provenance.graph.ProvenanceGraph`, or any store.
    path : path-like, optional
        Where to write the picture (UTF-8, atomically); it must end in ``.svg``.
    claims : iterable of str, optional
        Draw only these claims and everything upstream of them.
    title : str, optional
        The picture's heading; defaults to the graph's title, or "Provenance graph".

    Returns
    -------
    str
        The SVG document.

    Raises
    ------
    UnknownIdError
        A claim in `claims` was never declared.
    ValidationError
        `claims` is a string, or `path` does not end in ``.svg``.
    ProvenanceError
        `path` cannot be written.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a", name="<b>Channel</b>")
    >>> _ = g.add_claim("c", "A claim")
    >>> _ = g.add_report("a", "c", firsthand=True)
    >>> svg = g.to_svg()
    >>> svg.startswith("<?xml"), "&lt;b&gt;Channel&lt;/b&gt;" in svg, "<b>" in svg
    (True, True, False)
    """
    what = "a picture is written as SVG"
    return _drawn(picture, graph, path, claims, title, PICTURE_SUFFIXES, what)


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
    what = "a page is written as HTML (a picture: see to_svg)"
    return _drawn(page, graph, path, claims, title, PAGE_SUFFIXES, what)


def _drawn(
    draw: Callable[[dict[str, Any], str], str],
    graph: Store,
    path: str | os.PathLike[str] | None,
    claims: Iterable[str] | None,
    title: str | None,
    suffixes: tuple[str, ...],
    what: str,
) -> str:
    """What `draw` makes of the scene (:func:`_scene`), written to `path` if one is given;
    a `path` not ending in one of `suffixes` is refused first, saying `what`."""
    _check_suffix(path, suffixes, what)
    data, heading = _scene(graph, claims, title)
    text = draw(data, heading)
    if path is not None:
        write_text_atomically(path, text)
    return text


def _check_suffix(
    path: str | os.PathLike[str] | None, suffixes: tuple[str, ...], what: str
) -> None:
    if path is not None and not os.fspath(path).lower().endswith(suffixes):
        raise ValidationError(
            f"{what}, and {os.fspath(path)!r} does not end in {' or '.join(suffixes)}"
        )


def _scene(
    graph: Store, claims: Iterable[str] | None, title: str | None
) -> tuple[dict[str, Any], str]:
    """The page's data for `claims` (all when None) and its heading, arguments checked."""
    if title is not None and not isinstance(title, str):
        raise ValidationError(f"title must be a string, got {title!r}")
    heading = title or graph.title or "Provenance graph"
    if claims is None:
        return page_data(graph, claim_ids(graph), everything=True), heading
    if isinstance(claims, str):  # would otherwise be read as its characters
        raise ValidationError(f"claims must be a list of claim ids, got {claims!r}")
    wanted = list(claims)
    for claim in wanted:
        graph.claim(claim)  # raises for an unknown id
    return page_data(graph, list(dict.fromkeys(wanted)), everything=False), heading


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
