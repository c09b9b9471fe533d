"""Every scoring rule, once: when each flag is raised, the credibility grade, the
chance of a line and what lines are worth together, time inversion, the possible
read-off.

Both engines call these functions and keep no copy of their own. The per-claim engine
(:mod:`provenance.scoring.score`, :mod:`~provenance.scoring.flow`,
:mod:`~provenance.scoring.support`) calls them with Python scalars for one claim, one
report, one citation; the columnar engine (:mod:`provenance.engine.score`,
:mod:`~provenance.engine.witness`) with numpy arrays by claim, by row or by citation.
Each engine works out its inputs (a claim's summary: its proven lines, observed
reports, whether it is hedged …) its own way. So every rule is written with what
means the same on a scalar and on an array: comparisons,
``&`` and ``|``, ``x ^ True`` for "not x" (``~True`` is -2), the larger or smaller of
two (``max`` on scalars, ``np.maximum`` on arrays). Support is multiplied in the same
order by both, so the floats are equal bit for bit, not just close.

===========================  ==========================================================
rule                         functions
===========================  ==========================================================
every flag                   :func:`flags` over a claim's summary; :func:`rival_flags`
every report UNCERTAIN       :func:`hedged`
a report's sourcing          :func:`names_nobody`, :func:`without_source`
a citation's warnings        :func:`hedge_dropped`, :func:`cites_retracted`,
                             :func:`dated_before` (over :func:`published_codes`),
                             :func:`published_before`
the chance of a line         :func:`weakens_line`, :func:`wording`, :func:`line_chance`
support                      :func:`doubt_with`, :func:`own_support`, :func:`against`
the possible and likely      :func:`reads_off`, :func:`possible_count`,
counts                       :func:`likely_count`
credibility                  :func:`credibility`
===========================  ==========================================================

Rivals are ordered by :func:`provenance.records.rival_order` (a layer below); the
result row is :data:`provenance.scoring.result.ROW`.

Examples
--------
>>> import numpy as np
>>> quiet = dict(hedged=False, cycle=False, hedge_dropped=False, time_inverted=False,
...              rivals=0, unsourced=False, cites_retracted=False)
>>> [flag.name for flag, on in flags(independent=1, observed=5, **quiet).items() if on]
['SINGLE_SOURCE', 'ECHO']
>>> echo = flags(independent=np.array([0, 1, 2]), observed=np.array([3, 4, 1]), **quiet)
>>> echo[Flag.ECHO]
array([ True,  True, False])
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Protocol, TypeVar, cast, overload

import numpy as np
from numpy.typing import NDArray

from provenance._arrays import Bools, Ints
from provenance.model import Credibility, Flag, Published

__all__ = [
    "AWARE",
    "DATE",
    "NAIVE",
    "NO_DATE",
    "NO_PLAIN",
    "NO_RIVAL",
    "Thresholds",
    "against",
    "cites_retracted",
    "contradicted",
    "credibility",
    "dated_before",
    "doubt_with",
    "exactly_comparable",
    "flags",
    "hedge_dropped",
    "hedged",
    "likely_count",
    "line_chance",
    "names_nobody",
    "own_support",
    "possible_count",
    "published_before",
    "published_codes",
    "reads_off",
    "rival_flags",
    "weakens_line",
    "without_source",
    "wording",
]

Truth = bool | np.bool_ | Bools
"""A yes or no: for one claim (or report, or citation), or an array of them."""
Count = int | NDArray[np.int64]
"""A whole number, or an array of them."""
Chance = float | NDArray[np.float64]
"""A number in [0, 1], or an array of them."""
Grade = Credibility | NDArray[np.int64]
"""A credibility grade, or an array of their values."""
_F = TypeVar("_F", float, NDArray[np.float64])  # a chance, or chances (an int passes)
_I = TypeVar("_I", int, NDArray[np.int64])  # a count, or counts
_B = TypeVar("_B", bool, NDArray[np.bool_])  # a yes or no, or an array of them


# Flags ------------------------------------------------------------------------------


# Each member once: a class attribute of an enum costs 70 ns, and flags() runs per claim.
_SINGLE_SOURCE, _NO_ORIGIN = Flag.SINGLE_SOURCE, Flag.NO_ORIGIN
_CIRCULAR, _ECHO, _HEDGED = Flag.CIRCULAR, Flag.ECHO, Flag.HEDGED
_HEDGE_DROPPED, _TIME_INVERSION = Flag.HEDGE_DROPPED, Flag.TIME_INVERSION
_CONTRADICTED, _UNSOURCED = Flag.CONTRADICTED, Flag.UNSOURCED
_CITES_RETRACTED = Flag.CITES_RETRACTED


def flags(
    *,
    independent: Count,
    observed: Count,
    hedged: Truth,
    cycle: Truth,
    hedge_dropped: Truth,
    time_inverted: Truth,
    rivals: Count,
    unsourced: Truth,
    cites_retracted: Truth,
) -> dict[Flag, Truth]:
    """Each :class:`~provenance.model.Flag`, in its order, and whether it is raised: the
    one place a flag is raised. The arguments are a claim's summary (scalars), or every
    claim's (arrays by claim); each engine works them out its own way.

    Parameters
    ----------
    independent : proven lines.
    observed : reports read first-hand.
    hedged : :func:`hedged`: every worded report is uncertain.
    cycle : a via cycle among the claim's reports.
    hedge_dropped : some citation is :func:`hedge_dropped`.
    time_inverted : some citation is :func:`dated_before` what it cites.
    rivals : how many claims it cannot be true with (:func:`rival_flags`).
    unsourced : some report is unsourced (:func:`without_source`).
    cites_retracted : some citation :func:`cites_retracted`.
    """
    return {
        _SINGLE_SOURCE: independent == 1,
        _NO_ORIGIN: independent == 0,
        _CIRCULAR: cycle,
        _ECHO: (observed >= 3) & (independent <= 1),  # apparent corroboration
        _HEDGED: hedged,
        _HEDGE_DROPPED: hedge_dropped,
        _TIME_INVERSION: time_inverted,
        _CONTRADICTED: contradicted(rivals),
        _UNSOURCED: unsourced,
        _CITES_RETRACTED: cites_retracted,
    }


def contradicted(rivals: Count) -> Truth:
    """CONTRADICTED: some claim cannot be true with this one."""
    return rivals > 0


def rival_flags(rivals: Count) -> dict[Flag, Truth]:
    """The flags raised by a claim's rivals alone, as :func:`flags` raises them: raised
    again when claims are weighed against rivals met elsewhere (other partitions)."""
    return {_CONTRADICTED: contradicted(rivals)}


def hedged(worded: Count, uncertain: Count) -> Truth:
    """Every report that has words (an implicit one has none) hedges as uncertain."""
    return (worded > 0) & (uncertain == worded)


# A report and a citation ------------------------------------------------------------


def names_nobody(live: _B, firsthand: _B, cites_nobody: _B) -> _B:
    """A report that does not say where it got the claim: not retracted, not first-hand,
    citing nobody. In the possible count it is an origin of its own."""
    return live & (firsthand ^ True) & cites_nobody


def without_source(
    observed: _B, live: _B, firsthand: _B, cites_nobody: _B, plain: _B
) -> tuple[_B, _B]:
    """(unsourced, states plainly) of a report. **Unsourced** (UNSOURCED's report): an
    observed one that :func:`names_nobody` (spelled out: it runs once a report;
    tests/test_rules.py holds the two equal). **States plainly**: unsourced and worded
    plainly (confirmed or asserted), a line that can fail by itself when nothing
    first-hand stands behind the claim."""
    unsourced = observed & live & (firsthand ^ True) & cites_nobody
    return unsourced, unsourced & plain


def hedge_dropped(citing_plain: _B, cited_uncertain: _B, cited_implicit: _B) -> _B:
    """A report states plainly what it cites from a report worded as uncertain (an
    implicit report has no words to drop)."""
    return citing_plain & cited_uncertain & (cited_implicit ^ True)


def cites_retracted(citing_live: _B, cited_live: _B) -> _B:
    """A live report cites one that was retracted."""
    return citing_live & (cited_live ^ True)


NO_DATE, DATE, NAIVE, AWARE = 0, 1, 2, 3  # the datetimes last: exactly_comparable reads it
"""The kinds of a publication time, as :func:`published_codes` codes them."""
_EPOCH = dt.datetime(1970, 1, 1)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)
_UNDATED = (NO_DATE, 0, 0)


def published_codes(value: Published | None) -> tuple[int, int, int]:
    """(kind, day, instant) of a publication time: its kind (:data:`NO_DATE`, :data:`DATE`,
    :data:`NAIVE` or :data:`AWARE` datetime), its day as written (proleptic ordinal),
    and its instant in microseconds (wall time for a naive datetime, UTC for an aware
    one).

    >>> published_codes(dt.date(2024, 12, 26))
    (1, 739246, 0)
    """
    if value is None:
        return _UNDATED
    if not isinstance(value, dt.datetime):
        return DATE, value.toordinal(), 0
    day = value.date().toordinal()  # as written: an aware datetime's own local day
    if value.tzinfo is None:
        return NAIVE, day, (value - _EPOCH) // _MICROSECOND
    return AWARE, day, (value - _EPOCH_UTC) // _MICROSECOND


def exactly_comparable(kind_a: Count, kind_b: Count) -> Truth:
    """Two times compare to the microsecond when both are datetimes, both naive or both
    aware; others compare by day."""
    return (kind_a == kind_b) & (kind_a >= NAIVE)  # NAIVE or AWARE


@overload
def dated_before(citing: tuple[int, int, int], cited: tuple[int, int, int]) -> bool: ...


@overload
def dated_before(citing: tuple[Ints, Ints, Ints], cited: tuple[Ints, Ints, Ints]) -> Bools: ...


def dated_before(citing: tuple[Count, Count, Count], cited: tuple[Count, Count, Count]) -> Truth:
    """TIME_INVERSION's citation: the citing report is dated strictly before what it
    cites (each a :func:`published_codes` triple, of scalars or of arrays).

    >>> dated_before(published_codes(dt.datetime(2024, 12, 26, 9)),
    ...              published_codes(dt.date(2024, 12, 26)))   # by day: the same day
    False
    """
    kind_a, day_a, instant_a = citing
    kind_b, day_b, instant_b = cited
    exact = exactly_comparable(kind_a, kind_b)
    earlier = (exact & (instant_a < instant_b)) | ((exact ^ True) & (day_a < day_b))
    dated: Truth = (kind_a != NO_DATE) & (kind_b != NO_DATE) & earlier
    return dated


def published_before(citing: Published | None, cited: Published | None) -> bool:
    """:func:`dated_before` for one citation, from the two publication times: the
    per-claim engine's entry, met once a citation. Two shortcuts skip the coding where
    the rule's answer needs none (a missing time never inverts; two days compare by
    day); tests/test_rules.py holds this equal to the rule on every kind of pair.

    >>> published_before(dt.date(2024, 12, 25), dt.date(2024, 12, 26))
    True
    """
    if citing is None or cited is None:
        return False
    if type(citing) is dt.date and type(cited) is dt.date:
        return citing < cited
    return dated_before(published_codes(citing), published_codes(cited))


# Support ----------------------------------------------------------------------------


def weakens_line(first: Truth, observed: Truth) -> Truth:
    """Whether a report's source can fail a line it is on: the line's origin, or an
    attributed relay (one we read ourselves only passes on what can fail upstream)."""
    return first | (observed ^ True)


def wording(weight: _F, implicit: Truth) -> _F:
    """A report's hedge weight on a line: an implicit report has no words (1)."""
    if implicit is True:  # one report (bool first: it runs once a link)
        return 1.0  # type: ignore[return-value]
    if implicit is False:
        return weight
    return cast(_F, np.where(implicit, 1.0, weight))


def line_chance(weakest: _F, worded: _F) -> _F:
    """The chance a line is right: the chance of its weakest source that can fail
    (:func:`weakens_line`), times its most hedged :func:`wording`."""
    chance: _F = weakest * worded
    return chance


def doubt_with(doubt: _F, chance: _F) -> _F:
    """The chance every line is wrong, one more independent line (of `chance`) joining:
    lines are multiplied in the order of the witness, sorted."""
    more: _F = doubt * (1.0 - chance)
    return more


NO_PLAIN = -math.inf
"""The best plain outlet's chance when no outlet states a claim plainly without a source."""
NO_RIVAL = -1.0
"""The strongest rival's own support when a claim has no rival."""


def own_support(doubt: _F, best_plain: _F) -> _F:
    """What the proven lines are worth together (``1 - doubt``), and never less than the
    best outlet stating the claim plainly without a source is worth on its own word
    (:data:`NO_PLAIN` when there is none)."""
    own = 1.0 - doubt
    if type(own) is float and type(best_plain) is float:  # one claim: max(own, best_plain)
        return best_plain if best_plain > own else own
    return cast(_F, np.maximum(own, best_plain))


def against(support: _F, rival_own: _F) -> _F:
    """A claim's support once a rival (of own support `rival_own`) competes: both
    cannot be true. Rivals are taken in :func:`~provenance.records.rival_order`."""
    weighed: _F = support * (1.0 - rival_own)
    return weighed


def reads_off(observed: _B, group_searched: _B) -> _B:
    """Whether a report that :func:`names_nobody` can be read off as its group's line in
    the possible count, without a second flow: it is observed, and no attributed origin
    of its group is still searched for. When one cannot, the claim's possible count is
    a flow of its own."""
    return observed & (group_searched ^ True)


def possible_count(independent: _I, flow: _I) -> _I:
    """The possible lines: the flow with unsourced origins, never below the proven."""
    if type(independent) is int and type(flow) is int:  # one claim: max(independent, flow)
        return flow if flow > independent else independent
    return cast(_I, np.maximum(independent, flow))


def likely_count(independent: _I, possible: _I, flow: _I) -> _I:
    """The likely lines: the flow once suspected copying counts as citing, between the
    proven and the possible count."""
    if type(independent) is int and type(possible) is int and type(flow) is int:
        return min(possible, max(independent, flow))
    return cast(_I, np.minimum(possible, np.maximum(independent, flow)))


# Credibility ------------------------------------------------------------------------


class Thresholds(Protocol):
    """The numbers credibility reads (:class:`~provenance.scoring.support.SupportModel`)."""

    @property
    def confirmed(self) -> float: ...
    @property
    def probable(self) -> float: ...
    @property
    def possible(self) -> float: ...
    @property
    def margin(self) -> float: ...


_GRADES = (
    Credibility.CANNOT_BE_JUDGED,
    Credibility.IMPROBABLE,
    Credibility.DOUBTFUL,
    Credibility.POSSIBLY_TRUE,
    Credibility.PROBABLY_TRUE,
)


@overload
def credibility(
    independent: int,
    support: float,
    *,
    own: float,
    strongest: float,
    hedged: bool,
    declared: bool,
    model: Thresholds,
) -> Credibility: ...


@overload
def credibility(
    independent: NDArray[np.int64],
    support: NDArray[np.float64],
    *,
    own: NDArray[np.float64],
    strongest: NDArray[np.float64],
    hedged: NDArray[np.bool_],
    declared: NDArray[np.bool_],
    model: Thresholds,
) -> NDArray[np.int64]: ...


def credibility(
    independent: Count,
    support: Chance,
    *,
    own: Chance,
    strongest: Chance,
    hedged: Truth,
    declared: Truth,
    model: Thresholds,
) -> Grade:
    """The Admiralty credibility of a claim, by this rule, first match wins:

    - 6 cannot be judged: no proven line;
    - 5 improbable: the `strongest` rival's own support exceeds the claim's own by
      `model.margin` or more (:data:`NO_RIVAL` without one);
    - 4 doubtful: every report hedged as uncertain, or a rival about as well supported,
      or support below `model.possible`;
    - 3 possibly true: support below `model.probable`, or the only line is an outlet
      that does not say where it got the claim (not `declared`);
    - 2 probably true: support below `model.confirmed`, or a single proven line;
    - 1 confirmed: two proven lines or more, and support of `model.confirmed` or more.

    On arrays, one ``np.select`` (an array of grade values); on scalars, the same
    conditions read in turn (a :class:`~provenance.model.Credibility`).
    """
    margin = model.margin
    conditions = (
        independent == 0,
        strongest - own >= margin,
        hedged | (strongest > own - margin) | (support < model.possible),
        (support < model.probable) | (declared ^ True),
        (support < model.confirmed) | (independent < 2),
    )
    if isinstance(independent, np.ndarray):
        graded: NDArray[np.int64] = np.select(
            conditions, _GRADES, default=Credibility.CONFIRMED
        ).astype(np.int64)
        return graded
    # One claim: the first condition met (np.select on scalars costs 20 µs a claim).
    return _GRADES[conditions.index(True)] if True in conditions else Credibility.CONFIRMED
