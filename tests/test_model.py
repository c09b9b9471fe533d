"""Records and enums."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.model import parse_published
from tests.strategies import rows


@pytest.mark.parametrize(
    ("word", "hedge"),
    [
        ("CONFIRMED", pv.Hedge.CONFIRMED),
        ("asserted", pv.Hedge.ASSERTED),
        ("According to", pv.Hedge.ATTRIBUTED),
        ("reportedly", pv.Hedge.ATTRIBUTED),
        ("appeared  to", pv.Hedge.UNCERTAIN),
        ("It remains unclear", pv.Hedge.UNCERTAIN),
        (pv.Hedge.UNCERTAIN, pv.Hedge.UNCERTAIN),
    ],
)
def test_hedge_parse(word: object, hedge: pv.Hedge) -> None:
    assert pv.Hedge.parse(word) is hedge


@pytest.mark.parametrize("bad", ["maybe so", "", None, 3])
def test_hedge_parse_rejects(bad: object) -> None:
    with pytest.raises(pv.ValidationError, match="expected one of 'confirmed', 'asserted'"):
        pv.Hedge.parse(bad)


def test_an_unknown_hedge_lists_the_words_accepted() -> None:
    with pytest.raises(pv.ValidationError) as info:
        pv.Hedge.parse("maybe so")
    for word in pv.model.HEDGE_CUES:
        assert repr(word) in str(info.value)


@pytest.mark.parametrize(
    ("words", "level"),
    [
        ("probably", "uncertain"),
        ("likely", "uncertain"),
        ("allegedly", "uncertain"),
        ("purportedly", "uncertain"),
        ("unverified", "uncertain"),
        ("unconfirmed", "uncertain"),
        ("may", "uncertain"),
        ("might", "uncertain"),
        ("could", "uncertain"),
        ("it is believed", "uncertain"),
        ("reportedly", "attributed"),
        ("sources say", "attributed"),
        ("claimed", "attributed"),
        ("Verified", "confirmed"),
    ],
)
def test_news_hedges_are_kept_as_written(words: str, level: str) -> None:
    r = pv.Report("a", "c", hedge=words)
    assert (r.hedge.value, r.hedge_text) == (level, words)


def test_a_hedge_level_keeps_no_words() -> None:
    assert pv.Report("a", "c", hedge="Uncertain").hedge_text is None
    assert pv.Report("a", "c", hedge="uncertain", hedge_text="in all likelihood").hedge_text == (
        "in all likelihood"
    )


def test_flag_and_grade_parse() -> None:
    assert pv.Flag.parse("single-source") is pv.Flag.SINGLE_SOURCE
    assert pv.Flag.parse("HEDGE_DROPPED") is pv.Flag.HEDGE_DROPPED
    assert pv.Reliability.parse("f") is pv.Reliability.F
    assert pv.Reliability.B.meaning == "usually reliable"
    assert pv.Credibility(4).meaning == "doubtful"
    assert str(pv.Hedge.UNCERTAIN) == "uncertain"


def test_published() -> None:
    assert parse_published("2024-12-26") == dt.date(2024, 12, 26)
    aware = parse_published(" 2024-12-26T10:00:00+02:00 ")
    assert isinstance(aware, dt.datetime)
    assert aware.utcoffset() == dt.timedelta(hours=2)
    assert parse_published(dt.date(2024, 1, 1)) == dt.date(2024, 1, 1)
    with pytest.raises(pv.ValidationError, match="'yesterday' is not an ISO 8601"):
        parse_published("yesterday")


def test_report_defaults() -> None:
    r = pv.Report("a", "c")
    assert r.sourcing == "unsourced" and r.unsourced and r.retracted is None
    assert (r.via, r.hedge, r.firsthand, r.observed, r.implicit) == (
        (),
        pv.Hedge.ASSERTED,
        False,
        True,
        False,
    )
    assert pv.Report("a", "c", via=["b", "b", "d"]).via == ("b", "d")
    assert pv.Report("a", "c", via=["b", "b"]).via == ("b",)
    assert pv.Report("a", "c", via="b").via == ("b",)
    assert pv.Report("a", "c", observed=False).attributed


def test_records_are_frozen_and_evolve() -> None:
    s = pv.Source("sso", group="ukraine-gov")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.name = "x"  # type: ignore[misc]
    assert attrs.evolve(s, reliability="a").reliability is pv.Reliability.A
    assert s.name == "sso"
    assert s.independence_group == "ukraine-gov"
    assert pv.Source("x").independence_group == "source:x"


def test_from_dict_rejects_unknown_keys_and_bad_types() -> None:
    with pytest.raises(pv.ValidationError, match="unknown Source field 'grade'"):
        pv.Source.from_dict({"id": "x", "grade": "A"})
    with pytest.raises(pv.ValidationError, match="needs a mapping"):
        pv.Claim.from_dict(["x"])  # type: ignore[arg-type]
    with pytest.raises(pv.ValidationError, match=r"via\[1\] must be a non-empty source id"):
        pv.Report.from_dict({"source": "a", "claim": "c", "via": ["b", 3]})
    with pytest.raises(pv.ValidationError, match="via must be a list"):
        pv.Report("a", "c", via=3)
    with pytest.raises(pv.ValidationError, match="url must be a string"):
        pv.Source("x", url=1)  # type: ignore[arg-type]
    with pytest.raises(pv.ValidationError, match="kind must be a string, got None"):
        pv.Source("x", kind=None)  # type: ignore[arg-type]
    with pytest.raises(pv.ValidationError, match="observed must be True or False, got 1"):
        pv.Report.from_dict({"source": "a", "claim": "c", "observed": 1})


def test_from_dict_names_a_missing_field() -> None:
    with pytest.raises(pv.ValidationError, match="Report needs field 'claim'"):
        pv.Report.from_dict({"source": "a"})
    with pytest.raises(pv.ValidationError, match="Source needs field 'id'"):
        pv.Source.from_dict({"name": "A"})
    with pytest.raises(pv.ValidationError, match="unknown Claim field 1;"):
        pv.Claim.from_dict({1: "x", "zz": "y"})  # type: ignore[dict-item]


def test_unhashable_via_items_are_named_not_raised() -> None:
    with pytest.raises(pv.ValidationError, match=r"via\[0\] must be a non-empty source id"):
        pv.Report("a", "c", via=[["x"], ["y"]])


@settings(max_examples=400)
@given(
    st.sampled_from([pv.Source, pv.Claim, pv.Report]).flatmap(
        lambda cls: st.tuples(st.just(cls), rows(cls))
    )
)
def test_any_row_builds_a_record_or_raises_validation_error(
    case: tuple[type[pv.Source | pv.Claim | pv.Report], dict[object, object]],
) -> None:
    # Files and callers hand over anything: the only failure is the library's own error.
    cls, row = case
    try:
        record = cls.from_dict(row)  # type: ignore[arg-type]
    except pv.ValidationError:
        return  # any other exception fails the test
    assert attrs.evolve(record) == record  # a record that exists is a valid one
