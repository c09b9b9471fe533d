"""Helpers the platform importers' tests share: write an export, load it quietly or
with its notes."""

from __future__ import annotations

import json
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import provenance as pv
from provenance.errors import ProvenanceWarning


def write(folder: Path, name: str, data: Any) -> Path:
    """`data` as JSON at ``folder/name``: a line each item where the name ends in
    ``.jsonl``, text as it is where `data` is a string."""
    path = folder / name
    if isinstance(data, str):
        text = data
    elif name.endswith(".jsonl"):
        text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in data)
    else:
        text = json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path, **options: Any) -> pv.ProvenanceGraph:
    """The graph, its notes unheard."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvenanceWarning)
        return pv.load(path, **options)


def loaded_with_notes(path: Path, **options: Any) -> tuple[pv.ProvenanceGraph, str]:
    """The graph and its notes as one text; at least one note must be said."""
    with pytest.warns(ProvenanceWarning) as said:
        g = pv.load(path, **options)
    return g, "\n".join(str(w.message) for w in said)


def noted(path: Path, **options: Any) -> tuple[pv.ProvenanceGraph, str]:
    """The graph, and its notes as one text (each note is also a ProvenanceWarning)."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", ProvenanceWarning)
        g = pv.load(path, **options)
    assert all(issubclass(w.category, ProvenanceWarning) for w in said)
    assert [str(w.message) for w in said] == list(g.notes)
    return g, "\n".join(g.notes)


def reports(g: pv.ProvenanceGraph, claim: str) -> dict[str, pv.Report]:
    """`claim`'s reports by their source."""
    return {r.source: r for r in g.reports(claim)}


def when(report: pv.Report) -> datetime:
    """`report`'s time, which must be a date-time."""
    assert isinstance(report.published, datetime)
    return report.published
