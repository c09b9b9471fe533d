"""The columnar engine: every claim scored at once, from integer-coded columns.

The per-claim engine (:mod:`provenance.scoring`) follows one claim's reports through
Python objects; this one holds a corpus as arrays (:class:`Columns`) and scores every
claim with array operations and one scipy maximum flow over all claims' networks
(:mod:`~provenance.engine.network`). Both compute the same numbers, flags and
credibility, bit for bit: a property test holds them equal on every claim.
:func:`corroborations` makes every claim's record from it, for ``assess()`` on a corpus;
witness lines, common links and explanations stay with the per-claim engine, which works
them out from a record's reports when first read.

Examples
--------
>>> import provenance as pv
>>> from provenance.engine import columns_of, score_columns
>>> g = pv.load("examples/pow_article.yaml")
>>> scores = score_columns(columns_of(g))
>>> i = scores.claim_ids.index("troops")
>>> int(scores.independent[i]) == g.corroboration("troops").independent
True
"""

from __future__ import annotations

from provenance.engine.coded import Columns, columns_of
from provenance.engine.results import corroborations
from provenance.engine.score import FLAGS, ClaimScores, compete, score_columns

__all__ = [
    "FLAGS",
    "ClaimScores",
    "Columns",
    "columns_of",
    "compete",
    "corroborations",
    "score_columns",
]
