"""Relay chains in written reporting: who passes on which content, credited to whom.

The attribution tagger labels one level of attribution per token; the patterns here read
what it cannot see: "X, citing Y, reported C", "C, X wrote, citing Y", "according to Y"
inside X's report, "as shared via the Telegram channel Y", "as reported by X, which cited
Y", "“Q,” the statement reads, according to M", "It was reported by Y that C", and a
back-reference in the next sentence ("The report cites Y", "The outlet cited Y, which
shared the statement", "X attributed the information to Y", "The claim was relayed by R").

An :class:`Attribution` holds one content and its chain of :class:`Link` s, outermost
first: the publisher credits the first, each credits the next, the last credits nobody
(first-hand or unsourced: the text cannot tell). An empty chain is the publisher's own
statement.

Examples
--------
>>> from provenance.draft.chains import read_clause
>>> text = "Militarnyi, citing the Telegram channel Warshal, reported that a soldier was captured."
>>> a = read_clause(text, 0, len(text))
>>> [link.name for link in a.chain], text[a.start:a.end]
(['Militarnyi', 'Warshal'], 'a soldier was captured')
"""

from __future__ import annotations

import re

import attrs
from attrs import frozen

from provenance.draft.names import clean_name, plausible

__all__ = ["Attribution", "Link", "back_reference", "clauses", "clean_name", "read_clause"]

_CUE = (
    r"said|says|say|reported|reports|report|wrote|writes|write|claimed|claims|claim|notes|"
    r"noted|stated|states|added|announced|announces|posted|posts|revealed|reveals|confirmed|"
    r"confirms|denied|denies|deny|rejected|acknowledged|insisted|warned|alleged|alleges|"
    r"estimated|estimates|documented|believes|reads|shared|suggest|suggests|show|shows|"
    r"showed|substantiated|indicate|indicates|believe|believes|assess|assessed|assesses"
)
_EVIDENCE_CUES = frozenset(["show", "shows", "showed", "substantiated", "indicate", "indicates"])
_THINKING = frozenset(
    ["believe", "believes", "assess", "assessed", "assesses", "estimate", "estimates"]
)
_DENIAL_CUES = frozenset(["denied", "denies", "deny", "rejected"])
_MOD = (
    r"(?:,\s+without\s+(?:providing\s+)?evidence,|\s+(?:on\s+Telegram|on\s+X|on\s+Twitter|on\s+Facebook|in\s+a\s+statement|"
    r"in\s+a\s+post|in\s+its\s+report|on\s+\w+day|late\s+on\s+\w+day|earlier|later|"
    r"on\s+\d+\s+\w+|to\s+reporters|to\s+journalists|in\s+(?:its|his|her|their|an?)\s+"
    r"(?:[\w\-]+\s+){0,2}[\w\-]+|in\s+[A-Z][\w\-]+|"
    r"on\s+its\s+(?:official\s+)?(?:Telegram\s+channel|website|X\s+account|account)|"
    r"(?:after|before|during|while)\s+[^,.]{2,60}))*"
)
_TOLD = (
    r"told\s+(?P<to>reporters|journalists|(?:the\s+)?(?:[\w\-]+\s+)?[A-Z][\w.\-\u2019']*"
    r"(?:\s+(?:[A-Z][\w.\-\u2019']*|news\s+agency|agency|outlet|newspaper)){0,4})"
)
_CITE = r"citing|quoting|which\s+cites|which\s+cited|which\s+quotes|which\s+quoted"
_AUX = (
    r"(?:(?:has|have|had|also|earlier|later|previously|first|then|again|officially|publicly|"
    r"reportedly|allegedly|apparently|now|each|both|separately|initially|repeatedly|appeared\s+to|"
    r"appears\s+to|appear\s+to|purports\s+to|purported\s+to|seems\s+to|seem\s+to)\s+)*"
)
_NAME = r"[^,;:\u201c\u201d\"]{2,90}?"
_LEAD = (
    r"(?P<lead>(?:(?:On|In|Previously|Earlier|Later|Recently|Meanwhile|However|Also|"
    r"Separately|Overnight|Yesterday|Today)\b[^,]{0,40},\s+)?)"
)
_APPOS = (
    r"(?:,\s+(?!which\s+(?:cites|cited|quotes|quoted)\b)(?:a|an|the|including|who|which|"
    r"(?:posted|shared|published|released|filmed|obtained)\s+(?:by|on))\s[^,]{2,60},)?"
)
_LIST = (
    r"[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*(?:,\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)+,?\s+and\s+"
    r"[A-Z][^,;:]{1,60}?"
)
_SOURCE_FIRST = re.compile(
    rf"^{_LEAD}(?P<s>{_LIST}|{_NAME}{_APPOS})(?:,\s+(?P<cw>{_CITE})\s+(?P<y>{_NAME}),)?"
    rf"\s+{_AUX}(?:(?P<cue>{_CUE})|{_TOLD}){_MOD}"
    rf"(?:,\s+(?P<cw2>{_CITE})\s+(?P<y2>{_NAME}),)?\s+(?:that\s+)?"
    r"(?P<c>(?!(?:from|by|on|to)\s)\S.*?)\s*[.!?]?$"
)
_CONTENT_FIRST = re.compile(
    rf"^{_LEAD}(?P<c>\S.*?)[,.!?]?(?P<q>[\u201d\"])?,?\s+(?P<s>{_NAME})\s+{_AUX}"
    rf"(?:(?P<cue>{_CUE})|{_TOLD}){_MOD}(?:,\s+(?P<cw>{_CITE})\s+(?P<y>{_NAME}))?\s*[.!?]?$"
)
_ACCORDING_END = re.compile(
    rf"^(?P<c>\S.*?),?\s+according\s+to\s+(?P<y>{_NAME}(?:,\s+[A-Z][^,;:]{{2,40}})?)\s*[.!?]?$"
)
_ACCORDING_START = re.compile(rf"^According\s+to\s+(?P<y>{_NAME}),\s+(?P<c>\S.*?)\s*[.!?]?$")
_AS_VIA = re.compile(
    rf"^(?P<c>\S.*?),\s+as\s+(?:shared|posted|reported|published|relayed|first\s+reported)"
    rf"\s+(?:via|by|on|in)\s+(?P<y>{_NAME})(?:,\s+(?P<cw>{_CITE})\s+(?P<z>{_NAME}))?"
    r"(?:,\s+(?:with|and|while)\s.*)?\s*[.!?]?$"
)
_PASSIVE_START = re.compile(
    rf"^It\s+(?:was|has\s+been|had\s+been)\s+(?:first\s+)?(?:reported|announced|claimed)\s+by"
    rf"\s+(?P<y>{_NAME})\s+that\s+(?P<c>\S.*?)\s*[.!?]?$"
)
_PASSIVE_END = re.compile(
    rf"^(?P<c>\S.*?)\s+(?:was|were|has\s+been|had\s+been)\s+(?:first\s+)?(?:reported|announced"
    rf"|claimed|posted|published)\s+by\s+(?P<y>{_NAME})\s*[.!?]?$"
)
_TRAILING = re.compile(rf",\s+(?P<cw>citing|quoting|according\s+to)\s+(?P<y>{_NAME})\s*[.!?]?$")
_ALSO = re.compile(
    rf",\s+(?:a\s+(?:figure|claim|report|number|toll)\s+)?(?:later\s+|also\s+)?(?:repeated|"
    rf"confirmed|reported|echoed)\s+by\s+(?P<y>{_NAME})\s*[.!?]?$"
    rf"|,\s+a\s+(?:figure|claim|number|toll)\s+(?:that\s+)?(?P<y2>{_NAME})\s+(?:also\s+|later\s+)?"
    rf"(?:cited|repeated|reported|confirmed|gave)\s*[.!?]?$"
)
_WHICH_DENIED = re.compile(
    rf",\s+(?:which|something|a\s+claim)\s+(?P<y>{_NAME})\s+(?:has\s+|had\s+)?(?:denied|"
    r"rejected|dismissed)\s*[.!?]?$"
)
_BACK_CITES = re.compile(
    r"^(?:The|This|That|Its|Their)\s+(?:[\w\-]+(?:'s|\u2019s)?\s+){0,2}(?:report|outlet|agency|article|channel|post|statement|newspaper|"
    r"site|account|broadcaster)\s+(?:also\s+)?(?:cites|cited|credits|credited|quotes|quoted|"
    rf"relies\s+on|relied\s+on)\s+(?P<y>{_NAME})(?:,\s+(?:which|who)\s+(?:had\s+|has\s+)?"
    rf"(?:shared|posted|cited|cites|credited|quoted|relayed|published)\s+(?P<z>{_NAME}))?"
    r"(?:,\s+.*)?\s*[.!?]?$"
)
_BACK_ATTRIBUTED = re.compile(
    rf"^(?P<x>{_NAME})\s+(?:attributed|credited)\s+(?:the\s+information|the\s+claim|the\s+"
    rf"report|it|this)\s+to\s+(?P<y>{_NAME})\s*[.!?]?$"
    rf"|^(?P<x2>{_NAME})\s+said\s+(?:its|the|their)\s+information\s+came\s+from\s+"
    rf"(?P<y2>{_NAME})\s*[.!?]?$"
)
_BACK_RELAYED = re.compile(
    r"^(?:The|This)\s+(?:claim|report|information|statement|figure)\s+was\s+(?:later\s+)?"
    rf"(?:relayed|repeated|picked\s+up|shared|reported)\s+by\s+(?P<y>{_NAME})\s*[.!?]?$"
)
DOCUMENT = re.compile(
    r"^(?:the|a|its|their)\s+(?:statement|report|post|message|press\s+release|video|"
    r"publication|article|note)\b",
    re.IGNORECASE,
)
_PUBLISH_STATEMENT = re.compile(
    rf"^{_LEAD}(?P<s>{_NAME})\s+(?:posted|published|issued|released|shared)\s+a\s+"
    r"(?:statement|post|message|video|report)"
)


@frozen
class Link:
    """One source of a chain: its cleaned name, its mention and the cue that credits it."""

    name: str
    mention: str
    start: int
    end: int
    kind: str | None = None
    cue: str | None = None
    suggestion: bool = False


@frozen
class Attribution:
    """One content (``text[start:end]``) and the chain of sources it is credited to."""

    start: int
    end: int
    chain: tuple[Link, ...] = ()
    denied: bool = False
    evidence: bool = False  # the first link's reading of evidence it names ("images show")
    cue: tuple[int, int] | None = None
    rule: str = "none"
    confidence: float = 0.5


def _link(text: str, base: int, match: re.Match[str], group: str, cue: str | None) -> Link:
    start, end = match.span(group)
    mention = match.group(group)
    name, kind = clean_name(mention)
    return Link(name, mention, base + start, base + end, kind, cue)


_EMERGED = re.compile(
    r"(?:reports|claims|rumou?rs|news|word)\s+(?:have\s+)?(?:emerged|surfaced|circulated)\s+that\s+",
    re.IGNORECASE,
)


def content_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim quote marks, trailing punctuation, space and "reports emerged that" from
    ``text[start:end]``."""
    emerged = _EMERGED.match(text, start, end)
    if emerged:
        start = emerged.end()
    adding = re.compile(r",\s+(?:adding|saying|noting)\s+that\s").search(text, start, end)
    if adding:
        end = adding.start()
    while start < end and text[start] in " \u201c\"'\u2018":
        start += 1
    while end > start and text[end - 1] in " ,.;:\u201d\"'\u2019":
        end -= 1
    return start, end


def read_clause(text: str, start: int, end: int, publisher: str = "") -> Attribution:
    """The attribution of the clause ``text[start:end]``: its content and chain.

    A clause no pattern reads is the publisher's own statement (an empty chain).
    """
    clause = text[start:end]
    for rule in (_content_first, _learned, _source_first, _according, _as_via, _passive):
        found = rule(text, start, clause, publisher)
        if found is not None:
            return found
    a, b = content_span(text, start, end)
    return Attribution(a, b, rule="none", confidence=0.7)


def _nested(text: str, a: int, b: int, publisher: str) -> Attribution:
    """The attribution inside a content span, or the span itself when none."""
    inner = read_clause(text, a, b, publisher)
    if inner.chain and inner.rule in {"source-first", "content-first"}:
        return inner
    a, b = content_span(text, a, b)
    return Attribution(a, b)


def _content_first(text: str, base: int, clause: str, publisher: str) -> Attribution | None:
    m = _CONTENT_FIRST.match(clause)
    if not m or not plausible(m.group("s")) or len(m.group("c").split()) < 3:
        return None
    if re.search(r",\s+(?:an?\s+(?:claim|figure|report|number|toll)|which|something)$", m["c"]):
        return None  # "C, a claim X denied": X's report of C, read off by `trailing`
    cue = m.group("cue") or "told"
    first = _link(text, base, m, "s", cue)
    chain = [first]
    if m.group("y"):
        chain.append(_link(text, base, m, "y", m.group("cw").split()[-1]))
    a, b = m.span("c")
    inner = _nested(text, base + a, base + b, publisher)
    chain += inner.chain
    return Attribution(
        inner.start,
        inner.end,
        tuple(chain),
        cue in _DENIAL_CUES,
        cue in _EVIDENCE_CUES,
        (base + m.start("s"), base + m.end("s")),
        "content-first",
        0.8,
    )


_LEARNED = re.compile(
    rf"^{_LEAD}(?P<s>{_NAME})\s+(?:has\s+|have\s+|had\s+)?(?:learned|learnt|heard)\s+from\s+"
    rf"(?P<y>{_NAME})\s+that\s+(?P<c>\S.*?)\s*[.!?]?$"
)


def _learned(text: str, base: int, clause: str, publisher: str) -> Attribution | None:
    m = _LEARNED.match(clause)
    if not m or not plausible(m.group("s")) or not plausible(m.group("y")):
        return None
    chain = (_link(text, base, m, "s", "learned"), _link(text, base, m, "y", "learned from"))
    a, b = content_span(text, base + m.start("c"), base + m.end("c"))
    return Attribution(
        a,
        b,
        chain,
        cue=(base + m.start("s"), base + m.end("s")),
        rule="source-first",
        confidence=0.75,
    )


def _source_first(text: str, base: int, clause: str, publisher: str) -> Attribution | None:
    m = _SOURCE_FIRST.match(clause)
    if not m or not plausible(m.group("s")):
        return None
    cue = m.group("cue") or "told"
    content = m.group("c")
    if DOCUMENT.match(content) and cue in {"posted", "published", "shared", "released"}:
        return None
    chain: list[Link] = []
    to = m.group("to")
    if to and to not in {"reporters", "journalists"} and to.casefold() != publisher.casefold():
        chain.append(_link(text, base, m, "to", "told"))
    chain.append(_link(text, base, m, "s", cue))
    for cw, y in (("cw", "y"), ("cw2", "y2")):
        if m.group(y):
            chain.append(_link(text, base, m, y, m.group(cw).split()[-1]))
    c0, c1 = base + m.start("c"), base + m.end("c")
    tail = _TRAILING.search(text, c0, c1)
    if tail:
        extra = _link(text, 0, tail, "y", tail.group("cw"))
        if cue in _THINKING and tail.group("cw") == "according to":
            chain.insert(0, extra)  # "officials believe C, according to an aide": the aide's
        else:
            chain.append(extra)
        c1 = tail.start()
    a, b = content_span(text, c0, c1)
    return Attribution(
        a,
        b,
        tuple(chain),
        cue in _DENIAL_CUES,
        cue in _EVIDENCE_CUES,
        (base + m.start("s"), base + m.end("s")),
        "source-first",
        0.75,
    )


def _according(text: str, base: int, clause: str, publisher: str) -> Attribution | None:
    m = _ACCORDING_END.match(clause) or _ACCORDING_START.match(clause)
    if not m or not plausible(m.group("y")):
        return None
    y = _link(text, base, m, "y", "according to")
    a, b = m.span("c")
    inner = _nested(text, base + a, base + b, publisher)
    thinking = inner.cue is not None and re.search(
        r"\b(?:believe|believes|assess|assessed|assesses|think|thinks|estimate|estimates)\b",
        text[inner.cue[1] : inner.start],
    )
    if inner.chain and (DOCUMENT.match(inner.chain[0].mention) or thinking):
        chain = (y, *inner.chain)  # "the report reads, according to M": M's document
    else:
        chain = (*inner.chain, y)  # "X wrote C, according to Y": X's source
    return Attribution(
        inner.start,
        inner.end,
        chain,
        inner.denied,
        inner.evidence,
        (base + m.start("y"), base + m.end("y")),
        "according",
        0.8,
    )


def _as_via(text: str, base: int, clause: str, publisher: str) -> Attribution | None:
    m = _AS_VIA.match(clause)
    if not m or not plausible(m.group("y")):
        return None
    chain = [_link(text, base, m, "y", "as shared via")]
    if m.group("z"):
        chain.append(_link(text, base, m, "z", m.group("cw").split()[-1]))
    a, b = content_span(text, base + m.start("c"), base + m.end("c"))
    return Attribution(
        a,
        b,
        tuple(chain),
        cue=(base + m.start("y"), base + m.end("y")),
        rule="as-via",
        confidence=0.8,
    )


def _passive(text: str, base: int, clause: str, publisher: str) -> Attribution | None:
    m = _PASSIVE_START.match(clause) or _PASSIVE_END.match(clause)
    if not m or not plausible(m.group("y")):
        return None
    a, b = content_span(text, base + m.start("c"), base + m.end("c"))
    link = _link(text, base, m, "y", "reported by")
    return Attribution(a, b, (link,), cue=(link.start, link.end), rule="passive", confidence=0.7)


def back_reference(
    text: str, start: int, end: int, previous: list[Attribution]
) -> list[Attribution] | None:
    """`previous` with the sources a back-reference sentence adds, or None when it is none.

    "The report cites Y" puts Y after the outermost source of the previous sentence; "X
    attributed the information to Y" puts Y after X; "The claim was relayed by R" puts R
    first.
    """
    clause = text[start:end]
    m = _BACK_CITES.match(clause)
    if m and previous:
        extra = [_link(text, start, m, "y", "cited")]
        if m.group("z") and not DOCUMENT.match(m.group("z")):
            extra.append(_link(text, start, m, "z", "shared"))
        return [_insert(p, 1, extra) for p in previous]
    m = _BACK_ATTRIBUTED.match(clause)
    if m and previous:
        xg, yg = ("x", "y") if m.group("x") else ("x2", "y2")
        x = clean_name(m.group(xg))[0].casefold()
        extra = [_link(text, start, m, yg, "attributed")]
        out = []
        for p in previous:
            names = [link.name.casefold() for link in p.chain]
            where = names.index(x) + 1 if x in names else len(names)
            out.append(_insert(p, where, extra))
        return out
    m = _BACK_RELAYED.match(clause)
    if m and previous:
        return [_insert(p, 0, [_link(text, start, m, "y", "relayed")]) for p in previous]
    return None


def _insert(found: Attribution, where: int, links: list[Link]) -> Attribution:
    chain = list(found.chain)
    known = {link.name.casefold() for link in chain}
    new = [link for link in links if link.name.casefold() not in known]
    if not chain:
        where = 0
    return attrs.evolve(found, chain=(*chain[:where], *new, *chain[where:]))


def statement_source(text: str, start: int, end: int) -> Link | None:
    """The source of "X posted a statement" (a document a later sentence quotes), or None."""
    m = _PUBLISH_STATEMENT.match(text[start:end])
    if not m or not plausible(m.group("s")):
        return None
    return _link(text, start, m, "s", "posted")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence into clauses at "; ", ", but " and ", when " (outside quotes)."""
    out: list[tuple[int, int]] = []
    a = start
    for m in re.finditer(r";\s+|,\s+(?:but|while|whereas|when)\s+", text[start:end]):
        before = text[start : start + m.start()]
        if before.count("\u201c") > before.count("\u201d") or before.count('"') % 2:
            continue
        out.append((a, start + m.start()))
        a = start + m.end()
    out.append((a, end))
    return [(x, y) for x, y in out if text[x:y].strip()]


def trailing(text: str, found: Attribution) -> list[Attribution]:
    """`found` with a trailing "a figure later repeated by Y" or ", which Y denied" read
    off its content as another attribution of the same content."""
    for pattern, denied in ((_ALSO, False), (_WHICH_DENIED, True)):
        m = pattern.search(text, found.start, found.end)
        if m is None:
            continue
        a, b = content_span(text, found.start, m.start())
        y = "y" if m.group("y") else "y2"
        name, kind = clean_name(m.group(y))
        link = Link(name, m.group(y), m.start(y), m.end(y), kind, "reported")
        head = attrs.evolve(found, start=a, end=b)
        other = Attribution(a, b, (link,), denied, rule="trailing", confidence=0.7)
        return [head, other]
    return [found]
