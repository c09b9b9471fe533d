"""Source names as ids: a mention in the text cleaned of descriptors, and a hint at its kind.

"the Telegram channel of the 59th Brigade" is ``59th Brigade`` (a telegram source),
"satellite images from Planet Labs" is ``Planet Labs`` (imagery), "the Turkish disaster
agency AFAD" is ``AFAD``; possessives stay on institutions ("Ukraine's Navy").

Examples
--------
>>> from provenance.draft.names import clean_name
>>> clean_name("the X account Osinttechnical")
('Osinttechnical', 'social')
"""

from __future__ import annotations

import re

__all__ = ["clean_name", "plausible"]

_NOT_NAME = re.compile(
    r"\b(?:that|which|who|when|while|because|after|before|if|whether|is|was|were|are|be|"
    r"been|to|have|will|would|not)\b|^(?:this|there|these|those|it\s|something\b|"
    r"an?\s+(?:claim|figure|report|number|toll|allegation)\b)",
    re.IGNORECASE,
)
_DESCRIPTORS: tuple[tuple[str, str | None], ...] = (
    (r"(?:local\s+)?telegram\s+(?:channel|account)s?(?:\s+of)?", "telegram"),
    (
        r"(?:pro-war|pro-kremlin|pro-russian|russian|ukrainian)\s+(?:telegram\s+)?channel",
        "telegram",
    ),
    (r"(?:the\s+)?(?:verified\s+)?(?:x|twitter)\s+account(?:\s+of)?", "social"),
    (r"(?:pro-kremlin|pro-war|russian|ukrainian)?\s*(?:military\s+)?blogger", "person"),
    (
        r"(?:[\w\-]+(?:'s|\u2019s)\s+)?(?:independent\s+|ukrainian\s+|russian\s+|state\s+)?"
        r"(?:news\s+)?(?:outlet|website|news\s+agency|newspaper|broadcaster|monitoring\s+project"
        r"|TV\s+channel)(?:\s+of)?",
        "outlet",
    ),
    (r"(?:verified\s+)?account\s+of", "social"),
    (r"(?:pro-\w+\s+)?(?:hacker|hacktivist|hacking|ransomware)\s+(?:group|gang)", None),
    (r"(?:satellite\s+)?(?:firm|company)", None),
    (r"(?:analysts|experts|researchers)\s+(?:at|from|with)", None),
    (
        r"(?:satellite\s+(?:images|imagery|photos)|videos?|footage|photos|images|data|"
        r"(?:forensic\s+)?evidence|"
        r"ship-tracking\s+data)(?:\s+(?:published|shared|released|posted|analysed|analyzed|"
        r"provided))?(?:,?\s+(?:published|shared|released|posted)\s+on\s+\w+)?,?"
        r"(?:\s+(?:published|shared|released|posted))?\s+(?:from|by)",
        "imagery",
    ),
)
_KINDS: tuple[tuple[str, str], ...] = (
    (r"telegram", "telegram"),
    (r"\b(?:intelligence|hur|sbu|security\s+service|fsb|gur)\b", "intelligence"),
    (
        r"\b(?:images?|imagery|footage|videos?|photos?|satellite|ship-tracking|evidence)\b",
        "imagery",
    ),
    (
        r"\b(?:brigade|forces|army|military|navy|air\s+force|regiment|battalion|command|"
        r"general\s+staff|idf|troops|unit)\b",
        "military",
    ),
    (
        r"\b(?:ministry|office|administration|governor|president|spokes\w*|official|officials|"
        r"government|kremlin|mayor|minister|prosecutor|police|agency)\b",
        "official",
    ),
    (r"\b(?:press|news|times|post|tv|agency|pravda|independent|outlet|journal|radio)\b", "outlet"),
)


_INSTITUTIONS = frozenset(
    [
        "navy",
        "army",
        "military",
        "government",
        "parliament",
        "police",
        "president",
        "presidency",
        "ministry",
        "cabinet",
        "military",
        "intelligence",
        "prosecutor",
    ]
)


def clean_name(mention: str) -> tuple[str, str | None]:
    """A source's name for ids, and a hint at its kind, from its mention in the text.

    Examples
    --------
    >>> clean_name("the Telegram channel of the 59th Brigade")
    ('59th Brigade', 'telegram')
    >>> clean_name("satellite images from Planet Labs")
    ('Planet Labs', 'imagery')
    >>> clean_name("The Syrian Observatory for Human Rights, a UK-based monitor")
    ('Syrian Observatory for Human Rights', None)
    """
    name = " ".join(mention.split()).strip(" ,.;:\"'\u201c\u201d")
    kind: str | None = None
    the = re.match(r"^[^,]+,\s+the\s+([^,]{2,30})$", name)
    if the and len(the.group(1).split()) <= 3:
        name = the.group(1)
    person = re.match(r"^[^,]+,\s+((?:[A-Z][\w.\-\u2019']*\s?){2,4})$", name)
    if person:
        name = person.group(1).strip()  # "the regional governor, Oleh Syniehubov"
    name = re.split(r",\s+(?:a|an|which|who)\s", name)[0]
    including = re.search(r",?\s+including\s+(.+?),?$", name)
    if including:
        name, kind = including.group(1), "imagery"
    for _ in range(3):
        name = re.sub(
            r"^(?:the|a|an|its\s+own|their\s+own|its|their|his|her)\s+",
            "",
            name,
            flags=re.IGNORECASE,
        )
        for pattern, hint in _DESCRIPTORS:
            stripped = re.sub(rf"^{pattern}\s+", "", name, flags=re.IGNORECASE)
            if stripped != name and stripped:
                name, kind = stripped, kind or hint
    name = re.sub(r"\s+(?:analy[sz]ed|reviewed|obtained|seen|verified)\s+by\s.*$", "", name)
    name = re.sub(r"\s+(?:monitoring\s+project|monitoring\s+group|group|movement)$", "", name)
    name = re.sub(
        r"\s+on\s+(?:its|their)\s+(?:Telegram(?:\s+channel)?|X|Twitter)(?:\s+account)?$", "", name
    )
    name = re.sub(r"^[\w\-]+-(?:based|run|backed|linked|affiliated|owned|controlled)\s+", "", name)
    name = re.sub(r"(?<=\w)\s+news\s+agency$", "", name)
    name = re.sub(r"\s+(?:it|he|she|they|we)\s+\w+$", "", name)  # "a commander it interviewed"
    tail = re.match(
        r"^(?:[A-Z][\w\-]*\s+)?(?:[a-z][\w\-]*\s+)+([A-Z][\w\-()]*(?:\s+[A-Z][\w\-()]*)*)$", name
    )
    if tail and not re.search(r"\s(?:in|at|from|of|with|for|on|by)\s", name):
        name = tail.group(1)  # "the Turkish disaster agency AFAD"
    possessive = re.match(r"^[\w\-]+(?:'s?|\u2019s?)\s+(.+)$", name)
    if possessive and (
        (" " not in possessive.group(1) and possessive.group(1).casefold() not in _INSTITUTIONS)
        or re.search(r"\b[A-Z]{2,}\b", possessive.group(1))
    ):
        name = possessive.group(1)
    name = re.sub(r"\s+\((?:[A-Z]{2,6})\)$", "", name).strip(" ,")
    if kind is None:
        low = mention.casefold()
        kind = next((k for pattern, k in _KINDS if re.search(pattern, low)), None)
    return name or mention.strip(), kind


def plausible(mention: str) -> bool:
    """True when `mention` reads as a source's name: a few words, no clause.

    >>> plausible("the Kherson regional administration"), plausible("It is")
    (True, False)
    """
    name = clean_name(mention)[0]
    words = name.split()
    if re.match(
        r"(?:an?\s+(?:claim|figure|report|number|toll)|which|something)\b", mention.strip()
    ):
        return False  # "C, a claim X denied"
    listed = re.fullmatch(r"[^,]+(?:,\s+[^,]+)+,?\s+and\s+[^,]+", name)
    return 0 < len(words) <= 10 and not _NOT_NAME.search(name) and ("," not in name or bool(listed))
