"""The provenance graph: the store, with scoring, drawing and files one call away.

:class:`ProvenanceGraph` is a :class:`~provenance.store.Store` (sources, claims, reports
and contradictions, checked as they come in) whose other methods are one-line delegates
to the layers below: :mod:`provenance.scoring`, :mod:`provenance.assessing`,
:mod:`provenance.render` and
:mod:`provenance.formats`. Imports flow one way (see ``docs/architecture.md``)::

    errors, model → store → scoring → engine → assessing → render | formats → graph → io → cli
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import networkx as nx

from provenance import assessing, copying, formats, render, scoring
from provenance.assessing import Engine
from provenance.engine import ClaimScores
from provenance.formats import claimreview, network, prov, story
from provenance.formats.claimreview import Rating
from provenance.model import Flag, Published, SuspectedCopy
from provenance.records import _deprecated
from provenance.render import pyvis as render_pyvis
from provenance.scoring import Corroboration, SupportModel
from provenance.store import Store

if TYPE_CHECKING:
    from pyvis.network import Network  # type: ignore[import-untyped]

__all__ = ["ProvenanceGraph"]


class ProvenanceGraph(Store):
    """Sources, claims and who reported what via whom.

    Examples
    --------
    >>> import provenance as pv
    >>> g = pv.ProvenanceGraph()
    >>> g.add_source("reuters", name="Reuters", kind="agency")
    Source(id='reuters', name='Reuters', kind='agency', reliability=None, group=None, url=None)
    >>> _ = g.add_claim("c", "Something happened")
    >>> for outlet in ("a", "b", "c1", "d", "e"):
    ...     _ = g.add_source(outlet)
    ...     _ = g.add_report(outlet, "c", via=["reuters"])
    >>> g
    <ProvenanceGraph: 6 sources, 1 claims, 6 reports>
    >>> g.corroboration("c").independent
    1
    """

    def corroboration(self, claim: str, *, model: SupportModel | None = None) -> Corroboration:
        """How well `claim` is supported; see :func:`provenance.scoring.corroboration`."""
        return scoring.corroboration(self, claim, model=model)

    @overload
    def assess(
        self,
        *,
        model: SupportModel | None = None,
        engine: Engine = "auto",
        value_only: Literal[False] = False,
    ) -> dict[str, Corroboration]: ...

    @overload
    def assess(
        self,
        *,
        model: SupportModel | None = None,
        engine: Engine = "auto",
        value_only: Literal[True],
    ) -> ClaimScores: ...

    def assess(
        self,
        *,
        model: SupportModel | None = None,
        engine: Engine = "auto",
        value_only: bool = False,
    ) -> dict[str, Corroboration] | ClaimScores:
        """Every claim's corroboration; see :func:`provenance.assess` (``value_only=True``
        is deprecated: :meth:`claim_scores`)."""
        if value_only:
            _deprecated("assess(value_only=True)", "claim_scores()")
            return assessing.claim_scores(self, model=model)
        return assessing.assess(self, model=model, engine=engine)

    def claim_scores(self, *, model: SupportModel | None = None) -> ClaimScores:
        """Every claim's numbers, as arrays; see :func:`provenance.claim_scores`."""
        return assessing.claim_scores(self, model=model)

    def flagged(
        self, *flags: Flag | str, model: SupportModel | None = None, engine: Engine = "auto"
    ) -> list[Corroboration]:
        """Claims raising any of `flags`; see :func:`provenance.flagged`."""
        return assessing.flagged(self, *flags, model=model, engine=engine)

    def question(self, question: str, *, model: SupportModel | None = None) -> list[Corroboration]:
        """The answers to `question`, best first; see :func:`provenance.scoring.question`."""
        return scoring.question(self, question, model=model)

    def with_suspected(
        self, copies: Iterable[SuspectedCopy], *, min_probability: float = 0.8
    ) -> ProvenanceGraph:
        """A new graph with the `copies` at least this likely as suspected via edges;
        see :func:`provenance.copying.with_suspected`."""
        return copying.with_suspected(self, copies, min_probability=min_probability)

    def to_html(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        claims: Iterable[str] | None = None,
        title: str | None = None,
    ) -> str:
        """A self-contained interactive HTML page; see :func:`provenance.render.render_html`."""
        return render.render_html(self, path, claims=claims, title=title)

    def to_svg(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        claims: Iterable[str] | None = None,
        title: str | None = None,
    ) -> str:
        """A static SVG picture, for a memo; see :func:`provenance.render.render_svg`."""
        return render.render_svg(self, path, claims=claims, title=title)

    def to_pyvis(
        self, *, claims: Iterable[str] | None = None, title: str | None = None, **network: Any
    ) -> Network:
        """A ``pyvis.network.Network`` styled like the page; see
        :func:`provenance.render.pyvis.to_pyvis` (needs the ``pyvis`` extra)."""
        return render_pyvis.to_pyvis(self, claims=claims, title=title, **network)

    def _repr_html_(self) -> str:
        """Jupyter shows the graph inline, in a sandboxed frame that reaches no network."""
        return render.notebook_html(self)

    def to_dict(self) -> dict[str, Any]:
        """The graph as story data; see :func:`provenance.formats.story.to_dict`."""
        return story.to_dict(self)

    def save(self, path: str | os.PathLike[str], *, spreadsheet_safe: bool = False) -> Path:
        """Write the graph to `path` in the format its name says; see :func:`provenance.save`."""
        return formats.write(self, path, spreadsheet_safe=spreadsheet_safe)

    def to_prov(self) -> dict[str, Any]:
        """The graph as W3C PROV-JSON; see :func:`provenance.formats.prov.to_prov`."""
        return prov.to_prov(self)

    def to_claimreview(
        self,
        claim: str,
        *,
        url: str,
        author: str,
        author_url: str | None = None,
        date_published: Published | str | None = None,
        rating: Rating | None = None,
        model: SupportModel | None = None,
    ) -> dict[str, Any]:
        """A schema.org ClaimReview of `claim` (JSON-LD data); see
        :func:`provenance.formats.claimreview.to_claimreview`."""
        return claimreview.to_claimreview(
            self,
            claim,
            url=url,
            author=author,
            author_url=author_url,
            date_published=date_published,
            rating=rating,
            model=model,
        )

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        """A new networkx graph of this one; see :func:`provenance.formats.network.to_networkx`."""
        return network.to_networkx(self)

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph[str]) -> ProvenanceGraph:
        """A graph from :meth:`to_networkx`'s shape; see
        :func:`provenance.formats.network.read_networkx`."""
        result = cls()
        network.read_networkx(graph, result)
        return result
