"""Shared wording: reports whose published text repeats another's, word for word.

Each report's `text` becomes its set of word **shingles** (runs of `k` words, lower
case, punctuation dropped). Two reports on the same claim by different sources are
compared when they share a shingle; the **containment** of one in the other is the share
of its shingles found in the other's. A long shared run means a high containment: the
later report (by its publication time; the one more contained, when the times do not
say) is the suspected copier, and the containment is the chance of copying.

Candidate pairs come from an inverted index of shingles, so only reports that share
wording are ever compared; a shingle found in more than `max_common` reports of a claim
(boilerplate, a much-quoted statement) proposes no pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from provenance.model import Report

__all__ = ["WordingMatch", "shingles", "wording_matches"]

_WORD = re.compile(r"\w+")

WordingMatch = tuple[Report, Report, float]
"""(copier's report, original's report, containment of the copier's text in the original's)."""


def shingles(text: str, k: int = 5) -> set[int]:
    """The hashed runs of `k` words of `text` (all of it, if it is shorter).

    >>> len(shingles("One two three four five six", k=5))
    2
    """
    words = _WORD.findall(text.lower())
    if len(words) <= k:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + k])) for i in range(len(words) - k + 1)}


def wording_matches(
    reports: Iterable[Report],
    *,
    k: int = 5,
    min_containment: float = 0.5,
    max_common: int = 50,
) -> list[WordingMatch]:
    """Pairs of reports on the same claim, by different sources, whose texts share
    enough wording; the copier first.

    Examples
    --------
    >>> from provenance.model import Report
    >>> wire = Report("reuters", "c", text="Troops crossed the border at dawn on Monday, "
    ...               "officials said.", published="2024-12-26T09:00")
    >>> echo = Report("blog", "c", text="BREAKING: Troops crossed the border at dawn on "
    ...               "Monday, officials said.", published="2024-12-26T09:20")
    >>> [(a.source, b.source, round(c, 2)) for a, b, c in wording_matches([wire, echo])]
    [('blog', 'reuters', 0.86)]
    """
    sets: list[set[int]] = []
    kept: list[Report] = []
    index: dict[tuple[str, int], list[int]] = defaultdict(list)
    for report in reports:
        if not report.text or report.implicit:
            continue
        found = shingles(report.text, k)
        if not found:
            continue
        number = len(kept)
        kept.append(report)
        sets.append(found)
        for shingle in found:
            index[report.claim, shingle].append(number)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        if len(holders) < 2 or len(holders) > max_common:
            continue
        for i, a in enumerate(holders):
            for b in holders[i + 1 :]:
                if kept[a].source != kept[b].source:
                    shared[a, b] += 1
    matches = []
    for (a, b), common in shared.items():
        in_a, in_b = common / len(sets[a]), common / len(sets[b])  # a's text found in b's
        copier, original = _direction(kept[a], kept[b], in_a, in_b)
        containment = in_a if copier is kept[a] else in_b
        if containment >= min_containment:
            matches.append((copier, original, containment))
    return sorted(matches, key=lambda m: (-m[2], m[0].source, m[1].source, m[0].claim))


def _direction(a: Report, b: Report, in_a: float, in_b: float) -> tuple[Report, Report]:
    """(copier, original): the later report, or the one more contained in the other."""
    if a.published is not None and b.published is not None:
        try:
            if a.published != b.published:
                return (a, b) if a.published > b.published else (b, a)
        except TypeError:  # a date beside a datetime, or naive beside aware: no order
            pass
    return (a, b) if in_a >= in_b else (b, a)
