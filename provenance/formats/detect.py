"""What a file holds, told from its first bytes: the platform exports end in ``.json``,
``.jsonl``, ``.xml`` or ``.txt`` like everything else, so their importers recognise
them by content (a Telegram ``result.json`` by its keys).

:func:`head_of` reads at most :data:`HEAD_BYTES` of a regular file and gives a
:class:`Head`: the text read and, where it starts a JSON value, that value's first
members (containers opened three levels deep, at most :data:`HEAD_MEMBERS` values).
Each importer's ``detect(head)`` says yes or no from that alone.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "result.json"
>>> _ = path.write_text('{"name": "Warshal", "type": "public_channel", "id": 1, '
...                     '"messages": [{"id": 7, "type": "message", "text": "x"}]}')
>>> head = head_of(path)
>>> head.data["type"], head.data["messages"][0]["id"]
('public_channel', 7)
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
from typing import Any

from attrs import frozen

from provenance._files import open_regular
from provenance.errors import ProvenanceError
from provenance.formats.streams import JSONPath, walk

__all__ = ["HEAD_BYTES", "HEAD_MEMBERS", "Head", "head_of", "top_keys"]

HEAD_BYTES = 1 << 16
"""How much of a file detection reads (64 KiB)."""

HEAD_MEMBERS = 64
"""How many values of a JSON head are kept."""


@frozen
class Head:
    """The start of a file.

    Attributes
    ----------
    text : str
        Its first :data:`HEAD_BYTES` bytes as text (a character cut at the end dropped;
        ``""`` when they are not UTF-8).
    data : object
        The first JSON value's skeleton, when the text starts one: objects and arrays
        opened three levels deep, their first members only; otherwise None.
    """

    text: str
    data: Any = None


def head_of(path: str | os.PathLike[str]) -> Head:
    """The :class:`Head` of `path`; an empty head when it is no regular file (its
    reader then says why it cannot be read)."""
    try:
        with open_regular(path) as file:
            start = file.read(HEAD_BYTES)
    except (OSError, ProvenanceError):
        return Head("")
    try:
        text = start.decode("utf-8")
    except UnicodeDecodeError as error:
        if len(start) < HEAD_BYTES or error.start < HEAD_BYTES - 3:
            return Head("")  # not UTF-8: no format here reads it
        text = start[: error.start].decode("utf-8")  # a character cut at the end
    return Head(text, _skeleton(text) if text.lstrip()[:1] in ("{", "[") else None)


def top_keys(head: Head) -> list[str]:
    """The keys of the JSON object `head` starts, in order, as far as its text goes: the
    keys of empty containers too, which :attr:`Head.data` cannot show.

    Examples
    --------
    >>> top_keys(Head('{"entity": {"ex:e": {}}, "agent": {}, "cut": [1, 2'))
    ['entity', 'agent', 'cut']
    >>> top_keys(Head('[{"id": 1}]')), top_keys(Head(""))
    ([], [])
    """
    text, keys = head.text.lstrip(), []
    decoder, space = json.JSONDecoder(), re.compile(r"[\s,]*")
    at = 1 if text.startswith("{") else len(text)
    try:
        while (at := space.match(text, at).end()) < len(text) and text[at] != "}":  # type: ignore[union-attr]
            key, at = decoder.raw_decode(text, at)
            keys.append(str(key))
            at = space.match(text, text.index(":", at) + 1).end()  # type: ignore[union-attr]
            _, at = decoder.raw_decode(text, at)
    except (ValueError, RecursionError):
        pass  # cut at HEAD_BYTES, or malformed: the keys read so far
    return keys


def _skeleton(text: str) -> Any:
    """The first JSON value of `text`, as far as its first :data:`HEAD_MEMBERS` values."""
    root: list[Any] = []
    values = walk(io.StringIO(text), lambda path: len(path) < 3, name="head", documents=1)
    try:
        for count, (path, value) in enumerate(values):
            if count == HEAD_MEMBERS or (path and isinstance(path[0], int) and path[0] > 0):
                break
            _place(root, path, value)
    except (ProvenanceError, RecursionError):
        pass  # cut at HEAD_BYTES, or malformed: what was read so far
    return root[0] if root else None


def _place(root: list[Any], path: JSONPath, value: Any) -> None:
    """Put `value` at `path` under `root`, making the containers on the way."""
    container: Any = root
    steps: list[str | int] = [0, *path]
    for step, following in itertools.pairwise(steps):
        container = _child(container, step, {} if isinstance(following, str) else [])
    last = steps[-1]
    if isinstance(container, dict) and isinstance(last, str):
        container[last] = value
    elif isinstance(container, list) and last == len(container):
        container.append(value)


def _child(container: Any, step: str | int, empty: Any) -> Any:
    if isinstance(container, dict):
        return container.setdefault(step, empty)
    if isinstance(container, list) and isinstance(step, int):
        if step == len(container):
            container.append(empty)
        return container[step]
    return empty
