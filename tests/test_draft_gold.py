"""The pv.draft gold set (benchmarks/data/draft_gold.yaml): it validates, and the scorer's
numbers are exact for a perfect and for a perturbed prediction."""

from __future__ import annotations

import dataclasses
import doctest
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import draft_gold
from benchmarks.draft_gold import (
    FIRST_HAND,
    Item,
    Report,
    as_data,
    edges,
    load_gold,
    load_predicted,
    main,
    normalize_name,
    problems,
    score,
    split_of,
    stats,
)
from provenance.errors import ValidationError
from provenance.terms import HEDGE_CUES, Hedge

GOLD = load_gold()
HEDGES = [h.value for h in Hedge]


def _replace_report(items: list[Item], item_id: str, at: int, **changes: object) -> list[Item]:
    out = []
    for item in items:
        if item.id == item_id:
            reports = list(item.reports)
            reports[at] = dataclasses.replace(reports[at], **changes)  # type: ignore[arg-type]
            item = dataclasses.replace(item, reports=tuple(reports))
        out.append(item)
    return out


def _at(item_id: str, source: str) -> tuple[Item, int]:
    item = next(i for i in GOLD if i.id == item_id)
    return item, next(n for n, r in enumerate(item.reports) if r.source == source)


# The file


def test_the_gold_file_validates_and_check_prints_its_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert problems(GOLD) == []
    assert main(["--check"]) == 0
    out = capsys.readouterr().out
    assert f"items {len(GOLD)}" in out
    assert "hedge words (items)" in out


def test_the_set_has_the_size_and_the_phenomena_the_issue_asks_for() -> None:
    counts = stats(GOLD)
    assert 150 <= counts["total"]["sentences"] <= 200
    depth = counts["publisher chain depth (hops to the origin)"]
    assert depth["0"] > 0 and depth["2"] > 0 and depth["3"] > 0  # unattributed, 2 and 3 hops
    structure = counts["structure (items)"]
    assert structure["denial"] >= 10
    assert structure["parallel sources in one via"] >= 10
    for tag in ("passive", "quote-after", "negative", "cross-sentence", "unnamed", "imagery"):
        assert counts["tag"][tag] >= 8, tag
    assert set(counts["hedge (publisher reports)"]) == set(HEDGES)
    assert len(counts["region"]) == 7
    words = counts["hedge words (items)"]
    for cue in ("reportedly", "appeared to", "it remains unclear", "allegedly", "according to"):
        assert words[cue] >= 1, cue
    assert words["could not be independently verified"] >= 1


def test_every_hedge_cue_is_in_the_set_at_the_level_it_means() -> None:
    written = {r.hedge_text.casefold(): r.hedge for i in GOLD for r in i.reports if r.hedge_text}
    for cue, level in HEDGE_CUES.items():
        found = [w for w in written if cue == w or f"is {cue}" == w]  # "said to" as "is said to"
        assert found, cue
        assert {written[w] for w in found} == {level}, cue
    for words, level in written.items():  # words the vocabulary knows mean what it says
        if words in HEDGE_CUES or words in HEDGES:
            assert Hedge.parse(words).value == level, words


def test_about_a_third_of_the_items_are_test_fixed_by_the_id_hash() -> None:
    assert all(item.split == split_of(item.id) for item in GOLD)
    share = sum(item.split == "test" for item in GOLD) / len(GOLD)
    assert 0.25 < share < 0.42


def test_the_negatives_carry_no_hedge_from_their_hedge_like_words() -> None:
    # "On 9 May", "could not be reached for comment", "according to plan": all stay plain.
    for item_id in ("ua-009", "ua-010", "ua-025", "mm-014", "ru-014"):
        item = next(i for i in GOLD if i.id == item_id)
        assert "negative" in item.tags
        assert {r.hedge for r in item.reports} <= {"asserted", "attributed"}
        assert all(r.hedge_text is None for r in item.reports)


def test_the_seed_like_chain_is_one_report_per_link_nearest_first() -> None:
    item = next(i for i in GOLD if i.id == "ua-003")
    chain = {r.source: r.via for r in item.reports}
    assert chain == {
        "Ukrainska Pravda": ("Militarnyi",),
        "Militarnyi": ("Warshal",),
        "Warshal": ("Khartiia brigade",),
        "Khartiia brigade": (),
    }


def test_the_module_examples_run() -> None:
    assert doctest.testmod(draft_gold).failed == 0


# The validator


@pytest.mark.parametrize(
    ("item_id", "source", "changes", "expected"),
    [
        ("ua-001", "Kyiv Independent", {"content": "nowhere in the text"}, "is not in the text"),
        ("ua-002", "Militarnyi", {"via": ("Warshal",)}, "via 'Warshal' is not in the text"),
        ("ua-002", "Militarnyi", {"via": ("Horlivka",)}, "'Horlivka' has no report of"),
        ("ua-002", "Euromaidan Press", {"source": "Militarnyi"}, "two reports by"),
        ("ua-007", "Euromaidan Press", {"hedge_text": None}, "without the words"),
        ("ua-003", "Khartiia brigade", {"via": ("Militarnyi",)}, "loops back to 'Warshal'"),
        ("ua-005", "Reuters", {"via": ("Pentagon", "Pentagon")}, "names a source twice"),
        ("ua-001", "Ukraine's General Staff", {"hedge_text": "reportedly"}, "hedge_text"),
    ],
)
def test_the_validator_names_each_broken_convention(
    item_id: str, source: str, changes: dict[str, object], expected: str
) -> None:
    item, at = _at(item_id, source)
    broken = _replace_report([item], item_id, at, **changes)
    found = problems(broken)
    assert found and any(expected in line for line in found), found
    assert all(line.startswith(f"{item_id}: ") for line in found)


def test_the_validator_checks_ids_splits_tags_and_reachability() -> None:
    item = next(i for i in GOLD if i.id == "ua-005")
    orphan = Report("Pentagon", "Belgorod Oblast")
    bad = dataclasses.replace(
        item, split="dev" if item.split == "test" else "test", tags=("wordy",)
    )
    bad = dataclasses.replace(bad, reports=(*bad.reports, orphan))
    found = "\n".join(problems([bad, dataclasses.replace(item, id="zz-1")]))
    for expected in ("split", "unknown tag 'wordy'", "0 publisher reports", "REGION-NNN"):
        assert expected in found


def test_load_gold_raises_one_line_naming_the_first_problem(tmp_path: Path) -> None:
    item, at = _at("ua-001", "Kyiv Independent")
    broken = _replace_report([item], "ua-001", at, hedge_text="not there")
    path = tmp_path / "gold.yaml"
    path.write_text(yaml.safe_dump(as_data(broken)), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"ua-001: hedge_text 'not there' is not in"):
        load_gold(path)
    assert main([str(path), "--check"]) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("items: [{id: ua-001, reports: [{source: A, content: x, hedge: maybe}]}]", "hedge"),
        ("items: [{id: ua-001, reports: [{source: A}]}]", "content"),
        ("items: [{id: ua-001, reports: [{source: A, content: x, via: A}]}]", "via"),
        ("items: [{id: ua-001, reports: [{source: A, content: x, colour: red}]}]", "colour"),
        ("items: {}", "a list of items"),
        ("items: [[", "cannot be read"),
    ],
)
def test_a_malformed_prediction_is_one_clear_error(
    tmp_path: Path, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pred.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=expected):
        load_predicted(path)
    assert main(["--score", str(path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# The scorer


def test_gold_against_itself_is_perfect() -> None:
    result = score(GOLD, GOLD)
    assert result.edges_gold == result.edges_predicted == result.edges_correct > 0
    assert result.reports_gold == result.reports_matched == sum(len(i.reports) for i in GOLD)
    for name in ("edge_precision", "edge_recall", "edge_f1", "source_recall"):
        assert getattr(result, name) == 1.0
    assert result.report_precision == result.hedge_accuracy == result.denial_accuracy == 1.0


def test_a_small_perturbed_prediction_scores_exactly() -> None:
    text = "Militarnyi, citing Warshal, reported that a bridge fell. Kyiv said it rained."
    gold = Item(
        "ua-900",
        (
            Report("Outlet", "a bridge fell", ("Militarnyi",), "attributed"),
            Report("Militarnyi", "a bridge fell", ("Warshal",), "attributed", "citing"),
            Report("Warshal", "a bridge fell"),
            Report("Outlet", "it rained", ("Kyiv",), "attributed"),
            Report("Kyiv", "it rained"),
        ),
        text=text,
        publisher="Outlet",
    )
    guess = Item(
        "ua-900",
        (
            Report("Outlet", "a bridge fell", ("the outlet Militarnyi",), "attributed"),
            Report("MILITARNYI", "that a bridge fell", (), "attributed"),  # via dropped
            Report("Outlet", "it rained", ("Kyiv",), "uncertain"),  # wrong hedge
            Report("Kyiv", "it rained"),
        ),
    )
    result = score([gold], [guess])
    # gold edges: outlet→militarnyi, militarnyi→warshal, warshal→first-hand, outlet→kyiv,
    # kyiv→first-hand; predicted: the same less the middle two, plus militarnyi→first-hand.
    assert (result.edges_gold, result.edges_predicted, result.edges_correct) == (5, 4, 3)
    assert result.edge_precision == 3 / 4
    assert result.edge_recall == 3 / 5
    assert result.edge_f1 == pytest.approx(2 / 3)
    assert (result.reports_gold, result.reports_predicted, result.reports_matched) == (5, 4, 4)
    assert result.source_recall == 4 / 5
    assert result.report_precision == 1.0
    assert result.hedges_correct == 3
    assert result.hedge_accuracy == 3 / 4


def test_dropping_one_via_from_the_gold_costs_one_edge_each_way() -> None:
    item, at = _at("ua-002", "Militarnyi")  # Militarnyi, citing the 59th Brigade
    predicted = _replace_report(GOLD, "ua-002", at, via=())
    assert ("ua-002", "militarnyi", FIRST_HAND) not in edges(item)
    perfect, result = score(GOLD, GOLD), score(GOLD, predicted)
    total = perfect.edges_gold
    assert (result.edges_gold, result.edges_predicted, result.edges_correct) == (
        total,
        total,
        total - 1,
    )
    assert result.edge_precision == result.edge_recall == (total - 1) / total
    assert result.edge_f1 == pytest.approx((total - 1) / total)
    assert result.source_recall == result.hedge_accuracy == 1.0


def test_one_wrong_hedge_costs_exactly_one_matched_report() -> None:
    _, at = _at("ua-007", "Euromaidan Press")  # "appeared to": uncertain
    predicted = _replace_report(GOLD, "ua-007", at, hedge="attributed")
    result = score(GOLD, predicted)
    matched = sum(len(i.reports) for i in GOLD)
    assert result.reports_matched == matched
    assert result.hedges_correct == matched - 1
    assert result.hedge_accuracy == (matched - 1) / matched
    assert result.edge_f1 == 1.0


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_each_wrong_hedge_and_each_missing_item_costs_its_share(data: st.DataObject) -> None:
    at = st.integers(0, len(GOLD) - 1)
    items = [GOLD[n] for n in data.draw(st.lists(at, min_size=1, max_size=12, unique=True))]
    flips = data.draw(st.sets(st.sampled_from([i.id for i in items])))
    dropped = data.draw(st.sets(st.sampled_from([i.id for i in items])))
    predicted = []
    for item in items:
        if item.id in dropped:
            continue
        if item.id in flips:
            first = item.reports[0]
            other = next(h for h in HEDGES if h != first.hedge)
            item = dataclasses.replace(
                item, reports=(dataclasses.replace(first, hedge=other), *item.reports[1:])
            )
        predicted.append(item)
    result = score(items, predicted)
    kept = [i for i in items if i.id not in dropped]
    assert result.reports_matched == sum(len(i.reports) for i in kept)
    assert result.hedges_correct == result.reports_matched - len(flips - dropped)
    assert result.edges_correct == sum(len(edges(i)) for i in kept)
    assert result.edge_precision == (1.0 if kept else 0.0)


def test_names_match_after_normalisation_and_aliases() -> None:
    assert normalize_name("the Telegram channel Warshal") == "warshal"
    assert normalize_name("The X account of the Conflict Intelligence Team") == (
        "conflict intelligence team"
    )
    assert normalize_name("Ukraine\u2019s Navy") == normalize_name("ukraine's navy")
    assert normalize_name("the outlet") == "outlet"  # a descriptor alone stays a name
    item, at = _at("ua-003", "Warshal")
    renamed = _replace_report([item], "ua-003", at, source="the Telegram channel Warshal")
    renamed = _replace_report(renamed, "ua-003", 1, source="The outlet")  # alias of Militarnyi
    assert score([item], renamed).edge_f1 == 1.0
    assert score([item], renamed).source_recall == 1.0


def test_contents_match_by_word_overlap_and_each_prediction_once() -> None:
    item, _ = _at("ua-001", "Kyiv Independent")
    longer = "the General Staff said Russian forces launched 47 assaults along the Pokrovsk axis"
    other = "Ukraine received more Patriot interceptors"
    guess = Item(
        "ua-001",
        (
            Report("Kyiv Independent", longer, ("General Staff",), "attributed"),
            Report("Kyiv Independent", other, ("General Staff",), "attributed"),
            Report("Ukraine's General Staff", other),
        ),
    )
    result = score([item], [guess])
    assert result.reports_matched == 1
    assert result.source_recall == 1 / 2
    assert result.report_precision == 1 / 3


def test_predictions_outside_the_gold_are_ignored_and_ids_are_unique() -> None:
    dev = [i for i in GOLD if i.split == "dev"]
    assert score(dev, GOLD).edge_precision == 1.0
    with pytest.raises(ValidationError, match="appears twice"):
        score(GOLD, [GOLD[0], GOLD[0]])


def test_a_prediction_file_round_trips_and_scores_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(as_data(GOLD), ensure_ascii=False), encoding="utf-8")
    assert load_predicted(path) == GOLD
    assert main(["--score", str(path), "--split", "test", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["edge_f1"] == 1.0
    assert result["reports_gold"] == sum(len(i.reports) for i in GOLD if i.split == "test")
