"""Story files as text: YAML for hand-writing, JSON for machines.

Parsing names the line of every place (YAML) or of the fault (JSON), and refuses what no
story holds: characters YAML forbids, a key given twice, nesting too deep, numbers too
long, impossible dates. YAML aliases are walked once, so a file of nested aliases costs
its own size. libyaml's parser is used where it is installed. The data itself is read
and written by :mod:`provenance.formats.story`.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from typing import Any

from provenance.errors import FormatError, MissingDependencyError
from provenance.formats.story import read_dict, story_document, to_dict
from provenance.formats.streams import json_chunks, unique_keys
from provenance.store import Store

__all__ = ["MAX_YAML_DEPTH", "dumps_json", "dumps_yaml", "loads_json", "loads_yaml", "parse_json"]


_END = "# end of story\n"
"""The last line of a saved YAML story: a file cut short on a line boundary parses, and
its counts cannot tell when the cut fell inside the last entry; this line can."""

MAX_YAML_DEPTH = 100
"""The deepest nesting read from a YAML story (a story is five levels deep); deeper is a
:class:`FormatError` that names this setting."""


def _too_deep(limit: int | None = None) -> str:
    """What a parse nested too deep says: the limit, and where it is set. JSON's decoder
    is bounded by Python's recursion limit, YAML's composer by :data:`MAX_YAML_DEPTH`."""
    if limit is None:
        return f"nested too deep (the limit is sys.getrecursionlimit() = {sys.getrecursionlimit()})"
    return f"nested too deep (the limit is provenance.formats.syntax.MAX_YAML_DEPTH = {limit})"


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise MissingDependencyError("reading and writing YAML stories", "PyYAML") from None
    return yaml


def loads_yaml(text: str, into: Store, *, file: str = "<yaml>") -> None:
    """Fill the empty store `into` from YAML story text; errors name the line."""
    yaml = _yaml()
    forbidden = yaml.reader.Reader.NON_PRINTABLE.search(text)  # what YAML forbids, as
    if forbidden is not None:  # PyYAML's own reader says, which libyaml's does not
        character = ord(forbidden.group())
        raise FormatError(
            f"malformed YAML: character U+{character:04X}: special characters are not allowed",
            file=file,
            line=text.count("\n", 0, forbidden.start()) + 1,
        )
    loader = None
    try:
        loader = _loader(yaml)(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        problem, line = _yaml_problem(error, text)
        raise FormatError(f"malformed YAML: {problem}", file=file, line=line) from None
    except RecursionError:
        raise FormatError(f"malformed YAML: {_too_deep()}", file=file) from None
    except (ValueError, OverflowError, TypeError) as error:  # e.g. an impossible date
        raise FormatError(f"malformed YAML: {error}", file=file) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[str, int] = {}
    if node is not None:
        _node_lines(node, lines)
    if isinstance(data, dict) and "counts" in data and _END not in text:
        raise FormatError(
            f"the file is cut short: saved with counts, it lacks its last line {_END.strip()!r}",
            file=file,
            line=text.count("\n") + 1,
        )
    read_dict(data, into, file=file, lines=lines)


@functools.cache
def _loader(yaml: Any) -> Any:
    """The safe loader that refuses a key given twice: libyaml's parser where it is
    installed, under PyYAML's composer, whose depth Python's recursion limit bounds (the
    C composer's is the C stack: 50,000 ``[`` crash the interpreter)."""
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StoryLoader(yaml.composer.Composer, base):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            base.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            self.depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            # Counted here, not left to Python's recursion limit: a test runner may raise
            # that limit past what the C stack under libyaml's events can hold.
            self.depth += 1
            try:
                if self.depth > MAX_YAML_DEPTH:
                    raise yaml.composer.ComposerError(
                        None, None, _too_deep(MAX_YAML_DEPTH), self.peek_event().start_mark
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = key_node.value
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} is given twice", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep)

    return StoryLoader


def _yaml_problem(error: Exception, text: str) -> tuple[str, int | None]:
    """What a YAML error says, in one line, and the line it is on."""
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        problem = getattr(error, "problem", None) or " ".join(str(error).split())
        if problem == "exceeded maximum nesting depth":  # newer libyaml's own limit (1000):
            problem = _too_deep(MAX_YAML_DEPTH)  # deeper than ours too, so say ours
        return problem, mark.line + 1
    character, position = getattr(error, "character", None), getattr(error, "position", None)
    if isinstance(character, int) and isinstance(position, int):  # a character YAML forbids
        reason = getattr(error, "reason", "not allowed")
        line = text.count("\n", 0, position) + 1
        return f"character U+{character:04X}: {reason}", line
    return " ".join(str(error).split()), None


def _node_lines(root: Any, lines: dict[str, int]) -> None:
    """Record the line of every place in a composed YAML document.

    Each node is walked once: an alias points at a node already walked, so a document
    of nested aliases costs its size, not the size it would have written out.
    """
    walked: set[int] = set()
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        node, place = stack.pop()
        lines.setdefault(place, node.start_mark.line + 1)  # a key's place: the key's line
        if id(node) in walked:
            continue
        walked.add(id(node))
        if node.tag.endswith(":map"):
            for key, value in node.value:
                child = f"{place}.{key.value}" if place else str(key.value)
                lines[child] = key.start_mark.line + 1
                stack.append((value, child))
        elif node.tag.endswith(":seq"):
            for i, item in enumerate(node.value):
                stack.append((item, f"{place}[{i}]"))


def dumps_yaml(graph: Store) -> str:
    """The graph as YAML story text."""
    yaml = _yaml()
    text: str = yaml.dump(
        to_dict(graph), Dumper=_dumper(yaml), sort_keys=False, allow_unicode=True, width=100
    )
    return text + _END


@functools.cache
def _dumper(yaml: Any) -> Any:
    """The safe dumper, writing a ``str`` subclass as the text it is."""

    class StoryDumper(yaml.SafeDumper):  # type: ignore[misc]
        pass

    def text(dumper: Any, value: str) -> Any:
        # Line breaks YAML folds away unless they are escaped: in double quotes, they are.
        breaks = any(c in value for c in "\r\x85\u2028\u2029")
        style = '"' if breaks else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)

    StoryDumper.add_representer(str, text)
    StoryDumper.add_multi_representer(str, text)
    return StoryDumper


def parse_json(text: str, *, file: str = "<json>") -> Any:
    """Parsed JSON; a :class:`FormatError` naming the file and line if it is malformed,
    nested too deep, has a number too long, or gives a key twice in one object."""
    try:
        return json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as error:
        raise FormatError(f"malformed JSON: {error.msg}", file=file, line=error.lineno) from None
    except RecursionError:
        raise FormatError(f"malformed JSON: {_too_deep()}", file=file) from None
    except ValueError as error:  # a number too long to read, or a key given twice
        raise FormatError(f"malformed JSON: {error}", file=file) from None


def loads_json(text: str, into: Store, *, file: str = "<json>") -> None:
    """Fill the empty store `into` from JSON story text."""
    read_dict(parse_json(text, file=file), into, file=file)


def dumps_json(graph: Store) -> Iterator[str]:
    """The graph as JSON story text, in pieces (a report a line): never held whole."""
    return json_chunks(story_document(graph))
