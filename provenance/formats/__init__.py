"""File formats: one registry of readers and writers, chosen by the file name's ending.

=====================  ==============================================  =========================
ending                 format                                          module
=====================  ==============================================  =========================
``.prov.json``         W3C PROV-JSON                                   :mod:`.formats.prov`
``.nodelink.json``     networkx node-link JSON                         :mod:`.formats.network`
``.yaml``, ``.yml``    story, for hand-writing                         :mod:`.formats.syntax`
``.json``              story, for machines                             :mod:`.formats.syntax`
``.graphml``           GraphML, attributes flattened to scalars        :mod:`.formats.network`
``.csv``, ``.jsonl``   report tables, with sibling tables              :mod:`.formats.tables`
``.parquet``           Parquet report tables (typed), with siblings    :mod:`.formats.parquet`
=====================  ==============================================  =========================

:data:`FORMATS` is that table: :func:`provenance.load`, :func:`provenance.save`, the
command line and the tests all read it. A reader fills an empty
:class:`~provenance.store.Store` through its public API; a writer writes atomically (a
temporary file renamed into place), so a failed save leaves the old file as it was.

A report table (:data:`TABLE_SUFFIXES`, :func:`is_table`) is read and written with the
tables standing beside it as one set: which files make it, and how a save of it is
made whole, are :mod:`.formats.tables`' rules, for every one of its endings. Parquet
needs pyarrow (``pip install 'provenance-graph[columns]'``).

Examples
--------
>>> from provenance.formats import FORMATS, format_of
>>> format_of("stories/pow.prov.json").name
'W3C PROV-JSON'
>>> [f.suffixes for f in FORMATS][:2]
[('.prov.json',), ('.nodelink.json',)]
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from attrs import frozen

from provenance._files import checked_path, open_regular, read_text, write_text_atomically
from provenance.errors import FormatError, ValidationError
from provenance.formats import network, prov, syntax, tables
from provenance.formats.rows import RowRules
from provenance.formats.streams import json_chunks
from provenance.formats.tables import TABLE_SUFFIXES, is_table
from provenance.store import Store

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "TABLE_SUFFIXES",
    "Format",
    "check_not_empty",
    "format_of",
    "is_table",
    "read",
    "write",
    "written",
]


@frozen
class Format:
    """One file format: the name endings it owns, and how to read and write it.

    Attributes
    ----------
    suffixes : tuple of str
        File name endings, lower case, e.g. ``(".yaml", ".yml")``.
    name : str
        What the format is, in words.
    read : callable
        ``read(path, store)`` fills an empty store from the file.
    write : callable
        ``write(store, path)`` writes the file atomically and returns its path.
    empty_ok : tuple of str
        Endings whose empty file is a whole story (JSON Lines: a table with no rows has
        no line at all); any other empty file is refused.
    """

    suffixes: tuple[str, ...]
    name: str
    read: Callable[[Path, Store], None]
    write: Callable[[Store, Path], Path]
    empty_ok: tuple[str, ...] = ()


def _text_reader(parse: Callable[..., None]) -> Callable[[Path, Store], None]:
    return lambda path, into: parse(read_text(path), into, file=str(path))


def _text_writer(dump: Callable[[Store], str | Iterable[str]]) -> Callable[[Store, Path], Path]:
    return lambda store, path: write_text_atomically(path, dump(store))


def _json_dump(make: Callable[[Store], object]) -> Callable[[Store], str]:
    return lambda store: json.dumps(make(store), ensure_ascii=False, indent=1) + "\n"


def _json_stream(make: Callable[[Store], dict[str, Any]]) -> Callable[[Store], Iterable[str]]:
    return lambda store: json_chunks(make(store))


def _json_reader(fill: Callable[..., None]) -> Callable[[Path, Store], None]:
    return lambda path, into: fill(
        syntax.parse_json(read_text(path), file=str(path)), into, file=str(path)
    )


FORMATS: tuple[Format, ...] = (
    Format(
        (".prov.json",),
        "W3C PROV-JSON",
        _json_reader(prov.read_prov),
        _text_writer(_json_stream(prov.prov_document)),
    ),
    Format(
        (".nodelink.json",),
        "networkx node-link JSON",
        _json_reader(network.read_node_link),
        _text_writer(_json_dump(network.node_link)),
    ),
    Format(
        (".yaml", ".yml"),
        "story, for hand-writing",
        _text_reader(syntax.loads_yaml),
        _text_writer(syntax.dumps_yaml),
    ),
    Format(
        (".json",),
        "story, for machines",
        _text_reader(syntax.loads_json),
        _text_writer(syntax.dumps_json),
    ),
    Format(
        (".graphml",),
        "GraphML, attributes flattened to scalars",
        _text_reader(network.read_graphml_text),
        _text_writer(network.graphml_text),
    ),
    Format(
        tables.TEXT_SUFFIXES,
        "report tables, with sibling tables",
        lambda path, into: tables.read_tables(path, into),
        tables.write_tables,
        empty_ok=(".jsonl",),
    ),
    Format(
        tables.PARQUET_SUFFIXES,
        "Parquet report tables (typed), with sibling tables",
        lambda path, into: tables.read_tables(path, into),
        tables.write_tables,
    ),
)
"""Every format, most specific ending first."""

SUFFIXES: tuple[str, ...] = tuple(suffix for f in FORMATS for suffix in f.suffixes)
"""Every file name ending a format owns, most specific first."""


def format_of(path: str | os.PathLike[str]) -> Format:
    """The format `path`'s name says.

    Raises
    ------
    FormatError
        The name ends in none of :data:`SUFFIXES`.
    """
    name = checked_path(path).name.lower()
    for fmt in FORMATS:
        if name.endswith(fmt.suffixes):
            return fmt
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its name; use one of {', '.join(SUFFIXES)}"
    )


def read(path: str | os.PathLike[str], into: Store, *, rules: RowRules | None = None) -> None:
    """Fill the empty store `into` from `path`, in the format its name says.

    A file with nothing in it (no byte, or only white space) is refused: it is a save
    or a download cut short more often than an empty story, and an empty story file
    still says so (a header row; ``version`` and empty lists). JSON Lines is the
    exception: a table with no rows has no line.

    `rules` say how a report table's repeated rows, self-citations and placeholder
    parents are taken (see :class:`~provenance.formats.rows.RowRules`); other formats
    hold none of them, and refuse rules other than the default.

    Raises
    ------
    ValidationError
        `rules` other than the default, for a file that is no report table.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from provenance.store import Store
    >>> empty = pathlib.Path(tempfile.mkdtemp()) / "story.yaml"
    >>> _ = empty.write_text("   ")
    >>> read(empty, Store())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.FormatError: .../story.yaml: the file is empty
    """
    format = format_of(path)
    if rules is not None and rules != RowRules() and not is_table(path):
        raise ValidationError(
            f"duplicates and placeholders apply to report tables "
            f"({', '.join(TABLE_SUFFIXES)}), not {str(path)!r}"
        )
    check_not_empty(path, format)
    if rules is not None and is_table(path):
        tables.read_tables(Path(path), into, rules=rules)
    else:
        format.read(Path(path), into)


def check_not_empty(path: str | os.PathLike[str], format: Format | None = None) -> None:
    """Refuse a file with no byte but white space, unless its format allows it (a JSON
    Lines table of no rows): an empty story is a truncated or unwritten one.

    Raises
    ------
    FormatError
        "the file is empty", naming the file.
    """
    format = format or format_of(path)
    if not Path(path).name.lower().endswith(format.empty_ok) and _is_empty(Path(path)):
        raise FormatError("the file is empty", file=str(path))


def _is_empty(path: Path) -> bool:
    """No byte but white space (read no further than that takes)."""
    try:
        with open_regular(path) as file:
            while block := file.read(1 << 16):
                if block.strip():
                    return False
    except OSError:
        return False  # the reader says why it cannot be read (not a regular file …)
    return True


def written(path: str | os.PathLike[str]) -> list[Path]:
    """Every file :func:`write` writes for `path`: the path itself, or a table set.

    Examples
    --------
    >>> [p.name for p in written("story.yaml")], len(written("story.parquet"))
    (['story.yaml'], 6)
    """
    format_of(path)  # a name no format owns is refused
    if is_table(path):
        return tables.table_set(Path(path))
    return [Path(path)]


def write(store: Store, path: str | os.PathLike[str], *, spreadsheet_safe: bool = False) -> Path:
    """Write `store` to `path` atomically, in the format its name says; returns the path.

    `spreadsheet_safe` neutralises the cells of a CSV table set that a spreadsheet would
    run as formulas (see :func:`provenance.formats.text_tables.neutralised`); any other
    format refuses it.

    Raises
    ------
    ValidationError
        `spreadsheet_safe` for a format that is not a CSV table.
    """
    if spreadsheet_safe:
        return tables.write_tables(store, checked_path(path), spreadsheet_safe=True)
    return format_of(path).write(store, Path(path))
