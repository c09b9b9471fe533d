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

from provenance._arrays import (
    Bools,
    Floats,
    Ints,
    among,
    first_of_each,
    marked,
    n_codes,
    pair_keys,
    sorted_distinct,
)
from provenance.engine.coded import Columns
from provenance.scoring import rules
from provenance.scoring.flow import search_lines

__all__ = ["Lines", "proven_lines", "weakest_link"]

Lines = tuple[Ints, Ints, Floats]
"""(claim, origin row, chance) of each line, sorted by claim then origin. A claim's
lines have distinct origins, so this is the order of the lines as sorted tuples."""

Relays = tuple[Ints, Ints]
"""Citations of an attributed row by an attributed row: (relaying row, relayed row)."""

Chains = tuple[Floats, Floats, Ints, Bools]
"""What :func:`_walk_chains` finds: by start, the weakest chance on its chain, its most
hedged wording and the citer of the exit it reaches (or -1); by claim, whether it is
tangled."""


def proven_lines(
    columns: Columns, citing: Ints, cited: Ints, right: Floats, wording: Floats
) -> tuple[Lines, dict[int, list[tuple[int, ...]]]]:
    """Every claim's proven lines and each line's chance (`right` and `wording` by row,
    as :func:`provenance.scoring.rules.line_chance` takes them): (the lines found with
    array operations; the lines of each claim left to the search, as sorted row tuples).
    """
    live, observed, claim = ~columns.retracted, columns.observed, columns.claim
    attributed = live & ~observed
    relay = attributed[citing] & attributed[cited]
    relays: Relays = (citing[relay], cited[relay])
    relayed_claims = marked(claim[relays[0]], len(columns.claim_ids))  # by claim
    origin = live & columns.firsthand
    n_groups = n_codes(columns.group)
    counted, counted_keys = _observed_origins(columns, origin & observed, n_groups)
    least_citer = _least_citers(columns.n_rows, citing, cited, live & observed, attributed)
    entering, entering_keys = _attributed_origins(
        columns, origin & ~observed, n_groups, counted_keys
    )
    # Where lines cannot compete (no relays), each group's least origin that is an exit.
    read_here = ~relayed_claims[claim[entering]] & (least_citer[entering] >= 0)
    read_off = entering[read_here][first_of_each(entering_keys[read_here], entering[read_here])]
    # Where relays form disjoint chains, each group's least origin whose chain reaches
    # an exit; the other claims are searched.
    chain_starts, start_keys = entering[~read_here], entering_keys[~read_here]
    weakest, worded, end, tangled = _walk_chains(
        columns, relayed_claims, chain_starts, relays, least_citer, right, wording
    )
    reached = np.flatnonzero(~tangled[claim[chain_starts]] & (end >= 0))
    first = reached[first_of_each(start_keys[reached], chain_starts[reached])]
    lines = _lines_found(
        columns,
        (counted[~tangled[claim[counted]]], read_off, least_citer[read_off]),
        (chain_starts[first], weakest[first], worded[first], end[first]),
        right,
        wording,
    )
    searched = _searched_lines(columns, tangled, counted, entering, relays, least_citer)
    return lines, searched


def _observed_origins(columns: Columns, observed_origin: Bools, n_groups: int) -> tuple[Ints, Ints]:
    """A group with an observed origin is one line, its least origin (rows are in id
    order): (those origins, the sorted (claim, group) keys of their groups)."""
    rows = np.flatnonzero(observed_origin)
    keys = _group_keys(columns, rows, n_groups)
    return rows[first_of_each(keys, rows)], sorted_distinct(keys)


def _attributed_origins(
    columns: Columns, attributed_origin: Bools, n_groups: int, counted_keys: Ints
) -> tuple[Ints, Ints]:
    """The attributed origins of groups with no observed origin, where lines are read
    off, walked or searched for: (their rows, their (claim, group) keys)."""
    rows = np.flatnonzero(attributed_origin)
    keys = _group_keys(columns, rows, n_groups)
    fresh = ~among(keys, counted_keys)
    return rows[fresh], keys[fresh]


def _group_keys(columns: Columns, rows: Ints, n_groups: int) -> Ints:
    """The (claim, group) key of each of `rows`."""
    return pair_keys(columns.claim[rows], columns.group[columns.source[rows]], n_groups)


def _least_citers(
    n_rows: int, citing: Ints, cited: Ints, live_observed: Bools, attributed: Bools
) -> Ints:
    """By row: its least observed citer when it is an exit (an attributed row an
    observed report cites), else -1."""
    exiting = live_observed[citing] & attributed[cited]
    least_citer = np.full(n_rows, -1, dtype=np.int64)
    exit_rows, exit_citers = cited[exiting], citing[exiting]
    order = np.lexsort((-exit_citers, exit_rows))  # the least citer written last wins
    least_citer[exit_rows[order]] = exit_citers[order]
    return least_citer


def _lines_found(
    columns: Columns,
    read_off: tuple[Ints, Ints, Ints],
    chains: tuple[Ints, Floats, Floats, Ints],
    right: Floats,
    wording: Floats,
) -> Lines:
    """The lines found with array operations, each with its chance by
    :func:`rules.line_chance <provenance.scoring.rules.line_chance>`: its weakest link
    (:func:`rules.weakens_line <provenance.scoring.rules.weakens_line>`), its most
    hedged words. `read_off` is (the origins alone, the origins read off, their exits'
    least citers); `chains`, by chain: (its origin, its weakest chance so far, its most
    hedged wording so far, the citer of the exit reached). The last link of a line read
    off or walked is the observed citer of its exit."""
    observed, claim = columns.observed, columns.claim
    alone, exits, citer = read_off
    chain_origin, chain_weakest, chain_worded, chain_end = chains
    alone_weakest = weakest_link(None, alone, observed, right)
    exit_weakest = weakest_link(weakest_link(None, exits, observed, right), citer, observed, right)
    end_weakest = weakest_link(chain_weakest, chain_end, observed, right)
    chance = np.concatenate(
        [
            rules.line_chance(alone_weakest, wording[alone]),
            rules.line_chance(exit_weakest, np.minimum(wording[exits], wording[citer])),
            rules.line_chance(end_weakest, np.minimum(chain_worded, wording[chain_end])),
        ]
    )
    origins = np.concatenate([alone, exits, chain_origin])
    line_claim = claim[origins]
    order = np.lexsort((origins, line_claim))
    return line_claim[order], origins[order], chance[order]


def _searched_lines(
    columns: Columns,
    tangled: Bools,
    counted: Ints,
    entering: Ints,
    relays: Relays,
    least_citer: Ints,
) -> dict[int, list[tuple[int, ...]]]:
    """The search, claim by claim (the `tangled` ones), over what the arrays found: each
    claim's lines, sorted, those of its `counted` origins alone among them."""
    claim = columns.claim
    claims = np.flatnonzero(tangled)
    searched_entries = entering[tangled[claim[entering]]]
    relay_citing, relay_cited = relays
    relayed = tangled[claim[relay_citing]]
    searches = _Searches(
        claims,
        (
            claim[searched_entries],
            searched_entries,
            columns.group[columns.source[searched_entries]],
        ),
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
    return found


def _walk_chains(
    columns: Columns,
    relayed_claims: Bools,
    chain_starts: Ints,
    relays: Relays,
    least_citer: Ints,
    right: Floats,
    wording: Floats,
) -> Chains:
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
    relay_citing, relay_cited = relays
    out_degree = np.bincount(relay_cited, minlength=n)
    in_degree = np.bincount(relay_citing, minlength=n)
    one_by_one = relayed_claims.copy()  # by claim: relays at most one in, one out a row
    one_by_one[claim[(out_degree > 1) | (in_degree > 1)]] = False
    next_row = np.full(n, -1, dtype=np.int64)
    next_row[relay_cited] = relay_citing  # one relayer each, where it matters
    is_start = marked(chain_starts, n)
    current = chain_starts.copy()
    weakest = weakest_link(None, chain_starts, columns.observed, right)
    worded = wording[chain_starts].copy()
    end = np.full(len(chain_starts), -1, dtype=np.int64)
    active = one_by_one[claim[chain_starts]]
    broken = np.zeros(len(relayed_claims), dtype=bool)
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
        broken[claim[chain_starts[moving[onto_start]]]] = True  # a start on another's chain
        current[moving] = following
        weakest[moving] = weakest_link(weakest[moving], following, columns.observed, right)
        worded[moving] = np.minimum(worded[moving], wording[following])
    else:  # never stopped: a cycle
        broken[claim[chain_starts[active]]] = True
    return weakest, worded, end, relayed_claims & (~one_by_one | broken)


def weakest_link(weakest: Floats | None, rows: Ints, observed: Bools, right: Floats) -> Floats:
    """The chance of the weakest source on lines so far (None: none yet, and `rows` are
    the origins), one more link each (`rows`) joining: the smaller, where
    :func:`provenance.scoring.rules.weakens_line` says the link can fail the line."""
    so_far = np.inf if weakest is None else weakest
    weakens = rules.weakens_line(weakest is None, observed[rows])
    joined: Floats = np.where(weakens, np.minimum(so_far, right[rows]), so_far)
    return joined


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
