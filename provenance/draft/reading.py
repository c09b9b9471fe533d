"""Read a passage into drafted reports: text → sentences → attributions → chains, hedges, claims.

:func:`read_passage` runs the rule layer (:mod:`provenance.draft.chains`) over each clause,
and the attribution tagger (:func:`provenance.draft.tagger.tag_sentences`) where no rule
reads a sentence; every content gets one report by the publisher (the observed source at
the end of every chain) and one by each source along its chain.

Examples
--------
>>> from provenance.draft.reading import read_passage
>>> text = "Militarnyi, citing the Telegram channel Warshal, reported that a soldier was captured."
>>> for r in read_passage(text, publisher="Euromaidan Press", tagger=False):
...     print(r.source, r.via, r.hedge, r.hedge_text)
Euromaidan Press ('Militarnyi',) attributed None
Militarnyi ('Warshal',) attributed citing
Warshal () asserted None
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from provenance.draft.chains import (
    DOCUMENT,
    Attribution,
    Link,
    back_reference,
    clauses,
    content_span,
    read_clause,
    statement_source,
    trailing,
)
from provenance.draft.claims import group_claims
from provenance.draft.hedges import Found, find_hedges, rank
from provenance.draft.names import clean_name, plausible
from provenance.draft.records import DraftReport, Evidence
from provenance.draft.text import Sentence, forms, sentences
from provenance.errors import MissingDependencyError, ValidationError
from provenance.terms import Hedge

__all__ = ["read_passage"]

_NO_COMMENT = re.compile(
    r"could\s+not\s+be\s+reached\s+for\s+comment|declined\s+to\s+comment|did\s+not\s+"
    r"(?:immediately\s+)?respond\s+to\s+(?:a\s+)?request|has\s+not\s+commented",
    re.IGNORECASE,
)
_VERIFY_ONLY = re.compile(
    r"^(?:[\w.\-\u2019' ]{1,40}?)\s+(?:could\s+not|was\s+unable|were\s+unable|has\s+not|have\s+"
    r"not|cannot|can\s+not|did\s+not)\s+(?:been\s+|be\s+|to\s+)?(?:independently\s+)?"
    r"(?:verif|confirm)",
    re.IGNORECASE,
)
_BACK_CONTENT = re.compile(
    r"^(?:the|this|that|these|those)\s+(?:claims?|reports?|allegations?|accusations?)"
    r"(?:\s+and\s.*)?$|^(?:it|this)$",
    re.IGNORECASE,
)
_HEDGE_CUES = {
    "citing": "citing",
    "according to": "according to",
    "claimed": "claimed",
    "claims": "claims",
    "quoting": "quoting",
}
_CONFIRMING = frozenset({"confirmed", "confirms", "acknowledged"})


def _tagged(sents: Sequence[Sentence], tagger: bool) -> list[list[tuple[str, int, int]]]:
    """Per sentence, the tagger's spans as (role, char start, char end); [] without a tagger."""
    empty: list[list[tuple[str, int, int]]] = [[] for _ in sents]
    if not tagger:
        return empty
    try:
        from provenance.draft.tagger import spans, tag_sentences

        labels = tag_sentences([forms(s) for s in sents])
    except MissingDependencyError:
        return empty
    out = []
    for s, labelled in zip(sents, labels, strict=True):
        out.append([(r, s.tokens[a].start, s.tokens[b - 1].end) for r, a, b in spans(labelled)])
    return out


def _from_tagger(
    text: str, start: int, end: int, found: list[tuple[str, int, int]]
) -> Attribution | None:
    """A suggestion from the tagger's spans inside a clause no rule read."""
    inside = [(r, a, b) for r, a, b in found if start <= a and b <= end]
    sources = [(a, b) for r, a, b in inside if r == "source"]
    contents = [(a, b) for r, a, b in inside if r == "content"]
    cues = [(a, b) for r, a, b in inside if r == "cue"]
    from provenance.draft.features import CUE_WORDS

    verbs = CUE_WORDS - {"reportedly", "statement", "per", "via"}
    cues = [(a, b) for a, b in cues if any(w in verbs for w in text[a:b].lower().split())]
    if not sources or not contents or not cues:
        return None
    a, b = max(contents, key=lambda s: s[1] - s[0])
    a, b = content_span(text, a, b)
    s0, s1 = sources[0]
    name, kind = clean_name(text[s0:s1])
    if not plausible(text[s0:s1]) or b - a < 10:
        return None
    link = Link(name, text[s0:s1], s0, s1, kind, text[cues[0][0] : cues[0][1]], True)
    return Attribution(a, b, (link,), cue=cues[0], rule="tagger", confidence=0.45)


def _same(name: str, publisher: str) -> bool:
    a, b = name.casefold().removeprefix("the "), publisher.casefold().removeprefix("the ")
    return a == b or (len(a) > 3 and (a in b or b in a))


def _attributions(
    text: str, publisher: str, tagger: bool
) -> list[tuple[Attribution, Sentence, list[Found]]]:
    """Every attribution of `text` with its sentence and the framing hedges added to it."""
    sents = sentences(text)
    tagged = _tagged(sents, tagger)
    out: list[tuple[Attribution, Sentence, list[Found]]] = []
    previous: list[int] = []  # indices in `out` of the previous sentence's attributions
    statement: Link | None = None
    for s, found in zip(sents, tagged, strict=True):
        if _NO_COMMENT.search(s.text):
            continue
        if _VERIFY_ONLY.match(s.text) and previous:
            extra = [h for h in find_hedges(text, s.start, s.end) if h.level is Hedge.UNCERTAIN]
            for i in previous:
                out[i][2].extend(extra)
            continue
        src = statement_source(text, s.start, s.end)
        if src is not None:
            statement = src
            continue
        back = back_reference(text, s.start, s.end, [out[i][0] for i in previous])
        if back is not None:
            for i, new in zip(previous, back, strict=True):
                out[i] = (new, out[i][1], out[i][2])
            continue
        now: list[int] = []
        for a, b in clauses(text, s.start, s.end):
            if _VERIFY_ONLY.match(text[a:b]) and (now or previous):
                extra = [h for h in find_hedges(text, a, b) if h.level is Hedge.UNCERTAIN]
                for i in now or previous:
                    out[i][2].extend(extra)
                continue
            got = read_clause(text, a, b, publisher)
            if not got.chain and found:
                got = _from_tagger(text, a, b, found) or got
            if _BACK_CONTENT.match(text[got.start : got.end]) and (now or previous):
                ref = out[(now or previous)[-1]][0]
                got = attrs.evolve(got, start=ref.start, end=ref.end)
            got = _agreement(_resolve_documents(got, statement), found)
            if got.chain and got.chain[0].mention.casefold() in _PRONOUNS and previous:
                before = out[previous[0]][0].chain
                got = attrs.evolve(got, chain=(*before[:1], *got.chain[1:]))
            got = _named(got, [link for o in out for link in o[0].chain])
            if got.chain and got.chain[0].name.casefold() in {"sources", "some sources"}:
                got = attrs.evolve(got, chain=got.chain[1:])  # "sources say": a hedge
            for piece in _parallel(trailing(text, got)):
                now.append(len(out))
                out.append((piece, s, []))
        _notes_back(out, now, previous, s)
        previous = now
    return out


def _notes_back(
    out: list[tuple[Attribution, Sentence, list[Found]]],
    now: list[int],
    previous: list[int],
    sentence: Sentence,
) -> None:
    """ "C1. C2, X notes.": X is also the likely source of C1, an unattributed sentence of the
    same paragraph just before (a suggestion: the text does not say so)."""
    if len(now) != 1 or len(previous) != 1:
        return
    got, before = out[now[0]][0], out[previous[0]]
    if (
        got.rule != "content-first"
        or len(got.chain) != 1
        or got.chain[0].cue not in _NOTES
        or before[0].chain
        or before[1].paragraph != sentence.paragraph
    ):
        return
    link = attrs.evolve(got.chain[0], suggestion=True)
    out[previous[0]] = (attrs.evolve(before[0], chain=(link,), confidence=0.5), *before[1:])


#: An aside about a participant (", identified as possibly ...,"): its hedges are not the claim's.
_ASIDE = re.compile(
    r",\s+(?:identified|described|named|known|thought|believed|presumed)\s+as\s[^,]{2,80},"
)
_NOTES = frozenset({"notes", "noted", "adds", "added", "writes", "wrote"})
_PRONOUNS = frozenset({"it", "he", "she", "they"})
_BACK_NOUN = re.compile(r"^(?:the|this|that)\s+([a-z]+)$", re.IGNORECASE)
_NOUN_KINDS = {
    "outlet": "outlet",
    "agency": "outlet",
    "newspaper": "outlet",
    "broadcaster": "outlet",
    "channel": "telegram",
    "ministry": "official",
    "office": "official",
    "army": "military",
    "military": "military",
    "brigade": "military",
    "account": "social",
}


def _named(got: Attribution, seen: list[Link]) -> Attribution:
    """ "the outlet", "the agency": the source named earlier in the passage, when one fits."""
    renamed = []
    for link in got.chain:
        m = _BACK_NOUN.match(link.mention)
        if m:
            noun = m.group(1).casefold()
            fits = [
                x
                for x in seen
                if not _BACK_NOUN.match(x.mention)
                and (
                    noun in x.mention.casefold()
                    or x.kind == _NOUN_KINDS.get(noun, "-")
                    or (x.kind is None and _NOUN_KINDS.get(noun) == "outlet")
                )
            ]
            if fits:
                link = attrs.evolve(link, name=fits[-1].name, kind=fits[-1].kind)
        renamed.append(link)
    return attrs.evolve(got, chain=tuple(renamed))


_PARTS = re.compile(r",\s+(?:and\s+)?|\s+and\s+(?:the\s+)?")


def _parallel(found: list[Attribution]) -> list[Attribution]:
    """Sources credited side by side ("A and B reported", "US, South Korean and Ukrainian
    sources") as one attribution per source."""
    out = []
    for got in found:
        link = got.chain[0] if got.chain else None
        parts = _PARTS.split(link.mention) if link else []
        if (
            link is None
            or len(parts) < 2
            or not all(p[:1].isupper() for p in parts)
            or re.search(r"\b(?:for|of|on|at)\b", link.mention)
        ):
            out.append(got)
            continue
        head = parts[-1].split()[-1]
        if head.islower() and all(len(p.split()) <= 2 for p in parts[:-1]):
            parts = [*(f"{p} {head}" for p in parts[:-1]), parts[-1]]
        elif any(len(p.split()) > 6 for p in parts):
            out.append(got)
            continue
        for part in parts:
            name, kind = clean_name(part)
            new = attrs.evolve(link, name=name, mention=part, kind=kind or link.kind)
            out.append(attrs.evolve(got, chain=(new, *got.chain[1:])))
    return out


def _agreement(got: Attribution, found: list[tuple[str, int, int]]) -> Attribution:
    """Raise a rule's confidence when the tagger labelled the same source and content."""
    if not got.chain or got.rule == "tagger":
        return got

    def overlaps(role: str, a: int, b: int) -> bool:
        return any(r == role and x < b and a < y for r, x, y in found)

    first = got.chain[0]
    if overlaps("source", first.start, first.end) and overlaps("content", got.start, got.end):
        return attrs.evolve(got, confidence=min(0.95, got.confidence + 0.15))
    return got


def _resolve_documents(found: Attribution, statement: Link | None) -> Attribution:
    """Replace "the statement" in a chain by who posted it, or drop it when nobody did."""
    chain: list[Link] = []
    for link in found.chain:
        if DOCUMENT.match(link.mention) and len(link.mention.split()) <= 3:
            if statement is not None:
                chain.append(statement)
            continue
        chain.append(link)
    return attrs.evolve(found, chain=tuple(chain))


def _hedges(
    text: str, found: Attribution, sentence: Sentence, extra: list[Found], n: int
) -> list[tuple[Hedge, str | None]]:
    """The hedge of each of the `n` reporters of `found` (publisher first)."""
    aside = [m.span() for m in _ASIDE.finditer(text, found.start, found.end)]
    inside = [
        h
        for h in find_hedges(text, found.start, found.end)
        if not any(a <= h.start < b for a, b in aside)
    ]
    outside = [
        h
        for h in find_hedges(text, sentence.start, sentence.end)
        if not found.start <= h.start < found.end
    ]
    levels: list[list[tuple[Hedge, str | None]]] = [[] for _ in range(n)]
    for i in range(n - 1):  # reporters with a via
        cue = found.chain[i].cue if i < len(found.chain) else None
        if found.evidence and i == 0:
            levels[i].append((Hedge.ASSERTED, None))
        else:
            levels[i].append((Hedge.ATTRIBUTED, _HEDGE_CUES.get(cue or "")))
    for i, link in enumerate(found.chain, start=1):
        if link.cue in _CONFIRMING:
            levels[i].append((Hedge.CONFIRMED, link.cue))
    for h in [*outside, *extra]:
        levels[0].append((h.level, h.text))
    for h in inside:
        for i in range(1 if h.framing else n):
            levels[i].append((h.level, h.text))
    out: list[tuple[Hedge, str | None]] = []
    for own in levels:
        if not own:
            out.append((Hedge.ASSERTED, None))
            continue
        if any(level is Hedge.CONFIRMED for level, _ in own) and all(
            level in (Hedge.CONFIRMED, Hedge.ASSERTED) for level, _ in own
        ):
            out.append(next(x for x in own if x[0] is Hedge.CONFIRMED))
            continue
        worst = max(rank(level) for level, _ in own)
        picks = [x for x in own if rank(x[0]) == worst]
        with_words = [x for x in picks if x[1]]
        out.append((with_words or picks)[0])
    return out


def read_passage(text: str, *, publisher: str, tagger: bool = True) -> list[DraftReport]:
    """Draft the reports a passage gives evidence of: who reports what, via whom, how firmly.

    Parameters
    ----------
    text : str
        The passage (an article, or part of one); paragraphs at newlines.
    publisher : str
        The outlet that published it: the observed source at the end of every chain.
    tagger : bool, optional
        Run the attribution tagger on sentences no rule reads (needs python-crfsuite;
        without it, or with ``False``, the rules alone run).

    Returns
    -------
    list of DraftReport
        Per content, the publisher's report first, then one per source along its chain;
        each carries its sentence, spans (character offsets into `text`), a confidence
        and whether it is only a suggestion.

    Raises
    ------
    ValidationError
        `text` or `publisher` is not a string, or `publisher` is blank.
    """
    if not isinstance(text, str):
        raise ValidationError(f"text must be a string, not {text!r:.60}")
    if not isinstance(publisher, str) or not publisher.strip():
        raise ValidationError(f"publisher must be a non-empty name, not {publisher!r:.60}")
    found = _attributions(text, publisher, tagger)
    kept = []
    for got, sentence, extra in found:
        chain = tuple(link for link in got.chain if not _same(link.name, publisher))
        if got.end <= got.start:
            continue
        kept.append((attrs.evolve(got, chain=_unique(chain)), sentence, extra))
    ids = group_claims([text[g.start : g.end] for g, _, _ in kept])
    out: list[DraftReport] = []
    seen: set[tuple[str, str, bool]] = set()
    for (got, sentence, extra), claim in zip(kept, ids, strict=True):
        names = [publisher, *(link.name for link in got.chain)]
        hedges = _hedges(text, got, sentence, extra, len(names))
        content = text[got.start : got.end]
        spans = [("content", got.start, got.end)]
        spans += [("source", link.start, link.end) for link in got.chain]
        if got.cue:
            spans.append(("cue", *got.cue))
        evidence = Evidence(sentence.text, sentence.start, sentence.end, tuple(spans))
        for i, name in enumerate(names):
            key = (name.casefold(), claim, got.denied)
            if key in seen:
                if i == 0 and len(names) > 1:
                    _add_via(out, key, names[1])
                continue
            seen.add(key)
            link = got.chain[i - 1] if i else None
            level, words = hedges[i]
            out.append(
                DraftReport(
                    name,
                    tuple(names[i + 1 : i + 2]),
                    claim,
                    content,
                    level.value,
                    words,
                    got.denied,
                    link.kind if link else "outlet",
                    link.mention if link else publisher,
                    evidence,
                    got.confidence,
                    got.confidence < 0.7 or bool(link and link.suggestion),
                )
            )
    return out


def _add_via(out: list[DraftReport], key: tuple[str, str, bool], name: str) -> None:
    """Add `name` to the via of the report `key` (parallel sources credited side by side)."""
    for at, r in enumerate(out):
        if (r.source.casefold(), r.claim, r.denied) == key and name not in r.via:
            out[at] = attrs.evolve(
                r,
                via=(*r.via, name),
                hedge=Hedge.ATTRIBUTED.value if r.hedge == Hedge.ASSERTED.value else r.hedge,
            )
            return


def _unique(chain: tuple[Link, ...]) -> tuple[Link, ...]:
    out: list[Link] = []
    for link in chain:
        if link.name.casefold() not in {x.name.casefold() for x in out}:
            out.append(link)
    return tuple(out)
