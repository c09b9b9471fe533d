"""The result of scoring one claim, its row (the numbers every engine gives), and what
it says in words and as JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

import attrs
from attrs import field, frozen

from provenance.model import Credibility, Flag, Report, Source, SuspectedCopy
from provenance.scoring.flow import common_links, stated_plainly

__all__ = ["ROW", "SUPPORT_DIGITS", "Corroboration", "Detail", "rounded", "row"]


ROW: tuple[str, ...] = (
    "claim",
    "independent",
    "independent_max",
    "independent_likely",
    "support",
    "own_support",
    "credibility",
    "flags",
)
"""The numbers of a claim's result, in this order, whichever engine scored it: the
first columns of :func:`provenance.assess_table`'s table, and of
:meth:`provenance.Corroboration.to_dict`."""
SUPPORT_DIGITS = 4
"""The digits a chance keeps in JSON."""


def rounded(chance: float) -> float:
    """A chance as JSON gives it."""
    return round(chance, SUPPORT_DIGITS)


def row(
    claim: str,
    independent: int,
    independent_max: int,
    independent_likely: int,
    support: float,
    own_support: float,
    credibility: int,
    flags: Iterable[str],
    **more: Any,
) -> dict[str, Any]:
    """One claim's :data:`ROW` as JSON-ready data (credibility as its number, flags by
    value, support :func:`rounded`), then `more`.

    >>> row("c", 1, 2, 2, 0.123456, 0.5, 3, ["single_source"])["support"]
    0.1235
    """
    return {
        "claim": claim,
        "independent": independent,
        "independent_max": independent_max,
        "independent_likely": independent_likely,
        "support": rounded(support),
        "own_support": rounded(own_support),
        "credibility": int(credibility),
        "flags": list(flags),
        **more,
    }


@frozen(kw_only=True)
class Detail:
    """What a result says beyond its numbers, worked out from the claim's reports: at
    once by the per-claim engine; on first use for a result of the columnar engine.

    The attributes are those of :class:`Corroboration` of the same names.
    """

    origins: tuple[str, ...]
    lines: tuple[tuple[str, ...], ...] = field(eq=False)
    unsourced: tuple[str, ...] = ()
    cycle: tuple[str, ...] = ()
    hedge_cues: tuple[str, ...] = ()
    hedge_drops: tuple[tuple[str, str], ...] = ()
    time_inversions: tuple[tuple[str, str], ...] = ()
    cites_retracted: tuple[tuple[str, str], ...] = ()


@frozen(kw_only=True, eq=False)
class Corroboration:
    """How well one claim is supported. Produced by :func:`provenance.scoring.corroboration`.

    Attributes
    ----------
    claim, text : str
        The claim's id and text.
    independent : int
        Independent lines the declared sourcing **proves**: first-hand origins only;
        at least 1 when an observed report states the claim plainly without a source
        (that outlet is itself the one line that can fail).
    independent_max : int
        The lines **possible** if every unsourced report found the claim out itself.
    independent_likely : int
        The possible lines once suspected copying counts as citing (a suspected copier
        is no origin of its own): between the two; equal to `independent_max` until
        suspected copying is recorded (:meth:`~provenance.graph.ProvenanceGraph.with_suspected`).
    suspected : tuple of SuspectedCopy
        The suspected copying recorded on the claim.
    support : float
        What the proven lines are worth, 0–1, after competing with the claims this
        one cannot be true with (:mod:`provenance.scoring.support`).
    own_support : float
        The same before competing.
    flags : tuple of Flag
        In the order :class:`~provenance.model.Flag` defines them.
    credibility : Credibility
        Admiralty 1 (confirmed) … 6 (cannot be judged).
    contradicted_by : tuple of str
        Claims that cannot be true with this one: recorded contradictions, then the
        other answers to its question.
    reports : tuple of Report
        The claim's reports when it was scored, observed and attributed, in no
        particular order. Results compare equal when these are the same set.
    detail : Detail, or a function returning it
        The attributes below; a function (the columnar engine's results) is called on
        first use, once. Results compare equal when their numbers, reports and details
        do (the lines aside: another witness of as many lines is as good).
    origins : tuple of str
        First-hand sources whose knowledge reaches an observed report, sorted.
    lines : tuple of tuple of str
        One witness set of `independent` disjoint proven lines, each origin → … → the
        first observed reporter on the way (or, with no first-hand origin, the outlet
        that states the claim plainly, alone).
    unsourced : tuple of str
        The observed reporters that do not say where they got the claim, sorted.
    cycle : tuple of str
        One via cycle, ``(a, b, a)``, when the claim is CIRCULAR.
    hedge_cues : tuple of str
        The hedging words, as written, of the reports that hedge it as uncertain.
    hedge_drops, time_inversions, cites_retracted : tuple of (str, str)
        ``(reporter, cited)`` pairs behind HEDGE_DROPPED, TIME_INVERSION and
        CITES_RETRACTED, sorted.
    common_links : tuple of str
        When ``independent == 1``: the sources every line passes through and that can
        fail (attributed, or first-hand), upstream first — the single points of failure.
        Empty otherwise. Worked out on first use.
    reporters : tuple of str
        Every source with a report on the claim, observed or attributed, sorted.
    observed : tuple of str
        The reporters whose report was read first-hand, sorted.
    origin_group : str or None
        The group every origin belongs to, when they all belong to one.
    """

    claim: str
    text: str
    independent: int
    independent_max: int
    independent_likely: int = field(
        default=attrs.Factory(lambda self: self.independent_max, takes_self=True)
    )
    suspected: tuple[SuspectedCopy, ...] = ()
    support: float = 0.0
    own_support: float = 0.0
    flags: tuple[Flag, ...]
    credibility: Credibility
    contradicted_by: tuple[str, ...] = ()
    reports: tuple[Report, ...] = field(default=(), repr=False)
    detail: Detail | Callable[[], Detail] = field(repr=False)
    # The store's own maps (source id -> group, name, record), whose entries never
    # change once a source is declared.
    groups: Mapping[str, str] = field(factory=dict, repr=False)
    names: Mapping[str, str] = field(factory=dict, repr=False)
    sources: Mapping[str, Source] = field(factory=dict, repr=False)

    @cached_property
    def _detail(self) -> Detail:
        return self.detail if isinstance(self.detail, Detail) else self.detail()

    @property
    def origins(self) -> tuple[str, ...]:
        return self._detail.origins

    @property
    def lines(self) -> tuple[tuple[str, ...], ...]:
        return self._detail.lines

    @property
    def unsourced(self) -> tuple[str, ...]:
        return self._detail.unsourced

    @property
    def cycle(self) -> tuple[str, ...]:
        return self._detail.cycle

    @property
    def hedge_cues(self) -> tuple[str, ...]:
        return self._detail.hedge_cues

    @property
    def hedge_drops(self) -> tuple[tuple[str, str], ...]:
        return self._detail.hedge_drops

    @property
    def time_inversions(self) -> tuple[tuple[str, str], ...]:
        return self._detail.time_inversions

    @property
    def cites_retracted(self) -> tuple[tuple[str, str], ...]:
        return self._detail.cites_retracted

    def _key(self) -> tuple[object, ...]:
        """What equality compares (support is a product of floats: its numbers are)."""
        return (
            self.claim,
            self.text,
            self.independent,
            self.independent_max,
            self.independent_likely,
            self.suspected,
            self.flags,
            self.credibility,
            self.contradicted_by,
            frozenset(self.reports),
            self._detail,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corroboration):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @cached_property
    def common_links(self) -> tuple[str, ...]:
        if self.independent != 1:
            return ()
        (line,) = self.lines
        if not self.origins:  # the outlet that states it plainly, unless it has company
            return line if len(stated_plainly(self.reports)) == 1 else ()
        return common_links({r.source: r for r in self.reports}, line)

    @cached_property
    def reporters(self) -> tuple[str, ...]:
        return tuple(sorted(r.source for r in self.reports))

    @cached_property
    def observed(self) -> tuple[str, ...]:
        return tuple(sorted(r.source for r in self.reports if r.observed))

    @property
    def origin_group(self) -> str | None:
        groups = {self.groups[o] for o in self.origins}
        return groups.pop() if len(groups) == 1 else None

    @property
    def lines_text(self) -> str:
        """The proven count, and the possible one when it is higher: ``"1–3"``."""
        if self.independent_max > self.independent:
            return f"{self.independent}–{self.independent_max}"
        return str(self.independent)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data: the one JSON form (the CLI's ``--json`` and
        the page use it).

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> _ = g.add_source("a"); _ = g.add_claim("c", "Something happened")
        >>> _ = g.add_report("a", "c", firsthand=True)
        >>> data = g.corroboration("c").to_dict()
        >>> data["independent"], data["flags"], data["lines"], data["credibility"]
        (1, ['single_source'], [['a']], 3)
        """
        numbers = row(
            self.claim,
            self.independent,
            self.independent_max,
            self.independent_likely,
            self.support,
            self.own_support,
            self.credibility,
            [f.value for f in self.flags],
        )
        return {
            "claim": self.claim,
            "text": self.text,
            **numbers,  # as every engine's row gives them
            "credibility_meaning": self.credibility.meaning,
            "suspected": [
                {
                    "copier": copy.copier,
                    "original": copy.original,
                    "probability": rounded(copy.probability),
                    "evidence": list(copy.evidence),
                }
                for copy in self.suspected
            ],
            "origins": list(self.origins),
            "lines": [list(line) for line in self.lines],
            "common_links": list(self.common_links),
            "unsourced": list(self.unsourced),
            "reporters": list(self.reporters),
            "observed": list(self.observed),
            "contradicted_by": list(self.contradicted_by),
            "cycle": list(self.cycle),
            "hedge_cues": list(self.hedge_cues),
            "hedge_drops": [list(pair) for pair in self.hedge_drops],
            "time_inversions": [list(pair) for pair in self.time_inversions],
            "cites_retracted": [list(pair) for pair in self.cites_retracted],
            "explanation": self.explain(),
        }

    def explain(self) -> str:
        """Say how the claim is supported, in a journalist's words.

        Examples
        --------
        >>> import textwrap, provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for s, name in [("militarnyi", "Militarnyi"), ("article", "Euromaidan Press")]:
        ...     _ = g.add_source(s, name=name, reliability="B")
        >>> _ = g.add_claim("injured", "The captured soldier was injured")
        >>> _ = g.add_chain("injured", ["militarnyi", "article"], hedge="appeared to",
        ...                 origin_hedge="appeared to")
        >>> print(textwrap.fill(g.corroboration("injured").explain(), 80))
        1 proven independent line: Militarnyi (graded B). Hedged: every report is
        uncertain ('appeared to'). 2 sources carry it. Support 0.40: credibility 4,
        doubtful.
        """
        sentences = [
            self._lines_sentence(),
            *self._unsourced_sentences(),
            *self._copying_sentences(),
            *self._flag_sentences(),
            *self._pair_sentences(),
        ]
        if self.contradicted_by:
            sentences.append(f"Contradicted by {', '.join(map(repr, self.contradicted_by))}.")
        n = len(self.reporters)
        sentences.append(f"{n} source{'s' if n != 1 else ''} carr{'y' if n != 1 else 'ies'} it.")
        sentences.append(
            f"Support {self.support:.2f}: credibility {self.credibility.value}, "
            f"{self.credibility.meaning}."
        )
        return " ".join(sentences)

    def _unsourced_sentences(self) -> list[str]:
        """Who does not say where they got it, when that matters: up to what is possible."""
        if not self.unsourced or not (self.origins or self.independent_max > self.independent):
            return []
        one = len(self.unsourced) == 1
        said = (
            f"{_and([self._name(s) for s in self.unsourced])} {'doesn’t' if one else 'don’t'} "
            f"say where {'it' if one else 'they'} got it."
        )
        more = self.independent_max > self.independent
        return [f"Up to {self.independent_max} possible: {said}" if more else said]

    def _copying_sentences(self) -> list[str]:
        """Each suspected copying with its evidence, and the lines likely once it counts."""
        name = self._name
        sentences = []
        for copy in self.suspected:
            why = f": {'; '.join(copy.evidence)}" if copy.evidence else ""
            sentences.append(
                f"{name(copy.copier)} probably copied {name(copy.original)} "
                f"({copy.probability:.2f}){why}."
            )
        if self.suspected and self.independent_likely < self.independent_max:
            sentences.append(
                f"Counting that as copying, {self.independent_likely} "
                f"line{'' if self.independent_likely == 1 else 's'} likely."
            )
        return sentences

    def _flag_sentences(self) -> list[str]:
        """What the echo, circular and hedged flags mean here."""
        flags = set(self.flags)
        sentences: list[str] = []
        if Flag.ECHO in flags:
            sentences.append(
                f"Echo: {len(self.observed)} reports read, but they prove "
                f"{'one line' if self.independent else 'no line'}."
            )
        if Flag.CIRCULAR in flags:
            sentences.append(f"Circular reporting: {' → '.join(map(self._name, self.cycle))}.")
        if Flag.HEDGED in flags:
            cues = ", ".join(f"'{c}'" for c in self.hedge_cues)
            sentences.append(f"Hedged: every report is uncertain{f' ({cues})' if cues else ''}.")
        return sentences

    def _pair_sentences(self) -> list[str]:
        """Each report's fault against one it cites: hedge dropped, dated before, retracted."""
        said = (
            (self.hedge_drops, "Hedge dropped: {} states plainly what {} reported as uncertain."),
            (self.time_inversions, "Time inversion: {} is dated before {}, which it cites."),
            (self.cites_retracted, "{} cites {}, whose report was retracted."),
        )
        name = self._name
        return [text.format(name(a), name(b)) for pairs, text in said for a, b in pairs]

    def _name(self, source: str) -> str:
        return self.names.get(source, source)

    def _graded(self, source: str) -> str:
        record = self.sources.get(source)
        grade = record.reliability if record is not None else None
        return f"{self._name(source)} (graded {grade.value})" if grade else self._name(source)

    def _lines_sentence(self) -> str:
        name = self._name
        if self.independent == 0:
            return "No proven line of support: nothing first-hand stands behind it."
        if self.independent == 1:
            line = self.lines[0]
            if not self.origins:
                return (
                    f"1 proven independent line: {self._graded(line[0])} itself, which states "
                    f"it plainly without saying where it got it."
                )
            relays = [name(s) for s in line[1:-1]]  # the last one is the reporter we read
            via = f" via {' → '.join(relays)}" if relays else ""
            if len(self.origins) > 1 and self.origin_group is not None:
                return (
                    f"1 proven independent line: one group, {self.origin_group} "
                    f"({', '.join(map(name, self.origins))}), not independent of each other."
                )
            bottleneck = [s for s in self.common_links if s not in self.origins]
            if len(self.origins) > 1 and bottleneck:
                return (
                    f"1 proven independent line: every line passes through {name(bottleneck[0])}."
                )
            return f"1 proven independent line: {self._graded(line[0])}{via}."
        described = []
        for line in self.lines:
            through = f" via {' → '.join(map(name, line[1:-1]))}" if len(line) > 2 else ""
            described.append(self._graded(line[0]) + through)
        return f"{self.independent} proven independent lines: {'; '.join(described)}."


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
