"""File formats: one registry of readers and writers, chosen by the file name's ending,
by the file's content, or by name (``format=``).

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

The exports of platforms and fact-checkers are read only, each known by its short name
and, where the file name cannot tell, by its content; each is the module of its name
(``formats.telegram`` …, ClaimReview's is ``formats.claimreview_reader``):

===============  ==================================================================
``format=``      what
===============  ==================================================================
``telegram``     Telegram Desktop exports (one chat, a whole account), Telethon dumps
``twitter``      X / Twitter API v2 and v1.1 tweets, twarc2 lines
``bluesky``      Bluesky posts and reposts (repository dumps, Jetstream lines)
``mastodon``     Mastodon statuses and ActivityPub outboxes
``feed``         RSS 2.0 and Atom feeds (also known by the endings rss and atom)
``cascade``      Twitter15/16 propagation trees, DeepHawkes cascade lines
``claimreview``  schema.org ClaimReview JSON-LD, as ``pv.to_claimreview`` writes it
===============  ==================================================================

:data:`FORMATS` holds both tables: :func:`provenance.load`, :func:`provenance.save`, the
command line and the tests all read it. Each format also has a short name (its
:attr:`Format.key`: ``yaml``, ``table`` …) for ``pv.load(path, format=NAME)`` and the
command line's ``--from NAME``.

The platform exports are read-only formats of their own, recognised by content where
the name cannot tell (a Telegram ``result.json``, a twarc ``tweets.jsonl``): each is a
module with ``detect(head)`` (:mod:`.formats.detect`) and ``read_posts(path, posts)``,
which tells a :class:`~provenance.formats.posts.Posts` what each record is; the rules
that make posts a story are that module's, the same for every platform. A reader fills an empty
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
from provenance.errors import FormatError, ValidationError, did_you_mean
from provenance.formats import (  # one name a line: the platform importers join here
    bluesky,
    cascade,
    claimreview_reader,
    feed,
    mastodon,
    network,
    prov,
    syntax,
    tables,
    telegram,
    twitter,
)
from provenance.formats.detect import Head, head_of
from provenance.formats.posts import CLAIMS, Posts, check_claims
from provenance.formats.rows import RowRules
from provenance.formats.streams import json_chunks
from provenance.formats.tables import TABLE_SUFFIXES, is_table
from provenance.store import Store

__all__ = [
    "CLAIMS",
    "FORMATS",
    "KEYS",
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
    write : callable or None
        ``write(store, path)`` writes the file atomically and returns its path; None
        for a format read only (a platform's export).
    key : str
        Its short name, for ``format=`` and ``--from``.
    empty_ok : tuple of str
        Endings whose empty file is a whole story (JSON Lines: a table with no rows has
        no line at all); any other empty file is refused.
    detect : callable, optional
        ``detect(head)`` says from a :class:`~provenance.formats.detect.Head` whether a
        file whose name cannot tell is of this format.
    posts : callable, optional
        A platform export's ``read_posts(path, posts)``: the reader, under the
        :class:`~provenance.formats.posts.Posts` rules.
    """

    suffixes: tuple[str, ...]
    name: str
    read: Callable[[Path, Store], None]
    write: Callable[[Store, Path], Path] | None
    key: str
    empty_ok: tuple[str, ...] = ()
    detect: Callable[[Head], bool] | None = None
    posts: Callable[[Path, Posts], None] | None = None

    @property
    def table(self) -> bool:
        """Whether this is a report table format (its rows take :class:`RowRules`)."""
        return bool(set(self.suffixes) & set(TABLE_SUFFIXES))


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


def read_posts(
    path: Path, into: Store, read: Callable[[Path, Posts], None], *, claims: str = "post"
) -> None:
    """Fill the empty store `into` from a platform export, read by `read` as posts."""
    posts = Posts(str(path), claims=claims)
    read(path, posts)
    posts.fill(into)


def _platform(
    key: str,
    name: str,
    module: Any,
    suffixes: tuple[str, ...] = (),
) -> Format:
    """A platform export's format: read only, by its module's ``read_posts``."""
    return Format(
        suffixes,
        name,
        lambda path, into: read_posts(path, into, module.read_posts),
        None,
        key,
        detect=module.detect,
        posts=module.read_posts,
    )


FORMATS: tuple[Format, ...] = (
    Format(
        (".prov.json",),
        "W3C PROV-JSON",
        _json_reader(prov.read_prov),
        _text_writer(_json_stream(prov.prov_document)),
        "prov",
        detect=prov.detect,
    ),
    Format(
        (".nodelink.json",),
        "networkx node-link JSON",
        _json_reader(network.read_node_link),
        _text_writer(_json_dump(network.node_link)),
        "nodelink",
    ),
    Format(
        (".yaml", ".yml"),
        "story, for hand-writing",
        _text_reader(syntax.loads_yaml),
        _text_writer(syntax.dumps_yaml),
        "yaml",
    ),
    Format(
        (".json",),
        "story, for machines",
        _text_reader(syntax.loads_json),
        _text_writer(syntax.dumps_json),
        "json",
    ),
    Format(
        (".graphml",),
        "GraphML, attributes flattened to scalars",
        _text_reader(network.read_graphml_text),
        _text_writer(network.graphml_text),
        "graphml",
    ),
    Format(
        tables.TEXT_SUFFIXES,
        "report tables, with sibling tables",
        lambda path, into: tables.read_tables(path, into),
        tables.write_tables,
        "table",
        empty_ok=(".jsonl",),
    ),
    Format(
        tables.PARQUET_SUFFIXES,
        "Parquet report tables (typed), with sibling tables",
        lambda path, into: tables.read_tables(path, into),
        tables.write_tables,
        "parquet",
    ),
    Format(
        (),
        "schema.org ClaimReview JSON-LD (read only; written by to_claimreview)",
        _json_reader(claimreview_reader.read_claimreview),
        None,
        "claimreview",
        detect=claimreview_reader.detect,
    ),
    # The platforms' exports, read only: one _platform(...) a line, below this one.
    _platform("cascade", "Twitter15/16 propagation trees, DeepHawkes cascade lines", cascade),
    _platform("telegram", "Telegram Desktop exports and Telethon message dumps", telegram),
    _platform("feed", "RSS 2.0 and Atom feeds", feed, suffixes=(".rss", ".atom")),
    _platform("twitter", "X / Twitter API v2 and v1.1 tweets, twarc2 lines", twitter),
    _platform("bluesky", "Bluesky (AT Protocol) posts and reposts", bluesky),
    _platform("mastodon", "Mastodon statuses and ActivityPub outboxes", mastodon),
)
"""Every format, most specific ending first; the platforms' exports last."""

SUFFIXES: tuple[str, ...] = tuple(
    suffix for f in FORMATS if f.write is not None for suffix in f.suffixes
)
"""Every file name ending a format writes (and reads), most specific first."""

KEYS: tuple[str, ...] = tuple(f.key for f in FORMATS)
"""Every format's short name, for ``format=`` and ``--from``."""

_BY_CONTENT = (".json", ".jsonl", ".ndjson", ".txt", ".xml", ".tsv")
"""Endings that do not tell the format: the file's first bytes are read to tell."""


def format_of(path: str | os.PathLike[str], format: str | None = None) -> Format:
    """The format named `format` (a :data:`KEYS` member), else the one `path` holds, told
    by its first bytes where its name ends in ``.json``, ``.jsonl``, ``.ndjson``, ``.txt``,
    ``.xml``, ``.tsv`` or nothing known (a platform's export, PROV-JSON), else by its name.

    Raises
    ------
    FormatError
        Neither the name nor the content tells (a ``.json`` holding PROV keys beside
        others), or `format` names no format.

    Examples
    --------
    >>> format_of("story.txt", "yaml").key, format_of("story.yml").key
    ('yaml', 'yaml')
    """
    if format is not None:
        for fmt in FORMATS:
            if fmt.key == format:
                return fmt
        raise FormatError(
            f"no format is named {format!r}{did_you_mean(format, KEYS)}; "
            f"use one of {', '.join(KEYS)}"
        )
    name = checked_path(path).name.lower()
    if os.path.isdir(path) and cascade.holds_cascades(path):  # a folder of cascade files
        return format_of(path, "cascade")
    named = next((fmt for fmt in FORMATS if name.endswith(fmt.suffixes)), None)
    if named is None or name.endswith(_BY_CONTENT):
        head = head_of(path)
        for fmt in FORMATS:
            if fmt.detect is not None and fmt.detect(head):
                return fmt
        prov.refuse_mixed(str(path), head)  # PROV keys beside others: say how to name it
    if named is not None:
        return named
    raise FormatError(
        f"cannot tell the format of {str(path)!r} from its name or its content; use one of "
        f"{', '.join(SUFFIXES)}, or name it (format= or --from: {', '.join(KEYS)})"
    )


def read(
    path: str | os.PathLike[str],
    into: Store,
    *,
    rules: RowRules | None = None,
    format: str | None = None,
    claims: str | None = None,
) -> None:
    """Fill the empty store `into` from `path`, in the format `format` names, or else
    the one its content or name says (:func:`format_of`).

    A file with nothing in it (no byte, or only white space) is refused: it is a save
    or a download cut short more often than an empty story, and an empty story file
    still says so (a header row; ``version`` and empty lists). JSON Lines is the
    exception: a table with no rows has no line.

    `rules` say how a report table's repeated rows, self-citations and placeholder
    parents are taken (see :class:`~provenance.formats.rows.RowRules`); other formats
    hold none of them, and refuse rules other than the default. `claims` says what a
    claim is in a platform's export (:data:`CLAIMS`: each ``"post"``, the default, or
    each distinct ``"text"``); other formats refuse it.

    Raises
    ------
    ValidationError
        `rules` other than the default for a file that is no report table, or `claims`
        for one that is no platform's export.

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
    fmt = format_of(path, format)
    if rules is not None and rules != RowRules() and not fmt.table:
        raise ValidationError(
            f"duplicates and placeholders apply to report tables "
            f"({', '.join(TABLE_SUFFIXES)}), not {str(path)!r} ({fmt.name})"
        )
    if claims is not None and fmt.posts is None:
        check_claims(claims)
        if claims != "post":
            raise ValidationError(
                f"claims={claims!r} applies to a platform's export "
                f"({', '.join(f.key for f in FORMATS if f.posts)}), not {str(path)!r}"
            )
    check_not_empty(path, fmt)
    if fmt.posts is not None:
        read_posts(Path(path), into, fmt.posts, claims=claims or "post")
    elif rules is not None and fmt.table:
        tables.read_tables(Path(path), into, rules=rules)
    else:
        fmt.read(Path(path), into)


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
    _writer(path)  # a name no format writes is refused
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
    return _writer(path)(store, Path(path))


def _writer(path: str | os.PathLike[str]) -> Callable[[Store, Path], Path]:
    """The writer of the format `path`'s name says; a platform's export is read only."""
    name = checked_path(path).name.lower()
    for fmt in FORMATS:
        if name.endswith(fmt.suffixes) and fmt.write is not None:
            return fmt.write
    raise FormatError(
        f"cannot tell the format to write {str(path)!r} in from its name; "
        f"use one of {', '.join(SUFFIXES)}"
    )
