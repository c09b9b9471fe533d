"""Every error the library raises.

One tree, rooted at :class:`ProvenanceError`, so callers can catch the library's
errors without catching their own bugs::

    ProvenanceError
     ├── ValidationError       (also ValueError)   a value is not acceptable
     ├── UnknownIdError        (also LookupError)  an id that was never declared
     ├── DuplicateIdError      (also ValueError)   an id declared twice, differently
     └── DuplicateReportError  (also ValueError)   a source reports a claim twice

Every message names the bad value, and an unknown id suggests the closest known one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "DuplicateIdError",
    "DuplicateReportError",
    "ProvenanceError",
    "UnknownIdError",
    "ValidationError",
]


class ProvenanceError(Exception):
    """Root of every error raised by :mod:`provenance`."""


class ValidationError(ProvenanceError, ValueError):
    """A value is not acceptable: an unknown hedge or grade, an empty id, a bad date."""


class UnknownIdError(ProvenanceError, LookupError):
    """An id that was never declared as a source or claim.

    Examples
    --------
    >>> raise UnknownIdError("source", "warshall", known=["warshal", "militarnyi"])
    Traceback (most recent call last):
    ...
    provenance.errors.UnknownIdError: unknown source 'warshall' (did you mean 'warshal'?)
    """

    def __init__(self, kind: str, value: str, *, known: Iterable[str] = ()) -> None:
        self.kind = kind
        self.value = value
        close = difflib.get_close_matches(value, list(known), n=1)
        self.suggestion: str | None = close[0] if close else None
        hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")


class DuplicateIdError(ProvenanceError, ValueError):
    """An id declared twice with different contents, or as both a source and a claim."""


class DuplicateReportError(ProvenanceError, ValueError):
    """A source already has a report of its own on this claim."""
