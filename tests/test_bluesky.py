"""Bluesky (AT Protocol) exports read as stories: posts, reposts (with `via`), quotes.

Fixtures are written from the documented fields, each shape beside its source:

- records: bluesky-social/atproto @d6296a1 ``lexicons/app/bsky/feed/post.json`` (text,
  createdAt, reply, embed), ``lexicons/app/bsky/feed/repost.json`` (subject, createdAt,
  via: strongRefs, ``lexicons/com/atproto/repo/strongRef.json`` {uri, cid}),
  ``lexicons/app/bsky/embed/record.json`` (quote: embed.record), ``.../recordWithMedia.json``
  (embed.record.record and media), ``lexicons/app/bsky/embed/images.json`` (images[].image
  blob, alt); https://docs.bsky.app/docs/tutorials/creating-a-post (a post record);
- ``com.atproto.repo.listRecords`` output: ``lexicons/com/atproto/repo/listRecords.json``
  ({records: [{uri, cid, value}], cursor});
- Jetstream events: https://github.com/bluesky-social/jetstream (did, time_us, kind,
  commit {rev, operation, collection, rkey, record, cid});
- AppView feed items: ``lexicons/app/bsky/feed/defs.json`` (feedViewPost {post, reason},
  postView {uri, cid, author, record, indexedAt}, reasonRepost {by, indexedAt}) and
  ``lexicons/app/bsky/actor/defs.json`` (profileViewBasic {did, handle, displayName}).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main
from provenance.errors import FileAccessError, FormatError, ProvenanceWarning
from provenance.formats import bluesky, format_of, mastodon
from provenance.formats.detect import head_of
from tests.exports import load, reports, when, write

A, B, C, D, E = (f"did:plc:{name * 24}" for name in "abcde")
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"


def post_uri(did: str, rkey: str = "3k4duaz5vfs2b") -> str:
    return f"at://{did}/{POST}/{rkey}"


def repost_uri(did: str, rkey: str = "3l3qo2vuowo2b") -> str:
    return f"at://{did}/{REPOST}/{rkey}"


def ref(uri: str) -> dict[str, str]:  # com.atproto.repo.strongRef
    return {"uri": uri, "cid": "bafyreibjifzpqj6o6wcq3hejh7y4z4z2vmiklkvykc57tw3pcbx3kxifpm"}


def post(text: str, at: Any = "2024-12-26T09:00:00.000Z", **more: Any) -> dict[str, Any]:
    return {"$type": POST, "text": text, "createdAt": at, "langs": ["en"], **more}


def repost(subject: str, at: str, via: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"$type": REPOST, "subject": ref(subject), "createdAt": at}
    if via is not None:
        record["via"] = ref(via)
    return record


def listed(uri: str, value: dict[str, Any]) -> dict[str, Any]:  # listRecords #record
    return {
        "uri": uri,
        "cid": "bafyreif7cmhmrjha6xeono5e6zf6gmzwea6yza7ruuy4ebpgagjv5gitwa",
        "value": value,
    }


def jetstream(uri: str, value: dict[str, Any], operation: str = "create") -> dict[str, Any]:
    did, collection, rkey = uri[len("at://") :].split("/")
    commit: dict[str, Any] = {
        "rev": "3ldzfus6fjk2x",
        "operation": operation,
        "collection": collection,
        "rkey": rkey,
    }
    if operation != "delete":
        commit |= {
            "record": value,
            "cid": "bafyreif7cmhmrjha6xeono5e6zf6gmzwea6yza7ruuy4ebpgagjv5gitwa",
        }
    return {"did": did, "time_us": 1735007698011970, "kind": "commit", "commit": commit}


def echo_records() -> list[dict[str, Any]]:
    """A's post, reposted by B, C and D."""
    original = post_uri(A)
    return [
        listed(original, post("A soldier was captured in Kursk")),
        *(
            listed(repost_uri(did), repost(original, f"2024-12-26T09:0{n}:00.000Z"))
            for n, did in enumerate((B, C, D), 1)
        ),
    ]


# ---------------------------------------------------------------- what becomes what


def test_a_post_reposted_by_three_accounts_is_one_line_and_an_echo(tmp_path: Path) -> None:
    path = write(tmp_path, "records.json", {"records": echo_records(), "cursor": "3l3qo2vuowo2b"})
    with pytest.warns(ProvenanceWarning, match="createdAt, which the poster's client declares"):
        g = pv.load(path)
    original = post_uri(A)
    got = reports(g, original)
    assert got[f"bsky:{A}"].firsthand and got[f"bsky:{A}"].text == "A soldier was captured in Kursk"
    assert got[f"bsky:{A}"].url == f"https://bsky.app/profile/{A}/post/3k4duaz5vfs2b"
    assert all(got[f"bsky:{did}"].via == (f"bsky:{A}",) for did in (B, C, D))
    assert when(got[f"bsky:{B}"]).minute == 1
    result = g.corroboration(original)
    assert result.independent == 1
    assert {f.name for f in result.flags} >= {"ECHO", "SINGLE_SOURCE"}
    assert g.source(f"bsky:{A}").url == f"https://bsky.app/profile/{A}"
    assert load(path, format="bluesky") == g


def story(g: pv.ProvenanceGraph) -> set[tuple[Any, ...]]:
    return {
        (r.source, r.claim, r.via, r.published, r.url, r.firsthand)
        for c in g.claims
        for r in g.reports(c.id)
    }


def test_every_shape_of_the_same_records_makes_the_same_story(tmp_path: Path) -> None:
    records = echo_records()
    pages = write(tmp_path, "pages.json", {"records": records[:2], "cursor": "x"})
    pages.write_text(
        pages.read_text() + "\n" + json.dumps({"records": records[2:]}), encoding="utf-8"
    )
    shapes = [
        write(tmp_path, "page.json", {"records": records, "cursor": "3l3qo2vuowo2b"}),
        write(tmp_path, "list.json", records),
        write(tmp_path, "records.jsonl", records),
        write(tmp_path, "jetstream.jsonl", [jetstream(r["uri"], r["value"]) for r in records]),
        pages,
    ]
    stories = [story(load(path)) for path in shapes]
    assert all(s == stories[0] for s in stories) and len(stories[0]) == 4


def test_a_repost_via_a_repost_is_a_chain(tmp_path: Path) -> None:
    original = post_uri(A)
    records = [
        listed(original, post("Ten tanks lost")),
        listed(repost_uri(B), repost(original, "2024-12-26T10:00:00Z")),
        listed(repost_uri(C), repost(original, "2024-12-26T11:00:00Z", via=repost_uri(B))),
    ]
    g = load(write(tmp_path, "chain.json", {"records": records}))
    got = reports(g, original)
    assert got[f"bsky:{B}"].via == (f"bsky:{A}",) and got[f"bsky:{C}"].via == (f"bsky:{B}",)
    assert g.to_networkx().has_edge(f"bsky:{B}", f"bsky:{C}", key=original)
    assert not g.to_networkx().has_edge(f"bsky:{A}", f"bsky:{C}", key=original)
    assert g.corroboration(original).independent == 1


def test_a_via_to_a_repost_the_export_lacks_is_no_new_origin(tmp_path: Path) -> None:
    """C saw A's post through D's repost, which the file does not hold: D shared it too,
    via A as far as anyone knows; D is no second origin."""
    original = post_uri(A)
    records = [
        listed(original, post("Ten tanks lost")),
        listed(repost_uri(C), repost(original, "2024-12-26T11:00:00Z", via=repost_uri(D))),
    ]
    path = write(tmp_path, "via.json", records)
    with pytest.warns(ProvenanceWarning) as said:
        g = pv.load(path)
    assert any("1 repost(s) known only from another repost's via" in str(w.message) for w in said)
    got = reports(g, original)
    assert got[f"bsky:{C}"].via == (f"bsky:{D}",)
    assert got[f"bsky:{D}"].via == (f"bsky:{A}",) and got[f"bsky:{D}"].published is None
    assert (g.corroboration(original).independent, g.corroboration(original).independent_max) == (
        1,
        1,
    )


def test_reposting_ones_own_post_keeps_it_first_hand(tmp_path: Path) -> None:
    original = post_uri(A)
    records = [
        listed(original, post("Ten tanks lost")),
        listed(repost_uri(B), repost(original, "2024-12-26T10:00:00Z")),
        listed(repost_uri(A), repost(original, "2024-12-26T11:00:00Z", via=repost_uri(B))),
    ]
    g = load(write(tmp_path, "own.json", records))
    mine = reports(g, original)[f"bsky:{A}"]
    assert mine.firsthand and mine.via == () and when(mine).hour == 9
    result = g.corroboration(original)
    assert result.independent == 1 and "CIRCULAR" not in {f.name for f in result.flags}


def test_quotes_with_and_without_media_are_posts_and_shares(tmp_path: Path) -> None:
    original, plain, media, listing = (
        post_uri(A),
        post_uri(B, "3kq1"),
        post_uri(C, "3kq2"),
        post_uri(D, "3kq3"),
    )
    image = {  # lexicons/app/bsky/embed/images.json
        "$type": "app.bsky.embed.images",
        "images": [
            {
                "alt": "a tank",
                "image": {
                    "$type": "blob",
                    "ref": {"$link": "bafkreiabc"},
                    "mimeType": "image/jpeg",
                    "size": 5000,
                },
            }
        ],
    }
    list_ref = ref(f"at://{E}/app.bsky.graph.list/3kl1")  # a list shared, no quote
    records = [
        listed(original, post("Ten tanks lost")),
        listed(
            plain,
            post("Doubtful", embed={"$type": "app.bsky.embed.record", "record": ref(original)}),
        ),
        listed(
            media,
            post(
                "",
                "2024-12-26T12:00:00Z",
                embed={
                    "$type": "app.bsky.embed.recordWithMedia",
                    "record": {"$type": "app.bsky.embed.record", "record": ref(original)},
                    "media": image,
                },
            ),
        ),
        listed(
            listing, post("My list", embed={"$type": "app.bsky.embed.record", "record": list_ref})
        ),
    ]
    g = load(write(tmp_path, "quotes.json", records))
    got = reports(g, original)
    assert got[f"bsky:{B}"].via == (f"bsky:{A}",) and got[f"bsky:{B}"].text == "Doubtful"
    assert got[f"bsky:{B}"].url == f"https://bsky.app/profile/{B}/post/3kq1"
    assert got[f"bsky:{C}"].via == (f"bsky:{A}",) and when(got[f"bsky:{C}"]).hour == 12
    assert f"bsky:{D}" not in got  # a list embedded is no quote
    assert {c.id for c in g.claims} == {original, plain, media, listing}
    assert reports(g, plain)[f"bsky:{B}"].firsthand  # the quote is a post of its own
    assert g.corroboration(original).independent == 1


def test_a_reply_is_a_post_of_its_own(tmp_path: Path) -> None:
    original, reply = post_uri(A), post_uri(B, "3kr1")
    records = [
        listed(original, post("Ten tanks lost")),
        listed(reply, post("Source?", reply={"root": ref(original), "parent": ref(original)})),
    ]
    g = load(write(tmp_path, "reply.json", records))
    assert set(reports(g, original)) == {f"bsky:{A}"}
    assert reports(g, reply)[f"bsky:{B}"].firsthand


def test_kinds_not_mapped_are_counted_in_a_note(tmp_path: Path) -> None:
    original = post_uri(A)
    like = {
        "$type": "app.bsky.feed.like",
        "subject": ref(original),
        "createdAt": "2024-12-26T10:00:00Z",
    }
    lines = [
        jetstream(original, post("Ten tanks lost")),
        jetstream(f"at://{B}/app.bsky.feed.like/3l3qo2vutsw2b", like),
        jetstream(
            f"at://{C}/app.bsky.graph.follow/3l3qo2vutsw2c",
            {"$type": "app.bsky.graph.follow", "subject": A, "createdAt": "2024-12-26T10:00:00Z"},
        ),
        jetstream(f"at://{B}/{POST}/3l3qo2vutsw2d", {}, operation="delete"),
        {
            "did": C,
            "time_us": 1735007698011971,
            "kind": "identity",
            "identity": {"did": C, "handle": "c.example"},
        },
    ]
    path = write(tmp_path, "firehose.jsonl", lines)
    with pytest.warns(ProvenanceWarning) as said:
        g = pv.load(path)
    (note,) = [str(w.message) for w in said if "left out" in str(w.message)]
    assert "1 app.bsky.feed.like" in note and "1 app.bsky.graph.follow" in note
    assert "1 delete" in note and "1 identity event" in note
    assert [c.id for c in g.claims] == [original] and any("left out" in n for n in g.notes)


def test_feed_items_name_their_accounts_and_reposts(tmp_path: Path) -> None:
    original = post_uri(A)
    item = {
        "post": {
            "uri": original,
            "cid": "bafyA",
            "author": {"did": A, "handle": "warshal.bsky.social", "displayName": "Warshal"},
            "record": post("Ten tanks lost"),
            "indexedAt": "2024-12-26T09:00:01.000Z",
        },
        "reason": {
            "$type": "app.bsky.feed.defs#reasonRepost",
            "by": {"did": B, "handle": "relay.bsky.social", "displayName": " "},
            "indexedAt": "2024-12-26T09:30:00.000Z",
        },
    }
    again = item | {"reason": item["reason"] | {"by": {"did": C, "handle": "c.bsky.social"}}}
    g = load(write(tmp_path, "feed.json", {"feed": [item, again], "cursor": "x"}))
    assert not any("repeated" in note for note in g.notes)  # one post in two items
    assert g.source(f"bsky:{A}").name == "Warshal"
    assert g.source(f"bsky:{B}").name == "relay.bsky.social"  # a blank display name
    got = reports(g, original)
    assert got[f"bsky:{B}"].via == (f"bsky:{A}",) and when(got[f"bsky:{B}"]).minute == 30
    assert got[f"bsky:{C}"].via == (f"bsky:{A}",) and g.source(f"bsky:{C}").name == "c.bsky.social"


def test_claims_by_text_make_two_posts_of_one_text_one_unsourced_claim(tmp_path: Path) -> None:
    records = [
        listed(post_uri(A), post("Ten tanks lost near Kursk")),
        listed(post_uri(B, "3kz1"), post("ten tanks lost  near Kursk", "2024-12-26T10:00:00Z")),
    ]
    g = load(write(tmp_path, "same.json", records), claims="text")
    (claim,) = g.claims
    result = g.corroboration(claim.id)
    assert claim.id == post_uri(A)
    assert (result.independent, result.independent_max) == (1, 2)
    assert "UNSOURCED" in {f.name for f in result.flags}


# ---------------------------------------------------------------- bad input


BAD: list[tuple[Any, str]] = [
    (
        {"records": [listed(post_uri(A), post("x", at=5))]},
        r"records\[0\]: value\.createdAt must be an RFC 3339 date-time, got 5",
    ),
    (
        {"records": [listed(post_uri(A), post("x", at="yesterday"))]},
        r"value\.createdAt .* got 'yesterday'",
    ),
    (
        [listed(post_uri(A), {"$type": POST, "createdAt": "2024-12-26T09:00:00Z"})],
        r"\[0\]: value\.text must be a string",
    ),
    (
        [
            listed(
                repost_uri(B),
                {
                    "$type": REPOST,
                    "subject": {"uri": "https://bsky.app/x"},
                    "createdAt": "2024-12-26T09:00:00Z",
                },
            )
        ],
        r"\[0\]: value\.subject\.uri must be an at:// URI",
    ),
    (
        [listed(repost_uri(B), {"$type": REPOST, "createdAt": "2024-12-26T09:00:00Z"})],
        r"\[0\]: value\.subject must be an object, got None",
    ),
    (
        [
            listed(
                repost_uri(B), repost(post_uri(A), "2024-12-26T09:00:00Z") | {"via": {"cid": "x"}}
            )
        ],
        r"value\.via\.uri must be a non-empty string",
    ),
    (
        [listed("at://did:plc:a b/app.bsky.feed.post/1", post("x"))],
        r"\[0\]: uri must be an at:// URI",
    ),
    (
        [post("a bare record")],
        r"\[0\]: uri must be the record's at:// URI \(a bare record does not say whose it is\)",
    ),
    (
        [
            {
                "did": A,
                "time_us": 1,
                "kind": "commit",
                "commit": {"operation": "patch", "collection": POST, "rkey": "1"},
            }
        ],
        r"\[0\]: commit\.operation must be create, update or delete, got 'patch'",
    ),
    (
        [
            listed(
                post_uri(A),
                post("x", embed={"$type": "app.bsky.embed.recordWithMedia", "record": 7}),
            )
        ],
        r"value\.embed\.record must be an object, got 7",
    ),
    ('{"records": [{"uri": "at://x/app.bsky.feed.post/1"', r"malformed JSON"),
    ("7", r"a JSON document here is an object or an array, got 7"),
    ([[1]], r"\[0\]: record must be an object, got \[1\]"),
]


@pytest.mark.parametrize(("data", "says"), BAD)
def test_a_bad_field_is_one_error_naming_file_record_and_field(
    tmp_path: Path, data: Any, says: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    with pytest.raises(FormatError, match=says) as error:
        load(path, format="bluesky")
    assert str(error.value).startswith(str(path))


def test_json_lines_errors_name_the_line(tmp_path: Path) -> None:
    first, second = (json.dumps(r) for r in echo_records()[:2])
    path = tmp_path / "records.jsonl"
    path.write_text(f"{first}\n\n{second[:-9]}\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"records\.jsonl, line 3: malformed JSON"):
        load(path)
    bad = listed(repost_uri(B), repost(post_uri(A), "later"))
    path.write_text(f"{first}\n{json.dumps(bad)}\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"records\.jsonl, line 2: value\.createdAt must be"):
        load(path)


def test_a_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(json.dumps({"records": echo_records()}).encode()[:-3] + b"\xff]}")
    with pytest.raises(FileAccessError, match="not UTF-8"):
        load(path, format="bluesky")


# ---------------------------------------------------------------- detection


OTHERS: dict[str, Any] = {  # other formats' first bytes: none of them is Bluesky's
    "story.json": {"version": 1, "sources": [{"id": "a"}], "claims": [{"id": "c"}], "reports": []},
    "reports.jsonl": [{"source": "a", "claim": "c", "via": ""}],
    "telegram.json": {
        "name": "Warshal",
        "type": "public_channel",
        "id": 1,
        "messages": [
            {
                "id": 7,
                "type": "message",
                "date": "2024-12-26T09:00:00",
                "date_unixtime": "1735203600",
                "text": "x",
            }
        ],
    },
    "tweets.json": {
        "data": [
            {"id": "1", "text": "x", "author_id": "2", "created_at": "2024-12-26T09:00:00.000Z"}
        ],
        "includes": {"users": [{"id": "2", "username": "u"}]},
    },
    "statuses.json": [
        {
            "id": "1",
            "created_at": "2019-12-08T03:48:33.901Z",
            "visibility": "public",
            "uri": "https://m.example/users/a/statuses/1",
            "content": "<p>x</p>",
            "reblog": None,
            "account": {"id": "1", "acct": "a"},
        }
    ],
    "outbox.json": {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": 1,
        "orderedItems": [
            {
                "id": "https://m.example/1/activity",
                "type": "Announce",
                "actor": "https://m.example/users/a",
                "published": "2024-12-26T09:00:00Z",
                "object": "https://n.example/2",
            }
        ],
    },
}


def test_every_shape_is_detected_and_nothing_else(tmp_path: Path) -> None:
    records = echo_records()
    feed_item = {
        "post": {
            "uri": post_uri(A),
            "cid": "x",
            "author": {"did": A, "handle": "a"},
            "record": post("x"),
            "indexedAt": "2024-12-26T09:00:00Z",
        }
    }
    for name, data in {
        "page.json": {"records": records},
        "list.json": records,
        "lines.jsonl": records,
        "firehose.jsonl": [jetstream(r["uri"], r["value"]) for r in records],
        "feed.json": {"feed": [feed_item]},
    }.items():
        path = write(tmp_path, name, data)
        assert format_of(path).key == "bluesky", name
        assert not mastodon.detect(head_of(path)), name
    for name, data in OTHERS.items():
        path = write(tmp_path, name, data)
        assert not bluesky.detect(head_of(path)), name
    seed = tmp_path / "seed.json"
    pv.load(Path(__file__).parent.parent / "examples" / "pow_article.yaml").save(seed)
    assert format_of(seed).key == "json"


# ---------------------------------------------------------------- the command line


def test_the_cli_checks_renders_and_converts_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "records.json", {"records": echo_records()})
    assert main(["check", str(path)]) in (0, 1)
    out = capsys.readouterr().out
    assert "3k4duaz5vfs2b" in out
    assert main(["check", "--json", "--from", "bluesky", str(path)]) in (0, 1)
    (row,) = json.loads(capsys.readouterr().out)
    assert row["independent"] == 1 and "echo" in row["flags"]
    assert main(["render", str(path), "-o", str(tmp_path / "page.html")]) == 0
    assert "bsky:" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert main(["convert", str(path), str(tmp_path / "story.yaml")]) == 0
    assert load(tmp_path / "story.yaml") == load(path)
    bad = write(tmp_path, "bad.json", [listed(post_uri(A), post("x", at=5))])
    capsys.readouterr()
    assert main(["check", "--from", "bluesky", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "value.createdAt must be an RFC 3339 date-time" in err


# ---------------------------------------------------------------- properties


ACCOUNTS = [A, B, C, D, E]


@st.composite
def exports(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Posts, reposts (a via to any repost, in the export or not) and quotes."""
    posts = draw(st.lists(st.sampled_from(ACCOUNTS), min_size=1, max_size=3))
    records = [listed(post_uri(did, f"p{i}"), post(f"post {i}")) for i, did in enumerate(posts)]
    uris = [r["uri"] for r in records]
    for n in range(draw(st.integers(0, 12))):
        by, subject = draw(st.sampled_from(ACCOUNTS)), draw(st.sampled_from(uris))
        at = f"2024-12-26T1{n % 10}:00:00Z"
        if draw(st.booleans()):
            via = draw(
                st.none()
                | st.builds(repost_uri, st.sampled_from(ACCOUNTS), st.sampled_from(["r0", "r1"]))
            )
            records.append(listed(repost_uri(by, f"r{n}"), repost(subject, at, via)))
        else:
            quote = {"$type": "app.bsky.embed.record", "record": ref(subject)}
            records.append(listed(post_uri(by, f"q{n}"), post(f"quote {n}", at, embed=quote)))
    return records


@given(exports(), st.sampled_from(["post", "text"]))
@settings(max_examples=60, deadline=None)
def test_every_via_edge_is_one_a_record_gives(records: list[dict[str, Any]], claims: str) -> None:
    """No edge is invented: each via edge u → v of a post is a repost by v naming u's
    repost in `via`, a repost or quote by v of u's post, or (v named only in a via) v's
    repost of u's post; every via names a source reporting the claim."""
    path = write(Path(tempfile.mkdtemp()), "export.json", {"records": records})
    g = load(path, claims=claims)
    author = {r["uri"]: r["uri"].split("/")[2] for r in records if f"/{POST}/" in r["uri"]}
    given_edges: set[tuple[str, str, str]] = set()
    for record in records:
        by, value = record["uri"].split("/")[2], record["value"]
        subject = value.get("subject", value.get("embed", {}).get("record", {})).get("uri")
        if subject is None:
            continue
        hop = value.get("via", {}).get("uri", "").split("/")[2:3]
        if hop and hop[0] not in (by, author[subject]):  # the repost seen through
            given_edges.add((f"bsky:{author[subject]}", f"bsky:{hop[0]}", subject))
        if hop and hop[0] != by and by != author[subject]:
            given_edges.add((f"bsky:{hop[0]}", f"bsky:{by}", subject))
        else:
            given_edges.add((f"bsky:{author[subject]}", f"bsky:{by}", subject))
    for upstream, downstream, claim, data in g.to_networkx().edges(keys=True, data=True):
        if data.get("relation") == "via":
            assert (upstream, downstream, claim) in given_edges
            assert upstream in {r.source for r in g.reports(claim)}
