"""The proven lines of every claim, the same witness the per-claim engine gives.

A claim's support weighs one witness set of lines, so the bulk engine must find the
very lines :func:`provenance.scoring.flow.lines_of_support` finds, not just as many:

- each group holding an observed origin is a line, its least origin alone;
- where no attributed source cites an attributed one (most claims), each other group is
  a line when one of its attributed origins is cited by an observed report: the least
  such origin, then its least observed citer — read off with array operations;
- where attributed sources relay each other in chains that never meet (every source
  relayed by at most one, relaying at most one, no cycle, no origin on another's
  chain), lines cannot compete: each group's line runs from its least origin whose
  chain reaches an exit, down to it. All chains are walked a step at a time at once;
- the other claims, where lines can compete for a relay, take the per-claim engine's
  own search, :func:`provenance.scoring.flow.search_lines`, over row numbers. Rows are
  sorted by source id within a claim, so row order is id order and the search takes
  the same steps.

A property test holds the two engines equal on every claim, with a strategy where lines
compete for relays.
"""

from __future__ import annotations

import numpy as np

from provenance.engine.coded import Bools, Columns, Floats, Ints
from provenance.engine.network import among, sorted_groups
from provenance.scoring import rules
from provenance.scoring.flow import search_lines

__all__ = ["Lines", "proven_lines", "weakest_link"]

Lines = tuple[Ints, Ints, Floats]
"""(claim, origin row, chance) of each line, sorted by claim then origin. A claim's
lines have distinct origins, so this is the order of the lines as sorted tuples."""


def proven_lines(
    columns: Columns, citing: Ints, cited: Ints, right: Floats, wording: Floats
) -> tuple[Lines, dict[int, list[tuple[int, ...]]]]:
    """Every claim's proven lines and each line's chance (`right` and `wording` by row,
    as :func:`provenance.scoring.rules.line_chance` takes them): (the lines found with
    array operations; the lines of each claim left to the search, as sorted row tuples).
    """
    live, observed, claim = ~columns.retracted, columns.observed, columns.claim
    group = columns.group[columns.source]
    n_groups = int(columns.group.max(initial=0)) + 1
    attributed = live & ~observed
    relay = attributed[citing] & attributed[cited]
    relay_citing, relay_cited = citing[relay], cited[relay]
    searched = np.zeros(len(columns.claim_ids), dtype=bool)
    searched[claim[relay_citing]] = True
    origin = live & columns.firsthand
    # A group with an observed origin: one line, its least origin (rows are in id order).
    counted_rows = np.flatnonzero(origin & observed)
    keys = claim[counted_rows] * n_groups + group[counted_rows]
    counted_keys, _ = sorted_groups(keys)
    counted = counted_rows[_first_of_each(keys, counted_rows)]
    # Exits: attributed rows an observed report cites, with their least citer.
    exiting = live[citing] & observed[citing] & attributed[cited]
    least_citer = np.full(columns.n_rows, -1, dtype=np.int64)
    exit_rows, exit_citers = cited[exiting], citing[exiting]
    order = np.lexsort((-exit_citers, exit_rows))  # the least citer written last wins
    least_citer[exit_rows[order]] = exit_citers[order]
    # Attributed origins of groups with no observed origin: where lines are searched for.
    entering = np.flatnonzero(origin & ~observed)
    keys_e = claim[entering] * n_groups + group[entering]
    fresh = ~among(keys_e, counted_keys)
    entering, keys_e = entering[fresh], keys_e[fresh]
    # Where lines cannot compete (no relays), each group's least origin that is an exit.
    flat = ~searched[claim[entering]] & (least_citer[entering] >= 0)
    read_off = entering[flat][_first_of_each(keys_e[flat], entering[flat])]
    # Where relays form disjoint chains, each group's least origin whose chain reaches
    # an exit; the other claims are searched.
    starts, keys_s = entering[~flat], keys_e[~flat]
    weakest, worded, end, tangled = _walk_chains(
        columns, searched, starts, relay_citing, relay_cited, least_citer, right, wording
    )

    reached = np.flatnonzero(~tangled[claim[starts]] & (end >= 0))
    first = reached[_first_of_each(keys_s[reached], starts[reached])]

    counted_kept = counted[~tangled[claim[counted]]]
    citer = least_citer[read_off]
    origins = np.concatenate([counted_kept, read_off, starts[first]])
    # Each line's chance by rules.line_chance: its weakest link (rules.weakens_line),
    # its most hedged words; the last link is the observed citer of the exit reached.
    alone = weakest_link(None, counted_kept, observed, right)
    read_off_weakest = weakest_link(
        weakest_link(None, read_off, observed, right), citer, observed, right
    )
    chain_weakest = weakest_link(weakest[first], end[first], observed, right)
    chance = np.concatenate(
        [
            rules.line_chance(alone, wording[counted_kept]),
            rules.line_chance(read_off_weakest, np.minimum(wording[read_off], wording[citer])),
            rules.line_chance(chain_weakest, np.minimum(worded[first], wording[end[first]])),
        ]
    )
    line_claim = claim[origins]
    order = np.lexsort((origins, line_claim))
    lines = (line_claim[order], origins[order], chance[order])

    # The search, claim by claim, over what the arrays found.
    claims = np.flatnonzero(tangled)
    in_search = tangled[claim[entering]]
    relayed = tangled[claim[relay_citing]]
    searches = _Searches(
        claims,
        (claim[entering[in_search]], entering[in_search], group[entering[in_search]]),
        (claim[relay_citing[relayed]], relay_cited[relayed], relay_citing[relayed]),
        least_citer,
        claim,
    )
    found = {}
    counted_of = _slices(claim[counted], claims)
    counted_list = counted.tolist()
    for i, c in enumerate(claims.tolist()):
        a, b = counted_of[i]
        found_lines: list[tuple[int, ...]] = [(row,) for row in counted_list[a:b]]
        found_lines += searches.lines(i)
        found[c] = sorted(found_lines)
    return lines, found


def _walk_chains(
    columns: Columns,
    searched: Bools,
    starts: Ints,
    relay_citing: Ints,
    relay_cited: Ints,
    least_citer: Ints,
    right: Floats,
    wording: Floats,
) -> tuple[Floats, Floats, Ints, Bools]:
    """Follow each start (an attributed origin of a claim with relays) down its chain of
    attributed relays to the first exit, all starts a step at a time.

    Lines cannot compete where every attributed source is relayed by at most one
    attributed source and relays at most one, the relays go round no cycle, and no start
    lies on another's chain: then the search takes, for each group, its least origin
    whose chain reaches an exit. The claims where that does not hold are *tangled*.

    Returns, by start, the weakest chance on its chain, the most hedged wording and the
    citer of the exit reached (or -1); and, by claim, whether it is tangled.
    """
    claim, n = columns.claim, columns.n_rows
    out_degree = np.bincount(relay_cited, minlength=n)
    in_degree = np.bincount(relay_citing, minlength=n)
    plain = searched.copy()
    plain[claim[(out_degree > 1) | (in_degree > 1)]] = False
    next_row = np.full(n, -1, dtype=np.int64)
    next_row[relay_cited] = relay_citing  # one relayer each, where it matters
    is_start = np.zeros(n, dtype=bool)
    is_start[starts] = True
    current = starts.copy()
    weakest, worded = weakest_link(None, starts, columns.observed, right), wording[starts].copy()
    end = np.full(len(starts), -1, dtype=np.int64)
    active = plain[claim[starts]]
    broken = np.zeros(len(searched), dtype=bool)
    for _ in range(n + 1):  # a chain is at most every row long; a cycle is broken below
        at_exit = active & (least_citer[current] >= 0)
        end[at_exit] = least_citer[current[at_exit]]
        active &= ~at_exit
        if not active.any():
            break
        following = next_row[current[active]]
        moving = np.flatnonzero(active)
        stopped = following < 0
        active[moving[stopped]] = False  # a dead end: no line from this start
        moving, following = moving[~stopped], following[~stopped]
        onto_start = is_start[following]
        broken[claim[starts[moving[onto_start]]]] = True  # a start on another's chain
        current[moving] = following
        weakest[moving] = weakest_link(weakest[moving], following, columns.observed, right)
        worded[moving] = np.minimum(worded[moving], wording[following])
    else:  # never stopped: a cycle
        broken[claim[starts[active]]] = True
    return weakest, worded, end, searched & (~plain | broken)


def weakest_link(weakest: Floats | None, rows: Ints, observed: Bools, right: Floats) -> Floats:
    """The chance of the weakest source on lines so far (None: none yet, and `rows` are
    the origins), one more link each (`rows`) joining: the smaller, where
    :func:`provenance.scoring.rules.weakens_line` says the link can fail the line."""
    so_far = np.inf if weakest is None else weakest
    weakens = rules.weakens_line(weakest is None, observed[rows])
    joined: Floats = np.where(weakens, np.minimum(so_far, right[rows]), so_far)
    return joined


def _first_of_each(keys: Ints, rows: Ints) -> Ints:
    """For each distinct key, the position (in `keys` and `rows`) of its least row."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((rows, keys))
    new = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[order][1:], keys[order][:-1], out=new[1:])
    return order[new]


def _slices(sorted_claims: Ints, claims: Ints) -> list[tuple[int, int]]:
    """For each of `claims`, the slice of a claim-sorted array holding its items."""
    starts = np.searchsorted(sorted_claims, claims).tolist()
    ends = np.searchsorted(sorted_claims, claims, side="right").tolist()
    return list(zip(starts, ends, strict=True))


class _Searches:
    """What the search of each claim reads: its origins by group, its relays, its exits."""

    def __init__(
        self,
        claims: Ints,
        entries: tuple[Ints, Ints, Ints],
        relays: tuple[Ints, Ints, Ints],
        least_citer: Ints,
        row_claim: Ints,
    ) -> None:
        entry_claim, entry_row, entry_group = entries
        self.entries_of = _slices(entry_claim, claims)
        self.entry_row, self.entry_group = entry_row.tolist(), entry_group.tolist()
        relay_claim, relay_cited, relay_citing = relays
        order = np.lexsort((relay_citing, relay_cited, relay_claim))
        self.relays_of = _slices(relay_claim[order], claims)
        self.relay_cited = relay_cited[order].tolist()
        self.relay_citing = relay_citing[order].tolist()
        # Every exit of the claims searched (rows sort by claim): the search only asks
        # about the rows it reaches, so the claim's other exits change nothing.
        exit_rows = np.flatnonzero(least_citer >= 0)
        exit_rows = exit_rows[among(row_claim[exit_rows], claims)]
        self.exits_of = _slices(row_claim[exit_rows], claims)
        self.exit_row, self.exit_citer = exit_rows.tolist(), least_citer[exit_rows].tolist()

    def lines(self, i: int) -> list[tuple[int, ...]]:
        a, b = self.entries_of[i]
        entries: dict[int, list[int]] = {}
        for row, group in zip(self.entry_row[a:b], self.entry_group[a:b], strict=True):
            entries.setdefault(group, []).append(row)
        if not entries:
            return []
        a, b = self.relays_of[i]
        relayed_by: dict[int, list[int]] = {}
        for u, v in zip(self.relay_cited[a:b], self.relay_citing[a:b], strict=True):
            relayed_by.setdefault(u, []).append(v)  # sorted: citers in id order
        a, b = self.exits_of[i]
        exits = dict(zip(self.exit_row[a:b], self.exit_citer[a:b], strict=True))
        return search_lines(entries, exits, relayed_by)
