"""Hypothesis strategies: random provenance graphs, as replayable lists of operations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

import provenance as pv
from provenance.records import claim_ids, reports_by_source

SOURCE_IDS = [f"s{i}" for i in range(8)]
GROUPS = [None, None, "gov", "agency", "family"]


@st.composite
def sources(draw: st.DrawFn, n_min: int = 1, n_max: int = 8) -> list[dict[str, Any]]:
    n = draw(st.integers(n_min, n_max))
    return [
        {
            "id": SOURCE_IDS[i],
            "group": draw(st.sampled_from(GROUPS)),
            "reliability": draw(st.sampled_from([None, *"ABCDEF"])),
        }
        for i in range(n)
    ]


@st.composite
def report_specs(draw: st.DrawFn, source_ids: list[str], claim: str) -> list[dict[str, Any]]:
    """At most one report per source, with random vias among the other sources."""
    reporters = draw(st.lists(st.sampled_from(source_ids), unique=True, max_size=len(source_ids)))
    specs = []
    for source in reporters:
        others = [s for s in source_ids if s != source]
        via = draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
        spec: dict[str, Any] = {
            "source": source,
            "claim": claim,
            "via": via,
            "observed": draw(st.booleans()),
            "hedge": draw(st.sampled_from([*pv.Hedge, "reportedly", "appeared to", "likely"])),
            "published": draw(st.none() | st.dates(dt.date(2024, 12, 1), dt.date(2024, 12, 31))),
        }
        if draw(st.integers(0, 9)) == 0:  # now and then, a retraction
            spec["retracted"] = dt.date(2024, 12, 28)
        firsthand = draw(st.sampled_from([None, True, False]))
        if firsthand is not None:
            spec["firsthand"] = firsthand
        specs.append(spec)
    return specs


@st.composite
def graphs(draw: st.DrawFn, n_claims: int = 1) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(source specs, report specs) over claims ``c0 … c{n_claims-1}``."""
    source_specs = draw(sources())
    ids = [s["id"] for s in source_specs]
    reports: list[dict[str, Any]] = []
    for k in range(n_claims):
        reports += draw(report_specs(ids, f"c{k}"))
    return source_specs, reports


def build(
    source_specs: list[dict[str, Any]], report_specs: list[dict[str, Any]], n_claims: int = 1
) -> pv.ProvenanceGraph:
    g = pv.ProvenanceGraph()
    for spec in source_specs:
        g.add_source(spec["id"], group=spec["group"], reliability=spec["reliability"])
    for k in range(n_claims):
        g.add_claim(f"c{k}", f"claim number {k}")
    for spec in report_specs:
        g.add_report(**spec)
    return g


# Text as it comes from the field: any script, punctuation, newlines; no control
# characters (GraphML is XML, which cannot hold them) and no lone surrogates.
TEXT = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85")
        | st.sampled_from("\n\t"),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
# Ids that look like something else: numbers, booleans, nothing (GraphML's edge keys and
# YAML's scalars once turned "007" into 7).
NUMERIC_LOOKING = ["1", "007", "1.5", "-3", "1e5", "0x1F", "nan", "True", "null", "~", "NaN"]
# Ids that look empty, or hold inner whitespace a reader might collapse or split on.
EMPTY_LOOKING = ["None", "N/A", "-", "nil", "NULL", "''", "a  b", "a\tb", "a\u00a0b", "x;y", "#"]
ODD_IDS = [
    "Варшал",
    "a b",
    "x/y",
    "%20",
    "é",
    "src:1",
    "北",
    "it's",
    '"q"',
    "<b>",
    *NUMERIC_LOOKING,
    *EMPTY_LOOKING,
]
TIMES = st.one_of(
    st.none(),
    st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 12, 31)),
    st.builds(
        lambda t, minutes: t.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))),
        st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 12, 31)),
        st.sampled_from([0, 60, -300, 330, 345, -600]),
    ),
)


@st.composite
def rich_graphs(draw: st.DrawFn) -> pv.ProvenanceGraph:
    """Graphs with odd ids, unicode text, time zones, cycles and contradictions."""
    g = pv.ProvenanceGraph()
    sources = draw(st.lists(st.sampled_from(ODD_IDS) | TEXT, min_size=1, max_size=6, unique=True))
    claims = [
        draw(
            st.sampled_from([f"claim {i}", *NUMERIC_LOOKING, *EMPTY_LOOKING]).filter(
                lambda c: c not in sources
            )
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    claims = list(dict.fromkeys(claims))
    for s in sources:
        optional = st.none() | TEXT
        g.add_source(
            s,
            name=draw(optional) or s,
            kind=draw(optional) or "",
            reliability=draw(st.none() | st.sampled_from("ABCDEF")),
            group=draw(st.none() | st.sampled_from(["gov", "Група"])),
            url=draw(st.none() | st.just("https://example.org/a?b=c&d=é")),
        )
    for c in claims:
        g.add_claim(c, draw(TEXT), question=draw(st.none() | st.sampled_from(["q", "Питання"])))
        for spec in draw(report_specs(sources, c)):
            spec.update(
                published=draw(TIMES),
                quote=draw(st.none() | TEXT),
                url=draw(st.none() | st.just("https://example.org/r")),
                hedge_text=draw(st.none() | TEXT),
                retracted=draw(st.none() | TIMES),
            )
            g.add_report(**spec)
    if len(claims) > 1:  # in any order: each claim's rivals are listed in the order recorded
        pairs = st.lists(st.sampled_from(claims), min_size=2, max_size=2, unique=True)
        for a, b in draw(st.lists(pairs, max_size=3)):
            g.add_contradiction(a, b)
    return g


# Anything a file or a caller might put in a field: the right types, wrong ones, nested.
ANY_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["a", "s1", " s1", "", "reportedly", "2024-12-26", "B", "c"])
    | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=3), inner, max_size=2)
        | st.sets(st.integers(), max_size=2)
    ),
    max_leaves=6,
)


def rows(record: type[pv.Source | pv.Claim | pv.Report]) -> st.SearchStrategy[dict[Any, Any]]:
    """Mappings of some of `record`'s field names, and stray keys, to arbitrary values;
    half of them on top of valid required fields, so that every field's check is reached."""
    import attrs

    names = [a.alias for a in attrs.fields(record)]
    keys = st.sampled_from(names) | st.text(max_size=6) | st.integers()
    valid = {"source": "s1", "claim": "c"} if record is pv.Report else {"id": "s1"}
    return st.tuples(st.booleans(), st.dictionaries(keys, ANY_VALUE, max_size=len(names) + 1)).map(
        lambda case: {**valid, **case[1]} if case[0] else case[1]
    )


@st.composite
def corpora(draw: st.DrawFn, relays: bool = False, copies: bool = True) -> pv.ProvenanceGraph:
    """Several claims with groups, relays, cycles, unsourced and retracted reports, dates
    of every kind, contradictions, questions and suspected copying: what the two scoring
    engines must agree on. With `relays`, most reports are attributed and first-hand
    ones are common: lines compete for relays, and the witness search matters."""
    source_specs, report_specs_ = draw(graphs(n_claims=4))
    if relays:
        for spec in report_specs_:
            spec["observed"] = draw(st.integers(0, 3)) == 0
            if not spec["via"] or draw(st.booleans()):
                spec["firsthand"] = True
    g = pv.ProvenanceGraph()
    for spec in source_specs:
        g.add_source(spec["id"], group=spec["group"], reliability=spec["reliability"])
    for k in range(4):
        g.add_claim(f"c{k}", question=draw(st.none() | st.sampled_from(["q1", "q2"])))
    for spec in report_specs_:
        spec["published"] = draw(TIMES)
        g.add_report(**spec)
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(st.lists(st.sampled_from(claim_ids(g)), min_size=2, max_size=2, unique=True))
        g.add_contradiction(a, b)
    suspected = []
    for claim in claim_ids(g):
        reporters = sorted(reports_by_source(g, claim))
        if copies and len(reporters) >= 2 and draw(st.booleans()):
            copier, original = draw(
                st.lists(st.sampled_from(reporters), min_size=2, max_size=2, unique=True)
            )
            suspected.append(pv.SuspectedCopy(copier, original, [claim], 0.9))
    return g.with_suspected(suspected) if suspected else g
