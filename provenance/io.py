"""Files in, graphs out: :func:`load` and :func:`save` by the file name's ending.

The formats and their endings are one registry, :data:`provenance.formats.FORMATS`;
the functions here make a :class:`~provenance.graph.ProvenanceGraph` and have a reader
fill it. A failed read returns nothing and changes nothing; a failed save leaves the
old file as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from provenance import formats
from provenance.formats import claimreview_reader, prov, story, tables
from provenance.formats.rows import RowRules
from provenance.graph import ProvenanceGraph

__all__ = ["from_claimreview", "from_dict", "from_prov", "load", "read_reports", "save"]


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    claims: str | None = None,
    duplicates: str = "error",
    placeholders: Iterable[str] = (),
) -> ProvenanceGraph:
    """Read a graph from `path`, in the format its name or its content says.

    Parameters
    ----------
    path : str or path-like
        A story, a report table, or a platform's export (Telegram, X/Twitter, Bluesky,
        Mastodon, RSS/Atom feeds, cascade files: see :doc:`/howto/platforms`).
    format : str, optional
        The format's short name (:data:`provenance.formats.KEYS`: ``"yaml"``,
        ``"table"``, ``"telegram"`` …), where neither the name nor the content tells.
    claims : {"post", "text"}, optional
        For a platform's export: each post is a claim (the default), or posts with the
        same text and no declared link are one claim.
    duplicates, placeholders
        For a report table: how repeated rows and "no parent" ids are taken, as by
        :func:`read_reports`.

    Raises
    ------
    FileAccessError
        The file cannot be read.
    FormatError
        Its contents are wrong; the message names the file, the place and the line.
    ValidationError
        An option that does not apply to the file's format.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.load("examples/pow_article.yaml")
    >>> g.corroboration("troops").independent
    3
    """
    rules = RowRules(duplicates, placeholders)
    graph = ProvenanceGraph()
    formats.read(path, graph, rules=rules, format=format, claims=claims)
    return graph


def save(
    graph: ProvenanceGraph, path: str | os.PathLike[str], *, spreadsheet_safe: bool = False
) -> Path:
    """Write `graph` to `path` atomically, in the format its name says; returns the path.

    For ``.csv`` and ``.jsonl`` the sources, claims and contradictions go to sibling
    tables (``NAME.sources.csv`` …), so that loading gives the same graph back.

    Parameters
    ----------
    spreadsheet_safe : bool
        For a ``.csv`` table set only: a cell that Excel or LibreOffice would run as a
        formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a CR) is written
        with an apostrophe before it, as is one that starts with an apostrophe; the
        set's manifest records it, and loading the set takes the apostrophes off again.

    Raises
    ------
    FileAccessError
        The file cannot be written; nothing is left behind.
    ValidationError
        `spreadsheet_safe` for a file that is not a ``.csv`` table.

    Examples
    --------
    >>> import pathlib, tempfile, provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("@SUM(1+1)")
    >>> path = pv.save(g, pathlib.Path(tempfile.mkdtemp()) / "s.csv", spreadsheet_safe=True)
    >>> path.with_suffix(".sources.csv").read_text().splitlines()[1]
    "'@SUM(1+1),,,,,"
    >>> pv.load(path) == g
    True
    """
    return formats.write(graph, path, spreadsheet_safe=spreadsheet_safe)


def from_dict(data: Any, *, file: str = "") -> ProvenanceGraph:
    """A graph from story data (as :func:`provenance.to_dict` makes, or a parsed file).

    Raises
    ------
    FormatError
        Anything wrong, with the place (``reports[3].via[0]``) in the message.
    """
    graph = ProvenanceGraph()
    story.read_dict(data, graph, file=file)
    return graph


def from_prov(document: Any, *, file: str = "") -> ProvenanceGraph:
    """A graph from a PROV-JSON document made by :func:`provenance.to_prov`.

    Raises
    ------
    FormatError
        The document is not shaped as :func:`provenance.to_prov` writes.
    """
    graph = ProvenanceGraph()
    prov.read_prov(document, graph, file=file)
    return graph


def from_claimreview(data: Any, *, file: str = "") -> ProvenanceGraph:
    """A graph from schema.org ClaimReview JSON-LD: one review, a list of them, or a
    page's ``@graph``; each claim reviewed with its appearances as unsourced reports.
    See :mod:`provenance.formats.claimreview_reader`.

    Raises
    ------
    FormatError
        No ClaimReview in it, or a field of the wrong kind, naming the place.

    Examples
    --------
    >>> import warnings, provenance as pv
    >>> g = pv.load("examples/pow_article.yaml")
    >>> review = g.to_claimreview("troops", url="https://check.example/t", author="Check")
    >>> with warnings.catch_warnings(record=True):  # the review's own fields: a note
    ...     warnings.simplefilter("always")
    ...     back = pv.from_claimreview(review)
    >>> [(r.source, r.sourcing, r.url == g.report("article", "troops").url)
    ...  for r in back.reports("troops")]
    [('article', 'unsourced', True)]
    """
    graph = ProvenanceGraph()
    claimreview_reader.read_claimreview(data, graph, file=file or "<claimreview>")
    return graph


def read_reports(
    path: str | os.PathLike[str],
    *,
    progress: bool | None = None,
    duplicates: str = "error",
    placeholders: Iterable[str] = (),
) -> ProvenanceGraph:
    """A graph from a table of reports (``.csv`` or ``.jsonl``), read as a stream; see
    :func:`provenance.formats.tables.read_tables`. `duplicates` (``"error"``, ``"skip"``,
    ``"merge"`` or ``"earliest"``) and `placeholders` say how to take what exports hold: see
    :class:`provenance.formats.rows.RowRules`."""
    rules = RowRules(duplicates, placeholders)
    formats.check_not_empty(path)  # as load: a CSV table has a header at least
    graph = ProvenanceGraph()
    tables.read_tables(path, graph, progress=progress, rules=rules)
    return graph
