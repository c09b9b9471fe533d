"""Records of the provenance model: sources, claims, reports, and their grades.

Everything here is an immutable :func:`attrs.frozen` record or an enum; nothing here
knows about graphs. Strings are accepted wherever an enum is expected, and every
record validates its fields on construction, so a record that exists is a valid one.

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

import datetime as dt
import enum
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

import attrs
from attrs import field, frozen

from provenance.errors import ValidationError

__all__ = [
    "Claim",
    "Credibility",
    "Flag",
    "Hedge",
    "Published",
    "Reliability",
    "Report",
    "Source",
    "parse_published",
]

Published = dt.date | dt.datetime
"""A report's publication time: a calendar date, or a datetime (naive or aware)."""

_E = TypeVar("_E", bound="_ParsableEnum")
_T = TypeVar("_T")


class _ParsableEnum(str, enum.Enum):
    """A string enum that parses its names and values case-insensitively."""

    @classmethod
    def _aliases(cls) -> Mapping[str, str]:
        return {}

    @classmethod
    def parse(cls: type[_E], value: object) -> _E:
        """Return the member named by `value` (a member, its name or value, any case).

        Raises
        ------
        ValidationError
            If `value` names no member; the message lists the accepted values (and the
            accepted words, for a hedge).
        """
        if isinstance(value, str):
            # A member or its exact value is one dict lookup (members are strings too).
            member = cast("_E | None", cls._value2member_map_.get(value))
            if member is None:
                member = _lookup(cls, value)
            if member is not None:
                return member
        choices = ", ".join(repr(m.value) for m in cls)
        words = ", ".join(repr(word) for word in cls._aliases())
        also = f", or one of the words {words}" if words else ""
        raise ValidationError(
            f"unknown {cls._label()} {value!r}; expected one of {choices}{also}"
        )

    @classmethod
    def _label(cls) -> str:
        return cls.__name__.lower()

    def __str__(self) -> str:
        return str(self.value)


@functools.lru_cache(maxsize=1024)
def _lookup(cls: type[_E], text: str) -> _E | None:
    """The member `text` names, case and spacing aside; cached, as the same words recur."""
    key = " ".join(text.strip().lower().replace("-", " ").split())
    key = cls._aliases().get(key, key).replace(" ", "_")
    for member in cls:
        if key in (member.value.lower(), member.name.lower()):
            return member
    return None


class Hedge(_ParsableEnum):
    """How firmly a report states its claim, strongest first.

    Besides the four names, the hedging words of news copy are accepted, each meaning
    one level (:data:`HEDGE_CUES` lists them all): ``"reportedly"``, ``"according to"``,
    ``"sources say"``, ``"claimed"`` are ATTRIBUTED; ``"appeared to"``, ``"possibly"``,
    ``"allegedly"``, ``"probably"``, ``"likely"``, ``"unverified"``, ``"may"``,
    ``"it is believed"``, ``"it remains unclear"`` are UNCERTAIN; ``"verified"`` is
    CONFIRMED. A report keeps the words as written in its ``hedge_text``.

    Examples
    --------
    >>> [Hedge.parse(w).name for w in ("confirmed", "Reportedly", "it remains unclear")]
    ['CONFIRMED', 'ATTRIBUTED', 'UNCERTAIN']
    >>> Hedge.parse("perhaps so")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ValidationError: unknown hedge 'perhaps so'; expected one of 'confirmed', ...
    """

    CONFIRMED = "confirmed"
    ASSERTED = "asserted"
    ATTRIBUTED = "attributed"
    UNCERTAIN = "uncertain"

    @classmethod
    def _aliases(cls) -> Mapping[str, str]:
        return HEDGE_CUES

    @property
    def is_plain(self) -> bool:
        """True for CONFIRMED and ASSERTED: the report states the claim as fact.

        >>> [h.name for h in Hedge if h.is_plain]
        ['CONFIRMED', 'ASSERTED']
        """
        return self in PLAIN_HEDGES


PLAIN_HEDGES = frozenset({Hedge.CONFIRMED, Hedge.ASSERTED})
"""The hedges that state a claim as fact."""

HEDGE_CUES: Mapping[str, str] = {
    # stated as checked
    "verified": "confirmed",
    "officially": "confirmed",
    # someone else's word
    "reportedly": "attributed",
    "according to": "attributed",
    "according to sources": "attributed",
    "sources say": "attributed",
    "sources said": "attributed",
    "said to": "attributed",
    "is said to": "attributed",
    "claimed": "attributed",
    "claims": "attributed",
    "it is reported": "attributed",
    "citing": "attributed",
    # not sure
    "appeared to": "uncertain",
    "appears to": "uncertain",
    "apparently": "uncertain",
    "seemingly": "uncertain",
    "seems to": "uncertain",
    "possibly": "uncertain",
    "perhaps": "uncertain",
    "probably": "uncertain",
    "likely": "uncertain",
    "may": "uncertain",
    "might": "uncertain",
    "could": "uncertain",
    "allegedly": "uncertain",
    "alleged": "uncertain",
    "purportedly": "uncertain",
    "unverified": "uncertain",
    "unconfirmed": "uncertain",
    "rumoured": "uncertain",
    "rumored": "uncertain",
    "suspected": "uncertain",
    "it is believed": "uncertain",
    "believed to": "uncertain",
    "it remains unclear": "uncertain",
    "unclear": "uncertain",
}
"""Hedging words of news copy, and the :class:`Hedge` level each one means."""


class Reliability(_ParsableEnum):
    """Source reliability on the NATO Admiralty scale (A best; F cannot be judged)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def meaning(self) -> str:
        """The grade in words, e.g. ``"usually reliable"`` for B."""
        return _RELIABILITY_MEANING[self]

    @classmethod
    def _label(cls) -> str:
        return "reliability grade"


_RELIABILITY_MEANING = {
    Reliability.A: "completely reliable",
    Reliability.B: "usually reliable",
    Reliability.C: "fairly reliable",
    Reliability.D: "not usually reliable",
    Reliability.E: "unreliable",
    Reliability.F: "reliability cannot be judged",
}


class Flag(_ParsableEnum):
    """A warning about how a claim is supported; see ``docs/concepts.md``."""

    SINGLE_SOURCE = "single_source"
    NO_ORIGIN = "no_origin"
    CIRCULAR = "circular"
    ECHO = "echo"
    HEDGED = "hedged"
    HEDGE_DROPPED = "hedge_dropped"
    TIME_INVERSION = "time_inversion"
    CONTRADICTED = "contradicted"
    UNSOURCED = "unsourced"
    CITES_RETRACTED = "cites_retracted"


class Credibility(enum.IntEnum):
    """Information credibility on the Admiralty scale: 1 confirmed … 6 cannot be judged."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @property
    def meaning(self) -> str:
        """The grade in words, e.g. ``"possibly true"``."""
        return self.name.lower().replace("_", " ")


def parse_published(value: object) -> Published | None:
    """Convert an ISO 8601 string (or a date/datetime) to a date or datetime.

    ``"2024-12-26"`` becomes a :class:`datetime.date`; a string with a time becomes a
    :class:`datetime.datetime`, aware when it carries an offset or ``Z``.

    Examples
    --------
    >>> parse_published("2024-12-26")
    datetime.date(2024, 12, 26)
    >>> parse_published("2024-12-26T09:30Z")
    datetime.datetime(2024, 12, 26, 9, 30, tzinfo=datetime.timezone.utc)
    """
    if value is None or isinstance(value, dt.date):  # datetime is a date subclass
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            if text.endswith(("Z", "z")):  # fromisoformat takes "Z" only from 3.11
                text = text[:-1] + "+00:00"
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    raise ValidationError(
        f"published {value!r} is not an ISO 8601 date or datetime (e.g. '2024-12-26')"
    )


def _check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise ValidationError(
            f"{attribute.name} must be a non-empty string without surrounding spaces, got {value!r}"
        )


def _check_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string, got {value!r}")


def _check_optional_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(f"{attribute.name} must be a string or None, got {value!r}")


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
    if not isinstance(value, Iterable):
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
            raise ValidationError(
                f"unknown {cls.__name__} field {unknown[0]!r}; expected some of {sorted(names)}"
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
    name: str = field(default=attrs.Factory(lambda self: self.id, takes_self=True))
    kind: str = field(default="", validator=_check_str)
    reliability: Reliability | None = field(default=None, converter=_to_reliability)
    group: str | None = field(default=None, validator=_check_optional_str)
    url: str | None = field(default=None, validator=_check_optional_str)

    @name.validator
    def _check_name(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"source {self.id!r}: name must be a non-empty string")

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
    text: str = field(default=attrs.Factory(lambda self: self.id, takes_self=True))
    question: str | None = field(default=None, validator=_check_optional_str)

    @text.validator
    def _check_text(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"claim {self.id!r}: text must be a non-empty string")

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

    @via.validator
    def _check_via(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for i, upstream in enumerate(value):
            if not isinstance(upstream, str) or not upstream.strip():
                raise ValidationError(
                    f"report by {self.source!r} on {self.claim!r}: via[{i}] must be a "
                    f"non-empty source id, got {upstream!r}"
                )
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
