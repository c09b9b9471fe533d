"""What real exports hold, taken at column speed as the row reader takes it: placeholder
parents, self-citations, and a source's repeated reports on one claim.

The rules are :class:`~provenance.formats.rows.RowRules`; the row reader
(:class:`~provenance.formats.rows.RowFilter`) applies them row by row, and these
functions apply them to a table's columns with the same result, counted in the same
:class:`~provenance.formats.rows.RowFilter` for the same note. A repeat is skipped
(``"skip"``: the first row stays) or merged (``"earliest"``: the row published first
stays, with the vias of every repeat, as :func:`provenance.formats.rows.earliest`
merges two); what only the row reader can judge raises :class:`Doubt`: a repeat under
``"error"`` (its error) or ``"merge"`` (the repeats' every cell compared), and, under
``"earliest"``, repeats dated with times of different kinds (a date and a datetime,
naive and aware), which compare by day and so depend on the order they come in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from attrs import frozen

from provenance._arrays import (
    Ints,
    first_in_runs,
    first_of_each,
    pair_keys,
    places,
    sorted_distinct,
)
from provenance.columns.cells import Doubt
from provenance.formats.rows import RowFilter
from provenance.scoring.rules import DATE, NO_DATE

__all__ = ["Cited", "one_report_each", "without_placeholders"]


@frozen
class Cited:
    """A table's citations: by citation, its report (ascending) and the cited source."""

    report: Ints
    source: Ints


def without_placeholders(pa: Any, report: Ints, cited: Any, taken: RowFilter) -> tuple[Ints, Any]:
    """The citations (by citation: its report, the cited id) with those of a placeholder
    (``ROOT``) left out, counted."""
    placeholders = sorted(taken.rules.placeholders)
    if not placeholders or not len(cited):
        return report, cited
    kept = np.asarray(
        pa.compute.invert(pa.compute.is_in(cited, value_set=pa.array(placeholders, pa.string())))
    )
    taken.counts["placeholders"] += int(len(kept) - kept.sum())
    return report[kept], cited.filter(pa.array(kept))


def one_report_each(
    source: Ints,
    cited: Cited,
    key: Ints,
    times: Callable[[], tuple[Ints, Ints, Ints]],
    taken: RowFilter,
) -> tuple[Ints | None, Cited]:
    """The reports kept (None: all) and their citations, numbered among them, under the
    rules of `taken`: self-citations left out when repeats are taken, and each source's
    reports on a claim (`key`, by report: claim and source codes) made one. `source`
    is each report's source code; `times` gives each report's published codes. Counted
    in `taken`; :class:`Doubt` where the row reader judges."""
    own = cited.source == source[cited.report]
    if np.any(own):
        if not taken.lenient:
            raise Doubt  # a report citing itself: the row reader's error
        taken.counts["self-loops"] += len(sorted_distinct(cited.report[own]))
        cited = Cited(cited.report[~own], cited.source[~own])
    room = int(cited.source.max(initial=0)) + 1
    if len(sorted_distinct(pair_keys(cited.report, cited.source, room))) != len(cited.source):
        raise Doubt  # a via naming a source twice: the row reader's records drop one
    winner = _winners(key, taken, times)
    if winner is None:
        return None, cited
    kept = np.flatnonzero(winner == np.arange(len(key)))
    repeats = len(key) - len(kept)
    if taken.rules.duplicates == "skip":
        taken.counts["skipped"] += repeats
        mine = winner[cited.report] == cited.report
        cited = Cited(cited.report[mine], cited.source[mine])
    else:
        taken.counts["merged"] += repeats
        cited = _every_via(cited, winner)
    return kept, Cited(places(kept, len(key))[cited.report], cited.source)


def _winners(
    key: Ints, taken: RowFilter, times: Callable[[], tuple[Ints, Ints, Ints]]
) -> Ints | None:
    """By report, the report that stands for its (claim, source) key: the first, or the
    one published first; None when no key repeats."""
    if len(sorted_distinct(key)) == len(key):
        return None
    if taken.rules.duplicates not in ("skip", "earliest"):
        raise Doubt  # refused, or merged cell by cell: the row reader's
    rows = np.arange(len(key))
    if taken.rules.duplicates == "skip":
        order = np.argsort(key, kind="stable")
    else:
        kind, day, instant = times()
        _one_kind_each(key, kind)
        # Dated before undated, then the time (a date's day, a datetime's instant),
        # then the row: the first of the earliest, as rows.earliest keeps it.
        when = np.where(kind == DATE, day, instant)
        order = np.lexsort((rows, when, kind == NO_DATE, key))
    ordered = key[order]
    first = first_in_runs(ordered)
    winner = np.empty(len(key), dtype=np.int64)
    winner[order] = order[first][np.cumsum(first) - 1]
    return winner


def _one_kind_each(key: Ints, kind: Ints) -> None:
    """Doubt a key whose dated reports are dated with times of different kinds."""
    dated = kind != NO_DATE
    if not np.any(dated):
        return
    order = np.lexsort((kind[dated], key[dated]))
    keys, kinds = key[dated][order], kind[dated][order]
    first = first_in_runs(keys)  # each key's least kind; the last of its run, its greatest
    last = np.append(first[1:], True)
    if np.any(kinds[first] != kinds[last]):
        raise Doubt


def _every_via(cited: Cited, winner: Ints) -> Cited:
    """Every citation of a key's reports given to the report that stands for it, each
    cited source once: the winner's own first, then the others' in row order."""
    stands = winner[cited.report]
    rank = np.arange(len(cited.report))  # citations come by report, in row order
    order = np.lexsort((rank, stands != cited.report, stands))
    stands, source = stands[order], cited.source[order]
    once = first_of_each(pair_keys(stands, source, int(source.max(initial=0)) + 1))
    once = np.sort(once)  # back in the order above
    return Cited(stands[once], source[once])
