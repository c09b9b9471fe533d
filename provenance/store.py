"""The store: sources, claims, reports and contradictions, checked as they come in.

:class:`Store` is :class:`~provenance.records.Records` (the records and the indexes
reading needs, with a revision per claim), with sources, claims, contradictions and
suspected copying declared as :class:`~provenance.declaring.Declaring` does, plus the
reports. Nothing here knows how a claim is scored.

The graph of design §2 (edges pointing the way information flows) is what these
records describe; :func:`provenance.formats.network.to_networkx` draws it as a
:class:`networkx.MultiDiGraph` on demand, through networkx's public API.

Every change is all or nothing: rows are checked against the store and the rows before
them, and only then applied.

Examples
--------
>>> from provenance.store import Store
>>> s = Store()
>>> for source in ("warshal", "militarnyi"):
...     _ = s.add_source(source)
>>> _ = s.add_claim("capture")
>>> _ = s.add_report("militarnyi", "capture", via=["warshal"])
>>> sorted(s.claim_reports("capture"))   # warshal's report is implicit, attributed
['militarnyi', 'warshal']
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from provenance._bulk import bulk
from provenance.declaring import Declaring, check_rows
from provenance.errors import (
    DuplicateReportError,
    ProvenanceError,
    ProvenanceWarning,
    ValidationError,
)
from provenance.model import Claim, Hedge, Published, Report, Source

__all__ = ["Store"]

_Record = TypeVar("_Record", bound=Source | Claim)
_Any = TypeVar("_Any", bound=Source | Claim | Report)
_S = TypeVar("_S", bound="Store")
_NO_REPORTS: Mapping[str, Report] = {}


class Store(Declaring):
    """Sources, claims and who reported what via whom: the records, checked.

    :class:`~provenance.graph.ProvenanceGraph` is this store with the scoring,
    drawing and file methods on top; use it unless you are writing a reader or an engine.
    """

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
        if isinstance(sources, str) or not isinstance(sources, Sequence) or not sources:
            raise ValidationError(
                f"chain for {claim!r} needs a list of source ids, got {sources!r}"
            )
        last = len(sources) - 1
        reports = []
        for i, source in enumerate(sources):
            details: dict[str, Any] = (
                {"published": published, "url": url, "quote": quote} if i == last else {}
            )
            reports.append(
                Report(
                    source,
                    claim,
                    via=sources[i - 1 : i],
                    hedge=hedge if i else origin_hedge,
                    firsthand=i == 0,
                    observed=i == last,
                    **details,
                )
            )
        return self._insert(reports, "chain")

    def add_implicit(self, reports: Iterable[Report]) -> None:
        """Add the implicit `reports` that no via has made again: a reader's last step,
        since a source a report once cited keeps its implicit report when that report goes.
        """
        for report in reports:
            if report.source not in self.claim_reports(report.claim):
                self.add(report)

    def copy(self: _S) -> _S:
        """A new store of the same kind holding the same records (title included)."""
        new = type(self)(title=self.title)
        new.notes = list(self.notes)
        with bulk():
            new.add_sources(self._sources.values())
            new.add_claims(self._claims.values())
            new.add_reports(r for r in self.reports() if not r.implicit)
            new.add_implicit(r for r in self.reports() if r.implicit)
            for a, b in self.contradictions():
                new.add_contradiction(a, b)
            for copy in self.suspected():
                new.add_suspected(copy)
        return new

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

    def _insert(self, rows: Iterable[Report | Mapping[str, Any]], place: str) -> list[Report]:
        """Check every row (a report, or a mapping of its fields) against the store and
        the rows before it, then apply them all; an error names the row as
        ``PLACE[i]``."""
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
        self._apply(reports)
        return reports

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
