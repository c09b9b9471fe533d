"""What the side panels say: a claim's summary, timeline and reports; a source's details.

Dates are written as people write them (:func:`human_date`), and a report's link is kept
only when it is safe to follow (:func:`safe_url`). The panels are part of the page's data
(:func:`~provenance.render.data.page_data`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from provenance.cascades import Cascade, cascade_of
from provenance.model import Flag, Report, Source
from provenance.render.layout import via_depths
from provenance.render.style import BADGES
from provenance.scoring import Corroboration
from provenance.terms import Published

__all__ = ["claim_panel", "human_date", "safe_url", "source_meta", "spread_text"]


def claim_panel(c: Corroboration, reports: list[Report], names: dict[str, str]) -> dict[str, Any]:
    """The side panel of a claim, from its result's JSON form."""
    result = c.to_dict()
    lines = "line" if c.lines_text == "1" else "lines"
    relays = nx.DiGraph([(u, r.source) for r in reports for u in r.via])
    relays.add_nodes_from(r.source for r in reports)
    depth = via_depths(relays)  # on one date, a source comes before those citing it
    timeline = sorted(
        reports, key=lambda r: (*_when(r.published), depth[r.source], names[r.source])
    )
    first = next((r.published for r in timeline if r.published is not None), None)
    spread = cascade_of(c.claim, reports) if len(reports) > 1 else None
    likely = (  # what suspected copying leaves of the possible lines, when it lowers them
        f" · {c.independent_likely} likely once suspected copying counts"
        if c.independent_likely < c.independent_max
        else ""
    )
    return {
        "summary": (
            f"{c.lines_text} independent {lines} (proven{'–possible' * ('–' in c.lines_text)})"
            f"{likely} · support {result['support']:.2f} · credibility {result['credibility']} "
            f"({result['credibility_meaning']}) · {len(result['reporters'])} sources · "
            f"id {result['claim']}{'' if spread is None else ' · ' + spread_text(spread)}"
        ),
        # the numbers the summary words, for a script (docs/cascades.md)
        **({} if spread is None else {"cascade": _measures(spread)}),
        "flags": [BADGES[Flag(f)] for f in result["flags"]],
        "explanation": result["explanation"],
        "lines": [[names[s] for s in line] for line in result["lines"]],
        "common": [names[s] for s in result["common_links"]],
        "timeline": [
            [human_date(r.published), names[r.source], _after(first, r.published)] for r in timeline
        ],
        "reports": [_report_entry(r, names) for r in timeline],
    }


def spread_text(spread: Cascade) -> str:
    """How a claim spread, in the words of its panel.

    >>> from provenance.model import Report
    >>> print(spread_text(cascade_of("c", [Report("a", "c", published="2024-12-26"),
    ...                     Report("b", "c", via=["a"], published="2024-12-28")])))
    spread: 2 reports, 1 tree, depth 1, breadth 1, structural virality 1.00; half of the
    dated reports within the same day, 90% within 2 days
    """
    trees = "tree" if spread.roots == 1 else "trees"
    text = (
        f"spread: {spread.size} reports, {spread.roots} {trees}, depth {spread.depth}, "
        f"breadth {spread.max_breadth}, structural virality {spread.structural_virality:.2f}"
    )
    if spread.t50 is None or spread.t90 is None:
        return text
    by_day = not isinstance(spread.first, dt.datetime)
    return (
        f"{text}; half of the dated reports within {_span(spread.t50, by_day)}, "
        f"90% within {_span(spread.t90, by_day)}"
    )


def _measures(spread: Cascade) -> dict[str, Any]:
    measures = spread.to_dict()
    del measures["claim"]  # the panel's own
    return measures


def _span(duration: dt.timedelta, by_day: bool) -> str:
    """A duration in the panel's words: minutes, hours up to two days, then days."""
    minutes = int(duration.total_seconds() // 60)
    if by_day or minutes >= 48 * 60:
        days = duration.days
        return "the same day" if days == 0 else f"{days} day{'' if days == 1 else 's'}"
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h"


def _report_entry(r: Report, names: dict[str, str]) -> dict[str, Any]:
    """A report in its claim's panel: source and details, quote and link when it has them."""
    entry: dict[str, Any] = {"source": names[r.source], "meta": _report_meta(r, names)}
    url = safe_url(r.url)
    if r.quote is not None:
        entry["quote"] = r.quote
    if url is not None:
        entry["url"] = url
    return entry


def _when(published: Published | None) -> tuple[bool, dt.datetime]:
    """A sort key: undated last; dates at their midnight; aware times in UTC."""
    if published is None:
        return True, dt.datetime.min
    if not isinstance(published, dt.datetime):
        return False, dt.datetime.combine(published, dt.time())
    if published.tzinfo is not None:
        return False, published.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return False, published


def human_date(published: Published | None) -> str:
    """A report's date as people write it.

    >>> human_date(dt.date(2024, 12, 28)), human_date(None)
    ('28 Dec 2024', 'date not given')
    >>> human_date(dt.datetime(2024, 12, 28, 9, 5, tzinfo=dt.timezone.utc))
    '28 Dec 2024, 09:05 UTC'
    """
    if published is None:
        return "date not given"
    day = f"{published.day} {published:%b %Y}"
    if not isinstance(published, dt.datetime):
        return day
    zone = published.strftime(" UTC%z").replace("UTC+0000", "UTC") if published.tzinfo else ""
    return f"{day}, {published:%H:%M}{zone}"


def _after(first: Published | None, published: Published | None) -> str:
    """How long after the first dated report `published` came: "first", "+3 h", "+2 days"."""
    if first is None or published is None:
        return ""
    if published == first:
        return "first"
    both_timed = isinstance(first, dt.datetime) and isinstance(published, dt.datetime)
    delta = _when(published)[1] - _when(first)[1]
    if both_timed and delta < dt.timedelta(hours=48):
        minutes = int(delta.total_seconds() // 60)
        return f"+{minutes} min" if minutes < 60 else f"+{minutes // 60} h"
    days = delta.days
    return "same day" if days == 0 else f"+{days} day{'' if days == 1 else 's'}"


def _report_meta(r: Report, names: dict[str, str]) -> str:
    parts = ["read" if r.observed else "attributed: known only through a citation"]
    parts.append(f"{r.hedge} ('{r.hedge_text}')" if r.hedge_text else str(r.hedge))
    if r.published is not None:
        parts.append(human_date(r.published))
    if r.via:
        parts.append("via " + ", ".join(names[u] for u in r.via))
    if r.firsthand:
        parts.append("first-hand")
    if r.unsourced:
        parts.append("unsourced: does not say where it got it")
    if r.retracted is not None:
        parts.append(f"retracted {human_date(r.retracted)}: supports nothing")
    return " · ".join(parts)


def source_meta(s: Source, observed: bool, n_claims: int) -> str:
    parts = [s.kind or "source"]
    if s.reliability is not None:
        parts.append(f"reliability {s.reliability.value} ({s.reliability.meaning})")
    if s.group is not None:
        parts.append(f"group {s.group}")
    parts.append(f"{n_claims} claim{'' if n_claims == 1 else 's'}")
    parts.append("read" if observed else "known only through citations")
    return " · ".join(parts)


def safe_url(url: str | None) -> str | None:
    """`url` if it is an http(s) address, else None: no javascript:, data: or file: links."""
    if url is None:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
