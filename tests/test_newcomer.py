"""Small things a newcomer hit (issue 31, item 8): the tutorial as a pip user runs it,
``check --help`` saying what the table means, a frame read with ``keep_default_na=False``
scored as its CSV is, and the picture's legend entries apart."""

from __future__ import annotations

import itertools
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import provenance as pv
from provenance.cli import main
from provenance.model import Flag
from provenance.render.layout import label_size
from provenance.render.style import LEGEND
from tests.test_docs import ROOT
from tests.test_picture import SVG

TUTORIAL = ROOT / "docs" / "tutorial.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _fenced(language: str) -> list[str]:
    text = TUTORIAL.read_text(encoding="utf-8")
    return [m.group(2) for m in FENCE.finditer(text) if m.group(1) == language]


# (a) the tutorial


def test_the_tutorials_commands_run_with_no_checkout(tmp_path: Path) -> None:
    """A pip user has no ``examples/`` folder: each shell block runs in an empty folder."""
    blocks = _fenced("sh")
    assert blocks
    for number, block in enumerate(blocks):
        folder = tmp_path / str(number)
        folder.mkdir()
        for line in block.strip().splitlines():
            command, _, fallback = line.partition(" || ")
            argv = shlex.split(command)
            assert argv[0] == "provenance", line
            assert not any(arg.startswith("examples/") for arg in argv), line
            argv = [sys.executable, "-m", "provenance", *argv[1:]]
            done = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=120)
            assert "Traceback" not in done.stderr, (line, done.stderr)
            assert done.returncode == (1 if fallback else 0), (line, done.stdout, done.stderr)
    assert (tmp_path / "0" / "stories" / "pow_article.yaml").is_file()


def test_the_tutorial_builds_each_claim_before_it_uses_it() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    used = re.findall(r"provenance explain \S+ (\S+)", text)
    assert used
    for claim in used:
        built = text.find(f'g.add_claim("{claim}"')
        assert built >= 0, claim
        assert text.find(claim) == built + len('g.add_claim("'), claim  # first met built
    # and the file's claim is the one built in Python
    story = ROOT / "examples" / "pow_article.yaml"
    for claim in used:
        assert pv.load(story).claim(claim).id == claim


def test_the_tutorial_names_flags_as_the_readme_does() -> None:
    tutorial = "\n".join(_fenced("python"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[f.name for f in c.flags]" in readme
    assert "[f.name for f in c.flags]" in tutorial
    assert "f.value" not in tutorial
    assert "'HEDGE_DROPPED'" in tutorial  # the output printed, as names


# (b) check --help


def _check_help(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["check", "--help"]) == 0
    return capsys.readouterr().out


def test_check_help_lists_every_flag_with_its_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _check_help(capsys)
    after = shown[shown.index("flags (the names --fail-on takes):") :]
    listed = re.findall(r"^  ([a-z_]+)  +(\S.*)$", after, re.MULTILINE)
    assert [name for name, _ in listed] == [flag.value for flag in Flag]
    meanings = dict(listed)
    assert meanings["single_source"] == "one proven line"
    assert meanings["hedge_dropped"] == "a report states plainly what it got as uncertain"
    assert all(meanings.values())


def test_check_help_explains_the_columns_and_the_range(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = _check_help(capsys)
    for column in ("claim", "lines", "support", "reporters", "credibility", "flags", "text"):
        assert re.search(rf"^  {column} +\S", shown, re.MULTILINE), column
    assert "A range such as 2–5 is proven–possible" in " ".join(shown.split())
    assert "exit status: 0 done; 1 a claim has a --fail-on flag; 2 bad input" in shown


def test_check_help_from_the_command_line() -> None:
    argv = [sys.executable, "-m", "provenance", "check", "--help"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert all(f"  {flag.value}  " in done.stdout for flag in Flag)


# (c) '' in a frame read with keep_default_na=False


def _scores(table: Any) -> list[tuple[Any, ...]]:
    rows = table.to_pylist() if hasattr(table, "to_pylist") else table.to_dict("records")
    return sorted(
        (r["claim"], r["independent"], r["independent_max"], round(r["support"], 9),
         tuple(r["flags"]), r["credibility"])
        for r in rows
    )  # fmt: skip


def _frames(path: Path, **options: Any) -> dict[str, pd.DataFrame]:
    return {
        "data": pd.read_csv(path, **options),
        "sources": pd.read_csv(path.with_suffix(".sources.csv"), **options),
        "claims": pd.read_csv(path.with_suffix(".claims.csv"), **options),
    }


@pytest.mark.parametrize("dtype", [None, "string", "category", object])
def test_a_frame_read_with_keep_default_na_false_scores_as_its_csv(
    tmp_path: Path, dtype: Any
) -> None:
    path = tmp_path / "reports.csv"
    pv.load(ROOT / "examples" / "pow_article.yaml").save(path)
    frames = _frames(path, keep_default_na=False)
    reports = frames["data"]
    for name in ("firsthand", "observed", "implicit", "hedge", "retracted"):
        assert (reports[name] == "").any(), name  # empty cells, as '' not NaN
    if dtype is not None:
        frames = {name: frame.astype(dtype) for name, frame in frames.items()}
    from_csv = _scores(pv.assess_table(path))
    assert _scores(pv.assess_table(frames.pop("data"), **frames)) == from_csv
    assert len(from_csv) == 11 and any("hedge_dropped" in row[4] for row in from_csv)


def test_empty_booleans_of_a_frame_are_empty_as_in_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "source,claim,via,hedge,firsthand,observed\n"
        "a,c1,,,true,\n"
        "b,c1,a,reportedly,,true\n"
        "c,c2,,,,\n"
        "d,c2,c,,false,false\n"
        "e,c2,,,yes,\n",
        encoding="utf-8",
    )
    with pytest.warns(pv.ProvenanceWarning, match="no sources table"):
        from_csv = _scores(pv.assess_table(path))
    frame = pd.read_csv(path, keep_default_na=False)
    mixed = frame.astype(object)
    mixed.loc[0, "firsthand"] = True  # a real boolean beside the '' cells
    for data in (frame, mixed):
        with pytest.warns(pv.ProvenanceWarning, match="no sources table"):
            assert _scores(pv.assess_table(data)) == from_csv
    assert (frame["firsthand"] == "").sum() == 2  # the caller's frame is left as it was


def test_a_word_that_is_no_boolean_is_still_refused(tmp_path: Path) -> None:
    frame = pd.DataFrame({"source": ["a"], "claim": ["c"], "firsthand": ["maybe"]})
    with pytest.raises(pv.ProvenanceError, match="firsthand must be true or false, got 'maybe'"):
        pv.assess_table(frame, sources=pd.DataFrame({"id": ["a"]}))


def test_dask_takes_the_same_frame(tmp_path: Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    path = tmp_path / "reports.csv"
    pv.load(ROOT / "examples" / "pow_article.yaml").save(path)
    frames = _frames(path, keep_default_na=False)
    reports = dd.from_pandas(frames.pop("data"), npartitions=2)
    result = pv.dask.assess(reports, **frames).compute()
    assert _scores(result) == _scores(pv.assess_table(path))


# (d) the picture's legend


def _legend_entries(svg: str) -> list[tuple[float, float, str]]:
    """(x, y, text) of each legend entry's text, in the SVG."""
    words = {swatch.text for swatch in LEGEND}
    root = ET.fromstring(svg.encode())
    return [
        (float(t.attrib["x"]), float(t.attrib["y"]), t.text or "")
        for t in root.iter(f"{SVG}text")
        if t.text in words
    ]


@pytest.mark.parametrize("story", ["tiny", "seed"])
def test_legend_entries_do_not_overlap(story: str) -> None:
    if story == "tiny":
        g = pv.ProvenanceGraph()
        g.add_source("a")
        g.add_claim("c", "x")
        g.add_report("a", "c", firsthand=True)
    else:
        g = pv.load(ROOT / "examples" / "pow_article.yaml")
    svg = g.to_svg()
    entries = _legend_entries(svg)
    assert sorted(text for _, _, text in entries) == sorted(s.text for s in LEGEND)
    width = float(ET.fromstring(svg.encode()).attrib["width"])
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in entries:
        rows.setdefault(y, []).append((x, text))
    for row in rows.values():
        row.sort()
        for (x, text), (next_x, _) in itertools.pairwise(row):
            # the text's estimated width, and the next entry's swatch (22 before its text)
            assert x + label_size(text, 12)[0] <= next_x - 22, (text, x, next_x)
        last_x, last = row[-1]
        assert last_x + label_size(last, 12)[0] <= width, last


def test_legend_entries_apart_as_chromium_draws_them(browser: Any, tmp_path: Path) -> None:
    svg = pv.load(ROOT / "examples" / "pow_article.yaml").to_svg()
    path = tmp_path / "seed.svg"
    path.write_text(svg, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    words = [swatch.text for swatch in LEGEND]
    boxes = page.evaluate(
        """words => [...document.querySelectorAll('text')]
            .filter(t => words.includes(t.textContent))
            .map(t => { const b = t.getBBox(); return [b.x, b.y, b.width, b.height]; })""",
        words,
    )
    page.close()
    assert len(boxes) == len(LEGEND)
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            apart = x + w <= x2 - 16 or x2 + w2 <= x - 16 or y + h <= y2 or y2 + h2 <= y
            assert apart, ((x, y, w, h), (x2, y2, w2, h2))
