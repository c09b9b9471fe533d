"""Raw text into paragraphs, sentences and tokens that keep their character offsets.

Tokens are PTB-like (punctuation split off, possessive ``'s`` and ``n't`` split), and each
keeps two spellings: ``text`` exactly as in the passage (``text[start:end]``) and ``form``,
the spelling the attribution tagger was trained on: double quotes, curly or straight, become
``````/``''`` by position (opening or closing), brackets ``-LRB-``/``-RRB-``.

Examples
--------
>>> from provenance.draft.text import sentences
>>> [t.form for t in sentences("He said: “No.” Then left.")[0].tokens]
['He', 'said', ':', '``', 'No', '.', "''"]
"""

from __future__ import annotations

import re

from attrs import frozen

__all__ = ["Sentence", "Token", "forms", "sentences", "tokenize"]


@frozen
class Token:
    """One token: as written (`text`), as the tagger reads it (`form`), and where it is."""

    text: str
    form: str
    start: int
    end: int


@frozen
class Sentence:
    """One sentence of a passage: its offsets, its paragraph and its tokens."""

    text: str
    start: int
    end: int
    paragraph: int
    tokens: tuple[Token, ...]


_WORD = re.compile(
    r"""
      (?:https?://|www\.)\S+[^\s.,;:!?)\]\u201d"']      # a web address
    | @\w+                                              # a handle
    | \d[\d,.]*\d(?:%)?                                 # a number: 10,000  1.5  12%
    | (?:[A-Za-z]\.){2,}                                # U.S. U.K.
    | (?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|No|Jr|Sr|Rep|Sen|Gov|Prof|vs)\.(?=\s)
    | \w+(?=n['\u2019]t\b)                              # do|n't
    | n['\u2019]t\b
    | [\w\u00c0-\u024f]+(?:[-\u2010\u2011][\w\u00c0-\u024f]+)*(?=['\u2019][sS]\b)  # Russia|'s
    | ['\u2019][sS]\b
    | [\w\u00c0-\u024f]+(?:[-\u2010\u2011.][\w\u00c0-\u024f]+)*   # words, hyphenated words
    | --|\.\.\.|\u2026
    | \S                                                # any other character
    """,
    re.VERBOSE,
)
_DOUBLE = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
_OPENING = frozenset("\u201c\u201e\u00ab")
_CLOSING = frozenset("\u201d\u00bb")
_BRACKETS = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-"}
# a sentence ends after . ! ? (and closing quotes or brackets), before a capital, digit,
# or an opening quote; not after a title or an initial
_END = re.compile(
    r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00de])"
)
_NOT_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|No|Jr|Sr|Rep|Sen|Gov|Prof|vs|[A-Z])\.)$"
)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """The tokens of `text`, their offsets shifted by `offset`.

    Examples
    --------
    >>> words = tokenize('"Russia\u2019s army isn\u2019t here"')
    >>> [(t.text, t.form) for t in words]  # doctest: +NORMALIZE_WHITESPACE
    [('"', '``'), ('Russia', 'Russia'), ('\u2019s', "'s"), ('army', 'army'), ('is', 'is'),
     ('n\u2019t', "n't"), ('here', 'here'), ('"', "''")]
    """
    out: list[Token] = []
    inside = False  # a straight double quote is read by position
    for match in _WORD.finditer(text):
        word = match.group()
        form = word
        if word in _DOUBLE:
            if word in _OPENING:
                opening = True
            elif word in _CLOSING:
                opening = False
            else:
                before = text[match.start() - 1] if match.start() else " "
                opening = not inside and (before.isspace() or before in "([{\u2014-")
            form = "``" if opening else "''"
            inside = opening
        elif word in _BRACKETS:
            form = _BRACKETS[word]
        else:
            form = word.replace("\u2019", "'").replace("\u2018", "'")
        out.append(Token(word, form, match.start() + offset, match.end() + offset))
    return out


def _splits(paragraph: str) -> list[tuple[int, int]]:
    """Sentence boundaries (start, end) inside one paragraph."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(paragraph):
        before = paragraph[: match.start()]
        if before.count("\u201c") > before.count("\u201d") and not match.group().endswith("\u201d"):
            continue  # inside a quotation
        if _NOT_END.search(paragraph[: match.start() + 1]) and match.group() == ".":
            continue
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(paragraph)))
    out: list[tuple[int, int]] = []
    for a, b in bounds:
        chunk = paragraph[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if chunk.strip():
            out.append((a + lead, a + trail))
    return out


def sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences (paragraphs at blank lines or single newlines).

    Every sentence's ``text`` equals ``text[start:end]``; so does every token's.

    Examples
    --------
    >>> [(s.text, s.paragraph) for s in sentences("Kyiv said so. Moscow denied it.\\nNo more.")]
    [('Kyiv said so.', 0), ('Moscow denied it.', 0), ('No more.', 1)]
    """
    out: list[Sentence] = []
    paragraph = 0
    for match in re.finditer(r"[^\n]+", text):
        block = match.group()
        if not block.strip():
            continue
        for a, b in _splits(block):
            start, end = match.start() + a, match.start() + b
            tokens = tuple(tokenize(text[start:end], start))
            out.append(Sentence(text[start:end], start, end, paragraph, tokens))
        paragraph += 1
    return out


def forms(sentence: Sentence) -> list[str]:
    """The tagger's spelling of each token of `sentence`.

    Examples
    --------
    >>> forms(sentences("“Yes,” he said.")[0])
    ['``', 'Yes', ',', "''", 'he', 'said', '.']
    """
    return [t.form for t in sentence.tokens]
