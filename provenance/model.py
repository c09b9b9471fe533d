"""Records of the provenance model: sources, claims and reports.

Everything here is an immutable :func:`attrs.frozen` record; nothing here knows about
graphs. The enums they use (:class:`Hedge`, :class:`Reliability`, :class:`Flag`,
:class:`Credibility`) live in :mod:`provenance.terms` and are importable from here too.
Strings are accepted wherever an enum is expected, and every record validates its
fields on construction, so a record that exists is a valid one.

Examples
--------
>>> from provenance.model import Hedge, Report
>>> Hedge.parse("appeared to")
<Hedge.UNCERTAIN: 'uncertain'>
>>> r = Report("militarnyi", "capture", via=["warshal"], hedge="reportedly")
>>> r.via, r.hedge, r.hedge_text, r.sourcing, r.observed
(('warshal',), <Hedge.ATTRIBUTED: 'attributed'>, 'reportedly', 'cited', True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

import attrs
from attrs import field, frozen

from provenance.errors import ValidationError, did_you_mean
from provenance.terms import (
    HEDGE_CUES,
    PLAIN_HEDGES,
    Credibility,
    Flag,
    Hedge,
    Published,
    Reliability,
    parse_published,
)

__all__ = [
    "HEDGE_CUES",
    "PLAIN_HEDGES",
    "Claim",
    "Credibility",
    "Flag",
    "Hedge",
    "Published",
    "Reliability",
    "Report",
    "Source",
    "SuspectedCopy",
    "parse_published",
    "relay_chain",
]

_T = TypeVar("_T")
_THE_ID = attrs.Factory(lambda self: self.id, takes_self=True)  # a name or text by default


def _check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise ValidationError(
            f"{attribute.name} must be a non-empty string without surrounding spaces, got {value!r}"
        )
    if "\0" in value:
        _check_no_nul(attribute.name, value)
    _check_text(attribute.name, value)


def _check_no_nul(name: str, value: str) -> None:
    """Refuse an id holding NUL (U+0000): C strings, XML and terminals end or drop it,
    so the id would not be the same one written and read back."""
    if "\0" in value:
        raise ValidationError(f"{name} must not hold a NUL character (U+0000), got {value!r}")


def _check_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string, got {value!r}")
    _check_text(attribute.name, value)


def _check_optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        if not isinstance(value, str):
            raise ValidationError(f"{attribute.name} must be a string or None, got {value!r}")
        _check_text(attribute.name, value)


def _check_text(name: str, value: str) -> None:
    """Refuse text no file can hold: a lone surrogate is no character, in any encoding."""
    if not value.isascii():  # the usual id or word: checked in C, at once
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            code = ord(value[error.start])
            raise ValidationError(
                f"{name} holds U+{code:04X}, a lone surrogate, which no file can hold: {value!r}"
            ) from None


def _check_words(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A source's name or a claim's text: a non-empty string that a file can hold."""
    if not isinstance(value, str) or not value.strip():
        record = f"{type(instance).__name__.lower()} {instance.id!r}"
        raise ValidationError(f"{record}: {attribute.name} must be a non-empty string")
    _check_text(attribute.name, value)


def _check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise ValidationError(f"{attribute.name} must be True or False, got {value!r}")


def _to_hedge(value: object, report: Any) -> Hedge:
    """The hedge level; words that are not a level's name are kept in ``hedge_text``."""
    hedge = Hedge.parse(value)
    if report.hedge_text is None and isinstance(value, str) and value not in _LEVELS:
        words = " ".join(value.split())
        if words.lower().replace(" ", "_") not in _LEVELS:
            object.__setattr__(report, "hedge_text", words)  # frozen: set once, in __init__
    return hedge


_LEVELS = frozenset([*(h.value for h in Hedge), *(h.name.lower() for h in Hedge)])


def _to_reliability(value: object) -> Reliability | None:
    return None if value is None else Reliability.parse(value)


def _to_ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str):  # a bare string would otherwise become its characters
        return (value,)
    if not isinstance(value, Iterable) or isinstance(value, (Mapping, bytes, bytearray)):
        # a mapping would be read as its keys, bytes as numbers: never what was meant
        raise ValidationError(f"via must be a list of source ids, got {value!r}")
    ids = tuple(value)
    if len(ids) < 2:  # the usual row: nothing to drop
        return ids
    try:
        return tuple(dict.fromkeys(ids))  # drop repeats, keep order
    except TypeError:  # an unhashable item, which the validator names
        return ids


def _build(cls: Callable[..., _T], data: object) -> _T:
    """``cls(**data)``, saying clearly what is wrong with a non-mapping, an unknown field
    or a missing one."""
    if not isinstance(data, dict):  # the usual row is a dict: used without a copy
        if not isinstance(data, Mapping):
            raise ValidationError(f"{cls.__name__} needs a mapping, got {data!r}")
        data = dict(data)
    try:
        return cls(**data)
    except TypeError:  # the call's own complaint: read the fields to say which
        fields = attrs.fields(cast(type, cls))
        names = {a.alias for a in fields if a.init}
        unknown = sorted((key for key in data if key not in names), key=str)
        if unknown:
            hint = did_you_mean(unknown[0], sorted(names))
            raise ValidationError(
                f"unknown {cls.__name__} field {unknown[0]!r}{hint}; "
                f"expected some of {sorted(names)}"
            ) from None
        missing = [
            a.alias for a in fields if a.init and a.default is attrs.NOTHING and a.alias not in data
        ]
        if missing:
            raise ValidationError(f"{cls.__name__} needs field {missing[0]!r}") from None
        raise


@frozen
class Source:
    """Anyone who publishes or passes on information: outlet, channel, official, unit, imagery.

    Parameters
    ----------
    id : str
        Unique among sources and claims.
    name : str, optional
        Display name; defaults to the id.
    kind : str, optional
        Free text, e.g. ``"outlet"``, ``"telegram"``, ``"military"``, ``"imagery"``.
    reliability : Reliability or str, optional
        Admiralty grade A–F.
    group : str, optional
        Sources in one group are not independent of each other (same owner, same side).
    url : str, optional
        Home page or channel address.
    """

    id: str = field(validator=_check_id)
    name: str = field(default=_THE_ID, validator=_check_words)
    kind: str = field(default="", validator=_check_str)
    reliability: Reliability | None = field(default=None, converter=_to_reliability)
    group: str | None = field(default=None, validator=_check_optional_str)
    url: str | None = field(default=None, validator=_check_optional_str)

    @property
    def independence_group(self) -> str:
        """The group this source's first-hand knowledge counts in: its group, or itself."""
        return self.group if self.group is not None else f"source:{self.id}"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """Build a source from a mapping of its fields; unknown keys are an error.

        >>> Source.from_dict({"id": "sso", "reliability": "b"}).reliability
        <Reliability.B: 'B'>
        """
        return _build(cls, data)


@frozen
class Claim:
    """One checkable proposition, e.g. "the captured soldier was injured".

    Parameters
    ----------
    id : str
        Unique among sources and claims.
    text : str, optional
        The proposition; defaults to the id.
    question : str, optional
        Claims with the same question are its answers, and mutually exclusive
        (``"troop-count"``: "10,000 troops", "12,000 troops"): each contradicts the others.
    """

    id: str = field(validator=_check_id)
    text: str = field(default=_THE_ID, validator=_check_words)
    question: str | None = field(default=None, validator=_check_optional_str)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        """Build a claim from a mapping of its fields; unknown keys are an error."""
        return _build(cls, data)


@frozen
class Report:
    """One source stating one claim.

    Parameters
    ----------
    source, claim : str
        Ids of the reporting source and of the claim.
    via : sequence of str
        Sources this report says it got the claim from (repeats are dropped).
    hedge : Hedge or str
        How firmly it is stated: a level, or hedging words such as ``"reportedly"``
        (:data:`HEDGE_CUES`), which are kept as written in `hedge_text`.
    published : date, datetime or ISO 8601 string, optional
    url, quote : str, optional
    firsthand : bool
        The source declares knowledge of its own: it witnessed or produced what it says.
        False by default: a report that names no source (no `via`) and does not declare
        itself first-hand is **unsourced** — it does not say where it got the claim.
    observed : bool
        True when the report was read first-hand by the analyst; False when it is only
        known because another report cites it (attributed).
    implicit : bool
        Set by the graph on the attributed report it creates for a source named in a
        `via` that has no report of its own: the origin as far as anyone knows
        (first-hand); such a report carries no wording.
    hedge_text : str, optional
        The hedging words as written (``"appeared to"``); set from `hedge` when that is
        given as words.
    retracted : date, datetime or ISO 8601 string, optional
        When the report was retracted or corrected away; a retracted report supports
        nothing, and reports citing it are flagged.
    text : str, optional
        The passage as published, whole: what shared-wording copy detection reads
        (`quote` is the part that states the claim).
    """

    # Before `hedge`, whose converter keeps the words there (keyword-only: the positional
    # order of the other fields is unchanged).
    hedge_text: str | None = field(default=None, kw_only=True, validator=_check_optional_str)
    source: str = field(validator=_check_id)
    claim: str = field(validator=_check_id)
    via: tuple[str, ...] = field(default=(), converter=_to_ids)
    hedge: Hedge = field(
        default=Hedge.ASSERTED,
        converter=attrs.Converter(_to_hedge, takes_self=True),  # type: ignore[misc]
    )
    published: Published | None = field(default=None, converter=parse_published)
    url: str | None = field(default=None, validator=_check_optional_str)
    quote: str | None = field(default=None, validator=_check_optional_str)
    firsthand: bool = field(default=False, validator=_check_bool)
    observed: bool = field(default=True, validator=_check_bool)
    implicit: bool = field(default=False, validator=_check_bool)
    retracted: Published | None = field(default=None, converter=parse_published, kw_only=True)
    text: str | None = field(default=None, validator=_check_optional_str, kw_only=True)

    @via.validator
    def _check_via(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for i, upstream in enumerate(value):
            if not isinstance(upstream, str) or not upstream.strip():
                raise ValidationError(
                    f"report by {self.source!r} on {self.claim!r}: via[{i}] must be a "
                    f"non-empty source id, got {upstream!r}"
                )
            if "\0" in upstream:  # as in a source id (checked here: the via names it)
                _check_no_nul(f"report by {self.source!r} on {self.claim!r}: via[{i}]", upstream)
        if self.source in value:
            raise ValidationError(
                f"report by {self.source!r} on {self.claim!r} names its own source in via"
            )

    @property
    def attributed(self) -> bool:
        """True when the report is only known through another report's citation."""
        return not self.observed

    @property
    def sourcing(self) -> str:
        """``"firsthand"``, ``"cited"`` (it names its sources) or ``"unsourced"``.

        >>> [Report("a", "c", **kw).sourcing
        ...  for kw in ({"firsthand": True}, {"via": ["b"]}, {})]
        ['firsthand', 'cited', 'unsourced']
        """
        return "firsthand" if self.firsthand else "cited" if self.via else "unsourced"

    @property
    def unsourced(self) -> bool:
        """True when the report neither declares itself first-hand nor names a source."""
        return not self.firsthand and not self.via

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Build a report from a mapping of its fields; unknown keys are an error.

        >>> Report.from_dict({"source": "article", "claim": "troops", "via": "us"}).via
        ('us',)
        """
        return _build(cls, data)


def check_probability(what: str, value: object, *, a_number: bool = False) -> float:
    """`value` as a float if a number in [0, 1], not a bool; else a ValidationError naming
    `what` and the value ("must be in [0, 1]"; with `a_number`, "must be a number in").

    >>> check_probability("the weight of 'uncertain'", True)
    Traceback (most recent call last):
    provenance.errors.ValidationError: the weight of 'uncertain' must be in [0, 1], got True
    """
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        must = "must be a number in" if a_number else "must be in"
        raise ValidationError(f"{what} {must} [0, 1], got {value!r}")
    return float(value)


def check_probability_field(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """:func:`check_probability` as an attrs validator, naming the field."""
    check_probability(attribute.name, value, a_number=True)


def _to_strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(f"expected a list of strings, got {value!r}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise ValidationError(f"expected a list of strings, got {value!r}")
    return items


@frozen
class SuspectedCopy:
    """Copying that nobody declared, inferred from evidence: `copier` probably got the
    `claims` from `original`.

    Produced by :func:`provenance.suspect_copying`; a graph takes them as **suspected**
    via edges (:meth:`~provenance.graph.ProvenanceGraph.with_suspected`), always kept
    apart from the declared ones.

    Parameters
    ----------
    copier, original : str
        Source ids.
    claims : sequence of str
        The claims the copying is suspected on.
    probability : float
        How likely the copying is, 0–1.
    evidence : sequence of str
        What points to it, in words ("wording 0.93 like Reuters'", "3 shared false
        values of 40 shared answers", "published 4 minutes after").

    Examples
    --------
    >>> SuspectedCopy("bbc", "reuters", ["c1"], 0.93, ["wording 0.93 alike"]).claims
    ('c1',)
    """

    copier: str = field(validator=_check_id)
    original: str = field(validator=_check_id)
    claims: tuple[str, ...] = field(converter=_to_strings)
    probability: float = field(validator=check_probability_field)
    evidence: tuple[str, ...] = field(default=(), converter=_to_strings)

    @copier.validator
    def _check_pair(self, attribute: attrs.Attribute[Any], value: str) -> None:
        if value == self.original:
            raise ValidationError(f"source {value!r} cannot copy from itself")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SuspectedCopy:
        """Build a suspected copy from a mapping of its fields; unknown keys are an error."""
        return _build(cls, data)


def relay_chain(
    claim: str,
    sources: Sequence[str],
    *,
    hedge: Hedge | str = Hedge.ASSERTED,
    origin_hedge: Hedge | str = Hedge.ASSERTED,
    published: Published | str | None = None,
    url: str | None = None,
    quote: str | None = None,
) -> list[Report]:
    """The reports of a relay chain ``origin → … → reporter`` on `claim`, as
    :meth:`provenance.store.Store.add_chain` adds them.

    >>> [(r.source, r.via) for r in relay_chain("c", ["a", "b"])]
    [('a', ()), ('b', ('a',))]
    """
    if isinstance(sources, str) or not isinstance(sources, Sequence) or not sources:
        raise ValidationError(f"chain for {claim!r} needs a list of source ids, got {sources!r}")
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
    return reports
