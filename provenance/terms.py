"""The vocabulary of the model: hedges, reliability grades, flags, credibility, dates.

String enums that parse their names, values and (for hedges) the hedging words of news
copy case-insensitively, and :func:`parse_published` for ISO 8601 times. The records
that use them are in :mod:`provenance.model`, which re-exports every name here.

Examples
--------
>>> from provenance.terms import Hedge
>>> Hedge.parse("appeared to")
<Hedge.UNCERTAIN: 'uncertain'>
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from typing import TypeVar, cast

from provenance.errors import ValidationError, did_you_mean

__all__ = [
    "HEDGE_CUES",
    "PLAIN_HEDGES",
    "Credibility",
    "Flag",
    "Hedge",
    "Published",
    "Reliability",
    "parse_published",
]

Published = dt.date | dt.datetime
"""A report's publication time: a calendar date, or a datetime (naive or aware)."""

_E = TypeVar("_E", bound="_ParsableEnum")


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
        known = [*(m.value for m in cls), *cls._aliases()]
        hint = did_you_mean(str(value).lower(), known)
        raise ValidationError(
            f"unknown {cls._label()} {value!r}{hint}; expected one of {choices}{also}"
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
    provenance.errors.ValidationError: unknown hedge 'perhaps so' (did you mean 'perhaps'?); ...
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


@functools.lru_cache(maxsize=1 << 16)
def _parse_iso(value: str) -> Published | None:
    """`value` as a date or datetime, or None; cached, since a table repeats its dates
    and the results (immutable) can be shared: 2M rows hold one object per day."""
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if text.endswith(("Z", "z")):  # fromisoformat takes "Z" only from 3.11
            text = text[:-1] + "+00:00"
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


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
        parsed = _parse_iso(value)
        if parsed is not None:
            return parsed
    raise ValidationError(
        f"published {value!r} is not an ISO 8601 date or datetime (e.g. '2024-12-26')"
    )
