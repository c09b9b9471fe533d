"""Drafting a story from an article: attributions found in the text, for a person to review."""

from provenance.draft.reading import read_passage
from provenance.draft.records import DraftReport, Evidence
from provenance.draft.tagger import tag

__all__ = ["DraftReport", "Evidence", "read_passage", "tag"]
