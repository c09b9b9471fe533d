"""Report tables: one row per report, in CSV, JSON Lines or Parquet, with sibling tables.

Columns (CSV header, or JSONL keys): ``source``, ``claim``, and optionally ``via``
(source ids separated by ``;`` in CSV, a list in JSONL), ``hedge`` (a level or hedging
words), ``hedge_text``, ``published``, ``url``, ``quote``, ``observed`` and
``firsthand`` (``true``/``false``; empty for the default: observed, not first-hand),
and ``retracted`` (a date). A row with neither ``via`` nor ``firsthand=true`` is an
unsourced report. Sources and claims are declared on the fly as rows name them; tables
of their own, ``NAME.sources.csv`` (``id,name,kind,reliability,group,url``),
``NAME.claims.csv`` (``id,text,question``), ``NAME.contradictions.csv`` (``a,b``) and
``NAME.suspected.csv`` (``copier,original,claims,probability,evidence``, the lists as
JSON) are read when they stand beside ``NAME.csv`` (likewise ``.jsonl`` and
``.parquet``, whose columns are typed: see :mod:`provenance.formats.parquet`). A
report's ``text`` column holds the passage as published.

The rules of a table set are here, for every ending: which files make one
(:func:`siblings`, :func:`table_set`), the manifest and journal of its saves
(:func:`check_saved_set`), and the order its tables are read in (:func:`add_table_rows`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from provenance._bulk import bulk
from provenance._files import digest, open_regular, read_text
from provenance._saves import finish_interrupted_save, write_set
from provenance.errors import FormatError, ValidationError, located
from provenance.formats.parquet import parquet_bytes, parquet_rows
from provenance.formats.rows import (
    CLAIM_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    SUSPECTED_COLUMNS,
    RowRules,
    add_declaration_rows,
    add_report_rows,
    suspected_fields,
)
from provenance.formats.story import to_dict
from provenance.formats.syntax import parse_json
from provenance.formats.text_tables import table_text, text_rows
from provenance.store import Store

__all__ = [
    "PARQUET_SUFFIXES",
    "SIBLINGS",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "add_table_rows",
    "check_saved_set",
    "is_table",
    "read_tables",
    "siblings",
    "table_set",
    "write_tables",
]


TEXT_SUFFIXES = (".csv", ".jsonl")
"""The endings of a report table written as text."""
PARQUET_SUFFIXES = (".parquet",)
"""The endings of a report table in Parquet (typed columns; needs pyarrow)."""
TABLE_SUFFIXES = TEXT_SUFFIXES + PARQUET_SUFFIXES
"""The endings of a report table: each makes a table set with its siblings."""

SIBLINGS = ("sources", "claims", "contradictions", "suspected")
"""The tables that may stand beside a report table ``NAME.csv``: ``NAME.sources.csv`` …"""


def is_table(path: str | os.PathLike[str]) -> bool:
    """Whether `path` names a report table (and so a table set), by its ending.

    Examples
    --------
    >>> [is_table(name) for name in ("x.CSV", "x.parquet", "x.yaml")]
    [True, True, False]
    """
    return os.fspath(path).lower().endswith(TABLE_SUFFIXES)


def read_tables(
    path: str | os.PathLike[str],
    into: Store,
    *,
    progress: bool | None = None,
    rules: RowRules | None = None,
) -> None:
    """Fill the empty store `into` from a table of reports (``.csv``, ``.jsonl`` or
    ``.parquet``), read as a stream.

    Parameters
    ----------
    path : path-like
        The reports table; sibling ``NAME.sources``, ``NAME.claims`` and
        ``NAME.contradictions`` tables are read too when present.
    into : Store
        An empty store (a :class:`~provenance.graph.ProvenanceGraph`).
    progress : bool, optional
        Show a progress line on stderr; by default only when stderr is a terminal.
    rules : provenance.formats.rows.RowRules, optional
        What to do with repeated rows, self-loops and placeholder parents (by default,
        each is an error).

    Raises
    ------
    FileAccessError
        A table cannot be read.
    FormatError
        A row is wrong; the message names the file and the line.
    MissingDependencyError
        A Parquet table, without pyarrow.

    Examples
    --------
    >>> import pathlib, tempfile, provenance as pv
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "story.csv").write_text(
    ...     "source,claim,via,hedge\\n"
    ...     "article,troops,us;kr;ua,attributed\\n"
    ...     "blog,troops,article,\\n")
    >>> g = pv.read_reports(folder / "story.csv")
    >>> g.corroboration("troops").independent
    3
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise FormatError(f"a report table must be {_endings()}, not {path.name!r}")
    restore = check_saved_set(path)
    with bulk():  # a table is a bulk insert
        _read_into(into, path, suffix, progress, rules, restore)


def _read_into(
    graph: Store,
    path: Path,
    suffix: str,
    progress: bool | None,
    rules: RowRules | None,
    restore: bool,
) -> None:
    files = {"reports": path, **siblings(path)}
    show = sys.stderr.isatty() if progress is None else progress
    size = max(path.stat().st_size, 1) if show else 1
    consumed = [0]  # characters (bytes of Parquet) read so far, for the progress bar

    def rows(name: str) -> Iterator[tuple[int, dict[str, Any]]]:
        counted = consumed if name == "reports" else None
        if suffix in PARQUET_SUFFIXES:
            return parquet_rows(files[name], counted)
        return text_rows(files[name], counted, restore=restore)

    def shown(count: int) -> None:
        _show_progress(path.name, min(consumed[0] / size, 1.0), count)

    count = add_table_rows(
        graph,
        {name: rows(name) for name in files},  # each opened when its turn comes
        {name: str(file) for name, file in files.items()},
        suffix=suffix,
        progress=shown if show else None,
        rules=rules,
    )
    if show:
        _show_progress(path.name, 1.0, count)
        print(file=sys.stderr)


def add_table_rows(
    into: Store,
    rows: Mapping[str, Iterable[tuple[int, dict[str, Any]]]],
    files: Mapping[str, str],
    *,
    suffix: str,
    progress: Callable[[int], None] | None = None,
    rules: RowRules | None = None,
) -> int:
    """Add a table set's rows ``(line, row)``, by table (``reports`` and any of
    :data:`SIBLINGS`), in the order a set is read: sources and claims, then reports,
    contradictions and suspected copying. Cells are read as a `suffix` table holds them
    (text in ``.csv``; typed otherwise); an error names the table's `files` entry and the
    line. Returns the number of reports. The columnar reader's fallback reads Arrow
    tables through this too.

    Examples
    --------
    >>> from provenance.store import Store
    >>> store = Store()
    >>> add_table_rows(store, {"reports": [(1, {"source": "a", "claim": "c", "via": ["w"]})],
    ...                        "claims": [(1, {"id": "c", "text": "A claim"})]},
    ...                {"reports": "the reports table", "claims": "the claims table"},
    ...                suffix=".parquet")
    1
    >>> store.claim("c").text, sorted(s.id for s in store.sources)
    ('A claim', ['a', 'w'])
    """
    for name in ("sources", "claims"):
        if name in rows:
            add_declaration_rows(into, name, rows[name], file=files[name], suffix=suffix)
    count = add_report_rows(
        into,
        rows["reports"],
        file=files["reports"],
        suffix=suffix,
        progress=progress,
        rules=rules,
    )
    if "contradictions" in rows:
        add_declaration_rows(
            into, "contradictions", rows["contradictions"], file=files["contradictions"]
        )
    for line, row in rows.get("suspected", ()):
        with located(files["suspected"], line=line):
            into.add_suspected(suspected_fields(row, suffix))
    return count


def siblings(path: Path, *, suffix: str | None = None) -> dict[str, Path]:
    """The sibling tables (:data:`SIBLINGS`) that stand beside the report table `path`,
    by name. One that is there but no regular file (a FIFO, a link to a device, a
    dangling link) is refused, not skipped and not opened.

    Given `suffix`, `path` is a folder of report tables (Dask's) and its siblings are
    ``FOLDER.sources`` + `suffix` …

    Raises
    ------
    FileAccessError
        Names the sibling and why it cannot be read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "corpus.claims.parquet").write_bytes(b"")
    >>> siblings(folder / "corpus", suffix=".parquet")  # doctest: +ELLIPSIS
    {'claims': PosixPath('.../corpus.claims.parquet')}
    """
    found = {}
    for name in SIBLINGS:
        if suffix is None:
            sibling = path.with_suffix(f".{name}{path.suffix}")
        else:
            sibling = path.with_name(f"{path.name}.{name}{suffix}")
        if os.path.lexists(sibling):
            open_regular(sibling).close()  # refused before any reader blocks on it
            found[name] = sibling
    return found


def check_saved_set(path: Path) -> bool:
    """Before a table set is read: finish a save that was interrupted after its first
    rename, then check each table against the save's manifest, if there is one. Returns
    whether the save made its CSV cells spreadsheet-safe (to be undone on reading).

    Raises
    ------
    FormatError
        A journal or manifest that names anything but this set's files, or a table that
        is not what its save wrote.
    """
    members = [member.name for member in table_set(path)]
    finish_interrupted_save(_journal(path), members=members)
    return _check_manifest(path, path.suffix.lower(), members)


def _show_progress(name: str, done: float, count: int, width: int = 30) -> None:
    filled = round(done * width)
    bar = "#" * filled + "-" * (width - filled)
    print(
        f"\rreading {name} [{bar}] {done:4.0%} {count:,} reports",
        end="",
        file=sys.stderr,
        flush=True,
    )


def write_tables(
    graph: Store, path: str | os.PathLike[str], *, spreadsheet_safe: bool = False
) -> Path:
    """Write the graph as report tables: ``NAME.csv`` (or ``.jsonl``, ``.parquet``) and
    its siblings.

    The set is written as one save (all or nothing; see :mod:`provenance._saves`);
    reading it back with :func:`read_tables` gives the same graph. With
    `spreadsheet_safe` (CSV only), a cell a spreadsheet would run as a formula is
    neutralised by a leading apostrophe, which reading the set undoes (see
    :func:`~provenance.formats.text_tables.neutralised`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if spreadsheet_safe and suffix != ".csv":
        raise ValidationError(f"spreadsheet_safe applies to .csv tables, not {path.name!r}")
    data = to_dict(graph)  # the story format's field rules, in one place
    safe = spreadsheet_safe

    def table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str | bytes:
        if suffix in PARQUET_SUFFIXES:
            return parquet_bytes(rows, columns)
        return table_text(rows, columns, suffix, spreadsheet_safe=safe)

    # Every table made before any is written; in the order of table_set.
    contradictions = [{"a": a, "b": b} for a, b in data.get("contradictions", [])]
    sources, claims, reports, contradicting, suspected, manifest = table_set(path)
    texts: dict[str, str | bytes] = {
        sources.name: table(data["sources"], SOURCE_COLUMNS),
        claims.name: table(data["claims"], CLAIM_COLUMNS),
        reports.name: table(data["reports"], REPORT_COLUMNS),
        contradicting.name: table(contradictions, ("a", "b")),
        suspected.name: table(data.get("suspected", []), SUSPECTED_COLUMNS),
    }
    texts[manifest.name] = _manifest(texts, spreadsheet_safe=safe)
    write_set(texts, folder=path.parent, journal=_journal(path).name)
    return path


def table_set(path: Path) -> list[Path]:
    """Every file :func:`write_tables` writes for `path`, the manifest last.

    Examples
    --------
    >>> [p.name for p in table_set(Path("story.csv"))]  # doctest: +NORMALIZE_WHITESPACE
    ['story.sources.csv', 'story.claims.csv', 'story.csv', 'story.contradictions.csv',
     'story.suspected.csv', 'story.csv.manifest']
    """
    suffix = path.suffix.lower()
    before = [path.with_suffix(f".{table}{suffix}") for table in ("sources", "claims")]
    after = [path.with_suffix(f".{table}{suffix}") for table in ("contradictions", "suspected")]
    return [*before, path, *after, path.with_suffix(f"{suffix}.manifest")]


def _endings() -> str:
    """The endings of a report table, in words: ``.csv, .jsonl or .parquet``."""
    return f"{', '.join(TABLE_SUFFIXES[:-1])} or {TABLE_SUFFIXES[-1]}"


def _journal(path: Path) -> Path:
    """Where a save of the set of `path` lists its renames until they are done."""
    return path.with_name(f".{path.name}.journal")


_MANIFEST_KEY = "provenance-graph tables"


def _manifest(texts: Mapping[str, str | bytes], *, spreadsheet_safe: bool) -> str:
    """What vouches for a saved set of tables: each file's size and SHA-256, and whether
    its cells were made spreadsheet-safe."""
    files = {}
    for name, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        files[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest: dict[str, Any] = {_MANIFEST_KEY: 1, "files": files}
    if spreadsheet_safe:
        manifest["spreadsheet_safe"] = True
    return json.dumps(manifest, indent=1) + "\n"


def _check_manifest(path: Path, suffix: str, members: list[str]) -> bool:
    """When a save's manifest stands beside the tables, each must be as it wrote them:
    else the set is mixed (a save killed halfway) or damaged (truncated, edited). Only
    the set's own tables may be named. Returns whether the cells are spreadsheet-safe."""
    manifest = path.with_suffix(f"{suffix}.manifest")
    if not os.path.lexists(manifest):
        return False  # tables made by hand, or by another tool
    with located(str(manifest), lower=(KeyError, TypeError, AttributeError), what="not a manifest"):
        data = parse_json(read_text(manifest), file=str(manifest))
        files, safe = data["files"], data.get("spreadsheet_safe", False)
        for name, expected in files.items():
            if name not in members:
                raise FormatError(
                    f"names {name!r}, which is not a table of this set ({', '.join(members[:-1])})",
                    file=str(manifest),
                )
            if digest(path.with_name(name)) != (expected["bytes"], expected["sha256"]):
                raise FormatError(
                    f"{name} is not the table its save wrote: a mixed or damaged set of "
                    f"tables (saved again, interrupted, or edited since); delete {manifest.name} "
                    f"to read them as they are",
                    file=str(manifest),
                )
    if not isinstance(safe, bool):
        raise FormatError(
            f"spreadsheet_safe must be true or false, not {safe!r}", file=str(manifest)
        )
    return safe
