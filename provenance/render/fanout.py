"""Fan-outs: many sources that report the same claims the same way, drawn as one node.

A retweet cascade has hundreds of accounts relaying one post; drawn one by one they
are a wall of boxes that says nothing the count does not. Sources are folded together
when nobody cites them, they were read (or not) alike, and their reports name the same
claims through the same vias with the same hedges, sourcing and retractions, and
they share kind, grade and group: what is drawn for one of them holds for each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from provenance.model import Report, Source

__all__ = ["FAN_OUT", "fan_out_label", "fan_outs"]

FAN_OUT = 10
"""Fewer sources alike than this are drawn one by one."""


def fan_outs(
    sources: Sequence[Source],
    reports: Iterable[Report],
    cited: set[str],
    *,
    smallest: int = FAN_OUT,
) -> list[list[Source]]:
    """The sets of at least `smallest` interchangeable sources, largest first.

    Examples
    --------
    >>> from provenance.model import Report, Source
    >>> accounts = [Source(f"u{i}") for i in range(12)]
    >>> reports = [Report(s.id, "c", via=("root",)) for s in accounts]
    >>> [len(group) for group in fan_outs([Source("root"), *accounts], reports, {"root"})]
    [12]
    """
    shape: dict[str, set[tuple[object, ...]]] = {}
    for r in reports:
        shape.setdefault(r.source, set()).add(
            (r.claim, r.via, r.hedge, r.firsthand, r.observed, r.retracted is not None)
        )
    alike: dict[tuple[object, ...], list[Source]] = {}
    for s in sources:
        if s.id not in cited and s.id in shape:
            key = (frozenset(shape[s.id]), s.kind, s.reliability, s.group)
            alike.setdefault(key, []).append(s)
    groups = [group for group in alike.values() if len(group) >= smallest]
    return sorted(groups, key=len, reverse=True)


def fan_out_label(group: Sequence[Source], vias: Mapping[str, str]) -> str:
    """ "263 accounts" and, when they all relay one source, whose: the node's label.

    `vias` maps the one upstream's id to its name, if there is one.

    >>> fan_out_label([Source("a", kind="account"), Source("b", kind="account")], {"r": "Root"})
    '2 accounts\\nvia Root'
    """
    kinds = {s.kind for s in group}
    kind = kinds.pop() if len(kinds) == 1 else None
    label = f"{len(group)} {kind + 's' if kind else 'sources'}"
    if len(vias) == 1:
        (name,) = vias.values()
        label += f"\nvia {name}"
    return label
