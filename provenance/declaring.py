"""Declaring sources and claims, and what holds between claims.

:class:`Declaring` adds to :class:`~provenance.records.Records` the sources and claims
(one at a time or in bulk, all or nothing), contradictions, and suspected copying. The
reports themselves are added by :class:`~provenance.store.Store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from provenance._bulk import bulk
from provenance.errors import (
    DuplicateIdError,
    DuplicateReportError,
    ProvenanceError,
    ValidationError,
)
from provenance.model import Claim, Source, SuspectedCopy
from provenance.records import Records

__all__ = ["Declaring", "check_rows"]

_Record = TypeVar("_Record", bound=Source | Claim)


class Declaring(Records):
    """Records you can declare sources, claims, contradictions and suspected copying in;
    see :class:`~provenance.store.Store` for the whole store."""

    def add_source(
        self,
        id: str,
        *,
        name: str | None = None,
        kind: str = "",
        reliability: str | None = None,
        group: str | None = None,
        url: str | None = None,
    ) -> Source:
        """Declare a source and return its record.

        Declaring the same source again with the same fields returns the existing
        record; with different fields it is an error.

        Raises
        ------
        ValidationError
            A field is not acceptable (empty id, unknown reliability grade, …).
        DuplicateIdError
            The id is a claim, or a source with different fields.
        """
        fields: dict[str, Any] = {"kind": kind, "reliability": reliability, "group": group}
        if name is not None:
            fields["name"] = name
        return self._declare(Source(id, url=url, **fields))

    def add_claim(self, id: str, text: str | None = None, *, question: str | None = None) -> Claim:
        """Declare a claim (one checkable proposition) and return its record.

        Claims that share a `question` are its mutually exclusive answers: each
        contradicts the others, without listing pairs.

        Raises
        ------
        ValidationError, DuplicateIdError
            As for :meth:`add_source`.

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for n in (10, 11, 12):
        ...     _ = g.add_claim(f"t{n}", f"{n},000 troops", question="troop-count")
        >>> g.contradicting("t10")
        ['t11', 't12']
        """
        fields: dict[str, Any] = {} if text is None else {"text": text}
        return self._declare(Claim(id, question=question, **fields))

    def add_sources(self, rows: Iterable[Source | Mapping[str, Any]]) -> list[Source]:
        """Declare many sources at once, all or nothing.

        Each row is a :class:`~provenance.model.Source` or a mapping of its fields
        (``id``, ``name``, ``group``, …), checked as :meth:`add_source` checks one; if
        any row fails, nothing is declared and the error names the row (``rows[2]: …``).

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> [s.name for s in g.add_sources([{"id": "sso", "group": "ukraine-gov"},
        ...                                 {"id": "zelenskyy", "name": "Zelenskyy"}])]
        ['sso', 'Zelenskyy']
        >>> g.add_sources([{"id": "kr"}, {"id": "us", "reliability": "Z"}])
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        provenance.errors.ValidationError: rows[1]: unknown reliability grade 'Z'; ...
        >>> "kr" in g
        False
        """
        return self._declare_all(rows, Source)

    def add_claims(self, rows: Iterable[Claim | Mapping[str, Any]]) -> list[Claim]:
        """Declare many claims at once, all or nothing; rows as for :meth:`add_sources`.

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> [c.text for c in g.add_claims([{"id": "capture", "text": "A soldier was captured"},
        ...                                {"id": "injured"}])]
        ['A soldier was captured', 'injured']
        """
        return self._declare_all(rows, Claim)

    def _declare_all(
        self, rows: Iterable[_Record | Mapping[str, Any]], cls: type[_Record]
    ) -> list[_Record]:
        check_rows(rows)
        with bulk():
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
            for record in batch.values():
                self._add_record(record)
            return records

    def _declare(self, record: _Record) -> _Record:
        record = self._known(record)
        self._add_record(record)
        return record

    def _add_record(self, record: Source | Claim) -> None:
        """Add a checked record, unless it is the one already there."""
        id = record.id
        if isinstance(record, Source):
            if id not in self._sources:
                self._sources[id] = record
                self._names[id] = record.name
                self._group_of[id] = record.independence_group
        elif id not in self._claims:
            self._claims[id] = record
            self._reports[id] = {}
            self._contradicts[id] = {}
            if record.question is not None:  # every answer has a new rival
                answers = self._questions.setdefault(record.question, {})
                answers[id] = None
                stamp = next(self._clock)
                for answer in answers:
                    self._revision[answer] = stamp
            self._revision[id] = next(self._clock)

    def add_contradiction(self, a: str, b: str) -> None:
        """Record that claims `a` and `b` cannot both be true (symmetric, idempotent).

        Raises
        ------
        UnknownIdError, ValidationError
            An id is not a declared claim, or `a` equals `b`.
        """
        self._require(a, "claim")
        self._require(b, "claim")
        if a == b:
            raise ValidationError(f"claim {a!r} cannot contradict itself")
        if b not in self._contradicts[a]:
            self._contradicts[a][b] = self._contradicts[b][a] = None
            self._revision[a] = self._revision[b] = next(self._clock)

    def add_suspected(self, copy: SuspectedCopy | Mapping[str, Any]) -> SuspectedCopy:
        """Record copying nobody declared, inferred from evidence, on each of its claims.

        It is a **suspected** via edge, kept apart from the declared ones: the proven
        count never uses it; the likely count does.

        Raises
        ------
        UnknownIdError
            A source or claim is undeclared.
        ValidationError
            The copier or the original has no report on one of the claims.
        DuplicateReportError
            The same copying is recorded on a claim already.
        """
        if not isinstance(copy, SuspectedCopy):
            copy = SuspectedCopy.from_dict(copy)
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
        stamp = next(self._clock)
        for claim in copy.claims:
            by_copier = self._suspected.setdefault(claim, {})
            by_copier.setdefault(copy.copier, {})[copy.original] = copy
            self._revision[claim] = stamp
        return copy


def check_rows(rows: object) -> None:
    """Refuse what a bulk call cannot take as its rows: one record, a mapping, text."""
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
        raise ValidationError(f"rows must be a list (or any iterable) of rows, got {rows!r}")
