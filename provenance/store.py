"""The store: sources, claims, reports, contradictions and suspected copying, added.

:class:`Store` is :class:`~provenance.records.Records` (the records, their indexes and
the checks a new record must pass) with every way to add to them. Every change is all
or nothing: rows are checked against the store and the rows before them, and only then
applied. Nothing here knows how a claim is scored; the graph of design §2 is what these
records describe (:func:`provenance.formats.network.to_networkx` draws it).

Examples
--------
>>> from provenance.store import Store
>>> s = Store()
>>> for source in ("warshal", "militarnyi"):
...     _ = s.add_source(source)
>>> _ = s.add_claim("capture")
>>> _ = s.add_report("militarnyi", "capture", via=["warshal"])
>>> sorted(r.source for r in s.reports("capture"))   # warshal's report is implicit, attributed
['militarnyi', 'warshal']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from provenance._bulk import bulk
from provenance.errors import (
    ValidationError,
)
from provenance.model import (
    Claim,
    Hedge,
    Published,
    Report,
    Source,
    SuspectedCopy,
    relay_chain,
)
from provenance.records import Records, _deprecated

__all__ = ["Store", "add_implicit"]

_Record = TypeVar("_Record", bound=Source | Claim)
_Any = TypeVar("_Any", bound=Source | Claim | Report)
_S = TypeVar("_S", bound="Store")


class Store(Records):
    """Sources, claims and who reported what via whom: the records, checked.

    :class:`~provenance.graph.ProvenanceGraph` is this store with the scoring,
    drawing and file methods on top; use it unless you are writing a reader or an engine.
    """

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
        with bulk():
            records, distinct = self._checked_records(rows, cls)
            for record in distinct:
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
        self._check_contradiction(a, b)
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
        self._check_suspected(copy)
        stamp = next(self._clock)
        for claim in copy.claims:
            by_copier = self._suspected.setdefault(claim, {})
            by_copier.setdefault(copy.copier, {})[copy.original] = copy
            self._revision[claim] = stamp
        return copy

    def add(self, record: _Any) -> _Any:
        """Add one record (a :class:`Source`, :class:`Claim` or :class:`Report`) as the
        ``add_*`` methods do; the builder that file readers use.

        Examples
        --------
        >>> from provenance.model import Claim, Report, Source
        >>> from provenance.store import Store
        >>> s = Store()
        >>> _ = s.add(Source("a")); _ = s.add(Claim("c"))
        >>> s.add(Report("a", "c")).source
        'a'
        """
        if isinstance(record, Report):
            self._check(record, set())
            self._apply([record])
            return record
        if isinstance(record, Source | Claim):
            return cast(_Any, self._declare(record))
        raise ValidationError(f"expected a Source, Claim or Report, got {record!r}")

    def add_report(
        self,
        source: str,
        claim: str,
        *,
        via: Iterable[str] = (),
        hedge: Hedge | str = Hedge.ASSERTED,
        published: Published | str | None = None,
        url: str | None = None,
        quote: str | None = None,
        firsthand: bool = False,
        observed: bool = True,
        hedge_text: str | None = None,
        retracted: Published | str | None = None,
        text: str | None = None,
    ) -> Report:
        """Record that `source` states `claim`, having it from the sources in `via`.

        A report is **first-hand** (``firsthand=True``: the source witnessed or produced
        it), **cited** (``via=[...]``: it names where it got it), or **unsourced**
        (neither, the default: it does not say). A source named in `via` that has no
        report of its own on the claim gets an attributed, first-hand report
        (``implicit=True``): the origin, as far as anyone knows. A later report of its
        own replaces that implicit one.

        Parameters
        ----------
        source, claim : str
            Declared ids.
        via : iterable of str
            Declared source ids this report says it got the claim from.
        hedge : Hedge or str
            ``"confirmed"``, ``"asserted"`` (default), ``"attributed"``, ``"uncertain"``,
            or hedging words such as ``"reportedly"``, kept as written.
        published : date, datetime or ISO 8601 string, optional
        url, quote : str, optional
        firsthand : bool
            The source declares knowledge of its own (default False).
        observed : bool
            True (default) when you read the report yourself.
        hedge_text : str, optional
            The hedging words as written, when `hedge` is given as a level.
        retracted : date, datetime or ISO 8601 string, optional
            The report was retracted then: it supports nothing.
        text : str, optional
            The passage as published, for shared-wording copy detection.

        Returns
        -------
        Report

        Raises
        ------
        UnknownIdError
            An id was never declared (the message suggests the closest one).
        ValidationError
            A value is not acceptable, or an id names the wrong kind of node.
        DuplicateReportError
            The source already has a report of its own on the claim.

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for s in ("warshal", "militarnyi"):
        ...     _ = g.add_source(s)
        >>> _ = g.add_claim("capture")
        >>> g.add_report("militarnyi", "capture", via=["warshal"]).sourcing
        'cited'
        >>> w = g.report("warshal", "capture")   # created by the via: attributed, first-hand
        >>> w.observed, w.sourcing
        (False, 'firsthand')
        >>> g.add_report("militarnyi", "capture", via=["warshall"])
        Traceback (most recent call last):
        ...
        provenance.errors.UnknownIdError: unknown source 'warshall' (did you mean 'warshal'?)
        """
        report = Report(
            source,
            claim,
            via=via,
            hedge=hedge,
            published=published,
            url=url,
            quote=quote,
            firsthand=firsthand,
            observed=observed,
            hedge_text=hedge_text,
            retracted=retracted,
            text=text,
        )
        return self.add(report)

    def add_reports(self, rows: Iterable[Report | Mapping[str, Any]]) -> list[Report]:
        """Add many reports at once, all or nothing.

        Each row is a :class:`Report` or a mapping of its fields (``source``, ``claim``,
        ``via``, ``hedge``, …). Rows are checked exactly as :meth:`add_report` checks
        one; if any row fails, nothing is added and the error names the row
        (``rows[3]: …``; its ``row`` attribute is the index).

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for s in ("us", "kr", "ua", "article"):
        ...     _ = g.add_source(s)
        >>> _ = g.add_claim("troops")
        >>> _ = g.add_reports([{"source": "article", "claim": "troops", "via": ["us", "kr"]},
        ...                    {"source": "article", "claim": "troops", "via": ["ua"]}])
        Traceback (most recent call last):
        ...
        provenance.errors.DuplicateReportError: rows[1]: 'article' already reports 'troops'
        """
        with bulk():
            return self._insert(rows, "rows")

    def add_chain(
        self,
        claim: str,
        sources: Sequence[str],
        *,
        hedge: Hedge | str = Hedge.ASSERTED,
        origin_hedge: Hedge | str = Hedge.ASSERTED,
        published: Published | str | None = None,
        url: str | None = None,
        quote: str | None = None,
    ) -> list[Report]:
        """Add a relay chain ``origin → … → reporter`` for `claim`, all or nothing.

        The first source is first-hand, each next one got the claim via the one
        before it, the last is observed (you read it) and the rest are attributed.
        `hedge` is how the relays and the reporter put it ("reportedly"); the origin
        states it as `origin_hedge` (plainly, unless you say otherwise). `published`,
        `url` and `quote` belong to the last report. An error names the link of the
        chain it is about (``chain[2]: …``).

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for s in ("sso", "warshal", "militarnyi", "article"):
        ...     _ = g.add_source(s)
        >>> _ = g.add_claim("capture")
        >>> [(r.source, r.sourcing, r.observed, r.hedge.value) for r in
        ...  g.add_chain("capture", ["sso", "warshal", "militarnyi", "article"],
        ...              hedge="reportedly")]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('sso', 'firsthand', False, 'asserted'), ('warshal', 'cited', False, 'attributed'),
         ('militarnyi', 'cited', False, 'attributed'), ('article', 'cited', True, 'attributed')]
        """
        reports = relay_chain(
            claim,
            sources,
            hedge=hedge,
            origin_hedge=origin_hedge,
            published=published,
            url=url,
            quote=quote,
        )
        return self._insert(reports, "chain")

    def add_implicit(self, reports: Iterable[Report]) -> None:
        """Deprecated: :func:`add_implicit`, a reader's step."""
        _deprecated("add_implicit(reports)", "provenance.store.add_implicit(store, reports)")
        add_implicit(self, reports)

    def copy(self: _S) -> _S:
        """A new store of the same kind holding the same records (title included)."""
        new = type(self)(title=self.title)
        new.notes = list(self.notes)
        with bulk():
            new.add_sources(self._sources.values())
            new.add_claims(self._claims.values())
            new.add_reports(r for r in self.reports() if not r.implicit)
            add_implicit(new, (r for r in self.reports() if r.implicit))
            for a, b in self.contradictions():
                new.add_contradiction(a, b)
            for copy in self.suspected():
                new.add_suspected(copy)
        return new

    def _insert(self, rows: Iterable[Report | Mapping[str, Any]], place: str) -> list[Report]:
        """Check every row, then apply them all; an error names the row as ``PLACE[i]``."""
        reports = self._checked_reports(rows, place)
        self._apply(reports)
        return reports

    def _apply(self, reports: Iterable[Report]) -> None:
        """Add checked reports, and the implicit reports of the sources they cite."""
        all_reports, revision = self._reports, self._revision
        stamp = next(self._clock)
        for report in reports:
            claim = report.claim
            by_source = all_reports[claim]
            by_source[report.source] = report  # in place of an implicit report, if any
            for upstream in report.via:
                if upstream not in by_source:  # the cited source's report, known from this
                    by_source[upstream] = Report(
                        upstream, claim, firsthand=True, observed=False, implicit=True
                    )
            revision[claim] = stamp


def add_implicit(store: Store, reports: Iterable[Report]) -> None:
    """Add the implicit `reports` that no via has made again: a reader's last step,
    since a source a report once cited keeps its implicit report when that report goes.
    """
    for report in reports:
        if report.source not in store._reports[report.claim]:
            store.add(report)
