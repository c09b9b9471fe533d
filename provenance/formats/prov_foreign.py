"""PROV-JSON made by other tools, read as sources, claims and reports.

PROV says who is responsible for what and what was derived from what; this library
needs who reported which claim through whom. The mapping, cautious where PROV is silent:

- each ``agent`` is a source (its ``prov:label``, else its id, is the name);
- an entity attributed to an agent (``wasAttributedTo``) is that agent's report; an
  entity attributed to nobody is content;
- what an entity was derived from (``wasDerivedFrom``, of any type: quotation, revision,
  primary source or none) is where it got the claim: following derivations up, through
  content, to the nearest entities attributed to someone gives the report's vias;
- the claims are the entities at the top of derivation chains: the entities reached
  by following derivations up that are derived from nothing (an entity derived from
  nothing is its own claim). Its ``prov:label`` or ``prov:value`` is the claim's text;
- ``hadPrimarySource`` (a derivation of type ``prov:PrimarySource``) makes the report it
  points at first-hand. Nothing else does: a report derived from nothing is unsourced,
  since PROV does not say its agent saw the thing itself;
- ``wasGeneratedBy`` with a ``prov:time`` dates the report; an entity's ``prov:value``
  is its quote and an ``http(s)`` ``prov:location`` its link.

Every record that maps to nothing (activities, usage, association, delegation, bundles,
incomplete relations…) is named in one note on the graph (see
:meth:`~provenance.store.Store.note`): never dropped silently.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from provenance.errors import located
from provenance.model import Claim, Report, Source
from provenance.store import Store

__all__ = ["read_foreign_prov", "say_left_out"]

_READ = {"prefix", "agent", "entity", "wasAttributedTo", "wasDerivedFrom", "wasGeneratedBy"}


def _text(value: Any) -> str | None:
    """The text of a PROV-JSON value: a string, a typed ``{"$": …}``, or the first of a list."""
    if isinstance(value, list):
        return _text(value[0]) if value else None
    if isinstance(value, dict):
        return None if value.get("$") is None else str(value["$"])
    return None if value is None else str(value)


def _records(document: dict[str, Any], kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, attributes)`` of every record of `kind`; an id may hold a list of records."""
    section = document.get(kind, {})
    if not isinstance(section, dict):
        return
    for name, body in section.items():
        for record in body if isinstance(body, list) else [body]:
            yield str(name), record if isinstance(record, dict) else {}


def read_foreign_prov(document: dict[str, Any], into: Store, *, file: str = "") -> None:
    """Fill the empty store `into` from a PROV-JSON `document` made by any tool.

    Examples
    --------
    >>> import provenance as pv
    >>> doc = {
    ...     "prefix": {"ex": "http://example.org/"},
    ...     "agent": {"ex:sso": {"prov:label": "SSO"}, "ex:outlet": {}},
    ...     "entity": {"ex:video": {"prov:label": "A soldier was captured"},
    ...                "ex:story": {}},
    ...     "wasAttributedTo": {"_:a1": {"prov:entity": "ex:video", "prov:agent": "ex:sso"},
    ...                         "_:a2": {"prov:entity": "ex:story", "prov:agent": "ex:outlet"}},
    ...     "wasDerivedFrom": {"_:d1": {"prov:generatedEntity": "ex:story",
    ...                                 "prov:usedEntity": "ex:video",
    ...                                 "prov:type": "prov:PrimarySource"}},
    ...     "activity": {"ex:editing": {}},
    ... }
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     g = pv.from_prov(doc)
    >>> [(r.source, r.claim, r.via, r.firsthand) for r in g.reports()]
    [('ex:outlet', 'ex:video', ('ex:sso',), False), ('ex:sso', 'ex:video', (), True)]
    >>> g.notes
    ["1 PROV record(s) this library does not model were left out: activity 'ex:editing'"]
    """
    left_out = [
        f"{kind} {name!r}"
        for kind in document
        if kind not in _READ
        for name, _ in (_records(document, kind) if isinstance(document[kind], dict) else [])
    ]
    agents: dict[str, dict[str, Any]] = {}
    for name, attributes in _records(document, "agent"):
        agents.setdefault(name, attributes)
    entities: dict[str, dict[str, Any]] = {}
    for name, attributes in _records(document, "entity"):
        entities.setdefault(name, attributes)
    owners: dict[str, list[str]] = {}  # entity -> the agents it is attributed to
    for name, relation in _records(document, "wasAttributedTo"):
        entity, agent = _text(relation.get("prov:entity")), _text(relation.get("prov:agent"))
        if entity is None or agent is None:
            left_out.append(f"wasAttributedTo {name!r} (no entity or no agent)")
            continue
        owners.setdefault(entity, []).append(agent)
        agents.setdefault(agent, {})
        entities.setdefault(entity, {})
    used: dict[str, list[tuple[str, bool]]] = {}  # entity -> (what it came from, primary)
    for name, relation in _records(document, "wasDerivedFrom"):
        new = _text(relation.get("prov:generatedEntity"))
        old = _text(relation.get("prov:usedEntity"))
        if new is None or old is None:
            left_out.append(f"wasDerivedFrom {name!r} (no generated or used entity)")
            continue
        primary = _text(relation.get("prov:type")) == "prov:PrimarySource"
        used.setdefault(new, []).append((old, primary))
        entities.setdefault(new, {})
        entities.setdefault(old, {})
    times: dict[str, str] = {}
    for name, relation in _records(document, "wasGeneratedBy"):
        entity, time = _text(relation.get("prov:entity")), _text(relation.get("prov:time"))
        if entity is None or time is None:
            left_out.append(f"wasGeneratedBy {name!r} (no entity or no time)")
        elif entity in owners:
            times.setdefault(entity, time)  # the first generation given
        else:
            left_out.append(f"wasGeneratedBy {name!r} (of {entity!r}, which nobody reports)")

    roots = _Roots(used)
    reports: dict[tuple[str, str], dict[str, Any]] = {}
    firsthand: set[tuple[str, str]] = set()
    for entity in sorted(owners):
        upstream = _upstream(entity, used, owners)
        for claim in roots.of(entity):
            for agent in owners[entity]:
                fields = reports.setdefault((agent, claim), {"via": {}, "entity": entity})
                for before, primary in upstream:
                    for cited in owners[before]:
                        if cited != agent and claim in roots.of(before):
                            fields["via"][cited] = None
                            if primary:
                                firsthand.add((cited, claim))
    for agent in sorted(agents):
        with _at(file, f"agent {agent!r}"):
            attributes = agents[agent]
            name = _text(attributes.get("prov:label")) or agent
            into.add(Source(agent, name, kind=_text(attributes.get("prov:type")) or ""))
    claims = sorted({claim for _, claim in reports} | roots.all(entities))
    for claim in claims:
        with _at(file, f"entity {claim!r}"):
            attributes = entities.get(claim, {})
            text = _text(attributes.get("prov:label")) or _text(attributes.get("prov:value"))
            into.add(Claim(claim, text or claim))
    rows = []
    for (agent, claim), fields in sorted(reports.items()):
        entity = fields["entity"]
        attributes = entities.get(entity, {})
        location = _text(attributes.get("prov:location"))
        with _at(file, f"entity {entity!r}"):
            rows.append(
                Report(
                    agent,
                    claim,
                    via=tuple(fields["via"]),
                    firsthand=(agent, claim) in firsthand and not fields["via"],
                    published=times.get(entity),
                    quote=_text(attributes.get("prov:value")),
                    url=location if location and location.startswith(("http:", "https:"))
                    else None,
                )
            )  # fmt: skip
    with _at(file, "reports"):
        into.add_reports(rows)
    say_left_out(into, left_out, file)


def say_left_out(into: Store, records: list[str], file: str) -> None:
    """One note on `into` naming the PROV `records` a reader left out (the first five)."""
    if records:
        shown = ", ".join(records[:5]) + (
            f" and {len(records) - 5} more" if len(records) > 5 else ""
        )
        where = f"{file}: " if file else ""
        into.note(
            f"{where}{len(records)} PROV record(s) this library does not model were "
            f"left out: {shown}"
        )


def _at(file: str, place: str) -> contextlib.AbstractContextManager[None]:
    return located(file, place=place, lower=(ValueError, TypeError), what="PROV-JSON")


def _upstream(
    entity: str, used: dict[str, list[tuple[str, bool]]], owners: dict[str, list[str]]
) -> list[tuple[str, bool]]:
    """The nearest attributed entities `entity` was derived from, through content."""
    found: dict[str, bool] = {}
    stack = list(used.get(entity, ()))
    seen = {entity}
    while stack:
        before, primary = stack.pop()
        if before in seen:
            continue
        seen.add(before)
        if before in owners:
            found[before] = found.get(before, False) or primary
        else:
            stack += used.get(before, ())
    return list(found.items())


class _Roots:
    """The claims an entity is about: the tops of its derivation chains (cached)."""

    def __init__(self, used: dict[str, list[tuple[str, bool]]]) -> None:
        self.used = used
        self._of: dict[str, frozenset[str]] = {}

    def of(self, entity: str) -> frozenset[str]:
        if entity not in self._of:
            reached, stack = {entity}, [entity]
            while stack:
                for before, _ in self.used.get(stack.pop(), ()):
                    if before not in reached:
                        reached.add(before)
                        stack.append(before)
            tops = frozenset(e for e in reached if not self.used.get(e))
            self._of[entity] = tops or frozenset({min(reached)})  # a cycle: its least id
        return self._of[entity]

    def all(self, entities: dict[str, Any]) -> set[str]:
        """Every entity derived from nothing: claims, reported or not."""
        return {e for e in entities if not self.used.get(e)}
