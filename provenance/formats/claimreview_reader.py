"""schema.org ClaimReview read back: each review's claim, with its appearances as
reports (the other way is :mod:`provenance.formats.claimreview`).

:func:`read_claimreview` takes a ClaimReview object, a list of them, or a page's
``@graph`` (references ``{"@id": …}`` to objects of the same data are followed, one
step). Each review's ``claimReviewed`` is a claim, its id the Claim's ``identifier``
when it has one, else the text (reviews of one text are one claim). Each appearance,
the first appearance included, is an **observed report** by its author (the author's
``identifier``, else ``name``, else ``url``; a bare URL is an appearance with only a
``url``), with the appearance's ``url`` and ``datePublished``, and **no via**: an
appearance does not say where it got the claim, so it is unsourced, the cautious
reading. An appearance naming no author is by ``author-of:URL``, the unknown author of
that page; one naming neither is left out. One author's appearances of one claim are
one report, the earliest (:func:`~provenance.formats.rows.earliest`).

The Claim's own ``author`` (who made the claim) is not read as a source: a review says
who made a claim, not where each appearance got it, and crediting it as a first-hand
origin would prove lines nobody recorded. It, the review's verdict, body, author and
dates, and every other field not read are counted in one note, as are the objects that
are no ClaimReview and the appearances left out (:attr:`~provenance.store.Store.notes`).
Reading is linear in the data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from provenance.errors import FormatError, located
from provenance.formats.detect import Head
from provenance.formats.posts import AUTHOR_OF
from provenance.formats.rows import earliest
from provenance.model import Claim, Report, Source
from provenance.store import Store

__all__ = ["detect", "read_claimreview"]

_TYPE_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
_MAPPED = {  # the fields read, by the kind of object that holds them
    "ClaimReview": {"@context", "@type", "@id", "claimReviewed", "itemReviewed"},
    "Claim": {"@type", "@id", "identifier", "appearance", "firstAppearance"},
    "appearance": {"@type", "@id", "url", "datePublished", "author"},
    "author": {"@type", "@id", "identifier", "name", "url"},
}
_TYPED = re.compile(
    r'"@type"\s*:\s*(?:\[[^\]]{0,400}?)?"(?:(?:https?://)?schema\.org/|schema:)?ClaimReview"'
)


def detect(head: Head) -> bool:
    """Whether a file starts as schema.org JSON-LD naming a ClaimReview."""
    first = head.data[0] if isinstance(head.data, list) and head.data else head.data
    if not isinstance(first, dict) or not {"@context", "@type", "@graph"} & set(first):
        return False
    return _TYPED.search(head.text) is not None


def read_claimreview(data: Any, into: Store, *, file: str = "<claimreview>") -> None:
    """Fill the empty store `into` from ClaimReview JSON-LD data: one object, a list of
    them, or a page's ``@graph`` (see the module for what becomes what).

    Raises
    ------
    FormatError
        No ClaimReview in it, or a field of the wrong kind, naming the place.

    Examples
    --------
    >>> import warnings, provenance as pv
    >>> review = {"@context": "https://schema.org", "@type": "ClaimReview",
    ...           "claimReviewed": "The moon is made of cheese",
    ...           "itemReviewed": {"@type": "Claim", "appearance": [
    ...               {"url": "https://a.example/1", "datePublished": "2024-12-26",
    ...                "author": {"@type": "Person", "name": "Ann"}}]}}
    >>> g = pv.ProvenanceGraph()
    >>> read_claimreview(review, g)
    >>> [(r.source, r.via, r.sourcing, str(r.published)) for r in g.reports()]
    [('Ann', (), 'unsourced', '2024-12-26')]
    """
    reading = _Reading(file)
    nodes = _nodes(data, file)
    index = {node["@id"]: node for _, node in nodes if isinstance(node.get("@id"), str)}
    for place, node in nodes:
        if _typed(node, "ClaimReview"):
            reading.review(node, index, place or "ClaimReview")
        else:
            kinds = node.get("@type")
            kind = kinds if isinstance(kinds, str) else "object without a @type"
            reading.others[kind] = reading.others.get(kind, 0) + 1
    if not reading.claims:
        raise FormatError(
            "holds no ClaimReview (a JSON-LD object whose @type is ClaimReview, a list "
            "of them, or an @graph holding them)",
            file=file,
        )
    with located(file):
        reading.fill(into)


def _nodes(data: Any, file: str) -> list[tuple[str, dict[str, Any]]]:
    """The JSON-LD objects of `data`, each with its place: the objects of an ``@graph``
    in place of the object holding it."""
    if isinstance(data, dict):
        top: list[tuple[str, Any]] = [("", data)]
    elif isinstance(data, list):
        top = [(f"[{i}]", item) for i, item in enumerate(data)]
    else:
        raise FormatError(f"JSON-LD must be an object or a list, got {data!r:.80}", file=file)
    nodes = []
    for place, item in top:
        graph = item.get("@graph") if isinstance(item, dict) else None
        inner = [(f"{place}@graph[{j}]", n) for j, n in enumerate(graph)] if graph else []
        for where, node in inner or [(place, item)]:
            if not isinstance(node, dict):
                raise FormatError(
                    f"a JSON-LD object is expected, got {node!r:.80}", file=file, place=where
                )
            nodes.append((where, node))
    return nodes


def _typed(node: Mapping[str, Any], kind: str) -> bool:
    types = node.get("@type")
    listed = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    for name in listed:
        if isinstance(name, str):
            for prefix in _TYPE_PREFIXES:
                name = name.removeprefix(prefix)
            if name == kind:
                return True
    return False


def _resolved(value: Any, index: Mapping[str, dict[str, Any]]) -> Any:
    """A reference ``{"@id": …}`` to an object of the same data: that object."""
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return index.get(value["@id"], value)
    return value


def _listed(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class _Reading:
    """The claims, sources and reports read so far, and what was left out."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.claims: dict[str, Claim] = {}
        self.sources: dict[str, Source] = {}
        self.reports: dict[tuple[str, str], Report] = {}
        self.counts = {"repeated": 0, "no author": 0, "several": 0}
        self.others: dict[str, int] = {}
        self.left: dict[str, int] = {}

    def wrong(self, place: str, field: str, value: Any, expected: str) -> FormatError:
        return FormatError(
            f"{field} must be {expected}, got {value!r:.120}", file=self.file, place=place
        )

    def left_out(self, kind: str, node: Mapping[str, Any]) -> None:
        for key in node:
            if key not in _MAPPED[kind]:
                name = f"{kind}.{key}"
                self.left[name] = self.left.get(name, 0) + 1

    def review(self, node: dict[str, Any], index: Mapping[str, Any], place: str) -> None:
        text = node.get("claimReviewed")
        if _text(text) is None:
            raise self.wrong(place, "claimReviewed", text, "the claim's text")
        item = _resolved(node.get("itemReviewed"), index)
        if not isinstance(item, dict | None):
            raise self.wrong(place, "itemReviewed", item, "a Claim")
        item = item or {}
        claim = _text(item.get("identifier")) or " ".join(str(text).split())
        with located(self.file, place=place):
            self.claims.setdefault(claim, Claim(claim, str(text)))
        self.left_out("ClaimReview", node)
        self.left_out("Claim", item)
        works = [(f"{place}.itemReviewed.firstAppearance", item.get("firstAppearance"))]
        works += [
            (f"{place}.itemReviewed.appearance[{i}]", work)
            for i, work in enumerate(_listed(item.get("appearance")))
        ]
        for where, work in works:
            if work is not None:
                self.appearance(_resolved(work, index), claim, index, where)

    def appearance(self, work: Any, claim: str, index: Mapping[str, Any], place: str) -> None:
        work = {"url": work} if isinstance(work, str) else work
        if not isinstance(work, dict):
            raise self.wrong(place, "an appearance", work, "a CreativeWork or a URL")
        url, published = work.get("url"), work.get("datePublished")
        if not isinstance(url, str | None):
            raise self.wrong(place, "url", url, "a URL")
        if not isinstance(published, str | None):
            raise self.wrong(place, "datePublished", published, "an ISO 8601 date")
        self.left_out("appearance", work)
        authors = _listed(_resolved(work.get("author"), index))
        self.counts["several"] += len(authors) > 1
        source = self.source(_resolved(authors[0], index) if authors else None, url, place)
        if source is None:
            self.counts["no author"] += 1
            return
        with located(self.file, place=place):
            report = Report(source, claim, published=published, url=url)
        key = (source, claim)
        if key in self.reports:
            self.counts["repeated"] += 1
            report = earliest(self.reports[key], report)
        self.reports[key] = report

    def source(self, author: Any, url: str | None, place: str) -> str | None:
        """The id of the source an appearance is by, declared on first sight."""
        name, site = (_text(author), None) if isinstance(author, str) else (None, None)
        id = name
        if isinstance(author, dict):
            self.left_out("author", author)
            name, site = _text(author.get("name")), _text(author.get("url"))
            id = _text(author.get("identifier")) or name or site
        elif not isinstance(author, str | None):
            raise self.wrong(place, "author", author, "a Person or an Organization")
        if id is None:
            if url is None or not url.strip():
                return None
            id, name = AUTHOR_OF + url.strip(), f"the author of {url.strip()}"
        if id not in self.sources:
            with located(self.file, place=place):
                self.sources[id] = Source(id, name=name or id, url=site)
        return id

    def fill(self, into: Store) -> None:
        into.add_sources(self.sources.values())
        into.add_claims(self.claims.values())
        into.add_reports(self.reports.values())
        for message in self.notes():
            into.note(f"{self.file}: {message}")

    def notes(self) -> list[str]:
        said = {
            "repeated": "appearance(s) of one claim by one author kept as one report: the earliest",
            "no author": "appearance(s) naming neither an author nor a url left out",
            "several": "appearance(s) with several authors: the first read as the reporter",
        }
        notes = [f"{n:,} {said[key]}" for key, n in self.counts.items() if n]
        if self.others:
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.others.items()))
            notes.append(f"JSON-LD object(s) that are no ClaimReview left out: {kinds}")
        if self.left:
            fields = ", ".join(f"{name} ×{n:,}" for name, n in sorted(self.left.items()))
            notes.append(
                f"fields not read (a story holds claims and their appearances, not the "
                f"review, its verdict or who made the claim): {fields}"
            )
        return notes
