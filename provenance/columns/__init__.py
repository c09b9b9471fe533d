"""Tables in, a table out: every claim of a corpus scored by the columnar engine.

:func:`assess_table` reads reports as columns (a CSV or Parquet table set, an Arrow
table, a pandas frame) and returns one row per claim with every number and flag of
:meth:`provenance.Corroboration.to_dict`. No record is made per report: ids become
integer codes, words and dates are parsed once per distinct value, and the scoring is
:mod:`provenance.engine`'s. The tables follow the report-table format
(``docs/files.md``): columns ``source``, ``claim``, ``via`` …, with optional sibling
tables of sources, claims and contradictions (without a sources table every source
is ungraded and ungrouped, and a :class:`~provenance.errors.ProvenanceWarning` says so).

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
>>> _ = (folder / "story.sources.csv").write_text("id,reliability,group\\nministry,B,gov\\n")
>>> table = pv.assess_table(folder / "story.csv")
>>> table.column("claim").to_pylist(), table.column("independent").to_pylist()
(['troops', 'injured'], [3, 1])
>>> table.column("flags").to_pylist()
[[], ['single_source', 'unsourced']]
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from provenance import formats
from provenance._arrays import starts
from provenance._files import open_regular
from provenance.columns.coding import Doubt, code_tables
from provenance.columns.frames import Records, as_table, in_memory, without_sources
from provenance.columns.pool import allocating_from_malloc
from provenance.engine.coded import Columns, columns_of
from provenance.engine.score import FLAGS, ClaimScores, score_columns
from provenance.errors import ValidationError
from provenance.formats.parquet import arrow, arrow_rows, read_parquet_table
from provenance.formats.rows import REPORT_COLUMNS, RowFilter, RowRules, check_header
from provenance.formats.tables import add_table_rows, check_saved_set, siblings
from provenance.scoring.result import ROW
from provenance.scoring.support import SupportModel
from provenance.store import Store

# pyarrow is optional and untyped: its tables are `Any` in signatures here, which also
# lets the API docs resolve every other annotation.
__all__ = ["assess_table", "read_columns", "scores_table"]

_WORDS_ONLY = ("hedge_text", "url", "quote", "text")  # no bearing on any score
_TEXT = ("via", "published", "retracted")  # mostly distinct: read as text, not encoded


def _arrow() -> Any:
    return arrow("scoring tables")  # the one message saying what to install


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
        A report table (its sibling ``NAME.sources``, ``NAME.claims`` and
        ``NAME.contradictions`` tables are read when present: the table set of
        :mod:`provenance.formats.tables`; ``.csv`` and ``.parquet`` at column speed),
        any other story file (read as :func:`provenance.load` reads it), a table of
        reports, or a graph.
    model : provenance.scoring.support.SupportModel, optional
        The numbers behind support and credibility.
    sources, claims, contradictions : table, optional
        With an in-memory `data`: the sibling tables, as Arrow tables or pandas frames.
    duplicates : {"error", "skip", "merge", "earliest"}, optional
        How repeated rows and self-citations are taken, as by
        :func:`provenance.read_reports` (:class:`~provenance.formats.rows.RowRules`):
        ``"earliest"`` keeps the row published first with the vias of every repeat.
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
    offsets = starts(np.bincount(claim, minlength=len(scores.claim_ids)), dtype=np.int32)
    names = pa.array([f.value for f in FLAGS], pa.string()).take(pa.array(flag_code))
    flag_lists = pa.ListArray.from_arrays(pa.array(offsets), names)
    made = {
        "claim": pa.array(scores.claim_ids, pa.string()),
        "credibility": scores.credibility.astype(np.int8),
        "flags": flag_lists,
    }
    # The result row (ROW, in its order; the others are the scores' arrays), then
    # whether the declared sourcing proves a line, then each flag on its own.
    table = {name: made[name] if name in made else getattr(scores, name) for name in ROW}
    table["declared"] = scores.declared
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

    What `duplicates` and `placeholders` change (a repeated row, a self-citation, a
    placeholder) is taken at column speed as the row reader takes it, and said as it
    says it, in a :class:`~provenance.errors.ProvenanceWarning`; what only the row
    reader can judge (a repeat under ``"merge"``, repeats dated with times of different
    kinds under ``"earliest"``) is read by it.

    Without a sources table (no `sources` beside in-memory reports, no
    ``NAME.sources`` beside a table's file), every source is scored ungraded and
    ungrouped, and a :class:`~provenance.errors.ProvenanceWarning` says so; an empty
    sources table says there is nothing to know, and is not warned of.

    Examples
    --------
    >>> import pyarrow as pa
    >>> import provenance as pv
    >>> columns = pv.read_columns(pa.table({"source": ["outlet", "blog"], "claim": ["c", "c"],
    ...                                     "via": ["wire", None]}),
    ...                           sources=pa.table({"id": ["wire"], "reliability": ["A"]}))
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
        path = Path(data)
        columns = _read_file(path, rules)
        if formats.is_table(path) and "sources" not in siblings(path):
            without_sources(data)
        return columns
    pa = _arrow()
    given = {
        "reports": data,
        "sources": sources,
        "claims": claims,
        "contradictions": contradictions,
    }
    tables = {name: as_table(pa, table, name) for name, table in given.items()}
    columns = read_tables(pa, tables, rules)
    if sources is None:
        without_sources(data)
    return columns


def read_tables(
    pa: Any,
    tables: Mapping[str, Any],
    rules: RowRules,
    lines: np.ndarray | None = None,
    file: str | None = None,
) -> Columns:
    """In-memory tables (as :func:`~provenance.columns.frames.as_table` makes them) as
    columns, at column speed unless a check doubts them. An error (and a note of what
    the rules changed) names the reports as `file` (by default, ``the reports
    table``), and a report's row by its line in `lines` (an array, one per row; by
    default 1, 2, 3 …): the Dask reader gives the rows' places in the user's frame."""
    if not any(isinstance(table, Records) for table in tables.values()):
        try:
            with allocating_from_malloc(pa):
                return _coded(pa, tables, rules, file or in_memory("reports"))
        except Doubt:
            pass
    return columns_of(_store_of(pa, tables, rules, lines))


def _coded(pa: Any, tables: Mapping[str, Any], rules: RowRules, file: str) -> Columns:
    """The tables coded under `rules`, and what the rules changed said as the row reader
    says it (there is no graph to keep the note: a warning alone)."""
    taken = RowFilter(rules, file)
    columns = code_tables(pa, tables, taken)
    taken.say(Store())
    return columns


def _read_file(path: Path, rules: RowRules) -> Columns:
    read = _AT_COLUMN_SPEED.get(path.suffix.lower()) if formats.is_table(path) else None
    if read is None:  # JSON Lines, a story: as the registry reads it
        return columns_of(_read_rows(path, rules))
    pa = _arrow()
    formats.check_not_empty(path)  # as load refuses it: a table has a header at least
    restore = check_saved_set(path)  # cells made spreadsheet-safe: the row reader's
    open_regular(path).close()  # a FIFO or a device is refused before Arrow waits on it
    files = {"reports": path, **siblings(path)}
    try:
        if restore:
            raise Doubt  # its cells' apostrophes are taken off by the row reader
        with allocating_from_malloc(pa):
            tables = {name: read(pa, file, name == "reports") for name, file in files.items()}
            if "suspected" in tables and tables["suspected"].num_rows:
                raise Doubt  # suspected copying: read with its records' rules
            return _coded(pa, tables, rules, str(path))
    except Doubt:  # the row reader's error, or its records
        return columns_of(_read_rows(path, rules))


def _read_rows(path: Path, rules: RowRules) -> Store:
    """The file read row by row, as :func:`provenance.load` reads it (a table, under
    `rules`)."""
    store = Store()
    formats.read(path, store, rules=rules)
    return store


def _read_csv(pa: Any, path: Path, reports: bool) -> Any:
    """A CSV table as strings; one pyarrow cannot parse is doubted, for the row reader
    to say what is wrong where.

    Of a report table only the columns scoring reads are held (the passages a row
    quotes can be most of a file); the others are only checked to be text (UTF-8), as
    the row reader would, by a decoder streaming through the file."""
    try:
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
                    name: pa.string() if name in _TEXT or not reports else encoded for name in kept
                },
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except (OSError, UnicodeDecodeError, csv.Error, pa.ArrowInvalid):
        raise Doubt from None


_AT_COLUMN_SPEED: dict[str, Callable[[Any, Path, bool], Any]] = {
    ".csv": _read_csv,
    ".parquet": lambda pa, path, reports: read_parquet_table(path),
}
"""The report tables Arrow reads whole, by ending (the others are read row by row)."""


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


def _store_of(
    pa: Any, tables: Mapping[str, Any], rules: RowRules, lines: np.ndarray | None = None
) -> Store:
    """In-memory tables read row by row, as the table reader reads a table set: its
    errors, its records. Rows are numbered from 1 (or the reports by `lines`)."""
    present = {name: table for name, table in tables.items() if table is not None}
    rows = {
        name: arrow_rows(pa, table, in_memory(name), lines if name == "reports" else None)
        for name, table in present.items()
    }
    store = Store()
    names = {name: in_memory(name) for name in present}
    add_table_rows(store, rows, names, suffix=".parquet", rules=rules)  # cells typed, as Arrow's
    return store
