"""The records a draft reading returns: one drafted report each, with its evidence.

Plain :func:`attrs.frozen` records; they carry the passage's words and character offsets,
never a decision: every one is a proposal for a person to confirm.

Examples
--------
>>> from provenance.draft.records import DraftReport, Evidence
>>> r = DraftReport("Militarnyi", ("Warshal",), "capture-soldier", "a soldier was captured",
...                 evidence=Evidence("Militarnyi reported ...", 0, 23))
>>> r.hedge, r.suggestion
('attributed', False)
"""

from __future__ import annotations

from attrs import field, frozen

__all__ = ["DraftReport", "Evidence"]


@frozen
class Evidence:
    """Where a drafted report comes from: the sentence(s) and the spans, as offsets.

    `spans` maps a role (``source``, ``cue``, ``content``, ``via``, ``hedge``) to
    ``(start, end)`` pairs into the passage; ``text[start:end]`` is the words.
    """

    sentence: str
    start: int
    end: int
    spans: tuple[tuple[str, int, int], ...] = ()


@frozen
class DraftReport:
    """One source reporting one claim, as drafted from text.

    Attributes
    ----------
    source : str
        The reporter's name, cleaned of descriptors ("the Telegram channel").
    via : tuple of str
        The sources it credits, nearest first (the next hop only); () when none.
    claim : str
        A short readable claim id, the same for every report of the same content.
    content : str
        The claim as written in the passage.
    hedge : str
        ``confirmed``, ``asserted``, ``attributed`` or ``uncertain``.
    hedge_text : str or None
        The words that set the hedge, as written.
    denied : bool
        The reporter says the content is false.
    kind : str or None
        A hint at the kind of source: telegram, outlet, official, military, intelligence,
        imagery, person; None when nothing says.
    mention : str
        The source as written in the passage.
    evidence : Evidence
        The sentence and spans the report was read from.
    confidence : float
        Between 0 and 1: how sure the reading is.
    suggestion : bool
        True for a report from a pattern that is often wrong: show it, but as a question.
    """

    source: str
    via: tuple[str, ...]
    claim: str
    content: str
    hedge: str = "attributed"
    hedge_text: str | None = None
    denied: bool = False
    kind: str | None = None
    mention: str = ""
    evidence: Evidence = field(factory=lambda: Evidence("", 0, 0))
    confidence: float = 0.5
    suggestion: bool = False
