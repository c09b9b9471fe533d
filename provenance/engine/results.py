"""Every claim's result as a record, from the columnar engine.

The numbers, flags and credibility of every claim are scored at once
(:func:`~provenance.engine.score.score_columns`); each claim's detail — origins, witness
lines, cues, the pairs behind its flags — is worked out by the per-claim engine from
the claim's reports the first time it is asked for
(:class:`~provenance.scoring.score.LaterDetail`). :func:`provenance.assess` hands a
corpus to it and gives the results to the store's scorer
(:meth:`provenance.scoring.Scorer.keep`).

Examples
--------
>>> import provenance as pv
>>> from provenance.engine import corroborations
>>> g = pv.load("examples/pow_article.yaml")
>>> results = corroborations(g)
>>> results["injured"] == g.corroboration("injured")   # numbers, reports and detail
True
>>> results["troops"].lines   # worked out now, by the per-claim engine
(('kr-sources', 'article'), ('ua-sources', 'article'), ('us-sources', 'article'))
"""

from __future__ import annotations

import numpy as np

from provenance import records
from provenance._bulk import bulk
from provenance.engine.coded import columns_of
from provenance.engine.score import FLAGS, score_columns
from provenance.model import Credibility, Flag
from provenance.scoring.result import Corroboration
from provenance.scoring.score import LaterDetail, suspected_on
from provenance.scoring.support import SupportModel
from provenance.store import Store

__all__ = ["corroborations"]

_GRADES = {grade.value: grade for grade in Credibility}


def corroborations(store: Store, model: SupportModel | None = None) -> dict[str, Corroboration]:
    """Every claim's :class:`~provenance.scoring.Corroboration`, in declaration order: equal
    to the per-claim engine's (a property test holds them so), the detail worked out on
    first use."""
    model = model if model is not None else SupportModel()
    scores = score_columns(columns_of(store), model)
    # Each distinct set of flags made once: the row of flags as the bits of one number.
    bits = scores.flags.astype(np.int64) @ (1 << np.arange(len(FLAGS), dtype=np.int64))
    flag_sets: dict[int, tuple[Flag, ...]] = {
        code: tuple(flag for j, flag in enumerate(FLAGS) if code >> j & 1)
        for code in np.unique(bits).tolist()
    }
    groups, names, sources, claims = (
        records.groups(store),
        records.names(store),
        records.sources_by_id(store),
        records.claims_by_id(store),
    )
    results = {}
    with bulk():  # two objects a claim, no cycle among them: no collection meanwhile
        for claim, independent, possible, likely, support, own, grade, code in zip(
            scores.claim_ids,
            scores.independent.tolist(),
            scores.independent_max.tolist(),
            scores.independent_likely.tolist(),
            scores.support.tolist(),
            scores.own_support.tolist(),
            scores.credibility.tolist(),
            bits.tolist(),
            strict=True,
        ):
            reports = tuple(records.reports_by_source(store, claim).values())
            results[claim] = Corroboration(
                claim=claim,
                text=claims[claim].text,
                independent=independent,
                independent_max=possible,
                independent_likely=likely,
                suspected=suspected_on(store, claim),
                support=support,
                own_support=own,
                flags=flag_sets[code],
                credibility=_GRADES[grade],
                contradicted_by=tuple(records.rivals(store, claim)),
                reports=reports,
                detail=LaterDetail(reports, groups, sources, model),
                groups=groups,
                names=names,
                sources=sources,
            )
    return results
