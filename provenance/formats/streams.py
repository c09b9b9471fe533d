"""JSON written entry by entry: a file as large as the graph never costs a second graph.

A writer describes its document as a mapping whose big members are :class:`Stream`\\ s
(made again from the graph each time they are walked); :func:`json_chunks` turns it
into text piece by piece for the file, and :func:`materialize` into plain data for the
functions that return a document (``to_prov``, ``to_dict``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

__all__ = ["Stream", "json_chunks", "materialize"]


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
