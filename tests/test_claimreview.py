"""schema.org ClaimReview out (g.to_claimreview, `provenance claimreview`) and back in
(pv.from_claimreview, pv.load of a ClaimReview file)."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import provenance as pv
from provenance.cli import main
from provenance.formats import format_of
from provenance.formats.claimreview import FLAG_WORDS, claimreview_text, parse_rating
from provenance.scoring.rules import published_before
from tests.conftest import PAYLOADS, hostile_graph
from tests.strategies import rich_graphs

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "pow_article.yaml")
ARTICLE = "https://euromaidanpress.com/2024/12/26/ukrainians-capture-first-north-korean-pow/"
URL, ORG = "https://check.example/review/1", "Example Check"


@pytest.fixture(scope="module")
def seed() -> pv.ProvenanceGraph:
    return pv.load(SEED)


def review_of(g: pv.ProvenanceGraph, claim: str, **more: Any) -> dict[str, Any]:
    return g.to_claimreview(claim, url=URL, author=ORG, **more)


def read_back(data: Any) -> pv.ProvenanceGraph:
    """A review read back: the review's own fields are always named in a note."""
    with pytest.warns(pv.ProvenanceWarning, match="fields not read"):
        return pv.from_claimreview(data)


# Out ---------------------------------------------------------------------------------


def test_the_troop_count_review(seed: pv.ProvenanceGraph) -> None:
    review = review_of(seed, "troops")
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == URL
    assert review["author"] == {"@type": "Organization", "name": ORG}
    assert review["claimReviewed"] == "10,000-12,000 North Korean troops are deployed in Russia"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["identifier"] == "troops"
    # the three governments the article cites are the origins: the Claim's authors
    assert item["author"] == [
        {"@type": "Organization", "name": "South Korean sources", "identifier": "kr-sources"},
        {"@type": "Organization", "name": "Ukrainian sources", "identifier": "ua-sources"},
        {"@type": "Organization", "name": "US sources", "identifier": "us-sources"},
    ]
    # one observed report, the article's, undated: no first appearance is known
    assert item["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": ARTICLE,
            "author": {
                "@type": "Organization",
                "name": "Euromaidan Press",
                "identifier": "article",
            },
        }
    ]
    assert "firstAppearance" not in item and "datePublished" not in item
    # no verdict unless one is given, and no date read off a clock
    assert "reviewRating" not in review and "datePublished" not in review
    assert review["reviewBody"].startswith("3 independent lines of support proven.")
    assert "Credibility 1 on the Admiralty scale (confirmed)" in review["reviewBody"]
    assert "No warning flag." in review["reviewBody"]


def test_the_capture_review_dates_its_first_appearance(seed: pv.ProvenanceGraph) -> None:
    item = review_of(seed, "capture")["itemReviewed"]
    # Warshal and Militarnyi both posted on 26 December (attributed, dated by the story):
    # the first listed of the earliest, as the cascade measures take it
    assert item["firstAppearance"] == {
        "@type": "CreativeWork",
        "datePublished": "2024-12-26",
        "author": {"@type": "Organization", "name": "Warshal", "identifier": "warshal"},
    }
    assert item["datePublished"] == "2024-12-26"
    assert [a["identifier"] for a in item["author"]] == ["photos", "sso"]
    assert [w["author"]["identifier"] for w in item["appearance"]] == ["article"]
    body = review_of(seed, "capture")["reviewBody"]
    assert "all of one group (ukraine-gov), not independent of each other" in body


def test_one_origin_is_one_author_and_the_findings_are_in_words(
    seed: pv.ProvenanceGraph,
) -> None:
    review = review_of(seed, "injured")
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Militarnyi",
        "identifier": "militarnyi",
    }
    body = review["reviewBody"]
    assert "1 independent line of support proven." in body
    assert "Every line passes through Militarnyi: the single point of failure." in body
    assert "single source (one proven line); hedged (every report says it is uncertain)" in body
    assert "Credibility 4 on the Admiralty scale (doubtful), support 0.40." in body
    assert "\n" not in body


def test_no_origin_leaves_the_author_out_and_says_so(seed: pv.ProvenanceGraph) -> None:
    review = review_of(seed, "assaults")
    assert "author" not in review["itemReviewed"]
    assert "its origin is not known" in review["reviewBody"]
    assert "unsourced (some reports do not say where they got it)" in review["reviewBody"]


def test_possible_lines_and_a_person_author() -> None:
    g = pv.ProvenanceGraph()
    g.add_source("ann", name="Ann Example", kind="Person", url="https://ann.example")
    for outlet in ("b", "c"):
        g.add_source(outlet)
    g.add_claim("c1", "Something happened")
    g.add_report("ann", "c1", firsthand=True, published="2024-12-26T09:00:00+00:00")
    g.add_report("b", "c1", published="2024-12-26T08:00:00+00:00", url="https://b.example/1")
    g.add_report("c", "c1", published="2024-12-27", retracted="2024-12-28")
    review = review_of(g, "c1")
    item = review["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": "Ann Example",
        "identifier": "ann",
        "url": "https://ann.example",
    }
    assert item["firstAppearance"]["url"] == "https://b.example/1"  # an hour before Ann
    assert item["datePublished"] == "2024-12-26T08:00:00+00:00"
    assert [w.get("datePublished") for w in item["appearance"]] == [
        "2024-12-26T09:00:00+00:00",
        "2024-12-26T08:00:00+00:00",
        "2024-12-27",
    ]
    body = review["reviewBody"]
    assert "1 independent line of support proven, up to 2 possible." in body  # c retracted
    assert "Not saying where they got it: b." in body
    assert "c retracted its report." in body


def test_every_flag_has_words() -> None:
    assert set(FLAG_WORDS) == set(pv.Flag)


def test_an_unknown_claim_is_named(seed: pv.ProvenanceGraph) -> None:
    with pytest.raises(pv.UnknownIdError, match=r"unknown claim 'trops' \(did you mean 'troops'"):
        review_of(seed, "trops")


def test_the_review_date_and_the_organisation_address(seed: pv.ProvenanceGraph) -> None:
    review = review_of(
        seed, "troops", date_published=dt.date(2025, 1, 3), author_url="https://check.example"
    )
    assert review["datePublished"] == "2025-01-03"
    assert review["author"]["url"] == "https://check.example"
    assert review_of(seed, "troops", date_published="2025-01-03T10:00Z")["datePublished"] == (
        "2025-01-03T10:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ("False", {"@type": "Rating", "alternateName": "False"}),
        ((1, 1, 5), {"@type": "Rating", "ratingValue": 1, "worstRating": 1, "bestRating": 5}),
        (
            (2.5, 0, 5, "Half true"),
            {
                "@type": "Rating",
                "ratingValue": 2.5,
                "worstRating": 0,
                "bestRating": 5,
                "alternateName": "Half true",
            },
        ),
    ],
)
def test_a_rating_only_as_given(seed: pv.ProvenanceGraph, rating: Any, expected: Any) -> None:
    assert review_of(seed, "troops", rating=rating)["reviewRating"] == expected


@pytest.mark.parametrize(
    ("rating", "said"),
    [
        (3, "rating must be words"),
        ([1, 1, 5], "rating must be words"),
        ((1, 5), "rating must be words"),
        ("", "rating must be non-empty words, got ''"),
        ("  ", "rating must be non-empty words"),
        ((6, 1, 5), r"rating \(6, 1, 5\): value 6 must be between worst 1 and best 5"),
        ((1, 5, 1), r"rating \(1, 5, 1\): worst 5 must be below best 1"),
        ((1, 1, 1), "worst 1 must be below best 1"),
        ((True, 0, 1), r"rating \(True, 0, 1\): True is not a number"),
        (("1", 1, 5), "'1' is not a number"),
        ((math.nan, 1, 5), "nan is not a finite number"),
        ((1, 1, math.inf), "inf is not a finite number"),
        ((1, 1, 5, ""), "rating must be non-empty words"),
        ((1, 1, 5, 7), "rating must be non-empty words, got 7"),
    ],
)
def test_a_bad_rating_is_refused_by_value(seed: pv.ProvenanceGraph, rating: Any, said: str) -> None:
    with pytest.raises(pv.ValidationError, match=said):
        review_of(seed, "troops", rating=rating)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("url", "", "url must be an http"),
        ("url", "javascript:alert(1)", "url must be an http"),
        ("url", "check.example/1", "url must be an http"),
        ("author", " ", "author must be non-empty words"),
        ("author", "\udcff", "author is not text a file can hold"),
        ("author_url", "ftp://x", "author_url must be an http"),
        ("date_published", "soon", "date_published 'soon' is not an ISO 8601 date"),
        ("date_published", 20250103, "date_published 20250103 is not"),
    ],
)
def test_bad_arguments_are_refused_by_value(
    seed: pv.ProvenanceGraph, field: str, value: Any, said: str
) -> None:
    arguments: dict[str, Any] = {"url": URL, "author": ORG, field: value}
    with pytest.raises(pv.ValidationError, match=said):
        seed.to_claimreview("troops", **arguments)


def test_the_command_line_rating() -> None:
    assert parse_rating(" Mostly false ") == "Mostly false"
    assert parse_rating("") == ""  # and refused as a rating: no words
    assert parse_rating("1/1..5") == (1, 1, 5)
    assert parse_rating("-1/-2..2 Leans false") == (-1, -2, 2, "Leans false")
    assert parse_rating("0.5/0..1") == (0.5, 0, 1)
    for bad in ("3", "2/5", "1.5", "2 / 1..5"):
        with pytest.raises(pv.ValidationError, match=f"rating '{bad}' is a number without"):
            parse_rating(bad)


def test_the_module_function_is_the_method(seed: pv.ProvenanceGraph) -> None:
    assert pv.to_claimreview(seed, "injured", url=URL, author=ORG) == review_of(seed, "injured")


def test_hostile_text_is_data(tmp_path: Path) -> None:
    g = hostile_graph()
    for claim in g.claims:
        review = g.to_claimreview(claim.id, url=URL, author=PAYLOADS[2], rating=PAYLOADS[3])
        assert review["claimReviewed"] == claim.text
        assert review["author"]["name"] == PAYLOADS[2]
        text = claimreview_text(review)
        # safe inside <script type="application/ld+json">, and the same data
        assert not {"<", ">", "&", "\u2028", "\u2029"} & set(text)
        assert json.loads(text) == review
        (observed,) = [r for r in g.reports(claim.id) if r.observed]
        (appearance,) = review["itemReviewed"]["appearance"]
        assert appearance["url"] == observed.url  # kept as recorded: data, not a link
        assert appearance["author"]["name"] == g.source(observed.source).name


# Back in -----------------------------------------------------------------------------


def appearances(g: pv.ProvenanceGraph, claim: str) -> set[tuple[str, str | None, Any]]:
    return {(r.source, r.url, r.published) for r in g.reports(claim)}


def test_a_round_trip_keeps_the_claims_and_their_appearances(seed: pv.ProvenanceGraph) -> None:
    claims = ["troops", "injured", "capture", "assaults"]
    back = read_back([review_of(seed, c) for c in claims])
    assert [c.id for c in back.claims] == claims
    for claim in claims:
        assert back.claim(claim).text == seed.claim(claim).text
        observed = {(r.source, r.url, r.published) for r in seed.reports(claim) if r.observed}
        first = {("warshal", None, dt.date(2024, 12, 26))} if claim == "capture" else set()
        assert appearances(back, claim) == observed | first
        # each appearance is an observed report naming no via: unsourced, the cautious reading
        assert all(r.sourcing == "unsourced" and r.observed for r in back.reports(claim))
    assert back.source("article").name == "Euromaidan Press"
    assert back.corroboration("troops").independent == 1  # the authors are not origins


def test_a_review_file_is_recognised_and_loads(tmp_path: Path, seed: pv.ProvenanceGraph) -> None:
    path = tmp_path / "review.json"
    path.write_text(claimreview_text(review_of(seed, "capture")), encoding="utf-8")
    assert format_of(path).key == "claimreview"
    assert format_of(tmp_path / "story.json").key == "json"  # a story is no review
    with pytest.warns(pv.ProvenanceWarning, match="ClaimReview.reviewBody ×1"):
        g = pv.load(path)
    assert appearances(g, "capture") == {
        ("article", ARTICLE, None),
        ("warshal", None, dt.date(2024, 12, 26)),
    }
    other = tmp_path / "review.txt"
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.warns(pv.ProvenanceWarning):
        assert pv.load(other, format="claimreview") == g


def page(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": list(nodes)}


def test_a_page_graph_with_references() -> None:
    data = page(
        {"@type": "WebPage", "@id": "#page", "name": "A fact check"},
        {"@type": "Organization", "@id": "#news", "name": "News Site", "url": "https://n.example"},
        {
            "@type": ["ClaimReview"],
            "claimReviewed": "The bridge collapsed",
            "itemReviewed": {"@id": "#claim"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        },
        {
            "@type": "Claim",
            "@id": "#claim",
            "author": {"@type": "Person", "name": "A politician"},
            "appearance": [
                {"@type": "NewsArticle", "url": "https://n.example/1", "author": {"@id": "#news"}},
                "https://blog.example/post",
            ],
        },
    )
    with pytest.warns(pv.ProvenanceWarning) as said:
        g = pv.from_claimreview(data)
    assert [c.id for c in g.claims] == ["The bridge collapsed"]
    assert appearances(g, "The bridge collapsed") == {
        ("News Site", "https://n.example/1", None),
        ("author-of:https://blog.example/post", "https://blog.example/post", None),
    }
    assert g.source("News Site").url == "https://n.example"
    notes = " ".join(str(w.message) for w in said)
    assert "left out: 1 Claim, 1 Organization, 1 WebPage" in notes
    assert "Claim.author ×1" in notes and "ClaimReview.reviewRating ×1" in notes
    assert "A politician" not in {s.name for s in g.sources}  # who made it: no report


def test_repeats_and_appearances_without_anyone_are_counted() -> None:
    review = {
        "@type": "http://schema.org/ClaimReview",
        "claimReviewed": "  Something\n happened ",
        "itemReviewed": {
            "@type": "Claim",
            "firstAppearance": {
                "url": "https://x.example/2",
                "author": "X",
                "datePublished": "2024-12-25",
            },
            "appearance": [
                {"url": "https://x.example/1", "author": "X", "datePublished": "2024-12-26"},
                {"author": [{"name": "Y"}, {"name": "Z"}]},
                {"@type": "CreativeWork"},
            ],
        },
    }
    with pytest.warns(pv.ProvenanceWarning) as said:
        g = pv.from_claimreview(review, file="r.json")
    claim = "Something happened"
    assert appearances(g, claim) == {
        ("X", "https://x.example/2", dt.date(2024, 12, 25)),
        ("Y", None, None),
    }
    notes = [str(w.message) for w in said]
    assert (
        "r.json: 1 appearance(s) of one claim by one author kept as one report: the earliest"
        in notes
    )
    assert "r.json: 1 appearance(s) naming neither an author nor a url left out" in notes
    assert "r.json: 1 appearance(s) with several authors: the first read as the reporter" in notes


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("text", "JSON-LD must be an object or a list, got 'text'"),
        ([1], r"\[0\]: a JSON-LD object is expected, got 1"),
        ({"@type": "WebPage"}, "holds no ClaimReview"),
        ({"@type": "ClaimReview"}, "ClaimReview: claimReviewed must be the claim's text, got None"),
        (
            {"@type": "ClaimReview", "claimReviewed": "c", "itemReviewed": "c"},
            "itemReviewed must be a Claim, got 'c'",
        ),
        (
            {"@type": "ClaimReview", "claimReviewed": "c", "itemReviewed": {"appearance": [5]}},
            r"ClaimReview.itemReviewed.appearance\[0\]: an appearance must be a CreativeWork",
        ),
        (
            {
                "@type": "ClaimReview",
                "claimReviewed": "c",
                "itemReviewed": {"appearance": {"author": "a", "datePublished": "soon"}},
            },
            r"appearance\[0\]: published 'soon' is not an ISO 8601 date",
        ),
        (
            {
                "@type": "ClaimReview",
                "claimReviewed": "c",
                "itemReviewed": {"appearance": {"author": 5, "url": "https://a.example"}},
            },
            "author must be a Person or an Organization, got 5",
        ),
        (
            {
                "@type": "ClaimReview",
                "claimReviewed": "a",
                "itemReviewed": {"appearance": {"author": "a"}},
            },
            "'a' is already a source; sources and claims share one namespace",
        ),
    ],
)
def test_bad_reviews_are_one_error_naming_the_place(data: Any, said: str) -> None:
    with pytest.raises(pv.FormatError, match=said):
        pv.from_claimreview(data, file="r.json")


# The property: nothing invented ------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_graphs())
def test_every_appearance_is_a_report_of_the_claim(g: pv.ProvenanceGraph) -> None:
    for claim in g.claims:
        reports = {r.source: r for r in g.reports(claim.id)}
        item = g.to_claimreview(claim.id, url=URL, author=ORG)["itemReviewed"]
        listed = item.get("appearance", [])
        assert [w["author"]["identifier"] for w in listed] == [
            r.source for r in reports.values() if r.observed
        ]
        works = [*listed, *([item["firstAppearance"]] if "firstAppearance" in item else [])]
        for work in works:
            report = reports[work["author"]["identifier"]]
            assert work.get("url") == report.url
            published = report.published
            assert work.get("datePublished") == (published and published.isoformat())
            assert work["author"]["name"] == g.source(report.source).name
        dated = [r for r in reports.values() if r.published is not None]
        assert ("firstAppearance" in item) == bool(dated)
        if dated:
            first = reports[item["firstAppearance"]["author"]["identifier"]]
            assert not any(published_before(r.published, first.published) for r in dated)
        origins = item.get("author", [])
        origins = origins if isinstance(origins, list) else [origins]
        assert [o["identifier"] for o in origins] == list(g.corroboration(claim.id).origins)


# The command line --------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_prints_the_review(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "claimreview", SEED, "injured", "--org", "Ex <Check>", "--url", URL,
        "--org-url", "https://check.example", "--rating", "1/1..5 Unproven", "--date", "2025-01-03",
    )  # fmt: skip
    assert status == 0 and err == ""
    assert "<" not in out
    review = json.loads(out)
    assert review == pv.load(SEED).to_claimreview(
        "injured",
        url=URL,
        author="Ex <Check>",
        author_url="https://check.example",
        date_published="2025-01-03",
        rating=(1, 1, 5, "Unproven"),
    )


def test_the_command_writes_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "review.json"
    status, out, err = run(
        capsys, "claimreview", SEED, "troops", "--org", ORG, "--url", URL, "-o", str(target)
    )
    assert (status, out, err) == (0, f"wrote {target}\n", "")
    assert "reviewRating" not in json.loads(target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == ["review.json"]  # no temporary left
    status, out, err = run(capsys, "explain", str(target), "troops")  # read back, as a story
    assert status == 0 and out.startswith("1 proven independent line")
    assert "provenance: note: " in err and "fields not read" in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["injurd"], "provenance: error: unknown claim 'injurd' (did you mean 'injured'?)\n"),
        (["injured", "--rating", "3"], "provenance: error: rating '3' is a number without"),
        (["injured", "--rating", "6/1..5"], "value 6 must be between worst 1 and best 5"),
        (["injured", "--date", "2025-13-01"], "date_published '2025-13-01' is not"),
        (["injured", "--org-url", "javascript:x"], "author_url must be an http(s) address"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    status, out, err = run(capsys, "claimreview", SEED, *argv[:1], "--org", ORG, "--url", URL,
                           *argv[1:])  # fmt: skip
    assert status == 2 and out == ""
    assert said in err and err.count("\n") == 1


def test_the_organisation_and_address_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "claimreview", SEED, "injured", "--url", URL)
    assert status == 2 and "--org" in err and err.count("\n") == 1
