"""Rows of report tables: their cells read as a table holds them, checked, and added to
a store — and what real exports hold that a story does not (:class:`RowRules`).

The table reader (:mod:`provenance.formats.tables`) and the columnar reader's fallback
(:mod:`provenance.columns`) add rows through :func:`add_report_rows` and
:func:`add_declaration_rows`: one loop, one set of rules.

Retweet cascades and monitoring exports repeat rows, let an account cite itself, and
give top-level posts a made-up parent (``ROOT``, ``-1``). By default each is an error, as
it is in a story. The rules here let a reader skip or merge repeats, drop self-loops and
leave placeholder parents out: each counted and said in one
:class:`~provenance.errors.ProvenanceWarning`, never silently.

Examples
--------
>>> import pathlib, tempfile, warnings, provenance as pv
>>> table = pathlib.Path(tempfile.mkdtemp()) / "cascade.csv"
>>> _ = table.write_text("source,claim,via\\nalice,t1,ROOT\\nbob,t1,alice\\nbob,t1,alice\\n")
>>> with warnings.catch_warnings(record=True) as said:
...     warnings.simplefilter("always")
...     g = pv.read_reports(table, duplicates="skip", placeholders=["ROOT"], progress=False)
>>> sorted(s.id for s in g.sources), str(said[0].message).split(": ", 1)[1]
(['alice', 'bob'], '1 repeated row(s) skipped; 1 citation(s) of a placeholder left out')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from attrs import field, frozen

from provenance.errors import (
    FormatError,
    ValidationError,
    did_you_mean,
    located,
)
from provenance.formats.syntax import parse_json
from provenance.model import Claim, Report, Source
from provenance.scoring.rules import published_before
from provenance.store import Store

__all__ = [
    "CLAIM_COLUMNS",
    "DUPLICATES",
    "FALSE_WORDS",
    "REPORT_COLUMNS",
    "SOURCE_COLUMNS",
    "SUSPECTED_COLUMNS",
    "TRUE_WORDS",
    "RowFilter",
    "RowRules",
    "add_declaration_rows",
    "add_report_rows",
    "check_header",
    "earliest",
    "split_via",
    "suspected_fields",
]

DUPLICATES = ("error", "merge", "skip", "earliest")
"""What a table reader may do with a row repeating a source's report on a claim."""


def _check_duplicates(instance: object, attribute: Any, value: object) -> None:
    if value not in DUPLICATES:
        raise ValidationError(
            f"duplicates must be one of {list(DUPLICATES)}, got {value!r}"
            f"{did_you_mean(value, DUPLICATES)}"
        )


def _id_set(ids: Iterable[str]) -> frozenset[str]:
    if isinstance(ids, str):  # one id, not its characters
        return frozenset([ids])
    return frozenset(ids)


@frozen
class RowRules:
    """How a table reader takes repeated rows, self-loops and placeholder parents.

    Attributes
    ----------
    duplicates : str
        A row repeating a source's report on a claim: ``"error"`` (the default) refuses
        the table; ``"skip"`` keeps the first row; ``"merge"`` adds the repeat's vias to
        the first row's and refuses a repeat that differs in anything else;
        ``"earliest"`` keeps the row published first (see :func:`earliest`) with the
        vias of every repeat, as a cascade needs where an account shares a post twice.
        With any of them but ``"error"``, a report citing its own source loses that
        citation.
    placeholders : frozenset of str
        Ids that stand for "no parent" (``ROOT``): left out of every via, so that no
        such source is made up. A report left with no via is unsourced.
    """

    duplicates: str = field(default="error", validator=_check_duplicates)
    placeholders: frozenset[str] = field(default=frozenset(), converter=_id_set)


class RowFilter:
    """The rules applied to one table's rows, counting what they change."""

    def __init__(self, rules: RowRules, file: str) -> None:
        self.rules, self.file = rules, file
        self.lenient = rules.duplicates != "error"
        self.first: dict[tuple[str, str], int] = {}  # (source, claim) -> its place in rows
        self.counts = {"skipped": 0, "merged": 0, "placeholders": 0, "self-loops": 0}

    def via(self, source: object, via: list[Any]) -> list[Any]:
        """The via with placeholders (and, when lenient, the source itself) left out."""
        # A cell of another type is no placeholder: Report names it (an unhashable list too).
        kept = [v for v in via if not (isinstance(v, str) and v in self.rules.placeholders)]
        self.counts["placeholders"] += len(via) - len(kept)
        if self.lenient and source in kept:
            kept = [v for v in kept if v != source]
            self.counts["self-loops"] += 1
        return kept

    def repeats(self, rows: list[tuple[int, Report]], report: Report) -> bool:
        """Whether `report` repeats one of `rows` (then skipped, or merged into it);
        else it is remembered as the `len(rows)`-th."""
        if not self.lenient:
            return False
        key = (report.source, report.claim)
        at = self.first.get(key)
        if at is None:
            self.first[key] = len(rows)
            return False
        if self.rules.duplicates == "skip":
            self.counts["skipped"] += 1
            return True
        line, kept = rows[at]
        if self.rules.duplicates == "earliest":
            rows[at] = (line, earliest(kept, report))
            self.counts["merged"] += 1
            return True
        if attrs.evolve(report, via=kept.via) != kept:
            raise ValidationError(
                f"{report.source!r} already reports {report.claim!r} (line {line}) "
                f"differently; duplicates='merge' merges only the vias of repeated rows"
            )
        more = tuple(v for v in report.via if v not in kept.via)
        rows[at] = (line, attrs.evolve(kept, via=kept.via + more))
        self.counts["merged"] += 1
        return True

    def say(self, graph: Store) -> None:
        """One note on `graph` naming what the rules changed, if anything."""
        what = {
            "skipped": "repeated row(s) skipped",
            "merged": "repeated row(s) merged",
            "placeholders": "citation(s) of a placeholder left out",
            "self-loops": "self-citation(s) left out",
        }
        parts = [f"{n:,} {what[k]}" for k, n in self.counts.items() if n]
        if parts:
            graph.note(f"{self.file}: " + "; ".join(parts))


def earliest(kept: Report, repeat: Report) -> Report:
    """The one report standing for two of one source on one claim: the one published
    first, with every via of both (the first's, then the repeat's new ones).

    An undated report gives way to a dated one, and of two undated or equally dated
    reports the first stays; the times compare as time inversion compares them (by
    day, unless both are datetimes of one kind).

    Examples
    --------
    >>> late = Report("bob", "t1", via=["alice"], published="2024-05-02T10:00:00")
    >>> first = Report("bob", "t1", via=["carol"], published="2024-05-02T09:00:00")
    >>> merged = earliest(late, first)
    >>> merged.published.hour, merged.via
    (9, ('carol', 'alice'))
    """
    first, second = kept, repeat
    if repeat.published is not None and (
        kept.published is None or published_before(repeat.published, kept.published)
    ):
        first, second = repeat, kept
    more = tuple(v for v in second.via if v not in first.via and v != first.source)
    return attrs.evolve(first, via=first.via + more) if more else first


REPORT_COLUMNS = (
    "source",
    "claim",
    "via",
    "hedge",
    "hedge_text",
    "published",
    "url",
    "quote",
    "observed",
    "firsthand",
    "retracted",
    "text",
    "implicit",
)
SOURCE_COLUMNS = ("id", "name", "kind", "reliability", "group", "url")
CLAIM_COLUMNS = ("id", "text", "question")
SUSPECTED_COLUMNS = ("copier", "original", "claims", "probability", "evidence")
_BATCH = 20_000
TRUE_WORDS, FALSE_WORDS = frozenset({"true", "yes", "1"}), frozenset({"false", "no", "0"})
"""The words a text cell may say a boolean with (any case, spaces around)."""


def check_header(names: Sequence[str], *, file: str, line: int | None = None) -> None:
    """Refuse a table that names a column twice: which of the two holds the values is
    not said, and a reader taking either would misread the other.

    Examples
    --------
    >>> check_header(["source", "claim", "claim"], file="t.csv", line=1)
    Traceback (most recent call last):
    ...
    provenance.errors.FormatError: t.csv, line 1: column 'claim' is given twice; ...
    """
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise FormatError(
                f"column {name!r} is given twice; a table names each column once",
                file=file,
                line=line,
            )
        seen.add(name)


def add_declaration_rows(
    graph: Store,
    table: str,
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    file: str,
    suffix: str = ".jsonl",
) -> None:
    """Add the rows ``(line, row)`` of a ``sources``, ``claims`` or ``contradictions``
    table; an error names `file` and the row's line."""
    for line, row in rows:
        with located(file, line=line):
            if table == "contradictions":
                graph.add_contradiction(row.get("a"), row.get("b"))  # type: ignore[arg-type]
            elif table == "sources":
                graph.add(Source.from_dict(_clean(row, SOURCE_COLUMNS, suffix)))
            else:
                graph.add(Claim.from_dict(_clean(row, CLAIM_COLUMNS, suffix)))


def add_report_rows(
    graph: Store,
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    file: str,
    suffix: str,
    progress: Callable[[int], None] | None = None,
    rules: RowRules | None = None,
) -> int:
    """Add report rows ``(line, row)`` as a table holds them, declaring the sources and
    claims they name; an error names `file` and the row's line. Returns the count.

    A row's cells follow the table's rules (`suffix`): in ``.csv`` every cell is text
    (an empty one is no value, via is ``;``-separated, booleans are words); in
    ``.jsonl``, values are typed and null is no value. The columnar reader
    (:func:`provenance.read_columns`) falls back on this for rows it cannot vouch for.
    """
    batch: list[tuple[int, Report]] = []
    count = 0
    names: dict[str, str] = {}  # one string per id, not one per row that names it
    taken = RowFilter(rules or RowRules(), file)
    for line, row in rows:
        with located(file, line=line):
            fields = _report_fields(row, suffix)
            for name in ("source", "claim"):
                if isinstance(value := fields.get(name), str):
                    fields[name] = names.setdefault(value, value)
            if isinstance(via := fields.get("via"), list):
                via = taken.via(fields.get("source"), via)
                fields["via"] = [names.setdefault(v, v) if isinstance(v, str) else v for v in via]
            report = Report.from_dict(fields)
            for source in (report.source, *report.via):
                if source not in graph:
                    graph.add_source(source)
            if report.claim not in graph:
                graph.add_claim(report.claim)
            if taken.repeats(batch, report):
                continue
        batch.append((line, report))
        count += 1
        if len(batch) == _BATCH and not taken.lenient:  # a repeat may come on any line
            _flush(graph, file, batch)
            if progress is not None:
                progress(count)
    _flush(graph, file, batch)
    taken.say(graph)
    return count


def suspected_fields(row: dict[str, Any], suffix: str) -> dict[str, Any]:
    """A suspected-copy row's fields: in CSV, the lists are JSON and the chance a number."""
    fields = _clean(row, SUSPECTED_COLUMNS, suffix)
    if suffix == ".csv":
        for name in ("claims", "evidence"):
            if name in fields:
                try:
                    fields[name] = parse_json(fields[name])
                except FormatError:
                    raise ValidationError(
                        f"{name} must be a JSON list, got {fields[name]!r}"
                    ) from None
        if "probability" in fields:
            try:
                fields["probability"] = float(fields["probability"])
            except ValueError:
                raise ValidationError(
                    f"probability must be a number, got {fields['probability']!r}"
                ) from None
    return fields


def _flush(graph: Store, file: str, batch: list[tuple[int, Report]]) -> None:
    with located(file, line_of_row=lambda row: batch[row][0]):
        graph.add_reports([report for _, report in batch])
    batch.clear()


def _clean(row: dict[str, Any], columns: tuple[str, ...], suffix: str) -> dict[str, Any]:
    """The row's given cells (in CSV, an empty cell is no value; in JSONL, null is); an
    unknown column is an error."""
    for key in row:
        if key not in columns:
            raise ValidationError(
                f"unknown column {key!r}{did_you_mean(key, columns)}; "
                f"expected some of {list(columns)}"
            )
    if suffix == ".csv":
        return {k: v for k, v in row.items() if v not in ("", None)}
    return {k: v for k, v in row.items() if v is not None}


def _report_fields(row: dict[str, Any], suffix: str) -> dict[str, Any]:
    fields = _clean(row, REPORT_COLUMNS, suffix)
    via = fields.get("via")
    if isinstance(via, Mapping | bytes):  # its keys (an Arrow struct), its bytes: no sources
        raise ValidationError(f"via must be a list of source ids, got {via!r:.200}")
    if isinstance(via, str) and suffix == ".csv":
        fields["via"] = split_via(via)
    for name in ("observed", "firsthand", "implicit"):
        value = fields.get(name)
        if isinstance(value, str):
            if value.strip().lower() not in TRUE_WORDS | FALSE_WORDS:
                raise ValidationError(f"{name} must be true or false, got {value!r}")
            fields[name] = value.strip().lower() in TRUE_WORDS
    return fields


def split_via(cell: str) -> list[str]:
    """The source ids of a via written as text (``"us; kr;ua"``): ``;``-separated."""
    return [v.strip() for v in cell.split(";") if v.strip()]
