"""The provenance graph: the single store of sources, claims, reports and contradictions.

One :class:`networkx.MultiDiGraph`, edges pointing the way information flows:

- node = source id or claim id (one namespace); attribute ``kind`` is ``"source"`` or
  ``"claim"`` and ``record`` holds the :class:`~provenance.model.Source` or
  :class:`~provenance.model.Claim`;
- ``source → claim``, ``relation="reports"``, key = claim id;
- ``upstream → downstream``, ``relation="via"``, key = claim id: "downstream got this
  claim from upstream";
- ``claim ↔ claim``, ``relation="contradicts"``, key ``"contradicts"``, both directions.

The :class:`~provenance.model.Report` records are held beside the graph, by claim and
then by source: scoring reads one claim's reports far more often than anything walks
the edges, and an attribute dict per report edge would cost more memory than the
report itself. :meth:`ProvenanceGraph.to_networkx` puts each in its edge's ``report``
attribute.

The scoring, rendering and file methods of :class:`ProvenanceGraph` are thin facades:
each imports its module when called, so module imports flow one way
(``errors → model → graph → scoring → …``) and this module knows nothing of scoring
beyond which cached results a change makes stale.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import networkx as nx

from provenance.errors import (
    DuplicateIdError,
    DuplicateReportError,
    ProvenanceError,
    UnknownIdError,
    ValidationError,
)
from provenance.model import Claim, Hedge, Published, Report, Source

if TYPE_CHECKING:
    from provenance.model import Flag
    from provenance.scoring import Corroboration

__all__ = ["ProvenanceGraph"]

_Record = TypeVar("_Record", bound=Source | Claim)

CONTRADICTS = "contradicts"
# Every via edge shares one attribute dict: nothing writes to it (to_networkx hands out a
# copy), and a million via edges then cost no million dicts.
_VIA: dict[str, Any] = {"relation": "via"}
_REPORTS: dict[str, Any] = {"relation": "reports"}  # likewise; the Report is in _reports
_NO_REPORTS: dict[str, Report] = {}


class ProvenanceGraph:
    """Sources, claims and who reported what via whom.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> g.add_source("reuters", name="Reuters", kind="agency")
    Source(id='reuters', name='Reuters', kind='agency', reliability=None, group=None, url=None)
    >>> _ = g.add_claim("c", "Something happened")
    >>> for outlet in ("a", "b", "c1", "d", "e"):
    ...     _ = g.add_source(outlet)
    ...     _ = g.add_report(outlet, "c", via=["reuters"])
    >>> g
    <ProvenanceGraph: 6 sources, 1 claims, 6 reports>
    >>> g.corroboration("c").independent
    1
    """

    def __init__(self, *, title: str | None = None) -> None:
        if title is not None and not isinstance(title, str):
            raise ValidationError(f"title must be a string, got {title!r}")
        self.title = title  # names the whole story (the page title); not part of equality
        self._graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        # The hot paths read networkx's own dicts, which live as long as the graph does,
        # and inserts write them as add_node and add_edge would: node -> attributes,
        # and node -> neighbour -> edge key -> edge attributes (one dict, both ways).
        graph: Any = self._graph
        self._nodes: dict[str, dict[str, Any]] = graph._node
        self._succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = graph._succ
        self._pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = graph._pred
        self._names: dict[str, str] = {}  # source id -> display name, shared with results
        self._group_of: dict[str, str] = {}  # source id -> its independence group
        # claim id -> source id -> its report on the claim (implicit ones included)
        self._reports: dict[str, dict[str, Report]] = {}
        self._n_sources = 0
        # Scoring results by claim id. A claim's result depends on its own reports and on
        # the independence of the claims contradicting it; every mutation drops exactly those.
        self._results: dict[str, Corroboration] = {}

    # ------------------------------------------------------------------ declaring

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

    def add_claim(self, id: str, text: str | None = None) -> Claim:
        """Declare a claim (one checkable proposition) and return its record.

        Raises
        ------
        ValidationError, DuplicateIdError
            As for :meth:`add_source`.
        """
        return self._declare(Claim(id) if text is None else Claim(id, text))

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
        with _gc_paused():
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
                    raise _located(error, i) from None
            for record in batch.values():
                if record.id not in self._nodes:
                    self._add_node(record)
            nx._clear_cache(self._graph)  # what networkx's add_node would have done
            return records

    def _declare(self, record: _Record) -> _Record:
        record = self._known(record)
        if record.id not in self._nodes:
            self._add_node(record)
            nx._clear_cache(self._graph)
        return record

    def _known(self, record: _Record) -> _Record:
        """`record`, or the equal one already declared; an error if its id is taken."""
        kind = "source" if isinstance(record, Source) else "claim"
        existing = self._nodes.get(record.id)
        if existing is None:
            return record
        if existing["record"] == record:
            return cast(_Record, existing["record"])
        if existing["kind"] != kind:
            raise DuplicateIdError(
                f"{record.id!r} is already a {existing['kind']}; "
                f"sources and claims share one namespace"
            )
        raise DuplicateIdError(
            f"{kind} {record.id!r} is already declared with different fields: "
            f"{existing['record']!r}"
        )

    def _add_node(self, record: Source | Claim) -> None:
        """Add a checked record's node, writing networkx's dicts as ``add_node`` would."""
        id = record.id
        if isinstance(record, Source):
            self._nodes[id] = {"kind": "source", "record": record}
            self._names[id] = record.name
            self._group_of[id] = record.independence_group
            self._n_sources += 1
        else:
            self._nodes[id] = {"kind": "claim", "record": record}
            self._reports[id] = {}
        self._succ[id] = {}
        self._pred[id] = {}

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
        firsthand: bool | None = None,
        observed: bool = True,
    ) -> Report:
        """Record that `source` states `claim`, having it from the sources in `via`.

        A source named in `via` that has no report of its own on the claim gets an
        attributed, first-hand report (``implicit=True``). A later report of its own
        replaces that implicit one.

        Parameters
        ----------
        source, claim : str
            Declared ids.
        via : iterable of str
            Declared source ids this report says it got the claim from.
        hedge : Hedge or str
            ``"confirmed"``, ``"asserted"`` (default), ``"attributed"``, ``"uncertain"``,
            or a hedging word such as ``"reportedly"``.
        published : date, datetime or ISO 8601 string, optional
        url, quote : str, optional
        firsthand : bool, optional
            The source has knowledge of its own; defaults to "no via".
        observed : bool
            True (default) when you read the report yourself.

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
        >>> g.add_report("militarnyi", "capture", via=["warshal"]).firsthand
        False
        >>> g.report("warshal", "capture").observed   # created by the via, attributed
        False
        >>> g.add_report("militarnyi", "capture", via=["warshall"])
        Traceback (most recent call last):
        ...
        provenance.errors.UnknownIdError: unknown source 'warshall' (did you mean 'warshal'?)
        """
        fields: dict[str, Any] = {}
        if firsthand is not None:
            fields["firsthand"] = firsthand
        report = Report(
            source,
            claim,
            via=via,
            hedge=hedge,
            published=published,
            url=url,
            quote=quote,
            observed=observed,
            **fields,
        )
        return self._insert([report], located=False)[0]

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
        >>> len(g.reports())
        0
        """
        with _gc_paused():
            return self._insert(rows, located=True)

    def add_chain(
        self,
        claim: str,
        sources: Sequence[str],
        *,
        hedge: Hedge | str = Hedge.ASSERTED,
        published: Published | str | None = None,
        url: str | None = None,
        quote: str | None = None,
    ) -> list[Report]:
        """Add a relay chain ``origin → … → reporter`` for `claim`, all or nothing.

        The first source is first-hand, each next one got the claim via the one
        before it, the last is observed (you read it) and the rest are attributed.
        `hedge` applies to every report; `published`, `url` and `quote` to the last.

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for s in ("sso", "warshal", "militarnyi", "article"):
        ...     _ = g.add_source(s)
        >>> _ = g.add_claim("capture")
        >>> [(r.source, r.via, r.observed) for r in
        ...  g.add_chain("capture", ["sso", "warshal", "militarnyi", "article"])]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('sso', (), False), ('warshal', ('sso',), False),
         ('militarnyi', ('warshal',), False), ('article', ('militarnyi',), True)]
        """
        if isinstance(sources, str) or not isinstance(sources, Sequence) or not sources:
            raise ValidationError(
                f"chain for {claim!r} needs a list of source ids, got {sources!r}"
            )
        last = len(sources) - 1
        reports = [
            Report(source, claim, via=sources[i - 1 : i], hedge=hedge, observed=False)
            for i, source in enumerate(sources[:last])
        ]
        reports.append(
            Report(
                sources[last],
                claim,
                via=sources[last - 1 : last],
                hedge=hedge,
                published=published,
                url=url,
                quote=quote,
            )
        )
        return self._insert(reports, located=False)

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
        for u, v in ((a, b), (b, a)):
            self._graph.add_edge(u, v, key=CONTRADICTS, relation=CONTRADICTS)
        self._results.pop(a, None)
        self._results.pop(b, None)

    def _insert(self, rows: Iterable[Report | Mapping[str, Any]], *, located: bool) -> list[Report]:
        """Check every row (a report, or a mapping of its fields) against the graph and
        the rows before it, then apply them all; errors carry the row's index."""
        reports: list[Report] = []
        explicit: set[tuple[str, str]] = set()
        for i, row in enumerate(rows):
            try:  # each row checked as it is read, while it is in the cache
                report = row if isinstance(row, Report) else Report.from_dict(row)
                self._check(report, explicit)
            except ProvenanceError as error:
                raise _located(error, i, in_message=located) from None
            reports.append(report)
        for report in reports:
            self._apply(report)
        nx._clear_cache(self._graph)  # what networkx's add_edge would have done
        return reports

    def _check(self, report: Report, explicit: set[tuple[str, str]]) -> None:
        """Check a report against the graph and the reports `explicit` already holds
        (``(source, claim)`` pairs of one insert), and add it there."""
        source, claim, sources = report.source, report.claim, self._group_of
        # The common case inline (every source has a group entry); _require raises the
        # precise error otherwise.
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

    def _apply(self, report: Report) -> None:
        """Add a checked report's edges, writing networkx's adjacency as ``add_edge``
        would: one edge at a time through it costs more than the rest of a bulk insert.

        An edge ``u → v`` is ``succ[u][v][key] = attributes``, with ``pred[v][u]`` the
        same key dict. A source has an edge to a claim exactly when it has a report on
        it, so that key dict is new exactly when the report is.
        """
        succ, pred = self._succ, self._pred
        source, claim = report.source, report.claim
        by_source = self._reports[claim]
        if source not in by_source:
            succ[source][claim] = pred[claim][source] = {claim: _REPORTS}
        by_source[source] = report  # in place of an implicit report, if there was one
        for upstream in report.via:
            keys = succ[upstream].get(source)
            if keys is None:
                keys = succ[upstream][source] = pred[source][upstream] = {}
            keys[claim] = _VIA
            if upstream not in by_source:  # the cited source's report, known only from this
                by_source[upstream] = Report(upstream, claim, observed=False, implicit=True)
                succ[upstream][claim] = pred[claim][upstream] = {claim: _REPORTS}
        self._results.pop(claim, None)
        if succ[claim]:  # contradicted: their credibility depends on this claim's lines
            for other in self._contradicting(claim):
                self._results.pop(other, None)

    def _require(self, id: object, kind: str) -> None:
        node: dict[str, Any] | None = self._nodes.get(id) if isinstance(id, str) else None
        if node is None:
            known = (n for n, d in self._nodes.items() if d["kind"] == kind)
            raise UnknownIdError(kind, str(id), known=known)
        if node["kind"] != kind:
            raise ValidationError(f"{id!r} is a {node['kind']}, not a {kind}")

    # ------------------------------------------------------------------ reading

    def source(self, id: str) -> Source:
        """The record of source `id`; raises :class:`UnknownIdError` if undeclared."""
        self._require(id, "source")
        return cast(Source, self._record(id))

    def claim(self, id: str) -> Claim:
        """The record of claim `id`; raises :class:`UnknownIdError` if undeclared."""
        self._require(id, "claim")
        return cast(Claim, self._record(id))

    def report(self, source: str, claim: str) -> Report:
        """The report of `source` on `claim` (possibly implicit).

        Raises
        ------
        UnknownIdError
            An id is undeclared, or the source has no report on the claim.
        """
        self._require(source, "source")
        self._require(claim, "claim")
        report = self._report_or_none(source, claim)
        if report is None:
            reporters = (r.source for r in self._claim_reports(claim))
            raise UnknownIdError(f"report on {claim!r} by source", source, known=reporters)
        return report

    def _report_or_none(self, source: str, claim: str) -> Report | None:
        return self._reports.get(claim, _NO_REPORTS).get(source)

    def _claim_reports(self, claim: str) -> list[Report]:
        """The reports on a declared claim."""
        return list(self._reports[claim].values())

    def _claim_ids(self) -> list[str]:
        return list(self._reports)  # its keys are the claims, in declaration order

    def _record(self, id: str) -> Any:
        """The record of a declared node (no checks: the caller has made them)."""
        return self._nodes[id]["record"]

    @property
    def sources(self) -> list[Source]:
        """Every source record, in declaration order."""
        return [d["record"] for d in self._nodes.values() if d["kind"] == "source"]

    @property
    def claims(self) -> list[Claim]:
        """Every claim record, in declaration order."""
        return [d["record"] for d in self._nodes.values() if d["kind"] == "claim"]

    def reports(self, claim: str | None = None) -> list[Report]:
        """The reports on `claim`, or every report, implicit ones included."""
        if claim is not None:
            self._require(claim, "claim")
            return self._claim_reports(claim)
        return [r for by_source in self._reports.values() for r in by_source.values()]

    def contradictions(self) -> list[tuple[str, str]]:
        """Every pair of contradicting claims, once each, in claim declaration order."""
        pairs: dict[frozenset[str], tuple[str, str]] = {}
        for claim in self._claim_ids():
            for other in self._contradicting(claim):
                pairs.setdefault(frozenset((claim, other)), (claim, other))
        return list(pairs.values())

    def contradicting(self, claim: str) -> list[str]:
        """The claims recorded as contradicting `claim`."""
        self._require(claim, "claim")
        return self._contradicting(claim)

    def _contradicting(self, claim: str) -> list[str]:
        # A claim's only out-edges are contradictions.
        return [v for v, keys in self._succ[claim].items() if CONTRADICTS in keys]

    def __contains__(self, id: object) -> bool:
        return id in self._graph

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProvenanceGraph):
            return NotImplemented
        return _content(self) == _content(other)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        n_claims = self._graph.number_of_nodes() - self._n_sources
        return (
            f"<ProvenanceGraph: {self._n_sources} sources, {n_claims} claims, "
            f"{sum(map(len, self._reports.values()))} reports>"
        )

    # ------------------------------------------------------------------ networkx

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        """A copy of the underlying graph, for any networkx algorithm.

        Each ``reports`` edge carries its :class:`~provenance.model.Report` as the
        ``report`` attribute.

        Examples
        --------
        >>> import provenance as pv, networkx as nx
        >>> g = pv.ProvenanceGraph()
        >>> _ = g.add_source("a"); _ = g.add_source("b"); _ = g.add_claim("c")
        >>> _ = g.add_report("b", "c", via=["a"])
        >>> G = g.to_networkx()
        >>> sorted(G.edges(keys=True, data="relation"))
        [('a', 'b', 'c', 'via'), ('a', 'c', 'c', 'reports'), ('b', 'c', 'c', 'reports')]
        >>> pv.ProvenanceGraph.from_networkx(G) == g
        True
        """
        copy = self._graph.copy()
        edges: Any = copy.adj
        for claim, by_source in self._reports.items():
            for source, report in by_source.items():
                edges[source][claim][claim]["report"] = report
        if self.title is not None:
            copy.graph["title"] = self.title
        return copy

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph[str]) -> ProvenanceGraph:
        """Rebuild a provenance graph from a graph shaped like :meth:`to_networkx`'s.

        Every record is checked again; the input is not modified. Implicit reports are
        re-derived from the vias rather than read.

        Raises
        ------
        ValidationError
            A node or edge is not shaped as described in this module's docstring.
        """
        if not isinstance(graph, nx.MultiDiGraph):
            raise ValidationError(
                f"from_networkx needs a networkx.MultiDiGraph, got {type(graph).__name__}"
            )
        result = cls(title=graph.graph.get("title"))
        for node, data in graph.nodes(data=True):
            record, kind = data.get("record"), data.get("kind")
            if (
                not (
                    (kind == "source" and isinstance(record, Source))
                    or (kind == "claim" and isinstance(record, Claim))
                )
                or record.id != node
            ):
                raise ValidationError(
                    f"node {node!r} needs kind 'source' or 'claim' and the matching record"
                )
            result._declare(record)
        reports, pairs = [], []
        for u, v, key, data in graph.edges(keys=True, data=True):
            relation = data.get("relation")
            if relation == "reports":
                report = data.get("report")
                if not isinstance(report, Report) or (report.source, report.claim, key) != (
                    u,
                    v,
                    v,
                ):
                    raise ValidationError(f"reports edge {u!r} → {v!r} needs its Report record")
                if not report.implicit:
                    reports.append(report)
            elif relation == CONTRADICTS:
                pairs.append((u, v))
            elif relation != "via":  # vias are re-derived from the reports
                raise ValidationError(f"edge {u!r} → {v!r} has unknown relation {relation!r}")
        result._insert(reports, located=False)
        for u, v in pairs:
            result.add_contradiction(u, v)
        return result

    # ------------------------------------------------------------------ facades

    def corroboration(self, claim: str) -> Corroboration:
        """How well `claim` is supported; see :func:`provenance.scoring.corroboration`."""
        from provenance import scoring

        return scoring.corroboration(self, claim)

    def assess(self) -> dict[str, Corroboration]:
        """Every claim's corroboration; see :func:`provenance.scoring.assess`."""
        from provenance import scoring

        return scoring.assess(self)

    def flagged(self, *flags: Flag | str) -> list[Corroboration]:
        """Claims raising any of `flags`; see :func:`provenance.scoring.flagged`."""
        from provenance import scoring

        return scoring.flagged(self, *flags)

    def to_html(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        claims: Iterable[str] | None = None,
        title: str | None = None,
    ) -> str:
        """A self-contained interactive HTML page; see :func:`provenance.render.render_html`."""
        from provenance import render

        return render.render_html(self, path, claims=claims, title=title)

    def to_dict(self) -> dict[str, Any]:
        """The graph as story data; see :func:`provenance.story.to_dict`."""
        from provenance import story

        return story.to_dict(self)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the graph to `path` in the format its name says; see :func:`provenance.io.save`."""
        from provenance import io

        return io.save(self, path)

    def to_prov(self) -> dict[str, Any]:
        """The graph as a W3C PROV-JSON document; see :func:`provenance.w3c.to_prov`."""
        from provenance import w3c

        return w3c.to_prov(self)

    def _repr_html_(self) -> str:
        """Jupyter shows the graph inline, in a sandboxed frame that reaches no network."""
        from provenance import render

        return render.notebook_html(self)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many records are added.

    The records and edge dicts of a graph form no reference cycles, yet every full
    collection Python starts while a corpus grows walks every object the process holds:
    at a million reports that was a third of the build. Paused, the new objects are
    walked once at the end, by the collection Python would have started next: a full
    one when they are over a quarter of what the process held before (CPython's own
    rule, with every small allocation counted as an object), else one of the young
    generations. A caller that disabled the collector keeps it disabled.
    """
    if not gc.isenabled():
        yield
        return
    held = sys.getallocatedblocks()
    gc.disable()
    try:
        yield
    finally:
        # Read before enabling: the next allocation after would start a collection.
        young, middle, _ = gc.get_threshold()
        allocated = gc.get_count()[0]
        gc.enable()
        if allocated > held / 4:
            gc.collect()
        elif allocated > young * max(middle, 1):
            gc.collect(1)


def _located(error: ProvenanceError, row: int, *, in_message: bool = True) -> ProvenanceError:
    """Say which row of a bulk insert `error` is about: as ``row``, and in its message."""
    error.row = row
    if in_message:
        error.args = (f"rows[{row}]: {error}", *error.args[1:])
    return error


def _content(graph: ProvenanceGraph) -> tuple[Any, ...]:
    return (
        {r.id: r for r in graph.sources},
        {r.id: r for r in graph.claims},
        set(graph.reports()),
        {frozenset(pair) for pair in graph.contradictions()},
    )
