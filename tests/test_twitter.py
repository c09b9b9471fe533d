"""X / Twitter exports (formats.twitter): API v2 responses, twarc2 flattened lines, v1.1.

Every fixture is written from documented fields only:

- v2 tweets and responses: X docs, "Example payloads"
  (https://developer.x.com/en/docs/twitter-api/data-dictionary/example-payloads) and the
  Tweet object's fields there (``id``, ``text``, ``author_id``, ``created_at``,
  ``referenced_tweets[{type, id}]``, ``includes.users``, ``includes.tweets``);
- v2 partial errors (a referenced tweet deleted or protected): the error objects the API
  returns beside ``data`` (``value``, ``detail``, ``title``, ``resource_type``,
  ``parameter``, ``resource_id``, ``type``), as X's "Error troubleshooting" page shows them
  (https://developer.x.com/en/support/x-api/error-troubleshooting#partial-errors);
- ``__twarc``: ``_append_metadata`` in DocNow/twarc ``src/twarc/client2.py`` (``url``,
  ``version``, ``retrieved_at``);
- flattened lines: ``flatten`` in DocNow/twarc ``src/twarc/expansions.py`` (see
  :func:`flatten` below, which does what it documents);
- v1.1 tweets: X docs, v1.1 "Example payloads"
  (https://developer.x.com/en/docs/x-api/v1/data-dictionary/object-model/example-payloads)
  and the v1.1 Tweet object (``id_str``, ``user``, ``retweeted_status``,
  ``quoted_status``, ``quoted_status_id_str``, ``full_text``, ``extended_tweet``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main
from provenance.errors import FormatError, ProvenanceWarning
from provenance.formats import format_of, twitter
from provenance.formats.detect import head_of
from tests.exports import load

UTC = dt.timezone.utc
TWARC = {  # client2._append_metadata
    "url": "https://api.twitter.com/2/tweets/search/recent?query=bridge",
    "version": "2.14.0",
    "retrieved_at": "2024-12-27T00:00:00+00:00",
}


def user(id: str, username: str, name: str) -> dict[str, Any]:
    """A v2 user (includes.users), as in the docs' example payload."""
    return {"id": id, "name": name, "username": username, "created_at": "2013-12-14T04:35:55.000Z"}


def tweet(
    id: str, author: str, text: str, minute: int, refs: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """A v2 tweet with the fields twarc2 asks for (the docs' example payload's)."""
    found: dict[str, Any] = {
        "id": id,
        "text": text,
        "author_id": author,
        "created_at": f"2024-12-26T{9 + minute // 60:02d}:{minute % 60:02d}:00.000Z",
        "conversation_id": id,
        "edit_history_tweet_ids": [id],
        "lang": "en",
    }
    if refs:
        found["referenced_tweets"] = [{"type": kind, "id": ref} for kind, ref in refs]
    return found


def response(
    data: list[dict[str, Any]],
    users: list[dict[str, Any]],
    tweets: list[dict[str, Any]] = (),  # type: ignore[assignment]
    gone: list[str] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """A v2 response as twarc2 writes it, a line each; `gone`: referenced tweets the API
    reports in errors (deleted)."""
    found: dict[str, Any] = {"data": data, "includes": {"users": users}}
    if tweets:
        found["includes"]["tweets"] = list(tweets)
    if gone:
        found["errors"] = [
            {
                "value": id,
                "detail": f"Could not find tweet with referenced_tweets.id: [{id}].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "referenced_tweets.id",
                "resource_id": id,
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
            for id in gone
        ]
    found["meta"] = {"result_count": len(data)}
    found["__twarc"] = TWARC
    return found


def flatten(page: dict[str, Any]) -> list[dict[str, Any]]:
    """``twarc2 flatten`` as DocNow/twarc src/twarc/expansions.py documents it: a data
    tweet a line, its ``author`` the included user ({} if none), each
    ``referenced_tweets`` entry ``{**entry, **included tweet}`` ({type, id} only when
    the tweet is not included; included tweets expanded first), ``__twarc`` copied."""
    users = {u["id"]: u for u in page.get("includes", {}).get("users", [])}
    included = {t["id"]: t for t in page.get("includes", {}).get("tweets", [])}

    def expand(item: dict[str, Any], depth: int) -> dict[str, Any]:
        out = dict(item)
        if "author_id" in out:
            out["author"] = users.get(out["author_id"], {})
        if "referenced_tweets" in out:
            out["referenced_tweets"] = [
                {
                    **ref,
                    **(
                        expand(included[ref["id"]], depth + 1)
                        if ref["id"] in included and depth < 2
                        else {}
                    ),
                }
                for ref in out["referenced_tweets"]
            ]
        return out

    return [{**expand(t, 0), "__twarc": page["__twarc"]} for t in page["data"]]


def write_lines(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def story(g: pv.ProvenanceGraph) -> set[tuple[Any, ...]]:
    return {
        (r.source, c.id, r.via, r.firsthand, r.published, r.url, r.text)
        for c in g.claims
        for r in g.reports(c.id)
    }


ANN, BOB, CAT, DAN = (
    user("10", "ann", "Ann"),
    user("20", "bob", "Bob"),
    user("30", "cat", "Cat"),
    user("40", "dan", "Dan"),
)
ORIGINAL = tweet("1", "10", "Bridge at Kherson closed", 0)


def retweeted_by_three() -> dict[str, Any]:
    rts = [
        tweet(
            str(100 + i), u["id"], "RT @ann: Bridge at Kherson closed", 5 + i, [("retweeted", "1")]
        )
        for i, u in enumerate((BOB, CAT, DAN))
    ]
    return response(rts, [ANN, BOB, CAT, DAN], [ORIGINAL])


# ---------------------------------------------------------------- API v2


def test_the_docs_example_payload_is_a_post_by_its_author(tmp_path: Path) -> None:
    # X docs, "Example payloads" (v2 Tweet), its fields as given there (metrics and
    # entities left out); the reply it is names a tweet the response does not include.
    page = {
        "data": [
            {
                "conversation_id": "1304102743196356610",
                "id": "1307025659294674945",
                "possibly_sensitive": False,
                "text": "Here’s an article that highlights the updates in the new Tweet "
                "payload v2 https://t.co/oeF3ZHeKQQ",
                "in_reply_to_user_id": "2244994945",
                "created_at": "2020-09-18T18:36:15.000Z",
                "author_id": "2244994945",
                "referenced_tweets": [{"type": "replied_to", "id": "1304102743196356610"}],
                "lang": "en",
                "source": "Twitter Web App",
            }
        ],
        "includes": {"users": [user("2244994945", "TwitterDev", "Twitter Dev")]},
    }
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(page, indent=2), encoding="utf-8")
    assert format_of(path).key == "twitter"
    g = pv.load(path)  # nothing to say: no warning
    (report,) = g.reports("x:1307025659294674945")
    assert report.source == "x:user:2244994945" and report.firsthand and not report.via
    assert report.published == dt.datetime(2020, 9, 18, 18, 36, 15, tzinfo=UTC)
    assert report.url == "https://twitter.com/TwitterDev/status/1307025659294674945"
    assert g.claim("x:1307025659294674945").text.startswith("Here’s an article")
    assert g.source("x:user:2244994945").name == "@TwitterDev (Twitter Dev)"
    assert g.source("x:user:2244994945").url == "https://twitter.com/TwitterDev"
    assert [c.id for c in g.claims] == ["x:1307025659294674945"]  # the reply cites nobody


def test_a_tweet_retweeted_by_three_is_one_line_an_echo(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "tweets.jsonl", [retweeted_by_three()])
    g = pv.load(path)
    reports = {r.source: r for r in g.reports("x:1")}
    assert reports["x:user:10"].firsthand and reports["x:user:10"].text == ORIGINAL["text"]
    for n, name in enumerate(("bob", "cat", "dan")):
        rt = reports[f"x:user:{n + 2}0"]
        assert rt.via == ("x:user:10",) and not rt.firsthand
        assert rt.text is None  # "RT @ann: …" is not the original's words
        assert rt.published == dt.datetime(2024, 12, 26, 9, 5 + n, tzinfo=UTC)
        assert rt.url == f"https://twitter.com/{name}/status/{100 + n}"
    assert g.claim("x:1").text == "Bridge at Kherson closed"
    result = g.corroboration("x:1")
    assert result.independent == 1
    assert {f.name for f in result.flags} >= {"ECHO", "SINGLE_SOURCE"}
    assert "x:100" not in {c.id for c in g.claims}  # a retweet is no claim of its own


def test_flattened_lines_make_the_same_story_as_the_responses(tmp_path: Path) -> None:
    page = retweeted_by_three()
    quote = tweet("200", "40", "Confirmed by the mayor", 30, [("quoted", "1")])
    page["data"].append(quote)
    raw = load(write_lines(tmp_path / "raw.jsonl", [page]))
    flat_path = write_lines(tmp_path / "flat.jsonl", flatten(page))
    assert format_of(flat_path).key == "twitter"
    flat = load(flat_path)
    assert story(raw) == story(flat)
    assert [s.name for s in flat.sources if s.id == "x:user:40"] == ["@dan (Dan)"]


def test_a_flattened_tweet_whose_author_the_response_lacked(tmp_path: Path) -> None:
    # twarc's flatten gives {} for a user not in includes (expansions.py, defaultdict).
    line = {**tweet("1", "10", "Bridge closed", 0), "author": {}, "__twarc": TWARC}
    g = pv.load(write_lines(tmp_path / "flat.jsonl", [line]))
    (report,) = g.reports("x:1")
    assert report.url == "https://x.com/i/web/status/1"
    assert g.source("x:user:10").name == "x:user:10"  # no name to give it


def test_a_quote_is_a_post_of_its_own_and_a_report_via_the_quoted(tmp_path: Path) -> None:
    quote = tweet("200", "20", "Confirmed by the mayor", 30, [("quoted", "1")])
    requote = tweet("300", "30", "RT @bob: Confirmed by the mayor", 40, [("retweeted", "200")])
    page = response([quote, requote], [ANN, BOB, CAT], [ORIGINAL, quote])
    g = pv.load(write_lines(tmp_path / "tweets.jsonl", [page]))
    (own,) = [r for r in g.reports("x:200") if r.firsthand]
    assert own.source == "x:user:20" and own.text == "Confirmed by the mayor"
    shared = {r.source: r for r in g.reports("x:1")}
    assert shared["x:user:20"].via == ("x:user:10",)
    assert shared["x:user:20"].text == "Confirmed by the mayor"
    assert shared["x:user:20"].url == "https://twitter.com/bob/status/200"
    retweet = {r.source: r for r in g.reports("x:200")}["x:user:30"]
    assert retweet.via == ("x:user:20",)  # the quote, retweeted: via the quoter
    assert "x:user:30" not in {r.source for r in g.reports("x:1")}  # no chain made up


def test_a_reply_is_conversation_not_sourcing(tmp_path: Path) -> None:
    reply = tweet("200", "20", "@ann which bridge?", 30, [("replied_to", "1")])
    g = pv.load(write_lines(tmp_path / "tweets.jsonl", [response([reply], [ANN, BOB], [ORIGINAL])]))
    assert [(r.source, r.via, r.firsthand) for r in g.reports("x:200")] == [("x:user:20", (), True)]
    assert [(r.source, r.via) for r in g.reports("x:1")] == [("x:user:10", ())]


def test_a_retweet_of_a_deleted_tweet_is_via_its_unknown_author(tmp_path: Path) -> None:
    rt = tweet("100", "20", "RT @ann: Bridge at Kherson closed", 5, [("retweeted", "1")])
    quote = tweet("200", "30", "Is this true?", 6, [("quoted", "1")])
    page = response([rt, quote], [BOB, CAT], gone=["1"])
    path = write_lines(tmp_path / "tweets.jsonl", [page])
    with pytest.warns(ProvenanceWarning) as said:
        g = pv.load(path)
    assert {r.source: r.via for r in g.reports("x:1") if r.observed} == {
        "x:user:20": ("author-of:x:1",),
        "x:user:30": ("author-of:x:1",),
    }
    notes = " ".join(str(w.message) for w in said)
    assert "2 retweet(s) or quote(s) of a tweet the export does not hold" in notes
    assert "2 of them listed in the response's errors" in notes
    assert g.corroboration("x:1").independent == 1  # one unknown author, not two lines
    flat = write_lines(tmp_path / "flat.jsonl", flatten(page))
    assert all(len(ref) == 2 for t in flatten(page) for ref in t["referenced_tweets"])
    assert story(load(flat)) == story(g)


def test_the_author_another_record_names_fills_a_missing_original(tmp_path: Path) -> None:
    rt = tweet("100", "20", "RT @ann: Bridge at Kherson closed", 5, [("retweeted", "1")])
    pages = [response([rt], [BOB], gone=["1"]), response([ORIGINAL], [ANN])]
    g = load(write_lines(tmp_path / "tweets.jsonl", pages))
    assert {r.source: r.via for r in g.reports("x:1")} == {
        "x:user:10": (),
        "x:user:20": ("x:user:10",),
    }


def test_a_tweet_in_two_responses_is_read_once_and_said(tmp_path: Path) -> None:
    first = response([ORIGINAL], [ANN])
    again = response([ORIGINAL, tweet("2", "20", "Other news", 3)], [ANN, BOB])
    path = write_lines(tmp_path / "tweets.jsonl", [first, again])
    with pytest.warns(ProvenanceWarning, match="1 tweet.s. given more than once") as said:
        g = pv.load(path)
    assert [r.source for r in g.reports("x:1")] == ["x:user:10"]
    assert len(said) == 1  # the original in includes of later pages is no repeat


def test_responses_of_no_tweet_are_counted(tmp_path: Path) -> None:
    empty = {"meta": {"result_count": 0}, "__twarc": TWARC}
    gone = {"errors": response([], [], gone=["5"])["errors"], "__twarc": TWARC}
    path = write_lines(tmp_path / "tweets.jsonl", [empty, response([ORIGINAL], [ANN]), gone])
    assert format_of(path).key == "twitter"  # told by twarc's metadata
    with pytest.warns(ProvenanceWarning, match="2 response holding no tweet"):
        g = pv.load(path)
    assert [c.id for c in g.claims] == ["x:1"]


def test_a_retweet_names_only_the_root(tmp_path: Path) -> None:
    # Dan retweets Cat's retweet of Ann's tweet: the API names Ann's tweet, not Cat's.
    cat = tweet("100", "30", "RT @ann: Bridge at Kherson closed", 5, [("retweeted", "1")])
    dan = tweet("101", "40", "RT @ann: Bridge at Kherson closed", 9, [("retweeted", "1")])
    page = response([cat, dan], [ANN, CAT, DAN], [ORIGINAL])
    g = load(write_lines(tmp_path / "tweets.jsonl", [page]))
    assert {r.source: r.via for r in g.reports("x:1")}["x:user:40"] == ("x:user:10",)
    # A file naming the retweet itself is read as naming its original, and said.
    odd = tweet("101", "40", "RT @cat: RT @ann: Bridge", 9, [("retweeted", "100")])
    page = response([odd], [ANN, CAT, DAN], [cat, ORIGINAL])
    path = write_lines(tmp_path / "odd.jsonl", [page])
    with pytest.warns(ProvenanceWarning, match="naming a retweet: read as of its original"):
        g = pv.load(path)
    assert {r.source: r.via for r in g.reports("x:1")} == {
        "x:user:10": (),
        "x:user:30": ("x:user:10",),
        "x:user:40": ("x:user:10",),
    }
    assert "x:100" not in {c.id for c in g.claims}


def test_a_long_post_is_read_whole_and_an_undated_tweet_is_said(tmp_path: Path) -> None:
    long = tweet("1", "10", "The first 280 characters…", 0)
    long["note_tweet"] = {"text": "The whole post, longer than 280 characters."}
    del long["created_at"]
    path = write_lines(tmp_path / "tweets.jsonl", [response([long], [ANN])])
    with pytest.warns(ProvenanceWarning, match="1 tweet.s. without created_at: undated"):
        g = pv.load(path)
    (report,) = g.reports("x:1")
    assert report.published is None and report.text == long["note_tweet"]["text"]


def test_claims_per_text_make_one_unsourced_claim(tmp_path: Path) -> None:
    page = response(
        [tweet("1", "10", "Bridge closed", 0), tweet("2", "20", "bridge  CLOSED", 3)], [ANN, BOB]
    )
    g = load(write_lines(tmp_path / "tweets.jsonl", [page]), claims="text")
    assert [c.id for c in g.claims] == ["x:1"]
    result = g.corroboration("x:1")
    assert (result.independent, result.independent_max) == (1, 2)
    assert "UNSOURCED" in {f.name for f in result.flags}


# ---------------------------------------------------------------- API v1.1

V1_USER = {
    "id": 2244994945,
    "id_str": "2244994945",
    "name": "Twitter Dev",
    "screen_name": "TwitterDev",
}


def v1(id: int, user: dict[str, Any], text: str, when: str, **more: Any) -> dict[str, Any]:
    """A v1.1 tweet, its fields as in the v1.1 docs' example payload."""
    return {
        "created_at": when,
        "id": id,
        "id_str": str(id),
        "full_text": text,
        "truncated": False,
        "user": user,
        "is_quote_status": "quoted_status" in more or "quoted_status_id_str" in more,
        "retweet_count": 0,
        "lang": "en",
        **more,
    }


def test_v1_tweets_retweets_and_quotes(tmp_path: Path) -> None:
    other = {"id": 6253282, "id_str": "6253282", "name": "X API", "screen_name": "XDevelopers"}
    original = v1(
        1307025659294674945, V1_USER, "Here’s an article", "Fri Sep 18 18:36:15 +0000 2020"
    )
    retweet = v1(
        1307025659294674946,
        other,
        "RT @TwitterDev: Here’s an article",
        "Fri Sep 18 19:00:00 +0000 2020",
        retweeted_status=original,
    )
    quote = v1(
        1307025659294674947,
        other,
        "Worth reading",
        "Sat Sep 19 08:00:00 +0000 2020",
        quoted_status=original,
        quoted_status_id_str=original["id_str"],
    )
    path = tmp_path / "tweets.json"  # a JSON list, as a v1.1 endpoint returns
    path.write_text(json.dumps([retweet, quote]), encoding="utf-8")
    assert format_of(path).key == "twitter"
    with pytest.warns(ProvenanceWarning, match="1 repeated record"):  # retweeted, then quoted
        g = pv.load(path)
    reports = {r.source: r for r in g.reports("x:1307025659294674945")}
    assert reports["x:user:2244994945"].firsthand
    assert reports["x:user:2244994945"].published == dt.datetime(
        2020, 9, 18, 18, 36, 15, tzinfo=UTC
    )
    shared = reports["x:user:6253282"]  # retweeted, then quoted: the earliest, one via
    assert shared.via == ("x:user:2244994945",)
    assert shared.published == dt.datetime(2020, 9, 18, 19, 0, tzinfo=UTC)
    assert shared.url == "https://twitter.com/XDevelopers/status/1307025659294674946"
    (quoted,) = g.reports("x:1307025659294674947")
    assert quoted.firsthand and quoted.text == "Worth reading"
    assert g.source("x:user:6253282").name == "@XDevelopers (X API)"


def test_v1_ids_are_id_str_and_times_any_offset(tmp_path: Path) -> None:
    big = 2**60 + 1  # past 2**53: a float would round it
    bare = {
        "id": big,
        "created_at": "Thu Feb 29 23:30:00 -0130 2024",
        "text": "Leap",
        "user": V1_USER,
    }
    late = v1(
        5,
        V1_USER,
        "Later",
        "Fri Mar 01 10:00:00 +0000 2024",
        extended_tweet={"full_text": "Later, whole"},
    )
    path = write_lines(tmp_path / "tweets.jsonl", [bare, late])
    g = pv.load(path, format="twitter")
    (report,) = g.reports(f"x:{big}")
    assert report.published == dt.datetime(2024, 3, 1, 1, 0, tzinfo=UTC)
    assert g.claim("x:5").text == "Later, whole"


def test_v1_retweet_naming_a_retweet_is_read_as_of_its_root(tmp_path: Path) -> None:
    other = {"id_str": "7", "name": "Cat", "screen_name": "cat"}
    original = v1(1, V1_USER, "Here", "Fri Sep 18 18:36:15 +0000 2020")
    inner = v1(2, other, "RT @TwitterDev: Here", "Fri Sep 18 19:00:00 +0000 2020")
    inner["retweeted_status"] = original
    outer = v1(3, {"id_str": "8", "screen_name": "dan"}, "RT", "Fri Sep 18 20:00:00 +0000 2020")
    outer["retweeted_status"] = inner
    path = write_lines(tmp_path / "tweets.jsonl", [outer])
    with pytest.warns(ProvenanceWarning, match="1 retweet.s. or quote.s. naming a retweet"):
        g = pv.load(path)
    assert {r.source: r.via for r in g.reports("x:1")} == {
        "x:user:2244994945": (),
        "x:user:7": ("x:user:2244994945",),
        "x:user:8": ("x:user:2244994945",),
    }
    assert [c.id for c in g.claims] == ["x:1"]


def test_v1_quote_of_a_gone_tweet_and_stream_messages_are_said(tmp_path: Path) -> None:
    quote = v1(7, V1_USER, "Was it?", "Fri Sep 18 18:36:15 +0000 2020", quoted_status_id_str="6")
    delete = {"delete": {"status": {"id": 5, "id_str": "5", "user_id": 1, "user_id_str": "1"}}}
    path = write_lines(tmp_path / "stream.jsonl", [quote, delete])
    with pytest.warns(ProvenanceWarning) as said:
        g = pv.load(path)
    assert [r.via for r in g.reports("x:6") if r.observed] == [("author-of:x:6",)]
    notes = " ".join(str(w.message) for w in said)
    assert "1 delete message" in notes and "1 retweet(s) or quote(s) of a tweet" in notes


# ---------------------------------------------------------------- bad input and detection


IN_DATA = "line 1, data[0]"


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("created_at", "yesterday", "created_at must be an ISO 8601 time with Z, got 'yesterday'"),
        ("created_at", "2024-12-26T09:00:00", "created_at must be an ISO 8601 time with Z"),
        ("id", None, "id must be a tweet id (a string of digits), got None"),
        ("id", 1234, "id must be a tweet id (a string of digits), got 1234"),
        ("author_id", None, "author_id must be the id of the tweet's author"),
        ("referenced_tweets", "1", "referenced_tweets must be a list of {type, id}, at most 16"),
        ("referenced_tweets", [{"type": "quoted", "id": "2"}] * 17, "referenced_tweets must be a"),
        (
            "referenced_tweets",
            [{"type": "liked", "id": "1"}],
            "referenced_tweets[0].type must be retweeted or quoted or replied_to, got 'liked'",
        ),
        ("referenced_tweets", [{"type": "quoted"}], "referenced_tweets[0].id must be a tweet id"),
        ("text", 5, "text must be the tweet's text (a string), got 5"),
    ],
)
def test_a_wrong_field_is_one_error_naming_file_record_field(
    tmp_path: Path, field: str, value: Any, says: str
) -> None:
    bad = {key: v for key, v in ORIGINAL.items() if key != field}
    if value is not None:
        bad[field] = value
    path = write_lines(tmp_path / "tweets.jsonl", [response([bad], [ANN])])
    with pytest.raises(FormatError) as error:
        pv.load(path, format="twitter")
    assert str(error.value).startswith(f"{path}, {IN_DATA}: {says}")


def test_a_username_that_cannot_be_in_a_permalink_is_an_error(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "a.jsonl", [response([ORIGINAL], [user("10", "a/b", "A")])])
    with pytest.raises(FormatError, match=r"line 1, data\[0\]: username must be letters, digi"):
        pv.load(path)
    odd = v1(4, {**V1_USER, "screen_name": 7}, "ok", "Fri Sep 18 18:36:15 +0000 2020")
    with pytest.raises(FormatError, match=r"line 1: user\.screen_name must be .*, got 7$"):
        pv.load(write_lines(tmp_path / "b.jsonl", [odd]))


def test_bad_v1_time_and_truncated_json(tmp_path: Path) -> None:
    bad = v1(5, V1_USER, "x", "Fri Sep 31 18:36:15 +0000 2020")
    path = write_lines(
        tmp_path / "tweets.jsonl", [v1(4, V1_USER, "ok", "Fri Sep 18 18:36:15 +0000 2020"), bad]
    )
    with pytest.raises(
        FormatError, match=r"tweets\.jsonl, line 2: created_at must be a time as 'Fri Sep 18"
    ):
        pv.load(path)
    cut = tmp_path / "cut.jsonl"
    cut.write_text(json.dumps(retweeted_by_three())[:-40], encoding="utf-8")
    with pytest.raises(FormatError, match="malformed JSON"):
        pv.load(cut, format="twitter")
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([v1(4, V1_USER, "ok", "Fri Sep 18 18:36:15 +0000 2020"), 5]))
    with pytest.raises(
        FormatError, match=r"list\.json, \[1\]: record must be a tweet or an API v2"
    ):
        pv.load(listed)


def test_detection_is_specific(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parent.parent / "examples" / "pow_article.yaml"
    g = pv.load(seed)
    own = [g.save(tmp_path / "story.json"), g.save(tmp_path / "reports.jsonl")]
    status = {  # Mastodon's Status (docs.joinmastodon.org/entities/Status), a digit id too
        "id": "103270115826048975",
        "created_at": "2019-12-08T03:48:33.901Z",
        "uri": "https://mastodon.social/users/Gargron/statuses/103270115826048975",
        "content": "<p>Hello</p>",
        "text": None,
        "reblog": None,
        "account": {"id": "1", "username": "Gargron", "acct": "Gargron"},
    }
    bsky = {
        "$type": "app.bsky.feed.post",
        "text": "Hello World!",
        "createdAt": "2023-08-07T05:31:12.156888Z",
    }
    records: list[dict[str, Any]] = [status, bsky]
    others = [write_lines(tmp_path / f"other{i}.jsonl", [r]) for i, r in enumerate(records)]
    for path in [*own, *others]:
        assert format_of(path).key != "twitter", path
    assert not twitter.detect(head_of(tmp_path / "story.json"))
    assert twitter.detect(head_of(write_lines(tmp_path / "t.jsonl", [retweeted_by_three()])))


def test_detected_shapes(tmp_path: Path) -> None:
    shapes = {
        "raw.jsonl": [retweeted_by_three()],
        "flat.jsonl": flatten(retweeted_by_three()),
        "list.json": [retweeted_by_three(), retweeted_by_three()],
        "v1.jsonl": [v1(4, V1_USER, "ok", "Fri Sep 18 18:36:15 +0000 2020")],
    }
    for name, records in shapes.items():
        path = tmp_path / name
        text = (
            json.dumps(records)
            if name.endswith(".json")
            else "".join(json.dumps(r) + "\n" for r in records)
        )
        path.write_text(text, encoding="utf-8")
        assert format_of(path).key == "twitter", name
        assert load(path).claims, name


# ---------------------------------------------------------------- the command line


def test_the_command_line_reads_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_lines(tmp_path / "tweets.jsonl", [retweeted_by_three()])
    assert main(["check", str(path)]) == 0
    assert main(["check", "--json", str(path)]) == 0
    out = capsys.readouterr().out
    result = json.loads(out[out.index("[") :])
    assert result[0]["claim"] == "x:1" and result[0]["independent"] == 1
    assert "echo" in result[0]["flags"]
    renamed = tmp_path / "tweets.txt"
    renamed.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", "--from", "twitter", "--claim-per", "text", str(renamed)]) == 0
    assert main(["render", str(path), "-o", str(tmp_path / "page.html")]) == 0
    assert (tmp_path / "page.html").read_text(encoding="utf-8").count("x:user:10") > 0
    assert main(["convert", str(path), str(tmp_path / "story.yaml")]) == 0
    assert story(pv.load(tmp_path / "story.yaml")) == story(load(path))
    bad = dict(ORIGINAL, created_at="26/12/2024")
    broken = write_lines(tmp_path / "bad.jsonl", [response([bad], [ANN])])
    capsys.readouterr()
    assert main(["check", "--from", "twitter", str(broken)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert f"{broken}, line 1, data[0]: created_at must be" in line and "Traceback" not in line


# ---------------------------------------------------------------- properties

USERS = [user(str(10 * (n + 1)), f"user{n}", f"User {n}") for n in range(5)]


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[tuple[str, str], str | None]]:
    """Random v2 responses: originals (some deleted), retweets, quotes, replies; and
    for each retweet or quote, (sharer, shared tweet) -> the shared tweet's author, or
    None where the export does not hold it."""
    originals = {
        str(n): (draw(st.sampled_from(USERS))["id"], draw(st.booleans()))  # author, kept
        for n in range(1, draw(st.integers(1, 4)) + 1)
    }
    pages: list[dict[str, Any]] = []
    shares: dict[tuple[str, str], str | None] = {}
    serial = 100
    for _ in range(draw(st.integers(1, 3))):
        data: list[dict[str, Any]] = []
        included: dict[str, None] = {}
        gone: set[str] = set()
        for _ in range(draw(st.integers(1, 6))):
            serial += 1
            kind = draw(st.sampled_from(["post", "retweeted", "quoted", "replied_to", "again"]))
            by = draw(st.sampled_from(USERS))["id"]
            ref = draw(st.sampled_from(sorted(originals)))
            author, kept = originals[ref]
            if kind == "again" and kept:  # an original given as a tweet of its own
                data.append(tweet(ref, author, f"Original {ref}", int(ref)))
                continue
            refs = [] if kind in ("post", "again") else [(kind, ref)]
            words = draw(st.sampled_from(["Bridge closed", "bridge  CLOSED", f"Tweet {serial}"]))
            data.append(tweet(str(serial), by, words, serial % 50, refs))
            if refs and kept:
                included[ref] = None
            elif refs:
                gone.add(ref)
            if kind in ("retweeted", "quoted") and (by != author or not kept):
                shares[(f"x:user:{by}", f"x:{ref}")] = f"x:user:{author}" if kept else None
        tweets = [tweet(r, originals[r][0], f"Original {r}", int(r)) for r in included]
        pages.append(response(data, USERS, tweets, sorted(gone)))
    return pages, shares


@given(exports())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_via_is_a_retweet_or_quote_of_the_named_author(
    tmp_path: Path, export: tuple[list[dict[str, Any]], dict[tuple[str, str], str | None]]
) -> None:
    """No edge is invented: each report with a via is a retweet or quote in the input,
    via the referenced tweet's author (or its unknown author), never via another
    sharer; the flattened lines make the same story."""
    pages, shares = export
    raw = load(write_lines(tmp_path / "raw.jsonl", pages))
    flat = load(write_lines(tmp_path / "flat.jsonl", [t for p in pages for t in flatten(p)]))
    assert story(raw) == story(flat)
    for claim in raw.claims:
        for report in raw.reports(claim.id):
            if report.implicit:  # only the unknown author of a tweet not held
                assert report.source == f"author-of:{claim.id}"
                continue
            if not report.via:
                continue
            assert (report.source, claim.id) in shares
            author = shares[(report.source, claim.id)]
            assert report.via == ((author,) if author else (f"author-of:{claim.id}",))
            assert not report.firsthand


@given(exports())
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_claims_per_text_join_only_tweets_of_one_text(
    tmp_path: Path, export: tuple[list[dict[str, Any]], dict[str, Any]]
) -> None:
    """With claims="text", the tweets a claim joins all have its words (normalised)."""
    pages, _ = export
    g = load(write_lines(tmp_path / "raw.jsonl", pages), claims="text")
    for claim in g.claims:
        words = {
            " ".join(r.text.split()).casefold() for r in g.reports(claim.id) if r.text and not r.via
        }
        assert len(words) <= 1, (claim.id, words)
