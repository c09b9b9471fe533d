"""Terminal text: escaped to print safely, shortened to a width, aligned in columns."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance._text import aligned_lines, printable, shorten


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mred", "\\x1b[31mred"),  # an escape sequence starts with a C0 control
        ("bell\x07", "bell\\x07"),
        ("del\x7f", "del\\x7f"),
        ("c1\x9b2J", "c1\\x9b2J"),  # the one-character CSI
        ("line\nbreak\r\ttab", "line\\nbreak\\r\\ttab"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("right\u202eto left", "right\\u202eto left"),
        ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
        ("para\u2029graph\u2028line", "para\\u2029graph\\u2028line"),
    ],
)
def test_printable_shows_what_a_terminal_would_act_on(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_printable_keeps_ordinary_text() -> None:
    text = "Заява «ЗСУ» — 捕虜 🙂 café\\n"
    assert printable(text) == text


# Zero-width characters, direction marks, embeddings, overrides and isolates; line and
# paragraph separators.
MARKS = "".join(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2028, 0x2029]))
MARKS += "".join(map(chr, range(0x2066, 0x206A)))


@given(st.text())
def test_printable_is_one_line_without_controls_or_marks(text: str) -> None:
    shown = printable(text)
    assert not any(unicodedata.category(c) == "Cc" or c in MARKS for c in shown)


@pytest.mark.parametrize(
    ("text", "width", "short"),
    [
        ("abcdef", 6, "abcdef"),
        ("abcdefg", 6, "abcde…"),
        ("  many \n\t spaces  ", 40, "many spaces"),
        ("", 5, ""),
    ],
)
def test_shorten(text: str, width: int, short: str) -> None:
    assert shorten(text, width) == short


@given(st.text(), st.integers(1, 60))
def test_shorten_never_passes_the_width(text: str, width: int) -> None:
    short = shorten(text, width)
    assert len(short) <= width
    assert short == " ".join(text.split()) or short.endswith("…")


def test_aligned_lines_reads_the_rows_twice_and_pads_all_but_the_last_column() -> None:
    calls = []

    def rows() -> list[tuple[str, ...]]:
        calls.append(1)
        return [("a", "long cell", "x"), ("bcd", "", "last")]

    lines = list(aligned_lines(("id", "n", "note"), rows))
    assert lines == ["id   n          note", "a    long cell  x", "bcd             last"]
    assert len(calls) == 2


def test_aligned_lines_of_no_rows_is_the_header() -> None:
    assert list(aligned_lines(("claim", "text"), lambda: [])) == ["claim  text"]


def test_the_table_uses_the_same_text() -> None:
    import provenance as pv

    g = pv.ProvenanceGraph()
    g.add_source("a")
    g.add_claim("c\x1b[2J", "A very long claim text\nthat goes on and on")
    g.add_report("a", "c\x1b[2J", firsthand=True)
    table = pv.format_table(g.assess().values(), text_width=12)
    assert "c\\x1b[2J" in table and "\x1b" not in table
    assert table.endswith(shorten("A very long claim text", 12))
