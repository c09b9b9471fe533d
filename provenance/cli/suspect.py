"""Copying nobody declared, on the command line: ``provenance copies``, and ``--suspect``
(one definition) for ``check``, ``explain`` and ``render``.

With ``--suspect`` a command looks for copying first (:func:`provenance.suspect_copying`)
and records what is likely enough as suspected via edges
(:meth:`~provenance.graph.ProvenanceGraph.with_suspected`), as a story file may already
hold them: ``check`` then counts the likely lines, ``explain`` names the copying and
``render`` draws it.
"""

from __future__ import annotations

import argparse
from typing import TypeVar

from provenance._text import printable
from provenance.cli.common import OK, print_json_list, read_story
from provenance.cli.options import Once
from provenance.copying import suspect_copying
from provenance.formats import SUFFIXES
from provenance.formats.story import suspected_data
from provenance.graph import ProvenanceGraph

__all__ = ["copies", "copies_arguments", "suspect_options", "suspected"]

_P = TypeVar("_P", bound=argparse.ArgumentParser)


def suspect_options(options: _P) -> _P:
    """`options` (a parser without help, to be a parent) with ``--suspect``, the one
    definition of the commands that take it."""
    options.add_argument(
        "--suspect",
        action="store_true",
        help="look for copying nobody declared first (as 'provenance copies' does) and "
        "count it: the likely lines, each suspected copier named",
    )
    return options


def suspected(args: argparse.Namespace, graph: ProvenanceGraph) -> ProvenanceGraph:
    """`graph` with the copying the evidence points to as suspected via edges, under
    ``--suspect``; else `graph` as it was read."""
    if not args.suspect:
        return graph
    args.phase("looking for copying nobody declared")
    return graph.with_suspected(suspect_copying(graph))


def copies_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``provenance copies``."""
    parser.add_argument("story", help=f"story file ({', '.join(SUFFIXES)})")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.add_argument(
        "--min-probability",
        action=Once,
        type=float,
        default=0.5,
        metavar="P",
        help="leave out copying less likely than P (default 0.5)",
    )
    parser.set_defaults(command=copies)


def copies(args: argparse.Namespace) -> int:
    """Run ``provenance copies``; the exit status."""
    graph = read_story(args, args.story)
    args.phase("looking for copying nobody declared")
    found = suspect_copying(graph, min_probability=args.min_probability)
    args.phase("writing the results")
    if args.json:
        print_json_list(suspected_data(c) for c in found)
        return OK
    rows = [("copier", "original", "probability", "claims", "evidence")] + [
        (
            printable(c.copier),
            printable(c.original),
            f"{c.probability:.2f}",
            str(len(c.claims)),
            printable("; ".join(c.evidence)),
        )
        for c in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1])
    return OK
