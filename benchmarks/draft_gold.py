"""The gold set for ``pv.draft``: relay chains, hedges and denials in written reporting.

``benchmarks/data/draft_gold.yaml`` holds passages written for the purpose (its header
documents the schema and the annotation conventions); this module reads it, checks it and
scores a prediction against it. A prediction is a YAML or JSON file in the same schema
(``items``, each with ``id`` and ``reports``; ``text``, ``publisher`` and ``split`` may be
left out, and so may a report's ``via`` ([]), ``hedge`` (asserted), ``hedge_text`` and
``denied`` (false)).

Scores, over the gold items given (a prediction for any other id is ignored, so one file
of predictions for the whole set can be scored on ``dev`` or on ``test``):

- **via edges**: each report gives an edge (item id, reporter, s) for each s in its
  ``via``, or (item id, reporter, ``'first-hand'``) when ``via`` is empty: the end of the
  chain. Edges are a set per item (one edge from two contents counts once); precision,
  recall and F1 over all items.
- **source recall**: the share of gold reports matched by a predicted report of the same
  item from the same source whose content shares at least half its words with the gold
  content (Jaccard of the sets of lower-cased word tokens, ``\\w+``); each predicted report
  matches one gold report at most, best overlap first. Report precision is the same share
  of predicted reports.
- **hedge accuracy** and **denial accuracy**: over the matched pairs, the share whose
  ``hedge`` (resp. ``denied``) agrees.

Names are compared after :func:`normalize_name` (case, typographic quotes, ``@``, leading
articles and descriptors such as "the Telegram channel" dropped) and the item's
``aliases`` (another mention of the same source in the text counts as its name).

The split (:func:`split_of`): ``test`` when the first 8 bytes of sha256(id), big-endian,
are divisible by 3 (about a third), else ``dev``; the check holds the file to it.

    python -m benchmarks.draft_gold --check
    python -m benchmarks.draft_gold --score predicted.yaml --split test
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from provenance.errors import ValidationError
from provenance.terms import Hedge

GOLD = Path(__file__).resolve().parent / "data" / "draft_gold.yaml"
FIRST_HAND = "first-hand"
_TAGS = "cross-sentence passive quote-after negative unnamed social imagery official intel"
TAGS = frozenset([*_TAGS.split(), "seed-like"])
_ID = re.compile(r"(ua|ru|me|sd|mm|cy|dz)-\d{3}")
_PREFIX = re.compile(  # leading articles and descriptors, each with an optional "of"
    r"^(?:(?:the|an?|telegram channel|telegram account|x account|twitter account|news outlet|"
    r"outlet|news agency|website|monitoring project|military blogger|blogger)(?: of)? )+"
)
_SENTENCE = re.compile(r"(?<=[.!?])[\u201d\"]?\s+(?=[\u201c\"A-Z0-9])")
_WORDED = ("uncertain", "confirmed")  # hedges that need their words
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built with it


@dataclass(frozen=True)
class Report:
    """One reporter's report of one content: through whom, how firmly, for or against."""

    source: str
    content: str
    via: tuple[str, ...] = ()
    hedge: str = "asserted"
    hedge_text: str | None = None
    denied: bool = False


@dataclass(frozen=True)
class Item:
    """One passage and every report it gives evidence of."""

    id: str
    reports: tuple[Report, ...]
    text: str = ""
    publisher: str = ""
    split: str = ""
    tags: tuple[str, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    """The counts of one scoring and their ratios (a ratio over an empty count is 0.0)."""

    edges_gold: int
    edges_predicted: int
    edges_correct: int
    reports_gold: int
    reports_predicted: int
    reports_matched: int
    hedges_correct: int
    denials_correct: int
    edge_precision: float = field(init=False)
    edge_recall: float = field(init=False)
    edge_f1: float = field(init=False)
    source_recall: float = field(init=False)
    report_precision: float = field(init=False)
    hedge_accuracy: float = field(init=False)
    denial_accuracy: float = field(init=False)

    def __post_init__(self) -> None:
        p = _ratio(self.edges_correct, self.edges_predicted)
        r = _ratio(self.edges_correct, self.edges_gold)
        for name, value in {
            "edge_precision": p,
            "edge_recall": r,
            "edge_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "source_recall": _ratio(self.reports_matched, self.reports_gold),
            "report_precision": _ratio(self.reports_matched, self.reports_predicted),
            "hedge_accuracy": _ratio(self.hedges_correct, self.reports_matched),
            "denial_accuracy": _ratio(self.denials_correct, self.reports_matched),
        }.items():
            object.__setattr__(self, name, value)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def split_of(item_id: str) -> str:
    """``'test'`` for about a third of ids, fixed by their sha256; ``'dev'`` for the rest.

    >>> [split_of(i) for i in ("ua-001", "ua-002")]
    ['test', 'dev']
    """
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:8], "big") % 3 == 0 else "dev"


def normalize_name(name: str) -> str:
    """A source name as compared: NFKC, case-folded, typographic quotes straightened, ``@``
    and surrounding punctuation dropped, then leading articles and descriptors ("the
    Telegram channel", "the X account", "the outlet", "of") dropped while a name is left.

    >>> normalize_name("the Telegram channel of the 59th Brigade")
    '59th brigade'
    >>> normalize_name("@GeoConfirmed"), normalize_name("A source familiar with the matter")
    ('geoconfirmed', 'source familiar with the matter')
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("@", " ")
    text = " ".join(text.split()).strip(" .,;:\"'\u201c\u201d")
    return _PREFIX.sub("", text, count=1)  # a prefix ends in a space: the last word stays


def _overlap(gold: str, predicted: str) -> float:
    """Jaccard of the two texts' sets of case-folded word tokens."""
    folded = [unicodedata.normalize("NFKC", t).casefold() for t in (gold, predicted)]
    a, b = ({*re.findall(r"\w+", t)} for t in folded)
    return len(a & b) / len(a | b) if a | b else 0.0


def _need(ok: object, message: str) -> None:
    if not ok:
        raise ValidationError(message)


def _report(raw: Any, where: str) -> Report:
    _need(isinstance(raw, Mapping), f"{where}: a report must be a mapping, not {raw!r}")
    unknown = sorted(set(raw) - {"source", "content", "via", "hedge", "hedge_text", "denied"})
    _need(not unknown, f"{where}: unknown report field {unknown[:1]}")
    for key in ("source", "content"):
        _need(isinstance(raw.get(key), str) and raw[key], f"{where}: no text as report {key}")
    via, words, denied = raw.get("via") or [], raw.get("hedge_text"), raw.get("denied", False)
    ok = isinstance(via, list) and all(isinstance(v, str) and v for v in via)
    _need(ok, f"{where}: via must be a list of names, not {via!r}")
    _need(words is None or isinstance(words, str), f"{where}: hedge_text {words!r} is no text")
    _need(isinstance(denied, bool), f"{where}: denied must be true or false, not {denied!r}")
    try:
        hedge = Hedge.parse(raw.get("hedge", "asserted")).value
    except ValidationError as err:
        raise ValidationError(f"{where}: {err}") from None
    return Report(raw["source"], raw["content"], tuple(via), hedge, words, denied)


def _item(raw: Any, where: str) -> Item:
    ok = isinstance(raw, Mapping) and isinstance(raw.get("id"), str)
    _need(ok, f"{where}: an item must be a mapping with a text id")
    where, reports = f"{where} ({raw['id']})", raw.get("reports")
    _need(isinstance(reports, list), f"{where}: reports must be a list, not {reports!r}")
    aliases, tags = raw.get("aliases") or {}, raw.get("tags") or []
    ok = isinstance(aliases, Mapping) and all(isinstance(v, list) for v in aliases.values())
    _need(ok, f"{where}: aliases must map a name to a list of mentions")
    _need(isinstance(tags, list), f"{where}: tags must be a list, not {tags!r}")
    text, publisher, split = (str(raw.get(k) or "") for k in ("text", "publisher", "split"))
    reports = tuple(_report(r, f"{where} report {n}") for n, r in enumerate(reports, 1))
    aliases = {str(k): tuple(map(str, v)) for k, v in aliases.items()}
    return Item(raw["id"], reports, text, publisher, split, tuple(map(str, tags)), aliases)


def _read(path: Path | str) -> list[Item]:
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ValidationError(f"{path}: cannot be read ({type(err).__name__})") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("items"), list):
        raise ValidationError(f"{path}: expected a mapping with a list of items")
    return [_item(raw, f"{path} item {n}") for n, raw in enumerate(data["items"], 1)]


def as_data(items: Iterable[Item]) -> dict[str, list[dict[str, Any]]]:
    """`items` as the file holds them (``yaml.safe_dump`` or ``json.dump`` writes it), for
    writing a prediction; :func:`load_predicted` reads it back.

    >>> data = as_data([Item("ua-001", (Report("Reuters", "It rained."),))])
    >>> data["items"][0]["reports"][0]["via"]
    []
    """
    out = []
    for item in items:
        raw: dict[str, Any] = {"id": item.id, "split": item.split, "publisher": item.publisher}
        raw.update(text=item.text, tags=list(item.tags))
        if item.aliases:
            raw["aliases"] = {name: list(mentions) for name, mentions in item.aliases.items()}
        raw["reports"] = [{**asdict(r), "via": list(r.via)} for r in item.reports]
        out.append(raw)
    return {"items": out}


def load_predicted(path: Path | str) -> list[Item]:
    """Read predicted items; raise :class:`ValidationError` if one is malformed."""
    return _read(path)


def load_gold(path: Path | str = GOLD) -> list[Item]:
    """Read the gold items and check every one (see :func:`problems`).

    Raises
    ------
    ValidationError
        Naming the first problem (and how many more there are).
    """
    items = _read(path)
    found = problems(items)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ValidationError(f"{path}: {found[0]}{more}")
    return items


def problems(items: Sequence[Item]) -> list[str]:
    """Every way `items` break the gold schema and conventions, one line each.

    Substrings (source, via names, content, hedge_text, aliases are text of the passage),
    ids and splits, tags, and the chain convention: one publisher report per content and
    denial, one report per name in a via, every report reached from the publisher's, an
    uncertain or confirmed hedge naming its words, no chain looping back.
    """
    ids = collections.Counter(item.id for item in items)
    found = []
    for item in items:
        split = split_of(item.id)
        checks = [
            (_ID.fullmatch(item.id), f"id {item.id!r} is not REGION-NNN"),
            (ids[item.id] == 1, "id used twice"),
            (item.split == split, f"split {item.split!r} should be {split!r}"),
            (item.text and item.publisher, "text and publisher are required"),
            *((tag in TAGS, f"unknown tag {tag!r}") for tag in item.tags),
            *_checks(item),
        ]
        found += [f"{item.id}: {message}" for ok, message in checks if not ok]
    return found


def _checks(item: Item) -> Iterator[tuple[object, str]]:
    text = item.text
    names = {r.source for r in item.reports} | {v for r in item.reports for v in r.via}
    for name, mentions in item.aliases.items():
        yield name in names, f"alias for {name!r}, which is no source"
        yield from ((m in text, f"alias {m!r} is not in the text") for m in (name, *mentions))
    keys = collections.Counter((r.source, r.content, r.denied) for r in item.reports)
    for r in item.reports:
        who, what, words = r.source, r.content, r.hedge_text
        yield keys[who, what, r.denied] == 1, f"two reports by {who!r} of {what!r}"
        yield who in text or who == item.publisher, f"source {who!r} is not in the text"
        yield what in text, f"content {what!r} is not in the text"
        for name in r.via:
            yield name in text, f"via {name!r} is not in the text"
            yield (name, what, r.denied) in keys, f"{name!r} has no report of {what!r}"
        yield len(set(r.via)) == len(r.via), f"{who!r} names a source twice in its via"
        yield words is None or words in text, f"hedge_text {words!r} is not in the text"
        yield words or r.hedge not in _WORDED, f"{who!r} is {r.hedge} without the words"
    for content, denied in {(r.content, r.denied) for r in item.reports}:
        own = [r for r in item.reports if (r.content, r.denied) == (content, denied)]
        top = [r.source for r in own if r.source == item.publisher]
        yield len(top) == 1, f"{len(top)} publisher reports of {content!r}"
        reached = _reach(own, top[:1])
        for r in own:
            yield not top or r.source in reached, f"no chain from the publisher to {r.source!r}"
            yield r.source not in _reach(own, r.via), f"the chain loops back to {r.source!r}"


def _reach(own: list[Report], start: Iterable[str]) -> set[str]:
    """The sources `start` and every source their reports cite, transitively."""
    reached, todo = set(), list(start)
    while todo:
        reached.add(name := todo.pop())
        todo += [v for r in own if r.source == name for v in r.via if v not in reached]
    return reached


def _namer(item: Item) -> Callable[[str], str]:
    alias = {normalize_name(m): normalize_name(n) for n, ms in item.aliases.items() for m in ms}
    return lambda name: alias.get(normalize_name(name), normalize_name(name))


def edges(item: Item, names: Item | None = None) -> set[tuple[str, str, str]]:
    """The via edges of `item`: (id, reporter, cited source or ``'first-hand'``), names
    normalised with the aliases of `names` (default `item` itself)."""
    name = _namer(names or item)
    out = [(name(r.source), [name(v) for v in r.via] or [FIRST_HAND]) for r in item.reports]
    return {(item.id, reporter, target) for reporter, targets in out for target in targets}


def _matches(gold: Item, predicted: Item) -> list[tuple[Report, Report]]:
    name = _namer(gold)
    pairs = sorted(
        (-overlap, g_at, p_at)
        for g_at, g in enumerate(gold.reports)
        for p_at, p in enumerate(predicted.reports)
        if name(g.source) == name(p.source)
        and (overlap := _overlap(g.content, p.content)) >= 0.5  # half the words in common
    )
    used: set[tuple[str, int]] = set()
    out = []
    for _, g_at, p_at in pairs:
        if not {("g", g_at), ("p", p_at)} & used:
            used |= {("g", g_at), ("p", p_at)}
            out.append((gold.reports[g_at], predicted.reports[p_at]))
    return out


def score(gold_items: Iterable[Item], predicted: Iterable[Item]) -> Score:
    """Score `predicted` against `gold_items` (see the module docstring).

    Raises
    ------
    ValidationError
        If two predicted items share an id.

    Examples
    --------
    >>> gold = load_gold()
    >>> s = score(gold, gold)
    >>> s.edge_f1, s.source_recall, s.hedge_accuracy
    (1.0, 1.0, 1.0)
    """
    by_id: dict[str, Item] = {}
    for item in predicted:
        if item.id in by_id:
            raise ValidationError(f"predicted item {item.id!r} appears twice")
        by_id[item.id] = item
    counts = collections.Counter[str]()
    for gold in gold_items:
        guess = by_id.get(gold.id, Item(gold.id, ()))
        g_edges, p_edges = edges(gold), edges(guess, names=gold)
        counts["edges_gold"] += len(g_edges)
        counts["edges_predicted"] += len(p_edges)
        counts["edges_correct"] += len(g_edges & p_edges)
        counts["reports_gold"] += len(gold.reports)
        counts["reports_predicted"] += len(guess.reports)
        for g, p in _matches(gold, guess):
            counts["reports_matched"] += 1
            counts["hedges_correct"] += g.hedge == p.hedge
            counts["denials_correct"] += g.denied == p.denied
    return Score(**{f.name: counts[f.name] for f in fields(Score) if f.init})


def _depth(item: Item, content: str, denied: bool) -> int:
    via = {r.source: r.via for r in item.reports if (r.content, r.denied) == (content, denied)}

    def down(name: str, path: frozenset[str]) -> int:
        return max((1 + down(v, path | {v}) for v in via.get(name, ()) if v not in path), default=0)

    return down(item.publisher, frozenset({item.publisher}))


def stats(items: Sequence[Item]) -> dict[str, dict[str, int]]:
    """Counts by phenomenon: regions, splits, tags, chain depths, hedges, words, denials."""
    c: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for item in items:
        sentences = len(_SENTENCE.split(item.text.strip()))
        c["total"].update(items=1, sentences=sentences, reports=len(item.reports))
        c["region"][item.id[:2]] += 1
        c["split"][item.split] += 1
        c["tag"].update(item.tags)
        depth = max(_depth(item, r.content, r.denied) for r in item.reports)
        c["publisher chain depth (hops to the origin)"][str(depth)] += 1
        top = [r for r in item.reports if r.source == item.publisher]
        found = c["structure (items)"]
        found["denial"] += any(r.denied for r in item.reports)
        found["parallel sources in one via"] += any(len(r.via) > 1 for r in item.reports)
        found["unattributed publisher claim"] += any(not r.via for r in top)
        found["several contents"] += len({r.content for r in item.reports}) > 1
        found["aliases"] += bool(item.aliases)
        for r in item.reports:
            who = "publisher" if r.source == item.publisher else "named source"
            c[f"hedge ({who} reports)"][r.hedge] += 1
        c["hedge words (items)"].update({(r.hedge_text or "").casefold() for r in item.reports})
    return {k: dict(sorted((w, n) for w, n in v.items() if w)) for k, v in c.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Check the gold file (``--check``) or score a prediction (``--score FILE``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.draft_gold", description=__doc__)
    parser.add_argument("gold", nargs="?", default=str(GOLD), help="the gold file")
    parser.add_argument("--check", action="store_true", help="validate and print counts")
    parser.add_argument("--score", metavar="PRED", help="score this prediction file")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    try:
        items = _read(args.gold)
        found = problems(items)
        if found:
            print("\n".join(f"{args.gold}: {line}" for line in found), file=sys.stderr)
            return 2
        if args.split != "all":
            items = [i for i in items if i.split == args.split]
        result: Mapping[str, Any] = (
            asdict(score(items, load_predicted(args.score))) if args.score else stats(items)
        )
    except ValidationError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    for key, value in [] if args.json else result.items():
        if isinstance(value, Mapping):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
