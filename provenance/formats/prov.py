"""W3C PROV-JSON: export a provenance graph, and import what was exported.

The mapping:

- each source is a ``prov:Agent`` (``src:ID``, ``prov:type`` ``pv:Source``);
- each claim is a ``prov:Entity`` (``clm:ID``, ``prov:type`` ``pv:Claim``, its text as
  ``prov:label``); contradictions are a ``pv:contradicts`` attribute;
- each report is a ``prov:Entity`` (``rpt:SOURCE/CLAIM``, ``prov:type`` ``pv:Report``)
  with its hedge, dates, link and quote (``prov:value``), ``wasAttributedTo`` its source;
- a first-hand report is the claim's primary source (``hadPrimarySource``: a
  ``wasDerivedFrom`` of type ``prov:PrimarySource``);
- a via is a quotation (``wasQuotedFrom``: a ``wasDerivedFrom`` of type
  ``prov:Quotation``) of the upstream source's report by the downstream one, its place
  among the report's vias as ``pv:position`` (RDF keeps no order of records).

Ids are percent-encoded into the local part of qualified names, so any id survives;
everything is named in one namespace, ``urn:provenance-graph:``, by which the reader
knows its own documents whatever prefixes another serialisation gave them
(:mod:`~provenance.formats.prov_names`).
The output validates against the W3C PROV-JSON schema and loads in the ``prov``
package's ``ProvDocument``. A file named ``.json`` is PROV-JSON when every key at its
top level is one of PROV's (:func:`detect`); what ``prov`` refuses as malformed is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from provenance.errors import FormatError, did_you_mean, located
from provenance.formats import prov_names
from provenance.formats.detect import Head, top_keys
from provenance.formats.prov_foreign import read_foreign_prov, say_left_out
from provenance.formats.prov_names import NAMESPACE, PREFIXES, local_id, report_ids
from provenance.formats.streams import Stream, materialize
from provenance.model import Claim, Report, Source, SuspectedCopy
from provenance.store import Store, add_implicit

__all__ = ["KEYS", "NAMESPACE", "detect", "prov_document", "read_prov", "to_prov"]

RECORD_TYPES = (
    *("entity", "activity", "agent", "wasGeneratedBy", "used", "wasInformedBy", "wasStartedBy"),
    *("wasEndedBy", "wasInvalidatedBy", "wasDerivedFrom", "wasAttributedTo", "wasAssociatedWith"),
    *("actedOnBehalfOf", "wasInfluencedBy", "alternateOf", "specializationOf", "mentionOf"),
    "hadMember",
)
KEYS = frozenset({"prefix", "bundle", *RECORD_TYPES})
"""The keys of a PROV-JSON document's top level."""


def detect(head: Head) -> bool:
    """Whether a file's first bytes start a PROV-JSON document: an object whose keys are
    all PROV's (a story's are ``version``, ``sources`` …: none of them is).

    Examples
    --------
    >>> detect(Head('{"prefix": {}, "entity": {}}')), detect(Head('{"version": 2}'))
    (True, False)
    """
    keys = set(top_keys(head))
    return bool(keys) and keys <= KEYS


def refuse_mixed(path: str, head: Head) -> None:
    """Refuse a ``.json`` file no format's detection took whose top level still holds PROV
    keys (beside others): whether it is a story or PROV-JSON cannot be told.

    Raises
    ------
    FormatError
        Naming the keys, and how to name the file.
    """
    keys = set(top_keys(head))
    if str(path).lower().endswith(".json") and keys & KEYS:
        raise FormatError(
            f"cannot tell whether {path!r} is a story or W3C PROV-JSON (it holds the PROV "
            f"key(s) {sorted(keys & KEYS)} beside {sorted(keys - KEYS)}); name a PROV "
            f"document '.prov.json', or say format='prov' (--from prov)"
        )


def _qname(value: str) -> dict[str, str]:
    return {"$": value, "type": "prov:QUALIFIED_NAME"}


def _local(id: str) -> str:
    """`id` as the local part of a qualified name, percent-encoded: an RDF reader must find
    where a name may start in it (not at '~', nor in one of only '-' and '.')."""
    local = quote(id, safe="").replace("~", "%7E")
    return local if local.strip("-.") else "".join(f"%{ord(c):02X}" for c in local)


def _report_name(source: str, claim: str) -> str:
    return f"rpt:{_local(source)}/{_local(claim)}"


def to_prov(graph: Store) -> dict[str, Any]:
    """The graph as a W3C PROV-JSON document (a dict ready for :func:`json.dumps`).

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("warshal"); _ = g.add_source("militarnyi"); _ = g.add_claim("capture")
    >>> _ = g.add_report("militarnyi", "capture", via=["warshal"])
    >>> doc = g.to_prov()
    >>> sorted(doc["agent"])
    ['src:militarnyi', 'src:warshal']
    >>> sorted(doc["entity"])
    ['clm:capture', 'rpt:militarnyi/capture', 'rpt:warshal/capture']
    >>> sorted(d["prov:type"]["$"] for d in doc["wasDerivedFrom"].values())
    ['prov:PrimarySource', 'prov:Quotation']
    >>> pv.from_prov(doc) == g
    True
    """
    return materialize(prov_document(graph))


def prov_document(graph: Store) -> dict[str, Any]:
    """The PROV-JSON document of :func:`to_prov`, its sections as streams made from the
    graph as they are written (see :mod:`~provenance.formats.streams`)."""
    document: dict[str, Any] = {
        "prefix": dict(PREFIXES),
        "agent": Stream(lambda: _agents(graph), pairs=True),
        "entity": Stream(lambda: _entities(graph), pairs=True),
    }
    if graph.reports():
        document["wasAttributedTo"] = Stream(lambda: _attributions(graph), pairs=True)
    if any(r.via or r.firsthand for r in graph.reports()) or graph.suspected():
        document["wasDerivedFrom"] = Stream(lambda: _derivations(graph), pairs=True)
    return document


def _agents(graph: Store) -> Iterator[tuple[str, dict[str, Any]]]:
    for s in graph.sources:
        attributes: dict[str, Any] = {"prov:type": _qname("pv:Source"), "prov:label": s.name}
        if s.kind:
            attributes["pv:kind"] = s.kind
        if s.reliability is not None:
            attributes["pv:reliability"] = s.reliability.value
        if s.group is not None:
            attributes["pv:group"] = s.group
        if s.url is not None:
            attributes["pv:url"] = {"$": s.url, "type": "xsd:anyURI"}
        yield f"src:{_local(s.id)}", attributes


def _entities(graph: Store) -> Iterator[tuple[str, dict[str, Any]]]:
    recorded: dict[str, list[str]] = {}  # the contradictions listed, not a question's
    for a, b in graph.contradictions():
        recorded.setdefault(a, []).append(b)
        recorded.setdefault(b, []).append(a)
    for c in graph.claims:
        attributes: dict[str, Any] = {"prov:type": _qname("pv:Claim"), "prov:label": c.text}
        if c.question is not None:
            attributes["pv:question"] = c.question
        rivals = recorded.get(c.id)
        if rivals:
            attributes["pv:contradicts"] = [_qname(f"clm:{_local(r)}") for r in rivals]
        yield f"clm:{_local(c.id)}", attributes
    for r in graph.reports():
        attributes = {
            "prov:type": _qname("pv:Report"),
            "pv:claim": _qname(f"clm:{_local(r.claim)}"),
            "pv:hedge": r.hedge.value,
            "pv:observed": r.observed,
            "pv:firsthand": r.firsthand,
        }
        if r.implicit:
            attributes["pv:implicit"] = True
        if r.hedge_text is not None:
            attributes["pv:hedge_text"] = r.hedge_text
        if r.retracted is not None:
            kind = "xsd:dateTime" if isinstance(r.retracted, dt.datetime) else "xsd:date"
            attributes["pv:retracted"] = {"$": r.retracted.isoformat(), "type": kind}
        if r.published is not None:
            kind = "xsd:dateTime" if isinstance(r.published, dt.datetime) else "xsd:date"
            attributes["pv:published"] = {"$": r.published.isoformat(), "type": kind}
        if r.url is not None:
            attributes["pv:url"] = {"$": r.url, "type": "xsd:anyURI"}
        if r.quote is not None:
            attributes["prov:value"] = r.quote
        if r.text is not None:
            attributes["pv:text"] = r.text
        yield _report_name(r.source, r.claim), attributes


def _attributions(graph: Store) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, r in enumerate(graph.reports(), 1):
        yield (
            f"_:wat{i}",
            {
                "prov:entity": _report_name(r.source, r.claim),
                "prov:agent": f"src:{_local(r.source)}",
            },
        )


def _derivations(graph: Store) -> Iterator[tuple[str, dict[str, Any]]]:
    names = (f"_:wdf{i}" for i in itertools.count(1))
    for r in graph.reports():
        name = _report_name(r.source, r.claim)
        for position, upstream in enumerate(r.via, 1):  # RDF keeps no order of records
            yield (
                next(names),
                {
                    "prov:generatedEntity": name,
                    "prov:usedEntity": _report_name(upstream, r.claim),
                    "prov:type": _qname("prov:Quotation"),
                    "pv:position": position,
                },
            )
        if r.firsthand:
            yield (
                next(names),
                {
                    "prov:generatedEntity": f"clm:{_local(r.claim)}",
                    "prov:usedEntity": name,
                    "prov:type": _qname("prov:PrimarySource"),
                },
            )
    for copy in graph.suspected():  # a derivation of its own kind: never a quotation
        for position, claim in enumerate(copy.claims, 1):
            yield (
                next(names),
                {
                    "prov:generatedEntity": _report_name(copy.copier, claim),
                    "prov:usedEntity": _report_name(copy.original, claim),
                    "prov:type": _qname("pv:SuspectedCopy"),
                    "pv:claims": [_qname(f"clm:{_local(c)}") for c in copy.claims],
                    "pv:probability": copy.probability,
                    "pv:evidence": list(copy.evidence),
                    "pv:position": position,  # of the claim in pv:claims
                },
            )


def read_prov(document: Any, into: Store, *, file: str = "") -> None:
    """Fill the empty store `into` from a PROV-JSON document.

    A document made by :func:`to_prov` (its sources, claims or reports are of this
    library's types, in its namespace) is read back exactly, however another
    serialisation respelled its names (PROV-XML, PROV-N, RDF, through the ``prov``
    package); what one could not carry is said in a note. Any other is read by the
    general mapping of :mod:`~provenance.formats.prov_foreign`: agents as sources,
    attributed entities as reports, derivations as vias. Either way, records this
    library does not model (activities, other relations, entities of other types) are
    left out and named in one note on the graph (:attr:`~provenance.store.Store.notes`, and a
    :class:`~provenance.errors.ProvenanceWarning`): never dropped silently.

    Raises
    ------
    FormatError
        The document is not shaped as :func:`to_prov` writes; the message names the record.

    Warns
    -----
    ProvenanceWarning
        Records were left out; the message names them.
    """
    _check_shape(document, file)
    if not prov_names.ours(document):
        read_foreign_prov(document, into, file=file)  # an empty graph: a note says why
        return
    rewritten = prov_names.rewritten(document)
    document = prov_names.canonical(document)  # however another serialisation spelled it
    _ProvReader(file).read(document, into)
    unordered = prov_names.unordered(into) if rewritten else ""
    say_left_out(into, _unmapped(document), file, unordered)


def _check_shape(document: Any, file: str, bundle: str = "") -> None:
    """Refuse what the ``prov`` package refuses as malformed, naming the place: no object
    at the top, a key that is no record type, a section, record or prefix map that is no
    object, a typed value without its ``$``."""

    def fail(place: str, message: str) -> FormatError:
        where = " ".join(part for part in (f"bundle {bundle!r}" if bundle else "", place) if part)
        return FormatError(f"not PROV-JSON: {message}", file=file, place=where)

    if not isinstance(document, dict):
        raise fail("", f"expected an object of PROV records, got {type(document).__name__}")
    for kind, section in document.items():
        if kind not in KEYS or (bundle and kind == "bundle"):
            raise fail(
                str(kind),
                f"{kind!r} is no PROV record type{did_you_mean(str(kind), sorted(KEYS))}; "
                f"expected prefix, bundle or one of {', '.join(RECORD_TYPES)}",
            )
        if not isinstance(section, dict):
            raise fail(kind, f"expected an object, got {type(section).__name__}")
        for name, body in section.items():
            if kind == "bundle":
                _check_shape(body, file, name)
            for record in body if isinstance(body, list) and kind != "prefix" else [body]:
                if kind not in ("bundle", "prefix") and not isinstance(record, dict):
                    raise fail(f"{kind} {name!r}", f"expected attributes, got {record!r}")
                for key, value in record.items() if kind not in ("bundle", "prefix") else ():
                    for one in value if isinstance(value, list) else [value]:
                        if isinstance(one, dict) and "$" not in one:
                            raise fail(f"{kind} {name!r}", f"{key}: a typed value lacks '$'")


_READ_RELATIONS = {"wasAttributedTo"}  # implied by each report's id: read through it
_READ_DERIVATIONS = {"prov:Quotation", "pv:SuspectedCopy", "prov:PrimarySource"}
_READ_ENTITIES = {"pv:Claim", "pv:Report"}


def _unmapped(document: dict[str, Any]) -> list[str]:
    """The records of a document the reader does not turn into anything."""
    found = []
    for kind, records in document.items():
        if kind in ("prefix", "agent", "entity", "wasDerivedFrom", *_READ_RELATIONS):
            continue
        names = list(records) if isinstance(records, dict) else [""]
        found += [f"{kind} {name!r}" if name else kind for name in names]
    for section, read in (("entity", _READ_ENTITIES), ("wasDerivedFrom", _READ_DERIVATIONS)):
        for name, record in document.get(section, {}).items():
            typed = record.get("prov:type", {}).get("$") if isinstance(record, dict) else None
            if not isinstance(typed, str) or typed not in read:
                found.append(f"{section} {name!r} (prov:type {typed!r})")
    return found


class _ProvReader:
    def __init__(self, file: str) -> None:
        self.file = file

    def at(self, place: str) -> contextlib.AbstractContextManager[None]:
        """Read one record: an error names `place`."""
        return located(
            self.file,
            place=place,
            lower=(KeyError, TypeError, AttributeError, ValueError),
            what="not a PROV-JSON document made by provenance-graph",
        )

    def read(self, document: dict[str, Any], graph: Store) -> None:
        with self.at(""):
            self._read(document, graph)

    def _read(self, document: dict[str, Any], graph: Store) -> None:
        prefixes = document.get("prefix", {})
        if any(prefixes.get(k) != v for k, v in PREFIXES.items()):
            raise FormatError(f"expected the prefixes {PREFIXES}", file=self.file, place="prefix")
        for name, attributes in document.get("agent", {}).items():
            with self.at(f"agent {name!r}"):
                fields: dict[str, Any] = {
                    "id": local_id(name, "src:"),
                    "name": attributes["prov:label"],
                }
                for key in ("kind", "reliability", "group"):
                    if f"pv:{key}" in attributes:
                        fields[key] = attributes[f"pv:{key}"]
                if "pv:url" in attributes:
                    fields["url"] = attributes["pv:url"]["$"]
                graph.add(Source.from_dict(fields))
        entities = document.get("entity", {})
        quoted = prov_names.quotations(document)
        reports = []
        contradictions = []
        for name, attributes in entities.items():
            with self.at(f"entity {name!r}"):
                kind = attributes["prov:type"]["$"]
                if kind == "pv:Claim":
                    graph.add(
                        Claim(
                            local_id(name, "clm:"),
                            attributes["prov:label"],
                            question=attributes.get("pv:question"),
                        )
                    )
                    for rival in attributes.get("pv:contradicts", []):
                        contradictions.append(
                            (local_id(name, "clm:"), local_id(rival["$"], "clm:"))
                        )
                elif kind == "pv:Report":
                    reports.append(_report(name, attributes, quoted))
        with self.at("reports"):
            graph.add_reports(r for r in reports if not r.implicit)
            add_implicit(graph, (r for r in reports if r.implicit))  # those no via made again
            for a, b in contradictions:
                graph.add_contradiction(a, b)
        copies = []
        for name, relation in document.get("wasDerivedFrom", {}).items():
            if relation.get("prov:type", {}).get("$") != "pv:SuspectedCopy":
                continue
            with self.at(f"wasDerivedFrom {name!r}"):
                copier, claim = report_ids(relation["prov:generatedEntity"])
                record = SuspectedCopy(
                    copier,
                    report_ids(relation["prov:usedEntity"])[0],
                    [local_id(c["$"], "clm:") for c in relation["pv:claims"]],
                    relation["pv:probability"],
                    relation.get("pv:evidence", []),  # prov leaves an empty list out
                )
                copies.append((record, claim, prov_names.position(relation)))
        for record in prov_names.suspected_copies(copies):
            with self.at(f"suspected copying of {record.original!r} by {record.copier!r}"):
                graph.add_suspected(record)


def _report(name: str, attributes: dict[str, Any], quoted: dict[str, list[str]]) -> Report:
    source, claim = report_ids(name)
    fields = {
        "source": source,
        "claim": claim,
        "via": [report_ids(u)[0] for u in quoted.get(name, [])],
        "hedge": attributes["pv:hedge"],
        "observed": attributes["pv:observed"],
        "firsthand": attributes["pv:firsthand"],
        "implicit": attributes.get("pv:implicit", False),
    }
    if "pv:published" in attributes:
        fields["published"] = attributes["pv:published"]["$"]
    if "pv:retracted" in attributes:
        fields["retracted"] = attributes["pv:retracted"]["$"]
    if "pv:hedge_text" in attributes:
        fields["hedge_text"] = attributes["pv:hedge_text"]
    if "pv:url" in attributes:
        fields["url"] = attributes["pv:url"]["$"]
    if "prov:value" in attributes:
        fields["quote"] = attributes["prov:value"]
    if "pv:text" in attributes:
        fields["text"] = attributes["pv:text"]
    return Report.from_dict(fields)
