"""The draft rule layer: tokens with offsets, relay chains, hedges, claims, read_passage.

Every sentence here is written for these tests (no PolNeAR text, none from the gold file).
"""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.draft.claims import group_claims, similarity, slug
from provenance.draft.hedges import find_hedges, weakest
from provenance.draft.names import clean_name
from provenance.draft.reading import read_passage
from provenance.draft.records import DraftReport
from provenance.draft.text import sentences, tokenize
from provenance.errors import ValidationError
from provenance.terms import Hedge

PUB = "Daily Monitor"


def chains(text: str, publisher: str = PUB) -> dict[str, tuple[str, ...]]:
    """Reporter → via of the passage's reports (one content per passage in these tests)."""
    return {r.source: r.via for r in read_passage(text, publisher=publisher, tagger=False)}


def by_source(text: str, publisher: str = PUB) -> dict[str, DraftReport]:
    return {r.source: r for r in read_passage(text, publisher=publisher, tagger=False)}


# text: sentences and tokens ------------------------------------------------------------


def test_tokens_keep_offsets_and_tagger_quotes() -> None:
    text = "\u201cWe held the line,\u201d the commander\u2019s aide said. It wasn\u2019t over."
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
        for t in s.tokens:
            assert text[t.start : t.end] == t.text
    forms = [t.form for t in sentences(text)[0].tokens]
    assert forms[0] == "``" and "''" in forms and "'s" in forms
    assert [t.form for t in tokenize("wasn't")] == ["was", "n't"]


def test_sentences_split_at_ends_not_inside_quotes_or_titles() -> None:
    text = (
        "Gen. Petrenko spoke. \u201cWe advanced. We held.\u201d Then he left.\n\nA new paragraph."
    )
    got = sentences(text)
    assert [s.text for s in got] == [
        "Gen. Petrenko spoke.",
        "\u201cWe advanced. We held.\u201d",
        "Then he left.",
        "A new paragraph.",
    ]
    assert [s.paragraph for s in got] == [0, 0, 0, 1]


# chains ---------------------------------------------------------------------------------


def test_citing_inside_the_reporters_clause() -> None:
    text = (
        "Kyiv Post, citing the Telegram channel of the 93rd Brigade, reported that a "
        "pontoon bridge near Siversk was destroyed."
    )
    assert chains(text) == {PUB: ("Kyiv Post",), "Kyiv Post": ("93rd Brigade",), "93rd Brigade": ()}


def test_content_first_with_citing_after_the_cue() -> None:
    text = "A fuel depot in Tambov burned through the night, Astra wrote, citing local residents."
    assert chains(text) == {PUB: ("Astra",), "Astra": ("local residents",), "local residents": ()}


def test_according_to_inside_a_report_credits_the_reporter() -> None:
    text = (
        "Frontline Watch wrote that the regiment lost a radar near Vuhledar, according to "
        "a soldier it interviewed."
    )
    got = chains(text)
    assert got[PUB] == ("Frontline Watch",)
    assert got["Frontline Watch"] == ("soldier",)


def test_as_shared_via_a_telegram_channel() -> None:
    text = (
        "Two trucks were reportedly hit near Tokmak, as shared via the Telegram channel "
        "Dnipro Front."
    )
    reports = by_source(text)
    assert reports[PUB].via == ("Dnipro Front",)
    assert reports[PUB].hedge_text == "reportedly"
    assert reports["Dnipro Front"].kind == "telegram"


def test_report_reads_according_to_resolves_the_statement() -> None:
    text = (
        "The 24th Brigade posted a statement late on Monday. \u201cWe repelled four assaults "
        "near Chasiv Yar,\u201d the statement reads, according to Hromadske Radio."
    )
    assert chains(text) == {
        PUB: ("Hromadske Radio",),
        "Hromadske Radio": ("24th Brigade",),
        "24th Brigade": (),
    }


def test_said_quoting_and_which_cites() -> None:
    quoting = "The governor said, quoting the fire service, that nine houses burned in Izium."
    assert chains(quoting)["governor"] == ("fire service",)
    which = "Agentstvo, which cites two officials, reported that the plant stopped work."
    assert chains(which) == {
        PUB: ("Agentstvo",),
        "Agentstvo": ("two officials",),
        "two officials": (),
    }


def test_back_reference_in_the_next_sentence() -> None:
    text = (
        "Novaya Gazeta reported that a general was detained in Moscow. The outlet cited "
        "the Telegram channel Baza."
    )
    assert chains(text) == {PUB: ("Novaya Gazeta",), "Novaya Gazeta": ("Baza",), "Baza": ()}


def test_the_agency_is_the_agency_named_before() -> None:
    text = (
        "Interfax said a tanker ran aground near Kerch. Two crew members were hurt, the "
        "agency said."
    )
    reports = read_passage(text, publisher=PUB, tagger=False)
    hurt = [r for r in reports if r.content == "Two crew members were hurt"]
    assert [(r.source, r.via) for r in hurt] == [(PUB, ("Interfax",)), ("Interfax", ())]


def test_a_claim_someone_denied_is_two_reports() -> None:
    text = (
        "The Guardian, citing two diplomats, reported that Minsk had moved troops to the "
        "border, a claim Belarus denied."
    )
    got = {(r.source, r.via, r.denied) for r in read_passage(text, publisher=PUB, tagger=False)}
    assert (PUB, ("Guardian",), False) in got and ("Guardian", ("two diplomats",), False) in got
    assert (PUB, ("Belarus",), True) in got and ("Belarus", (), True) in got


def test_appositions_asides_and_places_are_not_part_of_names() -> None:
    named = chains("The shelling killed two people, according to the mayor, Ihor Terekhov.")
    assert named[PUB] == ("Ihor Terekhov",)
    told = by_source("Budanov told reporters in Kyiv that the new drones had reached the front.")
    assert told[PUB].via == ("Budanov",)
    assert told[PUB].content == "the new drones had reached the front"
    footage = chains("The video, posted by the Telegram channel Exilenova, shows a ferry on fire.")
    assert footage[PUB] == ("Exilenova",)


def test_quote_before_its_source() -> None:
    text = "\u201cThe dam is holding for now,\u201d the regional governor said on Telegram."
    reports = by_source(text)
    assert reports[PUB].via == ("regional governor",)
    assert reports[PUB].content == "The dam is holding for now"


def test_unattributed_claim_is_the_publishers_own() -> None:
    (only,) = read_passage(
        "Heavy rain flooded the lower town overnight.", publisher=PUB, tagger=False
    )
    assert (only.source, only.via, only.hedge) == (PUB, (), "asserted")


def test_denial_is_a_report_of_its_own() -> None:
    text = "Moscow denied that its jets had bombed the market in Kharkiv."
    reports = read_passage(text, publisher=PUB, tagger=False)
    assert {(r.source, r.via, r.denied) for r in reports} == {
        (PUB, ("Moscow",), True),
        ("Moscow", (), True),
    }


def test_sources_say_is_a_hedge_not_a_source() -> None:
    (only,) = read_passage(
        "The convoy turned back at the border, sources say.", publisher=PUB, tagger=False
    )
    assert only.via == () and only.hedge == "attributed" and only.hedge_text == "sources say"


def test_publisher_named_in_the_text_is_not_its_own_source() -> None:
    text = "Daily Monitor has verified the footage, which shows a downed drone near Sumy."
    reports = read_passage(text, publisher=PUB, tagger=False)
    assert all(r.source == PUB and not r.via for r in reports)


def test_names_are_cleaned_into_ids_and_kinds() -> None:
    assert clean_name("the Telegram channel of the 47th Brigade") == ("47th Brigade", "telegram")
    assert clean_name("satellite images from Umbra") == ("Umbra", "imagery")
    assert clean_name("the Ukrainian outlet Militarnyi")[0] == "Militarnyi"
    assert clean_name("Ukraine's Navy")[0] == "Ukraine's Navy"


# hedges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "level"),
    [
        ("The depot was allegedly set on fire.", "allegedly", "uncertain"),
        ("The depot appeared to be burning.", "appeared to", "uncertain"),
        ("It remains unclear who fired first.", "It remains unclear", "uncertain"),
        (
            "The report could not be independently verified.",
            "could not be independently verified",
            "uncertain",
        ),
        ("The agency was unable to confirm the toll.", "unable to confirm", "uncertain"),
        ("The ship was reportedly struck.", "reportedly", "attributed"),
    ],
)
def test_hedge_words_as_written(text: str, words: str, level: str) -> None:
    (found,) = find_hedges(text)
    assert (found.text, found.level.value) == (words, level)


@pytest.mark.parametrize(
    "text",
    [
        "The talks resumed on 12 May in Istanbul.",
        "The ministry could not be reached for comment.",
        "The evacuation went according to plan.",
        "The country showed its military might at the parade.",
        "Police detained three suspected members of the cell.",
    ],
)
def test_look_alikes_are_not_hedges(text: str) -> None:
    assert find_hedges(text) == []


def test_content_hedges_reach_every_reporter_framing_only_the_publisher() -> None:
    modal = by_source("The strike likely hit a command post, the general staff said.")
    assert {r.hedge for r in modal.values()} == {"uncertain"}
    framing = by_source("The strike allegedly hit a school, the regional governor said.")
    assert framing[PUB].hedge == "uncertain" and framing["regional governor"].hedge == "asserted"


def test_a_verification_sentence_hedges_the_publisher() -> None:
    reports = by_source("The navy said it sank a patrol boat. The claim could not be verified.")
    assert reports[PUB].hedge == "uncertain"
    assert reports[PUB].hedge_text == "could not be verified"
    assert reports["navy"].hedge == "asserted"


def test_weakest_hedge_wins() -> None:
    assert weakest([Hedge.CONFIRMED, Hedge.ATTRIBUTED]) is Hedge.ATTRIBUTED
    assert weakest([]) is Hedge.ASSERTED


# claims ---------------------------------------------------------------------------------


def test_same_content_from_several_sources_is_one_claim() -> None:
    ids = group_claims(
        [
            "Drones struck the Saky airbase overnight",
            "drones struck Saky airbase",
            "The governor resigned on Friday",
        ]
    )
    assert ids[0] == ids[1] != ids[2]
    assert similarity("the bridge collapsed", "a school reopened") == 0.0


def test_claim_ids_are_short_readable_and_unique() -> None:
    first = slug("The governor of Sumy resigned on Friday")
    assert first == "governor-sumy-resigned-friday"
    assert slug("The governor of Sumy resigned on Friday", {first}) == first + "-2"
    ids = group_claims(["Kherson was shelled", "Odesa port was hit", "Kherson was shelled again"])
    assert len(set(ids)) == 2


# read_passage ---------------------------------------------------------------------------


def test_reports_carry_evidence_offsets_and_confidence() -> None:
    text = "Meanwhile, nothing moved.\nThe mayor said that power was restored in Mykolaiv."
    for r in read_passage(text, publisher=PUB, tagger=False):
        ev = r.evidence
        assert text[ev.start : ev.end] == ev.sentence
        for _, a, b in ev.spans:
            assert 0 <= a <= b <= len(text)
        assert r.content in text and 0.0 < r.confidence <= 1.0


def test_bad_input_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="publisher"):
        read_passage("Anything.", publisher=" ")
    with pytest.raises(ValidationError, match="text"):
        read_passage(b"bytes", publisher=PUB)  # type: ignore[arg-type]


def test_with_the_tagger_a_plain_sentence_still_reads() -> None:
    pytest.importorskip("pycrfsuite")
    text = "The border guard service said that the crossing at Hoptivka was closed."
    with warnings.catch_warnings():  # without a spaCy pipeline the tagger says so, once
        warnings.simplefilter("ignore", pv.ProvenanceWarning)
        reports = read_passage(text, publisher=PUB, tagger=True)
    assert reports[0].source == PUB and reports[0].via == ("border guard service",)


_WORDS = st.sampled_from(
    [
        "said",
        "reported",
        "citing",
        "according",
        "to",
        "Reuters",
        "the",
        "Telegram",
        "channel",
        "“",
        "”",
        '"',
        ",",
        ".",
        ";",
        "allegedly",
        "May",
        "could",
        "not",
        "which",
        "cites",
        "as",
        "shared",
        "via",
        "Kyiv",
        "drones",
        "hit",
        "It",
        "The",
        "outlet",
        "cited",
        "\n",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=40).map(" ".join)))
def test_any_text_reads_without_crash_and_chains_close(text: str) -> None:
    reports = read_passage(text, publisher=PUB, tagger=False)
    have = {(r.source, r.claim, r.denied) for r in reports}
    for r in reports:
        ev = r.evidence
        assert 0 <= ev.start <= ev.end <= len(text)
        assert all(0 <= a <= b <= len(text) for _, a, b in ev.spans)
        assert r.content in text
        for name in r.via:
            assert (name, r.claim, r.denied) in have, f"{name!r} has no report of {r.claim}"
