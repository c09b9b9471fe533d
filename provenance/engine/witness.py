"""The proven lines of every claim, the same witness the per-claim engine gives.

A claim's support weighs one witness set of lines, so the bulk engine must find the
very lines :func:`provenance.scoring.flow.lines_of_support` finds, not just as many:

- where no attributed source cites an attributed one (most claims), the lines are read
  off with array operations: each group holding an observed origin is a line, its least
  origin alone; each other group is a line when one of its attributed origins is cited
  by an observed report, the least such origin then its least observed citer;
- the other claims (attributed relays, where lines can compete for a relay) take the
  same augmenting-path search as the per-claim engine, over row numbers. Rows are
  sorted by source id within a claim, so row order is id order and both searches take
  the same steps.

A property test holds the two engines equal on every claim.
"""

from __future__ import annotations

import numpy as np

from provenance.engine.coded import Columns, Ints
from provenance.engine.network import sorted_groups

__all__ = ["Lines", "proven_lines"]

Lines = tuple[Ints, Ints, Ints]
"""(claim, first row, second row or -1) of each line, sorted by claim then rows."""

_GROUP, _IN, _OUT = 0, 1, 2


def proven_lines(
    columns: Columns, citing: Ints, cited: Ints
) -> tuple[Lines, dict[int, list[tuple[int, ...]]]]:
    """Every claim's proven lines: (the lines read off, for the claims where no
    attributed source cites an attributed one; the lines of each other claim, by the
    search, as sorted row tuples)."""
    live, observed, claim = ~columns.retracted, columns.observed, columns.claim
    group = columns.group[columns.source]
    n_groups = int(columns.group.max(initial=0)) + 1
    attributed = live & ~observed
    relay = attributed[citing] & attributed[cited]
    searched = np.zeros(len(columns.claim_ids), dtype=bool)
    searched[claim[citing[relay]]] = True
    origin = live & columns.firsthand
    # A group with an observed origin: one line, its least origin (rows are in id order).
    counted_rows = np.flatnonzero(origin & observed)
    keys = claim[counted_rows] * n_groups + group[counted_rows]
    counted_keys, _ = sorted_groups(keys)
    first = _first_of_each(keys, counted_rows)
    # Exits: attributed rows an observed report cites, with their least citer.
    exiting = live[citing] & observed[citing] & attributed[cited]
    least_citer = np.full(columns.n_rows, -1, dtype=np.int64)
    exit_rows, exit_citers = cited[exiting], citing[exiting]
    order = np.lexsort((-exit_citers, exit_rows))  # the least citer written last wins
    least_citer[exit_rows[order]] = exit_citers[order]
    # Attributed origins of groups with no observed origin: where lines are searched for.
    entering = np.flatnonzero(origin & ~observed)
    keys_e = claim[entering] * n_groups + group[entering]
    fresh = ~np.isin(keys_e, counted_keys)
    entering, keys_e = entering[fresh], keys_e[fresh]
    # Read off: each such group's least origin that is an exit.
    flat = ~searched[claim[entering]] & (least_citer[entering] >= 0)
    second_origin = _first_of_each(keys_e[flat], entering[flat])
    counted_flat = first[~searched[claim[first]]]
    origins = np.concatenate([counted_flat, second_origin])
    seconds = np.concatenate([np.full(len(counted_flat), -1), least_citer[second_origin]])
    line_claim = claim[origins]
    order = np.lexsort((seconds, origins, line_claim))
    read_off = (line_claim[order], origins[order], seconds[order])
    # The search, claim by claim, over what the arrays found.
    claims = np.flatnonzero(searched)
    in_search = searched[claim[entering]]
    searches = _Searches(
        claims,
        (claim[entering[in_search]], entering[in_search], group[entering[in_search]]),
        (claim[citing[relay]], cited[relay], citing[relay]),
        least_citer,
    )
    found = {}
    counted_of = _slices(claim[first], claims)
    counted_list = first.tolist()
    for i, c in enumerate(claims.tolist()):
        a, b = counted_of[i]
        lines: list[tuple[int, ...]] = [(row,) for row in counted_list[a:b]]
        lines += searches.lines(i)
        found[c] = sorted(lines)
    return read_off, found


def _first_of_each(keys: Ints, rows: Ints) -> Ints:
    """The least row of each distinct key."""
    if not len(keys):
        return rows
    order = np.lexsort((rows, keys))
    keys, rows = keys[order], rows[order]
    new = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    return rows[new]


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
    ) -> None:
        entry_claim, entry_row, entry_group = entries
        self.entries_of = _slices(entry_claim, claims)
        self.entry_row, self.entry_group = entry_row.tolist(), entry_group.tolist()
        relay_claim, relay_cited, relay_citing = relays
        order = np.lexsort((relay_citing, relay_cited, relay_claim))
        self.relays_of = _slices(relay_claim[order], claims)
        self.relay_cited = relay_cited[order].tolist()
        self.relay_citing = relay_citing[order].tolist()
        self.least_citer = least_citer

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
        rows = set(self.entry_row[self.entries_of[i][0] : self.entries_of[i][1]])
        rows.update(self.relay_cited[a:b])
        rows.update(self.relay_citing[a:b])
        citers = self.least_citer[np.fromiter(rows, dtype=np.int64, count=len(rows))].tolist()
        exits = {row: citer for row, citer in zip(rows, citers, strict=True) if citer >= 0}
        return _search(entries, exits, relayed_by)


def _search(
    entries: dict[int, list[int]], exits: dict[int, int], relayed_by: dict[int, list[int]]
) -> list[tuple[int, ...]]:
    """The lines beyond the counted groups' of one claim:
    `provenance.scoring.flow._Network.search` then `.lines`, over row numbers."""
    fed: dict[int, tuple[int, int]] = {}
    ends: set[int] = set()
    dead: set[tuple[int, int]] = set()
    for g in entries:
        start = (_GROUP, g)
        came_from = {start: start}
        stack = [start]
        end = None
        while stack:
            state = stack.pop()
            side, node = state
            if side == _OUT and node in exits:
                end = state
                break
            if side == _GROUP:
                steps = [(_IN, s) for s in entries.get(node, ())]
            elif side == _IN:
                steps = [fed.get(node, (_OUT, node))]
            else:
                steps = [(_IN, v) for v in sorted(relayed_by.get(node, ()))]
                if node in fed:
                    steps.append((_IN, node))
            for step in reversed(steps):
                if step not in came_from and step not in dead:
                    came_from[step] = state
                    stack.append(step)
        if end is None:
            dead.update(came_from)
            continue
        ends.add(end[1])
        state = end
        while state != start:
            before = came_from[state]
            side, node = state
            if side == _IN:
                if before == (_OUT, node):
                    del fed[node]
                else:
                    fed[node] = before
            state = before
    feeds = {state: source for source, state in fed.items()}
    lines: list[tuple[int, ...]] = []
    for g in entries:
        fed_first = feeds.get((_GROUP, g))
        if fed_first is None:
            continue
        node = fed_first
        path = [node]
        while node not in ends:
            node = feeds[(_OUT, node)]
            path.append(node)
        path.append(exits[node])
        lines.append(tuple(path))
    return lines
