"""provenance: source-provenance graphs for news and OSINT claims.

Sources and claims become nodes of a networkx graph with "reported via" edges; each
claim is scored by its number of **independent lines** of support, and flagged when it
rests on a single source, echoes, circles, drops a hedge or is contradicted.

>>> import provenance as pv
>>> g = pv.ProvenanceGraph()
>>> for s in ("warshal", "militarnyi", "article"):
...     _ = g.add_source(s)
>>> _ = g.add_claim("capture", "Ukrainian special forces captured a North Korean soldier")
>>> _ = g.add_chain("capture", ["warshal", "militarnyi", "article"])
>>> g.corroboration("capture").independent
1
"""

from provenance._version import __version__
from provenance.assessing import assess, claim_scores, flagged
from provenance.cascades import Cascade, cascades
from provenance.columns import assess_table, read_columns, scores_table
from provenance.copying import TruthEstimate, discover_truth, suspect_copying
from provenance.errors import (
    DuplicateIdError,
    DuplicateReportError,
    FileAccessError,
    FormatError,
    MissingDependencyError,
    ProvenanceError,
    ProvenanceWarning,
    UnknownIdError,
    ValidationError,
)
from provenance.formats.claimreview import to_claimreview
from provenance.formats.prov import to_prov
from provenance.formats.story import to_dict
from provenance.graph import ProvenanceGraph
from provenance.io import from_claimreview, from_dict, from_prov, load, read_reports, save
from provenance.model import (
    Claim,
    Credibility,
    Flag,
    Hedge,
    Reliability,
    Report,
    Source,
    SuspectedCopy,
)
from provenance.render import render_html, render_svg
from provenance.scoring import (
    Corroboration,
    Scorer,
    SupportModel,
    corroboration,
    format_table,
    question,
    weakest_first,
)
from provenance.store import Store

__all__ = [
    "Cascade",
    "Claim",
    "Corroboration",
    "Credibility",
    "DuplicateIdError",
    "DuplicateReportError",
    "FileAccessError",
    "Flag",
    "FormatError",
    "Hedge",
    "MissingDependencyError",
    "ProvenanceError",
    "ProvenanceGraph",
    "ProvenanceWarning",
    "Reliability",
    "Report",
    "Scorer",
    "Source",
    "Store",
    "SupportModel",
    "SuspectedCopy",
    "TruthEstimate",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "assess",
    "assess_table",
    "cascades",
    "claim_scores",
    "corroboration",
    "discover_truth",
    "flagged",
    "format_table",
    "from_claimreview",
    "from_dict",
    "from_prov",
    "load",
    "question",
    "read_columns",
    "read_reports",
    "render_html",
    "render_svg",
    "save",
    "scores_table",
    "suspect_copying",
    "to_claimreview",
    "to_dict",
    "to_prov",
    "weakest_first",
]


def __getattr__(name: str) -> object:
    """``pv.dask``: the Dask scale-out, imported on first use (dask is an optional extra,
    and slow to import)."""
    if name == "dask":
        import provenance.dask

        return provenance.dask
    raise AttributeError(f"module 'provenance' has no attribute {name!r}")
