"""Rules with one home (issue 29): the 0–1 check, and copying's order of publication
read by the time inversion rule."""

from __future__ import annotations

import datetime as dt

import pytest

import provenance as pv
from provenance.copying.wording import wording_matches
from provenance.model import check_probability

WORDS = "Troops crossed the border at dawn on Monday, officials said."


def test_the_probability_check_is_one_function() -> None:
    assert check_probability("p", 1) == 1.0 and isinstance(check_probability("p", 1), float)
    for bad in (True, -0.1, 1.5, "0.5", None):
        with pytest.raises(pv.ValidationError, match=r"^p must be in \[0, 1\], got "):
            check_probability("p", bad)
    with pytest.raises(pv.ValidationError, match=r"the weight of 'uncertain' must be in"):
        pv.SupportModel(hedges={"uncertain": True})
    with pytest.raises(pv.ValidationError, match=r"the chance of 'a' must be in"):
        pv.SupportModel(sources={"a": -1})
    with pytest.raises(pv.ValidationError, match=r"margin must be a number in \[0, 1\]"):
        pv.SupportModel(margin=2)
    with pytest.raises(pv.ValidationError, match=r"probability must be a number in"):
        pv.SuspectedCopy("a", "b", ["x"], False)


def _timing(first: str, second: str) -> tuple[str, ...]:
    g = pv.ProvenanceGraph()
    for s in ("wire", "blog"):
        g.add_source(s)
    g.add_claim("c")
    g.add_report("wire", "c", text=WORDS, published=first)
    g.add_report("blog", "c", text="Officials: " + WORDS, published=second)
    (found,) = pv.suspect_copying(g, values=False)
    return tuple(e for e in found.evidence if e.startswith("published"))


@pytest.mark.parametrize(
    ("first", "second", "said"),
    [
        ("2024-12-26T09:00", "2024-12-26T09:07", ("published 7 minutes after",)),
        ("2024-12-26T09:00+00:00", "2024-12-26T11:07+02:00", ("published 7 minutes after",)),
        ("2024-12-26T09:00", "2024-12-26T09:07+00:00", ()),  # naive beside aware: by day
        ("2024-12-26", "2024-12-26T09:07", ()),  # a day beside a time: by day
        ("2024-12-26T09:00", "2024-12-26T11:00", ()),  # outside the hour
    ],
)
def test_timing_compares_only_what_the_rule_compares_exactly(
    first: str, second: str, said: tuple[str, ...]
) -> None:
    assert _timing(first, second) == said


def test_the_copier_is_the_later_by_the_time_inversion_rule() -> None:
    # A day beside a time of a later day: the rule orders them by day.
    early = pv.Report("a", "c", text=WORDS, published=dt.date(2024, 12, 25))
    late = pv.Report("b", "c", text="BREAKING: " + WORDS, published=dt.datetime(2024, 12, 26, 9))
    (match,) = wording_matches([late, early])
    assert (match[0].source, match[1].source) == ("b", "a")
    (match,) = wording_matches([early, late])
    assert (match[0].source, match[1].source) == ("b", "a")
