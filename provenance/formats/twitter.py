"""X / Twitter tweets, retweets and quotes as reports.

Reads, in a JSON file or JSON Lines (a big JSON list walked an item at a time): API v2
responses, ``{"data": <tweet or [tweets]>, "includes": {"users", "tweets"}, "errors",
"meta"}``, one a line as ``twarc2 search`` or ``timeline`` writes them; twarc2's
flattened tweets (``twarc2 flatten``: a tweet a line, its ``author`` inlined and each
``referenced_tweets`` entry merged with the tweet it names, or only ``{"type", "id"}``
where the response lacked it); and v1.1 tweets (``id_str``, ``user``,
``retweeted_status``, ``quoted_status``), in a list or a line each (twarc 1).

- A user is a source, ``x:user:<user id>`` (a username can change, the id cannot),
  named ``@username (Name)`` where the export gives them.
- A tweet is a claim, ``x:<tweet id>``, its author's report first-hand, at its
  ``created_at``, with its permalink ``https://twitter.com/<username>/status/<id>``
  (``https://x.com/i/web/status/<id>`` where no username is given).
- A retweet (``referenced_tweets`` of type ``retweeted``; ``retweeted_status``) reports
  the original's claim via the original's author, at the retweet's time and permalink,
  without its ``RT @…:`` text (a cut copy). A retweet names only the root, never the
  retweet it was seen through: no chain is made up.
- A quote (``quoted``; ``quoted_status``) is a post of its own and a report of the
  quoted tweet's claim via its author, in the quote's words. A reply (``replied_to``) is
  a post of its own: conversation, not sourcing.
- Every tweet the export holds whole (``includes.tweets``, a flattened entry, an
  embedded v1.1 status) is read as its author's tweet, at its own time.
- A retweet or quote of a tweet not held (deleted, protected: v2 lists them in
  ``errors``) is via its author where another record names it, else ``author-of:x:<id>``.
  These, tweets given twice (read once), tweets without a time (none is made up), v1.1
  stream messages (``delete`` …) and responses of no tweet are counted in notes.

Ids are strings: a v1.1 ``id`` passes 2**53, which other languages' JSON readers round;
``id_str`` is read, a bare integer ``id`` only without it (:mod:`json` keeps it exact).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from provenance.formats.detect import Head
from provenance.formats.entries import entries
from provenance.formats.posts import Posts
from provenance.terms import Published

__all__ = ["detect", "read_posts"]

_KINDS = ("retweeted", "quoted", "replied_to")
_STREAM_MESSAGES = ("delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "warning")
_CHAIN = 8  # retweets of retweets followed to the root, at most (the API gives none)
_MOST_REFERENCES = 16  # each read once a retweet of it: a bound keeps that linear
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,50}")  # X allows 15 of these; old accounts more
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_V1_TIME = re.compile(  # the weekday is not checked: the date says it
    rf"[A-Z][a-z][a-z] ({'|'.join(_MONTH_NAMES)}) ([0-3][0-9]) ([0-2][0-9]):([0-5][0-9]):"
    r"([0-6][0-9]) ([+-])([0-9]{2})([0-9]{2}) ([0-9]{4})"
)
_V1_EXAMPLE = "Fri Sep 18 18:36:15 +0000 2020"
_Includes = tuple[dict[str, Any], dict[str, Any], set[str]]  # users, tweets, ids in errors
_Reference = tuple[str, str, dict[str, Any] | None, str]  # type, id, the tweet, its field


def detect(head: Head) -> bool:
    """Whether a file starts as API v2 responses, twarc2 flattened tweets or v1.1 tweets."""
    data = head.data
    if isinstance(data, list):
        data = data[0] if data else None
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("__twarc"), dict) and "meta" in data:  # twarc2: a page of none
        return True
    if "data" in data:
        tweet = data["data"][:1] if isinstance(data["data"], list) else [data["data"]]
        return bool(tweet) and isinstance(tweet[0], dict) and _is_v2(tweet[0])
    if isinstance(data.get("id_str"), str):
        return isinstance(data.get("user"), dict) and "screen_name" in data["user"]
    return (
        _is_v2(data)
        and any(key in data for key in ("author_id", "author", "__twarc"))
        and not any(key in data for key in ("account", "uri", "content"))  # Mastodon
    )


def _is_v2(tweet: dict[str, Any]) -> bool:
    id = tweet.get("id")
    return isinstance(id, str) and id.isascii() and id.isdigit() and "text" in tweet


def read_posts(path: Path, posts: Posts) -> None:
    """Tell `posts` what each tweet of the export at `path` is (see the module).

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> from provenance.store import Store
    >>> response = {"data": [{"id": "2", "text": "RT @ann: Bridge closed", "author_id": "20",
    ...                       "created_at": "2024-12-26T09:05:00.000Z",
    ...                       "referenced_tweets": [{"type": "retweeted", "id": "1"}]}],
    ...   "includes": {"users": [{"id": "10", "username": "ann", "name": "Ann"}],
    ...                "tweets": [{"id": "1", "text": "Bridge closed", "author_id": "10",
    ...                            "created_at": "2024-12-26T09:00:00.000Z"}]}}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tweets.jsonl"
    >>> _ = path.write_text(json.dumps(response))
    >>> posts, store = Posts(str(path)), Store()
    >>> read_posts(path, posts)
    >>> posts.fill(store)
    >>> sorted((r.source, r.via, r.url) for r in store.reports("x:1"))
    [('x:user:10', (), 'https://twitter.com/ann/status/1'),
     ('x:user:20', ('x:user:10',), 'https://x.com/i/web/status/2')]
    """
    reader = _Reader(posts)
    for place, value, _ in entries(path, ()):
        with posts.reading(place):
            reader.record(value, place)
    reader.finish()


class _Reader:
    """The tweets of one export, told to :class:`Posts` one at a time."""

    def __init__(self, posts: Posts) -> None:
        self.posts = posts
        self.seen: dict[str, bool] = {}  # tweet's claim -> given as a tweet of its own
        self.usernames: dict[str, str] = {}  # source -> username, once given
        self.included: _Includes | None = None  # the response's; None for flattened lines
        self.pending: list[tuple[Callable[..., None], Any, str]] = []  # embedded tweets
        self.counts = dict.fromkeys(("repeated", "missing", "in errors", "undated", "chain"), 0)

    def record(self, record: Any, place: str) -> None:
        """A line, document or list item: an API v2 response or a tweet."""
        if not isinstance(record, dict):
            raise self.posts.wrong("record", record, "a tweet or an API v2 response (an object)")
        elif "data" in record:
            self.response(record, place)
        elif "id" in record or "id_str" in record:
            v1 = "user" in record or "id_str" in record
            self.pending.append((self.v1 if v1 else self.v2, record, ""))
            while self.pending:  # the tweet, then those it holds whole, in turn
                read, tweet, field = self.pending.pop()
                read(tweet, field, top=field == "")
        elif "errors" in record or "meta" in record:  # a page of no result, or all gone
            self.posts.skip("response holding no tweet")
        elif len(record) == 1 and next(iter(record)) in _STREAM_MESSAGES:
            self.posts.skip(f"{next(iter(record))} message")
        else:
            raise self.posts.wrong("record", record, "a tweet or an API v2 response")

    def response(self, response: dict[str, Any], place: str) -> None:
        """An API v2 response: its tweets, then the tweets it includes."""
        data = response["data"]
        self.included = included = self.includes(response.get("includes"), response.get("errors"))
        for index, tweet in enumerate(data if isinstance(data, list) else [data]):
            with self.posts.reading(f"{place}, data[{index}]"):
                self.v2(tweet, "", top=True)
        for index, tweet in enumerate(included[1].values()):
            with self.posts.reading(f"{place}, includes.tweets[{index}]"):
                self.v2(tweet, "", top=False)
        self.included = None

    def includes(self, includes: Any, errors: Any) -> _Includes:
        if not isinstance(includes, dict | None):
            raise self.posts.wrong("includes", includes, "an object {users, tweets, …}")
        found: list[dict[str, Any]] = []
        for kind in ("users", "tweets"):
            items = (includes or {}).get(kind, [])
            if not isinstance(items, list) or not all(isinstance(e, dict) for e in items):
                raise self.posts.wrong(f"includes.{kind}", items, f"a list of {kind}")
            at = f"includes.{kind}[%d].id"
            found.append({_id(self.posts, e.get("id"), at % i): e for i, e in enumerate(items)})
        if not isinstance(errors, list | None):
            raise self.posts.wrong("errors", errors, "a list of errors")
        gone = {
            str(error.get("resource_id", error.get("value")))
            for error in errors or ()
            if isinstance(error, dict) and error.get("resource_type") == "tweet"
        }
        return found[0], found[1], gone

    def first(self, claim: str, top: bool) -> bool | None:
        """Whether this is the first copy of the tweet `claim`; None when this copy is
        not to be read at all (one read already, or one given twice)."""
        seen = self.seen.get(claim)
        if seen is not None and (seen or not top):
            self.counts["repeated"] += seen and top
            return None
        self.seen[claim] = top
        return seen is None

    def v2(self, tweet: Any, field: str, *, top: bool) -> None:
        """A v2 tweet, of a response or a flattened line (then those it holds whole
        are read in turn)."""
        posts = self.posts
        if not isinstance(tweet, dict):
            raise posts.wrong(field.rstrip(".") or "tweet", tweet, "a tweet (an object)")
        id = _id(posts, tweet.get("id"), f"{field}id")
        claim = _claim(id)
        if (first := self.first(claim, top)) is None:
            return
        references = self.references(tweet, field)
        if self.included is None:
            self.pending.extend((self.v2, r[2], r[3]) for r in references if r[2] is not None)
        if not first:
            return
        by, username = self.v2_author(tweet, field)
        published = self.time(tweet, "created_at", field, _v2_time, "an ISO 8601 time with Z")
        url = _permalink(username, id)
        retweeted = next((r for r in references if r[0] == "retweeted"), None)
        if retweeted is not None:  # its text is "RT @…: " and a cut copy: not the post's
            claim, author = self.shared(retweeted)
            posts.share(claim, by, author=author, published=published, url=url)
            return
        text = _v2_text(posts, tweet, field)
        posts.post(claim, by, published=published, url=url, text=text)
        for reference in references:
            if reference[0] == "quoted":
                claim, author = self.shared(reference)
                posts.share(claim, by, author=author, published=published, url=url, text=text)

    def references(self, tweet: dict[str, Any], field: str) -> list[_Reference]:
        """The tweets `tweet` names: each one's type, id and, where the export holds
        it, the tweet itself and the field it is read from."""
        refs = tweet.get("referenced_tweets", [])
        if not isinstance(refs, list) or len(refs) > _MOST_REFERENCES:
            what = f"a list of {{type, id}}, at most {_MOST_REFERENCES}"  # a tweet has 1 to 3
            raise self.posts.wrong(f"{field}referenced_tweets", refs, what)
        found = []
        for index, ref in enumerate(refs):
            at = f"{field}referenced_tweets[{index}]"
            if not isinstance(ref, dict):
                raise self.posts.wrong(at, ref, "an object {type, id}")
            if ref.get("type") not in _KINDS:
                raise self.posts.wrong(f"{at}.type", ref.get("type"), " or ".join(_KINDS))
            id = _id(self.posts, ref.get("id"), f"{at}.id")
            if self.included is not None:
                whole, at = self.included[1].get(id), f"includes.tweets (id {id})"
            else:  # twarc merges the tweet into the entry: only {type, id} if it had none
                whole = ref if "text" in ref or "author_id" in ref else None
            found.append((ref["type"], id, whole, f"{at}."))
        return found

    def shared(self, reference: _Reference) -> tuple[str, str | None]:
        """The claim a retweet or quote reports and its author, where the export says.
        A reference to a retweet is read as one to its original (the API names the
        root; a file that does not is read so, never as a chain)."""
        _, id, whole, field = reference
        for hop in range(_CHAIN):
            if whole is None:
                self.counts["missing"] += 1
                self.counts["in errors"] += self.included is not None and id in self.included[2]
                return _claim(id), None
            inner = [r for r in self.references(whole, field) if r[0] == "retweeted"]
            if not inner:
                return _claim(id), self.v2_author(whole, field)[0]
            self.counts["chain"] += hop == 0
            _, id, whole, field = inner[0]
        raise self.posts.wrong(field, id, f"a retweet no more than {_CHAIN} retweets deep")

    def v2_author(self, tweet: dict[str, Any], field: str) -> tuple[str, str | None]:
        """The source of the tweet's author, and the author's username if known."""
        author = tweet.get("author")  # flattened: the user, or {} if the response had none
        user_id = tweet.get("author_id", author.get("id") if isinstance(author, dict) else None)
        user_id = _id(self.posts, user_id, f"{field}author_id", "the id of the tweet's author")
        user = author if self.included is None else self.included[0].get(user_id)
        user = user if isinstance(user, dict) else {}
        return self.account(user_id, user, "username", field)

    def v1(self, tweet: Any, field: str, *, top: bool) -> None:
        """A v1.1 tweet (then the statuses it embeds are read in turn)."""
        posts = self.posts
        if not isinstance(tweet, dict):
            raise posts.wrong(field.rstrip(".") or "tweet", tweet, "a tweet (an object)")
        id = _v1_id(posts, tweet, field)
        claim = _claim(id)
        if (first := self.first(claim, top)) is None:
            return
        for key in ("retweeted_status", "quoted_status"):
            if tweet.get(key) is not None:
                self.pending.append((self.v1, tweet[key], f"{field}{key}."))
        if not first:
            return
        by, username = self.v1_author(tweet, field)
        published = self.time(tweet, "created_at", field, _v1_time, f"a time as {_V1_EXAMPLE!r}")
        url = _permalink(username, id)
        if tweet.get("retweeted_status") is not None:
            claim, author = self.v1_root(tweet["retweeted_status"], f"{field}retweeted_status.")
            posts.share(claim, by, author=author, published=published, url=url)
            return
        text = _v1_text(posts, tweet, field)
        posts.post(claim, by, published=published, url=url, text=text)
        quoted, gone = tweet.get("quoted_status"), tweet.get("quoted_status_id_str")
        if quoted is not None:
            claim, author = self.v1_root(quoted, f"{field}quoted_status.")
        elif gone is not None:  # a quote of a tweet not given (deleted, protected …)
            claim, author = _claim(_id(posts, gone, f"{field}quoted_status_id_str")), None
            self.counts["missing"] += 1
        else:
            return
        posts.share(claim, by, author=author, published=published, url=url, text=text)

    def v1_root(self, tweet: Any, field: str) -> tuple[str, str | None]:
        """The claim of an embedded status and its author: of its original, if it is a
        retweet (read so, never as a chain)."""
        for hop in range(_CHAIN):
            if not isinstance(tweet, dict):
                raise self.posts.wrong(field.rstrip("."), tweet, "a tweet (an object)")
            if tweet.get("retweeted_status") is None:
                return _claim(_v1_id(self.posts, tweet, field)), self.v1_author(tweet, field)[0]
            self.counts["chain"] += hop == 0
            tweet, field = tweet["retweeted_status"], f"{field}retweeted_status."
        raise self.posts.wrong(field.rstrip("."), "…", f"no more than {_CHAIN} retweets deep")

    def v1_author(self, tweet: dict[str, Any], field: str) -> tuple[str, str | None]:
        user = tweet.get("user")
        if not isinstance(user, dict):
            raise self.posts.wrong(f"{field}user", user, "the tweet's author (an object)")
        user_id = _v1_id(self.posts, user, f"{field}user.")
        return self.account(user_id, user, "screen_name", f"{field}user.")

    def account(
        self, user_id: str, user: dict[str, Any], handle: str, field: str
    ) -> tuple[str, str | None]:
        """The source of user `user_id`, declared with its name where `user` gives one;
        and its username (its `handle`), if this or an earlier record gives it."""
        source = sys.intern("x:user:" + user_id)
        username, name = user.get(handle), user.get("name")
        if not isinstance(name, str | None):
            raise self.posts.wrong(f"{field}name", name, "a string")
        if username is not None and not (  # it goes into permalinks
            isinstance(username, str) and _USERNAME.fullmatch(username)
        ):
            raise self.posts.wrong(f"{field}{handle}", username, "letters, digits and _")
        if username:
            self.usernames.setdefault(source, username)
        username = username or self.usernames.get(source)
        if source not in self.posts.sources and (username or (name and name.strip())):
            name = name.strip() if name else ""
            shown = f"@{username} ({name})" if username and name else f"@{username}"
            url = f"https://twitter.com/{username}" if username else None
            self.posts.account(source, name=shown if username else name, kind="x", url=url)
        return source, username

    def time(
        self, record: dict[str, Any], key: str, field: str, parse: Any, expected: str
    ) -> Published | None:
        value = record.get(key)
        if value is None:
            self.counts["undated"] += 1
            return None
        published = parse(value) if isinstance(value, str) else None
        if published is None:
            raise self.posts.wrong(f"{field}{key}", value, expected)
        return cast(Published, published)

    def finish(self) -> None:
        errors = self.counts["in errors"]
        listed = f"; {errors:,} of them listed in the response's errors" if errors else ""
        for key, message in {
            "repeated": "tweet(s) given more than once (overlapping searches, pages or files "
            "joined): read once",
            "missing": "retweet(s) or quote(s) of a tweet the export does not hold (deleted, "
            f"protected, suspended or not expanded{listed}): via its author where another "
            "record names it, else via its unknown author",
            "undated": "tweet(s) without created_at: undated (ask for tweet.fields=created_at)",
            "chain": "retweet(s) or quote(s) naming a retweet: read as of its original (a "
            "retweet names only the root)",
        }.items():
            if self.counts[key]:
                self.posts.note(f"{self.counts[key]:,} {message}")


def _claim(id: str) -> str:
    """The claim of tweet `id`: one string for all its reports (a graph of 1M reports
    scores at half the speed when each holds a copy of its ids)."""
    return sys.intern("x:" + id)


def _id(posts: Posts, value: Any, field: str, what: str = "a tweet id") -> str:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 40:
        return value
    raise posts.wrong(field, value, f"{what} (a string of digits)")


def _v1_id(posts: Posts, record: dict[str, Any], field: str) -> str:
    """``id_str``; a bare integer ``id`` where it is missing (kept exact by :mod:`json`)."""
    value = record.get("id_str")
    if value is None and type(record.get("id")) is int and record["id"] >= 0:
        return str(record["id"])
    return _id(posts, value, f"{field}id_str")


def _permalink(username: str | None, id: str) -> str:
    if username:
        return f"https://twitter.com/{username}/status/{id}"
    return f"https://x.com/i/web/status/{id}"


def _v2_text(posts: Posts, tweet: dict[str, Any], field: str) -> str:
    note = tweet.get("note_tweet")  # a post longer than 280 characters, whole
    text = note.get("text") if isinstance(note, dict) else None
    text = text if isinstance(text, str) else tweet.get("text")
    if not isinstance(text, str):
        raise posts.wrong(f"{field}text", text, "the tweet's text (a string)")
    return text


def _v1_text(posts: Posts, tweet: dict[str, Any], field: str) -> str:
    extended = tweet.get("extended_tweet")  # a streamed tweet's whole text
    whole = extended.get("full_text") if isinstance(extended, dict) else None
    texts = (whole, tweet.get("full_text"), tweet.get("text"))
    text = next((text for text in texts if isinstance(text, str)), None)
    if text is None:
        raise posts.wrong(f"{field}full_text", None, "the tweet's text (a string)")
    return text


def _v2_time(value: str) -> dt.datetime | None:
    """An ISO 8601 time with its zone (``2020-09-18T18:36:15.000Z``), else None."""
    try:  # fromisoformat takes "Z" only from Python 3.11
        published = dt.datetime.fromisoformat(value[:-1] + "+00:00" if value[-1:] == "Z" else value)
    except ValueError:
        return None
    return published if published.tzinfo is not None else None


@functools.lru_cache(maxsize=1 << 16)
def _v1_time(value: str) -> dt.datetime | None:
    """``Fri Sep 18 18:36:15 +0000 2020`` as an aware UTC time (read without the
    locale, whose month names ``strptime`` would want)."""
    match = _V1_TIME.fullmatch(value)
    if match is None:
        return None
    month, day, hour, minute, second, sign, zh, zm, year = match.groups()
    offset = dt.timedelta(hours=int(zh), minutes=int(zm)) * (1 if sign == "+" else -1)
    try:
        clock = (int(day), int(hour), int(minute), int(second))
        when = dt.datetime(int(year), _MONTHS[month], *clock, tzinfo=dt.timezone(offset))
    except ValueError:  # 31 February, second 61, offset of a day …
        return None
    return when.astimezone(dt.timezone.utc)
