"""Tables in, a table out: every claim of a corpus scored by the columnar engine.

:func:`assess_table` reads reports as columns (a CSV or Parquet table set, an Arrow
table, a pandas frame) and returns one row per claim with every number and flag of
:meth:`provenance.Corroboration.to_dict`. No record is made per report: ids become
integer codes, words and dates are parsed once per distinct value, and the scoring is
:mod:`provenance.engine`'s. The tables follow the report-table format
(``docs/files.md``): columns ``source``, ``claim``, ``via`` …, with optional sibling
tables of sources, claims and contradictions.

Validation is all or nothing, as for every reader: the columns are checked at column
speed, and a table any check doubts is read again row by row by the table reader, whose
error names the file, line and value — the very error :func:`provenance.load` gives.
(That reader accepts a few rare shapes the columnar checks leave to it: those tables
are then scored from its records, with the same results.)

Needs pyarrow: ``pip install 'provenance-graph[columns]'``.

Examples
--------
>>> import pathlib, tempfile
>>> import provenance as pv
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "story.csv").write_text(
...     "source,claim,via,firsthand\\n"
...     "article,troops,us;kr;ua,\\n"
...     "blog,injured,,\\n"
...     "ministry,injured,,true\\n")
>>> table = pv.assess_table(folder / "story.csv")
>>> table.column("claim").to_pylist(), table.column("independent").to_pylist()
(['troops', 'injured'], [3, 1])
>>> table.column("flags").to_pylist()
[[], ['single_source', 'unsourced']]
"""

from __future__ import annotations

import codecs
import csv
import errno
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from provenance import io
from provenance._files import cannot_read, open_regular
from provenance.columns.coding import Doubt, code_tables
from provenance.columns.frames import Records, as_table, in_memory, table_rows
from provenance.columns.pool import allocating_from_malloc
from provenance.engine.coded import Columns, columns_of
from provenance.engine.score import FLAGS, ClaimScores, score_columns
from provenance.errors import FormatError, MissingDependencyError, ValidationError, located
from provenance.formats import check_not_empty
from provenance.formats.rows import (
    REPORT_COLUMNS,
    RowRules,
    add_declaration_rows,
    add_report_rows,
    check_header,
    split_via,
)
from provenance.formats.tables import check_saved_set, siblings
from provenance.graph import ProvenanceGraph
from provenance.scoring.support import SupportModel
from provenance.store import Store

# pyarrow is optional and untyped: its tables are `Any` in signatures here, which also
# lets the API docs resolve every other annotation.
__all__ = ["assess_table", "read_columns", "scores_table"]

_WORDS_ONLY = ("hedge_text", "url", "quote", "text")  # no bearing on any score


def _arrow() -> Any:
    try:
        import pyarrow
        import pyarrow.compute
        import pyarrow.csv
        import pyarrow.parquet
    except ImportError:
        raise MissingDependencyError(
            "scoring tables", "pyarrow", extra="provenance-graph[columns]"
        ) from None
    return pyarrow


def assess_table(
    data: Any,
    *,
    model: SupportModel | None = None,
    sources: Any = None,
    claims: Any = None,
    contradictions: Any = None,
    duplicates: str = "error",
    placeholders: Iterable[str] = (),
) -> Any:
    """Score every claim of a table of reports: one row per claim.

    Parameters
    ----------
    data : path, pyarrow.Table, pandas.DataFrame or ProvenanceGraph
        A ``.csv`` or ``.parquet`` report table (its sibling ``NAME.sources``,
        ``NAME.claims`` and ``NAME.contradictions`` tables are read when present; any
        other file is read by :func:`provenance.load`), a table of reports, or a graph.
    model : provenance.scoring.support.SupportModel, optional
        The numbers behind support and credibility.
    sources, claims, contradictions : table, optional
        With an in-memory `data`: the sibling tables, as Arrow tables or pandas frames.
    duplicates : {"error", "skip", "merge"}, optional
        How repeated rows and self-citations are taken, as by
        :func:`provenance.read_reports` (:class:`~provenance.formats.rows.RowRules`).
    placeholders : iterable of str, optional
        Ids that stand for "no parent" (``ROOT``), left out of every via.

    Returns
    -------
    pyarrow.Table
        Columns ``claim``, ``independent``, ``independent_max``, ``independent_likely``,
        ``support``, ``own_support``, ``credibility``, ``flags`` (a list of flag
        names), ``declared`` (whether the declared sourcing proves a line), then one
        boolean column per flag. Claims in declaration order.

    Raises
    ------
    FormatError
        A row is wrong: the message names the file (or ``the reports table``), line,
        column and value; or a column is named twice.
    ValidationError
        `data` is not a table (None, a number …).
    FileAccessError
        The file cannot be read.
    MissingDependencyError
        pyarrow is not installed.
    """
    columns = read_columns(
        data,
        sources=sources,
        claims=claims,
        contradictions=contradictions,
        duplicates=duplicates,
        placeholders=placeholders,
    )
    return scores_table(score_columns(columns, model))


def scores_table(scores: ClaimScores) -> Any:
    """The engine's scores as an Arrow table (see :func:`assess_table`).

    Examples
    --------
    >>> import provenance as pv
    >>> from provenance.engine import score_columns
    >>> scores = score_columns(pv.read_columns(pv.load("examples/pow_article.yaml")))
    >>> table = pv.scores_table(scores)
    >>> table.num_rows == len(scores.claim_ids), table.column("credibility").type
    (True, DataType(int8))
    """
    pa = _arrow()
    # The list column from the flag matrix at once: its nonzero cells, by claim.
    claim, flag_code = np.nonzero(scores.flags)
    offsets = np.zeros(len(scores.claim_ids) + 1, dtype=np.int32)
    np.cumsum(np.bincount(claim, minlength=len(scores.claim_ids)), out=offsets[1:])
    names = pa.array([f.value for f in FLAGS], pa.string()).take(pa.array(flag_code))
    flag_lists = pa.ListArray.from_arrays(pa.array(offsets), names)
    table = {
        "claim": pa.array(scores.claim_ids, pa.string()),
        "independent": scores.independent,
        "independent_max": scores.independent_max,
        "independent_likely": scores.independent_likely,
        "support": scores.support,
        "own_support": scores.own_support,
        "credibility": scores.credibility.astype(np.int8),
        "flags": flag_lists,
        "declared": scores.declared,
    }
    for j, flag in enumerate(FLAGS):
        table[flag.value] = scores.flags[:, j]
    return pa.table(table)


def read_columns(
    data: Any,
    *,
    sources: Any = None,
    claims: Any = None,
    contradictions: Any = None,
    duplicates: str = "error",
    placeholders: Iterable[str] = (),
) -> Columns:
    """Reports as the engine's integer-coded columns (:class:`provenance.engine.Columns`),
    read as :func:`assess_table` reads them.

    A table that holds what `duplicates` or `placeholders` change (a repeated row, a
    self-citation, a placeholder) is read by the row reader under those rules, which
    says what it changed in a :class:`~provenance.errors.ProvenanceWarning`; the others
    stay at column speed.

    Examples
    --------
    >>> import pyarrow as pa
    >>> import provenance as pv
    >>> columns = pv.read_columns(pa.table({"source": ["outlet", "blog"], "claim": ["c", "c"],
    ...                                     "via": ["wire", None]}))
    >>> columns.source_ids, columns.implicit.tolist()
    (('blog', 'outlet', 'wire'), [False, False, True])
    """
    rules = RowRules(duplicates, placeholders)
    if data is None:
        raise ValidationError(
            "data must be a path, a pyarrow Table, a pandas DataFrame or a graph, got None"
        )
    if isinstance(data, Store):
        return columns_of(data)
    if isinstance(data, str | os.PathLike):
        return _read_file(Path(data), rules)
    pa = _arrow()
    given = {
        "reports": data,
        "sources": sources,
        "claims": claims,
        "contradictions": contradictions,
    }
    return read_tables(
        pa, {name: as_table(pa, table, name) for name, table in given.items()}, rules
    )


def read_tables(
    pa: Any, tables: Mapping[str, Any], rules: RowRules, lines: np.ndarray | None = None
) -> Columns:
    """In-memory tables (as :func:`~provenance.columns.frames.as_table` makes them) as
    columns, at column speed unless a check doubts them. An error names a report's row
    by its line in `lines` (an array, one per row; by default 1, 2, 3 …): the Dask
    reader gives the rows' places in the user's frame."""
    if not any(isinstance(table, Records) for table in tables.values()):
        try:
            with allocating_from_malloc(pa):
                return _coded(pa, tables, rules)
        except Doubt:
            pass
    return columns_of(_graph_of(pa, tables, {}, rules, lines))


def _coded(pa: Any, tables: Mapping[str, Any], rules: RowRules) -> Columns:
    """The tables coded, doubted when the rules would change them: a repeated row or a
    self-citation is doubted by the coder itself; a placeholder is doubted here."""
    columns = code_tables(pa, tables)
    if rules.placeholders & set(columns.source_ids):
        raise Doubt
    return columns


def _read_file(path: Path, rules: RowRules) -> Columns:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        return columns_of(io.load(path))
    pa = _arrow()
    if suffix == ".csv":
        check_not_empty(path)  # as load refuses it: a table has a header at least
    elif not path.exists():  # as load says it of a story or a CSV table
        raise cannot_read(path, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))
    restore = check_saved_set(path)  # cells made spreadsheet-safe: the row reader's
    open_regular(path).close()  # a FIFO or a device is refused before Arrow waits on it
    files = {"reports": path, **siblings(path)}
    tables: dict[str, Any] = {}
    try:
        if restore and suffix == ".csv":
            raise Doubt  # its cells' apostrophes are taken off by the row reader
        with allocating_from_malloc(pa):
            for name, file in files.items():
                tables[name] = _read_table(pa, file, suffix, reports=name == "reports")
            if "suspected" in tables and tables["suspected"].num_rows:
                raise Doubt  # suspected copying: read with its records' rules
            return _coded(pa, tables, rules)
    except Doubt:
        if suffix == ".csv":  # the row reader's error, or its records
            return columns_of(
                io.read_reports(path, duplicates=rules.duplicates, placeholders=rules.placeholders)
            )
        return columns_of(_graph_of(pa, tables, files, rules))


def _read_table(pa: Any, path: Path, suffix: str, *, reports: bool = False) -> Any:
    """A table as strings (CSV) or as stored (Parquet); a CSV pyarrow cannot parse is
    doubted, for the row reader to say what is wrong where.

    Of a CSV report table only the columns scoring reads are held (the passages a row
    quotes can be most of a file); the others are only checked to be text (UTF-8), as
    the row reader would, by a decoder streaming through the file."""
    try:
        if suffix == ".parquet":  # (a column named twice is refused before Arrow does)
            check_header(pa.parquet.read_schema(path).names, file=str(path))
            return pa.parquet.read_table(path)
        with open(path, encoding="utf-8-sig", newline="") as file:
            names = next(csv.reader(file), [])
        check_header(names, file=str(path), line=1)
        if reports:
            if not set(names) <= set(REPORT_COLUMNS):
                raise Doubt  # an unknown column: the row reader names it
            _check_utf8(path)
        kept = [name for name in names if not reports or name not in _WORDS_ONLY]
        # Ids and words repeat: held once each, with an index per row.
        encoded = pa.dictionary(pa.int32(), pa.string())
        return pa.csv.read_csv(
            path,
            parse_options=pa.csv.ParseOptions(newlines_in_values=True),
            convert_options=pa.csv.ConvertOptions(
                include_columns=kept,
                column_types={
                    name: pa.string() if name == "via" or not reports else encoded for name in kept
                },
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except (OSError, UnicodeDecodeError, csv.Error, pa.ArrowInvalid) as error:
        if suffix == ".csv":
            raise Doubt from None
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise FormatError(f"cannot read the table: {reason}", file=str(path)) from None


def _check_utf8(path: Path, chunk: int = 1 << 20) -> None:
    """Doubt a file that is not UTF-8 throughout, reading a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as file:
        try:
            while block := file.read(chunk):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise Doubt from None


def _graph_of(
    pa: Any,
    tables: Mapping[str, Any],
    files: Mapping[str, Path],
    rules: RowRules,
    lines: np.ndarray | None = None,
) -> Store:
    """The tables read row by row, as the table reader reads them: its errors, its
    records. Rows are numbered from 1 after the header (in memory, from 1 as well, or
    the reports by `lines`)."""
    graph = ProvenanceGraph()

    def rows(table: Any, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
        numbers = lines if name == "reports" else None
        for line, row in table_rows(pa, table, file(name), numbers):
            if isinstance(row.get("via"), str):  # as a CSV cell (the row reader: a JSON one)
                row["via"] = split_via(row["via"])
            yield line, row  # boolean words are read by the row reader, in either form

    def file(name: str) -> str:
        return str(files[name]) if name in files else in_memory(name)

    for name in ("sources", "claims"):
        if (table := tables.get(name)) is not None:
            add_declaration_rows(graph, name, rows(table, name), file=file(name))
    reports = tables["reports"]
    assert reports is not None
    add_report_rows(
        graph, rows(reports, "reports"), file=file("reports"), suffix=".jsonl", rules=rules
    )
    if (table := tables.get("contradictions")) is not None:
        add_declaration_rows(
            graph, "contradictions", rows(table, "contradictions"), file=file("contradictions")
        )
    if (table := tables.get("suspected")) is not None:
        for line, row in rows(table, "suspected"):
            with located(file("suspected"), line=line):
                graph.add_suspected({k: v for k, v in row.items() if v is not None})
    return graph
