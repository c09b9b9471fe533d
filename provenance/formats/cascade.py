"""Research propagation trees as reports: Twitter15/16 tree files and DeepHawkes lines.

Reads, as a stream, one file or a folder of them (``pv.load("tree/", format="cascade")``,
each ``*.txt`` file of the folder; symbolic links are not followed, other files are
counted in a note):

- Twitter15/16 tree files (Ma, Gao, Wong, ACL 2017): one file a cascade, one edge a line,
  ``['uid', 'tweet id', 'delay']->['uid', 'tweet id', 'delay']`` (delay in minutes since
  the source tweet), the first from ``['ROOT', 'ROOT', '0.0']`` to the source tweet's
  author. Each side is read with a strict pattern, never evaluated.
- DeepHawkes cascade lines (Cao et al., CIKM 2017; ``dataset_weibo.txt``): one line a
  cascade, ``id<TAB>root user<TAB>publish time<TAB>retweet count<TAB>retweets``, the
  retweets space-separated ``root/u1/…/un:seconds`` (user ``un`` retweeted, through the
  path before it, that many seconds after the unix ``publish time``).

What becomes what:

- A cascade is a claim: a tree's source tweet id (from its root line); a DeepHawkes line's
  ``<file name>:<id>`` (its ids count from 1 in each data set). Accounts are sources,
  their ids as the file gives them.
- The root account's report is first-hand (it posted the claim); every other account
  shares it via its parent, and an account appearing twice keeps its earliest time and
  every distinct parent. Edges into the root account are left out (the root posted the
  claim: as vias they would make it circular); a self-loop is left out, the account
  keeping its other parents, else sharing via the root account (never unsourced); an
  account named only as a parent shares via the root account (a retweet names the root),
  not as an origin of its own; a DeepHawkes path through an account with no retweet of
  its own in the line (or ``-1``, unknown) is via the nearest listed account before it.
  Each is counted in a note.
- Times: a tree's source tweet time is read from its id, a Twitter snowflake
  (:func:`snowflake_time`), plus each node's delay; a source tweet id that is no
  snowflake leaves the cascade undated (noted: no date is made up). DeepHawkes times are
  the publish time plus each retweet's seconds. All are aware UTC.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

from provenance._files import cannot_read, lines_within, open_regular
from provenance.errors import FormatError, ValidationError
from provenance.formats.detect import Head, head_of
from provenance.formats.posts import Posts

__all__ = [
    "FIRST_SNOWFLAKE",
    "ROOT",
    "TWITTER_EPOCH_MS",
    "detect",
    "holds_cascades",
    "read_posts",
    "snowflake_time",
]

ROOT = "ROOT"
"""The placeholder parent of a Twitter15/16 tree's source tweet."""

TWITTER_EPOCH_MS = 1288834974657
"""The Twitter snowflake epoch, in unix milliseconds (2010-11-04)."""

FIRST_SNOWFLAKE = 29700859247
"""Tweet ids below this were handed out in sequence, before snowflakes, and carry no time
(oduwsdl/tweetedat, ``script/TimestampEstimator.py``)."""

_ID = r"[^'\\\s\x00]+"
_NODE = rf"\['({_ID})', '({_ID})', '(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)'\]"
_EDGE = re.compile(rf"{_NODE}->{_NODE}")
_PATH = r"[^\s/:\x00]+(?:/[^\s/:\x00]+)*"
_TOKEN = re.compile(rf"({_PATH}):([0-9]+(?:\.[0-9]+)?)")
_LINE_HEAD = re.compile(rf"[^\t\s]+\t[^\t\s]+\t[0-9]+\t[0-9]+\t{_PATH}:[0-9]+(?:\.[0-9]+)?(?:\s|$)")
_UNKNOWN = "-1"  # DeepHawkes' unknown user
_EDGE_SHAPE = "['uid', 'tweet id', 'delay minutes']->['uid', 'tweet id', 'delay minutes']"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def snowflake_time(id: str) -> datetime | None:
    """When the tweet of id `id` was posted, read from the id (a snowflake: milliseconds
    since :data:`TWITTER_EPOCH_MS` above 22 bits); None for an id that is none.

    >>> snowflake_time("498430783699554305")
    datetime.datetime(2014, 8, 10, 11, 28, 53, 887000, tzinfo=datetime.timezone.utc)
    >>> snowflake_time("20"), snowflake_time("ROOT")
    (None, None)
    """
    if not (id.isascii() and id.isdigit()) or len(id) > 19:
        return None
    number = int(id)
    if not FIRST_SNOWFLAKE <= number < 2**63:
        return None
    return _EPOCH + timedelta(milliseconds=(number >> 22) + TWITTER_EPOCH_MS)


def detect(head: Head) -> bool:
    """Whether a file starts as a Twitter15/16 tree (a ``ROOT`` edge) or a DeepHawkes
    cascade line.

    >>> detect(Head("['ROOT', 'ROOT', '0.0']->['24165761', '498430783699554305', '0.0']\\n"))
    True
    >>> detect(Head("24800\\t1849561\\t1464745294\\t17\\t1849561:0 1849561/125921:350"))
    True
    >>> detect(Head("a\\tb")), detect(Head("source,claim,via\\n"))
    (False, False)
    """
    line = head.text.lstrip("\ufeff \t\r\n").partition("\n")[0]
    edge = _EDGE.fullmatch(line.strip())
    return edge.group(1) == ROOT if edge else _LINE_HEAD.match(line) is not None


def holds_cascades(folder: str | os.PathLike[str]) -> bool:
    """Whether `folder` is a folder whose first ``*.txt`` file is a cascade file.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "1.txt").write_text("['ROOT', 'ROOT', '0.0']->['7', '1', '0.0']\\n")
    >>> holds_cascades(folder), holds_cascades(folder / "1.txt")
    (True, False)
    """
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.lower().endswith(".txt"))
    except OSError:
        return False
    for name in names:
        path = Path(folder, name)
        if not path.is_symlink() and path.is_file():
            return detect(head_of(path))
    return False


def read_posts(path: Path, posts: Posts) -> None:
    """Tell `posts` each cascade of the file or folder at `path` (see the module).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from provenance.store import Store
    >>> tree = pathlib.Path(tempfile.mkdtemp()) / "498430783699554305.txt"
    >>> _ = tree.write_text(
    ...     "['ROOT', 'ROOT', '0.0']->['24165761', '498430783699554305', '0.0']\\n"
    ...     "['24165761', '498430783699554305', '0.0']->['33164207', '498430783699554305', '0.3']"
    ... )
    >>> posts, store = Posts(str(tree)), Store()
    >>> read_posts(tree, posts)
    >>> posts.fill(store)
    >>> [(r.source, r.via, r.firsthand, r.published.isoformat())
    ...  for r in store.reports("498430783699554305")]  # doctest: +NORMALIZE_WHITESPACE
    [('24165761', (), True, '2014-08-10T11:28:53.887000+00:00'),
     ('33164207', ('24165761',), False, '2014-08-10T11:29:11.887000+00:00')]
    """
    if posts.claims != "post":
        raise ValidationError(
            f"claims={posts.claims!r} does not apply to cascade files: they hold no text"
        )
    reader = _Reader(posts)
    if path.is_dir():
        reader.folder(path)
    else:
        reader.file(path, "", follow=True)
    reader.finish(path)


@contextlib.contextmanager
def _lines(path: Path, *, follow: bool) -> Iterator[Iterator[tuple[int, str]]]:
    """The numbered lines of `path` that hold something, read as a stream."""
    with open_regular(path, follow=follow) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig")  # a BOM is no part of a line
        try:
            yield ((n, line) for n, line in enumerate(lines_within(text, path), 1) if line.strip())
        except (UnicodeDecodeError, OSError) as error:
            raise cannot_read(path, error) from None


class _Cascade:
    """One cascade as read: its claim, its root account, each other account's earliest
    time and parents, and the accounts named only as parents."""

    def __init__(self, claim: str, author: str, start: datetime | None) -> None:
        self.claim, self.author, self.start = claim, author, start
        self.first: datetime | None = None  # the root account's earliest time
        self.users: dict[str, tuple[datetime | None, dict[str, None]]] = {}
        self.parents: dict[str, datetime | None] = {}
        self.repeats = 0

    def at(self, offset: str, unit: int) -> datetime | None:
        """The time `offset` units (of `unit` microseconds) after the start, if dated."""
        if self.start is None:
            return None
        try:
            return self.start + timedelta(microseconds=int(Decimal(offset) * unit))
        except (ArithmeticError, InvalidOperation, OverflowError, ValueError):
            raise ValidationError(f"the time offset {offset!r} is out of range") from None

    def saw(self, user: str, time: datetime | None, via: str | None) -> None:
        """`user` shared the claim at `time`, via `via` (None: its parent is not known)."""
        if user == self.author:
            self.first = _earliest(self.first, time)
            return
        kept = self.users.get(user)
        if kept is not None:
            self.repeats += 1
        then, vias = kept if kept is not None else (None, {})
        if via is not None:
            vias[via] = None
        self.users[user] = (_earliest(then, time), vias)

    def named(self, parent: str, time: datetime | None) -> None:
        """`parent` is a parent of an edge, at `time`."""
        if parent not in self.parents or _earliest(self.parents[parent], time) is time:
            self.parents[parent] = time

    def tell(self, posts: Posts) -> int:
        """Tell `posts` the cascade; how many accounts it names only as parents."""
        posts.post(self.claim, self.author, published=self.first or self.start)
        for user, (time, vias) in self.users.items():
            posts.share(self.claim, user, via=list(vias) or None, published=time)
        orphans = [p for p in self.parents if p not in self.users and p != self.author]
        for parent in orphans:  # in the cascade, so it got the claim: via the root account
            posts.share(self.claim, parent, published=self.parents[parent])
        return len(orphans)


def _earliest(kept: datetime | None, time: datetime | None) -> datetime | None:
    return time if kept is None or (time is not None and time < kept) else kept


class _Reader:
    """The cascades of one file or folder, told to :class:`Posts`, counted for notes."""

    def __init__(self, posts: Posts) -> None:
        self.posts = posts
        self.counts = dict.fromkeys(_SAID, 0)
        self.accounts: set[str] = set()
        self.claims: dict[str, str] = {}  # claim -> where it was read
        self.left: dict[str, int] = {}  # what a folder holds that is not read

    def folder(self, folder: Path) -> None:
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError as error:
            raise cannot_read(folder, error) from None
        for entry in entries:
            if entry.is_symlink():
                kind = "symbolic link(s), not followed"
            elif entry.is_dir(follow_symlinks=False):
                kind = "folder(s)"
            elif not entry.name.lower().endswith(".txt"):
                kind = "file(s) not ending in .txt"
            else:
                self.file(Path(entry.path), f"{entry.name}, ", follow=False)
                continue
            self.left[kind] = self.left.get(kind, 0) + 1
        if not self.claims:
            raise FormatError("no cascade file (*.txt) in the folder", file=str(folder))

    def file(self, path: Path, where: str, *, follow: bool) -> None:
        with _lines(path, follow=follow) as lines:
            first = next(lines, None)
            if first is None:
                raise FormatError("the file holds no cascade", file=str(path))
            every = itertools.chain([first], lines)
            if _EDGE.fullmatch(first[1].strip()):
                self.tree(every, path, where)
            elif _LINE_HEAD.match(first[1]):
                for n, line in every:
                    with self.posts.reading(f"{where}line {n}"):
                        self.line(line.rstrip("\r\n"), path)
            else:
                raise FormatError(
                    f"not a cascade file: its first line is neither a Twitter15/16 edge "
                    f"({_EDGE_SHAPE}) nor a DeepHawkes cascade (id, root user, time, count "
                    f"and retweets, tab-separated), got {first[1].strip()[:80]!r}",
                    file=str(path),
                    line=first[0],
                )

    def tree(self, lines: Iterable[tuple[int, str]], path: Path, where: str) -> None:
        cascade: _Cascade | None = None
        for n, line in lines:
            with self.posts.reading(f"{where}line {n}"):
                edge = _EDGE.fullmatch(line.strip())
                if edge is None:
                    raise self.posts.wrong("the edge", line.strip()[:200], _EDGE_SHAPE)
                parent, _, parent_delay, child, tweet, delay = edge.groups()
                if cascade is None:
                    cascade = self.root(parent, child, tweet, path)
                self.edge(cascade, parent, parent_delay, child, delay)
        assert cascade is not None
        self.tell(cascade, f"{where}line 1")

    def root(self, parent: str, author: str, tweet: str, path: Path) -> _Cascade:
        if parent != ROOT:
            raise self.posts.wrong("the first edge's parent", parent, f"{ROOT} (the tree's root)")
        if path.stem != tweet:
            self.counts["renamed"] += 1
        start = snowflake_time(tweet)
        self.counts["undated"] += start is None
        return _Cascade(tweet, author, start)

    def edge(
        self, cascade: _Cascade, parent: str, parent_delay: str, child: str, delay: str
    ) -> None:
        minute = 60_000_000
        if child == ROOT:
            raise self.posts.wrong("the child", child, f"an account ({ROOT} is only a parent)")
        if parent == ROOT and child != cascade.author:
            raise self.posts.wrong(
                "the parent",
                ROOT,
                f"a parent other than {ROOT}: the tree's root is "
                f"{cascade.author!r}'s tweet {cascade.claim}",
            )
        time = cascade.at(delay, minute)
        if parent == child or (child == cascade.author and parent != ROOT):
            self.counts["self" if parent == child else "into root"] += 1
            cascade.saw(child, time, None)
        else:
            cascade.saw(child, time, None if parent == ROOT else parent)
        if parent not in (ROOT, child):
            cascade.named(parent, cascade.at(parent_delay, minute))

    def line(self, line: str, path: Path) -> None:
        """One DeepHawkes cascade line."""
        fields = line.split("\t")
        if len(fields) != 5:
            raise self.posts.wrong(
                "the line",
                line[:80],
                "5 tab-separated fields: id, root user, publish time, retweet count, retweets",
            )
        id, author, published, count, retweets = (field.strip() for field in fields)
        for name, value in (("id", id), ("root user", author)):
            if not value or len(value.split()) != 1:
                raise self.posts.wrong(name, value, "an id")
        for name, value in (("publish time", published), ("retweet count", count)):
            if not (value.isascii() and value.isdigit()):
                raise self.posts.wrong(name, value, "a whole number")
        paths = [self.path(token, author) for token in retweets.split()]
        cascade = _Cascade(f"{path.stem}:{id}", author, _EPOCH)
        cascade.start = cascade.at(published, 1_000_000)
        listed = {author} | {users[-1] for users, _ in paths if users[-1] != _UNKNOWN}
        for users, seconds in paths:
            user, time = users[-1], cascade.at(seconds, 1_000_000)
            if user == _UNKNOWN:
                self.counts["unknown"] += 1
            elif len(users) > 1 and user == author:  # the root reposting its own post
                self.counts["into root"] += 1
                cascade.saw(user, time, None)
            else:
                cascade.saw(user, time, self.nearest(users, listed))
        self.counts["miscounted"] += int(count) != len(paths)
        self.tell(cascade, self.posts.record)

    def path(self, token: str, author: str) -> tuple[list[str], str]:
        shape = _TOKEN.fullmatch(token)
        if shape is None:
            raise self.posts.wrong("a retweet", token[:200], "user/…/user:seconds")
        users = shape.group(1).split("/")
        if users[0] != author:
            raise self.posts.wrong("a retweet", token[:200], f"a path from the root user {author}")
        return users, shape.group(2)

    def nearest(self, users: list[str], listed: set[str]) -> str | None:
        """The account the last of `users` shared through: the nearest before it that has
        a retweet of its own in the line (the root has)."""
        if len(users) == 1:
            return None
        user, passed = users[-1], False
        self.counts["self"] += users[-2] == user
        for before in reversed(users[:-1]):
            if before != user and before in listed:
                self.counts["unlisted"] += passed
                return before
            passed = passed or before != user
        return None

    def tell(self, cascade: _Cascade, where: str) -> None:
        if cascade.claim in self.claims:
            raise self.posts.wrong(
                "the cascade id",
                cascade.claim,
                f"one not given before ({self.claims[cascade.claim]})",
            )
        self.claims[cascade.claim] = where
        self.counts["repeats"] += cascade.repeats
        self.counts["orphans"] += cascade.tell(self.posts)
        self.accounts.update((cascade.author, *cascade.users, *cascade.parents))

    def finish(self, path: Path) -> None:
        clash = next((claim for claim in self.claims if claim in self.accounts), None)
        if clash is not None:
            raise FormatError(
                f"{clash!r} is both a cascade's id and an account's: sources and claims "
                "share one set of ids",
                file=str(path),
            )
        for key, count in self.counts.items():
            if count:
                self.posts.note(f"{count:,} {_SAID[key]}")
        if self.left:
            kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.left.items()))
            self.posts.note(f"left out of the folder: {kinds}")


_SAID = {
    "into root": "edge(s) into a cascade's root account left out: the root posted the claim, "
    "a later account is not its source (as vias they would make the claim circular)",
    "self": "self-loop(s) (an account as its own parent) left out: the account keeps its other "
    "parents, else shares via the root account",
    "orphans": "account(s) named only as a parent: read as sharing via the root account (a "
    "retweet names the root), not as origins of their own",
    "unlisted": "path(s) through an account with no retweet of its own in the line: via the "
    "nearest listed account before it",
    "unknown": "retweet(s) by an unknown account (-1) left out",
    "repeats": "repeated appearance(s) of an account in a cascade kept once, at the earliest "
    "time with every distinct parent",
    "undated": "cascade(s) whose source tweet id is no Twitter snowflake, so carries no time: "
    "left undated (cascade timing cannot be measured for them)",
    "miscounted": "line(s) whose retweet count differs from the retweets listed: the retweets "
    "listed are read",
    "renamed": "tree file(s) not named by their source tweet id: the claim is the root line's "
    "tweet id",
}
