"""``provenance check``: every claim's results, weakest first, as a table or JSON.

``--engine auto`` (the default), ``records`` and ``columns`` read the story into a graph
and score it as :func:`provenance.assess` does with that engine: the same table and JSON
whichever runs, each claim's whole result (:meth:`provenance.Corroboration.to_dict`).
Without a graph, ``--engine table`` scores a report table with the columnar engine
(:func:`provenance.assess_table`), and ``--engine dask`` a folder of Parquet files with
:func:`provenance.dask.assess`: the same numbers, flags and order, no record per report,
so no witness lines, texts or reporters (what a record holds).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from attrs import frozen

from provenance._text import aligned_lines, printable
from provenance.cascades import cascade
from provenance.cli.common import BAD_INPUT, CHECK_FAILED, OK, print_json_list, read_story
from provenance.cli.streams import say
from provenance.cli.suspect import suspected
from provenance.columns import assess_table
from provenance.errors import ProvenanceError, ValidationError
from provenance.formats.claimreview import FLAG_WORDS
from provenance.graph import ProvenanceGraph
from provenance.model import Credibility, Flag
from provenance.records import claims_by_id
from provenance.scoring import result, weakest_first
from provenance.scoring.words import likely_shown, table_lines, weakness

__all__ = ["ENGINES", "Scored", "check", "help_epilog", "scored"]

ENGINES = ("auto", "records", "columns", "table", "dask")
_WITHOUT_GRAPH = ("table", "dask")
# The result table's columns a row prints (the others repeat the flags, one per column).
_ROW = (*result.ROW, "declared")


_COLUMNS = """\
columns (weakest claim first):
  claim        the claim's id
  lines        independent lines: how many sources must all be wrong before the claim
               loses its support. A range such as 2–5 is proven–possible: 2 lines the
               declared sourcing proves, up to 5 if every report that names no source
               found the claim by itself (flagged unsourced)
  likely       only when suspected copying (--suspect, or recorded in the story) lowers
               a claim's possible lines: those possible once a suspected copier counts
               as citing what it copied (see 'provenance copies')
  support      0–1, what the proven lines are worth: grades, hedges, rivals
  reporters    how many sources carry it
  credibility  the Admiralty grade: 1 confirmed ... 6 cannot be judged
  flags        its warnings, comma-separated; - for none
  text         the claim, shortened
(--engine table and dask print no reporters or text: a table holds no records)"""


def help_epilog() -> str:
    """What ``provenance check --help`` says after the options: the table's columns, each
    flag (every :class:`~provenance.model.Flag`, in its order) in a few words, and the exit
    status.

    Examples
    --------
    >>> print(help_epilog().splitlines()[-3])
      cites_retracted  a report cites one that was retracted
    """
    width = max(len(flag.value) for flag in Flag)
    flags = "\n".join(f"  {flag.value:<{width}}  {_flag_words(flag)}" for flag in Flag)
    return (
        f"{_COLUMNS}\n\nflags (the names --fail-on takes):\n{flags}\n\n"
        "exit status: 0 done; 1 a claim has a --fail-on flag; 2 bad input"
    )


def _flag_words(flag: Flag) -> str:
    """The flag's meaning: what its words say in brackets (\"single source (one proven
    line)\" gives \"one proven line\"), or the flag's name spelt out."""
    words = FLAG_WORDS.get(flag, flag.value.replace("_", " "))
    _, bracket, meaning = words.partition(" (")
    return meaning.removesuffix(")") if bracket else words


@frozen
class Scored:
    """One story's results, weakest first, however they were scored: their JSON items,
    their table's lines, and each claim's flags."""

    json: Callable[[], Iterator[dict[str, Any]]]
    lines: Callable[[], Iterator[str]]
    flags: Sequence[tuple[str, tuple[Flag, ...]]]


def check(args: argparse.Namespace) -> int:
    """Run ``provenance check``; the exit status."""
    if len(args.stories) == 1:  # one story: its table, or its list of claims
        return _check_one(args, args.stories[0], scored(args, args.stories[0]))
    # Several: each in turn under its name, all checked whatever one of them holds; the
    # status is the worst (bad input 2, a flagged claim 1).
    status = [OK]

    def each() -> Iterable[dict[str, object]]:
        for path in args.stories:
            try:
                results = scored(args, path)
            except ProvenanceError as error:
                say(f"provenance: error: {printable(str(error))}")
                status.append(BAD_INPUT)
                continue
            if args.json:
                status.append(_failing(args, path, results))
                yield {"file": path, "claims": list(results.json())}
            else:
                print(f"== {printable(path)}")
                status.append(_check_one(args, path, results))

    if args.json:
        print_json_list(each())
    else:
        for _ in each():
            pass
    return max(status)


def scored(args: argparse.Namespace, path: str) -> Scored:
    """The results of the story at `path`, by the engine ``args.engine`` names."""
    if args.engine in _WITHOUT_GRAPH:
        return _by_table(args, path)
    graph = suspected(args, read_story(args, path))
    args.phase(f"scoring {len(claims_by_id(graph)):,} claims")
    results = weakest_first(graph.assess(engine=args.engine).values())
    return Scored(
        # each claim's spread beside its result (what a table without a graph cannot say)
        json=lambda: (c.to_dict() | {"cascade": _spread(graph, c.claim)} for c in results),
        lines=lambda: table_lines(results),
        flags=[(c.claim, c.flags) for c in results],
    )


def _spread(graph: ProvenanceGraph, claim: str) -> dict[str, Any]:
    """A claim's cascade measures, in JSON form without the claim's id."""
    measures = cascade(graph, claim).to_dict()
    del measures["claim"]
    return measures


def _by_table(args: argparse.Namespace, path: str) -> Scored:
    if args.suspect:
        raise ValidationError(
            f"--suspect works with the engines that read a graph (auto, records, columns): "
            f"--engine {args.engine} counts only the copying a table declares"
        )
    if args.engine == "table":
        args.phase(f"scoring {path} with the columnar engine")
        table = assess_table(path, duplicates=args.duplicates, placeholders=args.placeholders)
    else:
        if args.duplicates != "error" or args.placeholders:
            raise ValidationError("--duplicates and --placeholder do not apply to --engine dask")
        if not os.path.exists(path):
            raise ValidationError(f"--engine dask reads a folder of Parquet files: no {path!r}")
        from provenance import dask

        args.phase(f"scoring {path} on Dask")
        frame = dask.assess(path).compute()
        import pyarrow  # there with dask: its extra brings it

        table = pyarrow.Table.from_pandas(frame, preserve_index=False)
    scored_rows: list[dict[str, Any]] = table.select(list(_ROW)).to_pylist()
    scored_rows.sort(key=lambda r: weakness(r["independent"], r["support"], r["flags"], r["claim"]))
    rows = [result.row(**row) for row in scored_rows]  # as Corroboration.to_dict gives them
    flag_sets: dict[tuple[str, ...], tuple[Flag, ...]] = {}  # a handful, made once each
    flags = []
    for row in rows:
        names = tuple(row["flags"])
        if names not in flag_sets:
            flag_sets[names] = tuple(Flag(name) for name in names)
        flags.append((row["claim"], flag_sets[names]))
    return Scored(json=lambda: iter(rows), lines=lambda: _row_lines(rows), flags=flags)


def _row_lines(rows: Sequence[dict[str, Any]]) -> Iterator[str]:
    """The table of a result table's rows: no text or reporters, which it does not hold."""

    likely = likely_shown((r["independent_likely"], r["independent_max"]) for r in rows)

    def cells(row: dict[str, Any]) -> tuple[str, ...]:
        proven, possible = row["independent"], row["independent_max"]
        grade = Credibility(row["credibility"])
        return (
            printable(row["claim"]),
            f"{proven}–{possible}" if possible > proven else str(proven),
            *[str(row["independent_likely"])] * likely,
            f"{row['support']:.2f}",
            f"{grade.value} ({grade.meaning})",
            ",".join(row["flags"]) or "-",
        )

    header = ("claim", "lines", *["likely"] * likely, "support", "credibility", "flags")
    return aligned_lines(header, lambda: map(cells, rows))


def _check_one(args: argparse.Namespace, path: str, results: Scored) -> int:
    args.phase("writing the results")
    if args.json:
        print_json_list(results.json())
    else:
        sys.stdout.writelines(line + "\n" for line in results.lines())
    return _failing(args, path, results)


def _failing(args: argparse.Namespace, path: str, results: Scored) -> int:
    """Say on stderr which claims raise a ``--fail-on`` flag, each with its flags."""
    failing = [(claim, flags) for claim, flags in results.flags if set(args.fail_on) & set(flags)]
    if not failing:
        return OK
    names = ", ".join(f.value for f in args.fail_on)
    each = ", ".join(
        f"{printable(claim)} ({','.join(f.value for f in flags if f in args.fail_on)})"
        for claim, flags in failing
    )
    where = f"{printable(path)}: " if len(args.stories) > 1 else ""
    say(f"provenance: check failed: {where}{len(failing)} claim(s) flagged {names}: {each}")
    return CHECK_FAILED
