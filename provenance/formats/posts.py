"""Platform posts as reports: what every importer of a platform export shares.

An importer (:mod:`.telegram`, :mod:`.twitter`, :mod:`.bluesky`, :mod:`.mastodon`,
:mod:`.feed`, :mod:`.cascade`) reads its export record by record and tells a
:class:`Posts` what each record is:

- :meth:`Posts.account`: an account or channel, with its name (a source);
- :meth:`Posts.post`: a post of its author's own (a claim, and its author's report);
- :meth:`Posts.share`: a forward, repost, boost or quote of a post (a report of that
  post's claim, via the account it names: the original's author unless the platform
  records the hop in between);
- :meth:`Posts.skip`: a record of a kind the importer does not map, counted in a note.

:meth:`Posts.fill` then writes one story into the store, by the rules here, the same
for every platform:

- A post is a claim; its author's report is first-hand (the account produced the
  post), or with ``claims="text"`` unsourced (posts with the same words and no declared
  link become one claim, so copying detection and unsourced counting see them).
- A share names its via as the platform recorded it, never a chain made up: a retweet
  names the root's author only. A share of a post the export does not hold is via the
  source ``AUTHOR_OF + claim`` ("the author of …") when the platform does not say who
  wrote it: the share declared a source, so it is not unsourced.
- A source sharing a claim more than once (a user who reposts twice, a channel that
  forwards its own post) keeps the earliest time and every distinct via
  (:func:`~provenance.formats.rows.earliest`); a via naming the sharer itself is left
  out, and a share left naming nobody is via the post's author (a share is never
  unsourced). Both are counted in one note.

Memory holds one report per (source, claim) and one claim per post: the size of the
graph the export becomes.

Examples
--------
>>> from provenance.store import Store
>>> posts = Posts("export.json")
>>> posts.account("tg:channel1", name="Warshal")
>>> posts.post("tg:channel1/7", "tg:channel1", text="A soldier was captured",
...            published="2024-12-26T09:00:00+00:00")
>>> posts.share("tg:channel1/7", "tg:channel2", published="2024-12-26T09:05:00+00:00")
>>> store = Store()
>>> posts.fill(store)
>>> [(r.source, r.via, r.firsthand) for r in store.reports("tg:channel1/7")]
[('tg:channel1', (), True), ('tg:channel2', ('tg:channel1',), False)]
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

import attrs

from provenance.errors import FormatError, ValidationError, did_you_mean, located
from provenance.formats.rows import earliest
from provenance.model import Claim, Report, Source
from provenance.store import Store

__all__ = ["AUTHOR_OF", "CLAIMS", "Posts"]

CLAIMS = ("post", "text")
"""What a claim is, read from a platform: each ``post``, or each distinct ``text``."""

AUTHOR_OF = "author-of:"
"""The prefix of the source standing for the unknown author of a post the export
does not hold: ``author-of:<claim id>``."""

_SPACE = re.compile(r"\s+")


def check_claims(claims: object) -> str:
    """`claims` if it is one of :data:`CLAIMS`, else a :class:`ValidationError`."""
    if claims not in CLAIMS:
        raise ValidationError(
            f"claims must be one of {list(CLAIMS)}, got {claims!r}{did_you_mean(claims, CLAIMS)}"
        )
    return str(claims)


class Posts:
    """The posts, shares and accounts read from one export, made a story by :meth:`fill`.

    Parameters
    ----------
    file : str
        The export's name, for errors and notes.
    claims : {"post", "text"}
        Each post a claim (the default), or each distinct text one (see the module).
    """

    def __init__(self, file: str, *, claims: str = "post") -> None:
        self.file, self.claims = file, check_claims(claims)
        self.sources: dict[str, Source] = {}
        self.reports: dict[tuple[str, str], Report] = {}  # (source, post) -> report
        self.authors: dict[str, str] = {}  # post -> its author
        self.posted: set[str] = set()  # the posts the export holds
        self.texts: dict[str, str] = {}  # post -> its words
        self.by_author: set[tuple[str, str]] = set()  # (sharer, post): via its author
        self.counts = {"repeated": 0, "self": 0, "own via others": 0, "unknown author": 0}
        self.skipped: dict[str, int] = {}
        self.said: list[str] = []
        self.record = ""

    def reading(self, record: str) -> contextlib.AbstractContextManager[None]:
        """Errors raised while reading `record` ("messages[12]", "line 40") name it
        and the file: one :class:`FormatError` for any wrong value."""
        self.record = record
        return located(
            self.file,
            place=record,
            lower=(KeyError, TypeError, AttributeError, IndexError),
            what="a field is missing or not of its kind",
        )

    def wrong(self, field: str, value: object, expected: str) -> FormatError:
        """The error for a `field` of the record being read that is not `expected`.

        >>> posts = Posts("result.json")
        >>> with posts.reading("messages[3]"):
        ...     print(posts.wrong("date_unixtime", 5.5, "a string of seconds"))
        result.json, messages[3]: date_unixtime must be a string of seconds, got 5.5
        """
        return FormatError(
            f"{field} must be {expected}, got {value!r:.200}", file=self.file, place=self.record
        )

    def account(
        self, id: str, *, name: str | None = None, kind: str = "", url: str | None = None
    ) -> None:
        """Declare an account (a source); the first declaration of an id stands."""
        if id not in self.sources:
            self.sources[id] = Source(id, name=name or id, kind=kind, url=url)

    def post(
        self,
        id: str,
        author: str,
        *,
        published: Any = None,
        url: str | None = None,
        text: str | None = None,
    ) -> None:
        """A post `id` (a claim) by `author`, of the author's own: the first post
        record of an id names its author, over what any share said."""
        if id not in self.posted:
            self.posted.add(id)
            self.authors[id] = author
        if text and text.strip():
            self.texts.setdefault(id, text)
        report = Report(author, id, published=published, url=url, text=text or None)
        self._keep(report)

    def share(
        self,
        post: str,
        by: str,
        *,
        via: Sequence[str] | None = None,
        published: Any = None,
        url: str | None = None,
        text: str | None = None,
        author: str | None = None,
    ) -> None:
        """`by` shares (forwards, reposts, boosts, quotes) the post `post`.

        `via` names the accounts the platform says it came through; by default the
        post's author (`author`, when the share names it, else whoever :meth:`post`
        said wrote it, else ``AUTHOR_OF + post``).
        """
        if author is not None:
            self.authors.setdefault(post, author)
        if via is not None and by in via:
            self.counts["self"] += 1
            via = [v for v in via if v != by]
        if not via:  # a share names at least the post's author: it is not unsourced
            self.by_author.add((by, post))
        report = Report(by, post, via=via or (), published=published, url=url, text=text or None)
        self._keep(report)

    def skip(self, kind: str) -> None:
        """Count a record of a kind the importer does not map (said in one note)."""
        self.skipped[kind] = self.skipped.get(kind, 0) + 1

    def note(self, message: str) -> None:
        """Say something about the export in the graph's notes, once."""
        if message not in self.said:
            self.said.append(message)

    def _keep(self, report: Report) -> None:
        key = (report.source, report.claim)
        if key in self.reports:
            self.counts["repeated"] += 1
            report = earliest(self.reports[key], report)
        self.reports[key] = report

    def fill(self, store: Store) -> None:
        """Write the story into the empty `store`, all or nothing, with its notes."""
        claim_of = self._claims()
        reports = [self._made(report, claim_of) for report in self.reports.values()]
        sources = dict(self.sources)
        for report in reports:
            for id in (report.source, *report.via):
                if id not in sources:
                    sources[id] = Source(id, name=_author_name(id))
        claims: dict[str, Claim] = {}
        for report in reports:
            if report.claim not in claims:
                words = self.texts.get(report.claim)
                claims[report.claim] = Claim(report.claim, words) if words else Claim(report.claim)
        # Posts of one text made one claim can leave a source two reports of it.
        merged = reports if self.claims == "post" else _merged(reports)
        store.add_sources(sources.values())
        store.add_claims(claims.values())
        store.add_reports(merged)
        for message in self._notes():
            store.note(message)

    def _claims(self) -> dict[str, str]:
        """Each post's claim: itself, or with ``claims="text"`` the first post (by
        time, then by order read) with the same words."""
        if self.claims == "post":
            return {}
        first: dict[str, tuple[Any, str]] = {}
        for (source, post), report in self.reports.items():
            words = self.texts.get(post)
            if words is None or self.authors.get(post) != source:
                continue  # a share, or a post without words: its own claim
            key = _SPACE.sub(" ", words).strip().casefold()
            kept = first.get(key)
            if kept is None or _earlier(report, self.reports[(self.authors[kept[1]], kept[1])]):
                first[key] = (report.published, post)
        claim_of = {}
        for post, words in self.texts.items():
            key = _SPACE.sub(" ", words).strip().casefold()
            if key in first:
                claim_of[post] = first[key][1]
        return claim_of

    def _made(self, report: Report, claim_of: dict[str, str]) -> Report:
        """A report as the story holds it: its claim, its via, its sourcing."""
        post = report.claim
        own = self.authors.get(post) == report.source
        via = report.via
        if own and via and self.claims == "post":
            # The author made the post: sharing it back through those who had it from
            # the author makes no source of theirs (it would be a loop); others stand.
            kept = tuple(v for v in via if not self._from_author(v, post))
            if kept != via:
                self.counts["own via others"] += 1
                via = kept
        if not own and (report.source, post) in self.by_author:
            author = self.authors.get(post)
            if author is None:
                self.counts["unknown author"] += 1
                author = AUTHOR_OF + post
            via = (*via, author) if author not in via else via
        firsthand = own and not via and self.claims == "post"
        claim = claim_of.get(post, post)
        if (claim, via, firsthand) == (post, report.via, report.firsthand):
            return report
        return attrs.evolve(report, claim=claim, via=via, firsthand=firsthand)

    def _from_author(self, account: str, post: str) -> bool:
        """Whether `account`'s share of `post` came from the post's author."""
        report = self.reports.get((account, post))
        author = self.authors.get(post)
        return (account, post) in self.by_author or (
            report is not None and author is not None and author in report.via
        )

    def _notes(self) -> list[str]:
        what = {
            "repeated": "repeated record(s) of one post by one account kept once, at the "
            "earliest time with every via",
            "self": "share(s) of an account's own post: the self-citation left out",
            "own via others": "post(s) shared back by their author through those who had "
            "them from the author: the loop back left out",
            "unknown author": "share(s) of a post the export does not hold: via its "
            f"unknown author ({AUTHOR_OF}…)",
        }
        notes = [f"{self.file}: {n:,} {what[k]}" for k, n in self.counts.items() if n]
        if self.skipped:
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.skipped.items()))
            notes.append(f"{self.file}: records of kinds not read as reports left out: {kinds}")
        return notes + [f"{self.file}: {message}" for message in self.said]


def _earlier(report: Report, than: Report) -> bool:
    return earliest(than, report) is not than


def _merged(reports: list[Report]) -> list[Report]:
    """One report per (source, claim) once posts of one text are one claim."""
    kept: dict[tuple[str, str], Report] = {}
    for report in reports:
        key = (report.source, report.claim)
        kept[key] = earliest(kept[key], report) if key in kept else report
    return list(kept.values())


def _author_name(id: str) -> str:
    if id.startswith(AUTHOR_OF):
        return f"the author of {id[len(AUTHOR_OF) :]}"
    return id
