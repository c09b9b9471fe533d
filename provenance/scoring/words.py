"""Results in words: the plain-text table, and the order it lists claims in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized

from provenance._text import aligned_lines, printable, shorten
from provenance.scoring.result import Corroboration

__all__ = ["format_table", "likely_shown", "table_lines", "weakest_first", "weakness"]


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
    When suspected copying lowers a claim's possible count (:func:`likely_shown`), a
    ``likely`` column follows it: each claim's
    :attr:`~provenance.Corroboration.independent_likely`.
    """
    return "\n".join(table_lines(list(results), text_width=text_width))


def table_lines(results: Sequence[Corroboration], *, text_width: int = 48) -> Iterator[str]:
    """The lines of :func:`format_table`, made one at a time: a table of 500,000 claims
    is printed without being held (the rows are made twice, once for the widths)."""
    likely = likely_shown((c.independent_likely, c.independent_max) for c in results)
    header = ("claim", "lines", *["likely"] * likely, "support", "reporters", "credibility",
              "flags", "text")  # fmt: skip

    def cells(c: Corroboration) -> tuple[str, ...]:
        return (
            printable(c.claim),
            c.lines_text,
            *[str(c.independent_likely)] * likely,
            f"{c.support:.2f}",
            str(len(c.reporters)),
            f"{c.credibility.value} ({c.credibility.meaning})",
            ",".join(f.value for f in c.flags) or "-",
            printable(shorten(c.text, text_width)),
        )

    return aligned_lines(header, lambda: map(cells, results))


def likely_shown(counts: Iterable[tuple[int, int]]) -> bool:
    """Whether a table of results shows the ``likely`` column: when suspected copying
    (recorded in the story, or found by ``--suspect``) lowers some claim's possible
    lines, given as ``(independent_likely, independent_max)`` pairs. Without it (no
    copying suspected, or none that changes a count) the table is as it always was.

    >>> likely_shown([(3, 3), (2, 3)]), likely_shown([(3, 3)])
    (True, False)
    """
    return any(likely < possible for likely, possible in counts)
