"""Scoring every claim at once: counts, support, flags and credibility as arrays.

The same rules as :mod:`provenance.scoring.score`, written over columns: each flag is a
mask over rows or citations reduced to claims; support multiplies the same numbers in
the same order (so the floats are equal, not just close); credibility is the rule of
:func:`provenance.scoring.support.credibility` as one selection.
"""

from __future__ import annotations

import attrs
import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from provenance.engine.coded import (
    AWARE,
    HEDGES,
    NAIVE,
    NO_DATE,
    RELIABILITIES,
    Columns,
    Floats,
    Ints,
)
from provenance.engine.network import among, max_lines, sorted_groups
from provenance.engine.witness import proven_lines
from provenance.model import PLAIN_HEDGES, Credibility, Flag, Hedge
from provenance.scoring.support import SupportModel

__all__ = ["FLAGS", "ClaimScores", "compete", "score_columns"]

FLAGS: tuple[Flag, ...] = tuple(Flag)
"""Flag column order."""
_FLAG = {flag: i for i, flag in enumerate(FLAGS)}


@frozen(eq=False)
class ClaimScores:
    """Every claim's numbers, flags and credibility, as arrays by claim code.

    Attributes
    ----------
    claim_ids : tuple of str
    independent, independent_max, independent_likely : ndarray of int
        As :class:`provenance.Corroboration`.
    support, own_support : ndarray of float
    credibility : ndarray of int
        Admiralty credibility, 1–6.
    flags : ndarray of bool, shape (claims, len(FLAGS))
        Column ``j`` is :data:`FLAGS` ``[j]``.
    declared : ndarray of bool
        Whether the declared sourcing proves a line (else the one line, if any, is an
        outlet stating the claim plainly without saying where it got it).
    """

    claim_ids: tuple[str, ...]
    independent: Ints
    independent_max: Ints
    independent_likely: Ints
    support: Floats
    own_support: Floats
    credibility: Ints
    flags: NDArray[np.bool_]
    declared: NDArray[np.bool_]

    def flags_of(self, index: int) -> tuple[Flag, ...]:
        """The flags of the claim with code `index`, in :class:`Flag`'s order."""
        return tuple(flag for flag, on in zip(FLAGS, self.flags[index], strict=True) if on)


def score_columns(columns: Columns, model: SupportModel | None = None) -> ClaimScores:
    """Score every claim of `columns` at once.

    Examples
    --------
    >>> import provenance as pv
    >>> from provenance.engine import columns_of, score_columns
    >>> g = pv.ProvenanceGraph()
    >>> for s in ("us", "kr", "ua", "article"):
    ...     _ = g.add_source(s)
    >>> _ = g.add_claim("troops")
    >>> _ = g.add_report("article", "troops", via=["us", "kr", "ua"])
    >>> scores = score_columns(columns_of(g))
    >>> int(scores.independent[0]), scores.flags_of(0), int(scores.credibility[0])
    (3, (), 1)
    """
    model = model if model is not None else SupportModel()
    n_claims, claim = len(columns.claim_ids), columns.claim
    live, observed, firsthand, implicit = (
        ~columns.retracted,
        columns.observed,
        columns.firsthand,
        columns.implicit,
    )
    citing, cited = columns.via_pairs()
    cites_nobody = np.diff(columns.via_start) == 0
    learned = dict(model.sources)
    grades = np.array([model.grade(r) for r in RELIABILITIES])
    right = grades[columns.reliability]
    for i, source in enumerate(columns.source_ids):
        if source in learned:
            right[i] = learned[source]
    right_row = right[columns.source]
    wording = np.array([model.hedge(h) for h in HEDGES])[columns.hedge]
    wording[implicit] = 1.0  # an implicit report has no words

    # The proven lines and what they are worth.
    (line_claim, _, chance), searched = proven_lines(columns, citing, cited, right_row, wording)
    n_lines = np.bincount(line_claim, minlength=n_claims)
    doubt = _ordered_product(line_claim, 1.0 - chance, n_claims)
    for c, lines in searched.items():
        n_lines[c] = len(lines)
        doubt[c] = _doubt(lines, right_row, wording, observed)
    own = 1.0 - doubt
    plain = np.isin(columns.hedge, [HEDGES.index(h) for h in PLAIN_HEDGES])
    floor = observed & live & plain & ~firsthand & cites_nobody
    has_floor = np.zeros(n_claims, dtype=bool)
    has_floor[claim[floor]] = True
    best = np.full(n_claims, -np.inf)
    np.maximum.at(best, claim[floor], right_row[floor] * wording[floor])
    own = np.where(has_floor, np.maximum(own, best), own)
    declared = n_lines > 0
    independent = np.where(declared, n_lines, has_floor.astype(np.int64))

    # The possible and likely counts: one flow each over every claim that needs it.
    possible = np.maximum(independent, _possible(columns, n_lines, cites_nobody, citing, cited))
    likely = possible
    if len(columns.copied):
        copier = np.repeat(np.arange(columns.n_rows), np.diff(columns.copied_start))
        has_copy = np.zeros(n_claims, dtype=bool)
        has_copy[claim[copier]] = True
        cites = (np.concatenate([citing, copier]), np.concatenate([cited, columns.copied]))
        names_nobody = cites_nobody & (np.diff(columns.copied_start) == 0)
        flow = max_lines(columns, firsthand | names_nobody, cites, only=has_copy)
        likely = np.where(has_copy, np.minimum(possible, np.maximum(independent, flow)), possible)

    flags = np.zeros((n_claims, len(FLAGS)), dtype=bool)
    flags[:, _FLAG[Flag.SINGLE_SOURCE]] = independent == 1
    flags[:, _FLAG[Flag.NO_ORIGIN]] = independent == 0
    flags[:, _FLAG[Flag.CIRCULAR]] = _in_cycle(columns, citing, cited)
    n_observed = np.bincount(claim[observed], minlength=n_claims)
    flags[:, _FLAG[Flag.ECHO]] = (n_observed >= 3) & (independent <= 1)
    uncertain = columns.hedge == HEDGES.index(Hedge.UNCERTAIN)
    worded = np.bincount(claim[~implicit], minlength=n_claims)
    unsure = np.bincount(claim[~implicit & uncertain], minlength=n_claims)
    hedged = (worded > 0) & (unsure == worded)
    flags[:, _FLAG[Flag.HEDGED]] = hedged
    dropped = uncertain[cited] & plain[citing] & ~implicit[cited]
    _raise(flags, Flag.HEDGE_DROPPED, claim[citing[dropped]])
    _raise(flags, Flag.TIME_INVERSION, claim[citing[_inverted(columns, citing, cited)]])
    _raise(flags, Flag.UNSOURCED, claim[observed & live & ~firsthand & cites_nobody])
    _raise(flags, Flag.CITES_RETRACTED, claim[citing[live[citing] & ~live[cited]]])

    alone = ClaimScores(
        claim_ids=columns.claim_ids,
        independent=independent.astype(np.int64),
        independent_max=possible.astype(np.int64),
        independent_likely=likely.astype(np.int64),
        support=own,
        own_support=own,
        credibility=np.zeros(n_claims, dtype=np.int64),
        flags=flags,
        declared=declared,
    )
    return compete(alone, columns.rival_start, columns.rival, model)


def compete(
    scores: ClaimScores, rival_start: Ints, rival: Ints, model: SupportModel | None = None
) -> ClaimScores:
    """Claims that cannot both be true compete: each keeps its own support times
    ``1 - own`` of each rival, in the order given (as the per-claim loop multiplies),
    is flagged CONTRADICTED, and is graded by :func:`provenance.scoring.support.credibility`.

    Parameters
    ----------
    scores : provenance.engine.score.ClaimScores
        Scores of claims alone (their support is their own).
    rival_start, rival : ndarray
        The rivals of claim ``c`` are ``rival[rival_start[c]:rival_start[c + 1]]``.

    Examples
    --------
    >>> import numpy as np
    >>> import provenance as pv
    >>> from provenance.engine import columns_of, compete, score_columns
    >>> g = pv.ProvenanceGraph()
    >>> for s in ("a", "b"):
    ...     _ = g.add_source(s)
    >>> for c in ("up", "down"):
    ...     _ = g.add_claim(c)
    >>> _ = g.add_report("a", "up", firsthand=True)
    >>> _ = g.add_report("b", "down", firsthand=True)
    >>> alone = score_columns(columns_of(g))   # no contradiction recorded yet
    >>> both = compete(alone, np.array([0, 1, 2]), np.array([1, 0]))
    >>> [round(float(x), 2) for x in both.support], both.credibility.tolist()
    ([0.24, 0.24], [4, 4])
    """
    model = model if model is not None else SupportModel()
    own, independent = scores.own_support, scores.independent
    n_rivals = np.diff(rival_start)
    support = own.copy()
    strongest = np.full(len(own), -1.0)
    for j in range(int(n_rivals.max(initial=0))):
        having = np.flatnonzero(n_rivals > j)
        rival_own = own[rival[rival_start[having] + j]]
        support[having] *= 1.0 - rival_own
        strongest[having] = np.maximum(strongest[having], rival_own)
    flags = scores.flags.copy()
    flags[:, _FLAG[Flag.CONTRADICTED]] = n_rivals > 0
    hedged = flags[:, _FLAG[Flag.HEDGED]]
    grade = np.select(
        [
            independent == 0,
            strongest - own >= model.margin,
            hedged | (strongest > own - model.margin) | (support < model.possible),
            (support < model.probable) | ~scores.declared,
            (support < model.confirmed) | (independent < 2),
        ],
        [6, 5, 4, 3, 2],  # cannot be judged, improbable, doubtful, possibly, probably true
        default=int(Credibility.CONFIRMED),
    )
    return attrs.evolve(scores, support=support, credibility=grade.astype(np.int64), flags=flags)


def _possible(
    columns: Columns, n_lines: Ints, cites_nobody: NDArray[np.bool_], citing: Ints, cited: Ints
) -> Ints:
    """The flow with unsourced reports as origins too. Read off where
    :func:`provenance.scoring.flow.lines_of_support` reads it off (each observed report
    naming nobody adds its group, when none is attributed and none shares a group with
    an attributed origin still searched for); one maximum flow for the other claims."""
    claim, live, observed, firsthand = (
        columns.claim,
        ~columns.retracted,
        columns.observed,
        columns.firsthand,
    )
    n_claims = len(columns.claim_ids)
    n_groups = int(columns.group.max(initial=0)) + 1
    key = claim * n_groups + columns.group[columns.source]
    counted = sorted_groups(key[live & firsthand & observed])[0]
    attributed_origins = key[live & firsthand & ~observed]
    searched = sorted_groups(attributed_origins[~among(attributed_origins, counted)])[0]
    naming_nobody = live & ~firsthand & cites_nobody
    unreadable = np.zeros(n_claims, dtype=bool)
    unreadable[claim[naming_nobody & ~observed]] = True
    nobody_keys = key[naming_nobody]
    unreadable[claim[naming_nobody][among(nobody_keys, searched)]] = True
    new = sorted_groups(nobody_keys[~among(nobody_keys, counted)])[0]
    possible = n_lines + np.bincount(new // n_groups, minlength=n_claims)
    if unreadable.any():
        flow = max_lines(columns, firsthand | cites_nobody, (citing, cited), only=unreadable)
        possible = np.where(unreadable, flow, possible)
    return possible


def _ordered_product(claims: Ints, factors: Floats, n_claims: int) -> Floats:
    """Per claim, the product of its factors taken in order (sorted by claim), one
    factor at a time as the per-claim loop multiplies: the same float, bit for bit."""
    product = np.ones(n_claims)
    if not len(claims):
        return product
    starts = np.searchsorted(claims, claims)  # each factor's claim's first factor
    rank = np.arange(len(claims)) - starts
    for j in range(int(rank.max()) + 1):
        at = rank == j
        product[claims[at]] *= factors[at]
    return product


def _doubt(
    lines: list[tuple[int, ...]], right: Floats, wording: Floats, observed: NDArray[np.bool_]
) -> float:
    """The chance every line is wrong, as the per-claim engine multiplies it."""
    doubt = 1.0
    for line in lines:
        origin = line[0]
        weakest, worded = float(right[origin]), 1.0
        for row in line:
            if row != origin and not observed[row]:
                weakest = min(weakest, float(right[row]))
            worded = min(worded, float(wording[row]))
        doubt *= 1.0 - weakest * worded
    return doubt


def _raise(flags: NDArray[np.bool_], flag: Flag, claims: Ints) -> None:
    flags[claims, _FLAG[flag]] = True


def _in_cycle(columns: Columns, citing: Ints, cited: Ints) -> NDArray[np.bool_]:
    """By claim: whether its citations go round a cycle (a strongly connected set of
    two reports or more: a report never cites itself)."""
    from scipy.sparse import csr_array  # see network.max_lines
    from scipy.sparse.csgraph import connected_components

    n = columns.n_rows
    found = np.zeros(len(columns.claim_ids), dtype=bool)
    # A cycle only passes citations from a cited report to one that cites: most
    # citations (those of an origin) cannot be on one, and need not be in the graph.
    cites = np.diff(columns.via_start) > 0
    is_cited = np.zeros(n, dtype=bool)
    is_cited[cited] = True
    within = is_cited[citing] & cites[cited]
    citing, cited = citing[within], cited[within]
    if not len(citing):
        return found
    graph = csr_array((np.ones(len(citing), dtype=np.int8), (citing, cited)), shape=(n, n))
    _, label = connected_components(graph, directed=True, connection="strong")
    size = np.bincount(label)
    found[columns.claim[size[label] > 1]] = True
    return found


def _inverted(columns: Columns, citing: Ints, cited: Ints) -> NDArray[np.bool_]:
    """By citation: the citing report was published before what it cites (exactly when
    both are datetimes of the same kind, else by day)."""
    kind_a, kind_b = columns.kind[citing], columns.kind[cited]
    exact = (kind_a == kind_b) & ((kind_a == NAIVE) | (kind_a == AWARE))
    earlier = np.where(
        exact,
        columns.instant[citing] < columns.instant[cited],
        columns.day[citing] < columns.day[cited],
    )
    inverted: NDArray[np.bool_] = (kind_a != NO_DATE) & (kind_b != NO_DATE) & earlier
    return inverted
