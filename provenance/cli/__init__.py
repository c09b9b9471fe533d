"""The ``provenance`` command.

::

    provenance check STORY… [--json] [--fail-on FLAG,FLAG… …] [--suspect]
                     [--engine auto|records|columns|table|dask] [--progress]
    provenance copies STORY [--json] [--min-probability P] [--progress]
    provenance explain STORY CLAIM [--suspect] [--progress]
    provenance claimreview STORY CLAIM --org NAME --url URL [--org-url URL]
                           [--rating VALUE] [--date YYYY-MM-DD] [-o FILE] [--progress]
    provenance cascades STORY [--json] [--progress]
    provenance render STORY -o OUT.html [--claim ID …] [--title TEXT] [--suspect]
                      [--progress]
    provenance convert IN OUT [--spreadsheet-safe] [--progress]
    provenance example NAME [-o DIR]

STORY is any file :func:`provenance.load` reads (``.yaml``, ``.json``, ``.prov.json``,
``.graphml``, ``.nodelink.json``, ``.csv``, ``.jsonl``). Exit status: 0 done, 1 ``check``
found a claim with a ``--fail-on`` flag, 2 bad input or usage, or output that cannot be
written (stdout closed, a pipe whose reader left, a full disk) — said in one line on
stderr, never a traceback. An option that takes a list accumulates when repeated; one
that takes one value refuses a second. ``--progress`` (the default when stderr is a
terminal) says on stderr each phase as it starts, with the time since the start.
"""

from __future__ import annotations

import argparse
import importlib.resources
import os
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from provenance._files import write_text_atomically
from provenance._text import printable
from provenance._version import __version__
from provenance.cascades import cascade_lines, cascades
from provenance.cli.check import ENGINES, help_epilog
from provenance.cli.check import check as check_command
from provenance.cli.claimreview import claimreview_arguments
from provenance.cli.common import BAD_INPUT, OK, print_json_list, read_story
from provenance.cli.options import FailOn, Once
from provenance.cli.streams import say, silence, unwritable, usable_streams
from provenance.cli.suspect import copies_arguments, suspect_options, suspected
from provenance.errors import FileAccessError, ProvenanceError, ProvenanceWarning
from provenance.formats import KEYS, SUFFIXES, written
from provenance.formats.posts import CLAIMS
from provenance.formats.rows import DUPLICATES
from provenance.io import save
from provenance.model import Flag
from provenance.records import claims_by_id
from provenance.render import render_file

if TYPE_CHECKING:  # importlib.resources.abc is 3.11+; importlib.abc holds it on 3.10
    from importlib.abc import Traversable

__all__ = ["main"]

_STORY = f"story file ({', '.join(SUFFIXES)})"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit status.

    Examples
    --------
    >>> main(["explain", "examples/pow_article.yaml", "troops"])  # doctest: +ELLIPSIS
    3 proven independent lines: ...Support 0.90: credibility 1, confirmed.
    0
    """
    with usable_streams():
        try:
            return _run(argv)
        except ProvenanceError as error:
            say(f"provenance: error: {printable(str(error))}")
            return BAD_INPUT
        except BrokenPipeError:  # `… | head -1`: the reader has all it wanted
            silence(sys.stdout)  # what its buffer holds goes nowhere at exit, not a traceback
            return OK
        except (OSError, ValueError) as error:  # writing stdout failed, or a fault
            reason = unwritable(error)
            if reason is None:
                raise
            silence(sys.stdout)  # what its buffer holds goes nowhere at exit, not a traceback
            say(f"provenance: error: cannot write the output: {reason}")
            return BAD_INPUT
        except KeyboardInterrupt:
            return 130


def _run(argv: Sequence[str] | None) -> int:
    """Parse `argv` and run its command; the exit status. A failed write to stdout is
    left to :func:`main`, which says it."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit:  # argparse has printed the usage error (or the help)
        return int(exit.code or 0)
    args.phase = _Phases(_on_a_terminal() if args.progress is None else args.progress)
    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always", ProvenanceWarning)
        try:
            result: int = args.command(args)
        finally:  # what a reader left out is said, whatever happens next
            for note in notes:
                if issubclass(note.category, ProvenanceWarning):
                    say(f"provenance: note: {printable(str(note.message))}")
    sys.stdout.flush()  # a closed stdout fails here at the latest, not at Python's exit
    args.phase("done")
    return result


def _on_a_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (OSError, ValueError):  # closed
        return False


class _Phases:
    """Says each phase as it starts, on stderr, when `shown`:
    ``provenance: [3.1 s] scoring 2,000,000 claims``."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self.start = time.perf_counter()

    def __call__(self, doing: str) -> None:
        if self.shown:
            elapsed = time.perf_counter() - self.start
            say(f"provenance: [{elapsed:.1f} s] {printable(doing)}")


class _Parser(argparse.ArgumentParser):
    """argparse, saying a usage error in one line (the usage is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="provenance",
        description="Score and draw source-provenance graphs of news and OSINT claims.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    common, reading = _common_options(), _reading_options()
    story = [common, reading]  # the options of a command that reads a story
    suspecting = [
        *story,
        suspect_options(_Parser(add_help=False)),
    ]  # … and may look for copying first
    table: list[tuple[str, _Arguments, list[_Parser], str, str | None]] = [
        # name, what adds its arguments, its options, help, description
        (
            "check",
            _check_arguments,
            suspecting,
            "a table of claims, weakest first",
            "Score every claim; weakest first.",
        ),
        (
            "copies",
            copies_arguments,
            story,
            "copying nobody declared, found from the evidence",
            "Suspected copying from shared values, shared wording and timing, strongest first.",
        ),
        ("explain", _explain_arguments, suspecting, "explain one claim in words", None),
        (
            "claimreview",
            claimreview_arguments,
            story,
            "one claim's finding as schema.org ClaimReview JSON-LD",
            "One claim's provenance finding as schema.org ClaimReview JSON-LD, for a "
            "fact-check page; a rating only when given. See docs/howto/claimreview.md.",
        ),
        (
            "cascades",
            _cascades_arguments,
            story,
            "how each claim spread: size, depth, breadth, virality, times",
            "Each claim's cascade (its reports, a tree of vias) measured as diffusion "
            "research measures spread; see docs/cascades.md.",
        ),
        (
            "render",
            _render_arguments,
            suspecting,
            "write the interactive HTML page, or a static SVG picture",
            None,
        ),
        (
            "example",
            _example_arguments,
            [common],
            "copy an example story to start from",
            "Copy an example story that ships with the library (the quick start's).",
        ),
        ("convert", _convert_arguments, story, "convert between formats by extension", None),
    ]
    for name, add_arguments, parents, about, description in table:
        add_arguments(
            commands.add_parser(name, parents=parents, help=about, description=description)
        )
    return parser


_Arguments = Callable[[argparse.ArgumentParser], None]  # adds a command's own arguments


def _common_options() -> _Parser:
    """The options of every command."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help="say each phase on stderr as it starts (default: when stderr is a terminal)",
    )
    return common


def _reading_options() -> _Parser:
    """The options of the commands that read a story."""
    reading = _Parser(add_help=False)
    reading.add_argument(
        "--duplicates",
        action=Once,
        choices=DUPLICATES,
        default="error",
        help="a .csv/.jsonl row repeating a source's report on a claim: refuse the table "
        "(error, the default), keep the first (skip), merge its vias (merge), or keep "
        "the one published first with the vias of all (earliest)",
    )
    reading.add_argument(
        "--from",
        action=Once,
        dest="format",
        choices=KEYS,
        metavar="FORMAT",
        help="read the story as this format, where neither its name nor its content "
        f"tells: {', '.join(KEYS)}",
    )
    reading.add_argument(
        "--claim-per",
        action=Once,
        choices=CLAIMS,
        default=None,
        help="a platform's export: one claim per post (the default), or per text: posts "
        "with the same text and no declared link are one claim",
    )
    reading.add_argument(
        "--placeholder",
        action="append",
        dest="placeholders",
        default=[],
        metavar="ID",
        help="an id a .csv/.jsonl export uses for 'no parent' (ROOT): left out of vias "
        "(repeatable)",
    )
    return reading


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.epilog, check.formatter_class = help_epilog(), argparse.RawDescriptionHelpFormatter
    check.add_argument(
        "stories", nargs="+", metavar="story", help=f"{_STORY}; several: each in turn"
    )
    check.add_argument("--json", action="store_true", help="print JSON for machines")
    check.add_argument(
        "--fail-on",
        action=FailOn,
        default=(),
        metavar="FLAGS",
        help="exit 1 when a claim has one of these comma-separated flags "
        f"({', '.join(f.value for f in Flag)}); repeatable: the flags add up",
    )
    check.add_argument(
        "--engine",
        action=Once,
        choices=ENGINES,
        default="auto",
        help="auto (default), records, columns: the story read into a graph and scored "
        "by that engine, the same results either way; table: the columnar engine on a "
        "report table (.csv, .parquet) without a graph, its numbers and flags; dask: the "
        "same on a folder of Parquet files, through Dask",
    )
    check.set_defaults(command=check_command)


def _explain_arguments(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("story", help=_STORY)
    explain.add_argument("claim", help="claim id")
    explain.set_defaults(command=_explain)


def _cascades_arguments(cascades: argparse.ArgumentParser) -> None:
    cascades.add_argument("story", help=_STORY)
    cascades.add_argument("--json", action="store_true", help="print JSON for machines")
    cascades.set_defaults(command=_cascades)


def _render_arguments(render: argparse.ArgumentParser) -> None:
    render.add_argument("story", help=_STORY)
    render.add_argument(
        "-o",
        "--output",
        action=Once,
        required=True,
        help="file to write: .html (the page) or .svg",
    )
    render.add_argument(
        "--claim",
        action="append",
        dest="claims",
        metavar="ID",
        help="draw only this claim and what is upstream of it (repeatable)",
    )
    render.add_argument("--title", action=Once, help="page title (default: the story's title)")
    render.set_defaults(command=_render)


def _example_arguments(example: argparse.ArgumentParser) -> None:
    example.add_argument("name", choices=sorted(_examples()), help="which example")
    example.add_argument(
        "-o", "--output", action=Once, default=".", help="folder to write it in (default: .)"
    )
    example.set_defaults(command=_example)


def _convert_arguments(convert: argparse.ArgumentParser) -> None:
    convert.add_argument("input", help=f"file to read ({', '.join(SUFFIXES)})")
    convert.add_argument("output", help="file to write, in the format its ending says")
    convert.add_argument(
        "--spreadsheet-safe",
        action="store_true",
        help="neutralise CSV cells that spreadsheets would run as formulas (=, +, -, @, "
        "tab, CR): a leading apostrophe, removed again on load; see docs/files.md",
    )
    convert.set_defaults(command=_convert)


def _explain(args: argparse.Namespace) -> int:
    graph = suspected(args, read_story(args, args.story))
    args.phase(f"explaining {args.claim}")
    print(printable(graph.corroboration(args.claim).explain()))
    return OK


def _cascades(args: argparse.Namespace) -> int:
    graph = read_story(args, args.story)
    args.phase(f"measuring {len(claims_by_id(graph)):,} cascades")
    measures = list(cascades(graph).values())
    args.phase("writing the results")
    if args.json:
        print_json_list(c.to_dict() for c in measures)
    else:
        sys.stdout.writelines(line + "\n" for line in cascade_lines(measures))
    return OK


def _render(args: argparse.Namespace) -> int:
    graph = suspected(args, read_story(args, args.story))
    args.phase(f"drawing {args.output}")
    render_file(graph, args.output, claims=args.claims, title=args.title)
    print(f"wrote {printable(args.output)}")
    return OK


def _examples() -> dict[str, Traversable]:
    """The example stories by name: inside the installed package, or, in a source
    checkout (where they are not copied into it), in its ``examples/`` folder."""
    shipped = importlib.resources.files("provenance").joinpath("examples")
    folder: Traversable = shipped if shipped.is_dir() else _CHECKOUT_EXAMPLES
    if not folder.is_dir():
        return {}
    return {f.name.removesuffix(".yaml"): f for f in folder.iterdir() if f.name.endswith(".yaml")}


_CHECKOUT_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example(args: argparse.Namespace) -> int:
    source = _examples()[args.name]
    target = Path(args.output) / f"{args.name}.yaml"
    if os.path.lexists(target):  # a link too, even one pointing nowhere: never written through
        raise FileAccessError(f"{target} exists; not overwritten (choose another -o folder)")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(target, source.read_text(encoding="utf-8"))
    print(f"wrote {printable(str(target))}")
    return OK


def _convert(args: argparse.Namespace) -> int:
    graph = read_story(args, args.input)
    args.phase(f"writing {args.output}")
    save(graph, args.output, spreadsheet_safe=args.spreadsheet_safe)
    print(f"wrote {', '.join(printable(str(path)) for path in written(args.output))}")
    return OK
