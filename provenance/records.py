"""The records of a provenance graph, and how to read them.

:class:`Records` holds sources, claims, reports and contradictions, and nothing derived
from them but the indexes reading needs: reports by claim and then by source, each
source's independence group and display name, the contradictions, and a **revision**
per claim that every change to the claim's reports or rivals bumps. Scoring keeps its
own cache keyed by those revisions (:mod:`provenance.scoring`). The writing half is
:class:`~provenance.store.Store`.
"""

from __future__ import annotations

import functools
import itertools
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

from provenance.errors import (
    DuplicateIdError,
    DuplicateReportError,
    ProvenanceError,
    ProvenanceWarning,
    UnknownIdError,
    ValidationError,
)
from provenance.model import Claim, Report, Source, SuspectedCopy

_Record = TypeVar("_Record", bound=Source | Claim)
_NONE: Mapping[str, Mapping[str, SuspectedCopy]] = {}
_NO_REPORTS: Mapping[str, Report] = {}

__all__ = [
    "Records",
    "check_rows",
    "claim_ids",
    "claims_by_id",
    "groups",
    "names",
    "reports_by_source",
    "revision",
    "rival_order",
    "rivals",
    "sources_by_id",
    "suspected_via",
]


class _Renamed:
    """A deprecated name on the face of :class:`Records`: warns, then reads through the
    module function `reads` (given the claim too, when `per_claim`)."""

    def __init__(self, use: str, *, reads: str, per_claim: bool = False) -> None:
        self.old, self.use, self.reads, self.per_claim = "", use, reads, per_claim

    def __set_name__(self, owner: type, name: str) -> None:
        self.old = name

    def __get__(self, store: Records | None, owner: type | None = None) -> Any:
        if store is None:
            return self
        _deprecated(self.old, self.use)
        read: Callable[..., Any] = globals()[self.reads]  # defined below the class
        return functools.partial(read, store) if self.per_claim else read(store)


class Records:
    """The records of a graph, read-only: see :class:`~provenance.store.Store` to add some."""

    def __init__(self, *, title: str | None = None) -> None:
        if title is not None and not isinstance(title, str):
            raise ValidationError(f"title must be a string, got {title!r}")
        self.title = title  # names the whole story (the page title); not part of equality
        # What reading left out or changed, a line each (each also a ProvenanceWarning);
        # like the title, not part of equality.
        self.notes: list[str] = []
        self._sources: dict[str, Source] = {}
        self._claims: dict[str, Claim] = {}
        self._names: dict[str, str] = {}  # source id -> display name
        self._group_of: dict[str, str] = {}  # source id -> its independence group
        # claim id -> source id -> its report on the claim (implicit ones included)
        self._reports: dict[str, dict[str, Report]] = {}
        self._contradicts: dict[str, dict[str, None]] = {}  # claim -> recorded rivals, ordered
        self._questions: dict[str, dict[str, None]] = {}  # question -> its answers, ordered
        # claim -> copier -> original -> the suspected copy: kept apart from the vias
        self._suspected: dict[str, dict[str, dict[str, SuspectedCopy]]] = {}
        self._revision: dict[str, int] = {}  # claim -> stamp of its last change
        self._clock = itertools.count(1)

    def _known(self, record: _Record) -> _Record:
        """`record`, or the equal one already declared; an error if its id is taken."""
        kind = "source" if isinstance(record, Source) else "claim"
        existing: Source | Claim | None = self._sources.get(record.id) or self._claims.get(
            record.id
        )
        if existing is None:
            return record
        if existing == record:
            return cast(_Record, existing)
        if not isinstance(existing, type(record)):
            other = "source" if isinstance(existing, Source) else "claim"
            raise DuplicateIdError(
                f"{record.id!r} is already a {other}; sources and claims share one namespace"
            )
        raise DuplicateIdError(
            f"{kind} {record.id!r} is already declared with different fields: {existing!r}"
        )

    def _require(self, id: object, kind: str) -> None:
        if not isinstance(id, str):
            raise UnknownIdError(kind, str(id))
        if id in (self._sources if kind == "source" else self._claims):
            return
        if id in self._sources or id in self._claims:
            other = "source" if id in self._sources else "claim"
            raise ValidationError(f"{id!r} is a {other}, not a {kind}")
        known = self._sources if kind == "source" else self._claims
        raise UnknownIdError(kind, str(id), known=known)

    def source(self, id: str) -> Source:
        """The record of source `id`; raises :class:`UnknownIdError` if undeclared."""
        self._require(id, "source")
        return self._sources[id]

    def claim(self, id: str) -> Claim:
        """The record of claim `id`; raises :class:`UnknownIdError` if undeclared."""
        self._require(id, "claim")
        return self._claims[id]

    def report(self, source: str, claim: str) -> Report:
        """The report of `source` on `claim` (possibly implicit).

        Raises
        ------
        UnknownIdError
            An id is undeclared, or the source has no report on the claim.
        """
        self._require(source, "source")
        self._require(claim, "claim")
        report = self._reports[claim].get(source)
        if report is None:
            reporters = self._reports[claim]
            raise UnknownIdError(f"report on {claim!r} by source", source, known=reporters)
        return report

    @property
    def sources(self) -> list[Source]:
        """Every source record, in declaration order."""
        return list(self._sources.values())

    @property
    def claims(self) -> list[Claim]:
        """Every claim record, in declaration order."""
        return list(self._claims.values())

    def reports(self, claim: str | None = None) -> list[Report]:
        """The reports on `claim`, or every report, implicit ones included."""
        if claim is not None:
            self._require(claim, "claim")
            return list(self._reports[claim].values())
        return [r for by_source in self._reports.values() for r in by_source.values()]

    def contradictions(self) -> list[tuple[str, str]]:
        """Every pair of contradicting claims, once each, in claim declaration order."""
        order = {claim: i for i, claim in enumerate(self._claims)}
        return [
            (claim, other)
            for claim, rivals in self._contradicts.items()
            for other in rivals
            if order[claim] < order[other]
        ]

    def contradicting(self, claim: str) -> list[str]:
        """The claims that cannot be true with `claim` (recorded contradictions and the
        other answers to its question), by id."""
        self._require(claim, "claim")
        return list(rivals(self, claim))

    def suspected(self, claim: str | None = None) -> list[SuspectedCopy]:
        """The suspected copying recorded (on `claim`, or anywhere), once each, in the
        order it was added."""
        if claim is not None:
            self._require(claim, "claim")
            by_copier = self._suspected.get(claim, {})
            return [copy for originals in by_copier.values() for copy in originals.values()]
        seen: dict[SuspectedCopy, None] = {}
        for by_copier in self._suspected.values():
            for originals in by_copier.values():
                seen.update(dict.fromkeys(originals.values()))
        return list(seen)

    @property
    def questions(self) -> list[str]:
        """Every question, in the order its first answer was declared."""
        return list(self._questions)

    def answers(self, question: str) -> list[str]:
        """The claims answering `question`, in declaration order.

        Raises
        ------
        UnknownIdError
            No claim answers `question`.
        """
        if question not in self._questions:
            raise UnknownIdError("question", str(question), known=self._questions)
        return list(self._questions[question])

    def _checked_records(
        self, rows: Iterable[_Record | Mapping[str, Any]], cls: type[_Record]
    ) -> tuple[list[_Record], Iterable[_Record]]:
        """Bulk rows of `cls` checked against the records and each other: (the record of
        each row, each distinct record once); an error names the row."""
        check_rows(rows)
        records: list[_Record] = []
        batch: dict[str, _Record] = {}  # id -> record, first of each id in this call
        for i, row in enumerate(rows):
            try:
                record = cast(
                    _Record, row if isinstance(row, cls) else cls.from_dict(cast(Any, row))
                )
                first = batch.get(record.id)
                if first is None:
                    first = batch[record.id] = self._known(record)
                elif first != record:
                    raise DuplicateIdError(
                        f"{cls.__name__.lower()} {record.id!r} is declared twice with "
                        f"different fields in one call"
                    )
                records.append(first)
            except ProvenanceError as error:
                raise error.at_row(i) from None
        return records, batch.values()

    def _check(self, report: Report, explicit: set[tuple[str, str]]) -> None:
        """Check a report against the store and the reports `explicit` already holds
        (``(source, claim)`` pairs of one insert), and add it there."""
        source, claim, sources = report.source, report.claim, self._group_of
        # The common case inline; _require raises the precise error otherwise.
        if source not in sources:
            self._require(source, "source")
        by_source = self._reports.get(claim, _NO_REPORTS)
        if by_source is _NO_REPORTS:  # not a declared claim: _require names what it is
            self._require(claim, "claim")
        for upstream in report.via:
            if upstream not in sources:
                self._require(upstream, "source")
        key = (source, claim)
        existing = by_source.get(source)
        if key in explicit or (existing is not None and not existing.implicit):
            raise DuplicateReportError(f"{source!r} already reports {claim!r}")
        explicit.add(key)

    def _check_suspected(self, copy: SuspectedCopy) -> None:
        """Refuse suspected copying that names the undeclared, a source without a report
        on one of its claims, a declared via, or copying suspected already."""
        self._require(copy.copier, "source")
        self._require(copy.original, "source")
        for claim in copy.claims:
            self._require(claim, "claim")
            for source in (copy.copier, copy.original):
                if source not in self._reports[claim]:
                    raise ValidationError(
                        f"suspected copying of {copy.original!r} by {copy.copier!r}: "
                        f"{source!r} has no report on {claim!r}"
                    )
            if copy.original in self._reports[claim][copy.copier].via:
                raise ValidationError(
                    f"{copy.copier!r} cites {copy.original!r} on {claim!r} already: "
                    f"declared, not suspected"
                )
            if copy.original in self._suspected.get(claim, {}).get(copy.copier, {}):
                raise DuplicateReportError(
                    f"copying of {copy.original!r} by {copy.copier!r} on {claim!r} is "
                    f"suspected already"
                )

    def _checked_reports(
        self, rows: Iterable[Report | Mapping[str, Any]], place: str
    ) -> list[Report]:
        """Every row (a report, or a mapping of its fields) as a report checked against
        the records and the rows before it; an error names the row as ``PLACE[i]``."""
        check_rows(rows)
        reports: list[Report] = []
        explicit: set[tuple[str, str]] = set()
        for i, row in enumerate(rows):
            try:  # each row checked as it is read, while it is in the cache
                report = row if isinstance(row, Report) else Report.from_dict(row)
                self._check(report, explicit)
            except ProvenanceError as error:
                raise error.at_row(i, place) from None
            reports.append(report)
        return reports

    def _check_contradiction(self, a: str, b: str) -> None:
        self._require(a, "claim")
        self._require(b, "claim")
        if a == b:
            raise ValidationError(f"claim {a!r} cannot contradict itself")

    def note(self, message: str) -> None:
        """Say what reading left out or changed: kept in :attr:`notes` and warned as a
        :class:`~provenance.errors.ProvenanceWarning` (the command line prints it).

        Examples
        --------
        >>> import warnings, provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> with warnings.catch_warnings(record=True):
        ...     warnings.simplefilter("always")
        ...     g.note("doc.json: 1 PROV record left out: activity 'ex:a1'")
        >>> g.notes
        ["doc.json: 1 PROV record left out: activity 'ex:a1'"]
        """
        self.notes.append(message)
        warnings.warn(ProvenanceWarning(message), stacklevel=3)

    # Deprecated names (one release): each thing has one name on the documented face;
    # what engines and readers need is read through this module's functions.
    claim_reports = _Renamed(
        "reports(claim) or records.reports_by_source", reads="reports_by_source", per_claim=True
    )
    sources_by_id = _Renamed("source(id) or records.sources_by_id", reads="sources_by_id")
    claims_by_id = _Renamed("claim(id) or records.claims_by_id", reads="claims_by_id")
    claim_ids = _Renamed("[c.id for c in g.claims] or records.claim_ids", reads="claim_ids")
    groups = _Renamed("source(id).independence_group or records.groups", reads="groups")
    names = _Renamed("source(id).name or records.names", reads="names")
    revision = _Renamed("records.revision", reads="revision", per_claim=True)
    rivals = _Renamed("contradicting(claim) or records.rivals", reads="rivals", per_claim=True)
    suspected_via = _Renamed(
        "suspected(claim) or records.suspected_via", reads="suspected_via", per_claim=True
    )

    def __contains__(self, id: object) -> bool:
        return id in self._sources or id in self._claims

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Records):
            return NotImplemented
        return _content(self) == _content(other)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__}: {len(self._sources)} sources, {len(self._claims)} claims, "
            f"{sum(map(len, self._reports.values()))} reports>"
        )


def rival_order(rivals: Iterable[str]) -> dict[str, None]:
    """The claims a claim cannot be true with, once each, in the one order both engines
    weigh them in: by id. Support multiplies in this order, so a copy, a file read back
    (which may list pairs otherwise) and a table score the same, bit for bit.

    >>> list(rival_order(["b", "a", "b"]))
    ['a', 'b']
    """
    return dict.fromkeys(sorted(set(rivals)))


# The read side for engines and readers: views of the indexes, not copies, and no id
# checks (the ids come from the store itself). Not on ProvenanceGraph's face.


def reports_by_source(store: Records, claim: str) -> Mapping[str, Report]:
    """Source id → report on a declared claim, implicit ones included: a read-only view."""
    return store._reports[claim]


def sources_by_id(store: Records) -> Mapping[str, Source]:
    """Source id → record: a read-only view."""
    return store._sources


def claims_by_id(store: Records) -> Mapping[str, Claim]:
    """Claim id → record: a read-only view."""
    return store._claims


def claim_ids(store: Records) -> list[str]:
    """Every claim id, in declaration order."""
    return list(store._claims)


def groups(store: Records) -> Mapping[str, str]:
    """Source id → its independence group (its ``group``, or ``"source:ID"``)."""
    return store._group_of


def names(store: Records) -> Mapping[str, str]:
    """Source id → display name."""
    return store._names


def revision(store: Records, claim: str) -> int:
    """A stamp that changes whenever a declared claim's reports or rivals change: what
    a cache of results is keyed by."""
    return store._revision[claim]


def rivals(store: Records, claim: str) -> Mapping[str, None]:
    """The claims contradicting a declared claim (recorded contradictions and the other
    answers to its question), in :func:`rival_order`: support multiplies in this order,
    so a copy or a file read back (which may list pairs otherwise) scores the same."""
    recorded = store._contradicts[claim]
    question = store._claims[claim].question
    if question is None:
        return recorded if len(recorded) < 2 else rival_order(recorded)  # 0 or 1: in order
    answers = (other for other in store._questions[question] if other != claim)
    return rival_order({*recorded, *answers})


def suspected_via(store: Records, claim: str) -> Mapping[str, Mapping[str, SuspectedCopy]]:
    """Copier → original → suspected copy on a declared claim: a read-only view."""
    return store._suspected.get(claim, _NONE)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release: use {new}",
        DeprecationWarning,
        stacklevel=3,
    )


def check_rows(rows: object) -> None:
    """Refuse what a bulk call cannot take as its rows: one record, a mapping, text."""
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
        raise ValidationError(f"rows must be a list (or any iterable) of rows, got {rows!r}")


def _content(store: Records) -> tuple[Any, ...]:
    return (
        store._sources,
        store._claims,
        set(store.reports()),
        {frozenset(pair) for pair in store.contradictions()},
        set(store.suspected()),
    )
