"""Report tables: one row per report, in CSV or JSON Lines.

Columns (CSV header, or JSONL keys): ``source``, ``claim``, and optionally ``via``
(source ids separated by ``;`` in CSV, a list in JSONL), ``hedge`` (a level or hedging
words), ``hedge_text``, ``published``, ``url``, ``quote``, ``observed`` and
``firsthand`` (``true``/``false``; empty for the default: observed, not first-hand),
and ``retracted`` (a date). A row with neither ``via`` nor ``firsthand=true`` is an
unsourced report. Sources and claims are declared on the fly as rows name them; tables
of their own, ``NAME.sources.csv`` (``id,name,kind,reliability,group,url``),
``NAME.claims.csv`` (``id,text,question``), ``NAME.contradictions.csv`` (``a,b``) and
``NAME.suspected.csv`` (``copier,original,claims,probability,evidence``, the lists as
JSON) are read when they stand beside ``NAME.csv`` (likewise ``.jsonl``). A report's
``text`` column holds the passage as published.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from provenance._bulk import bulk
from provenance._files import cannot_read, digest, lines_within, open_regular, read_text
from provenance._saves import finish_interrupted_save, write_set
from provenance.errors import FormatError, ValidationError, located
from provenance.formats.rows import (
    CLAIM_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
    SUSPECTED_COLUMNS,
    RowRules,
    add_declaration_rows,
    add_report_rows,
    check_header,
    suspected_fields,
)
from provenance.formats.story import to_dict
from provenance.formats.syntax import parse_json
from provenance.store import Store

__all__ = [
    "SIBLINGS",
    "TABLE_SUFFIXES",
    "check_saved_set",
    "read_tables",
    "siblings",
    "table_set",
    "write_tables",
]


TABLE_SUFFIXES = (".csv", ".jsonl")
"""The endings of a report table."""

SIBLINGS = ("sources", "claims", "contradictions", "suspected")
"""The tables that may stand beside a report table ``NAME.csv``: ``NAME.sources.csv`` …"""


def read_tables(
    path: str | os.PathLike[str],
    into: Store,
    *,
    progress: bool | None = None,
    rules: RowRules | None = None,
) -> None:
    """Fill the empty store `into` from a table of reports (``.csv`` or ``.jsonl``), read
    as a stream.

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
        raise FormatError(f"a report table must be .csv or .jsonl, not {path.name!r}")
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
    present = siblings(path)

    def rows(
        table: Path, consumed: list[int] | None = None
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        return _rows(table, consumed, restore=restore)

    for name in ("sources", "claims"):
        if sibling := present.get(name):
            add_declaration_rows(graph, name, rows(sibling), file=str(sibling), suffix=suffix)
    show = sys.stderr.isatty() if progress is None else progress
    size = max(path.stat().st_size, 1) if show else 1
    consumed = [0]  # characters read so far, for the progress bar

    def shown(count: int) -> None:
        _show_progress(path.name, min(consumed[0] / size, 1.0), count)

    count = add_report_rows(
        graph,
        rows(path, consumed),
        file=str(path),
        suffix=suffix,
        progress=shown if show else None,
        rules=rules,
    )
    if show:
        _show_progress(path.name, 1.0, count)
        print(file=sys.stderr)
    if sibling := present.get("contradictions"):
        add_declaration_rows(graph, "contradictions", rows(sibling), file=str(sibling))
    if sibling := present.get("suspected"):
        for line, row in rows(sibling):
            with located(str(sibling), line=line):
                graph.add_suspected(suspected_fields(row, suffix))


def siblings(path: Path) -> dict[str, Path]:
    """The sibling tables (:data:`SIBLINGS`) that stand beside the report table `path`,
    by name. One that is there but no regular file (a FIFO, a link to a device, a
    dangling link) is refused, not skipped and not opened.

    Raises
    ------
    FileAccessError
        Names the sibling and why it cannot be read.
    """
    found = {}
    for name in SIBLINGS:
        sibling = path.with_suffix(f".{name}{path.suffix}")
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


def _counted(lines: Iterable[str], consumed: list[int]) -> Iterator[str]:
    for line in lines:
        consumed[0] += len(line)
        yield line


def _rows(
    path: Path, consumed: list[int] | None = None, *, restore: bool = False
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) for each row of a CSV or JSONL table, streamed; `consumed`
    counts the characters read; `restore` undoes :func:`neutralised` in every cell."""
    # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is no part of the first column.
    file: TextIO = io.TextIOWrapper(open_regular(path), encoding="utf-8-sig", newline="")
    lines = lines_within(file, path)
    if consumed is not None:
        lines = _counted(lines, consumed)
    csv.field_size_limit(sys.maxsize)  # a quote or a text is as long as it was written
    with file:
        try:
            if path.suffix.lower() == ".jsonl":
                for number, text in enumerate(lines, 1):
                    if text.strip():
                        yield number, _json_row(path, number, text)
                return
            reader = csv.DictReader(lines)
            if reader.fieldnames is None:
                return
            check_header(reader.fieldnames, file=str(path), line=1)
            for row in reader:
                if None in row:
                    raise FormatError(
                        "more cells than the header has columns",
                        file=str(path),
                        line=reader.line_num,
                    )
                if restore:
                    row = {name: restored(cell) for name, cell in row.items()}
                yield reader.line_num, row
        except UnicodeDecodeError as error:
            raise cannot_read(path, error) from None
        except csv.Error as error:
            raise FormatError(f"malformed CSV: {error}", file=str(path)) from None


def _json_row(path: Path, number: int, text: str) -> dict[str, Any]:
    try:
        row = parse_json(text, file=str(path))
    except FormatError as error:  # the table's line, not the row's own
        raise FormatError(error.message, file=str(path), line=number) from None
    if not isinstance(row, dict):
        raise FormatError("expected a JSON object", file=str(path), line=number)
    return row


def write_tables(
    graph: Store, path: str | os.PathLike[str], *, spreadsheet_safe: bool = False
) -> Path:
    """Write the graph as report tables: ``NAME.csv`` (or ``.jsonl``) and its siblings.

    The set is written as one save (all or nothing; see :mod:`provenance._saves`);
    reading it back with :func:`read_tables` gives the same graph. With
    `spreadsheet_safe` (CSV only), a cell a spreadsheet would run as a formula is
    neutralised by a leading apostrophe, which reading the set undoes (see
    :func:`neutralised`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if spreadsheet_safe and suffix != ".csv":
        raise ValidationError(f"spreadsheet_safe applies to .csv tables, not {path.name!r}")
    data = to_dict(graph)  # the story format's field rules, in one place
    safe = spreadsheet_safe

    def table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
        return _table_text(rows, columns, suffix, spreadsheet_safe=safe)

    # Every table made before any is written; in the order of table_set.
    contradictions = [{"a": a, "b": b} for a, b in data.get("contradictions", [])]
    sources, claims, reports, contradicting, suspected, manifest = table_set(path)
    texts: dict[str, str] = {
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


def _journal(path: Path) -> Path:
    """Where a save of the set of `path` lists its renames until they are done."""
    return path.with_name(f".{path.name}.journal")


_MANIFEST_KEY = "provenance-graph tables"


def _manifest(texts: Mapping[str, str], *, spreadsheet_safe: bool) -> str:
    """What vouches for a saved set of tables: each file's size and SHA-256, and whether
    its cells were made spreadsheet-safe."""
    files = {}
    for name, text in texts.items():
        data = text.encode("utf-8")
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


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel and LibreOffice read a cell as a formula (OWASP, "CSV injection")."""


def neutralised(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: an apostrophe before a cell that starts
    as a formula would, and before one that starts with an apostrophe already (so that
    :func:`restored` can undo it exactly).

    >>> [neutralised(c) for c in ("=1+2", "-3", "'tis", "plain")]
    ["'=1+2", "'-3", "''tis", 'plain']
    >>> all(restored(neutralised(c)) == c for c in ("=1+2", "'tis", "", "@x"))
    True
    """
    return f"'{cell}" if cell.startswith((*_FORMULA_STARTS, "'")) else cell


def restored(cell: str) -> str:
    """A :func:`neutralised` cell as it was."""
    return cell[1:] if cell.startswith("'") else cell


def _table_text(
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    suffix: str,
    *,
    spreadsheet_safe: bool = False,
) -> str:
    if suffix == ".jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    buffer = io.StringIO()
    # CRLF ends a row (RFC 4180), so that a CR or LF inside a field is quoted, not a break.
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = _cells(row)
        if spreadsheet_safe:
            cells = {name: neutralised(str(value)) for name, value in cells.items()}
        writer.writerow(cells)
    return buffer.getvalue()


def _cells(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row's values as CSV cells: lists joined, booleans spelled out."""
    cells = dict(row)
    for name, value in cells.items():
        if value == "":
            raise FormatError(
                f"a CSV table cannot tell an empty {name} from none "
                f"({next(iter(row.values()))!r}); use .jsonl"
            )
    if "via" in cells:
        if any(";" in v for v in cells["via"]):
            raise FormatError(
                f"a source id in {cells['via']!r} holds ';', which a CSV via cannot; use .jsonl"
            )
        cells["via"] = ";".join(cells["via"])
    for name in ("observed", "firsthand", "implicit"):
        if name in cells:
            cells[name] = "true" if cells[name] else "false"
    for name in ("claims", "evidence"):  # a suspected copy's lists
        if name in cells:
            cells[name] = json.dumps(cells[name], ensure_ascii=False)
    return cells
