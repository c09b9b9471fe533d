"""Hedge words as written: where a passage qualifies how firmly something is reported.

:func:`find_hedges` finds the hedging words of news copy (:data:`provenance.terms.HEDGE_CUES`
plus multiword phrases such as "could not be independently verified") in a stretch of text,
leaving out the look-alikes that hedge nothing: May the month, "could not be reached for
comment", "according to plan", "citing security concerns", a "verified account", military
"might", "suspected member". :func:`weakest` combines levels (the weakest wins).

Examples
--------
>>> from provenance.draft.hedges import find_hedges
>>> [(h.level.value, h.text) for h in find_hedges("On 3 May the tank appeared to burn.")]
[('uncertain', 'appeared to')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from attrs import frozen

from provenance.terms import HEDGE_CUES, Hedge

__all__ = ["FRAMING", "Found", "find_hedges", "weakest"]

_RANK = {Hedge.CONFIRMED: 0, Hedge.ASSERTED: 1, Hedge.ATTRIBUTED: 2, Hedge.UNCERTAIN: 3}

#: Phrases beyond HEDGE_CUES, with their level.
_PHRASES = {
    "could not be independently verified": "uncertain",
    "could not be independently confirmed": "uncertain",
    "could not independently verify": "uncertain",
    "could not independently confirm": "uncertain",
    "could not be verified": "uncertain",
    "could not be confirmed": "uncertain",
    "could not verify": "uncertain",
    "could not confirm": "uncertain",
    "has not been independently verified": "uncertain",
    "has not been verified": "uncertain",
    "unable to independently verify": "uncertain",
    "unable to independently confirm": "uncertain",
    "unable to verify": "uncertain",
    "unable to confirm": "uncertain",
    "it remains unclear": "uncertain",
    "it is unclear": "uncertain",
    "remains unclear": "uncertain",
    "it is believed": "uncertain",
    "is believed to": "uncertain",
    "are believed to": "uncertain",
    "appeared to": "uncertain",
    "appear to": "uncertain",
    "seemed to": "uncertain",
    "is said to": "attributed",
    "are said to": "attributed",
    "was said to": "attributed",
    "it is reported": "attributed",
    "it was reported": "attributed",
    "officially acknowledged": "confirmed",
    "officially confirmed": "confirmed",
    "has verified": "confirmed",
    "have verified": "confirmed",
    "has confirmed": "confirmed",
    "geolocated": "confirmed",
}
_SKIP = {"according to", "according to sources", "citing", "officially", "verified", "claims"}
_CUES = {**{k: v for k, v in HEDGE_CUES.items() if k not in _SKIP}, **_PHRASES}
_ALTERNATION = "|".join(re.escape(k) for k in sorted(_CUES, key=len, reverse=True))
_PATTERN = re.compile(rf"\b(?:{_ALTERNATION})\b", re.IGNORECASE)
#: Words that are not hedges where they stand: (pattern over the text around the match).
_NEGATIVE = re.compile(
    r"""
      \d\s+May\b | \bMay\s+\d | \bin\s+May\b | \bof\s+May\b | \bMay\s+(?:Day|\d{4})
    | \bmilitary\s+might\b | \bmight\s+of\b | \b(?:its|their|his|her)\s+might\b
    | \bsuspected\s+(?:member|members|arsonists?|saboteurs?|spy|spies|agents?|militants?
                    |attackers?|gunman|gunmen|killer|shooter|drone\s+operator)s?\b
    | \balleged\s+(?:member|members|arsonists?|saboteurs?|spy|spies|agents?|militants?
                  |attackers?|gunman|gunmen|killer|shooter|collaborators?)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: Words of a writer's own framing: they hedge the reporter whose words frame the content
#: (in reported speech, the publisher), not the sources further along the chain.
FRAMING = frozenset(
    {
        "reportedly",
        "allegedly",
        "apparently",
        "purportedly",
        "seemingly",
        "claimed",
        "claims",
        "is said to",
        "are said to",
        "was said to",
        "said to",
        "it is reported",
        "it was reported",
        "rumoured",
        "rumored",
        "alleged",
        "unverified",
        "unconfirmed",
    }
)


@frozen
class Found:
    """A hedge as written: its level, its words and where they are."""

    level: Hedge
    text: str
    start: int
    end: int

    @property
    def framing(self) -> bool:
        """True for a writer's framing word ("reportedly"), False for a modal ("may")."""
        return self.text.casefold() in FRAMING


def _negative(text: str, start: int, end: int) -> bool:
    window_start = max(0, start - 12)
    for match in _NEGATIVE.finditer(text, window_start, min(len(text), end + 24)):
        if match.start() <= start < match.end():
            return True
    word = text[start:end]
    # "May" capitalised inside a sentence: the month
    return word == "May" and start > 0 and not text[:start].rstrip().endswith((".", "\u201c", '"'))


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """The hedges written in ``text[start:end]``, in order, offsets into `text`.

    Examples
    --------
    >>> [h.text for h in find_hedges("The claim could not be independently verified.")]
    ['could not be independently verified']
    >>> find_hedges("The governor could not be reached for comment in May.")
    []
    """
    stop = len(text) if end is None else end
    out: list[Found] = []
    for match in _PATTERN.finditer(text, start, stop):
        a, b = match.start(), match.end()
        if _negative(text, a, b):
            continue
        if match.group().casefold() == "could" and re.match(r"\s+not\b", text[b:]):
            continue  # "could not be reached": not a hedge unless a phrase above took it
        level = Hedge(_CUES[match.group().casefold()])
        out.append(Found(level, match.group(), a, b))
    return out


def weakest(levels: Iterable[Hedge]) -> Hedge:
    """The weakest of `levels` (confirmed > asserted > attributed > uncertain); asserted if none.

    Examples
    --------
    >>> weakest([Hedge.ATTRIBUTED, Hedge.UNCERTAIN, Hedge.ASSERTED]).value
    'uncertain'
    """
    return max(levels, key=_RANK.__getitem__, default=Hedge.ASSERTED)


def rank(level: Hedge) -> int:
    """0 for confirmed up to 3 for uncertain."""
    return _RANK[level]
