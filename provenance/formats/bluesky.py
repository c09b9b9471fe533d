"""Bluesky (AT Protocol) posts and reposts as reports.

Reads ``app.bsky.feed.post`` and ``app.bsky.feed.repost`` records, in JSON or JSON
Lines: ``com.atproto.repo.listRecords`` output (``{"records": [{"uri", "cid",
"value"}], "cursor"}``, pages one after another too, or its records in a list or a line
each); Jetstream events (``{"did", "time_us", "kind": "commit", "commit": {"operation",
"collection", "rkey", "record"}}``); AppView feed items (``{"post": {"uri", "author",
"record"}, "reason": {"$type": "app.bsky.feed.defs#reasonRepost", "by"}}``, in
``{"feed": […]}`` or a line each).

- A record's author is the DID in its ``at://<did>/<collection>/<rkey>`` (Jetstream:
  ``did``): the source ``bsky:<did>``, named where a feed item gives a display name or
  handle.
- A post is a claim, its id the at-uri, its permalink
  ``https://bsky.app/profile/<did>/post/<rkey>``. A reply is a post.
- A repost shares ``subject.uri`` via the post's author, or, where it has ``via`` (the
  repost it was seen through, set by clients since May 2025), via that repost's author:
  the one platform that records the hop. That author shares the post too, via the
  post's author as far as anyone knows, when its repost is not in the file (undated, in
  a note): never an origin of its own. A repost of one's own post stays first-hand.
- A quote (``embed`` ``app.bsky.embed.record``, or ``recordWithMedia`` with the ref at
  ``embed.record.record``) of a post is a post and a share of the quoted post via its
  author; an embedded list, feed or starter pack is no quote.
- A feed item's ``reasonRepost`` shares the post via its author, at ``indexedAt``.
- Likes, follows, deletions, identity events, other collections: counted in a note.

A record's time is its ``createdAt``, declared by the poster's client (it can be
back-dated: a note says so). Jetstream's ``time_us`` is not used, so that a Jetstream
capture and a listRecords export of the same records make the same story.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from provenance.errors import ValidationError
from provenance.formats.detect import Head
from provenance.formats.entries import entries
from provenance.formats.posts import Posts
from provenance.terms import Published, parse_published

__all__ = ["POST", "REPOST", "detect", "read_posts"]

POST = "app.bsky.feed.post"
"""The collection of posts."""

REPOST = "app.bsky.feed.repost"
"""The collection of reposts."""

_RECORD_EMBED = "app.bsky.embed.record"
_MEDIA_EMBED = "app.bsky.embed.recordWithMedia"
_REASON_REPOST = "app.bsky.feed.defs#reasonRepost"
_REASON_PIN = "app.bsky.feed.defs#reasonPin"
# at://<authority>/<collection>/<rkey>, in the characters the AT-URI spec allows each
# part: ids and permalinks made of them hold nothing else.
_AUTHORITY = re.compile(r"[A-Za-z0-9._:%-]+")
_AT_URI = re.compile(rf"at://({_AUTHORITY.pattern})/([A-Za-z0-9.-]+)/([A-Za-z0-9._:~-]+)")
_SAID = (
    "the times are each record's createdAt, which the poster's client declares "
    "(it can be back-dated)"
)


def detect(head: Head) -> bool:
    """Whether a file starts as listRecords output, Jetstream events, feed items or
    post/repost records."""
    data = head.data
    if isinstance(data, list):
        data = data[0] if data else None
    if not isinstance(data, dict):
        return False
    for wrapper in ("records", "feed"):
        inner = data.get(wrapper)
        if isinstance(inner, list):
            data = inner[0] if inner else None
            break
    return isinstance(data, dict) and _is_entry(data)


def _is_entry(data: dict[str, Any]) -> bool:
    post = data.get("post")
    did = data.get("did")
    return (
        (_is_at_uri(data.get("uri")) and isinstance(data.get("value"), dict))
        or (isinstance(post, dict) and _is_at_uri(post.get("uri")))
        or (
            isinstance(did, str)
            and did.startswith("did:")
            and "time_us" in data
            and data.get("kind") in ("commit", "identity", "account")
        )
        or data.get("$type") in (POST, REPOST)
    )


def _is_at_uri(value: object) -> bool:
    return isinstance(value, str) and value.startswith("at://")


def read_posts(path: Path, posts: Posts) -> None:
    """Tell `posts` what each record of the Bluesky export at `path` is (see the module).

    Examples
    --------
    >>> import json, pathlib, tempfile, warnings
    >>> from provenance.store import Store
    >>> post = {"uri": "at://did:plc:alice/app.bsky.feed.post/3k4duaz5vfs2b", "cid": "bafy1",
    ...         "value": {"$type": POST, "text": "Hello", "createdAt": "2024-12-26T09:00:00Z"}}
    >>> repost = {"uri": "at://did:plc:bob/app.bsky.feed.repost/3k4dv", "cid": "bafy2",
    ...           "value": {"$type": REPOST, "createdAt": "2024-12-26T09:05:00Z",
    ...                     "subject": {"uri": post["uri"], "cid": "bafy1"}}}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "records.json"
    >>> _ = path.write_text(json.dumps({"records": [post, repost]}))
    >>> posts, store = Posts(str(path)), Store()
    >>> read_posts(path, posts)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     posts.fill(store)
    >>> sorted((r.source, r.via) for r in store.reports(post["uri"]))
    [('bsky:did:plc:alice', ()), ('bsky:did:plc:bob', ('bsky:did:plc:alice',))]
    """
    reader = _Reader(posts)
    for place, value, wrapper in entries(path, ("records", "feed")):
        if not wrapper:  # a page's cursor: nothing to read
            with posts.reading(place):
                reader.entry(value)
    reader.finish()


class _Reader:
    """The records of one export, told to :class:`Posts` one at a time."""

    def __init__(self, posts: Posts) -> None:
        self.posts = posts
        self.accounts: dict[str, str] = {}  # source -> the DID (or handle) it stands for
        self.client_times = False
        self.read: set[str] = set()  # the at-uri of each post and repost read
        self.shared: set[tuple[str, str]] = set()  # (reposter, post) of each repost read
        self.hops: dict[tuple[str, str], str] = {}  # (account a via names, post) -> author

    def entry(self, entry: Any) -> None:
        if not isinstance(entry, dict):
            raise self.posts.wrong("record", entry, "an object")
        if "commit" in entry or "time_us" in entry:
            self.jetstream(entry)
        elif "post" in entry:
            self.feed_item(entry)
        elif "value" in entry:
            self.record(_string(self.posts, entry, "uri"), entry["value"], "value", "uri")
        elif "$type" in entry:
            bare = "the record's at:// URI (a bare record does not say whose it is)"
            raise self.posts.wrong("uri", None, bare)
        else:
            expected = "a listRecords record {uri, cid, value}, a Jetstream event or a feed item"
            raise self.posts.wrong("record", entry, expected)

    def jetstream(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind != "commit":
            self.posts.skip(f"{kind} event" if isinstance(kind, str) else "event of no kind")
            return
        did = _string(self.posts, event, "did")
        commit = _object(self.posts, event, "commit")
        operation = _string(self.posts, commit, "operation", "commit.operation")
        collection = _string(self.posts, commit, "collection", "commit.collection")
        if operation == "delete":
            self.posts.skip("delete")
            return
        if operation not in ("create", "update"):
            raise self.posts.wrong("commit.operation", operation, "create, update or delete")
        uri = f"at://{did}/{collection}/{_string(self.posts, commit, 'rkey', 'commit.rkey')}"
        self.record(uri, commit.get("record"), "commit.record", "did/commit.collection/commit.rkey")

    def feed_item(self, item: dict[str, Any]) -> None:
        post = _object(self.posts, item, "post")
        uri = _string(self.posts, post, "uri", "post.uri")
        author = self.named(_object(self.posts, post, "author", "post.author"), "post.author")
        if author != self.source(_parts(self.posts, "post.uri", uri)[0]):
            raise self.posts.wrong("post.author.did", author, f"the authority of {uri!r}")
        self.record(uri, post.get("record"), "post.record", "post.uri")
        reason = item.get("reason")
        kind = reason.get("$type") if isinstance(reason, dict) else None
        if kind == _REASON_REPOST and isinstance(reason, dict):
            by = self.named(_object(self.posts, reason, "by", "reason.by"), "reason.by")
            published = self.time(reason, "indexedAt", "reason.indexedAt", declared=False)
            self.shared.add((by, uri))
            self.posts.share(uri, by, author=author, published=published)
        elif reason is not None and kind != _REASON_PIN:
            self.posts.skip(f"feed reason {kind}" if isinstance(kind, str) else "feed reason")

    def record(self, uri: str, record: Any, field: str, uri_field: str) -> None:
        """The record at `uri` (its body read from `field`): a post, a repost, or a kind
        counted in the note. A record met before (a replay) is not read again."""
        authority, collection, rkey = _parts(self.posts, uri_field, uri)
        if collection not in (POST, REPOST):
            self.posts.skip(collection)
        elif uri not in self.read:
            if not isinstance(record, dict):
                raise self.posts.wrong(field, record, f"the {collection} record (an object)")
            self.read.add(uri)
            if collection == POST:
                self.post(uri, authority, rkey, record, field)
            else:
                self.repost(self.source(authority), record, field)

    def post(self, uri: str, did: str, rkey: str, record: dict[str, Any], field: str) -> None:
        text = record.get("text")
        if not isinstance(text, str):
            raise self.posts.wrong(f"{field}.text", text, "a string (the post's text)")
        published = self.time(record, "createdAt", f"{field}.createdAt")
        author, url = self.source(did), f"{_profile(did)}/post/{rkey}"
        self.posts.post(uri, author, published=published, url=url, text=text)
        quoted = self.quoted(record.get("embed"), f"{field}.embed")
        if quoted is not None:
            quoted_author, quoted_uri = quoted
            self.posts.share(
                quoted_uri, author, author=quoted_author, published=published, url=url, text=text
            )

    def quoted(self, embed: Any, field: str) -> tuple[str, str] | None:
        """The post `embed` quotes, its author's source and its at-uri, if it quotes one."""
        kind = embed.get("$type") if isinstance(embed, dict) else None
        if kind == _RECORD_EMBED and isinstance(embed, dict):
            ref, field = embed.get("record"), f"{field}.record"
        elif kind == _MEDIA_EMBED and isinstance(embed, dict):
            ref = _object(self.posts, embed, "record", f"{field}.record").get("record")
            field = f"{field}.record.record"
        else:
            return None  # images, video, a link card: no record embedded
        if not isinstance(ref, dict):
            raise self.posts.wrong(field, ref, "a strong ref {uri, cid}")
        uri = _string(self.posts, ref, "uri", f"{field}.uri")
        authority, collection, _ = _parts(self.posts, f"{field}.uri", uri)
        return (self.source(authority), uri) if collection == POST else None  # a list …

    def repost(self, by: str, record: dict[str, Any], field: str) -> None:
        subject = _object(self.posts, record, "subject", f"{field}.subject")
        uri = _string(self.posts, subject, "uri", f"{field}.subject.uri")
        authority, collection, _ = _parts(self.posts, f"{field}.subject.uri", uri)
        published = self.time(record, "createdAt", f"{field}.createdAt")
        hop = None
        if record.get("via") is not None:  # the repost it was seen through
            ref = _string(
                self.posts,
                _object(self.posts, record, "via", f"{field}.via"),
                "uri",
                f"{field}.via.uri",
            )
            hop = _parts(self.posts, f"{field}.via.uri", ref)[0]
        if collection != POST:
            self.posts.skip(f"repost of {collection}")
            return
        author = self.source(authority)
        hop = None if hop is None else self.source(hop)
        self.shared.add((by, uri))
        if hop is not None and hop not in (by, author):
            self.hops.setdefault((hop, uri), author)
        # One's own post is first-hand, whoever's repost it was seen again through.
        via = [hop] if hop is not None and by != author else None
        self.posts.share(uri, by, via=via, author=author, published=published)

    def source(self, authority: str) -> str:
        """The source of the account `authority` (a DID) names, met in a record read."""
        source = f"bsky:{authority}"
        self.accounts.setdefault(source, authority)
        return source

    def named(self, profile: dict[str, Any], field: str) -> str:
        """The source of a profile view {did, handle, displayName}, declared with its name."""
        did = _string(self.posts, profile, "did", f"{field}.did")
        if _AUTHORITY.fullmatch(did) is None:
            raise self.posts.wrong(f"{field}.did", did, "a DID (did:plc:…, did:web:…)")
        names = [profile.get("displayName"), profile.get("handle")]
        name = next((n.strip() for n in names if isinstance(n, str) and n.strip()), None)
        self.posts.account(self.source(did), name=name, kind="bluesky", url=_profile(did))
        return self.source(did)

    def time(
        self, record: dict[str, Any], key: str, field: str, *, declared: bool = True
    ) -> Published:
        value = record.get(key)
        try:
            published = parse_published(value) if isinstance(value, str) else None
        except ValidationError:
            published = None
        if published is None:
            raise self.posts.wrong(field, value, "an RFC 3339 date-time")
        self.client_times |= declared
        return published

    def finish(self) -> None:
        """The reposts known only from a via, the accounts, the notes."""
        unread = [(hop, post) for hop, post in self.hops if (hop, post) not in self.shared]
        for hop, post in unread:  # it shared the post: via its author, as far as known
            self.posts.share(post, hop, author=self.hops[hop, post])
        for source, authority in self.accounts.items():
            self.posts.account(source, kind="bluesky", url=_profile(authority))
        handles = sum(not authority.startswith("did:") for authority in self.accounts.values())
        for count, said in (
            (
                len(unread),
                "repost(s) known only from another repost's via (not in the export): "
                "read as shares via the post's author, undated",
            ),
            (
                handles,
                "account(s) named in at:// URIs by handle, not DID: a handle can pass "
                "to another account",
            ),
        ):
            if count:
                self.posts.note(f"{count:,} {said}")
        if self.client_times:
            self.posts.note(_SAID)


def _parts(posts: Posts, field: str, uri: str) -> tuple[str, str, str]:
    """The authority (the author's DID), collection and key of the record at `uri`."""
    match = _AT_URI.fullmatch(uri)
    if match is None:
        raise posts.wrong(field, uri, "an at:// URI: at://<did>/<collection>/<rkey>")
    authority, collection, rkey = match.groups()
    return authority, collection, rkey


def _profile(authority: str) -> str:
    return f"https://bsky.app/profile/{authority}"


def _string(posts: Posts, container: dict[str, Any], key: str, field: str = "") -> str:
    value = container.get(key)
    if not isinstance(value, str) or not value:
        raise posts.wrong(field or key, value, "a non-empty string")
    return value


def _object(posts: Posts, container: dict[str, Any], key: str, field: str = "") -> dict[str, Any]:
    value = container.get(key)
    if not isinstance(value, dict):
        raise posts.wrong(field or key, value, "an object")
    return value
