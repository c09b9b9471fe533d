"""The seed story: the first North Korean POW captured in Kursk Oblast."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

import provenance as pv
from examples.pow_article import build

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def results() -> dict[str, pv.Corroboration]:
    return build().assess()


def test_injured_is_single_source_and_hedged(results: dict[str, pv.Corroboration]) -> None:
    injured = results["injured"]
    assert injured.independent == 1
    assert {pv.Flag.SINGLE_SOURCE, pv.Flag.HEDGED} <= set(injured.flags)
    assert injured.origins == ("militarnyi",)
    assert injured.credibility is pv.Credibility.DOUBTFUL
    assert "'appeared to'" in injured.explain()


def test_troop_count_has_three_independent_lines(results: dict[str, pv.Corroboration]) -> None:
    troops = results["troops"]
    assert troops.independent == 3
    assert troops.origins == ("kr-sources", "ua-sources", "us-sources")
    assert pv.Flag.SINGLE_SOURCE not in troops.flags
    assert troops.credibility is pv.Credibility.CONFIRMED


def test_capture_rests_on_the_ukrainian_side(results: dict[str, pv.Corroboration]) -> None:
    capture = results["capture"]
    assert capture.independent == 1
    assert capture.origins == ("photos", "sso")
    # One group, two origins: the witness is the first line in source order.
    assert capture.lines == (("photos", "article"),)
    assert capture.common_links == ()  # the photos are a second way for the group


def test_first_capture_drops_a_hedge(results: dict[str, pv.Corroboration]) -> None:
    assert pv.Flag.HEDGE_DROPPED in results["first-capture"].flags


def test_unattributed_assertion_is_one_unsourced_line(
    results: dict[str, pv.Corroboration],
) -> None:
    # The article states it plainly and names nobody: the article itself is the line.
    assaults = results["assaults"]
    assert (assaults.independent, assaults.independent_max) == (1, 1)
    assert assaults.flags == (pv.Flag.SINGLE_SOURCE, pv.Flag.UNSOURCED)
    assert assaults.lines == (("article",),)
    assert assaults.unsourced == ("article",)
    assert assaults.credibility is pv.Credibility.POSSIBLY_TRUE


def test_example_prints_the_table_and_writes_the_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["pow_article.py"])
    runpy.run_path(str(EXAMPLES / "pow_article.py"), run_name="__main__")
    assert (tmp_path / "pow_article.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["injured"][1:3] == ["1", "0.40"]
    assert "single_source,hedged" in rows["injured"]
    assert rows["troops"][1] == "3"
    # Weakest first: one line, least support, most flags, then by id.
    assert [line.split()[0] for line in out.splitlines()[1:4]] == [
        "evacuated",
        "first-capture",
        "injured",
    ]
