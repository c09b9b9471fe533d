"""Mastodon exports read as stories: REST statuses (boosts, quotes) and ActivityPub outboxes.

Fixtures are written from the documented fields, each shape beside its source:

- REST ``Status``: mastodon/documentation ``content/en/entities/Status.md`` (id, uri,
  url, created_at, content as HTML, reblog, account, visibility …; the example status
  103270115826048975), ``Account.md`` (id, username, acct, display_name, url) and
  mastodon/mastodon ``app/serializers/rest/account_serializer.rb`` (``uri``);
  ``Quote.md`` ({state, quoted_status}) and ``ShallowQuote.md`` ({state,
  quoted_status_id}), Mastodon 4.4+;
- the account archive's ``outbox.json``: mastodon/mastodon
  ``app/services/backup_service.rb`` (an OrderedCollection ``outbox.json`` whose
  ``orderedItems`` are activities without ``@context``),
  ``app/presenters/activitypub/activity_presenter.rb`` (``Create`` of the status, or
  ``Announce`` of its URI; id, actor, published, to, cc),
  ``app/serializers/activitypub/note_serializer.rb`` and
  ``spec/serializers/activitypub/note_serializer_spec.rb`` (Note: id, attributedTo,
  published, url, content; a quote as ``quote``, ``quoteUri``, ``_misskey_quote`` and
  ``quoteAuthorization``, or ``quote: {"type": "Tombstone"}`` once deleted).
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
from provenance.errors import FormatError
from provenance.formats import bluesky, format_of, mastodon
from provenance.formats.detect import head_of
from tests.exports import load, loaded_with_notes, reports, when, write

SERVER = "https://mastodon.social"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def account(name: str, server: str = SERVER, **more: Any) -> dict[str, Any]:
    return {
        "id": str(abs(hash(name)) % 10**6),
        "username": name,
        "acct": name if server == SERVER else f"{name}@{server[8:]}",
        "display_name": name.title(),
        "url": f"{server}/@{name}",
        "uri": f"{server}/users/{name}",
        **more,
    }


def actor(name: str) -> str:
    return f"{SERVER}/users/{name}"


def status(name: str, id: str, text: str = "", minute: int = 0, **more: Any) -> dict[str, Any]:
    return {
        "id": id,
        "created_at": f"2019-12-08T03:{minute:02d}:33.901Z",
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"{SERVER}/users/{name}/statuses/{id}",
        "url": f"{SERVER}/@{name}/{id}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "content": f"<p>{text}</p>" if text else "",
        "reblog": None,
        "account": account(name),
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "card": None,
        "poll": None,
        **more,
    }


def boost(name: str, id: str, of: dict[str, Any], minute: int) -> dict[str, Any]:
    """A boost as the REST API gives it: a status of its own whose reblog is the original."""
    wrapper = status(name, id, minute=minute, reblog=of)
    return wrapper | {"uri": f"{SERVER}/users/{name}/statuses/{id}/activity", "url": None}


ORIGINAL = status(
    "gargron",
    "103270115826048975",
    "&quot;I lost my inheritance with one wrong digit on my sort code&quot;",
)


def source(name: str) -> str:
    return f"mastodon:{actor(name)}"


def outbox(*items: Any) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/activitystreams", {"sensitive": "as:sensitive"}],
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "orderedItems": list(items),
    }


def create(name: str, id: str, text: str, **note: Any) -> dict[str, Any]:
    uri = f"{actor(name)}/statuses/{id}"
    return {
        "id": f"{uri}/activity",
        "type": "Create",
        "actor": actor(name),
        "published": "2024-12-26T09:00:00Z",
        "to": [PUBLIC],
        "cc": [f"{actor(name)}/followers"],
        "object": {
            "id": uri,
            "type": "Note",
            "summary": None,
            "inReplyTo": None,
            "published": "2024-12-26T09:00:00Z",
            "url": f"{SERVER}/@{name}/{id}",
            "attributedTo": actor(name),
            "to": [PUBLIC],
            "cc": [f"{actor(name)}/followers"],
            "sensitive": False,
            "content": f"<p>{text}</p>",
            "attachment": [],
            "tag": [],
            **note,
        },
    }


def announce(name: str, id: str, object: Any, minute: int = 5) -> dict[str, Any]:
    return {
        "id": f"{actor(name)}/statuses/{id}/activity",
        "type": "Announce",
        "actor": actor(name),
        "published": f"2024-12-26T09:{minute:02d}:00Z",
        "to": [PUBLIC],
        "cc": [f"{actor(name)}/followers"],
        "object": object,
    }


# ---------------------------------------------------------------- REST statuses


def test_a_status_boosted_by_three_accounts_is_one_line_and_an_echo(tmp_path: Path) -> None:
    boosts = [boost(name, f"1{n}", ORIGINAL, n) for n, name in enumerate(["ann", "bob", "cy"], 1)]
    path = write(tmp_path, "statuses.json", boosts)  # the original only inside the boosts
    g = pv.load(path)
    got = reports(g, ORIGINAL["uri"])
    assert got[source("gargron")].firsthand
    assert (
        got[source("gargron")].text
        == '"I lost my inheritance with one wrong digit on my sort code"'
    )
    assert got[source("gargron")].url == ORIGINAL["url"]
    assert all(got[source(n)].via == (source("gargron"),) for n in ("ann", "bob", "cy"))
    assert when(got[source("bob")]).minute == 2
    assert (
        g.source(source("gargron")).name == "Gargron"
        and g.source(source("ann")).url == f"{SERVER}/@ann"
    )
    result = g.corroboration(ORIGINAL["uri"])
    assert result.independent == 1 and {f.name for f in result.flags} >= {"ECHO", "SINGLE_SOURCE"}
    assert {c.id for c in g.claims} == {ORIGINAL["uri"]}  # a boost is no claim of its own
    assert load(path, format="mastodon") == g
    lines = write(tmp_path, "statuses.jsonl", [ORIGINAL, *boosts])
    assert load(lines) == g


def test_an_account_is_its_uri_else_its_url_else_acct_at_the_server(tmp_path: Path) -> None:
    no_uri = status("ann", "1", "a") | {
        "account": {"acct": "ann", "url": f"{SERVER}/@ann", "display_name": ""}
    }
    bare = status("bob", "2", "b") | {"account": {"acct": "bob", "display_name": "Bob B"}}
    remote = status("cy", "3", "c") | {"account": {"acct": "cy@other.example", "display_name": ""}}
    g = load(write(tmp_path, "s.json", [no_uri, bare, remote]))
    assert {s.id: s.name for s in g.sources} == {
        f"mastodon:{SERVER}/@ann": "ann",
        "mastodon:bob@mastodon.social": "Bob B",
        "mastodon:cy@other.example": "cy@other.example",
    }


def test_an_approved_quote_is_a_post_and_a_share(tmp_path: Path) -> None:
    quote = status(
        "ann", "2", "Doubtful.", 5, quote={"state": "accepted", "quoted_status": ORIGINAL}
    )
    hidden = status(
        "bob", "3", "Hm.", 6, quote={"state": "blocked_account", "quoted_status": ORIGINAL}
    )
    g = load(write(tmp_path, "q.json", [quote, hidden]))
    got = reports(g, ORIGINAL["uri"])
    assert got[source("ann")].via == (source("gargron"),) and got[source("ann")].text == "Doubtful."
    assert got[source("ann")].url == quote["url"] and when(got[source("ann")]).minute == 5
    assert got[source("bob")].via == (source("gargron"),)
    assert reports(g, quote["uri"])[source("ann")].firsthand


def test_a_shallow_quote_is_found_by_the_local_id_of_a_status_in_the_export(tmp_path: Path) -> None:
    shallow = {"state": "accepted", "quoted_status_id": ORIGINAL["id"]}
    lost = {"state": "accepted", "quoted_status_id": "999"}
    statuses = [
        status("ann", "2", "Look", 5, quote=shallow),
        ORIGINAL,
        status("bob", "3", "Gone", 6, quote=lost),
    ]
    g, notes = loaded_with_notes(write(tmp_path, "q.json", statuses))
    assert reports(g, ORIGINAL["uri"])[source("ann")].via == (source("gargron"),)
    assert "1 quote(s) naming the quoted status only by a server-local id" in notes
    assert {c.id for c in g.claims} == {s["uri"] for s in statuses}


@pytest.mark.parametrize(
    "state", ["pending", "rejected", "revoked", "deleted", "unauthorized", "new-state"]
)
def test_a_quote_not_approved_is_a_post_with_no_via_and_said(tmp_path: Path, state: str) -> None:
    quote = status("ann", "2", "Doubtful.", 5, quote={"state": state, "quoted_status": None})
    g, notes = loaded_with_notes(write(tmp_path, "q.json", [ORIGINAL, quote]))
    assert set(reports(g, ORIGINAL["uri"])) == {source("gargron")}
    assert reports(g, quote["uri"])[source("ann")].via == ()
    assert f"quote(s) the quoted account has not approved (1 {state})" in notes


def test_a_reply_is_a_post_of_its_own(tmp_path: Path) -> None:
    reply = status(
        "ann", "2", "Source?", 5, in_reply_to_id=ORIGINAL["id"], in_reply_to_account_id="1"
    )
    g = load(write(tmp_path, "r.json", [ORIGINAL, reply]))
    assert set(reports(g, ORIGINAL["uri"])) == {source("gargron")}
    assert reports(g, reply["uri"])[source("ann")].firsthand


def test_claims_by_text_make_two_statuses_of_one_text_one_unsourced_claim(tmp_path: Path) -> None:
    statuses = [status("ann", "1", "Ten tanks lost", 1), status("bob", "2", "ten  tanks lost", 2)]
    g = load(write(tmp_path, "t.json", statuses), claims="text")
    (claim,) = g.claims
    result = g.corroboration(claim.id)
    assert claim.id == statuses[0]["uri"] and claim.text == "Ten tanks lost"
    assert (result.independent, result.independent_max) == (1, 2)
    assert "UNSOURCED" in {f.name for f in result.flags}


# ---------------------------------------------------------------- the ActivityPub outbox


def test_an_outbox_reads_creates_and_announces(tmp_path: Path) -> None:
    own = create("ann", "1", "Ten tanks lost")
    remote = "https://other.example/users/bob/statuses/9"
    items = [
        own,
        announce("ann", "2", remote),  # a boost of a status the archive does not hold
        announce("ann", "3", own["object"]["id"], minute=7),  # a boost of her own status
        {"id": f"{actor('ann')}#likes/1", "type": "Like", "actor": actor("ann"), "object": remote},
    ]
    g, notes = loaded_with_notes(write(tmp_path, "outbox.json", outbox(*items)))
    assert reports(g, own["object"]["id"])[source("ann")].firsthand
    assert reports(g, own["object"]["id"])[source("ann")].text == "Ten tanks lost"
    assert reports(g, remote)[source("ann")].via == (f"author-of:{remote}",)
    assert "1 Like activity" in notes and "unknown author" in notes


def test_an_announce_of_a_status_in_the_outbox_names_its_author(tmp_path: Path) -> None:
    """A boost of one's own private status is inlined (activity_presenter.rb)."""
    note = create("bob", "1", "Ten tanks lost")
    items = [note, announce("ann", "2", note["object"]["id"]), announce("cy", "3", note["object"])]
    g = load(write(tmp_path, "outbox.json", outbox(*items)))
    got = reports(g, note["object"]["id"])
    assert got[source("ann")].via == (source("bob"),)
    assert got[source("cy")].via == (source("bob"),)


def test_outbox_quotes_need_their_authorization(tmp_path: Path) -> None:
    quoted = "https://other.example/users/bob/statuses/9"
    authorized = {
        "quote": quoted,
        "quoteUri": quoted,
        "_misskey_quote": quoted,
        "quoteAuthorization": "https://other.example/users/bob/quote_authorizations/1",
    }
    items = [
        create("ann", "1", "Doubtful.", **authorized),
        create("cy", "2", "Pending.", quote=quoted),
        create("dee", "3", "Deleted.", quote={"type": "Tombstone"}),
        create("eve", "4", "Misskey style.", _misskey_quote=quoted),
    ]
    g, notes = loaded_with_notes(write(tmp_path, "outbox.json", outbox(*items)))
    assert {r.source: r.via for r in g.reports(quoted) if r.observed} == {
        source("ann"): (f"author-of:{quoted}",)
    }
    assert reports(g, quoted)[source("ann")].text == "Doubtful."
    assert "(2 no quoteAuthorization)" in notes
    assert "1 quote(s) of a status since deleted" in notes
    assert len(g.claims) == 5


# ---------------------------------------------------------------- bad input


BAD: list[tuple[Any, str]] = [
    (
        [status("ann", "1", "x") | {"created_at": 5}],
        r"\[0\]: created_at must be an ISO 8601 date-time, got 5",
    ),
    ([status("ann", "1", "x") | {"uri": None}], r"\[0\]: uri must be a non-empty string, got None"),
    (
        [status("ann", "1", "x") | {"account": None}],
        r"\[0\]: account must be an Account object, got None",
    ),
    (
        [status("ann", "1", "x") | {"account": {"display_name": "A"}}],
        r"\[0\]: account\.acct must be the account's uri, url or acct",
    ),
    ([status("ann", "1", "x") | {"content": 7}], r"\[0\]: content must be HTML text, got 7"),
    ([status("ann", "1", "x") | {"url": 7}], r"\[0\]: url must be a URL, got 7"),
    ([status("ann", "1", "x") | {"quote": "yes"}], r"\[0\]: quote must be a Quote object or null"),
    (
        [status("ann", "1", "x") | {"quote": {"state": "accepted", "quoted_status": None}}],
        r"\[0\]: quote must be the quoted status of a quote accepted",
    ),
    (
        [boost("ann", "2", ORIGINAL | {"created_at": "soon"}, 1)],
        r"\[0\]: reblog\.created_at must be an ISO 8601 date-time, got 'soon'",
    ),
    (
        outbox(announce("ann", "2", None)),
        r"orderedItems\[0\]: object must be the boosted status's URI, got None",
    ),
    (
        outbox(create("ann", "1", "x") | {"object": "https://x.example/1"}),
        r"orderedItems\[0\]: object must be the object created",
    ),
    (
        outbox(create("ann", "1", "x", published=3)),
        r"orderedItems\[0\]: object\.published must be an ISO 8601 date-time, got 3",
    ),
    (
        outbox(create("ann", "1", "x", attributedTo=["a", "b"])),
        r"orderedItems\[0\]: object\.attributedTo must be an actor's URI",
    ),
    (
        outbox(create("ann", "1", "x", quote=5)),
        r"orderedItems\[0\]: object\.quote must be the quoted post's URI, got 5",
    ),
    (
        outbox("https://m.example/1") | {"type": "OrderedCollection"},
        r"orderedItems\[0\]: status must be a Status object",
    ),
    (
        outbox() | {"type": "Collection"},
        r"document 1: type must be OrderedCollection or OrderedCollectionPage",
    ),
    ('[{"uri": "https://m.example/1", "created_at"', r"malformed JSON"),
]


@pytest.mark.parametrize(("data", "says"), BAD)
def test_a_bad_field_is_one_error_naming_file_record_and_field(
    tmp_path: Path, data: Any, says: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    with pytest.raises(FormatError, match=says) as error:
        load(path, format="mastodon")
    assert str(error.value).startswith(str(path))


def test_a_status_nested_past_any_genuine_one_is_refused(tmp_path: Path) -> None:
    nested = ORIGINAL
    for n in range(6):
        nested = status("ann", f"q{n}", "q", quote={"state": "accepted", "quoted_status": nested})
    with pytest.raises(FormatError, match="nested no deeper than a quote in a boost"):
        load(write(tmp_path, "deep.json", [nested]), format="mastodon")


# ---------------------------------------------------------------- detection and HTML


def test_every_shape_is_detected_and_nothing_else(tmp_path: Path) -> None:
    for name, data in {
        "statuses.json": [ORIGINAL],
        "statuses.jsonl": [ORIGINAL, boost("ann", "2", ORIGINAL, 1)],
        "boosts.json": [boost("ann", "2", ORIGINAL, 1)],
        "outbox.json": outbox(create("ann", "1", "x")),
    }.items():
        path = write(tmp_path, name, data)
        assert format_of(path).key == "mastodon", name
        assert not bluesky.detect(head_of(path)), name
    others = {
        "story.json": {
            "version": 1,
            "sources": [{"id": "a"}],
            "claims": [{"id": "c"}],
            "reports": [],
        },
        "reports.jsonl": [{"source": "a", "claim": "c", "via": "", "published": "2024-12-26"}],
        "telegram.json": {
            "name": "W",
            "type": "public_channel",
            "id": 1,
            "messages": [{"id": 7, "type": "message", "date": "2024-12-26T09:00:00", "text": "x"}],
        },
        "tweets.jsonl": [
            {
                "id_str": "1",
                "created_at": "Wed Oct 10 20:19:24 +0000 2018",
                "text": "x",
                "user": {"id_str": "2"},
                "retweet_count": 0,
                "favorite_count": 0,
            }
        ],
        "likes.json": outbox()
        | {"id": "likes.json", "orderedItems": ["https://m.example/users/a/statuses/1"]},
        "records.json": {
            "records": [
                {"uri": "at://did:plc:a/app.bsky.feed.post/1", "cid": "x", "value": {"text": "x"}}
            ]
        },
        "prov.json": {
            "prefix": {"ex": "https://example.org/"},
            "entity": {"ex:c": {}},
            "wasAttributedTo": {},
        },
    }
    for name, data in others.items():
        assert not mastodon.detect(head_of(write(tmp_path, name, data))), name


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            '<p>a <a href="https://x.example"><span class="invisible">https://</span><span>x.example</span></a></p>',
            "a https://x.example",
        ),
        ("<p>one<br />two</p><p>three</p>", "one\ntwo\n\nthree"),
        ("<p>&lt;script&gt; &amp; &#39;quotes&#39;</p>", "<script> & 'quotes'"),
        ("a <3 b", "a <3 b"),
        ("&#" + "9" * 5000 + ";", "\ufffd"),
        ("", ""),
    ],
)
def test_plain_text_drops_tags_and_reads_entities(html: str, text: str) -> None:
    assert mastodon.plain_text(html) == text


# ---------------------------------------------------------------- the command line


def test_the_cli_checks_renders_and_converts_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    boosts = [boost(name, f"1{n}", ORIGINAL, n) for n, name in enumerate(["ann", "bob", "cy"], 1)]
    path = write(tmp_path, "statuses.json", boosts)
    assert main(["check", str(path)]) in (0, 1)
    assert "103270115826048975" in capsys.readouterr().out
    assert main(["check", "--json", "--from", "mastodon", str(path)]) in (0, 1)
    (row,) = json.loads(capsys.readouterr().out)
    assert row["independent"] == 1 and "echo" in row["flags"]
    assert main(["render", str(path), "-o", str(tmp_path / "page.html")]) == 0
    assert "Gargron" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert main(["convert", str(path), str(tmp_path / "story.yaml")]) == 0
    assert load(tmp_path / "story.yaml") == load(path)
    bad = write(tmp_path, "bad.json", [status("ann", "1", "x") | {"created_at": 5}])
    capsys.readouterr()
    assert main(["check", "--from", "mastodon", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "created_at must be an ISO 8601 date-time" in err


# ---------------------------------------------------------------- properties


NAMES = ["ann", "bob", "cy", "dee"]
STATES = ["accepted", "pending", "rejected", "blocked_domain"]


@st.composite
def exports(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Statuses, boosts of them and quotes of them, in any order."""
    originals = [
        status(draw(st.sampled_from(NAMES)), f"s{i}", f"status {i}", i)
        for i in range(draw(st.integers(1, 3)))
    ]
    items: list[dict[str, Any]] = list(originals)
    for n in range(draw(st.integers(0, 10))):
        by, of = draw(st.sampled_from(NAMES)), draw(st.sampled_from(originals))
        if draw(st.booleans()):
            items.append(boost(by, f"b{n}", of, n))
        else:
            quote = {"state": draw(st.sampled_from(STATES)), "quoted_status": of}
            items.append(status(by, f"q{n}", f"quote {n}", n, quote=quote))
    return draw(st.permutations(items))


@given(exports())
@settings(max_examples=60, deadline=None)
def test_every_via_edge_is_a_boost_or_an_approved_quote(items: list[dict[str, Any]]) -> None:
    """No edge is invented: each via edge u → v is a boost by v of u's status, or a quote
    by v of u's status that u approved; every via names a source reporting the claim."""
    g = load(write(Path(tempfile.mkdtemp()), "export.json", items))
    given_edges = set()
    for item in items:
        quote = item.get("quote") or {}
        of = item["reblog"] or (
            quote.get("quoted_status") if quote.get("state") in mastodon.APPROVED else None
        )
        if of is not None and of["account"]["uri"] != item["account"]["uri"]:
            given_edges.add(
                (
                    f"mastodon:{of['account']['uri']}",
                    f"mastodon:{item['account']['uri']}",
                    of["uri"],
                )
            )
    for upstream, downstream, claim, data in g.to_networkx().edges(keys=True, data=True):
        if data.get("relation") == "via":
            assert (upstream, downstream, claim) in given_edges
            assert upstream in {r.source for r in g.reports(claim)}
