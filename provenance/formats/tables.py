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
from provenance._files import (
    cannot_read,
    finish_interrupted_save,
    read_text,
    write_texts_atomically,
)
from provenance.errors import FormatError, located
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
from provenance.store import Store

__all__ = [
    "TABLE_SUFFIXES",
    "check_saved_set",
    "read_tables",
    "table_set",
    "write_tables",
]


TABLE_SUFFIXES = (".csv", ".jsonl")
"""The endings of a report table."""


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
    check_saved_set(path)
    with bulk():  # a table is a bulk insert
        _read_into(into, path, suffix, progress, rules)


def _read_into(
    graph: Store, path: Path, suffix: str, progress: bool | None, rules: RowRules | None
) -> None:
    for name in ("sources", "claims"):
        sibling = path.with_suffix(f".{name}{suffix}")
        if sibling.exists():
            add_declaration_rows(graph, name, _rows(sibling), file=str(sibling), suffix=suffix)
    show = sys.stderr.isatty() if progress is None else progress
    size = max(path.stat().st_size, 1) if show else 1
    consumed = [0]  # characters read so far, for the progress bar

    def shown(count: int) -> None:
        _show_progress(path.name, min(consumed[0] / size, 1.0), count)

    count = add_report_rows(
        graph,
        _rows(path, consumed),
        file=str(path),
        suffix=suffix,
        progress=shown if show else None,
        rules=rules,
    )
    if show:
        _show_progress(path.name, 1.0, count)
        print(file=sys.stderr)
    sibling = path.with_suffix(f".contradictions{suffix}")
    if sibling.exists():
        add_declaration_rows(graph, "contradictions", _rows(sibling), file=str(sibling))
    sibling = path.with_suffix(f".suspected{suffix}")
    if sibling.exists():
        for line, row in _rows(sibling):
            with located(str(sibling), line=line):
                graph.add_suspected(suspected_fields(row, suffix))


def check_saved_set(path: Path) -> None:
    """Before a table set is read: finish a save that was interrupted after its first
    rename, then check each table against the save's manifest, if there is one."""
    finish_interrupted_save(_journal(path))
    _check_manifest(path, path.suffix.lower())


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


def _rows(path: Path, consumed: list[int] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) for each row of a CSV or JSONL table, streamed; `consumed`
    counts the characters read."""
    try:
        # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is no part of the first column.
        file: TextIO = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise cannot_read(path, error) from None
    lines = _counted(file, consumed) if consumed is not None else file
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
            for row in reader:
                if None in row:
                    raise FormatError(
                        "more cells than the header has columns",
                        file=str(path),
                        line=reader.line_num,
                    )
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


def write_tables(graph: Store, path: str | os.PathLike[str]) -> Path:
    """Write the graph as report tables: ``NAME.csv`` (or ``.jsonl``) and its siblings.

    Each file is written atomically; reading them back with :func:`read_tables` gives
    the same graph.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    data = to_dict(graph)  # the story format's field rules, in one place
    # Every table made before any is written; in the order of table_set.
    texts: dict[Path, str] = {
        path.with_suffix(f".sources{suffix}"): _table_text(data["sources"], SOURCE_COLUMNS, suffix),
        path.with_suffix(f".claims{suffix}"): _table_text(data["claims"], CLAIM_COLUMNS, suffix),
        path: _table_text(data["reports"], REPORT_COLUMNS, suffix),
        path.with_suffix(f".contradictions{suffix}"): _table_text(
            [{"a": a, "b": b} for a, b in data.get("contradictions", [])], ("a", "b"), suffix
        ),
        path.with_suffix(f".suspected{suffix}"): _table_text(
            data.get("suspected", []), SUSPECTED_COLUMNS, suffix
        ),
    }
    texts[path.with_suffix(f"{suffix}.manifest")] = _manifest(texts)
    write_texts_atomically(texts, journal=_journal(path))
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


def _manifest(texts: Mapping[Path, str]) -> str:
    """What vouches for a saved set of tables: each file's size and SHA-256."""
    files = {}
    for target, text in texts.items():
        data = text.encode("utf-8")
        files[target.name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return json.dumps({"provenance-graph tables": 1, "files": files}, indent=1) + "\n"


def _check_manifest(path: Path, suffix: str) -> None:
    """When a save's manifest stands beside the tables, each must be as it wrote them:
    else the set is mixed (a save killed halfway) or damaged (truncated, edited)."""
    manifest = path.with_suffix(f"{suffix}.manifest")
    if not manifest.exists():
        return  # tables made by hand, or by another tool
    with located(str(manifest), lower=(KeyError, TypeError, AttributeError), what="not a manifest"):
        files = parse_json(read_text(manifest), file=str(manifest))["files"]
        for name, expected in files.items():
            table = path.with_name(name)
            try:
                data = table.read_bytes()
            except OSError as error:
                raise cannot_read(table, error) from None
            if (
                len(data) != expected["bytes"]
                or hashlib.sha256(data).hexdigest() != expected["sha256"]
            ):
                raise FormatError(
                    f"{name} is not the table its save wrote: a mixed or damaged set of "
                    f"tables (saved again, interrupted, or edited since); delete {manifest.name} "
                    f"to read them as they are",
                    file=str(manifest),
                )


def _table_text(rows: list[dict[str, Any]], columns: tuple[str, ...], suffix: str) -> str:
    if suffix == ".jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    buffer = io.StringIO()
    # CRLF ends a row (RFC 4180), so that a CR or LF inside a field is quoted, not a break.
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
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
        writer.writerow(cells)
    return buffer.getvalue()
