"""What every command shares: exit statuses, reading a story, printing a JSON list."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from provenance import formats
from provenance.errors import ValidationError
from provenance.formats.rows import RowRules
from provenance.graph import ProvenanceGraph
from provenance.records import claims_by_id, reports_by_source, sources_by_id

__all__ = ["BAD_INPUT", "CHECK_FAILED", "OK", "print_json_list", "read_story"]

OK, CHECK_FAILED, BAD_INPUT = 0, 1, 2


def read_story(args: argparse.Namespace, path: str) -> ProvenanceGraph:
    """The story at `path`, read under the command's ``--from``, ``--claim-per``,
    ``--duplicates`` and ``--placeholder``, each phase said."""
    args.phase(f"reading {path}")
    rules = RowRules(args.duplicates, args.placeholders or ())
    format = formats.format_of(path, args.format)
    if rules != RowRules() and not format.table:
        raise ValidationError(
            f"--duplicates and --placeholder apply to report tables "
            f"({', '.join(formats.TABLE_SUFFIXES)}), not {path!r}"
        )
    if args.claim_per is not None and format.posts is None:
        raise ValidationError(f"--claim-per applies to a platform's export, not {path!r}")
    graph = ProvenanceGraph()
    formats.read(path, graph, rules=rules, format=format.key, claims=args.claim_per)
    reports = sum(len(reports_by_source(graph, claim)) for claim in claims_by_id(graph))
    args.phase(
        f"read {len(sources_by_id(graph)):,} sources, {len(claims_by_id(graph)):,} claims, "
        f"{reports:,} reports"
    )
    return graph


def print_json_list(items: Iterable[object]) -> None:
    """Print what ``json.dumps(list(items), indent=2)`` would, an item at a time: the
    results of 500,000 claims are printed without being held as one text."""
    start = "["
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        sys.stdout.write(f"{start}\n  {text}")
        start = ","
    sys.stdout.write("[]\n" if start == "[" else "\n]\n")
