"""Telegram exports read as stories: Telegram Desktop ``result.json`` and Telethon dumps.

Fixtures are written from the documented fields, each shape beside its source:

- Telegram Desktop, "Machine-readable JSON": telegramdesktop/tdesktop
  ``Telegram/SourceFiles/export/output/export_output_json.cpp`` at 929032d598
  (``SerializeMessage``: id, type, date, date_unixtime as a string, from, from_id as
  "user123"/"channel123", forwarded_from and saved_from as display names, text as a
  string or a list of strings and entity objects, text_entities; ``writeDialogStart``:
  name, type, id, messages; ``start``: a full export opens with "about", and its chats
  are ``"chats": {"about", "list"}``), ``export_data_types.cpp`` before 4625e7613b
  (from_id as a number: ``1<<32 | user``, ``2<<32 | chat or channel``); a real message
  quoted in /work/notes/issue30-survey.md §1 (repo RobiMez/wttm).
- Telethon ``Message.to_dict()``: LonamiWebs/Telethon ``telethon_generator/data/api.tl``
  (message, messageFwdHeader, peerUser/peerChat/peerChannel) through
  ``telethon_generator/generators/tlobject.py`` (``{"_": ClassName, <every argument>}``)
  and ``telethon/tl/custom/message.py`` (a message without from_id is its chat's when it
  is a post or incoming); dates as ``json.dumps(default=str)`` ("2026-03-14
  09:26:53+00:00") or ``to_json`` (ISO) write them. Layer 119 made ``fwd_from.from_id`` a
  Peer; before it, a user id with a ``channel_id`` beside it.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main
from provenance.errors import FileAccessError, FormatError, ProvenanceWarning
from provenance.formats import FORMATS, format_of, telegram
from provenance.formats.detect import head_of
from tests.exports import load, loaded_with_notes, reports, write

WHEN = 1735203600  # 2024-12-26 09:00:00 UTC


def message(id: int, sender: str, from_id: Any, text: Any, minute: int = 0, **more: Any) -> Any:
    """A Desktop message, keys in the order SerializeMessage writes them."""
    return {
        "id": id,
        "type": "message",
        "date": f"2024-12-26T11:{minute:02d}:00",  # the exporter's local time (UTC+2)
        "date_unixtime": str(WHEN + 60 * minute),
        "from": sender,
        "from_id": from_id,
        **more,
        "text": text,
    }


def chat(name: str | None, kind: str, id: int, *messages: Any) -> dict[str, Any]:
    header = {"name": name} if name is not None else {}
    return header | {"type": kind, "id": id, "messages": list(messages)}


def full_export(*chats: Any, left: Sequence[Any] = ()) -> dict[str, Any]:
    return {
        "about": "Here is the data you requested. Remember: Telegram is ad free...",
        "personal_information": {"user_id": 9, "first_name": "Ada", "last_name": "L"},
        "contacts": {"about": "This is your contact list.", "list": []},
        "chats": {"about": "This page lists all chats from this export.", "list": list(chats)},
        "left_chats": {"about": "Channels and groups you left.", "list": list(left)},
    }


NAMES = {1: "Warshal", 2: "Militarnyi", 3: "News", 5: "Rybar"}


def name(channel: int) -> str:
    return NAMES.get(channel, f"Channel {channel}")


def post(channel: int, id: int, text: Any, minute: int = 0) -> Any:
    """A channel's post: in a channel, from and from_id are the channel's own."""
    return message(id, name(channel), f"channel{channel}", text, minute)


def forward(channel: int, id: int, text: Any, origin: Any, minute: int = 5) -> Any:
    return message(id, name(channel), f"channel{channel}", text, minute, forwarded_from=origin)


def channel(n: int, *messages: Any) -> dict[str, Any]:
    return chat(name(n), "public_channel", n, *messages)


def peer(kind: str, id: int) -> dict[str, Any]:
    return {"_": f"Peer{kind.title()}", f"{kind}_id": id}


def telethon(
    chat: dict[str, Any], id: int, text: str, fwd: Any = None, minute: int = 0, **more: Any
) -> dict[str, Any]:
    """A Telethon Message.to_dict(), its datetimes as json.dumps(default=str) gives them."""
    return {
        "_": "Message",
        "id": id,
        "peer_id": chat,
        "date": f"2026-03-14 09:{minute:02d}:53+00:00",
        "message": text,
        "out": False,
        "mentioned": False,
        "post": chat["_"] == "PeerChannel",
        "from_id": None,
        "fwd_from": fwd,
        "via_bot_id": None,
        "reply_to": None,
        "media": None,
        "entities": [],
        "views": None,
        "edit_date": None,
        "post_author": None,
        "grouped_id": None,
        **more,
    }


def fwd_from(origin: Any = None, post: Any = None, **more: Any) -> dict[str, Any]:
    return {
        "_": "MessageFwdHeader",
        "imported": False,
        "from_id": origin,
        "from_name": None,
        "date": "2026-03-13T18:02:11+00:00",
        "channel_post": post,
        "post_author": None,
        "saved_from_peer": None,
        "saved_from_msg_id": None,
        "psa_type": None,
        **more,
    }


def flags(g: pv.ProvenanceGraph, claim: str) -> set[str]:
    return {f.name for f in g.corroboration(claim).flags}


# ---------------------------------------------------------------- Telegram Desktop


def test_a_desktop_chat_is_its_senders_posts_with_utc_times(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "result.json",
        chat(
            "Warshal",
            "public_channel",
            1,
            post(1, 5, "A soldier was captured"),
            {
                "id": 6,
                "type": "service",
                "date": "2024-12-26T11:01:00",
                "date_unixtime": str(WHEN + 60),
                "actor": "Channel 1",
                "actor_id": "channel1",
                "action": "pin_message",
                "message_id": 5,
                "text": "",
            },
            post(1, 7, ["See ", {"type": "text_link", "text": "the video", "href": "x"}, "."], 2),
            message(
                8,
                "Warshal",
                "channel1",
                "stale",
                3,
                text_entities=[
                    {"type": "plain", "text": "Typed "},
                    {"type": "bold", "text": "words"},
                ],
            ),
        ),
    )
    g, notes = loaded_with_notes(path)
    assert "1 service message" in notes
    first = reports(g, "tg:channel1/5")["tg:channel1"]
    assert first.firsthand and first.text == "A soldier was captured" and first.url is None
    assert first.published == datetime(2024, 12, 26, 9, 0, tzinfo=timezone.utc)
    assert reports(g, "tg:channel1/7")["tg:channel1"].text == "See the video."
    assert reports(g, "tg:channel1/8")["tg:channel1"].text == "Typed words"  # text_entities
    assert {s.id: (s.name, s.kind) for s in g.sources} == {"tg:channel1": ("Warshal", "telegram")}
    assert sorted(c.id for c in g.claims) == ["tg:channel1/5", "tg:channel1/7", "tg:channel1/8"]
    assert load(path, format="telegram") == g


def test_a_post_forwarded_by_three_channels_is_one_line_and_an_echo(tmp_path: Path) -> None:
    original = chat("Warshal", "public_channel", 1, post(1, 5, "A soldier was captured"))
    forwards = [
        chat(
            f"Channel {n}",
            "public_channel",
            n,
            forward(n, 40 + n, "A soldier  was captured", "Warshal", n),
        )
        for n in (2, 3, 4)
    ]
    path = write(tmp_path, "result.json", full_export(original, *forwards[:2], left=forwards[2:]))
    g, notes = loaded_with_notes(path)
    got = reports(g, "tg:channel1/5")  # joined to the post: its sender's one post of that text
    assert got["tg:channel1"].firsthand
    assert all(got[f"tg:channel{n}"].via == ("tg:channel1",) for n in (2, 3, 4))
    assert got["tg:channel3"].published == datetime(2024, 12, 26, 9, 3, tzinfo=timezone.utc)
    result = g.corroboration("tg:channel1/5")
    assert result.independent == 1 and {"ECHO", "SINGLE_SOURCE"} <= flags(g, "tg:channel1/5")
    assert "3 Desktop forward(s)" in notes and "3 forward(s) joined to their original" in notes
    assert len(g.claims) == 1


def test_forwards_of_an_original_not_in_the_export_share_one_claim_by_name_and_text(
    tmp_path: Path,
) -> None:
    forwards = [
        chat(
            f"Channel {n}",
            "public_channel",
            n,
            forward(n, 40, "A soldier was captured", "Warshal", n),
        )
        for n in (2, 3, 4)
    ]
    other = chat("Channel 5", "public_channel", 5, forward(5, 9, "Another post", "Warshal"))
    g, notes = loaded_with_notes(write(tmp_path, "result.json", full_export(*forwards, other)))
    (claim,) = {r.claim for r in g.reports() if r.source == "tg:channel2"}
    assert claim.startswith("tg:forward:name:Warshal/")
    assert {r.source for r in g.reports(claim)} == {
        "tg:name:Warshal",
        *(f"tg:channel{n}" for n in (2, 3, 4)),
    }
    assert g.source("tg:name:Warshal").name == "Warshal"
    assert g.corroboration(claim).independent == 1 and "ECHO" in flags(g, claim)
    assert len(g.claims) == 2  # the other post of Warshal's is a claim of its own
    assert "by display name only" in notes


def test_a_display_name_two_chats_share_is_noted_never_merged(tmp_path: Path) -> None:
    export = full_export(
        channel(3, post(3, 1, "Channel news")),
        chat("News", "private_channel", 4, message(2, "News", "channel4", "Other news")),
        chat(
            "Bob", "personal_chat", 7, message(3, "Bob", "user7", "look", 1, forwarded_from="News")
        ),
        channel(5, post(5, 1, "Rybar's own")),
        channel(6, forward(6, 4, "Other words", "Rybar")),
    )
    g, notes = loaded_with_notes(write(tmp_path, "result.json", export))
    (shared,) = {r.claim for r in g.reports() if r.source == "tg:user7"}
    assert reports(g, shared)["tg:user7"].via == ("tg:name:News",)
    assert {r.source for r in g.reports(shared)} == {"tg:user7", "tg:name:News"}
    assert "the display name 'News', which tg:channel3, tg:channel4 all hold" in notes
    assert "merged with none of them" in notes
    (other,) = {r.claim for r in g.reports() if r.source == "tg:channel6"}
    assert reports(g, other)["tg:channel6"].via == ("tg:channel5",)  # one holder: its id
    assert "forward name(s) read as the one chat or sender" in notes
    group = full_export(
        channel(3, post(3, 1, "Channel news")),
        chat("Friends", "private_group", 8, message(2, "News", "user8", "a member called News")),
        chat("Bob", "personal_chat", 7, message(3, "Bob", "user7", "x", forwarded_from="News")),
    )  # a chat and a sender of another chat share it too
    g, notes = loaded_with_notes(write(tmp_path, "group.json", group))
    assert "which tg:channel3, tg:user8 all hold" in notes


def test_an_item_saved_from_a_forwarding_chat_is_via_that_chat(tmp_path: Path) -> None:
    saved = message(
        11,
        "Ada L",
        "user9",
        "A soldier was captured",
        20,
        forwarded_from="Warshal",
        saved_from="Militarnyi",
    )
    export = full_export(
        chat("Militarnyi", "public_channel", 2, forward(2, 8, "A soldier was captured", "Warshal")),
        chat(None, "saved_messages", 9, saved),
    )
    g, notes = loaded_with_notes(write(tmp_path, "result.json", export))
    (claim,) = {r.claim for r in g.reports()}
    got = reports(g, claim)
    assert got["tg:user9"].via == ("tg:channel2",)
    assert got["tg:channel2"].via == ("tg:name:Warshal",)
    assert got["tg:channel2"].published is not None  # its own forward, read, stands
    assert "saved from a chat that forwarded them" in notes
    assert g.corroboration(claim).independent == 1


def test_old_exports_numeric_from_ids_and_local_times(tmp_path: Path) -> None:
    """Desktop before 3.7.6 wrote no date_unixtime; before 2.7.2, from_id as a number."""

    def old(id: int, from_id: int) -> dict[str, Any]:
        return {
            "id": id,
            "type": "message",
            "date": "2020-08-02T11:00:00",
            "from": f"U{id}",
            "from_id": from_id,
            "text": f"words {id}",
        }

    group = chat(
        "Group",
        "private_supergroup",
        77,
        old(1, 123),
        old(2, 1 << 32 | 124),
        old(3, 2 << 32 | 77),
        old(4, 2 << 32 | 78),
    )
    g, notes = loaded_with_notes(write(tmp_path, "result.json", group))
    senders = {r.claim: r.source for r in g.reports()}
    assert senders == {
        "tg:channel77/1": "tg:user123",
        "tg:channel77/2": "tg:user124",
        "tg:channel77/3": "tg:channel77",
        "tg:channel77/4": "tg:channel78",
    }
    assert g.report("tg:user123", "tg:channel77/1").published == datetime(2020, 8, 2, 11)
    assert "4 time(s) without a zone" in notes and "4 numeric from_id(s)" in notes


def test_forwards_without_text_or_origin_stay_apart(tmp_path: Path) -> None:
    photo = {"photo": "photos/photo_1@26-12-2024_11-05-00.jpg", "width": 1280, "height": 720}
    export = chat(
        "Reader",
        "public_channel",
        6,
        forward(6, 1, "", "Warshal") | photo,
        forward(6, 2, "", "Warshal") | photo,
        forward(6, 3, "words of a deleted account", None),
    )
    g, notes = loaded_with_notes(write(tmp_path, "result.json", export))
    assert {r.claim for r in g.reports() if r.source == "tg:channel6"} >= {
        "tg:channel6/1",
        "tg:channel6/2",
    }
    assert "2 forward(s) without text" in notes and "1 forward(s) naming no original" in notes
    (nameless,) = {r.claim for r in g.reports() if r.claim.startswith("tg:forward:unnamed/")}
    assert reports(g, nameless)["tg:channel6"].via == (f"author-of:{nameless}",)


def test_with_claims_text_two_channels_posting_the_same_words_are_one_claim(
    tmp_path: Path,
) -> None:
    export = full_export(
        chat("Warshal", "public_channel", 1, post(1, 5, "A soldier was captured")),
        chat("Rybar", "public_channel", 2, post(2, 9, "A soldier was  captured", 3)),
    )
    path = write(tmp_path, "result.json", export)
    g = load(path, claims="text")
    assert [c.id for c in g.claims] == ["tg:channel1/5"]
    result = g.corroboration("tg:channel1/5")
    assert (result.independent, result.independent_max) == (1, 2)
    assert "UNSOURCED" in flags(g, "tg:channel1/5")
    assert len(load(path).claims) == 2


# ---------------------------------------------------------------- Telethon

ORIGIN = peer("channel", 1000000002)


def test_a_telethon_channel_post_forwarded_by_three_channels_is_one_line(tmp_path: Path) -> None:
    lines = [
        telethon(peer("channel", c), 4242, "text", fwd_from(ORIGIN, 77), minute=c - 10)
        for c in (11, 12, 13)
    ]
    path = write(tmp_path, "messages.jsonl", lines)
    g, notes = loaded_with_notes(path)
    claim = "tg:channel1000000002/77"
    got = reports(g, claim)
    assert {s: r.via for s, r in got.items() if s != "tg:channel1000000002"} == {
        f"tg:channel{c}": ("tg:channel1000000002",) for c in (11, 12, 13)
    }
    assert got["tg:channel12"].published == datetime(2026, 3, 14, 9, 2, 53, tzinfo=timezone.utc)
    result = g.corroboration(claim)
    assert result.independent == 1 and {"ECHO", "SINGLE_SOURCE"} <= flags(g, claim)
    assert "3 forward(s) of channel posts not in the file" in notes
    assert load(write(tmp_path, "messages.json", lines)) == g  # a JSON list reads the same
    held = telethon(ORIGIN, 77, "text", date="2026-03-13T18:02:11+00:00")  # to_json's ISO
    g = load(write(tmp_path, "with-original.jsonl", [*lines, held]))
    assert reports(g, claim)["tg:channel1000000002"].published == datetime(
        2026, 3, 13, 18, 2, 11, tzinfo=timezone.utc
    )


def test_telethon_forwards_of_users_hidden_accounts_and_old_layers(tmp_path: Path) -> None:
    group, user = peer("chat", 9), peer("user", 55)
    said = telethon(group, 100, "from a user", from_id=user, date="2026-03-13T18:02:11+00:00")
    later = fwd_from(user, date="2026-03-13T18:02:11+00:00")
    other = fwd_from(user, date="2026-03-12T08:00:00+00:00")
    lines = [
        telethon(peer("chat", 10), 1, "from a user", later, from_id=peer("user", 56)),
        telethon(peer("chat", 10), 2, "from a user", other, from_id=peer("user", 57)),
        telethon(peer("chat", 10), 3, "from a user", other, from_id=peer("user", 58)),
        said,
        telethon(peer("channel", 14), 5, "hidden words", fwd_from(from_name="Anon Person")),
        {
            "_": "MessageService",
            "id": 6,
            "peer_id": peer("channel", 14),
            "from_id": None,
            "date": "2026-03-14 09:26:53+00:00",
            "action": {"_": "MessageActionPinMessage"},
        },
        {
            "_": "Message",
            "id": 7,
            "to_id": peer("channel", 15),
            "from_id": None,
            "date": "2019-03-14T09:26:53+00:00",
            "message": "old",
            "post": True,
            "fwd_from": {
                "_": "MessageFwdHeader",
                "from_id": 3,
                "date": "2019-03-13T09:00:00+00:00",
                "channel_id": 1000000002,
                "channel_post": 70,
            },
        },
    ]
    g, notes = loaded_with_notes(write(tmp_path, "messages.jsonl", lines))
    assert reports(g, "tg:chat9/100")["tg:user56"].via == ("tg:user55",)  # at its time: the one
    (older,) = {r.claim for r in g.reports() if r.source == "tg:user57"}
    assert older.startswith("tg:forward:user55/")  # another original of the same words
    assert reports(g, older)["tg:user58"].via == ("tg:user55",)
    (hidden,) = {r.claim for r in g.reports() if r.source == "tg:channel14"}
    assert reports(g, hidden)["tg:channel14"].via == ("tg:name:Anon Person",)
    assert reports(g, "tg:channel1000000002/70")["tg:channel15"].via == ("tg:channel1000000002",)
    assert "1 MessageService" in notes and "hide their forwards" in notes


def test_a_telethon_private_chat_message_without_from_id(tmp_path: Path) -> None:
    """Incoming: the other user's (Telethon's rule); outgoing: the dumper's, unknown."""
    bob = peer("user", 7)
    lines = [telethon(bob, 1, "hi"), telethon(bob, 2, "hello", out=True)]
    g, notes = loaded_with_notes(write(tmp_path, "dm.jsonl", lines))
    assert [(r.source, r.claim) for r in g.reports()] == [("tg:user7", "tg:user7/1")]
    assert "1 outgoing private Message without from_id" in notes


# ---------------------------------------------------------------- bad input


def good_chat(*messages: Any) -> dict[str, Any]:
    return chat("Warshal", "public_channel", 1, post(1, 1, "fine"), *messages)


BAD: list[tuple[Any, str]] = [
    (
        good_chat(post(1, 2, "x") | {"date_unixtime": "soon"}),
        r"messages\[1\]: date_unixtime must be a string of Unix seconds, got 'soon'",
    ),
    (good_chat(post(1, 2, "x") | {"date_unixtime": "9" * 5000}), r"messages\[1\]: date_unixtime"),
    (good_chat({k: v for k, v in post(1, 2, "x").items() if k != "id"}), r"messages\[1\]: id must"),
    (good_chat(post(1, 2, "x") | {"text": 5}), r"messages\[1\]: text must be a string"),
    (good_chat(post(1, 2, ["a", {"type": "bold"}])), r"messages\[1\]: text must be a string"),
    (good_chat(post(1, 2, "x") | {"from_id": "bob"}), r"messages\[1\]: from_id must be the sender"),
    (good_chat(forward(1, 2, "x", 5)), r"messages\[1\]: forwarded_from must be a display name"),
    (good_chat(5), r"messages\[1\]: message must be an object"),
    (
        {"id": 1, "messages": [post(1, 1, "x")], "name": "W", "type": "public_channel"},
        "the chat: type must be the chat's type, before messages",
    ),
    (full_export(5), r"chats: list must be a list of chat objects, got 5"),
    ({"about": "Here is the data you requested."}, "holds no Telegram chat, nor Telethon"),
    ([telethon(ORIGIN, 1, "x", date="yesterday")], r"\[0\]: date must be a date-time"),
    ([telethon({"_": "PeerChannel", "chat_id": 1}, 1, "x")], r"\[0\]: peer_id must be a Peer"),
    ([{"id": 1, "message": "x"}], r"\[0\]: _ must be a Telethon message's type"),
    ([telethon(ORIGIN, 1, "x", fwd_from(ORIGIN, "7"))], r"\[0\]: fwd_from.channel_post must be"),
    ([telethon(ORIGIN, 1, "x", 5)], r"\[0\]: fwd_from must be a MessageFwdHeader"),
    (json.dumps(good_chat(post(1, 2, "x")))[:-40], "malformed JSON at messages"),
    ("5", "the document must be an object or an array"),
]


@pytest.mark.parametrize(("data", "says"), BAD)
def test_a_bad_field_is_one_error_naming_file_record_and_field(
    tmp_path: Path, data: Any, says: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    with pytest.raises(FormatError, match=says) as error:
        load(path, format="telegram")
    assert str(error.value).startswith(str(path))


def test_a_telethon_line_names_its_document_and_a_bad_byte_is_refused(tmp_path: Path) -> None:
    lines = [telethon(ORIGIN, 1, "x"), telethon(ORIGIN, 2, "x", date=None)]
    with pytest.raises(FormatError, match=r"document 2: date must be a date-time.*got None"):
        load(write(tmp_path, "m.jsonl", lines))
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(good_chat()).encode().replace(b"fine", b"caf\xe9"))
    with pytest.raises(FileAccessError, match="not UTF-8"):
        load(path, format="telegram")


# ---------------------------------------------------------------- detection


def test_every_shape_is_detected_and_nothing_else(tmp_path: Path) -> None:
    contacts = [
        {
            "first_name": f"N{i}",
            "last_name": "",
            "phone_number": "+1" * 20,
            "date": "2020-01-01T00:00:00",
            "date_unixtime": "1577836800",
        }
        for i in range(2000)
    ]
    big = full_export(good_chat()) | {"contacts": {"about": "Contacts", "list": contacts}}
    for name, data in {
        "result.json": good_chat(),
        "sorted.json": {"id": 1, "messages": [post(1, 1, "x")], "name": "W", "type": "x"},
        "full.json": full_export(good_chat()),
        "big.json": big,  # its chats are past the first 64 KiB
        "m.jsonl": [telethon(ORIGIN, 1, "x"), telethon(ORIGIN, 2, "y")],
        "m.json": [telethon(ORIGIN, 1, "x", fwd_from(ORIGIN, 3))],
        "service.jsonl": [{"_": "MessageService", "id": 1, "peer_id": ORIGIN, "date": None}],
    }.items():
        path = write(tmp_path, name, data)
        assert format_of(path).key == "telegram", name
        others = [
            f.key for f in FORMATS if f.detect and f.key != "telegram" and f.detect(head_of(path))
        ]
        assert others == [], name
    assert len(load(tmp_path / "big.json").claims) == 1
    for name, data in {
        "story.json": {
            "version": 1,
            "sources": [{"id": "a"}],
            "claims": [{"id": "c"}],
            "reports": [],
        },
        "reports.jsonl": [{"source": "a", "claim": "c", "via": "", "published": "2024-12-26"}],
        "prov.json": {"prefix": {"ex": "https://example.org/"}, "entity": {"ex:c": {}}},
        "nodelink.json": {
            "directed": True,
            "multigraph": True,
            "graph": {},
            "nodes": [],
            "edges": [],
        },
        "statuses.json": [
            {
                "id": "1",
                "uri": "https://m.example/1",
                "created_at": "2019-12-08T03:48:33.901Z",
                "content": "",
                "reblog": None,
                "account": {"acct": "a"},
            }
        ],
        "records.json": {"records": [{"uri": "at://did:plc:a/app.bsky.feed.post/1", "value": {}}]},
        "tweets.jsonl": [
            {
                "id_str": "1",
                "created_at": "Wed Oct 10 20:19:24 +0000 2018",
                "text": "x",
                "user": {"id_str": "2"},
                "retweet_count": 0,
            }
        ],
        "tdlib.json": [{"_": "message", "id": 1, "chat_id": 5, "content": {}}],
        "messages.json": {"messages": [{"id": 1, "text": "not Telegram"}]},
        "chats.json": {"chats": {"list": []}},
    }.items():
        assert not telegram.detect(head_of(write(tmp_path, name, data))), name


# ---------------------------------------------------------------- the command line


def test_from_an_export_to_a_page_in_one_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forwards = [
        chat(
            f"Channel {n}",
            "public_channel",
            n,
            forward(n, 40, "A soldier was captured", "Warshal", n),
        )
        for n in (2, 3, 4)
    ]
    path = write(
        tmp_path,
        "result.json",
        full_export(
            chat("Warshal", "public_channel", 1, post(1, 5, "A soldier was captured")), *forwards
        ),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvenanceWarning)
        assert main(["render", str(path), "-o", str(tmp_path / "page.html")]) == 0
        page = (tmp_path / "page.html").read_text(encoding="utf-8")
        assert "Warshal" in page and "A soldier was captured" in page
        assert main(["check", str(path)]) in (0, 1)
        assert "tg:channel1/5" in capsys.readouterr().out
        assert main(["check", "--json", "--from", "telegram", str(path)]) in (0, 1)
        (row,) = json.loads(capsys.readouterr().out)
        assert row["independent"] == 1 and "echo" in row["flags"]
        assert main(["convert", str(path), str(tmp_path / "story.yaml")]) == 0
        assert load(tmp_path / "story.yaml") == load(path)
        bad = write(tmp_path, "bad.json", good_chat(post(1, 2, "x") | {"date_unixtime": "soon"}))
        capsys.readouterr()
        assert main(["check", "--from", "telegram", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "messages[1]: date_unixtime must be" in err


# ---------------------------------------------------------------- properties

CHANNELS = [1, 2, 3, 4]
TEXTS = ["a", "b", ""]


@st.composite
def dumps(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Telethon messages: posts, and forwards of posts (held or not), in any order."""
    items: list[dict[str, Any]] = []
    for n in range(draw(st.integers(1, 12))):
        channel, text = draw(st.sampled_from(CHANNELS)), draw(st.sampled_from(TEXTS))
        kind = draw(st.sampled_from(["post", "channel post", "user", "hidden", "saved"]))
        origin, header = draw(st.sampled_from(CHANNELS)), None
        if kind == "channel post":
            header = fwd_from(peer("channel", origin), draw(st.integers(1, 3)))
        elif kind == "user":
            header = fwd_from(peer("user", origin))
        elif kind == "hidden":
            header = fwd_from(from_name=f"Name {origin}")
        elif kind == "saved":
            saved = peer("channel", draw(st.sampled_from(CHANNELS)))
            header = fwd_from(peer("channel", origin), 1, saved_from_peer=saved)
        if draw(st.booleans()):  # a channel's post
            items.append(telethon(peer("channel", channel), n + 1, text, header, n))
        else:  # a group member's message
            member = {"from_id": peer("user", draw(st.sampled_from(CHANNELS)))}
            items.append(telethon(peer("chat", channel), n + 1, text, header, n, **member))
    return draw(st.permutations(items))


def _source(peer: dict[str, Any] | None) -> str | None:
    if peer is None:
        return None
    kind = peer["_"][4:].lower()
    return f"tg:{kind}{peer[f'{kind}_id']}"


@given(dumps())
@settings(max_examples=80, deadline=None)
def test_every_via_edge_is_a_forward_header(items: list[dict[str, Any]]) -> None:
    """No edge is invented: each via edge u → v is a forward by v of a message whose
    header names u as the original's sender (or as the chat it was saved from), or a
    saved-from chat v that the header says had it from u; every via names a source
    reporting the claim."""
    g = load(write(Path(tempfile.mkdtemp()), "dump.jsonl", items))
    given_edges = set()
    for item in items:
        header = item["fwd_from"]
        if header is None:
            continue
        by = _source(item["from_id"]) or _source(item["peer_id"])
        origin = _source(header["from_id"]) or f"tg:name:{header['from_name']}"
        saved = _source(header["saved_from_peer"])
        given_edges |= {(origin, by), (saved, by), (origin, saved)}
    for upstream, downstream, claim, data in g.to_networkx().edges(keys=True, data=True):
        if data.get("relation") == "via":
            assert (upstream, downstream) in given_edges
            assert upstream in {r.source for r in g.reports(claim)}
    forwards = sum(item["fwd_from"] is not None for item in items)
    assert sum(bool(r.via) for r in g.reports() if r.published is not None) <= forwards
