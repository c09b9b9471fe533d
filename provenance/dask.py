"""Scale-out on Dask: the columnar engine on every partition of a Dask frame.

A claim's lines, flags and own support depend only on its own reports, so the reports
are shuffled by claim and each partition is scored by the same engine as
:func:`provenance.assess_table`. What crosses partitions is small: claims that cannot
both be true (contradictions, answers to one question) compete, so their rows are
gathered, weighed against each other (:func:`provenance.engine.compete`) and put back.

Runs on whatever Dask scheduler is current: the local one by default, a cluster when a
``distributed.Client`` is given (or active). Needs ``pip install
'provenance-graph[dask]'``.

Examples
--------
>>> import dask.dataframe as dd
>>> import pandas as pd
>>> import provenance as pv
>>> import provenance.dask
>>> reports = dd.from_pandas(pd.DataFrame({
...     "source": ["article", "blog", "ministry"],
...     "claim": ["troops", "injured", "injured"],
...     "via": ["us;kr;ua", None, None],
...     "firsthand": [None, None, "true"]}), npartitions=2)
>>> sources = pd.DataFrame({"id": ["ministry", "us"], "reliability": ["B", "A"]})
>>> result = pv.dask.assess(reports, sources=sources).compute().sort_values("claim")
>>> result[["claim", "independent", "credibility"]].values.tolist()
[['injured', 1, 2], ['troops', 3, 1]]
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from provenance._arrays import ragged
from provenance.columns import read_tables, scores_table
from provenance.columns.cells import named_sources
from provenance.columns.coding import Doubt, rival_ids
from provenance.columns.frames import Records, as_table, in_memory, without_sources
from provenance.engine.score import FLAGS, ClaimScores, compete, score_columns
from provenance.errors import FormatError, MissingDependencyError, ProvenanceError, ValidationError
from provenance.formats import format_of
from provenance.formats.parquet import read_parquet_table, table_rows
from provenance.formats.rows import RowRules, add_declaration_rows, check_header
from provenance.formats.tables import PARQUET_SUFFIXES, siblings
from provenance.scoring.support import SupportModel
from provenance.store import Store

# dask, pandas and pyarrow are optional and untyped: their frames are `Any` here.
__all__ = ["assess"]


_ROW = "__provenance_row__"
"""The column that carries each report's row in the user's frame through the shuffle."""
_KEY = "__provenance_claim__"
"""The column of each report's claim hashed, which the shuffle gathers the claims by."""
_UNHASHABLE = (TypeError, ValueError, OverflowError, NotImplementedError)
"""What pandas raises hashing a cell it cannot (a list, a date past year 9999)."""


def _sibling_tables(reports: str | os.PathLike[str]) -> dict[str, Any]:
    """The sibling tables of a folder of Parquet files, ``FOLDER.sources.parquet`` …, as
    a table set names them (``corpus.parquet``, ``corpus.sources.parquet``: the rule of
    :func:`provenance.formats.tables.siblings`), or of one Parquet file; read whole.

    Raises
    ------
    ValidationError
        A table of suspected copying stands beside them, not empty: Dask counts none.
    """
    path = Path(reports)
    if path.is_dir():
        found = siblings(path, suffix=PARQUET_SUFFIXES[0])
    elif path.is_file():
        found = siblings(path)
    else:
        return {}  # a glob
    tables = {name: read_parquet_table(file) for name, file in found.items()}
    if "suspected" in tables and tables["suspected"].num_rows:
        raise ValidationError(
            f"{found['suspected']}: scoring on Dask counts no suspected copying; score "
            "the table set with provenance.assess_table (provenance check --engine table)"
        )
    return tables


def _read_set(
    dd: Any, path: str | os.PathLike[str], sources: Any, claims: Any, contradictions: Any
) -> tuple[Any, Any, Any, Any]:
    """The reports of a folder (or glob, or file) of Parquet files, and the sibling
    tables not given, read from beside it."""
    reports, beside = _read_parquet(dd, path), _sibling_tables(path)
    given = {"sources": sources, "claims": claims, "contradictions": contradictions}
    found = (table if table is not None else beside.get(name) for name, table in given.items())
    return (reports, *found)


def _read_parquet(dd: Any, folder: str | os.PathLike[str]) -> Any:
    """The reports of a folder (or glob) of Parquet files; one error naming it if they
    cannot be read (no such files, not Parquet)."""
    if os.path.isfile(folder):
        try:
            other = format_of(folder).suffixes != PARQUET_SUFFIXES
        except FormatError:
            other = False  # a name no format owns: Dask says whether it is Parquet
        if other:
            suffix = os.path.splitext(os.fspath(folder))[1].lower()
            raise FormatError(
                f"Dask reads a folder of Parquet files, not a {suffix} file: score it with "
                "provenance.assess_table (provenance check --engine table)",
                file=str(folder),
            )
    try:
        return dd.read_parquet(os.fspath(folder))
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        reason = str(error).splitlines()[-1].removeprefix("Original Message: ")
        raise FormatError(f"cannot read the Parquet files: {reason}", file=str(folder)) from None


def _dask() -> Any:
    try:
        import dask.dataframe
        import pyarrow  # noqa: F401 - the partitions are coded through Arrow
    except ImportError as error:
        raise MissingDependencyError(
            "scoring on Dask", error.name or "dask", extra="provenance-graph[dask]"
        ) from None
    return dask.dataframe


def assess(
    reports: Any,
    *,
    sources: Any = None,
    claims: Any = None,
    contradictions: Any = None,
    model: SupportModel | None = None,
    client: Any = None,
    npartitions: int | None = None,
) -> Any:
    """Score every claim of a Dask frame of reports, partition by partition.

    Parameters
    ----------
    reports : dask.dataframe.DataFrame or path
        Report rows as in the report-table format (``source``, ``claim``, ``via`` …),
        or a folder (or glob) of Parquet files holding them.
    sources, claims, contradictions : pandas.DataFrame or pyarrow.Table, optional
        The sibling tables, small enough for one machine; sent to every partition. For
        a folder ``NAME`` (or a file ``NAME.parquet``), those not given are read from
        ``NAME.sources.parquet``, ``NAME.claims.parquet`` and
        ``NAME.contradictions.parquet`` beside it, when there: the table set's rule
        (:func:`provenance.formats.tables.siblings`). A ``NAME.suspected.parquet``
        with rows beside it is refused: Dask counts no suspected copying. With no
        sources table, a :class:`~provenance.errors.ProvenanceWarning` says so.
    model : provenance.scoring.support.SupportModel, optional
    client : distributed.Client, optional
        Where the eager steps run (gathering the reports of competing claims; with a
        claims table, listing the claims the reports name), and where the sources
        table is sent once; by default, the current scheduler.
    npartitions : int, optional
        How many partitions to shuffle the reports into (by default, as many as they
        have). More, smaller partitions lower each worker's peak memory.

    Returns
    -------
    dask.dataframe.DataFrame
        One row per claim, the columns of :func:`provenance.assess_table`, in no
        particular order.

    Raises
    ------
    FormatError
        A row is wrong: the message names its line in `reports` (counted from 1, as
        :func:`provenance.assess_table` counts), the column and the value; raised when
        the result is computed (a sibling table's, at once).
    ValidationError
        `reports` is not a Dask frame, or lacks a ``source`` or ``claim`` column; a
        table of suspected copying stands beside the folder.
    MissingDependencyError
        dask or pyarrow is not installed.
    """
    dd = _dask()
    given = reports
    reports, sources, claims, contradictions = _given(dd, reports, sources, claims, contradictions)
    sources_table, claims_table, contradictions_table = _siblings(sources, claims, contradictions)
    if sources_table is None:
        without_sources(given, ".parquet")
    meta = _score_partition(reports._meta, sources_table, model)
    shared = _shared(sources_table, client)
    numbered = _numbered(reports)
    shuffled = numbered.shuffle(on=_KEY, npartitions=npartitions or reports.npartitions)
    scored = shuffled.map_partitions(_score_partition, shared, model, meta=meta)
    if claims_table is not None:
        scored = _with_unreported(dd, scored, reports, claims_table, model, client)
    try:
        if isinstance(contradictions_table, Records):
            raise Doubt  # types mixed in a column: the row reader names the cell
        rivals = rival_ids(claims_table, contradictions_table)
    except Doubt:
        _refuse_contradictions(reports, sources_table, claims_table, contradictions_table, client)
    if not rivals:
        return scored
    # Their reports are few: gathered and scored here, then weighed.
    mine = _run(numbered.map_partitions(_of_claims, list(rivals)), client)
    named = {*rivals, *(other for others in rivals.values() for other in others)}
    declared = set(claims_table["id"].to_pylist()) if claims_table is not None else set()
    if not named <= {*declared, *mine["claim"].tolist()}:  # as assess_table refuses it
        _refuse_contradictions(reports, sources_table, claims_table, contradictions_table, client)
    rows = _score_partition(mine, sources_table, model, claims=list(rivals))
    return scored.map_partitions(_replace, _compete(rows, rivals, model), meta=meta)


def _given(
    dd: Any, reports: Any, sources: Any, claims: Any, contradictions: Any
) -> tuple[Any, Any, Any, Any]:
    """The reports as a Dask frame (a Parquet folder read, and its siblings), checked."""
    if isinstance(reports, str | os.PathLike):
        return _given(dd, *_read_set(dd, reports, sources, claims, contradictions))
    if not isinstance(reports, dd.DataFrame):
        raise ValidationError(
            f"reports must be a Dask DataFrame or a Parquet folder, got {type(reports).__name__}"
        )
    check_header([str(name) for name in reports.columns], file=in_memory("reports"))
    missing = [name for name in ("source", "claim") if name not in reports.columns]
    if missing:
        raise ValidationError(
            f"the reports have no {' or '.join(map(repr, missing))} column "
            f"(they have {', '.join(map(repr, reports.columns)) or 'none'})"
        )
    return reports, sources, claims, contradictions


def _shared(sources_table: Any, client: Any) -> Any:
    """The sources table, sent to each worker once (not inside every task)."""
    if sources_table is None:
        return None
    if client is not None:
        return client.scatter(sources_table, broadcast=True)
    import dask

    return dask.delayed(sources_table, pure=True)


def _with_unreported(
    dd: Any, scored: Any, reports: Any, claims_table: Any, model: SupportModel | None, client: Any
) -> Any:
    """The scores, and those of the declared claims no report names (nothing behind)."""
    seen = set(_distinct_text(reports["claim"], client))
    alone = [claim for claim in claims_table["id"].to_pylist() if claim not in seen]
    if not alone:
        return scored
    import dask

    rows = _score_partition(reports._meta, None, model, claims=alone)
    with dask.config.set({"dataframe.convert-string": False}):  # as the partitions'
        return dd.concat([scored, dd.from_pandas(rows, npartitions=1)])


def _run(collection: Any, client: Any) -> Any:
    return collection.compute() if client is None else client.compute(collection).result()


def _siblings(sources: Any, claims: Any, contradictions: Any) -> tuple[Any, Any, Any]:
    """The sibling tables as Arrow tables (contradictions Arrow cannot hold, as
    :class:`~provenance.columns.frames.Records`), their sources and claims checked
    here, once, as :func:`provenance.assess_table` checks them (each partition sees a
    part)."""
    import pyarrow as pa

    given = {"sources": sources, "claims": claims, "contradictions": contradictions}
    tables = {name: as_table(pa, table, name) for name, table in given.items()}
    no_reports = pa.table({"source": pa.array([], pa.string()), "claim": pa.array([], pa.string())})
    declared = {name: tables[name] for name in ("sources", "claims")}
    if any(table is not None for table in declared.values()):
        read_tables(pa, {"reports": no_reports, **declared}, RowRules())
    for name in ("sources", "claims"):  # (contradictions: see _refuse_contradictions)
        if isinstance(table := tables[name], Records):  # read by the row reader above
            raise FormatError(
                f"column {table.unheld(pa)!r} mixes values of types a column cannot hold",
                file=in_memory(name),
            )
    return tables["sources"], tables["claims"], tables["contradictions"]


def _numbered(reports: Any) -> Any:
    """The reports with each row's place in the frame (0, 1, 2 …), carried through the
    shuffle so that an error names the row the user knows (a running count over the
    partitions in order, lazily, as Dask computes cumulative sums), and the key the
    shuffle gathers each claim's rows by."""
    ones = reports.assign(**{_ROW: 1})
    numbered = ones.assign(**{_ROW: ones[_ROW].cumsum() - 1})
    keys = numbered["claim"].map_partitions(_claim_keys, meta=(_KEY, "uint64"))
    return numbered.assign(**{_KEY: keys})


def _claim_keys(claims: Any) -> Any:
    """Each row's claim hashed. A partition holding a claim pandas cannot hash (a list,
    a date past year 9999: no claim id) goes whole to one place, where the row reader
    refuses that row."""
    import pandas as pd

    try:
        return pd.util.hash_pandas_object(claims, index=False)
    except _UNHASHABLE:
        return pd.Series(np.zeros(len(claims), dtype=np.uint64), index=claims.index)


def _of_claims(frame: Any, claims: list[str]) -> Any:
    """The rows of a partition whose claim is one of `claims`."""
    try:
        return frame[frame["claim"].isin(claims)]
    except _UNHASHABLE:  # a cell that is no id: refused where its partition is scored
        wanted = set(claims)
        cells = _cells(frame["claim"])
        return frame[np.array([isinstance(c, str) and c in wanted for c in cells], dtype=bool)]


def _distinct_text(column: Any, client: Any) -> list[str]:
    """The distinct ids of a column of the reports, as text (a cell that is no id is
    left out: its partition is refused where it is scored)."""
    import pandas as pd

    def texts(part: Any) -> Any:
        try:
            values = pd.Series(part.unique(), dtype=object, name=part.name)
        except _UNHASHABLE:  # a list, a dict, a date past year 9999: no id
            values = pd.Series(_cells(part), dtype=object, name=part.name)
        if part.dtype != object and pd.api.types.is_string_dtype(part.dtype):
            return values  # text throughout
        return values[[isinstance(value, str) for value in values]].drop_duplicates()

    meta = pd.Series([], dtype=object, name=column.name)
    found = _run(column.map_partitions(texts, meta=meta).unique(), client)
    return [value for value in found.tolist() if isinstance(value, str)]


def _cells(column: Any) -> list[Any]:
    """A column's cells as Python values; none when Python cannot hold them (a date
    past year 9999: no id, and refused where the partition is scored)."""
    try:
        cells: list[Any] = column.tolist()
    except _UNHASHABLE:
        return [None] * len(column)
    return cells


def _refuse_contradictions(
    reports: Any, sources: Any, claims: Any, contradictions: Any, client: Any
) -> NoReturn:
    """Raise the error :func:`provenance.assess_table` gives for contradictions it
    refuses (naming an id no claim has): read by the row reader against the claims and
    reporters the tables name (an error path: the ids are listed only here)."""
    import pyarrow as pa

    graph = Store()
    ids = {
        "source": [*(sources["id"].to_pylist() if sources is not None else ())],
        "claim": [*(claims["id"].to_pylist() if claims is not None else ())],
    }
    for kind in ids:
        ids[kind] += _distinct_text(reports[kind], client)
    for kind, values in ids.items():
        add: Any = graph.add_source if kind == "source" else graph.add_claim
        for value in dict.fromkeys(values):
            with contextlib.suppress(ProvenanceError):  # a bad id: its partition names it
                add(value)
    file = in_memory("contradictions")
    if contradictions is not None:
        add_declaration_rows(
            graph, "contradictions", table_rows(pa, contradictions, file), file=file
        )
    raise ValidationError(
        "a contradictions table has two columns, a and b, each row naming two claims"
    )


def _score_partition(
    frame: Any,
    sources: Any,
    model: SupportModel | None,
    claims: list[str] | None = None,
) -> Any:
    """One partition's claims (and `claims`), scored alone: rivals are weighed after. An
    error names a row by its line in the user's frame (1, 2, 3 …, as in memory)."""
    import pyarrow as pa

    lines = None
    if _ROW in frame.columns:
        lines = frame[_ROW].to_numpy() + 1
        frame = frame.drop(columns=[_ROW, _KEY])
    table = as_table(pa, frame, "reports")
    named = None
    if sources is not None and len(frame) and not isinstance(table, Records):
        named = named_sources(pa, table)
    if named is not None:  # only the sources this partition names
        sources = sources.filter(pa.compute.is_in(sources["id"], value_set=named))
    claim_table = None if claims is None else pa.table({"id": pa.array(claims, pa.string())})
    tables = {"reports": table, "sources": sources, "claims": claim_table}
    columns = read_tables(pa, tables, RowRules(), lines)
    return _frame(scores_table(score_columns(columns, model)))


def _frame(table: Any) -> Any:
    """A result table as pandas, the flag lists kept as Arrow lists (an object column
    of lists would leave Dask no type to write to Parquet)."""
    import pandas as pd
    import pyarrow as pa

    flag_lists = pa.list_(pa.string())
    return table.to_pandas(types_mapper={flag_lists: pd.ArrowDtype(flag_lists)}.get)


def _compete(rows: Any, rivals: dict[str, dict[str, None]], model: SupportModel | None) -> Any:
    """The rows of competing claims, each weighed against its rivals."""
    ids = rows["claim"].tolist()
    code = {claim: i for i, claim in enumerate(ids)}
    start, flat = ragged([[code[o] for o in rivals.get(claim, ()) if o in code] for claim in ids])
    alone = ClaimScores(
        claim_ids=tuple(ids),
        independent=rows["independent"].to_numpy(np.int64),
        independent_max=rows["independent_max"].to_numpy(np.int64),
        independent_likely=rows["independent_likely"].to_numpy(np.int64),
        support=rows["own_support"].to_numpy(np.float64),
        own_support=rows["own_support"].to_numpy(np.float64),
        credibility=rows["credibility"].to_numpy(np.int64),
        flags=np.column_stack([rows[flag.value].to_numpy(bool) for flag in FLAGS]),
        declared=rows["declared"].to_numpy(bool),
    )
    return _frame(scores_table(compete(alone, start, flat, model)))


def _replace(frame: Any, competed: Any) -> Any:
    """The partition with the rows of competing claims replaced."""
    mine = frame["claim"].isin(competed["claim"])
    if not mine.any():
        return frame
    import pandas as pd

    return pd.concat(
        [frame[~mine], competed[competed["claim"].isin(frame["claim"])]], ignore_index=True
    )
