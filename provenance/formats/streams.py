"""JSON entry by entry, both ways: a file as large as the graph never costs a second graph.

A writer describes its document as a mapping whose big members are :class:`Stream`\\ s
(made again from the graph each time they are walked); :func:`json_chunks` turns it
into text piece by piece for the file, and :func:`materialize` into plain data for the
functions that return a document (``to_prov``, ``to_dict``).

A reader walks a document without holding it (:func:`walk`): the platform exports
(a Telegram ``result.json`` of a million messages is one JSON object) are read a
member at a time, each parsed whole by :mod:`json`, the containers around them by
hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TextIO

from provenance._files import MAX_LINE_CHARS
from provenance.errors import FormatError

__all__ = ["JSONPath", "Stream", "json_chunks", "materialize", "unique_keys", "walk"]

JSONPath = tuple[str | int, ...]
"""Where a value sits in a document: the keys and indexes leading to it."""


class Stream:
    """A JSON array, or with `pairs` an object, whose entries `entries()` makes afresh."""

    def __init__(self, entries: Callable[[], Iterable[Any]], *, pairs: bool = False) -> None:
        self.entries = entries
        self.pairs = pairs


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_chunks(document: Mapping[str, Any]) -> Iterator[str]:
    """The JSON text of `document`, a top-level member and a stream entry per line.

    Examples
    --------
    >>> doc = {"version": 2, "items": Stream(lambda: ({"n": i} for i in range(2)))}
    >>> print("".join(json_chunks(doc)), end="")
    {
     "version": 2,
     "items": [
      {"n": 0},
      {"n": 1}
     ]
    }
    >>> json.loads("".join(json_chunks(doc))) == materialize(doc)
    True
    """
    yield "{"
    for i, (key, value) in enumerate(document.items()):
        yield f"{',' if i else ''}\n {_dumps(key)}: "
        if not isinstance(value, Stream):
            yield _dumps(value)
            continue
        opening, closing = "{}" if value.pairs else "[]"
        yield opening
        empty = True
        for entry in value.entries():
            text = f"{_dumps(entry[0])}: {_dumps(entry[1])}" if value.pairs else _dumps(entry)
            yield f"{'' if empty else ','}\n  {text}"
            empty = False
        yield closing if empty else f"\n {closing}"
    yield "\n}\n"


def materialize(document: Mapping[str, Any]) -> dict[str, Any]:
    """`document` as plain data: every stream made into its list or dict."""
    return {
        key: (dict(value.entries()) if value.pairs else list(value.entries()))
        if isinstance(value, Stream)
        else value
        for key, value in document.items()
    }


_WHITE = re.compile(r"[ \t\n\r]*")


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members as a dict, refusing a key given twice (``object_pairs_hook``):
    which of the two a reader should take is not said."""
    found = dict(pairs)
    if len(found) != len(pairs):
        twice = next(key for i, (key, _) in enumerate(pairs) if key in dict(pairs[:i]))
        raise ValueError(f"key {twice!r} is given twice")
    return found


_DECODER = json.JSONDecoder(object_pairs_hook=unique_keys)
_NEAR_END = 64  # a value ending this close to the buffer's end may go on (a number)


class _Cursor:
    """A JSON text read forward through a buffer that grows to hold the value at hand,
    and no more: each refill reads as much again as is pending, so a value costs
    linear time however it falls across reads."""

    def __init__(self, file: TextIO, name: str) -> None:
        self.file, self.name = file, name
        self.text, self.at, self.ended = "", 0, False

    def more(self) -> bool:
        pending = len(self.text) - self.at
        if pending > MAX_LINE_CHARS:
            raise FormatError(
                f"one JSON value longer than {MAX_LINE_CHARS:,} characters "
                "(provenance._files.MAX_LINE_CHARS)",
                file=self.name,
            )
        chunk = self.file.read(max(1 << 16, pending))
        if not chunk:
            self.ended = True
            return False
        self.text, self.at = self.text[self.at :] + chunk, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not taken."""
        while True:
            self.at = _WHITE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.more():
                return ""

    def take(self, wanted: str, where: JSONPath) -> str:
        found = self.peek()
        if found == "" or found not in wanted:
            said = repr(found) if found else "the end of the file"
            raise FormatError(
                f"malformed JSON at {_place(where)}: expected "
                f"{' or '.join(map(repr, wanted))}, found {said}",
                file=self.name,
            )
        self.at += 1
        return found

    def value(self, where: JSONPath) -> Any:
        """The next whole JSON value, parsed by :mod:`json` (keys once per object)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                cut = error.pos >= len(self.text) - _NEAR_END or error.msg.startswith(
                    "Unterminated string"
                )
                if cut and not self.ended and self.more():
                    continue
                raise FormatError(
                    f"malformed JSON at {_place(where)}: {error.msg}", file=self.name
                ) from None
            except RecursionError:
                raise FormatError(
                    f"malformed JSON at {_place(where)}: nested too deep", file=self.name
                ) from None
            except ValueError as error:  # a key given twice, a number too long to read
                raise FormatError(
                    f"malformed JSON at {_place(where)}: {error}", file=self.name
                ) from None
            if end > len(self.text) - _NEAR_END and not self.ended and self.more():
                continue  # a number cut by the read may go on
            self.at = end
            return value


def _place(where: JSONPath) -> str:
    return (
        "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where)[
            1 if where and isinstance(where[0], str) else 0 :
        ]
        or "the top"
    )


def walk(
    file: TextIO,
    descend: Callable[[JSONPath], bool],
    *,
    name: str,
    documents: int | None = None,
) -> Iterator[tuple[JSONPath, Any]]:
    """The values of the JSON document in `file`, in order, each with its path: an
    object or array at a path where `descend` says so is opened and walked member by
    member; any other value is parsed whole and given. Several documents one after
    another (JSON Lines) are walked in turn, each one's paths starting afresh; with
    `documents`, no more than that many.

    Memory holds one given value at a time, whatever the document's size; a malformed
    document is a :class:`~provenance.errors.FormatError` naming `name` and the path.

    Examples
    --------
    >>> import io
    >>> text = '{"name": "chat", "messages": [{"id": 1}, {"id": 2}]}'
    >>> for path, value in walk(io.StringIO(text), lambda p: len(p) < 2, name="result.json"):
    ...     print(path, value)
    ('name',) chat
    ('messages', 0) {'id': 1}
    ('messages', 1) {'id': 2}
    """
    cursor = _Cursor(file, name)
    count = 0
    while cursor.peek() and count != documents:
        yield from _walk(cursor, (), descend)
        count += 1


def _walk(
    cursor: _Cursor, path: JSONPath, descend: Callable[[JSONPath], bool]
) -> Iterator[tuple[JSONPath, Any]]:
    opening = cursor.peek()
    if opening not in ("{", "[") or not descend(path):
        yield path, cursor.value(path)
        return
    closing = "}" if opening == "{" else "]"
    cursor.at += 1
    if cursor.peek() == closing:
        cursor.at += 1
        return
    keys: set[str] = set()
    for index in range(MAX_LINE_CHARS):  # a bound, never reached: a member is ≥ 1 char
        member: str | int = index
        if opening == "{":
            member = _key(cursor, path, keys)
        yield from _walk(cursor, (*path, member), descend)
        if cursor.take("," + closing, path) == closing:
            return


def _key(cursor: _Cursor, path: JSONPath, keys: set[str]) -> str:
    if cursor.peek() != '"':
        cursor.take('"', path)  # says what was found instead
    key = cursor.value(path)
    if key in keys:
        raise FormatError(
            f"malformed JSON at {_place(path)}: key {key!r} is given twice", file=cursor.name
        )
    keys.add(key)
    cursor.take(":", (*path, key))
    return str(key)
