"""Telegram messages as reports: Telegram Desktop exports and Telethon message dumps.

Reads, a message at a time, a Telegram Desktop export in "Machine-readable JSON"
(``result.json``: one chat, ``{"name", "type", "id", "messages"}``, or the whole account,
``{"about", …, "chats": {"list": [chats]}, "left_chats": …}``) and Telethon
``Message.to_dict()`` dumps (a list, or one a line). In short (docs/howto/telegram.md):

- A sender is a source, ``tg:user<id>``, ``tg:chat<id>`` or ``tg:channel<id>`` (a
  numeric Desktop ``from_id``, before 2.7.2: below 2**32 a user; ``1<<32 | id`` a user,
  ``2<<32 | id`` the chat itself or a channel), or ``tg:name:<name>`` where only a
  display name is known; a message is a claim, ``<its chat>/<its id>``, its post.
- A forward shares the original's claim via the original's sender: a channel post
  Telethon names (``tg:channel<id>/<post>``), else the one post of the file by that
  sender with that text (Telethon: at ``fwd_from.date``), else ``tg:forward:<sender>/
  <digest of the text>``. A Desktop ``forwarded_from`` is a display name only: the one
  chat or sender of the file with that name, else ``tg:name:<name>`` (a note names
  several holders: never a silent merge). An item saved from a chat other than its
  original's sender is via that chat, which shares it via the sender (undated).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any, TypeGuard

import attrs
from attrs import frozen

from provenance._files import cannot_read, open_regular
from provenance.errors import FormatError, ValidationError
from provenance.formats.detect import Head, head_of
from provenance.formats.posts import Posts
from provenance.formats.streams import JSONPath, walk
from provenance.scoring.rules import published_before
from provenance.terms import Published, parse_published

__all__ = ["CHAT_TYPES", "detect", "read_posts"]

_USERS = ("saved_messages", "replies", "verification_codes", "personal_chat", "bot_chat")
_CHANNELS = ("private_supergroup", "public_supergroup", "private_channel", "public_channel")
CHAT_TYPES = dict.fromkeys(_USERS, "user") | {"private_group": "chat"}
CHAT_TYPES |= dict.fromkeys(_CHANNELS, "channel")
"""A Desktop chat's ``type``, and the kind of peer its ``id`` is (else ``tg:peer<id>``)."""

_PEERS = {"PeerUser": "user_id", "PeerChat": "chat_id", "PeerChannel": "channel_id"}
_FROM_ID = re.compile(r"(user|chat|channel)([0-9]+)")
_DESKTOP_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
_SECONDS = re.compile(r"[0-9]{1,11}")  # to the year 5138: a datetime holds it
_SPACE = re.compile(r"\s+")
_MANY = ("", None)  # a sender's text posted twice: no one original
_TELL = {  # what each count said in the notes is
    "naive": "time(s) without a zone (Desktop before 3.7.6: the exporter's local time)",
    "numeric": "numeric from_id(s) (Desktop before 2.7.2), qualified as the module says",
    "sender by name": "message(s) without from_id: the sender known by name (tg:name:…)",
    "named": "Desktop forward(s): the original's sender named by display name only",
    "resolved": "forward name(s) read as the one chat or sender of the file of that name",
    "matched": "forward(s) joined to their original: its sender's one post of that text",
    "textless": "forward(s) without text: each its own claim (no original to join by)",
    "hidden": "forward(s) from accounts that hide their forwards: by from_name only",
    "nameless": "forward(s) naming no original sender (a deleted account)",
    "saved": "item(s) saved from a chat that forwarded them: via it, it via the sender",
    "not held": "forward(s) of channel posts not in the file: via the channel only",
}


def detect(head: Head) -> bool:
    """Whether a file starts as a Telegram Desktop export or a Telethon message dump."""
    data = head.data
    first = (data or [None])[0] if isinstance(data, list) else data
    if isinstance(first, dict) and first.get("_") in ("Message", "MessageService"):
        peer = first.get("peer_id", first.get("to_id"))  # Telethon's; to_id before layer 119
        return isinstance(peer, dict) and peer.get("_") in _PEERS
    if not isinstance(data, dict):
        return False
    messages = data.get("messages")
    if isinstance(messages, list):  # a chat: its type and id, or its first message
        first = messages[0] if messages else {}
        return (data.get("type") in CHAT_TYPES and _is_number(data.get("id"))) or (
            isinstance(first, dict)
            and first.get("type") in ("message", "service", "unsupported")
            and _DESKTOP_DATE.fullmatch(str(first.get("date"))) is not None
        )
    parts = [data.get(key) for key in ("chats", "left_chats", "contacts")]
    return isinstance(data.get("about"), str) and (
        isinstance(data.get("personal_information"), dict)
        or any(isinstance(part, dict) and ("list" in part or "about" in part) for part in parts)
    )


def _is_number(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def read_posts(path: Path, posts: Posts) -> None:
    """Tell `posts` what each message of the Telegram export at `path` is.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from provenance.store import Store
    >>> chat = {"name": "Warshal", "type": "public_channel", "id": 1, "messages": [
    ...     {"id": 7, "type": "message", "date_unixtime": "1735203600", "from": "Warshal",
    ...      "from_id": "channel1", "text": "A soldier was captured"}]}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "result.json"
    >>> _ = path.write_text(json.dumps(chat))
    >>> posts, store = Posts(str(path)), Store()
    >>> read_posts(path, posts)
    >>> posts.fill(store)
    >>> [(r.source, r.claim, r.firsthand, str(r.published)) for r in store.reports()]
    [('tg:channel1', 'tg:channel1/7', True, '2024-12-26 09:00:00+00:00')]
    """
    first = head_of(path).data  # Telethon lines are read whole, a Desktop export walked
    reader = _Reader(posts, lines=isinstance(first, dict) and "_" in first)
    try:
        with io.TextIOWrapper(open_regular(path), encoding="utf-8") as file:
            for where, value in walk(file, reader.descend, name=str(path)):
                reader.value(where, value)
    except UnicodeDecodeError as error:
        raise cannot_read(path, error) from None
    reader.finish()


@frozen
class _Forward:
    """A forward read, shared once every name in the export is known."""

    place: str
    own: str  # the forward's own message: its claim when nothing names the original
    by: str
    published: Published
    text: str
    origin: str | None = None  # the original's sender: its source, or (Desktop) name
    saved: str | None = None  # the chat it was saved from: its source, or name
    named: bool = False  # origin and saved are display names (Desktop)
    exact: str | None = None  # the original's claim, where the forward names it
    origin_time: Published | None = None  # the original's time (Telethon)


class _Reader:
    """The chats and messages of one export, told to :class:`Posts`."""

    def __init__(self, posts: Posts, *, lines: bool) -> None:
        self.posts, self.lines, self.documents, self.found = posts, lines, 0, False
        self.kept: dict[str, Any] = {}  # the top-level members of the document at hand
        self.chat: tuple[Any, ...] = ()  # the Desktop chat at hand: its place in the file,
        self.header: dict[str, Any] = {}  # its name, type and id,
        self.peer, self.place = "", ""  # its source, and its place in words
        self.forwards: list[_Forward] = []
        self.names: dict[str, str] = {}  # source -> its display name
        self.named: dict[str, set[str]] = {}  # display name -> the sources holding it
        self.held: dict[tuple[str, bytes], tuple[str, Published | None]] = {}
        self.posted, self.used, self.ambiguous = set[str](), set[str](), dict[str, int]()
        self.counts = dict.fromkeys(_TELL, 0)

    def descend(self, path: JSONPath) -> bool:
        """Open each document, its ``messages``, and ``chats.list[i].messages``."""
        if not path:
            self.end_document()  # the one before
            return not self.lines
        if path[0] not in ("chats", "left_chats"):
            return path == ("messages",)
        if len(path) < 4:
            return path[1:2] in ((), ("list",))
        return len(path) == 4 and path[1::2] == ("list", "messages")

    def value(self, where: JSONPath, value: Any) -> None:
        prefix = f"document {self.documents}, " if self.documents > 1 else ""  # JSON Lines
        top = where[0] if where else None
        if not where and (not self.lines or not isinstance(value, dict)):
            with self.posts.reading(prefix.rstrip(", ") or "the file"):
                what = "a message object" if self.lines else "an object or an array"
                raise self.posts.wrong("the document", value, what)
        if not where or isinstance(top, int):
            self.telethon(value, f"{prefix}[{top}]" if where else f"document {self.documents}")
        elif top == "messages" and len(where) == 2:
            self.open_chat((self.documents,), self.kept, prefix.rstrip(", ") or "the chat")
            self.desktop(where[1], value, f"{prefix}messages")
        elif top in ("chats", "left_chats") and len(where) > 2:
            if len(where) < 4 or not isinstance(where[2], int):
                with self.posts.reading(f"{prefix}{top}"):
                    raise self.posts.wrong("list", value, "a list of chat objects")
            place = f"{prefix}{top}.list[{where[2]}]"
            self.open_chat((self.documents, *where[:3]), {}, place)
            if len(where) == 4:
                self.header[str(where[3])] = value
            else:
                self.desktop(where[4], value, f"{place}.messages")
        elif len(where) == 1:
            self.kept[str(top)] = value

    def open_chat(self, chat: tuple[Any, ...], header: dict[str, Any], place: str) -> None:
        self.found = True
        if chat != self.chat:
            self.close_chat()
            self.chat, self.header, self.peer, self.place = chat, header, "", place

    def close_chat(self) -> None:
        if self.peer:
            self.name(self.peer, self.header.get("name"))
        self.chat, self.header, self.peer = (), {}, ""

    def end_document(self) -> None:
        self.close_chat()
        if "_" in self.kept:
            self.telethon(self.kept, f"document {self.documents}")
        self.kept, self.documents = {}, self.documents + 1

    def chat_peer(self) -> str:
        """The chat at hand's source, from its header (written before its messages)."""
        if not self.peer:
            kind, id = self.header.get("type"), self.header.get("id")
            if not isinstance(kind, str) or not _is_number(id):
                field, value = ("id", id) if isinstance(kind, str) else ("type", kind)
                with self.posts.reading(self.place):
                    raise self.posts.wrong(field, value, f"the chat's {field}, before messages")
            self.peer = f"tg:{CHAT_TYPES.get(kind, 'peer')}{id}"
        return self.peer

    def desktop(self, index: Any, message: Any, place: str) -> None:
        posts, chat = self.posts, self.chat_peer()
        with posts.reading(f"{place}[{index}]"):
            if not isinstance(index, int) or not isinstance(message, dict):
                raise posts.wrong("message", message, "an object, in a list of messages")
            kind = message.get("type")
            if kind != "message":
                if not isinstance(kind, str):
                    raise posts.wrong("type", kind, "'message' or 'service'")
                posts.skip(f"{kind} message")
                return
            id = message.get("id")
            if not _is_number(id):
                raise posts.wrong("id", id, "the message's id, a number")
            by, published = self.sender(chat, message), self.desktop_time(message)
            said = _Forward(posts.record, f"{chat}/{id}", by, published, _text(posts, message))
            saved = message.get("saved_from")
            origin = message.get("forwarded_from", saved)  # saved with no forward header
            for field, name in (("forwarded_from", origin), ("saved_from", saved)):
                if name is not None and not isinstance(name, str):
                    raise posts.wrong(field, name, "a display name or null")
            if "forwarded_from" not in message and "saved_from" not in message:
                self.post(said)
            else:
                self.counts["named"] += 1
                said = attrs.evolve(said, origin=_shown(origin), saved=_shown(saved), named=True)
                self.forwards.append(said)

    def sender(self, chat: str, message: dict[str, Any]) -> str:
        from_id, name = message.get("from_id"), message.get("from")
        if isinstance(from_id, str) and _FROM_ID.fullmatch(from_id):
            source = f"tg:{from_id}"
        elif _is_number(from_id) and 0 < from_id < 3 << 32:
            self.counts["numeric"] += 1
            shift, bare = divmod(from_id, 1 << 32)  # 2: a chat or a channel (only these send)
            kind = "user" if shift < 2 else "chat" if chat == f"tg:chat{bare}" else "channel"
            source = f"tg:{kind}{bare}"
        elif from_id is None and chat.startswith("tg:channel") and "from" not in message:
            source = chat  # a channel's own post, before exports named senders
        elif from_id is None and _shown(name):
            self.counts["sender by name"] += 1
            return f"tg:name:{_shown(name)}"
        else:
            raise self.posts.wrong("from_id", from_id, "the sender, e.g. 'user123'")
        self.name(source, name)
        return source

    def desktop_time(self, message: dict[str, Any]) -> Published:
        if "date_unixtime" not in message:
            return self.time(message.get("date"), "date")
        seconds = message["date_unixtime"]
        if _SECONDS.fullmatch(str(seconds)) and isinstance(seconds, (str, int)):
            return self.time(int(seconds), "date_unixtime")
        raise self.posts.wrong("date_unixtime", seconds, "a string of Unix seconds")

    def telethon(self, message: Any, place: str) -> None:
        posts, self.found = self.posts, True
        with posts.reading(place):
            kind = message.get("_") if isinstance(message, dict) else None
            if not isinstance(kind, str):
                raise posts.wrong("_", kind, "a Telethon message's type (Message …)")
            if kind != "Message":
                posts.skip(kind)
                return
            id = message.get("id")
            if not _is_number(id):
                raise posts.wrong("id", id, "the message's id, a number")
            chat = self.peer_of(message.get("peer_id", message.get("to_id")), "peer_id")
            by = self.peer_of(message.get("from_id"), "from_id", empty=True)
            if by is None and message.get("out") and chat.startswith("tg:user"):
                posts.skip("outgoing private Message without from_id")
                return
            text = message.get("message")
            if text is not None and not isinstance(text, str):
                raise posts.wrong("message", text, "the message's text")
            published = self.time(message.get("date"), "date")
            said = _Forward(place, f"{chat}/{id}", by or chat, published, text or "")
            if message.get("fwd_from") is None:
                self.post(said)
            else:
                self.forwards.append(self.fwd_from(message["fwd_from"], said))

    def fwd_from(self, header: Any, said: _Forward) -> _Forward:
        """A ``MessageFwdHeader`` (before layer 119: a user's ``from_id``, ``channel_id``)."""
        if not isinstance(header, dict) or header.get("_") not in (None, "MessageFwdHeader"):
            raise self.posts.wrong("fwd_from", header, "a MessageFwdHeader or null")
        origin = self.peer_of(header.get("from_id"), "fwd_from.from_id", empty=True)
        if header.get("channel_id") is not None:
            origin = self.peer_of(header["channel_id"], "fwd_from.channel_id", kind="channel")
        if origin is None and _shown(header.get("from_name")):
            self.counts["hidden"] += 1
            origin = f"tg:name:{_shown(header['from_name'])}"
        post = header.get("channel_post")
        if post is not None and not _is_number(post):
            raise self.posts.wrong("fwd_from.channel_post", post, "a message id or null")
        exact = f"{origin}/{post}" if post and str(origin).startswith("tg:channel") else None
        saved = self.peer_of(header.get("saved_from_peer"), "fwd_from.saved_from_peer", empty=True)
        when = self.time(header.get("date"), "fwd_from.date")
        return attrs.evolve(said, origin=origin, saved=saved, exact=exact, origin_time=when)

    def peer_of(self, peer: Any, field: str, *, empty: bool = False, kind: str = "user") -> Any:
        """The source a Telethon ``Peer`` names (a bare number: an old layer's user)."""
        if peer is None and empty:
            return None
        id = peer
        if isinstance(peer, dict) and peer.get("_") in _PEERS:
            kind, id = peer["_"][4:].lower(), peer.get(_PEERS[peer["_"]])
        if _is_number(id) and id > 0:
            return f"tg:{kind}{id}"
        raise self.posts.wrong(field, peer, "a Peer (PeerUser, PeerChat or PeerChannel)")

    def time(self, value: Any, field: str) -> Published:
        published: Published | None = None
        try:
            if _is_number(value):
                return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)
            published = parse_published(value) if isinstance(value, str) else None
        except (OverflowError, OSError, ValueError, ValidationError):
            pass
        if not isinstance(published, dt.datetime):
            raise self.posts.wrong(field, value, "a date-time, e.g. 2024-12-26T09:00:00")
        self.counts["naive"] += published.tzinfo is None
        return published

    def post(self, said: _Forward) -> None:
        self.posts.post(said.own, said.by, published=said.published, text=said.text)
        self.posted.add(said.own)
        self.used.add(said.by)
        if words := _words(said.text):
            key = (said.by, _digest(words))
            self.held[key] = _MANY if key in self.held else (said.own, said.published)

    def name(self, source: str, name: object) -> None:
        if shown := _shown(name):
            self.names.setdefault(source, shown)
            self.named.setdefault(shown, set()).add(source)

    def resolve(self, name: str | None) -> str | None:
        """The one source of the export with the display name `name`, else the source
        standing for the name alone (several holding it are said in a note)."""
        holders = self.named.get(name or "", set())
        if len(holders) == 1:
            self.counts["resolved"] += 1
            return next(iter(holders))
        if name and holders:
            self.ambiguous[name] = self.ambiguous.get(name, 0) + 1
        return f"tg:name:{name}" if name else None

    def finish(self) -> None:
        self.end_document()
        if not self.found:
            raise FormatError("holds no Telegram chat, nor Telethon messages", file=self.posts.file)
        for forward in self.forwards:
            with self.posts.reading(forward.place):
                self.share(forward)
        for source in sorted(self.used):
            name = self.names.get(source, source.removeprefix("tg:name:"))
            self.posts.account(source, name=name, kind="telegram")
        for key in [key for key, count in self.counts.items() if count]:
            self.posts.note(f"{self.counts[key]:,} {_TELL[key]}")
        for name, count in sorted(self.ambiguous.items()):
            holders = f"{name!r}, which {', '.join(sorted(self.named[name]))} all hold"
            self.posts.note(f"{count:,} forward(s) from the display name {holders}: read as "
                            f"from tg:name:{name}, merged with none of them")  # fmt: skip

    def share(self, forward: _Forward) -> None:
        origin, saved = forward.origin, forward.saved
        if forward.named:
            origin, saved = self.resolve(origin), self.resolve(saved)
        claim = forward.exact or self.original(forward, origin)
        self.counts["not held"] += bool(forward.exact) and forward.exact not in self.posted
        self.counts["nameless"] += origin is None
        via = None if origin is None else [origin]  # as the header says, whoever posted it
        if saved is not None and saved not in (origin, forward.by):
            self.counts["saved"] += 1
            self.posts.share(claim, saved, via=via, author=origin)
            via = [saved]
        when, text = forward.published, forward.text
        self.posts.share(claim, forward.by, via=via, author=origin, published=when, text=text)
        self.used.update(s for s in (forward.by, origin, saved) if s is not None)

    def original(self, forward: _Forward, origin: str | None) -> str:
        """The claim a forward naming no post shares (see the module)."""
        words = _words(forward.text)
        if not words:
            self.counts["textless"] += 1
            return forward.own
        claim, time = self.held.get((origin or "", _digest(words)), _MANY)
        if claim and (
            forward.origin_time == time
            if forward.origin_time is not None
            else not published_before(forward.published, time)
        ):
            self.counts["matched"] += 1
            return claim
        key = (origin or "unnamed").removeprefix("tg:")
        if forward.named and forward.origin:
            key = f"name:{forward.origin}"
        digest = _digest(json.dumps([key, str(forward.origin_time or ""), words])).hex()[:16]
        return f"tg:forward:{key}/{digest}"


def _text(posts: Posts, message: dict[str, Any]) -> str:
    """A Desktop message's text: its ``text_entities``' texts, else its ``text`` (a
    string, or a list of strings and entity objects)."""
    field = "text_entities" if isinstance(message.get("text_entities"), list) else "text"
    parts = message.get(field, "")
    if isinstance(parts, str):
        return parts
    items = parts if isinstance(parts, list) else [None]
    words = [item.get("text") if isinstance(item, dict) else item for item in items]
    if not all(isinstance(word, str) for word in words):
        raise posts.wrong(field, parts, "a string, or a list of strings and entities with text")
    return "".join(map(str, words))


def _digest(words: str) -> bytes:
    return hashlib.sha256(words.encode()).digest()[:16]


def _words(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def _shown(name: object) -> str | None:
    """A display name, stripped; None when there is none."""
    return (name.strip() or None) if isinstance(name, str) else None
