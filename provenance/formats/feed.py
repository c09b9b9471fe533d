"""RSS 2.0 and Atom feeds as reports: a feed is a publisher, an item a post, and an item
copied from another feed a share of it via that feed.

Reads one RSS 2.0 (https://www.rssboard.org/rss-specification; 0.91, 0.92 alike) or
Atom (RFC 4287) document as a stream: expat reads it a block at a time, keeping only the
text of the elements read. It is read safely: a document declaring any entity (how
"billion laughs" and external-entity attacks are made; no feed needs one) is refused with
one :class:`~provenance.errors.FormatError`; no external DTD or entity is ever read.

What becomes what:

- The feed (RSS ``channel``, Atom ``feed``) is a source, ``feed:<id>``: an Atom feed's
  ``atom:id``; an RSS channel's own address (its ``atom:link rel="self"``, the address an
  RSS ``<source url>`` names) else its ``link``; named by its ``title``.
- An item or entry is a claim, its id the RSS ``guid`` (else its ``link``) or the
  ``atom:id``, its url the item's link (an RSS permalink ``guid`` where it has no link),
  its time ``pubDate`` (RFC 822) or ``atom:published`` (else ``atom:updated``), its text
  the title and the content (else the description or summary), tags dropped.
- An entry copied from another feed (Atom ``atom:source``, RFC 4287 §4.2.11, naming it by
  its ``atom:id``; RSS ``<source url="…">Name</source>``, by its address) is that feed's
  entry, kept whole: its dates, link, text and via links are that feed's report (a copy
  keeps its ``atom:id``, §4.2.6, so the original and the copy are one claim; RSS names no
  original item, so there the claim is the item's own guid). This feed's report shares
  it via that feed, undated: when it copied the entry is not in the file.
- ``atom:link rel="via"`` (§4.2.7.2) names a resource, not a feed: the via is that
  resource's site, ``site:<host>`` (two pages of one site are one source, not two).
- Links inside the content are citations to review, not vias: counted in a note.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

from provenance._files import cannot_read, open_regular
from provenance.errors import FormatError, ValidationError
from provenance.formats.detect import Head
from provenance.formats.mastodon import plain_text
from provenance.formats.posts import Posts
from provenance.terms import Published, parse_published

__all__ = ["ATOM", "detect", "read_posts", "site_of"]

ATOM = "http://www.w3.org/2005/Atom"
"""The Atom namespace (RFC 4287 §1.2)."""

_CONTENT = "http://purl.org/rss/1.0/modules/content/"  # RSS content:encoded
_DC = "http://purl.org/dc/elements/1.1/"  # dc:date
_XML_BASE = "http://www.w3.org/XML/1998/namespace base"
_FIELDS = {  # the elements read, each to its field: RSS, its modules, then Atom
    **{"title": "title", "link": "link", "description": "body", "guid": "id"},
    **{"pubDate": "published", "source": "title", f"{_CONTENT} encoded": "content"},
    **{f"{_DC} date": "dc_date", f"{ATOM} title": "title", f"{ATOM} id": "id"},
    **{f"{ATOM} summary": "body", f"{ATOM} content": "content"},
    **{f"{ATOM} published": "published", f"{ATOM} updated": "updated"},
}
_BLOCKS = frozenset({"p", "div", "br", "li", "blockquote", "pre", "h1", "h2", "h3", "h4"})
_CHUNK = 1 << 16
_NAME = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_TAG = re.compile(r"<([^<>]*)>")  # a tag's inside holds no '<' or '>': linear
_HREF = re.compile(r"""(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def detect(head: Head) -> bool:
    """Whether a file's first element is an RSS ``<rss>`` or an Atom ``<feed>``.

    >>> detect(Head('<?xml version="1.0"?>\\n<rss version="2.0"><channel>'))
    True
    >>> detect(Head('<feed xmlns="http://www.w3.org/2005/Atom">')), detect(Head("<feed>"))
    (True, False)
    """
    root = _root_element(head.text)
    if root is None:
        return False
    name, start = root
    return name == "rss" or (name == "feed" and ATOM in start)


def _root_element(text: str) -> tuple[str, str] | None:
    """The local name and start tag of the first element of the XML `text`, past its
    declaration, comments, processing instructions and DOCTYPE; None if `text` holds
    none. A scan, not a regular expression: linear whatever the text holds."""
    at, text = 0, text.lstrip("\ufeff")
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if text.startswith("<?", at):
            end = text.find("?>", at) + 1
        elif text.startswith("<!--", at):
            end = text.find("-->", at) + 2
        elif text.startswith("<!DOCTYPE", at):
            subset, end = text.find("[", at), text.find(">", at)
            if 0 <= subset < end:  # an internal subset: the '>' after its ']'
                bracket = text.find("]", subset)
                end = text.find(">", bracket) if bracket >= 0 else -1
        elif (name := _NAME.match(text, at)) is not None:
            end = text.find(">", at)
            return (name.group(2), text[at:end]) if end >= 0 else None
        else:
            return None
        if end <= 0:
            return None
        at = end + 1


def site_of(url: str) -> str | None:
    """The source a ``rel="via"`` link stands for: the site of the resource,
    ``site:<host>``; None for an address with no host.

    >>> site_of("https://www.Example.org/2005/04/02/atom"), site_of("/relative")
    ('site:www.example.org', None)
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return f"site:{host}" if host else None


class _Node:
    """A feed, an entry, or the feed an entry was copied from, as read."""

    def __init__(self, line: int = 0) -> None:
        self.line = line
        self.id = self.title = self.link = self.itself = self.body = self.content = ""
        self.published = self.updated = self.dc_date = ""
        self.permalink = True  # RSS guid isPermaLink (true unless said otherwise)
        self.origin: _Node | None = None  # atom:source, RSS <source>
        self.vias: list[str] = []  # atom:link rel="via"
        self.cited: set[str] = set()  # links in the content

    def named(self) -> str:
        return self.id or self.itself or self.link


class _Open:
    """An element open: its name, xml:base, type, and text so far (for elements read)."""

    def __init__(self, name: str, base: str, kind: str, keep: bool) -> None:
        self.name, self.base, self.kind, self.keep = name, base, kind, keep
        self.text: list[str] = []


def read_posts(path: Path, posts: Posts) -> None:
    """Tell `posts` what the feed at `path` and each of its items is (see the module).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from provenance.store import Store
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "feed.atom"
    >>> _ = path.write_text('''<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:f</id>
    ...   <entry><id>urn:e</id><title>Robots Run Amok</title><summary>Some text.</summary>
    ...     <updated>2003-12-13T18:30:02Z</updated></entry></feed>''')
    >>> posts, store = Posts(str(path)), Store()
    >>> read_posts(path, posts)
    >>> posts.fill(store)
    >>> [(r.source, r.firsthand, r.text) for r in store.reports("urn:e")]
    [('feed:urn:f', True, 'Robots Run Amok\\n\\nSome text.')]
    """
    reader = _Reader(str(path))
    try:
        with open_regular(path) as file:
            while block := file.read(_CHUNK):
                reader.parser.Parse(block, False)
            reader.parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise FormatError(
            f"malformed XML ({expat.ErrorString(error.code)}, column {error.offset + 1})",
            file=str(path),
            line=error.lineno,
        ) from None
    except OSError as error:
        raise cannot_read(path, error) from None
    _Teller(posts, reader).tell()


class _Reader:
    """The expat handlers reading one feed document, and what they read."""

    def __init__(self, file: str) -> None:
        self.file = file
        parser = self.parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = self.entity
        parser.ExternalEntityRefHandler = self.external
        parser.SkippedEntityHandler = self.skipped_entity
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        self.open: list[_Open] = []
        self.rss = False  # RSS, else Atom
        self.feed = _Node()
        self.entry: _Node | None = None
        self.entries: list[_Node] = []
        self.mixed = 0  # depth inside XHTML content, whose text is gathered whole
        self.skipped = 0  # references to entities of an external DTD, never read

    def refused(self, what: str) -> FormatError:
        return FormatError(
            f"{what}: refused (entity declarations are how XML files attack their readers, "
            "by expansion or by reading other files; a feed needs none)",
            file=self.file,
            line=self.parser.CurrentLineNumber,
        )

    def entity(self, name: str, parameter: bool, *_: Any) -> None:
        raise self.refused(f"the document declares an entity ({'%' if parameter else ''}{name})")

    def external(self, *_: Any) -> int:
        raise self.refused("the document refers to an external entity")

    def skipped_entity(self, name: str, parameter: bool) -> None:
        self.skipped += 1

    def owner(self, depth: int) -> _Node | None:
        """Whose field an element at `depth` (the root's is 1) is: the feed's, the
        entry's, or the feed's the entry was copied from."""
        level, entry = depth - self.rss, self.entry  # RSS items sit in <rss><channel>
        if level == 2 or entry is None:
            return self.feed if level == 2 else None
        return entry if level == 3 else entry.origin if level == 4 else None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        depth, base = len(self.open) + 1, self.open[-1].base if self.open else ""
        if _XML_BASE in attrs:
            base = _joined(base, attrs[_XML_BASE])
        keep = bool(self.mixed) or name in _FIELDS
        self.open.append(_Open(name, base, attrs.get("type", "text"), keep))
        if self.mixed:
            self.mixed += 1
            if name.endswith(" a") and self.entry is not None and attrs.get("href"):
                self.entry.cited.add(attrs["href"])
            return
        if depth == 1:
            self.root(name)
        elif attrs.get("type") == "xhtml" and not self.rss:
            self.mixed = 1  # an Atom text construct of XHTML: its text is its elements'
        owner = self.owner(depth)
        if name in ("item", f"{ATOM} entry") and owner is self.feed:
            self.entry = _Node(self.parser.CurrentLineNumber)
        elif name == f"{ATOM} link" and owner is not None:
            href = _joined(base, attrs.get("href", "").strip())
            rel = attrs.get("rel", "alternate").strip()
            if rel == "via" and owner is self.entry:
                owner.vias.append(href)
            elif rel == "alternate" and not owner.link:
                owner.link = href
            elif rel == "self" and not owner.itself:
                owner.itself = href
        elif owner is not None and owner is self.entry:
            if name == "guid":
                owner.permalink = attrs.get("isPermaLink", "true").strip() != "false"
            elif name in ("source", f"{ATOM} source"):
                owner.origin = _Node()
                owner.origin.itself = attrs.get("url", "").strip()  # RSS: the feed's address

    def root(self, name: str) -> None:
        if name in ("rss", f"{ATOM} feed"):
            self.rss = name == "rss"
            return
        space, _, local = name.rpartition(" ")
        raise FormatError(
            f"the document's root element is <{f'{{{space}}}' if space else ''}{local}>: a "
            f"feed is an RSS <rss> or an Atom <feed> ({ATOM})",
            file=self.file,
            line=self.parser.CurrentLineNumber,
        )

    def data(self, text: str) -> None:
        if self.open and self.open[-1].keep:
            self.open[-1].text.append(text)

    def end(self, name: str) -> None:
        element = self.open.pop()
        text = "".join(element.text)
        if self.mixed > 1:  # inside XHTML content: the text goes to the content
            self.mixed -= 1
            block = name.rpartition(" ")[2] in _BLOCKS
            self.open[-1].text.append(f"{text}\n" if block else text)
            return
        self.mixed = 0
        depth, entry = len(self.open) + 1, self.entry
        if entry is not None and self.owner(depth) is self.feed:  # the item or entry
            self.entries.append(entry)
            self.entry = None
            return
        owner, field = self.owner(depth), _FIELDS.get(name)
        if name == "source" and entry is not None:  # RSS: <source url="…">its title</source>
            owner = entry.origin
        if owner is None or field is None:
            return
        kind = "html" if self.rss and field in ("body", "content") else element.kind
        if field in ("body", "content") and kind == "html":
            owner.cited.update(_hrefs(text))
        if field == "link":
            owner.link = owner.link or _joined(element.base, text.strip())
        elif field in ("title", "body", "content"):
            setattr(owner, field, _words(text, kind))
        else:
            setattr(owner, field, text.strip())


class _Teller:
    """What was read, told to :class:`Posts` entry by entry, with its notes."""

    def __init__(self, posts: Posts, reader: _Reader) -> None:
        self.posts, self.reader = posts, reader
        self.counts = dict.fromkeys(_SAID, 0) | {"skipped": reader.skipped}

    def tell(self) -> None:
        reader, unnamed = self.reader, "the feed has no id or link to name it by"
        if not reader.feed.named():
            raise FormatError(f"{unnamed} (Atom <id>, RSS <link>)", file=reader.file)
        feed = self.account(reader.feed) or ""  # named: checked above
        tag = "channel.item" if reader.rss else "feed.entry"
        for n, entry in enumerate(reader.entries):
            with self.posts.reading(f"{tag}[{n}] (line {entry.line})"):
                self.entry(entry, feed, n)
        for key, count in self.counts.items():
            if count:
                self.posts.note(f"{count:,} {_SAID[key]}")

    def account(self, feed: _Node) -> str | None:
        """The source `feed` is, declared; None where it is named by nothing."""
        named = feed.named()
        id = f"feed:{named}" if named else f"feed-named:{feed.title}" if feed.title else None
        if id is not None:
            url = feed.link or feed.itself or None
            self.posts.account(id, name=feed.title or None, kind="feed", url=url)
        return id

    def entry(self, entry: _Node, feed: str, n: int) -> None:
        rss = self.reader.rss
        claim = entry.id or (entry.link if rss else "")
        if not claim and not rss:
            raise self.posts.wrong("id", None, "the entry's atom:id (RFC 4287 §4.1.2)")
        if not claim:
            self.counts["unnamed"] += 1
            claim = f"{feed}#item-{n + 1}"
        guid = entry.id if rss and entry.permalink else ""
        said: dict[str, Any] = {
            "published": self.when(entry),
            "url": entry.link or (guid if guid.startswith(("http:", "https:")) else None),
            "text": "\n\n".join(p for p in (entry.title, entry.content or entry.body) if p),
        }
        self.counts["cited"] += len(entry.cited)
        origin = self.account(entry.origin) if entry.origin is not None else None
        sites = self.sites(entry)
        self.counts["own source"] += origin == feed
        if origin not in (None, feed):  # a copy: what it says is the original's (§4.2.11)
            if sites:
                self.posts.share(claim, origin, via=sites, **said)
            else:
                self.posts.post(claim, origin, **said)
            self.posts.share(claim, feed, via=[origin], text=said["text"])  # time not known
        elif sites or (entry.origin is not None and origin is None):  # a nameless feed's
            self.posts.share(claim, feed, via=sites or None, **said)
        else:
            self.posts.post(claim, feed, **said)

    def sites(self, entry: _Node) -> list[str]:
        """The sites of `entry`'s ``rel="via"`` links, declared as sources."""
        found = []
        for href in entry.vias:
            site = site_of(href)
            if site is None:
                self.counts["no host"] += 1
                continue
            split = urlsplit(href)
            url = f"{split.scheme}://{split.netloc}/"
            self.posts.account(site, name=site[len("site:") :], kind="site", url=url)
            found.append(site)
        return found

    def when(self, entry: _Node) -> Published | None:
        rss, published = self.reader.rss, entry.published
        if rss and published:
            return self.rfc822(published)
        field = "dc:date" if rss else "published" if published else "updated"
        value = entry.dc_date if rss else published or entry.updated
        return self.rfc3339(field, value) if value else None

    def rfc822(self, value: str) -> Published:
        """An RSS date (RFC 822, as RSS 2.0 says); one with no known zone kept to the day."""
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return self.rfc3339("pubDate", value)  # an ISO date where RFC 822 was meant
        if moment.tzinfo is not None:
            return moment
        if value.rstrip().endswith("-0000"):  # RFC 5322 §3.3: universal time
            return moment.replace(tzinfo=timezone.utc)
        self.counts["undated"] += 1
        return moment.date()

    def rfc3339(self, field: str, value: str) -> Published:
        try:
            moment = parse_published(value.strip())
        except ValidationError:
            moment = None
        if moment is None:
            raise self.posts.wrong(field, value, "a date (RFC 822 in RSS, RFC 3339 in Atom)")
        if isinstance(moment, datetime) and moment.tzinfo is None:
            self.counts["undated"] += 1
            return moment.date()
        return moment


_SAID = {
    "skipped": "reference(s) to entities of an external DTD (never read) left out of the text",
    "undated": "date(s) with no time zone known: kept to the day",
    "unnamed": "item(s) with neither guid nor link: named by their place in the feed (not "
    "stable from one fetch to the next)",
    "no host": 'rel="via" link(s) with no host left out (no site to name)',
    "own source": "item(s) naming this feed itself as their source: read as its own",
    "cited": "link(s) in item content not read as vias: citations to review",
}


def _joined(base: str, href: str) -> str:
    """`href` resolved against the xml:base in scope (as it is, if it cannot be)."""
    try:
        return urljoin(base, href) if base else href
    except ValueError:
        return href


def _words(text: str, kind: str) -> str:
    """The words of a text construct: HTML made plain; plain text and XHTML with each
    line's runs of white space made one space."""
    if kind == "html":
        return plain_text(text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _hrefs(markup: str) -> set[str]:
    """The addresses the ``<a href>`` tags of HTML `markup` link to."""
    tags = (tag.group(1) for tag in _TAG.finditer(markup))
    links = (_HREF.search(tag) for tag in tags if tag[:1] in ("a", "A") and tag[1:2].isspace())
    return {next(part for part in link.groups() if part is not None) for link in links if link}
