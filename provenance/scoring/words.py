"""Results in words: the plain-text table, and the order it lists claims in."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized

from provenance.scoring.result import Corroboration

__all__ = [
    "aligned_lines",
    "format_table",
    "printable",
    "shorten",
    "table_lines",
    "weakest_first",
    "weakness",
]

# What a terminal would act on rather than show: C0 and C1 controls (escape sequences
# start with one), and the invisible marks that reorder or hide text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal, on one line: control characters, line breaks
    and invisible direction marks shown as escapes.

    >>> printable("claim\\x1b]0;pwned\\x07 ok\\nnext")
    'claim\\\\x1b]0;pwned\\\\x07 ok\\\\nnext'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def weakest_first(results: Iterable[Corroboration]) -> list[Corroboration]:
    """Sort results weakest first: fewest proven lines, then least support, then most
    flags, then id (:func:`weakness`)."""
    return sorted(results, key=lambda c: weakness(c.independent, c.support, c.flags, c.claim))


def weakness(
    independent: int, support: float, flags: Sized, claim: str
) -> tuple[int, float, int, str]:
    """The key :func:`weakest_first` sorts by, for results held in other forms.

    >>> sorted([weakness(2, 0.9, [], "b"), weakness(1, 0.9, ["hedged"], "a")])[0][3]
    'a'
    """
    return independent, support, -len(flags), claim


def format_table(results: Iterable[Corroboration], *, text_width: int = 48) -> str:
    """A plain-text table of results, one claim a row, in the order given.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c1", "Something happened")
    >>> _ = g.add_report("a", "c1", firsthand=True)
    >>> print(pv.format_table(g.assess().values()))
    claim  lines  support  reporters  credibility         flags          text
    c1     1      0.60     1          3 (possibly true)   single_source  Something happened

    ``lines`` is the proven count, and the possible one when it is higher (``1–3``).
    """
    return "\n".join(table_lines(list(results), text_width=text_width))


def table_lines(results: Sequence[Corroboration], *, text_width: int = 48) -> Iterator[str]:
    """The lines of :func:`format_table`, made one at a time: a table of 500,000 claims
    is printed without being held (the rows are made twice, once for the widths)."""
    header = ("claim", "lines", "support", "reporters", "credibility", "flags", "text")

    def cells(c: Corroboration) -> tuple[str, ...]:
        return (
            printable(c.claim),
            c.lines_text,
            f"{c.support:.2f}",
            str(len(c.reporters)),
            f"{c.credibility.value} ({c.credibility.meaning})",
            ",".join(f.value for f in c.flags) or "-",
            printable(shorten(c.text, text_width)),
        )

    return aligned_lines(header, lambda: map(cells, results))


def aligned_lines(
    header: tuple[str, ...], rows: Callable[[], Iterable[tuple[str, ...]]]
) -> Iterator[str]:
    """The lines of a plain table, every column but the last padded to its widest cell.
    `rows` is called twice, once for the widths: a long table is never held as text.

    >>> list(aligned_lines(("id", "n", "note"), lambda: [("a", "10", "x"), ("bcd", "2", "")]))
    ['id   n   note', 'a    10  x', 'bcd  2   ']
    """
    widths = [len(name) for name in header[:-1]]
    for row in rows():
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=False)]
    for row in itertools.chain([header], rows()):
        padded = (cell.ljust(w) for cell, w in zip(row, widths, strict=False))
        yield "  ".join(padded) + "  " + row[-1]


def shorten(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis.

    >>> shorten("The captured   soldier\\nwas injured", 20)
    'The captured soldie…'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
