"""The records of a provenance graph, and how to read them.

:class:`Records` holds sources, claims, reports and contradictions, and nothing derived
from them but the indexes reading needs: reports by claim and then by source, each
source's independence group and display name, the contradictions, and a **revision**
per claim that every change to the claim's reports or rivals bumps. Scoring keeps its
own cache keyed by those revisions (:mod:`provenance.scoring`). The writing half is
:class:`~provenance.store.Store`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from provenance.errors import DuplicateIdError, UnknownIdError, ValidationError
from provenance.model import Claim, Report, Source, SuspectedCopy

_Record = TypeVar("_Record", bound=Source | Claim)
_NONE: Mapping[str, Mapping[str, SuspectedCopy]] = {}

__all__ = ["Records", "rival_order"]


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

    def claim_reports(self, claim: str) -> Mapping[str, Report]:
        """The reports on a declared claim by source id: a read-only view, not a copy.

        The fast read for scoring and drawing; :meth:`reports` checks the id first.
        """
        return self._reports[claim]

    @property
    def sources_by_id(self) -> Mapping[str, Source]:
        """Source id → record: a read-only view, not a copy."""
        return self._sources

    @property
    def claims_by_id(self) -> Mapping[str, Claim]:
        """Claim id → record: a read-only view, not a copy."""
        return self._claims

    @property
    def claim_ids(self) -> list[str]:
        """Every claim id, in declaration order."""
        return list(self._claims)

    @property
    def groups(self) -> Mapping[str, str]:
        """Source id → its independence group (its ``group``, or ``"source:ID"``)."""
        return self._group_of

    @property
    def names(self) -> Mapping[str, str]:
        """Source id → display name."""
        return self._names

    def revision(self, claim: str) -> int:
        """A stamp that changes whenever the claim's reports or contradictions change."""
        return self._revision[claim]

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
        return list(self.rivals(claim))

    def rivals(self, claim: str) -> Mapping[str, None]:
        """The claims contradicting a declared claim, as :meth:`contradicting` lists them,
        for scoring. By id, not in the order recorded: support multiplies in this order,
        and a copy or a file read back (which may list pairs otherwise) scores the same."""
        recorded = self._contradicts[claim]
        question = self._claims[claim].question
        if question is None:
            return recorded if len(recorded) < 2 else rival_order(recorded)  # 0 or 1: in order
        answers = (other for other in self._questions[question] if other != claim)
        return rival_order({*recorded, *answers})

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

    def suspected_via(self, claim: str) -> Mapping[str, Mapping[str, SuspectedCopy]]:
        """Copier → original → suspected copy on a declared claim: a read-only view, for
        scoring."""
        return self._suspected.get(claim, _NONE)

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


def _content(store: Records) -> tuple[Any, ...]:
    return (
        store._sources,
        store._claims,
        set(store.reports()),
        {frozenset(pair) for pair in store.contradictions()},
        set(store.suspected()),
    )
