"""schema.org ClaimReview: a claim's provenance finding as the JSON-LD fact-checkers
publish (read back by :mod:`provenance.formats.claimreview_reader`).

:func:`to_claimreview` writes one claim a review:

==================================  ===================================================
ClaimReview                         from the story
==================================  ===================================================
``claimReviewed``                   the claim's text (its id when it has none)
``itemReviewed``                    a ``Claim`` (``identifier``: the claim's id)
``itemReviewed.author``             the origins: the first-hand sources the scoring
                                    names (a list when several; left out when none)
``itemReviewed.firstAppearance``    the earliest dated report, observed or attributed,
                                    as a ``CreativeWork`` (``url``, ``datePublished``,
                                    its reporter as ``author``); its date is also the
                                    Claim's ``datePublished``
``itemReviewed.appearance``         every observed report, in the order listed, as a
                                    ``CreativeWork`` of the same shape
``reviewBody``                      the finding in sentences: lines proven and possible,
                                    origins, common links, flags, credibility
``author``, ``url``,                the organisation publishing the review, the review's
``datePublished``                   address and date: given by the caller, never a clock
``reviewRating``                    only when the caller gives a rating
==================================  ===================================================

A reporter is a ``Person`` when its source's kind is ``person``, an ``Organization``
otherwise, with its ``name``, ``url`` and id (``identifier``). There is no rating
unless one is given: the library measures how well a claim is supported, not whether
it is true. :func:`claimreview_text` gives the JSON with ``<``, ``>`` and ``&`` escaped,
safe inside an HTML ``<script type="application/ld+json">``.

Examples
--------
>>> import provenance as pv
>>> g = pv.load("examples/pow_article.yaml")
>>> review = g.to_claimreview("troops", url="https://factcheck.example/troops",
...                           author="Example Check")
>>> review["@type"], review["itemReviewed"]["@type"], "reviewRating" in review
('ClaimReview', 'Claim', False)
>>> [a["name"] for a in review["itemReviewed"]["author"]]
['South Korean sources', 'Ukrainian sources', 'US sources']
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from provenance.errors import ValidationError
from provenance.model import Report, Source
from provenance.scoring import Corroboration, SupportModel, corroboration
from provenance.scoring.rules import published_before
from provenance.store import Store
from provenance.terms import Flag, Published, parse_published

__all__ = [
    "CONTEXT",
    "FLAG_WORDS",
    "Rating",
    "claimreview_text",
    "parse_rating",
    "review_body",
    "to_claimreview",
]

CONTEXT = "https://schema.org"

Rating = str | tuple[float, float, float] | tuple[float, float, float, str]
"""A verdict: words (``"False"``), or ``(value, worst, best)`` on a numeric scale,
optionally with words: ``(1, 1, 5, "False")``."""

FLAG_WORDS: Mapping[Flag, str] = {
    Flag.SINGLE_SOURCE: "single source (one proven line)",
    Flag.NO_ORIGIN: "no origin (nothing first-hand behind it)",
    Flag.CIRCULAR: "circular reporting (its reports cite each other in a circle)",
    Flag.ECHO: "echo (three or more reports read, at most one line)",
    Flag.HEDGED: "hedged (every report says it is uncertain)",
    Flag.HEDGE_DROPPED: "hedge dropped (a report states plainly what it got as uncertain)",
    Flag.TIME_INVERSION: "time inversion (a report is dated before one it cites)",
    Flag.CONTRADICTED: "contradicted (a claim that cannot be true with it is on record)",
    Flag.UNSOURCED: "unsourced (some reports do not say where they got it)",
    Flag.CITES_RETRACTED: "cites retracted (a report cites one that was retracted)",
}
"""Each flag in words, for the review's body."""


def to_claimreview(
    store: Store,
    claim: str,
    *,
    url: str,
    author: str,
    author_url: str | None = None,
    date_published: Published | str | None = None,
    rating: Rating | None = None,
    model: SupportModel | None = None,
) -> dict[str, Any]:
    """A schema.org ClaimReview of `claim`, as JSON-LD data (a dict for :func:`json.dumps`).

    Parameters
    ----------
    store : Store
        A :class:`~provenance.graph.ProvenanceGraph`, or any store.
    claim : str
        A declared claim id.
    url : str
        The review's address (``http://`` or ``https://``).
    author : str
        The organisation publishing the review; `author_url` its address.
    date_published : date, datetime or ISO 8601 str, optional
        The review's date; left out when not given (no clock is read).
    rating : str or tuple, optional
        The verdict, only when given: words (``"False"``) become
        ``reviewRating.alternateName``; ``(value, worst, best)`` a numeric rating, with
        words as a fourth item if wanted (``(1, 1, 5, "False")``).
    model : provenance.scoring.SupportModel, optional
        The numbers behind support and credibility.

    Raises
    ------
    UnknownIdError
        `claim` was never declared.
    ValidationError
        An address that is not http(s), an empty author, a bad date or rating.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.load("examples/pow_article.yaml")
    >>> review = to_claimreview(g, "capture", url="https://check.example/1",
    ...                         author="Example Check", rating=(1, 1, 5, "Unproven"))
    >>> first = review["itemReviewed"]["firstAppearance"]
    >>> first["datePublished"], first["author"]["name"]  # Warshal, as the story dates it
    ('2024-12-26', 'Warshal')
    >>> sorted(review["reviewRating"].items())  # doctest: +NORMALIZE_WHITESPACE
    [('@type', 'Rating'), ('alternateName', 'Unproven'), ('bestRating', 5),
     ('ratingValue', 1), ('worstRating', 1)]
    """
    review: dict[str, Any] = {"@context": CONTEXT, "@type": "ClaimReview"}
    review["url"] = _address("url", url)
    publisher = _words("author", author)
    rated = None if rating is None else _rating(rating)
    when = None if date_published is None else _date_of(date_published)
    result = corroboration(store, claim, model=model)  # an unknown id: named, with a hint
    review["claimReviewed"] = result.text
    review["itemReviewed"] = _claim_item(store, result)
    review["author"] = {"@type": "Organization", "name": publisher}
    if author_url is not None:
        review["author"]["url"] = _address("author_url", author_url)
    if when is not None:
        review["datePublished"] = when
    review["reviewBody"] = review_body(result)
    if rated is not None:
        review["reviewRating"] = rated
    return review


def claimreview_text(review: Any) -> str:
    """`review` as JSON text, with ``<``, ``>`` and ``&`` written as ``\\u003c`` …: the
    same data, and safe inside an HTML ``<script type="application/ld+json">``.

    >>> claimreview_text({"claimReviewed": "</script><b>"})
    '{\\n  "claimReviewed": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"\\n}\\n'
    """
    text = json.dumps(review, ensure_ascii=False, indent=2)
    # Outside strings JSON holds none of these: the replacement only touches text.
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"


def review_body(result: Corroboration) -> str:
    """The provenance finding of `result` in plain sentences: the review's body.

    >>> import provenance as pv
    >>> print(review_body(pv.load("examples/pow_article.yaml").corroboration("assaults")))
    ... # doctest: +NORMALIZE_WHITESPACE
    1 independent line of support proven. No report names where the claim came from:
    its origin is not known. Every line passes through Euromaidan Press: the single
    point of failure. Flags: single source (one proven line); unsourced (some reports
    do not say where they got it). Credibility 3 on the Admiralty scale (possibly
    true), support 0.80. This measures how well the claim is supported by independent
    sources, not whether it is true.
    """
    name = _namer(result)
    proven = f"{result.independent} independent line{_s(result.independent)} of support proven"
    if result.independent_max > result.independent:
        proven += f", up to {result.independent_max} possible"
    if result.independent_max > result.independent_likely > result.independent:
        proven += f", {result.independent_likely} likely once suspected copying counts"
    sentences = [proven + "."]
    sentences.append(_origins_sentence(result))
    if result.common_links:
        links = result.common_links
        sentences.append(
            f"Every line passes through {_and(links, name)}: "
            f"the single point{_s(len(links))} of failure."
        )
    if result.unsourced and result.independent_max > result.independent:
        sentences.append(f"Not saying where they got it: {_and(result.unsourced, name)}.")
    retracted = [r for r in result.reports if r.retracted is not None]
    for report in sorted(retracted, key=lambda r: r.source):
        sentences.append(f"{name(report.source)} retracted its report.")
    flags = "; ".join(FLAG_WORDS[flag] for flag in result.flags)
    sentences.append(f"Flags: {flags}." if flags else "No warning flag.")
    sentences.append(
        f"Credibility {result.credibility.value} on the Admiralty scale "
        f"({result.credibility.meaning}), support {result.support:.2f}."
    )
    sentences.append(
        "This measures how well the claim is supported by independent sources, "
        "not whether it is true."
    )
    return " ".join(sentences)


def _origins_sentence(result: Corroboration) -> str:
    """Who the claim comes from first-hand (the Claim's author), or that nobody knows."""
    origins = result.origins
    if not origins:
        return "No report names where the claim came from: its origin is not known."
    said = f"First-hand origin{_s(len(origins))}: {_and(origins, _namer(result))}"
    if len(origins) > 1 and result.origin_group is not None:
        said += f", all of one group ({result.origin_group}), not independent of each other"
    return said + "."


def parse_rating(text: str) -> Rating:
    """A rating as the command line gives it: words, or ``VALUE/WORST..BEST`` with words
    after it if wanted.

    >>> parse_rating("False"), parse_rating("1/1..5"), parse_rating("2.5/0..5 Half true")
    ('False', (1, 1, 5), (2.5, 0, 5, 'Half true'))
    >>> parse_rating("3")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    provenance.errors.ValidationError: rating '3' is a number without its scale: ...
    """
    given = text.strip()
    numbers = _SCALED.fullmatch(given)
    if numbers is not None:
        value, worst, best, words = numbers.groups()
        scale = (_number(value), _number(worst), _number(best))
        return (*scale, words.strip()) if words else scale
    if _NUMBER.fullmatch(given) or _SCALED_START.match(given):
        raise ValidationError(
            f"rating {text!r} is a number without its scale: write VALUE/WORST..BEST "
            "(e.g. '3/1..5'), or words such as 'False'"
        )
    return given


_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_NUMBER = re.compile(_NUM)
_SCALED = re.compile(rf"({_NUM})/({_NUM})\.\.({_NUM})(?:\s+(\S.*))?", re.DOTALL)
_SCALED_START = re.compile(rf"{_NUM}\s*/")


def _number(text: str) -> float:
    return float(text) if "." in text else int(text)  # JSON keeps 1 as 1, 2.5 as 2.5


def _rating(rating: object) -> dict[str, Any]:
    """``reviewRating`` from a :data:`Rating`; a :class:`ValidationError` naming a bad one."""
    if isinstance(rating, str):
        return {"@type": "Rating", "alternateName": _words("rating", rating)}
    if not isinstance(rating, tuple) or len(rating) not in (3, 4):
        raise ValidationError(
            f"rating must be words (e.g. 'False') or (value, worst, best[, words]) "
            f"(e.g. (1, 1, 5)), got {rating!r}"
        )
    value, worst, best = rating[:3]
    for number in (value, worst, best):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValidationError(f"rating {rating!r}: {number!r} is not a number")
        if not math.isfinite(number):
            raise ValidationError(f"rating {rating!r}: {number!r} is not a finite number")
    if not worst < best:
        raise ValidationError(f"rating {rating!r}: worst {worst!r} must be below best {best!r}")
    if not worst <= value <= best:
        raise ValidationError(
            f"rating {rating!r}: value {value!r} must be between worst {worst!r} and best {best!r}"
        )
    made: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": value,
        "worstRating": worst,
        "bestRating": best,
    }
    if len(rating) == 4:
        made["alternateName"] = _words("rating", rating[3])
    return made


def _words(what: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{what} must be non-empty words, got {value!r}")
    return _holdable(what, value)


def _address(what: str, value: object) -> str:
    if not isinstance(value, str) or not re.match(r"https?://[^\s/?#]+", value):
        raise ValidationError(f"{what} must be an http(s) address, got {value!r}")
    return _holdable(what, value)


def _holdable(what: str, value: str) -> str:
    """`value`, unless it holds a lone surrogate (a command line's undecodable byte),
    which no file can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{what} is not text a file can hold: {value!r}") from None
    return value


def _date_of(value: object) -> str:
    try:
        published = parse_published(value)
    except ValidationError:
        published = None
    if published is None:
        raise ValidationError(
            f"date_published {value!r} is not an ISO 8601 date or datetime (e.g. '2025-01-03')"
        )
    return published.isoformat()


def _claim_item(store: Store, result: Corroboration) -> dict[str, Any]:
    """The reviewed ``Claim``: its origins as author, its first and every appearance."""
    item: dict[str, Any] = {"@type": "Claim", "identifier": result.claim}
    origins = [_agent(store.source(origin)) for origin in result.origins]
    if origins:
        item["author"] = origins[0] if len(origins) == 1 else origins
    reports = store.reports(result.claim)
    first = None
    for report in reports:  # the first listed of the earliest, as time inversion compares
        if report.published is not None and (
            first is None or published_before(report.published, first.published)
        ):
            first = report
    if first is not None and first.published is not None:
        item["datePublished"] = first.published.isoformat()
        item["firstAppearance"] = _work(store, first)
    appearances = [_work(store, report) for report in reports if report.observed]
    if appearances:
        item["appearance"] = appearances
    return item


def _work(store: Store, report: Report) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if report.url is not None:
        work["url"] = report.url
    if report.published is not None:
        work["datePublished"] = report.published.isoformat()
    work["author"] = _agent(store.source(report.source))
    return work


def _agent(source: Source) -> dict[str, Any]:
    kind = "Person" if source.kind.strip().lower() == "person" else "Organization"
    agent: dict[str, Any] = {"@type": kind, "name": source.name, "identifier": source.id}
    if source.url is not None:
        agent["url"] = source.url
    return agent


def _namer(result: Corroboration) -> Any:
    return lambda source: result.names.get(source, source)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _and(ids: Sequence[str], name: Any) -> str:
    names = [name(id) for id in ids]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
