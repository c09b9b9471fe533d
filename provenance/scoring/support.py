"""Support and credibility: what a claim's independent lines are worth.

**Support** (0–1) weighs the proven lines. Each line is a witness: its chance of being
right is that of its weakest link that can fail — the origin, and every attributed
relay — read off the source's Admiralty grade (:data:`GRADES`), times the weight of the
most hedged wording on the line (:data:`HEDGE_WEIGHTS`). Independent lines combine as
independent witnesses: the claim's own support is ``1 - Π(1 - p_line)`` — and never less
than what the best observed outlet stating the claim plainly, without a source, is
worth on its own word (with nothing first-hand behind the claim, that outlet is its one
line). Claims that
cannot both be true (contradictions, answers to one question) compete: a claim keeps
its own support times ``Π(1 - own(rival))`` over its rivals.

**Credibility** on the Admiralty 1–6 scale follows from the proven lines and the
support, by :func:`credibility`'s rule. Each rule is written once, for both engines, in
:mod:`provenance.scoring.rules`. Reliability (of a source) and credibility (of a
claim) stay separate axes: a grade enters credibility only through support.

Every number here is one table, documented in ``docs/concepts.md``, that a caller may
override with a :class:`SupportModel`.

Examples
--------
>>> from provenance.model import Reliability
>>> model = SupportModel()
>>> model.grade(Reliability.A), model.grade(None)
(0.95, 0.6)
>>> round(combine([0.6, 0.6, 0.6]), 3)   # three ungraded independent witnesses
0.936
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

from attrs import field, frozen

from provenance.errors import ValidationError
from provenance.model import (
    Credibility,
    Hedge,
    Reliability,
    Report,
    Source,
    check_probability,
    check_probability_field,
)
from provenance.scoring import rules

__all__ = ["GRADES", "HEDGE_WEIGHTS", "SupportModel", "combine", "credibility", "line_chance"]

GRADES: Mapping[str, float] = {
    "A": 0.95,  # completely reliable
    "B": 0.80,  # usually reliable
    "C": 0.65,  # fairly reliable
    "D": 0.45,  # not usually reliable
    "E": 0.20,  # unreliable
    "F": 0.60,  # cannot be judged: a moderate default, not a coin flip
    "ungraded": 0.60,  # likewise
}
"""The chance that a source of each Admiralty grade is right about what it says."""

HEDGE_WEIGHTS: Mapping[str, float] = {
    "confirmed": 1.0,
    "asserted": 1.0,
    "attributed": 0.9,  # "reportedly": someone else's word
    "uncertain": 0.5,  # "appeared to", "allegedly": the writer is not sure
}
"""How much of a line's chance survives the most hedged wording on it."""


def _table(
    value: Mapping[Any, float], defaults: Mapping[str, float], parse: Callable[[Any], str]
) -> tuple[tuple[str, float], ...]:
    """`value`'s weights on top of `defaults`, checked, as sorted pairs (hashable)."""
    table = dict(defaults)
    for key, p in dict(value).items():
        table[parse(key)] = check_probability(f"the weight of {key!r}", p)
    return tuple(sorted(table.items()))


def _grade_key(key: object) -> str:
    if key is None or key == "ungraded":
        return "ungraded"
    return Reliability.parse(key).value


def _grades(value: Mapping[Any, float]) -> tuple[tuple[str, float], ...]:
    return _table(value, GRADES, _grade_key)


def _hedges(value: Mapping[Any, float]) -> tuple[tuple[str, float], ...]:
    return _table(value, HEDGE_WEIGHTS, lambda key: Hedge.parse(key).value)


def _by_source(value: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    table = {}
    for source, p in dict(value).items():
        if not isinstance(source, str):
            raise ValidationError(f"a source id must be a string, got {source!r}")
        table[source] = check_probability(f"the chance of {source!r}", p)
    return tuple(sorted(table.items()))


@frozen
class SupportModel:
    """The numbers behind support and credibility; every one may be overridden.

    Parameters
    ----------
    grades : mapping, optional
        Admiralty grade (``"A"`` … ``"F"``, or ``None``/``"ungraded"``) → chance a
        source of that grade is right; overrides :data:`GRADES`.
    hedges : mapping, optional
        Hedge level → weight; overrides :data:`HEDGE_WEIGHTS`.
    confirmed, probable, possible : float
        Support needed for credibility 1 (with two proven lines or more), 2 and 3.
    margin : float
        How much more own support a rival needs to make a claim improbable (5);
        a rival within it makes the claim doubtful (4).
    sources : mapping, optional
        Source id → chance it is right, in place of its grade's: learned accuracies,
        e.g. :meth:`provenance.TruthEstimate.support_model`.

    Examples
    --------
    >>> SupportModel(grades={"F": 0.5}).grade(None)
    0.6
    >>> SupportModel(grades={"Z": 0.5})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    provenance.errors.ValidationError: unknown reliability grade 'Z'; ...
    """

    grades: tuple[tuple[str, float], ...] = field(factory=dict, converter=_grades)
    hedges: tuple[tuple[str, float], ...] = field(factory=dict, converter=_hedges)
    confirmed: float = field(default=0.8, validator=check_probability_field)
    probable: float = field(default=0.7, validator=check_probability_field)
    possible: float = field(default=0.4, validator=check_probability_field)
    margin: float = field(default=0.25, validator=check_probability_field)
    sources: tuple[tuple[str, float], ...] = field(factory=dict, converter=_by_source)

    def grade(self, reliability: Reliability | None) -> float:
        """The chance a source of this grade is right."""
        return self._grades[reliability]

    def hedge(self, hedge: Hedge) -> float:
        """The weight of a report worded with this hedge."""
        return self._hedges[hedge]

    @cached_property
    def _grades(self) -> dict[Reliability | None, float]:  # by member: the hot lookup
        table = dict(self.grades)
        return {None: table["ungraded"], **{r: table[r.value] for r in Reliability}}

    @cached_property
    def _sources(self) -> dict[str, float]:
        return dict(self.sources)

    @cached_property
    def _hedges(self) -> dict[Hedge, float]:
        table = dict(self.hedges)
        return {h: table[h.value] for h in Hedge}


def line_chance(
    line: Sequence[str],
    reports: Mapping[str, Report],
    sources: Mapping[str, Source],
    model: SupportModel,
) -> float:
    """The chance a line is right (:func:`provenance.scoring.rules.line_chance`): its
    weakest source that can fail (the origin, and each attributed relay), times the
    weight of the most hedged wording on it.

    >>> from provenance.model import Report, Source
    >>> reports = {"m": Report("m", "c", firsthand=True, observed=False, hedge="possibly"),
    ...            "a": Report("a", "c", via=["m"], hedge="confirmed")}
    >>> sources = {"m": Source("m", reliability="B"), "a": Source("a", reliability="A")}
    >>> line_chance(("m", "a"), reports, sources, SupportModel())
    0.4
    """
    grades, hedges, learned = model._grades, model._hedges, model._sources
    weakest, worded, origin = math.inf, 1.0, line[0]
    for source in line:
        report = reports[source]
        if rules.weakens_line(source == origin, report.observed):
            known = learned.get(source) if learned else None
            chance = known if known is not None else grades[sources[source].reliability]
            if chance < weakest:  # min(), without the call
                weakest = chance
        weight = rules.wording(hedges[report.hedge], report.implicit)
        if weight < worded:
            worded = weight
    return rules.line_chance(weakest, worded)


def combine(chances: Iterable[float]) -> float:
    """The chance that at least one of several independent witnesses is right."""
    doubt = 1.0
    for chance in chances:
        doubt = rules.doubt_with(doubt, chance)
    return 1.0 - doubt


def credibility(
    independent: int,
    support: float,
    *,
    own: float,
    rivals: Iterable[float] = (),
    hedged: bool = False,
    declared: bool = True,
    model: SupportModel = SupportModel(),
) -> Credibility:
    """The Admiralty credibility of a claim, by :func:`provenance.scoring.rules.credibility`
    (its rule, first match wins), from the own support of each of its `rivals`.

    Examples
    --------
    >>> credibility(3, 0.94, own=0.94).name
    'CONFIRMED'
    >>> credibility(1, 0.76, own=0.95, rivals=[0.2]).name
    'PROBABLY_TRUE'
    >>> credibility(1, 0.01, own=0.2, rivals=[0.95]).name
    'IMPROBABLE'
    """
    return rules.credibility(
        independent,
        support,
        own=own,
        strongest=max(rivals, default=rules.NO_RIVAL),
        hedged=hedged,
        declared=declared,
        model=model,
    )
