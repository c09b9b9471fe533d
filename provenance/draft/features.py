"""Token features for the attribution tagger: lexical ones always, parse ones when a parser ran.

A feature is a string (``"w=said"``); a token's features are a list of them, the form
python-crfsuite reads. The same function makes them for training and for tagging, so the
shipped model and the code that runs it cannot drift apart: a change here needs a retrained
model (:data:`FEATURES_VERSION` names the set a model was trained with).

Examples
--------
>>> from provenance.draft.features import sentence_features
>>> feats = sentence_features(["Officials", "said", "it", "was", "over", "."])
>>> "cue" in feats[1], "cue-left=1" in feats[2]
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

__all__ = [
    "CUE_WORDS",
    "FEATURES_VERSION",
    "SPEECH_LEMMAS",
    "Parse",
    "parse_sentences",
    "sentence_features",
]

FEATURES_VERSION = "1"

#: Lemmas of verbs (and a few other words) that introduce what someone said or wrote.
_SPEECH = """
    say tell report claim add state announce note write ask argue explain insist warn
    accuse acknowledge admit allege assert believe charge complain confirm contend
    declare deny describe estimate predict promise suggest think testify tweet urge
    reveal indicate cite quote accord respond reply recall conclude agree concede
    emphasize stress vow pledge threaten propose recommend demand call expect hope worry
    fear feel lament boast maintain observe remark mention signal hint speculate counter
    show find tout blast criticize praise dismiss question wonder caution disclose
    inform assure brag joke post share publish release relay recount characterize
"""
SPEECH_LEMMAS = frozenset(_SPEECH.split())

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "think": ("thinks", "thought", "thinking"),
    "find": ("finds", "found", "finding"),
    "feel": ("feels", "felt", "feeling"),
    "show": ("shows", "showed", "shown", "showing"),
    "accord": ("according",),
}


def _forms(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    return (lemma, lemma + "s", stem + "ed", stem + "ing")


#: Lower-cased word forms counted as cues without a parser.
CUE_WORDS = frozenset(form for lemma in SPEECH_LEMMAS for form in _forms(lemma)) | frozenset(
    {"citing", "according", "per", "via", "statement", "quoted", "reportedly"}
)

_OPEN_QUOTES = frozenset({"``", "\u201c", "\u2018", "`"})
_CLOSE_QUOTES = frozenset({"''", "\u201d", "\u2019"})
_AMBIGUOUS_QUOTES = frozenset({'"', "'"})
_PUNCT_KINDS = {
    ",": "comma",
    ":": "colon",
    ";": "semicolon",
    ".": "period",
    "?": "question",
    "!": "exclaim",
    "--": "dash",
    "-": "dash",
    "\u2014": "dash",
    "\u2013": "dash",
    "-LRB-": "paren",
    "-RRB-": "paren",
    "(": "paren",
    ")": "paren",
}
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})


class Parse(NamedTuple):
    """What a dependency parse says about each token of one sentence (parallel lists)."""

    lemmas: list[str]
    tags: list[str]
    deps: list[str]
    heads: list[int]


def parse_sentences(
    nlp: Any, sentences: Iterable[Sequence[str]], batch_size: int = 256
) -> Iterator[Parse]:
    """Parse given token lists with a spaCy pipeline, keeping the tokens as they are.

    Each list becomes a ``spacy.tokens.Doc`` built from its words, so the pipeline never
    re-tokenises and the parse stays aligned with the labels. Empty or blank tokens are
    given to spaCy as ``_``.
    """
    from spacy.tokens import Doc

    docs = (
        Doc(nlp.vocab, words=[w if w.strip() else "_" for w in words] or ["_"])
        for words in sentences
    )
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield Parse(
            [t.lemma_.lower() for t in doc],
            [t.tag_ for t in doc],
            [t.dep_ for t in doc],
            [t.head.i for t in doc],
        )


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:12]:
        kind = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


def _bucket(distance: int) -> str:
    return (
        str(distance)
        if distance <= 3
        else "4-6"
        if distance <= 6
        else "7-12"
        if distance <= 12
        else "13+"
    )


def _quote_kind(word: str) -> str:
    if word in _OPEN_QUOTES:
        return "open"
    if word in _CLOSE_QUOTES:
        return "close"
    return "amb" if word in _AMBIGUOUS_QUOTES else ""


def _quote_depths(words: Sequence[str]) -> list[int]:
    """How many quotations are open at each token (the quote marks themselves count as inside)."""
    depths: list[int] = []
    depth = 0
    straight_open = False
    for word in words:
        kind = _quote_kind(word)
        if kind == "open" or (kind == "amb" and word == '"' and not straight_open):
            depth += 1
            straight_open = straight_open or word == '"'
            depths.append(depth)
        elif kind == "close" or (word == '"' and straight_open):
            depths.append(max(depth, 1))
            depth = max(depth - 1, 0)
            straight_open = straight_open and word != '"'
        else:
            depths.append(depth)
    return depths


def _nearest(flags: Sequence[bool]) -> tuple[list[int], list[int]]:
    """Distance to the nearest flagged token on the left and on the right (-1: none)."""
    n = len(flags)
    left, right = [-1] * n, [-1] * n
    last = -1
    for i in range(n):
        left[i] = i - last if last >= 0 else -1
        if flags[i]:
            last = i
    last = -1
    for i in range(n - 1, -1, -1):
        right[i] = last - i if last >= 0 else -1
        if flags[i]:
            last = i
    return left, right


def _lexical(words: Sequence[str]) -> list[list[str]]:
    lower = [w.lower() for w in words]
    n = len(words)
    cue = [w in CUE_WORDS for w in lower]
    left, right = _nearest(cue)
    depths = _quote_depths(words)
    quotes = any(d for d in depths)
    shapes = [_shape(w) for w in words]
    out: list[list[str]] = []
    for i, (word, low) in enumerate(zip(words, lower, strict=True)):
        f = [
            "bias",
            "w=" + low,
            "suf3=" + low[-3:],
            "suf2=" + low[-2:],
            "pre3=" + low[:3],
            "shape=" + shapes[i],
            "depth=" + str(min(depths[i], 2)),
            "pos=" + ("first" if i == 0 else "last" if i == n - 1 else _bucket(i)),
            "rel=" + str((4 * i) // max(n, 1)),
        ]
        if word[:1].isupper():
            f.append("title")
        if word.isupper() and len(word) > 1:
            f.append("upper")
        if any(ch.isdigit() for ch in word):
            f.append("digit")
        if cue[i]:
            f.append("cue")
        quote = _quote_kind(word)
        if quote:
            f.append("quote=" + quote)
        if word in _PUNCT_KINDS:
            f.append("punct=" + _PUNCT_KINDS[word])
        if quotes:
            f.append("sent-quote")
        f.append("cue-left=" + (_bucket(left[i]) if left[i] >= 0 else "none"))
        f.append("cue-right=" + (_bucket(right[i]) if right[i] >= 0 else "none"))
        if left[i] >= 0 and right[i] >= 0:
            f.append("cue-both")
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < n:
                f.append(f"w{k:+d}=" + lower[j])
                f.append(f"shape{k:+d}=" + shapes[j])
                if cue[j]:
                    f.append(f"cue{k:+d}")
                if abs(k) == 1:
                    q = _quote_kind(words[j]) or _PUNCT_KINDS.get(words[j], "")
                    if q:
                        f.append(f"p{k:+d}=" + q)
            else:
                f.append(f"w{k:+d}=<{'s' if k < 0 else '/s'}>")
        if i > 0:
            f.append("w-1|w=" + lower[i - 1] + "|" + low)
        if i < n - 1:
            f.append("w|w+1=" + low + "|" + lower[i + 1])
        out.append(f)
    return out


def _speech_branch(i: int, parse: Parse) -> tuple[int, str, int]:
    """The nearest speech-verb ancestor of token `i`: (its index, the branch's dep label, hops)."""
    heads, lemmas, deps = parse.heads, parse.lemmas, parse.deps
    child, node, hops = i, heads[i], 1
    while hops <= 12:
        if lemmas[node] in SPEECH_LEMMAS and node != child:
            return node, deps[child], hops
        if heads[node] == node:
            break
        child, node, hops = node, heads[node], hops + 1
    return -1, "", 0


def _syntactic(parse: Parse, feats: list[list[str]]) -> None:
    lemmas, tags, deps, heads = parse
    n = len(lemmas)
    for i in range(n):
        f = feats[i]
        head = heads[i]
        f += [
            "lemma=" + lemmas[i],
            "tag=" + tags[i],
            "dep=" + deps[i],
            "dep|tag=" + deps[i] + "|" + tags[i],
            "head=" + (lemmas[head] if head != i else "<root>"),
            "head-tag=" + tags[head],
            "head-dep=" + deps[head],
            "head-dir=" + ("self" if head == i else "left" if head < i else "right"),
        ]
        if lemmas[i] in SPEECH_LEMMAS:
            f.append("speech-verb")
            if tags[i].startswith("VB"):
                f.append("speech-verb-vb")
        if lemmas[head] in SPEECH_LEMMAS and head != i:
            f.append("head-speech|dep=" + deps[i])
        verb, branch, hops = _speech_branch(i, parse)
        if verb >= 0:
            f.append("branch=" + branch)
            f.append("branch|hops=" + branch + "|" + _bucket(hops))
            f.append("branch|side=" + branch + "|" + ("left" if i < verb else "right"))
            if branch in _SUBJECTS:
                f.append("in-speech-subject")
        else:
            f.append("branch=none")
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < n:
                f.append(f"tag{k:+d}=" + tags[j])
                if abs(k) == 1:
                    f.append(f"dep{k:+d}=" + deps[j])


def sentence_features(words: Sequence[str], parse: Parse | None = None) -> list[list[str]]:
    """Features of each token of one sentence: lexical, plus the parse's when given.

    Parameters
    ----------
    words : sequence of str
        The sentence's tokens, as tokenised (PTB quotes such as ``````/``''`` are read as
        opening and closing quotes).
    parse : Parse, optional
        The sentence's parse from :func:`parse_sentences`, aligned with `words`.

    Returns
    -------
    list of list of str
        One list of feature strings per token.

    Examples
    --------
    >>> feats = sentence_features(["``", "No", "''", ",", "he", "said", "."])
    >>> [f for f in feats[1] if f.startswith(("depth", "cue-right"))]
    ['depth=1', 'cue-right=4-6']
    """
    feats = _lexical(words)
    if parse is not None:
        _syntactic(parse, feats)
    return feats
