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

A bundle's records are read as if at the top level: PROV ids are global, so an id named in
two bundles is one thing, seen in two accounts (a note names the bundles); where a bundle
declares a prefix unlike the document's, its names under it become full IRIs, kept apart.
Every record that maps to nothing (activities, usage, association, delegation, records
about a bundle, incomplete relations…) is named in one note on the graph (see
:meth:`~provenance.store.Store.note`): never dropped silently.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
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
    kinds = "it holds " + (", ".join(sorted(document)) or "no record")
    document, left_out, bundled = _hoisted(document)
    left_out += _not_modelled(document)
    agents = _first_of_each(document, "agent")
    entities = _first_of_each(document, "entity")
    owners = _owners(document, agents, entities, left_out)  # entity -> its agents
    used = _derivations(document, entities, left_out)  # entity -> [(came from, primary)]
    times = _generation_times(document, owners, left_out)  # entity -> when made
    roots = _Roots(entities, used)  # the claims each entity is about
    reports, firsthand = _reported(owners, _upstreams(owners, used), roots)
    for agent in sorted(agents):
        with _at(file, f"agent {agent!r}"):
            into.add(_source(agent, agents[agent]))
    for claim in sorted({claim for _, claim in reports} | roots.all(entities)):
        with _at(file, f"entity {claim!r}"):
            attributes = entities.get(claim, {})
            text = _text(attributes.get("prov:label")) or _text(attributes.get("prov:value"))
            into.add(Claim(claim, text or claim))
    rows = _report_rows(reports, firsthand, entities, times, file)
    with _at(file, "reports"):
        into.add_reports(rows)
    empty = f"0 claims were read: no entity is derived from nothing or reported ({kinds})"
    say_left_out(into, left_out, file, bundled, "" if into.claims else empty)


_REFERENCES = ("prov:entity", "prov:agent", "prov:generatedEntity", "prov:usedEntity")


def _hoisted(document: dict[str, Any]) -> tuple[dict[str, Any], list[str], str]:
    """`document` with its bundles' records at the top level (each id a list of records);
    the records about the bundles themselves, left out; and the note naming the bundles."""
    bundles = document.get("bundle")
    if not isinstance(bundles, dict) or not bundles:
        return document, [], ""
    prefixes: dict[str, Any] = dict(document.get("prefix") or {})
    flat: dict[str, dict[str, list[Any]]] = {}
    left_out: list[str] = []
    for content in [document, *bundles.values()]:
        other = {p: str(iri) for p, iri in (content.get("prefix") or {}).items()
                 if content is not document and prefixes.setdefault(p, iri) != iri}  # fmt: skip

        def rename(name: str, other: dict[str, str] = other) -> str:
            prefix, _, local = name.partition(":") if ":" in name else ("default", ":", name)
            return other[prefix] + local if prefix in other else name

        for kind in (k for k in content if k not in ("prefix", "bundle")):
            for name, record in _records(content, kind):
                refs = {k: rename(t) for k in _REFERENCES if (t := _text(record.get(k)))}
                if rename(name) in bundles or any(ref in bundles for ref in refs.values()):
                    left_out.append(f"{kind} {name!r} (about a bundle)")
                else:
                    flat.setdefault(kind, {}).setdefault(rename(name), []).append(record | refs)
    said = f"{len(bundles)} PROV bundle(s) were read as one account (an id named in several "
    said += f"is one thing): {', '.join(f'bundle {b!r}' for b in bundles)}"
    return flat, left_out, said


_Reported = dict[tuple[str, str], dict[str, Any]]
"""``(agent, claim)`` → the entity that is the agent's report on the claim, and the agents
it cites (``{"entity": …, "via": {agent: None, …}}``)."""


def _not_modelled(document: dict[str, Any]) -> list[str]:
    """The records of the kinds this reader does not read, as ``kind 'id'``."""
    return [
        f"{kind} {name!r}"
        for kind in document
        if kind not in _READ
        for name, _ in (_records(document, kind) if isinstance(document[kind], dict) else [])
    ]


def _first_of_each(document: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """The attributes of each record of `kind` (``agent``, ``entity``) by id: the first
    given under an id that holds several."""
    first: dict[str, dict[str, Any]] = {}
    for name, attributes in _records(document, kind):
        first.setdefault(name, attributes)
    return first


def _owners(
    document: dict[str, Any],
    agents: dict[str, dict[str, Any]],
    entities: dict[str, dict[str, Any]],
    left_out: list[str],
) -> dict[str, list[str]]:
    """Each entity's agents (``wasAttributedTo``); agents and entities named there but not
    declared are added to `agents` and `entities`, incomplete relations to `left_out`."""
    owners: dict[str, list[str]] = {}
    for name, relation in _records(document, "wasAttributedTo"):
        entity, agent = _text(relation.get("prov:entity")), _text(relation.get("prov:agent"))
        if entity is None or agent is None:
            left_out.append(f"wasAttributedTo {name!r} (no entity or no agent)")
            continue
        owners.setdefault(entity, []).append(agent)
        agents.setdefault(agent, {})
        entities.setdefault(entity, {})
    return owners


def _derivations(
    document: dict[str, Any], entities: dict[str, dict[str, Any]], left_out: list[str]
) -> dict[str, list[tuple[str, bool]]]:
    """Each entity's derivations (``wasDerivedFrom``): what it came from, and whether as a
    primary source; entities named there are added to `entities`, incomplete relations
    to `left_out`."""
    used: dict[str, list[tuple[str, bool]]] = {}
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
    return used


def _generation_times(
    document: dict[str, Any], owners: dict[str, list[str]], left_out: list[str]
) -> dict[str, str]:
    """When each attributed entity was first generated (``wasGeneratedBy``); generations
    without a time, or of entities nobody reports, are added to `left_out`."""
    times: dict[str, str] = {}
    for name, relation in _records(document, "wasGeneratedBy"):
        entity, time = _text(relation.get("prov:entity")), _text(relation.get("prov:time"))
        if entity is None or time is None:
            left_out.append(f"wasGeneratedBy {name!r} (no entity or no time)")
        elif entity in owners:
            times.setdefault(entity, time)  # the first generation given
        else:
            left_out.append(f"wasGeneratedBy {name!r} (of {entity!r}, which nobody reports)")
    return times


def _reported(
    owners: dict[str, list[str]],
    upstreams: dict[str, list[tuple[str, bool]]],
    roots: _Roots,
) -> tuple[_Reported, set[tuple[str, str]]]:
    """Each agent's report on each claim its entities are about, citing the agents of the
    nearest attributed entities on the same claim; and the ``(agent, claim)`` pairs met
    through a primary source."""
    reports: _Reported = {}
    firsthand: set[tuple[str, str]] = set()
    for entity in sorted(owners):
        for claim in roots.of(entity):
            for agent in owners[entity]:
                fields = reports.setdefault((agent, claim), {"via": {}, "entity": entity})
                for before, primary in upstreams[entity]:
                    for cited in owners[before]:
                        if cited != agent and claim in roots.of(before):
                            fields["via"][cited] = None
                            if primary:
                                firsthand.add((cited, claim))
    return reports, firsthand


def _source(agent: str, attributes: dict[str, Any]) -> Source:
    """An agent as a source: its label, else its id, is the name; its type, the kind."""
    name = _text(attributes.get("prov:label")) or agent
    return Source(agent, name, kind=_text(attributes.get("prov:type")) or "")


def _report_rows(
    reports: _Reported,
    firsthand: set[tuple[str, str]],
    entities: dict[str, dict[str, Any]],
    times: dict[str, str],
    file: str,
) -> list[Report]:
    """The reports, by agent and claim: first-hand when met through a primary source and
    citing nobody; dated, quoted and linked from the reporting entity."""
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
    return rows


def say_left_out(into: Store, records: list[str], file: str, *also: str) -> None:
    """One note on `into` naming the PROV `records` a reader left out (the first five),
    then what `also` says; none when there is nothing to say."""
    shown = ", ".join(records[:5]) + (f" and {len(records) - 5} more" if len(records) > 5 else "")
    left = f"{len(records)} PROV record(s) this library does not model were left out: {shown}"
    said = "; ".join([left] * bool(records) + [part for part in also if part])
    if said:
        into.note(f"{file}: {said}" if file else said)


def _at(file: str, place: str) -> contextlib.AbstractContextManager[None]:
    return located(file, place=place, lower=(ValueError, TypeError), what="PROV-JSON")


_Near = dict[str, bool]
"""Attributed entities, in the order a walk meets them, each with whether the derivation
it was met through is a ``prov:PrimarySource``. Shared between entities: never changed."""


def _components(nodes: Iterable[str], after: Callable[[str], Iterable[str]]) -> Iterator[list[str]]:
    """The strongly connected components of the graph `after` draws on `nodes`.

    Tarjan's algorithm, without recursion (a derivation chain may be far longer than
    Python's recursion limit): each component is yielded after every component it reaches.

    Examples
    --------
    >>> edges = {"a": ["b"], "b": ["c"], "c": ["b"]}
    >>> list(_components("abc", lambda n: edges.get(n, [])))
    [['c', 'b'], ['a']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(after(root)))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(after(child))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while not component or component[-1] != node:
                        component.append(stack.pop())
                        on_stack.discard(component[-1])
                    yield component


def _merged(parts: list[_Near], *, either: bool = False) -> _Near:
    """`parts` one after the other, each entity marked as it was first met (with `either`:
    primary if it was met through a primary source in any part)."""
    distinct = list({id(part): part for part in parts if part}.values())
    if len(distinct) == 1:
        return distinct[0]  # a chain: share, do not copy
    merged: _Near = {}
    for part in distinct:
        for entity, primary in part.items():
            merged[entity] = merged.get(entity, primary) or (either and primary)
    return merged


def _upstreams(
    owners: dict[str, list[str]], used: dict[str, list[tuple[str, bool]]]
) -> dict[str, list[tuple[str, bool]]]:
    """For each attributed entity, the nearest attributed entities it was derived from.

    Derivations are followed up through content (entities attributed to nobody) and stop
    at attributed entities, met in the order of a depth-first walk that takes each
    entity's derivations last declared first; each is marked primary when the derivation
    it was first met through is a primary source. What content leads to is worked out
    once per piece of content, so a long chain costs linear time; a cycle of content is
    worked out once too, so where the walk enters it no longer matters: what it leads to
    is met in the order of its ids, primary if any derivation out of it is.
    """
    near: dict[str, _Near] = {}

    def part(before: str, primary: bool) -> _Near:
        return {before: primary} if before in owners else near[before]

    def content_after(entity: str) -> list[str]:
        return [b for b, _ in used.get(entity, ()) if b not in owners]

    starts = (b for e in owners for b in content_after(e))
    for component in _components(starts, content_after):
        members = set(component)
        parts = [
            part(before, primary)
            for entity in sorted(component)
            for before, primary in reversed(used.get(entity, ()))
            if before in owners or before not in members
        ]
        shared = _merged(parts, either=len(component) > 1)
        for entity in component:
            near[entity] = shared
    found: dict[str, list[tuple[str, bool]]] = {}
    for entity in owners:
        merged = _merged([part(b, p) for b, p in reversed(used.get(entity, ()))])
        found[entity] = [(b, p) for b, p in merged.items() if b != entity]
    return found


class _Roots:
    """The claims each entity is about: the tops of its derivation chains.

    An entity derived from nothing is its own claim; one whose derivations lead only into
    cycles is about the least id it reaches. Worked out once per strongly connected
    component, the components taken after those they derive from: linear in the document.
    """

    def __init__(self, entities: dict[str, Any], used: dict[str, list[tuple[str, bool]]]) -> None:
        self.used = used
        where: dict[str, int] = {}
        tops: list[frozenset[str]] = []  # the entities derived from nothing, reached
        least: list[str] = []  # the least id reached
        claims: list[frozenset[str]] = []

        def after(entity: str) -> list[str]:
            return [before for before, _ in used.get(entity, ())]

        for component in _components(entities, after):
            k = len(tops)
            for entity in component:
                where[entity] = k
            below = {where[b] for e in component for b in after(e)} - {k}
            if len(component) == 1 and not used.get(component[0]):
                top = frozenset(component)
            else:
                distinct = list({id(tops[j]): tops[j] for j in below if tops[j]}.values())
                top = distinct[0] if len(distinct) == 1 else frozenset().union(*distinct)
            tops.append(top)
            least.append(min([*component, *(least[j] for j in below)]))
            claims.append(top or frozenset({least[k]}))  # a cycle: its least id
        self._where, self._claims = where, claims

    def of(self, entity: str) -> frozenset[str]:
        """The claims `entity` is about."""
        return self._claims[self._where[entity]]

    def all(self, entities: dict[str, Any]) -> set[str]:
        """Every entity derived from nothing: claims, reported or not."""
        return {e for e in entities if not self.used.get(e)}
