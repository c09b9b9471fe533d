"""provenance.draft.tag: BIO attribution labels over a given token list.

Every sentence here is written for these tests (none comes from the training corpus).
"""

from __future__ import annotations

import sys
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pycrfsuite")

import provenance as pv
from provenance.draft import (
    tag,
    tagger,
)

LABELS = {"O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content"}
CAPTURE = [
    "Militarnyi",
    "reported",
    "that",
    "the",
    "soldier",
    "was",
    "captured",
    ",",
    "citing",
    "Warshal",
    ".",
]
QUOTE = ["``", "The", "bridge", "is", "down", ",", "''", "the", "governor", "said", "."]


def valid_bio(labels: list[str]) -> bool:
    previous = "O"
    for label in labels:
        if label not in LABELS:
            return False
        if label.startswith("I-") and previous[2:] != label[2:]:
            return False
        previous = label
    return True


@pytest.fixture(scope="module")
def parser() -> str:
    """The spaCy pipeline's name, or skip where spaCy or its English model is missing."""
    pytest.importorskip("spacy")
    try:
        tagger.load_parser("en_core_web_sm")
    except pv.MissingDependencyError:
        pytest.skip("no en_core_web_sm pipeline installed (requirements/draft-model.txt)")
    return "en_core_web_sm"


def check_capture(labels: list[str]) -> None:
    assert labels[0] == "B-source"  # Militarnyi
    assert labels[1] == "B-cue"  # reported
    assert any(label.endswith("content") for label in labels[2:7])  # the soldier was captured
    assert not any(label.endswith("source") for label in labels[2:7])
    assert valid_bio(labels)


def test_capture_sentence_lexical() -> None:
    check_capture(tag(CAPTURE, parser=None))


def test_capture_sentence_with_parser(parser: str) -> None:
    check_capture(tag(CAPTURE, parser=parser))


@pytest.mark.parametrize("use_parser", [False, True])
def test_quote_then_speaker(use_parser: bool, request: pytest.FixtureRequest) -> None:
    name = request.getfixturevalue("parser") if use_parser else None
    found = tagger.spans(tag(QUOTE, parser=name))
    assert ("source", 7, 9) in found  # the governor
    assert ("cue", 9, 10) in found  # said
    assert any(role == "content" and start <= 2 and end >= 4 for role, start, end in found)


ACCORDING = [
    "According", "to", "the", "ministry", ",", "two", "drones", "were", "shot", "down", "overnight",
    ".",
]  # fmt: skip


def test_according_to(parser: str) -> None:
    found = tagger.spans(tag(ACCORDING, parser=parser))
    assert any(role == "cue" and start == 0 for role, start, _ in found)  # According to
    assert any(role == "source" and start <= 3 < end for role, start, end in found)  # ministry


@pytest.mark.xfail(reason="the CRF misses content after a sentence-initial 'According to X,'")
def test_according_to_content(parser: str) -> None:
    assert tag(ACCORDING, parser=parser)[6].endswith("content")  # drones


def test_batch_equals_one_by_one() -> None:
    sentences = [CAPTURE, QUOTE, [], ["Nothing", "here", "."]]
    assert tagger.tag_sentences(sentences, parser=None) == [tag(s, parser=None) for s in sentences]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=40))
def test_any_tokens_give_valid_bio_of_the_same_length(tokens: list[str]) -> None:
    labels = tag(tokens, parser=None)
    assert len(labels) == len(tokens)
    assert valid_bio(labels)


@settings(max_examples=25, deadline=None)
@given(tokens=st.lists(st.text(max_size=12), max_size=30))
def test_any_tokens_give_valid_bio_with_the_parser(parser: str, tokens: list[str]) -> None:
    labels = tag(tokens, parser=parser)
    assert len(labels) == len(tokens)
    assert valid_bio(labels)


@given(st.lists(st.sampled_from(sorted(LABELS)), max_size=30))
def test_repair_makes_bio_valid_and_keeps_roles(labels: list[str]) -> None:
    repaired = tagger.repair(labels)
    assert valid_bio(repaired)
    assert [label[2:] for label in repaired] == [label[2:] for label in labels]
    assert tagger.repair(repaired) == repaired


def test_missing_crfsuite_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import now fails
    tagger._crf.cache_clear()
    try:
        with pytest.raises(pv.MissingDependencyError, match=r"provenance-graph\[draft\]"):
            tag(["Officials", "said", "so", "."], parser=None)
    finally:
        tagger._crf.cache_clear()


def test_missing_default_pipeline_warns_once(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("spacy")  # without spaCy itself the warning names the extra
    monkeypatch.setenv("PROVENANCE_SPACY_MODEL", "xx_no_such_pipeline")
    monkeypatch.setattr(tagger, "_warned", set())
    with pytest.warns(pv.ProvenanceWarning, match="lexical features only.*xx_no_such_pipeline"):
        first = tag(CAPTURE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert tag(CAPTURE) == first == tag(CAPTURE, parser=None)


def test_named_pipeline_missing_is_an_error() -> None:
    pytest.importorskip("spacy")
    with pytest.raises(pv.MissingDependencyError, match="spacy download xx_no_such_pipeline"):
        tag(CAPTURE, parser="xx_no_such_pipeline")


@pytest.mark.parametrize("bad", ["Officials said so .", ["Officials", 3]])
def test_tokens_must_be_a_list_of_strings(bad: object) -> None:
    with pytest.raises(pv.ValidationError, match="tokens must be"):
        tag(bad, parser=None)  # type: ignore[arg-type]


def test_empty_sentence() -> None:
    assert tag([], parser=None) == []


def test_without_spacy_the_lexical_model_runs_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import now fails
    monkeypatch.delenv("PROVENANCE_SPACY_MODEL", raising=False)
    monkeypatch.setattr(tagger, "_warned", set())
    tagger.load_parser.cache_clear()
    try:
        with pytest.warns(pv.ProvenanceWarning, match=r"lexical features only.*'spacy'"):
            labels = tag(CAPTURE)
        assert labels == tag(CAPTURE, parser=None)
        with pytest.raises(pv.MissingDependencyError, match=r"provenance-graph\[draft\]"):
            tag(CAPTURE, parser="en_core_web_sm")
    finally:
        tagger.load_parser.cache_clear()
