"""Shared wording: reports whose published text repeats another's, word for word.

Each report's `text` becomes its set of word **shingles** (runs of `k` words, lower
case, punctuation dropped), hashed to 64 bits from the words' numbers in order of first
sight (the same on every run, unlike Python's salted ``hash``). Two reports on the same
claim by different sources are compared when they share a shingle; the **containment**
of one in the other is the share of its shingles found in the other's. A long shared
run means a high containment: the later report (by its publication time; the one more
contained, when the times do not say) is the suspected copier, and the containment is
the chance of copying.

Candidate pairs come from grouping equal shingles (a sort, not an index of lists), so
only reports that share wording are ever compared; a shingle found in more than
`max_common` reports of a claim (boilerplate, a much-quoted statement, mass copying)
proposes no pairs. Mass copying does not hide that way: the reports holding such a
shingle are linked by a MinHash signature of their whole wording (two minima: reports
sharing either are linked, so identical wording always lands together and near-identical
wording almost always), and in each linked set, the reports contained in the earliest
report of the commonest signature (or in an earlier one of those) are a
:class:`WordingGroup` — one match per member, never a pair per two members.

Cost: the reports are taken claim by claim, in batches of about 256k characters;
per batch, O(W log W) for W words and the pairs proposed by shingles that at most
`max_common` reports share (at most ``max_common / 2`` per shingle held). Memory holds
one batch's shingles as 64-bit integers, a few tens of bytes per word, whatever the
corpus's size.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt
from attrs import frozen
from scipy import sparse
from scipy.sparse import csgraph

from provenance.model import Report
from provenance.scoring import rules

__all__ = ["Wording", "WordingGroup", "WordingMatch", "find_wording", "shingles", "wording_matches"]

_WORD = re.compile(r"\w+")
_BATCH = 1 << 18  # characters of text per batch: bounds the memory, amortises numpy
_Hashes = npt.NDArray[np.uint64]
_Ints = npt.NDArray[np.int64]
_SHORT = np.uint64(0x8EBC6AF09C88C6E3)  # marks a text shorter than a shingle
_SEEDS = (np.uint64(0x243F6A8885A308D3), np.uint64(0x13198A2E03707344))  # MinHash's two


def _mix(z: _Hashes) -> _Hashes:
    """splitmix64's finaliser: every input bit moves every output bit."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    mixed: _Hashes = z ^ (z >> np.uint64(31))
    return mixed


def _places(k: int) -> _Hashes:
    """An odd 64-bit multiplier per word place: a shingle's hash is Σ hash(word) ·
    place, wrapping at 2⁶⁴."""
    places: _Hashes = _mix(np.arange(1, k + 1, dtype=np.uint64)) | np.uint64(1)
    return places


WordingMatch = tuple[Report, Report, float]
"""(copier's report, original's report, containment of the copier's text in the original's)."""


@frozen
class WordingGroup:
    """Reports of one claim with the same wording: the earliest and the others.

    Attributes
    ----------
    original : Report
        The earliest published (the first given, when the times do not say).
    copies : tuple of (Report, float)
        Every other report in the group, with its containment in the original's text.
    """

    original: Report
    copies: tuple[tuple[Report, float], ...]

    @property
    def size(self) -> int:
        """How many reports share the wording, the original included."""
        return 1 + len(self.copies)


@frozen
class Wording:
    """What shared wording shows: pairs, and groups too large to compare by pairs."""

    matches: tuple[WordingMatch, ...]
    groups: tuple[WordingGroup, ...]


def shingles(text: str, k: int = 5) -> set[int]:
    """The hashed runs of `k` words of `text` (all of it, if it is shorter).

    >>> len(shingles("One two three four five six", k=5))
    2
    """
    hashes, _ = _hash_texts([text], k)
    return {int(h) for h in hashes}


def wording_matches(
    reports: Iterable[Report],
    *,
    k: int = 5,
    min_containment: float = 0.5,
    max_common: int = 50,
) -> list[WordingMatch]:
    """Pairs of reports on the same claim, by different sources, whose texts share
    enough wording; the copier first.

    Examples
    --------
    >>> from provenance.model import Report
    >>> wire = Report("reuters", "c", text="Troops crossed the border at dawn on Monday, "
    ...               "officials said.", published="2024-12-26T09:00")
    >>> echo = Report("blog", "c", text="BREAKING: Troops crossed the border at dawn on "
    ...               "Monday, officials said.", published="2024-12-26T09:20")
    >>> [(a.source, b.source, round(c, 2)) for a, b, c in wording_matches([wire, echo])]
    [('blog', 'reuters', 0.86)]
    """
    found = find_wording(reports, k=k, min_containment=min_containment, max_common=max_common)
    return list(found.matches)


def find_wording(
    reports: Iterable[Report],
    *,
    k: int = 5,
    min_containment: float = 0.5,
    max_common: int = 50,
) -> Wording:
    """The pairs :func:`wording_matches` gives, and the groups of reports whose shared
    wording more than `max_common` reports of a claim hold.

    Examples
    --------
    >>> from provenance.model import Report
    >>> text = "Troops crossed the border at dawn on Monday, officials said."
    >>> same = [Report(f"s{i}", "c", text=text, published=f"2024-12-26T09:{i:02d}")
    ...         for i in range(60)]
    >>> found = find_wording(same)
    >>> found.matches, [(g.original.source, g.size) for g in found.groups]
    ((), [('s0', 60)])
    """
    by_claim: dict[str, list[Report]] = {}
    for report in reports:
        if report.text and not report.implicit:
            by_claim.setdefault(report.claim, []).append(report)
    matches: list[WordingMatch] = []
    groups: list[WordingGroup] = []
    batch: list[Report] = []
    size = 0
    for claim_reports in by_claim.values():
        batch += claim_reports
        size += sum(len(r.text or "") for r in claim_reports)
        if size >= _BATCH:
            _scan(batch, k, min_containment, max_common, matches, groups)
            batch, size = [], 0
    _scan(batch, k, min_containment, max_common, matches, groups)
    matches.sort(key=lambda m: (-m[2], m[0].source, m[1].source, m[0].claim))
    groups.sort(key=lambda g: (g.original.claim, g.original.source))
    return Wording(tuple(matches), tuple(groups))


def _hash_texts(texts: list[str], k: int) -> tuple[_Hashes, _Ints]:
    """Every text's shingle hashes, and the text each belongs to (repeats kept)."""
    counts: list[int] = []
    # Words numbered by first sight, not by hash(): Python salts string hashes per
    # process, and MinHash groups must come out the same on every run.
    number = itertools.count()
    known: dict[str, int] = {}

    def numbered(text: str) -> Iterator[int]:
        words = _WORD.findall(text.lower())  # one text's words alive at a time
        counts.append(len(words))
        return map(known.setdefault, words, number)

    ids = np.fromiter(itertools.chain.from_iterable(map(numbered, texts)), dtype=np.int64)
    h = _mix(ids.astype(np.uint64) + _SHORT)
    lengths = np.array(counts, dtype=np.int64)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    end = np.cumsum(lengths)
    if len(h) >= k:  # every run of k words that stays within one text
        starts = np.arange(len(h) - k + 1)
        starts = starts[starts + k <= end[owner[starts]]]
    else:
        starts = np.zeros(0, dtype=np.int64)
    places = _places(k)
    runs = np.zeros(len(starts), dtype=np.uint64)
    for place in range(k):
        runs += h[starts + place] * places[place]
    short = np.flatnonzero((lengths > 0) & (lengths < k))  # the whole text, as one
    tails = np.zeros(len(short), dtype=np.uint64)
    first = end[short] - lengths[short]
    for place in range(k - 1):
        inside = place < lengths[short]
        at = np.where(inside, first + place, 0)
        tails += np.where(inside, h[at] * places[place], np.uint64(0))
    tails += lengths[short].astype(np.uint64) * _SHORT
    return np.concatenate([runs, tails]), np.concatenate([owner[starts], short])


def _scan(
    batch: list[Report],
    k: int,
    min_containment: float,
    max_common: int,
    matches: list[WordingMatch],
    groups: list[WordingGroup],
) -> None:
    """Add the matches and groups among `batch` (whole claims, one after another)."""
    if not batch:
        return
    hashes, owner = _hash_texts([r.text or "" for r in batch], k)
    order = np.lexsort((hashes, owner))  # each report's distinct shingles, ascending
    hashes, owner = hashes[order], owner[order]
    distinct = np.ones(len(hashes), dtype=bool)
    distinct[1:] = (owner[1:] != owner[:-1]) | (hashes[1:] != hashes[:-1])
    hashes, owner = hashes[distinct], owner[distinct]
    sizes = np.bincount(owner, minlength=len(batch))
    claim = _codes([r.claim for r in batch])
    order = np.lexsort((owner, hashes, claim[owner]))  # runs of one claim and shingle
    holders = owner[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (hashes[order][1:] != hashes[order][:-1]) | (
        claim[holders][1:] != claim[holders][:-1]
    )
    run = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    end = np.append(starts[1:], len(order))[run]
    held = end - starts[run]
    matches += _pairs(batch, holders, end, held, sizes, min_containment, max_common)
    mass = np.zeros(len(batch), dtype=bool)
    mass[holders[held > max_common]] = True
    if mass.any():
        groups += _groups(batch, hashes, owner, sizes, claim, mass, min_containment)


def _pairs(
    batch: list[Report],
    holders: _Ints,
    end: _Ints,
    held: _Ints,
    sizes: _Ints,
    min_containment: float,
    max_common: int,
) -> list[WordingMatch]:
    """Pairs of reports sharing shingles that at most `max_common` reports hold."""
    position = np.arange(len(holders))
    after = np.where((held >= 2) & (held <= max_common), end - position - 1, 0)
    first = np.repeat(position, after)
    offsets = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after)
    a, b = holders[first], holders[first + 1 + offsets]  # a listed before b
    source = _codes([r.source for r in batch])
    apart = source[a] != source[b]
    keys, common = np.unique(a[apart] * len(batch) + b[apart], return_counts=True)
    a, b = keys // len(batch), keys % len(batch)
    in_a, in_b = common / sizes[a], common / sizes[b]  # a's text found in b's
    found: list[WordingMatch] = []
    for i in np.flatnonzero(np.maximum(in_a, in_b) >= min_containment):
        ra, rb = batch[a[i]], batch[b[i]]
        copier, original = _direction(ra, rb, float(in_a[i]), float(in_b[i]))
        containment = float(in_a[i] if copier is ra else in_b[i])
        if containment >= min_containment:
            found.append((copier, original, containment))
    return found


def _groups(
    batch: list[Report],
    hashes: _Hashes,
    owner: _Ints,
    sizes: _Ints,
    claim: _Ints,
    mass: npt.NDArray[np.bool_],
    min_containment: float,
) -> list[WordingGroup]:
    """Reports holding a mass shingle, linked when they share a claim and either
    MinHash minimum; in each linked set, the members enough of whose wording is in the
    earliest report of its commonest signature (then in the earliest of those)."""
    starts = np.cumsum(sizes) - sizes
    held = np.flatnonzero(sizes > 0)
    signature = [np.zeros(len(batch), dtype=np.uint64) for _ in _SEEDS]
    for column, seed in zip(signature, _SEEDS, strict=True):
        column[held] = np.minimum.reduceat(_mix(hashes + seed), starts[held])
    chosen = np.flatnonzero(mass)
    links = []
    for column in signature:
        ordered = chosen[np.lexsort((chosen, column[chosen], claim[chosen]))]
        fresh = np.ones(len(ordered), dtype=bool)
        fresh[1:] = (claim[ordered][1:] != claim[ordered][:-1]) | (
            column[ordered][1:] != column[ordered][:-1]
        )
        links.append((ordered, ordered[np.flatnonzero(fresh)][np.cumsum(fresh) - 1]))
    tail = np.concatenate([link[0] for link in links])
    head = np.concatenate([link[1] for link in links])
    graph = sparse.coo_matrix((np.ones(len(tail)), (tail, head)), shape=(len(batch),) * 2)
    component = csgraph.connected_components(graph, directed=False)[1]
    chosen = chosen[np.argsort(component[chosen], kind="stable")]
    found = []
    for linked in np.split(chosen, np.flatnonzero(np.diff(component[chosen])) + 1):
        if len(linked) < 2:
            continue
        members = [int(m) for m in linked]
        core = Counter((int(signature[0][m]), int(signature[1][m])) for m in members)
        common = core.most_common(1)[0][0]
        first = _earliest(
            [m for m in members if (signature[0][m], signature[1][m]) == common], batch
        )
        copies = _contained(batch, hashes, starts, sizes, first, members, min_containment)
        original = _earliest([first, *(m for m, _ in copies)], batch)
        if original != first:  # a near copy published before: the original after all
            copies = _contained(batch, hashes, starts, sizes, original, members, min_containment)
        if copies:
            found.append(WordingGroup(batch[original], tuple((batch[m], c) for m, c in copies)))
    return found


def _contained(
    batch: list[Report],
    hashes: _Hashes,
    starts: _Ints,
    sizes: _Ints,
    original: int,
    members: list[int],
    min_containment: float,
) -> list[tuple[int, float]]:
    """The members (by other sources) at least `min_containment` contained in
    `original`'s wording, with their containment."""
    theirs = hashes[starts[original] : starts[original] + sizes[original]]
    kept = []
    for member in members:
        if member == original or batch[member].source == batch[original].source:
            continue
        mine = hashes[starts[member] : starts[member] + sizes[member]]
        at = np.minimum(np.searchsorted(theirs, mine), len(theirs) - 1)
        containment = float(np.count_nonzero(theirs[at] == mine) / len(mine))
        if containment >= min_containment:
            kept.append((member, containment))
    return kept


def _codes(names: list[str]) -> _Ints:
    """Each name as an integer, equal names equal."""
    index: dict[str, int] = {}
    return np.array([index.setdefault(n, len(index)) for n in names], dtype=np.int64)


def _earliest(members: list[int], batch: list[Report]) -> int:
    """The member published first (the first given, where the times do not say)."""
    best = members[0]
    for member in members[1:]:
        if rules.published_before(batch[member].published, batch[best].published):
            best = member
    return best


def _direction(a: Report, b: Report, in_a: float, in_b: float) -> tuple[Report, Report]:
    """(copier, original): the later report (by the time inversion rule's order), or
    the one more contained in the other."""
    if rules.published_before(b.published, a.published):
        return a, b
    if rules.published_before(a.published, b.published):
        return b, a
    return (a, b) if in_a >= in_b else (b, a)
