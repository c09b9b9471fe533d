"""Mastodon statuses and ActivityPub outboxes as reports.

Reads, in a JSON file or JSON Lines:

- REST ``Status`` entities (https://docs.joinmastodon.org/entities/Status/): a list of
  them, as ``GET /api/v1/accounts/:id/statuses`` or a timeline returns, or a status a
  line;
- the ActivityPub outbox of an account archive (``outbox.json``, Settings → Import and
  export → Request your archive): ``{"@context", "type": "OrderedCollection",
  "orderedItems": [activities]}``, read an activity at a time (``Create`` of a ``Note``
  and ``Announce``, as ``app/services/backup_service.rb`` writes them).

What becomes what:

- An account is a source, ``mastodon:<actor URI>``: the REST account's ``uri`` (its
  ActivityPub id, the outbox's ``actor`` and ``attributedTo``), else its ``url``, else
  ``acct`` (with the server of the status where the account is local), named by
  ``display_name``, else ``acct``.
- A status is a claim, its id the status's ``uri`` (the server-local ``id`` differs from
  server to server), its permalink ``url``, its text ``content`` made plain. A reply is
  a status.
- A boost (a REST status whose ``reblog`` is a status; an ``Announce``) shares the
  boosted status via its author: a boost names only the original, never the boost it was
  seen through. The boosted status in a REST export is read as a post of its author too.
  An ``Announce`` carries only the boosted status's URI: its author is known only when
  the export holds the status, else the share is via ``author-of:<uri>``.
- A quote is a post of its own and a share of the quoted status via its author, when the
  quoted account approved it: REST ``quote.state`` ``accepted`` (or ``blocked_account``,
  ``blocked_domain``, ``muted_account``: approved, hidden only from the viewer), and in
  ActivityPub a ``quote`` (``quoteUri``, ``quoteUrl``, ``_misskey_quote``) with its
  ``quoteAuthorization`` (FEP-044f). Quotes not approved are counted in a note, with no
  via: the quoted post may not be what the quoter says.
- Activities other than ``Create`` and ``Announce``, objects other than statuses, are
  counted in a note.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provenance.errors import ValidationError
from provenance.formats.detect import Head
from provenance.formats.entries import entries
from provenance.formats.posts import Posts
from provenance.terms import Published, parse_published

__all__ = ["APPROVED", "detect", "plain_text", "read_posts"]

APPROVED = frozenset({"accepted", "blocked_account", "blocked_domain", "muted_account"})
"""The quote states of a quote the quoted account approved (Mastodon's ``Quote.state``)."""

_COLLECTIONS = ("OrderedCollection", "OrderedCollectionPage")
_STATUSES = ("Note", "Question", "Article", "Page")  # ActivityPub objects that are posts
_QUOTES = ("quote", "quoteUri", "quoteUrl", "_misskey_quote")  # FEP-044f and before it
_STATUS_KEYS = ("reblog", "visibility", "spoiler_text", "reblogs_count", "favourites_count")
_DEEPEST = 3  # a boost of a status quoting one: no genuine status nests deeper


def detect(head: Head) -> bool:
    """Whether a file starts as an ActivityPub outbox or as Mastodon REST statuses."""
    data = head.data
    if isinstance(data, dict) and data.get("type") in _COLLECTIONS:
        items = data.get("orderedItems")
        first = items[0] if isinstance(items, list) and items else None
        return isinstance(first, dict) and isinstance(first.get("type"), str) and "actor" in first
    if isinstance(data, list):
        data = data[0] if data else None
    return (
        isinstance(data, dict)
        and "created_at" in data
        and ("account" in data or "uri" in data)
        and any(key in data for key in _STATUS_KEYS)
    )


def read_posts(path: Path, posts: Posts) -> None:
    """Tell `posts` what each status or activity of the export at `path` is (see the
    module).

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from provenance.store import Store
    >>> outbox = {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
    ...           "type": "OrderedCollection", "totalItems": 1, "orderedItems": [
    ...     {"id": "https://m.example/users/ann/statuses/1/activity", "type": "Create",
    ...      "actor": "https://m.example/users/ann", "published": "2024-12-26T09:00:00Z",
    ...      "object": {"id": "https://m.example/users/ann/statuses/1", "type": "Note",
    ...                 "attributedTo": "https://m.example/users/ann",
    ...                 "published": "2024-12-26T09:00:00Z",
    ...                 "url": "https://m.example/@ann/1", "content": "<p>Hello</p>"}}]}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "outbox.json"
    >>> _ = path.write_text(json.dumps(outbox))
    >>> posts, store = Posts(str(path)), Store()
    >>> read_posts(path, posts)
    >>> posts.fill(store)
    >>> [(r.source, r.claim, r.text) for r in store.reports("https://m.example/users/ann/statuses/1")]
    [('mastodon:https://m.example/users/ann', 'https://m.example/users/ann/statuses/1', 'Hello')]
    """
    reader = _Reader(posts)
    for place, value, wrapper in entries(path, ("orderedItems",)):
        with posts.reading(place):
            if wrapper:
                reader.collection(value)
            elif isinstance(value, dict) and "account" not in value and "type" in value:
                reader.activity(value)
            else:
                reader.status(value, "", 0)
    reader.finish()


class _Reader:
    """The statuses and activities of one export, told to :class:`Posts`."""

    def __init__(self, posts: Posts) -> None:
        self.posts = posts
        self.uris: dict[str, str] = {}  # a status's server-local id -> its uri
        self.read: dict[str, str] = {}  # each status read -> its author's source
        self.shallow: list[tuple[str, str, Published, str | None, str]] = []
        self.unapproved: dict[str, int] = {}
        self.gone = 0  # quotes of a status since deleted (a Tombstone)
        self.unresolved = 0

    # ---------------------------------------------------------------- REST statuses

    def status(self, status: Any, prefix: str, depth: int) -> tuple[str, str]:
        """Read a REST status (its fields named under `prefix`); its uri and author."""
        if not isinstance(status, dict):
            raise self.posts.wrong(prefix.rstrip(".") or "status", status, "a Status object")
        if depth > _DEEPEST:
            raise self.posts.wrong(
                prefix.rstrip("."), "…", "a status nested no deeper than a quote in a boost"
            )
        uri = _string(self.posts, status, "uri", prefix)
        if uri in self.read:  # a status met before (a boosted one, once per boost)
            return uri, self.read[uri]
        published = self.time(status, "created_at", prefix)
        by = self.account(status, uri, prefix)
        self.read[uri] = by
        if isinstance(status.get("id"), str):
            self.uris.setdefault(status["id"], uri)
        url = _url(self.posts, status.get("url"), f"{prefix}url")
        if status.get("reblog") is not None:
            original, author = self.status(status["reblog"], f"{prefix}reblog.", depth + 1)
            self.posts.share(original, by, author=author, published=published, url=url)
            return uri, by
        text = self.content(status, prefix)
        self.posts.post(uri, by, published=published, url=url, text=text)
        self.quote(status.get("quote"), by, (published, url, text), prefix, depth)
        return uri, by

    def account(self, status: dict[str, Any], uri: str, prefix: str) -> str:
        account = status.get("account")
        if not isinstance(account, dict):
            raise self.posts.wrong(f"{prefix}account", account, "an Account object")
        names = [account.get(key) for key in ("uri", "url", "acct")]
        key = next((n for n in names if isinstance(n, str) and n.strip() == n != ""), None)
        if key is None:
            raise self.posts.wrong(
                f"{prefix}account.acct", names[2], "the account's uri, url or acct"
            )
        if key == names[2] and "@" not in key:  # a local account: its server is the status's
            key = f"{key}@{urlsplit(uri).hostname or ''}".rstrip("@")
        source = f"mastodon:{key}"
        shown = [account.get("display_name"), account.get("acct")]
        name = next((n.strip() for n in shown if isinstance(n, str) and n.strip()), None)
        url = account.get("url") if isinstance(account.get("url"), str) else None
        self.posts.account(source, name=name, kind="mastodon", url=url)
        return source

    def quote(
        self,
        quote: Any,
        by: str,
        said: tuple[Published, str | None, str],
        prefix: str,
        depth: int,
    ) -> None:
        """A REST quote (``Quote`` or ``ShallowQuote``) of the status `by` posted."""
        if quote is None:
            return
        if not isinstance(quote, dict):
            raise self.posts.wrong(f"{prefix}quote", quote, "a Quote object or null")
        state = quote.get("state")
        if not isinstance(state, str) or state not in APPROVED:
            said_state = state if isinstance(state, str) else "no state"
            self.unapproved[said_state] = self.unapproved.get(said_state, 0) + 1
            return
        published, url, text = said
        quoted, shallow = quote.get("quoted_status"), quote.get("quoted_status_id")
        if quoted is not None:
            uri, author = self.status(quoted, f"{prefix}quote.quoted_status.", depth + 1)
            self.posts.share(uri, by, author=author, published=published, url=url, text=text)
        elif isinstance(shallow, str) and shallow:
            self.shallow.append((shallow, by, published, url, text))
        else:
            raise self.posts.wrong(
                f"{prefix}quote", quote, f"the quoted status of a quote {state} (quoted_status)"
            )

    def content(self, status: dict[str, Any], prefix: str) -> str:
        content = status.get("content", "")
        if not isinstance(content, str):
            raise self.posts.wrong(f"{prefix}content", content, "HTML text")
        return plain_text(content)

    # ---------------------------------------------------------------- ActivityPub

    def collection(self, collection: dict[str, Any]) -> None:
        kind = collection.get("type", _COLLECTIONS[0])
        if kind not in _COLLECTIONS:
            raise self.posts.wrong("type", kind, " or ".join(_COLLECTIONS))

    def activity(self, activity: dict[str, Any]) -> None:
        kind = activity.get("type")
        if kind == "Create":
            note = activity.get("object")
            if not isinstance(note, dict):
                raise self.posts.wrong("object", note, "the object created (a Note)")
            if note.get("type") in _STATUSES:
                self.note(note, activity)
            else:
                self.posts.skip(f"Create of {note.get('type')}")
        elif kind == "Announce":
            self.announce(activity)
        elif isinstance(kind, str):
            self.posts.skip(f"{kind} activity")
        else:
            raise self.posts.wrong("type", kind, "an activity type (Create, Announce …)")

    def note(self, note: dict[str, Any], activity: dict[str, Any]) -> tuple[str, str]:
        """A status as an ActivityPub object: a post, and a quote where it is one."""
        uri = _string(self.posts, note, "id", "object.")
        if uri in self.read:  # a status met before (inlined in a boost too)
            return uri, self.read[uri]
        if "attributedTo" in note:
            author = self.actor(note["attributedTo"], "object.attributedTo")
        else:
            author = self.actor(activity.get("actor"), "actor")
        self.read[uri] = author
        if "published" in note:
            published = self.time(note, "published", "object.")
        else:
            published = self.time(activity, "published", "")
        url = _url(self.posts, note.get("url"), "object.url")
        text = self.content(note, "object.")
        self.posts.post(uri, author, published=published, url=url, text=text)
        field = next((key for key in _QUOTES if note.get(key) is not None), None)
        if field is None:
            return uri, author
        quoted = note[field]
        if isinstance(quoted, dict) and quoted.get("type") == "Tombstone":
            self.gone += 1
        elif not isinstance(quoted, str) or not quoted:
            raise self.posts.wrong(f"object.{field}", quoted, "the quoted post's URI")
        elif not isinstance(note.get("quoteAuthorization"), str):
            self.unapproved["no quoteAuthorization"] = (
                self.unapproved.get("no quoteAuthorization", 0) + 1
            )
        else:
            self.posts.share(quoted, author, published=published, url=url, text=text)
        return uri, author

    def announce(self, activity: dict[str, Any]) -> None:
        by = self.actor(activity.get("actor"), "actor")
        published = self.time(activity, "published", "")
        boosted = activity.get("object")
        author = None
        if isinstance(boosted, dict) and boosted.get("type") in _STATUSES:
            boosted, author = self.note(boosted, activity)  # one's own status, inlined
        if not isinstance(boosted, str) or not boosted:
            raise self.posts.wrong("object", boosted, "the boosted status's URI")
        self.posts.share(boosted, by, author=author, published=published)

    def actor(self, actor: Any, field: str) -> str:
        if isinstance(actor, dict):
            actor = actor.get("id")
        if not isinstance(actor, str) or not actor or actor.strip() != actor:
            raise self.posts.wrong(field, actor, "an actor's URI")
        source = f"mastodon:{actor}"
        self.posts.account(source, kind="mastodon", url=actor)
        return source

    # ---------------------------------------------------------------- both

    def time(self, record: dict[str, Any], key: str, prefix: str) -> Published:
        value = record.get(key)
        try:
            published = parse_published(value) if isinstance(value, str) else None
        except ValidationError:
            published = None
        if published is None:
            raise self.posts.wrong(f"{prefix}{key}", value, "an ISO 8601 date-time")
        return published

    def finish(self) -> None:
        """The quotes naming their status by its server-local id, and the notes."""
        for local, by, published, url, text in self.shallow:
            uri = self.uris.get(local)
            if uri is None:
                self.unresolved += 1
            else:
                self.posts.share(uri, by, published=published, url=url, text=text)
        if self.unapproved:
            states = ", ".join(f"{n:,} {state}" for state, n in sorted(self.unapproved.items()))
            self.posts.note(
                f"quote(s) the quoted account has not approved ({states}): read as posts, "
                "not as shares"
            )
        if self.gone:
            self.posts.note(f"{self.gone:,} quote(s) of a status since deleted: read as posts")
        if self.unresolved:
            self.posts.note(
                f"{self.unresolved:,} quote(s) naming the quoted status only by a server-local "
                "id the export does not hold: read as posts, not as shares"
            )


# ---------------------------------------------------------------- HTML to text

_TAG = re.compile(r"<([^<>]*)>")
_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9]*)")
_BLOCKS = frozenset(
    {"p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_HUGE_REFERENCE = re.compile(r"&#(?:[0-9]{8,}|[xX][0-9a-fA-F]{7,})")  # past U+10FFFF
_SPACES = re.compile(r"\s+")  # a run matched whole: no backtracking


def plain_text(markup: str) -> str:
    """The text of a status's HTML ``content``: tags dropped (a line break for ``<br>``,
    a blank line between paragraphs), entities read. Linear in the text, whatever it
    holds (``html.parser`` is not, on some malformed input).

    Examples
    --------
    >>> plain_text('<p>&quot;I lost my inheritance&quot;</p><p><a href="https://x.example/m">'
    ...            '<span class="invisible">https://</span><span>x.example/m</span></a><br />'
    ...            'a &lt;b&gt;</p>')
    '"I lost my inheritance"\\n\\nhttps://x.example/m\\na <b>'
    """
    text = _TAG.sub(_tag, markup)
    text = html.unescape(_HUGE_REFERENCE.sub("&#65533", text))
    return _SPACES.sub(_lines, text).strip()


def _tag(match: re.Match[str]) -> str:
    name = _NAME.match(match.group(1))
    if name is None:
        return match.group(0)  # "a <3 b>": no tag
    tag = name.group(1).lower()
    return "\n" if tag == "br" else "\n\n" if tag in _BLOCKS else ""


def _lines(match: re.Match[str]) -> str:
    """A run of white space: a blank line where it holds two line ends, a line end
    where one, else as it is."""
    ends = match.group(0).count("\n")
    return "\n\n" if ends > 1 else "\n" if ends else match.group(0)


def _string(posts: Posts, record: dict[str, Any], key: str, prefix: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value or value.strip() != value:
        raise posts.wrong(f"{prefix}{key}", value, "a non-empty string")
    return value


def _url(posts: Posts, url: Any, field: str) -> str | None:
    """A permalink: a string, or an ActivityPub Link's ``href`` (the first of a list)."""
    if isinstance(url, list):
        url = url[0] if url else None
    if isinstance(url, dict):
        url = url.get("href")
    if url is not None and not isinstance(url, str):
        raise posts.wrong(field, url, "a URL")
    return url or None
