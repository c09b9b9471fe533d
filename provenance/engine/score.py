"""Scoring every claim at once: counts, support, flags and credibility as arrays.

The rules are :mod:`provenance.scoring.rules`', the very functions the per-claim engine
calls, here given arrays: by row and by citation (which report names nobody, which
citation drops a hedge or is dated before what it cites), then by claim (the flags,
credibility). What this module adds is how the arrays are worked out: each claim's
summary reduced from rows and citations; support multiplied in the same order as the
per-claim loop (so the floats are equal, not just close).
"""

from __future__ import annotations

import math

import attrs
import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from provenance._arrays import (
    Bools,
    Floats,
    Ints,
    among,
    marked,
    n_codes,
    owners,
    pair_keys,
    sorted_distinct,
    split_keys,
)
from provenance.engine.coded import HEDGES, RELIABILITIES, Columns
from provenance.engine.network import max_lines
from provenance.engine.witness import proven_lines, weakest_link
from provenance.model import PLAIN_HEDGES, Flag, Hedge
from provenance.scoring import rules
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
    rows = _Rows.of(columns, model)
    independent, own, declared = _proven(columns, rows)
    possible = rules.possible_count(independent, _possible(columns, independent, declared, rows))
    alone = ClaimScores(
        claim_ids=columns.claim_ids,
        independent=independent,
        independent_max=possible,
        independent_likely=_likely(columns, rows, independent, possible),
        support=own,
        own_support=own,
        credibility=np.zeros(len(columns.claim_ids), dtype=np.int64),
        flags=_flags(columns, rows, independent),
        declared=declared,
    )
    return compete(alone, columns.rival_start, columns.rival, model)


@frozen
class _Rows:
    """What the rules read of each row and citation, worked out once."""

    live: Bools
    cites_nobody: Bools
    plain: Bools  # worded as confirmed or asserted
    unsourced: Bools  # rules.without_source: unsourced, and stating the claim plainly so
    states_plainly: Bools
    right: Floats  # the chance the row's source is right (its grade, or learned)
    wording: Floats  # rules.wording
    citing: Ints  # each citation: (citing row, cited row)
    cited: Ints

    @classmethod
    def of(cls, columns: Columns, model: SupportModel) -> _Rows:
        live, cites_nobody = ~columns.retracted, np.diff(columns.via_start) == 0
        learned = dict(model.sources)
        right = np.array([model.grade(r) for r in RELIABILITIES])[columns.reliability]
        for i, source in enumerate(columns.source_ids):
            if source in learned:
                right[i] = learned[source]
        weights = np.array([model.hedge(h) for h in HEDGES])[columns.hedge]
        plain = np.isin(columns.hedge, [HEDGES.index(h) for h in PLAIN_HEDGES])
        unsourced, states_plainly = rules.without_source(
            columns.observed, live, columns.firsthand, cites_nobody, plain
        )
        return cls(
            live=live,
            cites_nobody=cites_nobody,
            plain=plain,
            unsourced=unsourced,
            states_plainly=states_plainly,
            right=right[columns.source],
            wording=rules.wording(weights, columns.implicit),
            citing=columns.via_pairs()[0],
            cited=columns.via,
        )


def _proven(columns: Columns, rows: _Rows) -> tuple[Ints, Floats, Bools]:
    """By claim: (proven lines, own support, whether the declared sourcing proves a
    line). With no line proven, an outlet that states the claim plainly without a
    source is the one line; own support is never below its word."""
    n_claims, claim = len(columns.claim_ids), columns.claim
    (line_claim, _, chance), searched_lines = proven_lines(
        columns, rows.citing, rows.cited, rows.right, rows.wording
    )
    n_lines = np.bincount(line_claim, minlength=n_claims)
    doubt = _ordered_doubt(line_claim, chance, n_claims)
    for c, lines in searched_lines.items():
        n_lines[c] = len(lines)
        doubt[c] = _doubt(lines, rows.right, rows.wording, columns.observed)
    plain_outlets = np.flatnonzero(rows.states_plainly)  # each a line alone
    alone = weakest_link(None, plain_outlets, columns.observed, rows.right)
    best_plain = np.full(n_claims, rules.NO_PLAIN)
    outlet_chance = rules.line_chance(alone, rows.wording[plain_outlets])
    np.maximum.at(best_plain, claim[plain_outlets], outlet_chance)
    declared = n_lines > 0
    has_plain_outlet = marked(claim[plain_outlets], n_claims)
    independent = np.where(declared, n_lines, has_plain_outlet).astype(np.int64)
    return independent, rules.own_support(doubt, best_plain), declared


def _likely(columns: Columns, rows: _Rows, independent: Ints, possible: Ints) -> Ints:
    """The possible count once suspected copying counts as citing: one flow over every
    claim with a suspected copy."""
    if not len(columns.copied):
        return possible
    copier = owners(np.diff(columns.copied_start))
    has_copy = marked(columns.claim[copier], len(columns.claim_ids))
    cites = (np.concatenate([rows.citing, copier]), np.concatenate([rows.cited, columns.copied]))
    names_nobody = rows.cites_nobody & (np.diff(columns.copied_start) == 0)
    flow = max_lines(columns, columns.firsthand | names_nobody, cites, only=has_copy)
    likely: Ints = np.where(has_copy, rules.likely_count(independent, possible, flow), possible)
    return likely


def _flags(columns: Columns, rows: _Rows, independent: Ints) -> NDArray[np.bool_]:
    """Every claim's flags, column ``j`` :data:`FLAGS` ``[j]``: each claim's summary,
    reduced from its rows and citations, given to :func:`provenance.scoring.rules.flags`."""
    n_claims, claim, implicit = len(columns.claim_ids), columns.claim, columns.implicit
    citing, cited = rows.citing, rows.cited
    uncertain = columns.hedge == HEDGES.index(Hedge.UNCERTAIN)
    worded = np.bincount(claim[~implicit], minlength=n_claims)
    unsure = np.bincount(claim[~implicit & uncertain], minlength=n_claims)
    dropped = rules.hedge_dropped(rows.plain[citing], uncertain[cited], implicit[cited])
    inverted = rules.dated_before(
        (columns.kind[citing], columns.day[citing], columns.instant[citing]),
        (columns.kind[cited], columns.day[cited], columns.instant[cited]),
    )
    retracted = rules.cites_retracted(rows.live[citing], rows.live[cited])
    raised = rules.flags(
        independent=independent,
        observed=np.bincount(claim[columns.observed], minlength=n_claims),
        hedged=rules.hedged(worded, unsure),
        cycle=_in_cycle(columns, citing, cited),
        hedge_dropped=marked(claim[citing[dropped]], n_claims),
        time_inverted=marked(claim[citing[inverted]], n_claims),
        rivals=np.diff(columns.rival_start),
        unsourced=marked(claim[rows.unsourced], n_claims),
        cites_retracted=marked(claim[citing[retracted]], n_claims),
    )
    return np.column_stack([raised[flag] for flag in FLAGS])


def compete(
    scores: ClaimScores, rival_start: Ints, rival: Ints, model: SupportModel | None = None
) -> ClaimScores:
    """Claims that cannot both be true compete: each keeps its own support times
    ``1 - own`` of each rival, in the order given (as the per-claim loop multiplies),
    raises the flags of :func:`provenance.scoring.rules.rival_flags`, and is graded by
    :func:`provenance.scoring.rules.credibility`.

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
    strongest = np.full(len(own), rules.NO_RIVAL)
    for j in range(int(n_rivals.max(initial=0))):
        having = np.flatnonzero(n_rivals > j)
        rival_own = own[rival[rival_start[having] + j]]
        support[having] = rules.against(support[having], rival_own)
        strongest[having] = np.maximum(strongest[having], rival_own)
    flags = scores.flags.copy()
    for flag, raised in rules.rival_flags(n_rivals).items():
        flags[:, _FLAG[flag]] = raised
    grade = rules.credibility(
        independent,
        support,
        own=own,
        strongest=strongest,
        hedged=flags[:, _FLAG[Flag.HEDGED]],
        declared=scores.declared,
        model=model,
    )
    return attrs.evolve(scores, support=support, credibility=grade, flags=flags)


def _possible(columns: Columns, independent: Ints, declared: Bools, rows: _Rows) -> Ints:
    """The flow with unsourced reports as origins too. Read off where
    :func:`provenance.scoring.flow.lines_of_support` reads it off (each report that
    names nobody adds its group, when :func:`provenance.scoring.rules.reads_off` says it
    can); one maximum flow for the other claims."""
    claim, observed, firsthand = columns.claim, columns.observed, columns.firsthand
    n_lines = np.where(declared, independent, 0)
    n_claims = len(columns.claim_ids)
    n_groups = n_codes(columns.group)
    key = pair_keys(claim, columns.group[columns.source], n_groups)  # by row: (claim, group)
    observed_groups = sorted_distinct(key[rows.live & firsthand & observed])
    attributed_origins = key[rows.live & firsthand & ~observed]
    attributed_groups = sorted_distinct(
        attributed_origins[~among(attributed_origins, observed_groups)]
    )  # where the proven lines were searched for
    naming_nobody = rules.names_nobody(rows.live, firsthand, rows.cites_nobody)
    nobody_keys = key[naming_nobody]
    readable = rules.reads_off(observed[naming_nobody], among(nobody_keys, attributed_groups))
    unreadable = marked(claim[naming_nobody][~readable], n_claims)
    added_groups = sorted_distinct(nobody_keys[~among(nobody_keys, observed_groups)])
    added_claim, _ = split_keys(added_groups, n_groups)
    possible = n_lines + np.bincount(added_claim, minlength=n_claims)
    if unreadable.any():
        origin = firsthand | rows.cites_nobody
        flow = max_lines(columns, origin, (rows.citing, rows.cited), only=unreadable)
        possible = np.where(unreadable, flow, possible)
    return possible


def _ordered_doubt(claims: Ints, chances: Floats, n_claims: int) -> Floats:
    """Per claim, the chance all its lines are wrong (:func:`rules.doubt_with
    <provenance.scoring.rules.doubt_with>`), lines taken in order (sorted by claim), one
    at a time as the per-claim loop multiplies: the same float, bit for bit."""
    doubt = np.ones(n_claims)
    if not len(claims):
        return doubt
    starts = np.searchsorted(claims, claims)  # each line's claim's first line
    rank = np.arange(len(claims)) - starts
    for j in range(int(rank.max()) + 1):
        at = rank == j
        doubt[claims[at]] = rules.doubt_with(doubt[claims[at]], chances[at])
    return doubt


def _doubt(
    lines: list[tuple[int, ...]], right: Floats, wording: Floats, observed: NDArray[np.bool_]
) -> float:
    """The chance every line is wrong, as the per-claim engine multiplies it (each
    line's chance as :func:`provenance.scoring.support.line_chance` works it out)."""
    doubt = 1.0
    weakens, line_chance, doubt_with = rules.weakens_line, rules.line_chance, rules.doubt_with
    chance_of, seen, words = right.item, observed.item, wording.item  # Python scalars
    for line in lines:
        weakest, worded, origin = math.inf, 1.0, line[0]
        for row in line:
            if weakens(row == origin, seen(row)):
                chance = chance_of(row)
                if chance < weakest:  # min(), without the call
                    weakest = chance
            weight = words(row)
            if weight < worded:
                worded = weight
        doubt = doubt_with(doubt, line_chance(weakest, worded))
    return doubt


def _in_cycle(columns: Columns, citing: Ints, cited: Ints) -> NDArray[np.bool_]:
    """By claim: whether its citations go round a cycle (a strongly connected set of
    two reports or more: a report never cites itself)."""
    from scipy.sparse import csr_array  # see network.max_lines
    from scipy.sparse.csgraph import connected_components

    n, n_claims = columns.n_rows, len(columns.claim_ids)
    # A cycle only passes citations from a cited report to one that cites: most
    # citations (those of an origin) cannot be on one, and need not be in the graph.
    cites = np.diff(columns.via_start) > 0
    within = marked(cited, n)[citing] & cites[cited]
    citing, cited = citing[within], cited[within]
    if not len(citing):
        return np.zeros(n_claims, dtype=bool)
    graph = csr_array((np.ones(len(citing), dtype=np.int8), (citing, cited)), shape=(n, n))
    _, label = connected_components(graph, directed=True, connection="strong")
    size = np.bincount(label)
    return marked(columns.claim[size[label] > 1], n_claims)
