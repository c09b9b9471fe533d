"""Every error the library raises.

One tree, rooted at :class:`ProvenanceError`, so callers can catch the library's
errors without catching their own bugs::

    ProvenanceError
     ├── ValidationError       (also ValueError)   a value is not acceptable
     ├── UnknownIdError        (also LookupError)  an id that was never declared
     ├── DuplicateIdError      (also ValueError)   an id declared twice, differently
     ├── DuplicateReportError  (also ValueError)   a source reports a claim twice
     ├── MissingDependencyError (also ImportError) an optional package is not installed
     ├── FileAccessError       (also OSError)      a file cannot be read or written
     └── FormatError           (also ValueError)   a file's contents are wrong; names the place

Every message names the bad value, and an unknown id suggests the closest known one.

What a reader leaves out without failing (records of a format the library does not
model) is never dropped silently: it is said by a :class:`ProvenanceWarning`, which
the command line prints as a ``provenance: note:`` line.
An error is never edited once raised: naming the row of a bulk call
(:meth:`ProvenanceError.at_row`) makes a new error, and :func:`located` is the one place
that turns a lower error into a :class:`FormatError` naming the file, line and place.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = [
    "DuplicateIdError",
    "DuplicateReportError",
    "FileAccessError",
    "FormatError",
    "MissingDependencyError",
    "ProvenanceError",
    "ProvenanceWarning",
    "UnknownIdError",
    "ValidationError",
    "did_you_mean",
    "located",
]

_E = TypeVar("_E", bound="ProvenanceError")


class ProvenanceError(Exception):
    """Root of every error raised by :mod:`provenance`."""

    row: int | None = None
    """In a bulk insert (:meth:`ProvenanceGraph.add_reports`), the index of the failing row."""

    def at_row(self: _E, row: int, place: str = "rows") -> _E:
        """A new error of the same kind whose message starts with ``PLACE[ROW]:``.

        Examples
        --------
        >>> error = ValidationError("unknown hedge 'maybe'").at_row(3)
        >>> str(error), error.row
        ("rows[3]: unknown hedge 'maybe'", 3)
        """
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        Exception.__init__(new, f"{place}[{row}]: {self}")
        new.row = row
        return new


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
        super().__init__(f"unknown {kind} {value!r}{did_you_mean(value, close)}")


def did_you_mean(value: object, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` with the known name closest to `value`, or nothing: the
    one hint every "unknown …" message gives.

    Examples
    --------
    >>> did_you_mean("singel_source", ["single_source", "echo"]), did_you_mean("zz", ["a"])
    (" (did you mean 'single_source'?)", '')
    """
    close = difflib.get_close_matches(str(value).strip(), list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class DuplicateIdError(ProvenanceError, ValueError):
    """An id declared twice with different contents, or as both a source and a claim."""


class DuplicateReportError(ProvenanceError, ValueError):
    """A source already has a report of its own on this claim."""


class MissingDependencyError(ProvenanceError, ImportError):
    """A feature needs a package that is not installed; the message says what to install."""

    def __init__(self, feature: str, package: str, *, extra: str | None = None) -> None:
        super().__init__(
            f"{feature} needs the {package!r} package, which is not installed; "
            f"install it with: python -m pip install '{extra or package}'"
        )


class ProvenanceWarning(UserWarning):
    """Something a reader read and left out, named: the file still loads without it.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn(ProvenanceWarning("doc.json: 1 record left out: activity 'ex:a'"))
    >>> str(caught[0].message)
    "doc.json: 1 record left out: activity 'ex:a'"
    """


class FileAccessError(ProvenanceError, OSError):
    """A file cannot be read or written; the message names it and says why."""


class FormatError(ProvenanceError, ValueError):
    """A file's contents are wrong: malformed, wrong types, unknown or duplicate ids.

    The message reads ``FILE, line N, PLACE: what is wrong``, e.g.
    ``story.yaml, line 40, reports[3].via[0]: unknown source 'warshall' (did you mean
    'warshal'?)``; the parts are also attributes.
    """

    def __init__(self, message: str, *, file: str = "", place: str = "", line: int | None = None):
        self.file, self.place, self.line, self.message = file, place, line, message
        where = [part for part in (file, f"line {line}" if line else "", place) if part]
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@contextlib.contextmanager
def located(
    file: str,
    *,
    line: int | None = None,
    place: str = "",
    line_of_row: Callable[[int], int | None] | None = None,
    lower: tuple[type[Exception], ...] = (),
    what: str = "bad value",
) -> Iterator[None]:
    """Turn a :class:`ProvenanceError` raised inside into a :class:`FormatError` at a place.

    The one place where a reader says where in a file a value went wrong. A bulk
    insert's error names its row; `line_of_row` maps that row to its line of the file.
    Errors of the `lower` types (a missing key, a wrong type in parsed data) become a
    :class:`FormatError` that says `what` and quotes them. A :class:`FormatError` and a
    :class:`FileAccessError` pass through as they are.

    Examples
    --------
    >>> with located("story.csv", line=3):
    ...     raise ValidationError("unknown hedge 'maybe'")
    Traceback (most recent call last):
    ...
    provenance.errors.FormatError: story.csv, line 3: unknown hedge 'maybe'
    """
    try:
        yield
    except (FormatError, FileAccessError):
        raise
    except ProvenanceError as error:
        message = str(error)
        if error.row is not None and line_of_row is not None:
            line = line_of_row(error.row)
            message = message.partition(": ")[2] or message  # the line replaces rows[i]
        raise FormatError(message, file=file, place=place, line=line) from None
    except lower as error:
        raise FormatError(f"{what} ({error!r})", file=file, place=place, line=line) from None
