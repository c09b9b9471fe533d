"""The result of scoring one claim, and what it says in words and as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from attrs import field, frozen

from provenance.model import Credibility, Flag, Report
from provenance.scoring.flow import Support, lines_of_support

__all__ = ["Corroboration"]


@frozen(kw_only=True)
class Corroboration:
    """How well one claim is supported. Produced by :func:`provenance.scoring.corroboration`.

    The numbers and flags are computed when the claim is scored; the witness lines,
    common links and the sorted reporter lists are derived on first use from the
    reports the claim had then (`reports`), so a whole-corpus assess does not pay for
    detail nobody reads.

    Attributes
    ----------
    claim, text : str
        The claim's id and text.
    independent : int
        Independent lines of support (see :mod:`provenance.scoring.flow`).
    origins : tuple of str
        First-hand sources whose knowledge reaches an observed report, sorted.
    flags : tuple of Flag
        In the order :class:`~provenance.model.Flag` defines them.
    credibility : Credibility
        Admiralty 1 (confirmed) … 6 (cannot be judged).
    contradicted_by : tuple of str
        Claims recorded as contradicting this one.
    cycle : tuple of str
        One via cycle, ``(a, b, a)``, when the claim is CIRCULAR.
    hedge_cues : tuple of str
        Hedging words found in the reports' quotes.
    hedge_drops, time_inversions : tuple of (str, str)
        ``(reporter, cited)`` pairs behind HEDGE_DROPPED and TIME_INVERSION, sorted.
    reports : tuple of Report
        The claim's reports when it was scored, observed and attributed, in no
        particular order. Results compare equal when these are the same set.
    lines : tuple of tuple of str
        One witness set of `independent` disjoint lines, each origin → … → the first
        observed reporter on the way.
    common_links : tuple of str
        When ``independent == 1``: the sources every line passes through and that can
        fail (attributed, or first-hand), upstream first — the single points of failure.
        Empty otherwise.
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
    origins: tuple[str, ...]
    flags: tuple[Flag, ...]
    credibility: Credibility
    contradicted_by: tuple[str, ...] = ()
    cycle: tuple[str, ...] = ()
    hedge_cues: tuple[str, ...] = ()
    hedge_drops: tuple[tuple[str, str], ...] = ()
    time_inversions: tuple[tuple[str, str], ...] = ()
    reports: tuple[Report, ...] = field(default=(), eq=frozenset, repr=False)
    # Source id -> independence group and -> display name: the store's own maps, whose
    # entries never change once a source is declared.
    groups: Mapping[str, str] = field(factory=dict, eq=False, repr=False)
    names: Mapping[str, str] = field(factory=dict, eq=False, repr=False)

    @cached_property
    def _support(self) -> Support:
        return lines_of_support({r.source: r for r in self.reports}, self.groups)

    @property
    def lines(self) -> tuple[tuple[str, ...], ...]:
        return self._support.lines

    @property
    def common_links(self) -> tuple[str, ...]:
        return self._support.common_links

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

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data: the one JSON form (the CLI's ``--json`` and
        the page use it).

        Examples
        --------
        >>> import provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> _ = g.add_source("a"); _ = g.add_claim("c", "Something happened")
        >>> _ = g.add_report("a", "c")
        >>> data = g.corroboration("c").to_dict()
        >>> data["independent"], data["flags"], data["lines"], data["credibility"]
        (1, ['single_source'], [['a']], 3)
        """
        return {
            "claim": self.claim,
            "text": self.text,
            "independent": self.independent,
            "credibility": self.credibility.value,
            "credibility_meaning": self.credibility.meaning,
            "flags": [f.value for f in self.flags],
            "origins": list(self.origins),
            "lines": [list(line) for line in self.lines],
            "common_links": list(self.common_links),
            "reporters": list(self.reporters),
            "observed": list(self.observed),
            "contradicted_by": list(self.contradicted_by),
            "cycle": list(self.cycle),
            "hedge_cues": list(self.hedge_cues),
            "hedge_drops": [list(pair) for pair in self.hedge_drops],
            "time_inversions": [list(pair) for pair in self.time_inversions],
            "explanation": self.explain(),
        }

    def explain(self) -> str:
        """Say how the claim is supported in one plain paragraph.

        Examples
        --------
        >>> import textwrap, provenance as pv
        >>> g = pv.ProvenanceGraph()
        >>> for s, name in [("militarnyi", "Militarnyi"), ("article", "Euromaidan Press")]:
        ...     _ = g.add_source(s, name=name)
        >>> _ = g.add_claim("injured", "The captured soldier was injured")
        >>> _ = g.add_chain("injured", ["militarnyi", "article"], hedge="uncertain",
        ...                 quote="The prisoner appeared to have been injured.")
        >>> print(textwrap.fill(g.corroboration("injured").explain(), 80))
        Rests on one source: Militarnyi. 2 sources carry it; 1 independent line. Hedged:
        every report is uncertain ('appeared to'). Credibility 4: doubtful.
        """
        name = self._name
        sentences = [self._support_sentence()]
        n = len(self.reporters)
        lines = "line" if self.independent == 1 else "lines"
        sentences.append(
            f"{n} source{'s' if n != 1 else ''} carr{'y' if n != 1 else 'ies'} it; "
            f"{self.independent} independent {lines}."
        )
        flags = set(self.flags)
        if Flag.ECHO in flags:
            sentences.append(
                f"Echo: {len(self.observed)} reports read, but they repeat "
                f"{'one line' if self.independent else 'no line'}."
            )
        if Flag.CIRCULAR in flags:
            sentences.append(f"Circular reporting: {' → '.join(map(name, self.cycle))}.")
        if Flag.HEDGED in flags:
            cues = ", ".join(f"'{c}'" for c in self.hedge_cues)
            sentences.append(f"Hedged: every report is uncertain{f' ({cues})' if cues else ''}.")
        for reporter, cited in self.hedge_drops:
            sentences.append(
                f"Hedge dropped: {name(reporter)} states plainly what {name(cited)} "
                f"reported as uncertain."
            )
        for reporter, cited in self.time_inversions:
            sentences.append(
                f"Time inversion: {name(reporter)} is dated before {name(cited)}, which it cites."
            )
        if self.contradicted_by:
            sentences.append(f"Contradicted by {', '.join(map(repr, self.contradicted_by))}.")
        sentences.append(f"Credibility {self.credibility.value}: {self.credibility.meaning}.")
        return " ".join(sentences)

    def _name(self, source: str) -> str:
        return self.names.get(source, source)

    def _support_sentence(self) -> str:
        name = self._name
        if self.independent == 0:
            return "No independent line of support: nothing first-hand stands behind it."
        if self.independent == 1:
            line = self.lines[0]
            relays = [name(s) for s in line[1:-1]]  # the last one is the reporter we read
            via = f" (via {' → '.join(relays)})" if relays else ""
            if len(self.origins) > 1 and self.origin_group is not None:
                return (
                    f"Rests on one group, {self.origin_group}: "
                    f"{', '.join(map(name, self.origins))}, not independent of each other."
                )
            bottleneck = [s for s in self.common_links if s not in self.origins]
            if len(self.origins) > 1 and bottleneck:
                return f"Rests on one source: every line passes through {name(bottleneck[0])}."
            return f"Rests on one source: {name(line[0])}{via}."
        described = []
        for line in self.lines:
            through = f" (via {' → '.join(map(name, line[1:-1]))})" if len(line) > 2 else ""
            described.append(name(line[0]) + through)
        return f"Supported by {self.independent} independent lines: {'; '.join(described)}."
