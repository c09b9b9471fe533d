"""PROV-JSON through the ``prov`` package's other serialisations and back: the same story.

``g.to_prov()`` → ``prov``'s ``ProvDocument`` → PROV-JSON, PROV-XML, PROV-N, PROV-JSONLD or
RDF (Turtle, TriG, RDF/XML, N-Triples) → ``ProvDocument`` → PROV-JSON → ``pv.from_prov``.
RDF has no prefixes of its own, so ``prov`` makes new ones up (``ns1:`` for the reports of
one source), and keeps no order of records nor of an attribute's values: the reader knows
its documents by their namespace and types, the order of vias and of a suspected copy's
claims travels as ``pv:position``, and what cannot travel (the order of a suspected copy's
evidence) is said in a note. Each round trip is held to the same sources, claims, reports
(vias, hedges, times …), contradictions, suspected copies and scores: independent lines
per claim.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import warnings
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.records import sources_by_id
from tests.strategies import corpora, rich_graphs

prov_model = pytest.importorskip("prov.model")

SEED = "examples/pow_article.yaml"
FORMATS: dict[str, tuple[str, dict[str, str]]] = {
    "json": ("json", {}),
    "xml": ("xml", {}),
    "provn": ("provn", {}),
    "turtle": ("rdf", {"rdf_format": "turtle"}),
    "trig": ("rdf", {"rdf_format": "trig"}),
    "rdfxml": ("rdf", {"rdf_format": "xml"}),
    "ntriples": ("rdf", {"rdf_format": "nt"}),
    "jsonld": ("jsonld", {}),  # prov's PROV-JSONLD
}
RDF = ["turtle", "trig", "rdfxml", "ntriples"]


def serialised(document: dict[str, Any], key: str) -> str:
    """`document` (PROV-JSON) as ``prov`` writes it in the serialisation `key`."""
    fmt, options = FORMATS[key]
    loaded = prov_model.ProvDocument.deserialize(content=json.dumps(document), format="json")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib's, within prov: deprecations, encodings
        return str(loaded.serialize(format=fmt, **options))


def back(text: str, key: str) -> dict[str, Any]:
    """`text` in the serialisation `key`, read by ``prov`` and written as PROV-JSON."""
    fmt, options = FORMATS[key]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # prov's own: prefixes it made up for RDF
        document = prov_model.ProvDocument.deserialize(content=text, format=fmt, **options)
    found: dict[str, Any] = json.loads(document.serialize(format="json"))
    return found


def through(g: pv.ProvenanceGraph, key: str) -> pv.ProvenanceGraph:
    """`g` to PROV-JSON, through the serialisation `key` and back (a note is an error)."""
    return pv.from_prov(back(serialised(g.to_prov(), key), key))


def story(g: pv.ProvenanceGraph) -> dict[str, Any]:
    """Everything a story holds, as comparable values."""
    return {
        "sources": sources_by_id(g),
        "claims": {c.id: (c.text, c.question) for c in g.claims},
        "reports": {
            (r.source, r.claim): (
                *(r.via, r.hedge, r.hedge_text, r.observed, r.firsthand, r.implicit),
                *(r.published, r.retracted, r.url, r.quote, r.text),
            )
            for r in g.reports()
        },
        "contradictions": {frozenset(pair) for pair in g.contradictions()},
        "suspected": set(g.suspected()),
    }


def lines(g: pv.ProvenanceGraph) -> dict[str, tuple[Any, ...]]:
    """Each claim's scores: independent lines (counted, at most, likely), support,
    credibility and flags."""
    s = g.claim_scores()
    return {
        claim: (
            *(int(s.independent[i]), int(s.independent_max[i]), int(s.independent_likely[i])),
            *(round(float(s.support[i]), 9), int(s.credibility[i]), tuple(s.flags[i].tolist())),
        )
        for i, claim in enumerate(s.claim_ids)
    }


def assert_same_story(after: pv.ProvenanceGraph, before: pv.ProvenanceGraph) -> None:
    assert story(after) == story(before)
    assert after == before
    assert lines(after) == lines(before)
    assert after.notes == []


def relay_story(claims: int = 18, reports: int = 2_000, seed: int = 0) -> pv.ProvenanceGraph:
    """A Twitter-shaped story: `claims` tweets among 700 accounts, each posted first-hand
    by one to three accounts (independent lines) and passed on, `reports` reports in all,
    through relay chains (most via an original, a third via a recent relay, now and then
    via two)."""
    rng = random.Random(seed)
    g = pv.ProvenanceGraph(title="Eighteen tweets, relayed")
    users = [f"x:user:{1000 + i}" for i in range(700)]
    for u in users:
        g.add_source(u, name=f"@user{u[7:]}", kind="account", url=f"https://x.com/i/{u[7:]}")
    start = dt.datetime(2024, 12, 26, 9, tzinfo=dt.timezone.utc)
    for k in range(claims):
        claim = f"x:tweet:{5000 + k}"
        g.add_claim(claim, f"Tweet {k}: the bridge at point {k} is closed")
        who = rng.sample(users, reports // claims + (k < reports % claims))
        first = 1 + k % 3
        for i, u in enumerate(who[:first]):
            g.add_report(u, claim, firsthand=True, published=start, url=f"https://x.com/s/{k}/{i}")
        for i, u in enumerate(who[first:], first):
            recent = rng.random() < 0.3 and i > first
            via = [who[rng.randrange(max(first, i - 5), i)] if recent else who[i % first]]
            if i > first + 1 and rng.random() < 0.05:
                via.append(who[first] if via[0] != who[first] else who[0])
            g.add_report(
                u,
                claim,
                via=via,
                hedge=rng.choice(["asserted", "reportedly"]),
                published=start + dt.timedelta(minutes=30 * k + i),
                quote=f"RT tweet {k}",
            )
    return g


FULL = (18, 2_000)
SMALL = (6, 300)  # the same shape: chains, two vias now and then, 1-3 first-hand a claim


@cache
def relayed(size: tuple[int, int] = FULL) -> tuple[pv.ProvenanceGraph, dict[str, Any]]:
    g = relay_story(*size)
    return g, g.to_prov()


# ------------------------------------------------------------------ the seed story


@pytest.mark.parametrize("key", list(FORMATS))
def test_the_seed_story_comes_back_the_same(key: str) -> None:
    g = pv.load(SEED)
    after = through(g, key)
    assert_same_story(after, g)
    assert len(after.claims) == 11
    assert after.corroboration("troops").independent == 3


@pytest.mark.parametrize("key", RDF)
def test_rdf_names_our_reports_under_prefixes_it_made_up(key: str) -> None:
    """What the reader once took for a foreign document (15 claims, 'troops' split in three):
    the ids are respelled, our prefixes partly gone, qualified names typed xsd:QName."""
    document = back(serialised(pv.load(SEED).to_prov(), key), key)
    assert "rpt" not in document["prefix"]
    assert any(
        iri.startswith("urn:provenance-graph:report:") for iri in document["prefix"].values()
    )
    assert not any(name.startswith("rpt:") for name in document["entity"])
    assert len(pv.from_prov(document).claims) == 11


def test_prov_n_holds_every_record_and_parses() -> None:
    """``prov`` writes PROV-N and (from 3.0) reads it: every record is a statement."""
    g = pv.load(SEED)
    text = serialised(g.to_prov(), "provn")
    statements = [line.strip().partition("(")[0] for line in text.splitlines()]
    assert statements.count("agent") == len(g.sources)
    assert statements.count("entity") == len(g.claims) + len(g.reports())
    assert statements.count("wasAttributedTo") == len(g.reports())
    derivations = sum(len(r.via) + r.firsthand for r in g.reports())
    assert statements.count("wasDerivedFrom") == derivations
    assert "wasAttributedTo(rpt:article/injured, src:article)" in text
    assert_same_story(pv.from_prov(back(text, "provn")), g)


# ------------------------------- 18 claims, 2,000 reports (and 6 claims, 300 reports)


@pytest.mark.parametrize(("size", "chained"), [(FULL, 300), (SMALL, 60)])
def test_the_relay_stories_are_claims_with_chains(size: tuple[int, int], chained: int) -> None:
    g, _ = relayed(size)
    assert (len(g.claims), len(g.reports())) == size
    firsthand = {(r.source, r.claim) for r in g.reports() if r.firsthand}
    assert len(firsthand) == 2 * size[0]  # 1, 2 or 3 a claim
    assert sorted({independent for independent, *_ in lines(g).values()}) == [1, 2, 3]
    assert any(len(r.via) == 2 for r in g.reports())
    relayed_on = [r for r in g.reports() if any((v, r.claim) not in firsthand for v in r.via)]
    assert len(relayed_on) > chained  # chains: via someone who passed it on


# Each of prov's writers and readers once on the full story; TriG is Turtle's RDF graph
# through the same rdflib writer and reader with a graph name around it, so it is held to
# the same story at a sixth of the size (its shape asserted above).
@pytest.mark.parametrize(
    ("key", "size"),
    [("json", FULL), ("xml", FULL), ("provn", FULL), ("turtle", FULL), ("trig", SMALL)],
)
def test_the_relay_story_comes_back_the_same(key: str, size: tuple[int, int]) -> None:
    g, document = relayed(size)
    after = pv.from_prov(back(serialised(document, key), key))
    assert (len(after.claims), len(after.reports())) == size
    assert_same_story(after, g)


# ------------------------------------------------------------- generated stories


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(rich_graphs(), corpora()), st.sampled_from(RDF))
def test_generated_stories_come_back_from_rdf(g: pv.ProvenanceGraph, key: str) -> None:
    assert_same_story(through(g, key), g)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(rich_graphs(), corpora()), st.sampled_from(["xml", "provn"]))
def test_generated_stories_come_back_from_xml_and_prov_n(g: pv.ProvenanceGraph, key: str) -> None:
    assert_same_story(through(g, key), g)


@pytest.mark.parametrize("id", ["~", "-", ".", "--", "a~b", "-.", "x:user:1", "%7E"])
def test_ids_an_rdf_reader_could_not_split(id: str) -> None:
    """Ids whose IRI offers an RDF reader no place to split a name (a bare '~', only '-'
    and '.') are written percent-encoded; the ``prov`` package refused them before."""
    g = pv.ProvenanceGraph()
    g.add_source("a")
    g.add_source(f"s{id}")
    g.add_claim(id, "text")
    g.add_report("a", id, firsthand=True)
    g.add_report(f"s{id}", id, via=["a"])
    for key in RDF:
        assert_same_story(through(g, key), g)


# ----------------------------------------------- known by namespace, not by spelling


def respelled(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with our prefixes renamed ``n0`` … and its records in reverse order."""
    names = {"pv": "n0", "src": "n1", "clm": "n2", "rpt": "n3"}

    def rename(value: Any) -> Any:
        if isinstance(value, str) and value.partition(":")[0] in names:
            prefix, _, local = value.partition(":")
            return f"{names[prefix]}:{local}"
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, dict):
            return {rename(k): rename(v) for k, v in reversed(list(value.items()))}
        return value

    renamed = rename({k: v for k, v in document.items() if k != "prefix"})
    prefixes = {names[p]: iri for p, iri in document["prefix"].items()}
    return {"prefix": prefixes, **renamed}


def test_our_document_under_other_prefixes_and_in_another_order_reads_the_same() -> None:
    g = pv.load(SEED)
    document = respelled(g.to_prov())
    assert "n3:article/capture" in document["entity"]
    assert_same_story(pv.from_prov(document), g)


def test_vias_in_the_order_of_their_positions_or_of_the_document() -> None:
    g = pv.load(SEED)
    document = g.to_prov()
    derivations = document["wasDerivedFrom"]
    document["wasDerivedFrom"] = dict(reversed(list(derivations.items())))
    assert pv.from_prov(document) == g  # by pv:position
    for relation in document["wasDerivedFrom"].values():  # as written before positions
        relation.pop("pv:position", None)
    article = {r.claim: r.via for r in pv.from_prov(document).reports() if r.source == "article"}
    assert article["troops"] == ("ua-sources", "kr-sources", "us-sources")  # the document's


def test_a_foreign_document_that_reuses_our_prefix_names_stays_foreign() -> None:
    document = {
        "prefix": {"src": "http://example.org/source/"},
        "agent": {"src:a": {}},
        "entity": {"src:e": {"prov:label": "A claim"}},
        "wasAttributedTo": {"_:w": {"prov:entity": "src:e", "prov:agent": "src:a"}},
    }
    g = pv.from_prov(document)
    assert [(r.source, r.claim) for r in g.reports()] == [("src:a", "src:e")]


# ------------------------------------------------------- what cannot travel: a note


def copied() -> pv.ProvenanceGraph:
    g = pv.ProvenanceGraph()
    for s in "ab":
        g.add_source(s)
    for c in ("c2", "c1"):
        g.add_claim(c)
        g.add_report("a", c, firsthand=True)
        g.add_report("b", c, firsthand=True)
    evidence = ["wording 0.93 alike", "posted 2 minutes after", "same typo"]
    return g.with_suspected([pv.SuspectedCopy("b", "a", ["c2", "c1"], 0.9, evidence)])


def test_a_suspected_copy_comes_back_with_its_claims_in_order() -> None:
    g = copied()
    assert pv.from_prov(g.to_prov()) == g  # straight: no note
    for key in ["xml", *RDF]:
        with pytest.warns(pv.ProvenanceWarning):
            after = through(g, key)
        (copy,) = after.suspected()
        assert copy.claims == ("c2", "c1")
        assert set(copy.evidence) == set(g.suspected()[0].evidence)


@pytest.mark.parametrize("key", ["xml", "turtle"])
def test_the_order_of_evidence_prov_did_not_keep_is_said_in_one_note(key: str) -> None:
    g = copied()
    with pytest.warns(pv.ProvenanceWarning) as said:
        after = through(g, key)
    assert len(after.notes) == 1
    assert [str(w.message) for w in said if w.category is pv.ProvenanceWarning] == after.notes
    note = after.notes[0]
    assert "the order of the evidence of 1 suspected copy cannot be told" in note
    assert "'a' by 'b'" in note
    assert story(after)["reports"] == story(g)["reports"]
    assert lines(after) == lines(g)
