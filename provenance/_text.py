"""Text for a terminal: escaped to print safely, shortened to a width, aligned in columns.

A base-level module (standard library only), used by the plain-text table
(:mod:`provenance.scoring.words`), the command line and the page's labels
(:mod:`provenance.render.data`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator

__all__ = ["aligned_lines", "printable", "shorten"]

# What a terminal would act on rather than show: C0 and C1 controls (escape sequences
# start with one), and the invisible marks that reorder or hide text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on a terminal, on one line: control characters, line breaks
    and invisible direction marks shown as escapes.

    >>> printable("claim\\x1b]0;pwned\\x07 ok\\nnext")
    'claim\\\\x1b]0;pwned\\\\x07 ok\\\\nnext'
    >>> printable("right\\u202eto left")
    'right\\\\u202eto left'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shorten(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis.

    >>> shorten("The captured   soldier\\nwas injured", 20)
    'The captured soldie…'
    >>> shorten("short", 20)
    'short'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
