"""Assessing every claim: the engine chosen in plain sight.

Two engines score claims, with the same numbers, flags and credibility (a property test
holds them equal on every claim):

- ``"records"``, the per-claim engine (:mod:`provenance.scoring`): one pass over each
  claim's reports, its result kept until the claim changes;
- ``"columns"``, the columnar engine (:mod:`provenance.engine`): every claim at once,
  as arrays and one maximum flow, each record's detail (witness lines, cues, …) worked
  out by the per-claim engine when first read.

``engine="auto"`` (the default) takes the columnar engine when :data:`COLUMNS_FROM`
claims or more need scoring (never scored, or changed since), where it is faster, and
the per-claim engine otherwise, where a change costs only the claims it touched. Either
way the results are kept by the store's :class:`~provenance.scoring.Scorer`, so the next
call scores only what changed. :func:`claim_scores` gives the numbers alone, as arrays.

Examples
--------
>>> import provenance as pv
>>> g = pv.load("examples/pow_article.yaml")
>>> by_records = pv.assess(g, engine="records")
>>> by_columns = pv.assess(g.copy(), engine="columns")
>>> by_records == by_columns
True
"""

from __future__ import annotations

from typing import Literal

from provenance.engine import ClaimScores, columns_of, corroborations, score_columns
from provenance.errors import ValidationError
from provenance.model import Flag
from provenance.scoring import Corroboration, SupportModel
from provenance.scoring.score import scorer_of
from provenance.store import Store

__all__ = ["COLUMNS_FROM", "ENGINES", "Engine", "assess", "claim_scores", "flagged"]

Engine = Literal["auto", "records", "columns"]
ENGINES: tuple[Engine, ...] = ("auto", "records", "columns")

COLUMNS_FROM = 2_000
"""How many claims must need scoring for ``engine="auto"`` to take the columnar engine:
below it, the per-claim engine is as fast (measured in ``benchmarks/scale.py``)."""


def assess(
    store: Store, *, model: SupportModel | None = None, engine: Engine = "auto"
) -> dict[str, Corroboration]:
    """Score every claim; a dict from claim id to :class:`Corroboration`, in declaration order.

    Parameters
    ----------
    store : Store
        A :class:`~provenance.graph.ProvenanceGraph`, or any store.
    model : provenance.scoring.support.SupportModel, optional
        The numbers behind support and credibility (the documented defaults if omitted).
    engine : {"auto", "records", "columns"}
        Which engine scores the claims that need scoring (see the module); the results
        are equal whichever runs. Claims scored before and unchanged since are not
        scored again.

    Raises
    ------
    ValidationError
        `engine` is not one of :data:`ENGINES`.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c1"); _ = g.add_claim("c2")
    >>> _ = g.add_report("a", "c1")
    >>> {claim: c.independent for claim, c in pv.assess(g).items()}
    {'c1': 1, 'c2': 0}
    >>> pv.assess(g, engine="rows")
    Traceback (most recent call last):
    ...
    provenance.errors.ValidationError: engine must be 'auto', 'records' or 'columns', got 'rows'
    """
    _check_engine(engine)
    scorer = scorer_of(store, model)
    if engine == "records":
        return scorer.assess()
    at_least = 1 if engine == "columns" else COLUMNS_FROM
    return scorer.assess(stale_by=corroborations, at_least=at_least)


def claim_scores(store: Store, *, model: SupportModel | None = None) -> ClaimScores:
    """Every claim's numbers, flags and credibility, as arrays by claim, from the
    columnar engine: no record, witness line or cue per claim, and the same numbers as
    :func:`assess` (as networkx has ``maximum_flow_value`` beside ``maximum_flow``).

    :func:`provenance.scores_table` makes them the table :func:`provenance.assess_table`
    returns (with pyarrow).

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.load("examples/pow_article.yaml")
    >>> scores = pv.claim_scores(g)
    >>> i = scores.claim_ids.index("injured")
    >>> int(scores.independent[i]), [f.value for f in scores.flags_of(i)]
    (1, ['single_source', 'hedged'])
    """
    return score_columns(columns_of(store), model)


def flagged(
    store: Store, *flags: Flag | str, model: SupportModel | None = None, engine: Engine = "auto"
) -> list[Corroboration]:
    """The claims raising any of `flags` (any flag at all when none are given), scored as
    :func:`assess` scores them.

    Raises
    ------
    ValidationError
        A flag name, or the engine, is unknown.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> _ = g.add_source("a"); _ = g.add_claim("c1")
    >>> _ = g.add_report("a", "c1")
    >>> [c.claim for c in pv.flagged(g, "single_source")]
    ['c1']
    """
    wanted = {Flag.parse(f) for f in flags} or set(Flag)
    results = assess(store, model=model, engine=engine).values()
    return [c for c in results if wanted.intersection(c.flags)]


def _check_engine(engine: object) -> None:
    if engine not in ENGINES:
        raise ValidationError(f"engine must be 'auto', 'records' or 'columns', got {engine!r}")
