"""Report tables as text: rows read from CSV and JSON Lines, tables written as CSV or
JSON Lines, and CSV cells made safe to open in a spreadsheet.

Which files make a table set, and the order they are read in, are the set's rules, in
:mod:`provenance.formats.tables`; this module reads one text table as rows
(:func:`text_rows`, streamed, each line bounded) and writes one (:func:`table_text`).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from provenance._files import cannot_read, lines_within, open_regular
from provenance.errors import FormatError
from provenance.formats.rows import check_header
from provenance.formats.syntax import parse_json

__all__ = ["neutralised", "restored", "table_text", "text_rows"]


def _counted(lines: Iterable[str], consumed: list[int]) -> Iterator[str]:
    for line in lines:
        consumed[0] += len(line)
        yield line


def text_rows(
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


def table_text(
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
