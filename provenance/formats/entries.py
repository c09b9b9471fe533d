"""The entries of a platform's JSON or JSON Lines export, one at a time.

An export is a list of records (``[…]``), a page wrapping one
(``{"records": […], "cursor": …}``, ``{"orderedItems": […], "type": …}``), pages or
records one after another (JSON Lines), or a mix of these. :func:`entries` gives each
record with its place in the file (``[3]``, ``records[3]``, ``line 40``), for errors
that name it, and holds one record at a time: a one-line ``outbox.json`` of a million
activities is walked a value at a time (:func:`~provenance.formats.streams.walk`), JSON
Lines read a line at a time.

Examples
--------
>>> import json, pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "page.json"
>>> _ = path.write_text(json.dumps({"records": [{"uri": "a"}, {"uri": "b"}], "cursor": "c"}))
>>> for place, value, wrapper in entries(path, ("records",)):
...     print(place, value, wrapper)
records[0] {'uri': 'a'} False
records[1] {'uri': 'b'} False
document 1 {'cursor': 'c'} True
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from provenance._files import MAX_LINE_CHARS, cannot_read, open_regular
from provenance.errors import FormatError
from provenance.formats.streams import JSONPath, walk
from provenance.formats.syntax import parse_json

__all__ = ["entries"]


def entries(path: Path, lists: tuple[str, ...]) -> Iterator[tuple[str, Any, bool]]:
    """Each entry of the JSON or JSON Lines file at `path`, with its place: an item of a
    top-level array or of a top-level object's list named in `lists` (``records``,
    ``orderedItems`` …), or a top-level object (a line). What else an object holding
    such a list has comes after its items, marked True (a page's cursor …).

    JSON Lines (a first line of one whole object, no wrapper) is read a line at a time;
    anything else is walked a value at a time (:func:`~provenance.formats.streams.walk`): a one-line
    ``outbox.json`` of a million activities is never held whole. Errors are one
    :class:`FormatError` (malformed JSON, a scalar document) or
    :class:`~provenance.errors.FileAccessError` (not readable, not UTF-8).
    """
    try:
        with io.TextIOWrapper(open_regular(path), encoding="utf-8") as file:
            first = file.readline(_FIRST_LINE)
            if _one_record(first, lists):
                yield from _lines(first, file, str(path), lists)
            else:
                file.seek(0)
                yield from _walked(file, str(path), lists)
    except UnicodeDecodeError as error:
        raise cannot_read(path, error) from None


_FIRST_LINE = 1 << 20  # a first line longer is no JSON Lines record: walked instead


def _one_record(line: str, lists: tuple[str, ...]) -> bool:
    """Whether `line` is one whole JSON object, and no wrapper of a list."""
    if not line.lstrip().startswith("{") or not line.endswith("\n"):
        return False
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and not any(key in value for key in lists)


def _lines(
    first: str, file: TextIO, name: str, lists: tuple[str, ...]
) -> Iterator[tuple[str, Any, bool]]:
    rest = iter(lambda: file.readline(MAX_LINE_CHARS + 1), "")
    for number, line in enumerate(itertools.chain([first], rest), 1):
        if len(line) > MAX_LINE_CHARS:
            raise FormatError(
                f"a line longer than {MAX_LINE_CHARS:,} characters", file=name, line=number
            )
        if not line.strip():
            continue
        try:
            value = parse_json(line, file=name)
        except FormatError as error:
            raise FormatError(error.message, file=name, line=number) from None
        yield from _split(value, f"line {number}", name, lists)


def _split(
    value: Any, place: str, name: str, lists: tuple[str, ...]
) -> Iterator[tuple[str, Any, bool]]:
    """The entries of one JSON document, read whole."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield f"{place}, [{index}]", item, False
    elif not isinstance(value, dict):
        raise FormatError(
            f"a JSON document here is an object or an array, got {value!r:.80}",
            file=name,
            place=place,
        )
    elif not any(key in value for key in lists):
        yield place, value, False
    else:
        for key in lists:
            items = value.pop(key, [])
            if not isinstance(items, list):
                raise FormatError(
                    f"{key} must be a list, got {items!r:.80}", file=name, place=place
                )
            for index, item in enumerate(items):
                yield f"{place}, {key}[{index}]", item, False
        yield place, value, True


def _walked(file: TextIO, name: str, lists: tuple[str, ...]) -> Iterator[tuple[str, Any, bool]]:
    """The entries of JSON documents walked a value at a time: their lists' items one
    by one, a top-level object once it ended."""
    documents = _Documents(lists)
    kept: dict[str, Any] = {}
    seen = 0
    for where, value in walk(file, documents.descend, name=name):
        if documents.count != seen:  # a new document: the last one is whole
            if kept:
                yield f"document {seen}", kept, seen in documents.wrapped
            seen, kept = documents.count, {}
        prefix = f"document {seen}, " if seen > 1 else ""
        if not where:
            yield from _split(value, f"document {seen + 1}", name, lists)
        elif isinstance(where[0], int):
            yield f"{prefix}[{where[0]}]", value, False
        elif len(where) == 1:
            kept[str(where[0])] = value
        elif isinstance(where[1], int):
            yield f"{prefix}{where[0]}[{where[1]}]", value, False
        else:
            raise FormatError(
                f"{where[0]} must be a list, got an object", file=name, place=f"document {seen}"
            )
    if kept:
        yield f"document {seen}", kept, seen in documents.wrapped


class _Documents:
    """Which values :func:`entries` opens: every document, and the lists named."""

    def __init__(self, lists: tuple[str, ...]) -> None:
        self.lists, self.count = lists, 0
        self.wrapped: set[int] = set()  # the documents holding a list named

    def descend(self, path: JSONPath) -> bool:
        if not path:
            self.count += 1
            return True
        if len(path) == 1 and path[0] in self.lists:
            self.wrapped.add(self.count)
            return True
        return False
