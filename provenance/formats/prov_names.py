"""Our own PROV documents, known by their namespace whatever prefixes name it.

:func:`~provenance.formats.prov.to_prov` names everything under one namespace,
``urn:provenance-graph:``: sources ``src:`` (``urn:provenance-graph:source:``), claims
``clm:``, reports ``rpt:SOURCE/CLAIM`` and this library's types and attributes ``pv:``
(``urn:provenance-graph:ns#``). Sent through another serialisation and back (the ``prov``
package's PROV-XML, PROV-N or RDF), a document keeps those IRIs but not always their
spelling: RDF has no prefixes of its own, so the ``prov`` package makes new ones up
(``ns1:`` for ``urn:provenance-graph:report:article/``), writes qualified names as
``xsd:QName`` and numbers typed, a list of one value as the value, and the values of an
attribute, or the records of a document, in no order.

:func:`ours` tells our documents by the types of their records in our namespace, not by
the spelling of their ids; :func:`canonical` spells one again as
:func:`~provenance.formats.prov.to_prov` does, telling names by the IRI they expand to,
so that the reader reads it as it reads its own. The order of a report's vias and of a
suspected copy's claims is written as ``pv:position`` on their relations
(:func:`quotations`, :func:`suspected_copies`); what no serialisation keeps is said in
a note (:func:`unordered`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import attrs

from provenance.model import SuspectedCopy
from provenance.store import Store

__all__ = [
    *("LISTS", "NAMESPACE", "PREFIXES", "canonical", "local_id", "rewritten", "ours", "position"),
    *("quotations", "report_ids", "suspected_copies", "unordered"),
]

NAMESPACE = "urn:provenance-graph:"
PREFIXES = {
    "pv": f"{NAMESPACE}ns#",
    "src": f"{NAMESPACE}source:",
    "clm": f"{NAMESPACE}claim:",
    "rpt": f"{NAMESPACE}report:",
}
STANDARD = {"prov": "http://www.w3.org/ns/prov#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
_QNAMES = {f"{STANDARD['xsd']}QName", f"{STANDARD['prov']}QUALIFIED_NAME"}
_TYPES = {f"{PREFIXES['pv']}{kind}" for kind in ("Source", "Claim", "Report")}
LISTS = ("pv:contradicts", "pv:claims", "pv:evidence")
"""Our attributes that hold a list: RDF gives a list of one value back as the value."""
_REFERENCES = frozenset(
    f"prov:{key}"
    for key in (
        *("entity", "agent", "activity", "generatedEntity", "usedEntity", "generation"),
        *("usage", "trigger", "starter", "ender", "informed", "informant", "delegate"),
        *("responsible", "plan", "influencee", "influencer", "alternate1", "alternate2"),
        *("specificEntity", "generalEntity", "bundle", "collection"),
    )
)
"""The PROV-JSON attributes whose value is a qualified name."""


def _boolean(text: str) -> bool:
    if text.strip() not in ("true", "false", "1", "0"):
        raise ValueError(text)
    return text.strip() in ("true", "1")


_PLAIN: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(("double", "float", "decimal"), float),
    **dict.fromkeys(("int", "integer", "long", "short", "nonNegativeInteger"), int),
    "boolean": _boolean,
    "string": str,
}
"""The XSD types of values :func:`~provenance.formats.prov.to_prov` writes as plain JSON
(the ``prov`` package writes them typed), and how to read each."""


class _Names:
    """Qualified names spelled as `document`'s prefixes say, respelled as we write them."""

    def __init__(self, prefixes: Any, outer: dict[str, str] | None = None) -> None:
        self.iris = dict(outer or {})
        if isinstance(prefixes, dict):
            self.iris.update({str(p): str(iri) for p, iri in prefixes.items()})
        self.iris.update(STANDARD)  # PROV-JSON reserves these two

    def iri(self, name: str) -> str:
        """The IRI `name` stands for: a prefix declared, the default namespace, or none."""
        prefix, colon, local = name.partition(":")
        if not colon:
            return self.iris["default"] + name if "default" in self.iris else name
        return self.iris[prefix] + local if prefix in self.iris else name

    def ours(self, name: str) -> str:
        """`name` spelled under our prefixes (and ``prov:``, ``xsd:``) where its IRI is
        in their namespaces; else as it was."""
        if name.startswith("_:"):
            return name  # a blank node
        iri = self.iri(name)
        for prefix, base in (*PREFIXES.items(), *STANDARD.items()):
            if iri.startswith(base):
                return f"{prefix}:{iri[len(base) :]}"
        return iri if name.partition(":")[0] in PREFIXES else name  # not ours: kept apart

    def value(self, key: str, value: Any) -> Any:
        """An attribute's `value`, its qualified names respelled."""
        if isinstance(value, list):
            return [self.value(key, one) for one in value]
        if isinstance(value, dict) and isinstance(value.get("type"), str):
            kind = self.iri(value["type"])
            if kind in _QNAMES and isinstance(value.get("$"), str):
                return {"$": self.ours(value["$"]), "type": "prov:QUALIFIED_NAME"}
            plain = _PLAIN.get(kind.removeprefix(STANDARD["xsd"]))
            if plain is not None and isinstance(value.get("$"), str):
                with contextlib.suppress(ValueError):  # else kept, and refused where read
                    return plain(value["$"])
            return {**value, "type": self.ours(value["type"])}
        if key in _REFERENCES and isinstance(value, str):
            return self.ours(value)
        return value


def ours(document: Any) -> bool:
    """Whether `document` (PROV-JSON, any prefixes) was written by this library: it names
    an agent or entity of our types (``pv:Source``, ``pv:Claim``, ``pv:Report`` in our
    namespace), or holds nothing but our prefixes.

    Examples
    --------
    >>> ours({"prefix": {"n": "urn:provenance-graph:ns#"},
    ...       "agent": {"x": {"prov:type": {"$": "n:Source", "type": "xsd:QName"}}}})
    True
    >>> ours({"prefix": {"ex": "http://example.org/"}, "agent": {"ex:a": {}}})
    False
    """
    if not isinstance(document, dict):
        return False
    names = _Names(document.get("prefix"))
    for section in ("agent", "entity"):
        records = document.get(section)
        for body in records.values() if isinstance(records, dict) else ():
            for record in body if isinstance(body, list) else [body]:
                kind = record.get("prov:type") if isinstance(record, dict) else None
                for one in kind if isinstance(kind, list) else [kind]:
                    text = one.get("$") if isinstance(one, dict) else one
                    if isinstance(text, str) and names.iri(text) in _TYPES:
                        return True
    prefixes = document.get("prefix")
    return isinstance(prefixes, dict) and all(prefixes.get(k) == v for k, v in PREFIXES.items())


def canonical(document: dict[str, Any], outer: dict[str, str] | None = None) -> dict[str, Any]:
    """`document` with every qualified name in our namespace spelled as
    :func:`~provenance.formats.prov.to_prov` spells it, its prefixes ours (beside any it
    declares for other namespaces), and our list attributes lists.

    Examples
    --------
    >>> doc = {"prefix": {"ns1": "urn:provenance-graph:report:s/"},
    ...        "entity": {"ns1:c": {"prov:type": {"$": "pv:Report", "type": "xsd:QName"},
    ...                             "pv:claims": "x"}}}
    >>> canonical(doc)["entity"]["rpt:s/c"]["pv:claims"]
    ['x']
    >>> canonical(doc)["entity"]["rpt:s/c"]["prov:type"]
    {'$': 'pv:Report', 'type': 'prov:QUALIFIED_NAME'}
    """
    names = _Names(document.get("prefix"), outer)
    others = {p: iri for p, iri in names.iris.items() if not iri.startswith(NAMESPACE)}
    others = {p: iri for p, iri in others.items() if p not in (*PREFIXES, *STANDARD)}
    spelled: dict[str, Any] = {"prefix": {**others, **PREFIXES}}
    for kind, section in document.items():
        if kind == "prefix" or not isinstance(section, dict):
            continue
        if kind == "bundle":
            spelled[kind] = {
                names.ours(n): canonical(b, names.iris) if isinstance(b, dict) else b
                for n, b in section.items()
            }
            continue
        spelled[kind] = {}
        for name, body in section.items():
            records = [_record(names, r) for r in (body if isinstance(body, list) else [body])]
            spelled[kind][names.ours(str(name))] = records if isinstance(body, list) else records[0]
    return spelled


def _record(names: _Names, record: Any) -> Any:
    if not isinstance(record, dict):
        return record
    spelled = {names.ours(str(k)): names.value(names.ours(str(k)), v) for k, v in record.items()}
    for key in LISTS:
        if key in spelled and not isinstance(spelled[key], list):
            spelled[key] = [spelled[key]]
    return spelled


def rewritten(document: dict[str, Any]) -> bool:
    """Whether `document` has been through another tool since this library wrote it: it
    names our namespace otherwise than we do (RDF makes prefixes up), or types a number
    we write plain (the ``prov`` package types every float). Such a tool may not have
    kept the order of an attribute's values (:func:`unordered`)."""
    prefixes = document.get("prefix")
    if not isinstance(prefixes, dict):
        return True
    spelled = {str(p): str(iri) for p, iri in prefixes.items() if str(iri).startswith(NAMESPACE)}
    if spelled != PREFIXES:
        return True
    relations = document.get("wasDerivedFrom")
    return any(
        isinstance(relation, dict) and isinstance(relation.get("pv:probability"), dict)
        for relation in (relations.values() if isinstance(relations, dict) else ())
    )


def unordered(store: Store) -> str:
    """What a document that has been through another tool may not say of `store`'s
    records: the order of a suspected copy's evidence (the ``prov`` package holds an
    attribute's values as a set, and PROV-XML and RDF keep no order of them)."""
    lists = [copy for copy in store.suspected() if len(set(copy.evidence)) > 1]
    if not lists:
        return ""
    one = "y" if len(lists) == 1 else "ies"
    return (
        f"the order of the evidence of {len(lists)} suspected cop{one} cannot be told "
        f"(the document has been through another tool; PROV-XML and RDF keep no order "
        f"of an attribute's values): read as the document lists it, e.g. "
        f"{lists[0].original!r} by {lists[0].copier!r}"
    )


def quotations(document: dict[str, Any]) -> dict[str, list[str]]:
    """Each report's quotations (``wasQuotedFrom``) in a canonical `document`: the reports
    it quotes, in the order of their ``pv:position`` (in the document's where none is
    given: PROV-JSON, PROV-XML and PROV-N keep the order of records, RDF does not).

    Examples
    --------
    >>> quotations({"wasDerivedFrom": {
    ...     "_:a": {"prov:generatedEntity": "rpt:b/c", "prov:usedEntity": "rpt:s/c",
    ...             "prov:type": {"$": "prov:Quotation"}, "pv:position": 2},
    ...     "_:b": {"prov:generatedEntity": "rpt:b/c", "prov:usedEntity": "rpt:t/c",
    ...             "prov:type": {"$": "prov:Quotation"}, "pv:position": {"$": "1"}}}})
    {'rpt:b/c': ['rpt:t/c', 'rpt:s/c']}
    """
    quoted: dict[str, list[tuple[int | None, str]]] = {}
    for body in document.get("wasDerivedFrom", {}).values():
        for relation in body if isinstance(body, list) else [body]:
            kind = relation.get("prov:type", {})
            if isinstance(kind, dict) and kind.get("$") == "prov:Quotation":
                quoted.setdefault(relation["prov:generatedEntity"], []).append(
                    (position(relation), relation["prov:usedEntity"])
                )
    return {
        name: [used for _, used in sorted(found, key=lambda one: (one[0] is None, one[0] or 0))]
        for name, found in quoted.items()
    }


def position(relation: dict[str, Any]) -> int | None:
    """A relation's ``pv:position``: an integer, or one typed as PROV-JSON writes it."""
    value = relation.get("pv:position")
    if isinstance(value, dict):
        value = value.get("$")
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def suspected_copies(found: list[tuple[SuspectedCopy, str, int | None]]) -> list[SuspectedCopy]:
    """The suspected copies of a document, each once: `found` holds one for each of its
    derivations (one per claim), with that derivation's claim and ``pv:position``. The
    claims are put in the order of their positions: RDF holds ``pv:claims`` in no order.

    Examples
    --------
    >>> one = SuspectedCopy("b", "a", ["c2", "c1"], 0.9)
    >>> suspected_copies([(one, "c1", 1), (one, "c2", 2)])[0].claims
    ('c1', 'c2')
    """
    copies: dict[tuple[Any, ...], tuple[SuspectedCopy, dict[str, int | None]]] = {}
    for record, claim, place in found:
        claims, evidence = frozenset(record.claims), frozenset(record.evidence)
        key = (record.copier, record.original, claims, record.probability, evidence)
        copies.setdefault(key, (record, {}))[1][claim] = place
    ordered = []
    for record, places in copies.values():
        if set(places) == set(record.claims) and None not in places.values():
            record = attrs.evolve(record, claims=sorted(places, key=lambda c: places[c] or 0))
        ordered.append(record)
    return ordered


def report_ids(name: str) -> tuple[str, str]:
    """(source, claim) of a report's qualified name ``rpt:SOURCE/CLAIM``."""
    source, _, claim = local_id(name, "rpt:").partition("/")  # split before decoding: ids hold '/'
    return unquote(source), unquote(claim)


def local_id(name: str, prefix: str) -> str:
    """The local part of the qualified name `name` under `prefix`, as written: a report's
    is ``SOURCE/CLAIM``, each percent-encoded; any other's decoded."""
    if not name.startswith(prefix):
        raise ValueError(f"{name!r} does not start with {prefix!r}")
    local = name[len(prefix) :]
    return local if prefix == "rpt:" else unquote(local)
