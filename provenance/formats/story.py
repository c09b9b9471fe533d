"""Story data: the project's own format, in YAML for hand-writing and JSON for machines.

One model, version 2::

    version: 2
    title: Ukrainians capture first North Korean POW      # optional
    sources:
      - {id: sso, name: Special Operations Forces, kind: military, reliability: C}
      - {id: warshal, kind: telegram}
    groups:                                               # optional; or `group:` per source
      ukraine-gov: [sso, zelenskyy]
    claims:
      - {id: capture, text: Ukrainian special forces captured a North Korean soldier}
      - {id: t10, text: "10,000 troops", question: troop-count}
    reports:
      - {source: sso, claim: capture, firsthand: true, observed: false}
      - {source: article, claim: capture, via: [militarnyi], hedge: reportedly,
         published: 2024-12-26, url: "https://…", quote: "…", observed: true}
      - {source: blog, claim: capture, retracted: 2024-12-28}    # unsourced, retracted
      - {claim: capture, chain: [sso, warshal, militarnyi, article], hedge: reportedly}
    contradictions:
      - [troops-10k, troops-12k]

A report is first-hand only when it says so (``firsthand: true``); one with neither a
``via`` nor ``firsthand`` is unsourced. ``hedge`` takes a level or hedging words, kept
as written (``hedge: appeared to``); words outside the vocabulary go in ``hedge_text``
beside a level. A ``chain`` entry is :meth:`~provenance.store.Store.add_chain`: the
first source first-hand (hedged as ``origin_hedge``), each next via the one before, the
last observed. The JSON Schema of the format ships as
``provenance/schema/story.schema.json``.

Version 1 files still load, as they were meant: there a report with no ``via`` was
first-hand unless it said ``firsthand: false``.

Readers fill an empty :class:`~provenance.store.Store` through its public API; the text
of YAML and JSON files is :mod:`provenance.formats.syntax`'s, and files are read and
written through the registry in :mod:`provenance.formats`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from provenance._bulk import bulk
from provenance.errors import FormatError, ValidationError, did_you_mean, located
from provenance.formats.streams import Stream, materialize
from provenance.model import Claim, Hedge, Report, Source, SuspectedCopy
from provenance.records import claim_ids, reports_by_source
from provenance.store import Store

__all__ = ["FORMAT_VERSION", "read_dict", "story_document", "suspected_data", "to_dict"]

FORMAT_VERSION = 2
_READS = (1, 2)
_TOP_LEVEL = (
    "version",
    "title",
    "counts",
    "sources",
    "groups",
    "claims",
    "reports",
    "contradictions",
    "suspected",
)
_CHAIN_FIELDS = ("claim", "chain", "hedge", "origin_hedge", "published", "url", "quote")


# ---------------------------------------------------------------------- dict


def to_dict(graph: Store) -> dict[str, Any]:
    """The graph as plain data in the story format (JSON- and YAML-ready).

    Implicit reports are left out: loading re-creates them from the vias. Fields at their
    default are left out too. ``counts`` says how many entries each list holds, so that
    a file cut short is known for what it is.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("sso", group="ukraine-gov"); _ = g.add_source("article")
    >>> _ = g.add_claim("capture", "A soldier was captured")
    >>> _ = g.add_report("article", "capture", via=["sso"], hedge="reportedly")
    >>> pv.to_dict(g)  # doctest: +NORMALIZE_WHITESPACE
    {'version': 2,
     'counts': {'sources': 2, 'claims': 1, 'reports': 1},
     'sources': [{'id': 'sso', 'group': 'ukraine-gov'}, {'id': 'article'}],
     'claims': [{'id': 'capture', 'text': 'A soldier was captured'}],
     'reports': [{'source': 'article', 'claim': 'capture', 'via': ['sso'],
                  'hedge': 'reportedly'}]}
    >>> pv.from_dict(pv.to_dict(g)) == g
    True
    """
    return materialize(story_document(graph))


def story_document(graph: Store) -> dict[str, Any]:
    """The plain data of :func:`to_dict`, its lists as streams made from the graph as
    they are written (see :mod:`~provenance.formats.streams`)."""
    data: dict[str, Any] = {"version": FORMAT_VERSION}
    if graph.title is not None:
        data["title"] = graph.title
    lists: dict[str, tuple[int, Stream]] = {
        "sources": (
            len(graph.sources),
            Stream(lambda: (_source_data(s) for s in graph.sources)),
        ),
        "claims": (len(graph.claims), Stream(lambda: (_claim_data(c) for c in graph.claims))),
        "reports": (
            sum(1 for _ in _written_reports(graph)),
            Stream(lambda: (_report_data(r) for r in _written_reports(graph))),
        ),
        "contradictions": (
            len(graph.contradictions()),
            Stream(lambda: (list(pair) for pair in graph.contradictions())),
        ),
        "suspected": (
            len(graph.suspected()),
            Stream(lambda: (suspected_data(copy) for copy in graph.suspected())),
        ),
    }
    # Near the top, where a file cut short keeps it: what the file must hold.
    data["counts"] = {name: n for name, (n, _) in lists.items() if n}
    data |= {
        name: entries
        for name, (n, entries) in lists.items()
        if n or name in ("sources", "claims", "reports")
    }
    return data


def _written_reports(graph: Store) -> Iterator[Report]:
    """The reports a file must hold: all but the implicit ones a via re-creates."""
    for claim in claim_ids(graph):
        by_source = reports_by_source(graph, claim)
        cited = {u for r in by_source.values() for u in r.via}
        yield from (r for s, r in by_source.items() if not r.implicit or s not in cited)


def suspected_data(copy: SuspectedCopy) -> dict[str, Any]:
    """A suspected copy as plain data (the story format's ``suspected:`` entries)."""
    data: dict[str, Any] = {
        "copier": copy.copier,
        "original": copy.original,
        "claims": list(copy.claims),
        "probability": copy.probability,
    }
    if copy.evidence:
        data["evidence"] = list(copy.evidence)
    return data


def _source_data(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {"id": source.id}
    if source.name != source.id:
        data["name"] = source.name
    if source.kind:
        data["kind"] = source.kind
    if source.reliability is not None:
        data["reliability"] = source.reliability.value
    for name in ("group", "url"):
        if getattr(source, name) is not None:
            data[name] = getattr(source, name)
    return data


def _claim_data(claim: Claim) -> dict[str, Any]:
    data: dict[str, Any] = {"id": claim.id}
    if claim.text != claim.id:
        data["text"] = claim.text
    if claim.question is not None:
        data["question"] = claim.question
    return data


def _report_data(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {"source": report.source, "claim": report.claim}
    if report.via:
        data["via"] = list(report.via)
    words = report.hedge_text
    if words is not None and _level_of(words) is report.hedge:
        data["hedge"] = words  # as written: reads back as the same level and words
    elif words is not None:
        data["hedge"], data["hedge_text"] = report.hedge.value, words
    elif report.hedge is not Hedge.ASSERTED:
        data["hedge"] = report.hedge.value
    if report.published is not None:
        data["published"] = report.published.isoformat()
    for name in ("url", "quote", "text"):
        if getattr(report, name) is not None:
            data[name] = getattr(report, name)
    if report.firsthand:
        data["firsthand"] = True
    if not report.observed:
        data["observed"] = False
    if report.implicit:  # only those no via re-creates are written
        data["implicit"] = True
    if report.retracted is not None:
        data["retracted"] = report.retracted.isoformat()
    return data


def _level_of(words: str) -> Hedge | None:
    try:
        return Hedge.parse(words)
    except ValidationError:
        return None


def read_dict(
    data: Any, into: Store, *, file: str = "", lines: Mapping[str, int] | None = None
) -> None:
    """Fill the empty store `into` from story data (as :func:`to_dict` makes, or a
    parsed file).

    Raises
    ------
    FormatError
        Anything wrong, with the place (``reports[3].via[0]``) in the message.
    """
    _StoryReader(file, lines or {}).read(data, into)


class _StoryReader:
    """Turns story data into a graph, naming the place (and line) of anything wrong."""

    def __init__(self, file: str, lines: Mapping[str, int]) -> None:
        self.file = file
        self.lines = lines  # place -> line, for YAML
        self.version: object = FORMAT_VERSION

    def line_of(self, place: str) -> int | None:
        """The line of `place`, or of the nearest place around it."""
        line, up = None, place
        while line is None and up:
            line = self.lines.get(up)
            index = up.rfind("[") if up.endswith("]") else -1  # a key may end in "]"
            up = up[:index] if index >= 0 else up.rpartition(".")[0]
        return line or self.lines.get("")

    def fail(self, place: str, message: str) -> FormatError:
        return FormatError(message, file=self.file, place=place, line=self.line_of(place))

    def expect(self, value: Any, kind: type, place: str, what: str) -> Any:
        if not isinstance(value, kind):
            raise self.fail(place, f"expected {what}, got {_describe(value)}")
        return value

    def apply(self, place: str, action: Callable[..., Any], *args: Any) -> None:
        with located(self.file, line=self.line_of(place), place=place):
            action(*args)

    def read(self, data: Any, into: Store) -> None:
        with bulk():  # a story may hold a whole corpus
            self._read(data, into)

    def _read(self, data: Any, graph: Store) -> None:
        if data is None:  # a YAML file of comments only: no document in it
            raise self.fail("", "the file holds no story (only comments or '---')")
        top = self.expect(data, dict, "", "a mapping with version, sources, claims and reports")
        for key in top:
            if key not in _TOP_LEVEL:
                raise self.fail(
                    str(key),
                    f"unknown key {key!r}{did_you_mean(key, _TOP_LEVEL)}; "
                    f"expected some of {list(_TOP_LEVEL)}",
                )
        version = top.get("version")
        if version not in _READS or isinstance(version, bool):
            said = "is missing" if version is None else f"{version!r} is not supported"
            raise self.fail(
                "version",
                f"format version {said}; this library reads versions {', '.join(map(str, _READS))}",
            )
        self.version = version
        self.counts(top)
        title = top.get("title")
        if title is not None:
            graph.title = self.expect(title, str, "title", "a string")
        group_of = self.groups(top.get("groups", {}))
        for i, entry in enumerate(self.expect(top.get("sources", []), list, "sources", "a list")):
            place = f"sources[{i}]"
            fields = dict(self.expect(entry, dict, place, "a mapping with an id"))
            if isinstance(fields.get("id"), str) and fields["id"] in group_of:
                group = group_of[fields["id"]]
                if fields.setdefault("group", group) != group:
                    raise self.fail(
                        f"{place}.group",
                        f"group {fields['group']!r} disagrees with groups: {group!r}",
                    )
            self.new_id(graph, fields.get("id"), place)
            self.apply(place, _add, graph, Source.from_dict, fields)
        for i, entry in enumerate(self.expect(top.get("claims", []), list, "claims", "a list")):
            place = f"claims[{i}]"
            fields = self.expect(entry, dict, place, "a mapping with an id and a text")
            self.new_id(graph, fields.get("id"), place)
            self.apply(place, _add, graph, Claim.from_dict, fields)
        for member, group in group_of.items():
            if member not in graph:
                raise self.fail(f"groups.{group}", f"unknown source {member!r} in group {group!r}")
        for i, entry in enumerate(self.expect(top.get("reports", []), list, "reports", "a list")):
            place = f"reports[{i}]"
            fields = self.expect(
                entry, dict, place, "a mapping with a source (or chain) and a claim"
            )
            self.report(graph, place, fields)
        pairs = self.expect(top.get("contradictions", []), list, "contradictions", "a list")
        for i, pair in enumerate(pairs):
            place = f"contradictions[{i}]"
            if not isinstance(pair, list) or len(pair) != 2:
                raise self.fail(place, f"expected a pair of claim ids, got {_describe(pair)}")
            self.apply(place, graph.add_contradiction, *pair)
        copies = self.expect(top.get("suspected", []), list, "suspected", "a list")
        for i, entry in enumerate(copies):
            place = f"suspected[{i}]"
            self.apply(place, graph.add_suspected, self.expect(entry, dict, place, "a mapping"))

    def counts(self, top: dict[Any, Any]) -> None:
        """A saved story says how many entries it holds: fewer means it was cut short."""
        counts = self.expect(top.get("counts", {}), dict, "counts", "a mapping")
        for name, count in counts.items():
            if name not in _TOP_LEVEL or name in ("version", "title", "counts", "groups"):
                raise self.fail(f"counts.{name}", f"unknown count {name!r}")
            entries = top.get(name, [])
            if not isinstance(count, int) or isinstance(count, bool):
                raise self.fail(f"counts.{name}", f"expected a number, got {_describe(count)}")
            if not isinstance(entries, list) or len(entries) != count:
                held = len(entries) if isinstance(entries, list) else 0
                raise self.fail(
                    f"counts.{name}",
                    f"the file holds {held} {name} where its counts say {count}: "
                    f"cut short, or edited without its counts",
                )

    def groups(self, data: Any) -> dict[str, str]:
        """``{source id: group}`` from the ``groups:`` section."""
        group_of: dict[str, str] = {}
        sections = self.expect(data, dict, "groups", "a mapping of group: [source ids]")
        for group, members in sections.items():
            place = f"groups.{group}"
            for j, member in enumerate(self.expect(members, list, place, "a list of source ids")):
                self.expect(member, str, f"{place}[{j}]", "a source id")
                if group_of.setdefault(member, str(group)) != group:
                    raise self.fail(f"{place}[{j}]", f"source {member!r} is in two groups")
        return group_of

    def report(self, graph: Store, place: str, fields: dict[str, Any]) -> None:
        chain = fields.get("chain")
        self.known(graph, fields.get("claim"), "claim", f"{place}.claim")
        if chain is not None:
            for key in fields:
                if key not in _CHAIN_FIELDS:
                    raise self.fail(
                        f"{place}.{key}",
                        f"unknown chain field {key!r}; expected some of {list(_CHAIN_FIELDS)}",
                    )
            for j, source in enumerate(
                self.expect(chain, list, f"{place}.chain", "a list of source ids")
            ):
                self.known(graph, source, "source", f"{place}.chain[{j}]")
            options = {k: v for k, v in fields.items() if k not in ("claim", "chain")}
            self.apply(place, lambda: graph.add_chain(fields["claim"], chain, **options))
            return
        self.known(graph, fields.get("source"), "source", f"{place}.source")
        via = fields.get("via", [])
        if not isinstance(via, list | str | None):  # a mapping's keys are no list of sources
            raise self.fail(f"{place}.via", f"expected a list of source ids, got {_describe(via)}")
        for j, upstream in enumerate(via if isinstance(via, list) else []):
            self.known(graph, upstream, "source", f"{place}.via[{j}]")
        if self.version == 1 and "firsthand" not in fields:  # version 1's default
            fields = {**fields, "firsthand": not via}
        self.apply(place, lambda: graph.add(Report.from_dict(fields)))

    def known(self, graph: Store, value: Any, kind: str, place: str) -> None:
        """Check an id where it stands, so the error names that exact place."""
        if value is None:
            raise self.fail(place, f"missing {kind} id")
        self.apply(place, graph.source if kind == "source" else graph.claim, value)

    def new_id(self, graph: Store, value: Any, place: str) -> None:
        if isinstance(value, str) and value in graph:
            raise self.fail(f"{place}.id", f"duplicate id {value!r}")


def _add(graph: Store, build: Callable[[Any], Source | Claim], fields: Any) -> None:
    graph.add(build(fields))


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    return repr(value)
