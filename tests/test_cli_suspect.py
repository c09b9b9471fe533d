"""Copying nobody declared in the everyday commands: ``check`` shows the likely lines
when suspected copying lowers a count, ``explain`` names it, ``render`` draws it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings

import provenance as pv
from provenance.cli import main
from tests.strategies import corpora
from tests.test_render import Page, page_data

HEADER = ["claim", "lines", "support", "reporters", "credibility", "flags", "text"]
SUSPECTED = [1, 4]  # the dash pattern of a suspected copying edge
ENGINES = ("auto", "records", "columns")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def copied_story() -> pv.ProvenanceGraph:
    """BBC repeats Reuters' wording minutes later and says nothing; CNN has its own
    account; the troops claim is declared and first-hand."""
    g = pv.ProvenanceGraph()
    for s in ("reuters", "bbc", "cnn", "ministry"):
        g.add_source(s, name=s.upper())
    g.add_claim("crossed", "Troops crossed the border")
    words = "Troops crossed the border at dawn on Monday, officials told reporters there."
    g.add_report("reuters", "crossed", text=words, published="2024-12-26T09:00")
    g.add_report("bbc", "crossed", text=words + " More soon.", published="2024-12-26T09:05")
    g.add_report("cnn", "crossed", text="An entirely different account of the day's events.")
    g.add_claim("statement", "The ministry issued a statement")
    g.add_report("ministry", "statement", firsthand=True)
    g.add_report("cnn", "statement", via=["ministry"])
    return g


@pytest.fixture
def story(tmp_path: Path) -> str:
    return str(copied_story().save(tmp_path / "story.yaml"))


def cells(table: str) -> dict[str, dict[str, str]]:
    """Each row of a printed table by its claim, cell by column (text left out)."""
    header, *rows = table.splitlines()
    names = header.split()
    return {row.split()[0]: dict(zip(names, row.split(), strict=False)) for row in rows}


def test_check_suspect_shows_the_likely_lines_below_the_possible(
    capsys: pytest.CaptureFixture[str], story: str
) -> None:
    status, out, err = run(capsys, "check", story, "--suspect")
    assert status == 0 and err == ""
    assert out.splitlines()[0].split() == [*HEADER[:2], "likely", *HEADER[2:]]
    row = cells(out)["crossed"]
    assert (row["lines"], row["likely"]) == ("1–3", "2")  # BBC is no line of its own
    assert int(row["likely"]) < int(row["lines"].split("–")[1])
    assert cells(out)["statement"]["likely"] == "1"  # nothing suspected: as possible


def test_without_suspected_copying_the_table_is_as_before(
    capsys: pytest.CaptureFixture[str], story: str
) -> None:
    status, out, _ = run(capsys, "check", story)
    assert status == 0 and out.splitlines()[0].split() == HEADER
    results = pv.weakest_first(pv.load(story).assess().values())
    assert out == pv.format_table(results) + "\n"  # byte for byte the library's table
    assert "likely" not in out


def test_the_json_and_the_table_agree(capsys: pytest.CaptureFixture[str], story: str) -> None:
    _, table, _ = run(capsys, "check", story, "--suspect")
    _, printed, _ = run(capsys, "check", story, "--suspect", "--json")
    rows = cells(table)
    data = json.loads(printed)
    assert [r["claim"] for r in data] == list(rows)  # the same order, weakest first
    for result in data:
        row = rows[result["claim"]]
        assert int(row["likely"]) == result["independent_likely"]
        assert row["lines"].split("–")[-1] == str(result["independent_max"])
    (crossed,) = [r for r in data if r["claim"] == "crossed"]
    assert [(s["copier"], s["original"]) for s in crossed["suspected"]] == [("bbc", "reuters")]


def test_the_graph_engines_print_the_same_table_with_copying(
    capsys: pytest.CaptureFixture[str], story: str
) -> None:
    printed = [run(capsys, "check", story, "--suspect", "--engine", e) for e in ENGINES]
    assert "likely" in printed[0][1] and all(p == printed[0] for p in printed)


def test_copying_recorded_in_the_file_is_shown_by_every_engine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    g = copied_story()
    h = g.with_suspected(pv.suspect_copying(g))
    table = str(h.save(tmp_path / "story.csv"))
    _, records, _ = run(capsys, "check", table)  # no --suspect: the file holds it
    status, columns, err = run(capsys, "check", table, "--engine", "table")
    assert status == 0 and err == ""
    assert cells(records)["crossed"]["likely"] == "2"
    assert columns.splitlines()[0].split() == ["claim", "lines", "likely", "support",
                                               "credibility", "flags"]  # fmt: skip
    assert {c: r["likely"] for c, r in cells(columns).items()} == {
        c: r["likely"] for c, r in cells(records).items()
    }
    status, _, err = run(capsys, "check", table, "--engine", "table", "--suspect")
    assert status == 2 and "--suspect works with the engines that read a graph" in err


def test_explain_suspect_names_the_copying_and_the_likely_lines(
    capsys: pytest.CaptureFixture[str], story: str
) -> None:
    status, out, err = run(capsys, "explain", story, "crossed", "--suspect")
    assert status == 0 and err == ""
    assert "BBC probably copied REUTERS" in out
    assert "the wording matches REUTERS's" in out
    assert "Counting that as copying, 2 lines likely." in out
    _, plain, _ = run(capsys, "explain", story, "crossed")
    assert "copied" not in plain and "likely" not in plain


def test_render_suspect_draws_the_copying_and_the_panel_says_the_likely_lines(
    capsys: pytest.CaptureFixture[str], story: str, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    status, out, err = run(capsys, "render", story, "-o", str(page), "--suspect")
    assert status == 0 and err == "" and out == f"wrote {page}\n"
    data = page_data(Page(page.read_text(encoding="utf-8")))
    (edge,) = [e for e in data["edges"] if e.get("dashes") == SUSPECTED]
    assert edge["title"].startswith("suspected copying (")
    summaries = {claim: panel["summary"] for claim, panel in data["claims"].items()}
    said = [s for s in summaries.values() if "likely" in s]
    assert len(said) == 1 and "1–3 independent lines (proven–possible) · 2 likely" in said[0]
    assert "BBC probably copied REUTERS" in json.dumps(data["claims"])

    plain = tmp_path / "plain.html"
    assert run(capsys, "render", story, "-o", str(plain))[0] == 0
    data = page_data(Page(plain.read_text(encoding="utf-8")))
    assert not [e for e in data["edges"] if e.get("dashes") == SUSPECTED]
    assert not any("likely" in panel["summary"] for panel in data["claims"].values())


def test_render_suspect_draws_the_copying_in_a_picture(
    capsys: pytest.CaptureFixture[str], story: str, tmp_path: Path
) -> None:
    pictures = {}
    for name, extra in [("plain", []), ("suspect", ["--suspect"])]:
        path = tmp_path / f"{name}.svg"
        assert run(capsys, "render", story, "-o", str(path), *extra)[0] == 0
        pictures[name] = path.read_text(encoding="utf-8")
    dotted = 'stroke-dasharray="1 4"'
    assert dotted in pictures["suspect"] and dotted not in pictures["plain"]


@pytest.mark.parametrize("command", ["check", "explain", "render"])
def test_every_command_taking_suspect_says_it_in_its_help(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    status, out, _ = run(capsys, command, "--help")
    assert status == 0 and "--suspect" in out and "look for copying nobody declared" in out


@settings(max_examples=40, deadline=None)
@given(corpora())
def test_the_likely_column_is_there_exactly_when_copying_lowers_a_count(
    g: pv.ProvenanceGraph,
) -> None:
    results = pv.weakest_first(g.assess().values())
    header, *rows = pv.format_table(results).splitlines()
    lowered = any(c.independent_likely < c.independent_max for c in results)
    assert ("likely" in header.split()) == lowered
    if lowered:
        at = header.index("likely")  # the column's cells start where its heading does
        assert [row[at:].split()[0] for row in rows] == [str(c.independent_likely) for c in results]
