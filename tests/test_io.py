"""Story files, tables and interop formats: round trips, atomic saves, located errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings

import provenance as pv
from examples.pow_article import build
from provenance.formats import SUFFIXES as FORMATS
from provenance.records import claim_ids, sources_by_id
from tests.strategies import rich_graphs

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "pow_article.yaml"
STORY_SCHEMA = json.loads((ROOT / "provenance" / "schema" / "story.schema.json").read_text())


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("suffix", FORMATS)
def test_seed_round_trips_through_every_format(tmp_path: Path, suffix: str) -> None:
    g = pv.load(SEED)
    assert g == build()
    path = tmp_path / f"story{suffix}"
    assert g.save(path) == path
    again = pv.load(path)
    assert again == g
    assert again.assess() == g.assess()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(g=rich_graphs())
@pytest.mark.parametrize("suffix", FORMATS)
def test_save_then_load_is_identity(tmp_path: Path, suffix: str, g: pv.ProvenanceGraph) -> None:
    if suffix == ".csv":  # a CSV via list is ';'-separated: such ids need .jsonl (tested below)
        assume(not any(";" in upstream for r in g.reports() for upstream in r.via))
    path = tmp_path / f"story{suffix}"
    g.save(path)
    again = pv.load(path)
    assert again == g
    # Rivals in the order recorded: support multiplies in that order, so it is the same.
    assert rivals(again) == rivals(g)
    assert again.assess() == g.assess()


@settings(max_examples=40, deadline=None)
@given(g=rich_graphs())
def test_dict_round_trip_and_schema(g: pv.ProvenanceGraph) -> None:
    data = g.to_dict()
    jsonschema.Draft202012Validator(STORY_SCHEMA).validate(data)
    again = pv.from_dict(json.loads(json.dumps(data)))
    assert again == g
    assert rivals(again) == rivals(g)


def rivals(g: pv.ProvenanceGraph) -> dict[str, list[str]]:
    return {claim: g.contradicting(claim) for claim in claim_ids(g)}


def test_seed_yaml_matches_the_schema() -> None:
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    as_json = json.loads(json.dumps(data, default=str))  # YAML dates become ISO strings
    jsonschema.Draft202012Validator(STORY_SCHEMA).validate(as_json)


def test_title_travels_but_is_not_content(tmp_path: Path) -> None:
    g = pv.load(SEED)
    assert g.title == "Ukrainians capture first North Korean POW"
    g.save(tmp_path / "s.json")
    assert pv.load(tmp_path / "s.json").title == g.title
    assert pv.ProvenanceGraph(title="x") == pv.ProvenanceGraph()
    with pytest.raises(pv.ValidationError, match="title must be a string"):
        pv.ProvenanceGraph(title=3)  # type: ignore[arg-type]


# ---------------------------------------------------------------- atomic saves


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "story.yaml"
    build().save(path)
    before = path.read_bytes()

    def crash(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(pv.FileAccessError, match="No space left on device"):
        pv.ProvenanceGraph().save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.yaml"]


def test_unknown_extension() -> None:
    with pytest.raises(pv.FormatError, match=r"cannot tell the format of 'story\.txt'"):
        pv.load("story.txt")


# ---------------------------------------------------------------- located errors

GOOD = """\
version: 1
sources:
  - {id: warshal}
  - {id: militarnyi}
claims:
  - {id: capture, text: A soldier was captured}
reports:
  - {source: militarnyi, claim: capture, via: [warshal]}
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "via: [warshal]",
            "via: [warshall]",
            "story.yaml, line 8, reports[0].via[0]: unknown source 'warshall' "
            "(did you mean 'warshal'?)",
        ),
        (
            "claim: capture, via",
            "claim: captur, via",
            "story.yaml, line 8, reports[0].claim: unknown claim 'captur' "
            "(did you mean 'capture'?)",
        ),
        (
            "version: 1",
            "version: 3",
            "story.yaml, line 1, version: format version 3 is not supported",
        ),
        ("version: 1\n", "", "story.yaml, line 1, version: format version is missing"),
        (
            "  - {id: militarnyi}",
            "  - {id: warshal}",
            "story.yaml, line 4, sources[1].id: duplicate id 'warshal'",
        ),
        (
            "  - {id: militarnyi}",
            "  - {id: militarnyi, reliability: G}",
            "story.yaml, line 4, sources[1]: unknown reliability grade 'G'",
        ),
        (
            "  - {id: militarnyi}",
            "  - militarnyi",
            "story.yaml, line 4, sources[1]: expected a mapping with an id",
        ),
        (
            "via: [warshal]",
            "via: [warshal], hedge: maybe",
            "story.yaml, line 8, reports[0]: unknown hedge 'maybe'",
        ),
        (
            "via: [warshal]",
            "via: [warshal], published: 26 Dec",
            "story.yaml, line 8, reports[0]: published '26 Dec' is not an ISO 8601",
        ),
        (
            "via: [warshal]",
            "via: [warshal], seen: true",
            "story.yaml, line 8, reports[0]: unknown Report field 'seen'",
        ),
        ("reports:", "report:", "story.yaml, line 7, report: unknown key 'report'"),
        ("via: [warshal]}", "via: [warshal}", "story.yaml, line 8: malformed YAML"),
        (
            "via: [warshal]}",
            "via: [warshal]}\x00",
            "story.yaml, line 8: malformed YAML: character U+0000: special characters are not",
        ),
        (
            "  - {id: capture, text: A soldier was captured}",
            "  - {id: warshal, text: x}",
            "story.yaml, line 6, claims[0].id: duplicate id 'warshal'",
        ),
    ],
)
def test_bad_yaml_names_file_line_and_place(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    path = tmp_path / "story.yaml"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(pv.FormatError) as info:
        pv.load(path)
    assert str(info.value).replace(str(tmp_path) + os.sep, "").startswith(expected)


def test_bad_chain_and_groups() -> None:
    base: dict[str, Any] = yaml.safe_load(GOOD)
    chain = dict(base, reports=[{"claim": "capture", "chain": ["warshal", "nobody"]}])
    with pytest.raises(pv.FormatError, match=r"reports\[0\]\.chain\[1\]: unknown source 'nobody'"):
        pv.from_dict(chain)
    chain = dict(base, reports=[{"claim": "capture", "chain": ["warshal"], "via": ["x"]}])
    with pytest.raises(pv.FormatError, match=r"reports\[0\]\.via: unknown chain field 'via'"):
        pv.from_dict(chain)
    grouped = dict(base, groups={"gov": ["warshal"], "other": ["warshal"]})
    with pytest.raises(
        pv.FormatError, match=r"groups\.other\[0\]: source 'warshal' is in two groups"
    ):
        pv.from_dict(grouped)
    grouped = dict(base, groups={"gov": ["ghost"]})
    with pytest.raises(pv.FormatError, match=r"groups\.gov: unknown source 'ghost'"):
        pv.from_dict(grouped)
    grouped = dict(base, groups={"gov": ["warshal"]})
    assert pv.from_dict(grouped).source("warshal").group == "gov"
    with pytest.raises(pv.FormatError, match=r"contradictions\[0\]: expected a pair"):
        pv.from_dict(dict(base, contradictions=[["capture"]]))
    with pytest.raises(pv.FormatError, match="expected a mapping with version"):
        pv.from_dict([])


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text('{"version": 1,\n "sources": [,]}')
    with pytest.raises(pv.FormatError, match=r"story\.json, line 2: malformed JSON"):
        pv.load(path)
    with pytest.raises(pv.FileAccessError, match="cannot read .*missing.json.*No such file"):
        pv.load(tmp_path / "missing.json")
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(pv.FileAccessError, match="not UTF-8"):
        pv.load(path)


# ---------------------------------------------------------------- tables


def test_a_via_csv_cannot_hold_writes_no_table(tmp_path: Path) -> None:
    g = pv.ProvenanceGraph()
    g.add_sources([{"id": "a;b"}, {"id": "c"}])
    g.add_claim("x")
    g.add_report("c", "x", via=["a;b"])
    with pytest.raises(pv.FormatError, match="holds ';', which a CSV via cannot; use .jsonl"):
        g.save(tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []
    assert pv.load(g.save(tmp_path / "t.jsonl")) == g


def test_unreadable_tables_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(pv.FileAccessError, match="cannot read .*missing.csv.*No such file"):
        pv.read_reports(tmp_path / "missing.csv", progress=False)
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"source": "a", "claim": "c"}\n\xff\xfe\n')
    with pytest.raises(pv.FileAccessError, match=r"cannot read .*t\.jsonl.*: not UTF-8 text"):
        pv.read_reports(path, progress=False)


def test_read_reports_declares_on_the_fly_and_reads_sibling_tables(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        "source,claim,via,hedge,observed\n"
        "article,troops,us;kr;ua,attributed,\n"
        "blog,troops,article,,true\n"
        "x,injured,,appeared to,false\n",
        encoding="utf-8",
    )
    (tmp_path / "t.sources.csv").write_text("id,name,group\nus,US sources,us-gov\nkr,,\n")
    (tmp_path / "t.claims.csv").write_text("id,text\ntroops,Troops are deployed\n")
    g = pv.read_reports(tmp_path / "t.csv")
    assert g.source("us").name == "US sources" and g.source("us").group == "us-gov"
    assert g.claim("troops").text == "Troops are deployed"
    assert g.claim("injured").text == "injured"  # declared on the fly
    assert g.corroboration("troops").independent == 3
    assert g.report("x", "injured").observed is False


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("a,c,,maybe,", r"t\.csv, line 3: unknown hedge 'maybe'"),
        ("a,c,,,perhaps", r"t\.csv, line 3: observed must be true or false"),
        ("b,c,,,", r"t\.csv, line 3: 'b' already reports 'c'"),
        ("a,c,a,,", r"t\.csv, line 3: report by 'a' on 'c' names its own source"),
        ("a,c,,,,extra", r"t\.csv, line 3: more cells than the header"),
    ],
)
def test_bad_rows_name_the_line(tmp_path: Path, row: str, expected: str) -> None:
    (tmp_path / "t.csv").write_text(f"source,claim,via,hedge,observed\nb,c,,,\n{row}\n")
    with pytest.raises(pv.FormatError, match=expected):
        pv.read_reports(tmp_path / "t.csv")


def test_jsonl_table_and_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps({"source": f"s{i}", "claim": "c", "via": [f"s{i + 1}"]}) for i in range(5)]
    (tmp_path / "t.jsonl").write_text("\n".join(lines) + "\n\n")
    g = pv.read_reports(tmp_path / "t.jsonl", progress=True)
    assert len(g.reports("c")) == 6
    assert (
        "reading t.jsonl [##############################] 100% 5 reports" in capsys.readouterr().err
    )
    (tmp_path / "bad.jsonl").write_text('{"source": "a", "claim": "c"}\n[1]\n')
    with pytest.raises(pv.FormatError, match=r"bad\.jsonl, line 2: expected a JSON object"):
        pv.read_reports(tmp_path / "bad.jsonl")


def test_csv_cannot_hold_semicolons_in_via(tmp_path: Path) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a;b")
    g.add_source("c")
    g.add_claim("x")
    g.add_report("c", "x", via=["a;b"])
    with pytest.raises(pv.FormatError, match="use .jsonl"):
        g.save(tmp_path / "t.csv")
    g.save(tmp_path / "t.jsonl")
    assert pv.load(tmp_path / "t.jsonl") == g


# ---------------------------------------------------------------- W3C PROV


def prov_schema() -> dict[str, Any]:
    import prov

    path = Path(prov.__file__).parent / "tests" / "schemas" / "prov-json.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text())
    return schema


@settings(max_examples=30, deadline=None)
@given(g=rich_graphs())
def test_prov_json_validates_and_loads_in_prov(g: pv.ProvenanceGraph) -> None:
    from prov.model import ProvDocument

    document = g.to_prov()
    jsonschema.Draft4Validator(prov_schema()).validate(document)
    loaded = ProvDocument.deserialize(content=json.dumps(document), format="json")
    n_reports = len(g.reports())
    assert len(list(loaded.get_records())) >= len(g.sources) + len(g.claims) + n_reports
    assert pv.from_prov(document) == g


def test_prov_relations_of_the_seed() -> None:
    from prov.model import ProvDocument

    document = build().to_prov()
    types = [d["prov:type"]["$"] for d in document["wasDerivedFrom"].values()]
    assert types.count("prov:Quotation") == sum(len(r.via) for r in build().reports())
    assert types.count("prov:PrimarySource") == sum(r.firsthand for r in build().reports())
    assert {"$": "prov:Quotation", "type": "prov:QUALIFIED_NAME"} in [
        d["prov:type"] for d in document["wasDerivedFrom"].values()
    ]
    text = ProvDocument.deserialize(content=json.dumps(document), format="json").get_provn()
    assert "wasAttributedTo(rpt:article/injured, src:article)" in text


FOREIGN = {
    "prefix": {"ex": "http://example.org/"},
    "agent": {
        "ex:sso": {"prov:label": "Special Operations Forces", "prov:type": "ex:Unit"},
        "ex:warshal": {"prov:label": "Warshal"},
        "ex:article": {"prov:label": [{"$": "Euromaidan Press", "lang": "en"}]},
        "ex:bot": {},
    },
    "entity": {
        "ex:video": {"prov:label": "Ukrainian forces captured a North Korean soldier"},
        "ex:post": {"prov:value": "SSO shows the captured soldier"},
        "ex:draft": {},
        "ex:story": {"prov:location": "https://euromaidanpress.com/x"},
        "ex:spam": {},
        "ex:other": {"prov:label": "Something nobody reported"},
    },
    "wasAttributedTo": {
        "_:a1": {"prov:entity": "ex:video", "prov:agent": "ex:sso"},
        "_:a2": {"prov:entity": "ex:post", "prov:agent": "ex:warshal"},
        "_:a3": {"prov:entity": "ex:story", "prov:agent": "ex:article"},
        "_:a4": {"prov:entity": "ex:spam", "prov:agent": "ex:bot"},
        "_:a5": {"prov:entity": "ex:story"},
    },
    "wasDerivedFrom": {
        "_:d1": {"prov:generatedEntity": "ex:post", "prov:usedEntity": "ex:video",
                 "prov:type": {"$": "prov:PrimarySource", "type": "prov:QUALIFIED_NAME"}},
        "_:d2": {"prov:generatedEntity": "ex:draft", "prov:usedEntity": "ex:post",
                 "prov:type": "prov:Quotation"},
        "_:d3": {"prov:generatedEntity": "ex:story", "prov:usedEntity": "ex:draft"},
    },
    "wasGeneratedBy": {
        "_:g1": {"prov:entity": "ex:post", "prov:time": "2024-12-26T09:30:00+00:00",
                 "prov:activity": "ex:posting"},
    },
    "activity": {"ex:posting": {}},
    "used": {"_:u1": {"prov:activity": "ex:posting", "prov:entity": "ex:video"}},
}  # fmt: skip


def test_prov_from_another_tool_maps_agents_entities_and_derivations() -> None:
    with pytest.warns(pv.ProvenanceWarning, match="3 PROV record") as said:
        g = pv.from_prov(FOREIGN, file="x.prov.json")
    assert {s.id: s.name for s in g.sources} == {
        "ex:article": "Euromaidan Press",
        "ex:bot": "ex:bot",
        "ex:sso": "Special Operations Forces",
        "ex:warshal": "Warshal",
    }
    assert g.source("ex:sso").kind == "ex:Unit"
    assert {c.id: c.text for c in g.claims} == {
        "ex:video": "Ukrainian forces captured a North Korean soldier",
        "ex:spam": "ex:spam",
        "ex:other": "Something nobody reported",
    }
    capture = {r.source: r for r in g.reports("ex:video")}
    # The article's story came through a draft nobody is credited with: via Warshal.
    assert capture["ex:article"].via == ("ex:warshal",)
    assert capture["ex:article"].url == "https://euromaidanpress.com/x"
    assert capture["ex:warshal"].via == ("ex:sso",)
    assert capture["ex:warshal"].published == dt.datetime(
        2024, 12, 26, 9, 30, tzinfo=dt.timezone.utc
    )
    assert capture["ex:warshal"].quote == "SSO shows the captured soldier"
    assert capture["ex:sso"].firsthand  # the primary source of Warshal's post
    (spam,) = g.reports("ex:spam")
    assert spam.unsourced and not spam.firsthand  # derived from nothing: cautious
    assert g.corroboration("ex:video").independent == 1
    note = str(said[0].message)
    assert g.notes == [note]
    for record in ("activity 'ex:posting'", "used '_:u1'", "wasAttributedTo '_:a5'"):
        assert record in note


def test_every_prov_fixture_loads_and_says_what_it_left_out() -> None:
    """All of the prov package's own test documents: none refused, nothing left unsaid."""
    import prov

    folder = Path(prov.__file__).parent / "tests" / "json"
    fixtures = sorted(folder.glob("*.json"))
    assert len(fixtures) > 300
    read = {"prefix", "agent", "entity", "wasAttributedTo", "wasDerivedFrom"}
    for path in fixtures:
        document = json.loads(path.read_text(encoding="utf-8"))
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            g = pv.from_prov(document, file=path.name)
        unread = [
            f"{kind} {name!r}"
            for kind, section in document.items()
            if kind not in read and kind != "wasGeneratedBy" and isinstance(section, dict)
            for name, body in section.items()
            for _ in (body if isinstance(body, list) else [body])
        ]
        if not g.notes:
            assert unread == [], path.name
            continue
        (note,) = g.notes
        said = int(note.split(": ", 1)[1].split(" ")[0])
        assert said >= len(unread), path.name
        if said <= 5:  # then each is named
            assert all(record in note for record in unread), path.name


def test_our_own_document_with_other_prefixes_reads_by_the_general_mapping() -> None:
    document = build().to_prov()
    document["prefix"]["pv"] = "urn:elsewhere#"
    g = pv.from_prov(document)
    assert {s.id for s in g.sources} == {f"src:{s.id}" for s in build().sources}
    assert len(g.reports()) >= len([r for r in build().reports() if not r.implicit])


def test_prov_import_errors_name_the_record() -> None:
    document = build().to_prov()
    del document["entity"]["clm:injured"]["prov:label"]
    with pytest.raises(pv.FormatError, match="entity 'clm:injured'"):
        pv.from_prov(document)
    foreign: dict[str, Any] = {"agent": {" ex:a ": {}}}
    with pytest.raises(pv.FormatError, match="agent ' ex:a '"):
        pv.from_prov(foreign, file="f.json")


# ---------------------------------------------------------------- GraphML and node-link


def test_graphml_is_flat_and_readable_by_networkx(tmp_path: Path) -> None:
    import networkx as nx

    build().save(tmp_path / "s.graphml")
    G = nx.read_graphml(tmp_path / "s.graphml")
    assert G.nodes["warshal"] == {
        "kind": "source",
        "name": "Warshal",
        "source_kind": "telegram",
        "reliability": "F",
    }
    for _, _, data in G.edges(data=True):
        assert all(isinstance(v, (str, bool, int, float)) for v in data.values())


def test_node_link_from_another_tool_takes_the_defaults(tmp_path: Path) -> None:
    # Only what a graph tool needs to know: kinds, relations and a via list (not even
    # whether the graph is directed: it is).
    path = tmp_path / "s.nodelink.json"
    path.write_text(
        json.dumps(
            {
                "nodes": [
                    {"id": "capture", "kind": "claim"},
                    {"id": "sso", "kind": "source"},
                    {"id": "Варшал", "kind": "source"},
                ],
                "edges": [
                    {"source": "sso", "target": "capture", "key": "capture", "relation": "reports"},
                    {
                        "source": "Варшал",
                        "target": "capture",
                        "key": "capture",
                        "relation": "reports",
                        "via": '["sso"]',
                    },
                    {"source": "sso", "target": "Варшал", "key": "capture", "relation": "via"},
                ],
            }
        ),
        encoding="utf-8",
    )
    g = pv.load(path)
    assert g.report("Варшал", "capture") == pv.Report("Варшал", "capture", via=["sso"])
    assert g.report("sso", "capture") == pv.Report("sso", "capture")  # read, first-hand, plain
    assert g.source("Варшал").name == "Варшал"


@pytest.mark.parametrize("name", ["s.json", "s.prov.json", "s.nodelink.json"])
def test_json_keeps_text_as_written(tmp_path: Path, name: str) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("warshal", name="Варшал")
    g.save(tmp_path / name)
    assert "Варшал" in (tmp_path / name).read_text(encoding="utf-8")  # not escaped to \u0412…


def test_malformed_graphml_and_node_link(tmp_path: Path) -> None:
    (tmp_path / "s.graphml").write_text("<graphml><graph")
    with pytest.raises(pv.FormatError, match="malformed GraphML"):
        pv.load(tmp_path / "s.graphml")
    (tmp_path / "s.nodelink.json").write_text(
        '{"nodes": [{"id": "a", "kind": "planet"}], "edges": []}'
    )
    with pytest.raises(pv.FormatError, match="node 'a': kind must be 'source' or 'claim'"):
        pv.load(tmp_path / "s.nodelink.json")


def test_the_docs_list_exactly_the_registered_formats() -> None:
    import re

    import provenance.formats as formats

    table = (ROOT / "docs" / "files.md").read_text(encoding="utf-8").split("## The story")[0]
    in_docs = {f".{m}" for m in re.findall(r"`story\.([a-z.]+)`", table)}
    assert in_docs == set(FORMATS)
    assert formats.__doc__ is not None
    in_module = set(re.findall(r"``(\.[a-z.]+)``", formats.__doc__.split("Examples")[0]))
    assert in_module == set(FORMATS)
    for fmt in formats.FORMATS:  # and each name says the format the registry reads
        for suffix in fmt.suffixes:
            assert formats.format_of(f"story{suffix.upper()}") is fmt


def test_prov_records_not_modelled_are_named_not_dropped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A document with this library's prefixes and records it does not model loads, and
    says which records it left out: in a warning, and as a note from the command."""
    g = pv.load(SEED)
    document = g.to_prov()
    document["prefix"]["ex"] = "http://example.org/"
    document["activity"] = {"ex:edit": {}}
    document["entity"]["ex:plan"] = {"prov:type": {"$": "prov:Plan", "type": "xsd:QName"}}
    with pytest.warns(pv.ProvenanceWarning, match=r"2 PROV record\(s\).*activity 'ex:edit'"):
        assert pv.from_prov(document) == g
    path = tmp_path / "extra.prov.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    from provenance.cli import main

    assert main(["check", str(path)]) == 0
    assert "provenance: note: " in capsys.readouterr().err


CASCADE = (
    "source,claim,via\n"
    "alice,t1,ROOT\n"  # a top-level post: its parent is a placeholder
    "bob,t1,alice\n"
    "bob,t1,alice\n"  # an exact repeat
    "bob,t1,carol\n"  # a repeat naming another parent
    "carol,t1,carol;alice\n"  # a self-loop
)


def test_export_rows_are_refused_by_default(tmp_path: Path) -> None:
    path = tmp_path / "cascade.csv"
    path.write_text(CASCADE, encoding="utf-8")
    with pytest.raises(pv.FormatError, match="names its own source"):
        pv.read_reports(path, progress=False)
    path.write_text("source,claim,via\nalice,t1,\nalice,t1,\n", encoding="utf-8")
    with pytest.raises(pv.FormatError, match="line 3: 'alice' already reports 't1'"):
        pv.read_reports(path, progress=False)


@pytest.mark.parametrize(
    ("duplicates", "bob_via"), [("skip", ("alice",)), ("merge", ("alice", "carol"))]
)
def test_export_rows_skipped_or_merged_and_said(
    tmp_path: Path, duplicates: str, bob_via: tuple[str, ...]
) -> None:
    """Repeats, self-loops and placeholder parents, as retweet exports hold them: taken
    as asked, and every change counted in one warning, never silently."""
    path = tmp_path / "cascade.csv"
    path.write_text(CASCADE, encoding="utf-8")
    with pytest.warns(pv.ProvenanceWarning) as said:
        g = pv.read_reports(path, duplicates=duplicates, placeholders=["ROOT"], progress=False)
    assert "ROOT" not in sources_by_id(g)
    assert g.report("bob", "t1").via == bob_via
    assert g.report("carol", "t1").via == ("alice",)
    assert g.report("alice", "t1").unsourced  # its only parent was a placeholder
    repeats = "2 repeated row(s) skipped" if duplicates == "skip" else "2 repeated row(s) merged"
    assert str(said[0].message) == (
        f"{path}: {repeats}; 1 citation(s) of a placeholder left out; 1 self-citation(s) left out"
    )


def test_a_merged_repeat_must_agree_but_for_its_vias(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("source,claim,via,hedge\na,c,x,\na,c,y,reportedly\n", encoding="utf-8")
    with pytest.raises(
        pv.FormatError, match=r"line 3: 'a' already reports 'c' \(line 2\) differently"
    ):
        pv.read_reports(path, duplicates="merge", progress=False)
    with pytest.raises(pv.ValidationError, match="duplicates must be one of"):
        pv.read_reports(path, duplicates="drop")


def test_the_command_takes_the_export_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from provenance.cli import main

    path = tmp_path / "cascade.csv"
    path.write_text(CASCADE, encoding="utf-8")
    assert main(["check", str(path), "--duplicates", "skip", "--placeholder", "ROOT"]) == 0
    assert "provenance: note: " in capsys.readouterr().err
    assert main(["check", str(SEED), "--duplicates", "skip"]) == 2
    assert "apply to report tables (.csv, .jsonl, .parquet)" in capsys.readouterr().err


# ---------------------------------------------------------------- frames and tables (issue 28)
# A NUL in an id, a via given as a mapping, graph attributes the library does not write
# and a column named twice: each one error naming the place, never read a wrong way.


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "story.yaml",
            'version: 2\nsources:\n  - {id: "war\\0shal"}\nclaims: []\nreports: []\n',
            "story.yaml, line 3, sources[0]: id must not hold a NUL character (U+0000)",
        ),
        (
            "story.json",
            '{"version": 2, "sources": [], "claims": [{"id": "cap\\u0000ture"}], "reports": []}',
            "story.json, claims[0]: id must not hold a NUL character (U+0000)",
        ),
        (
            "story.yaml",
            "version: 2\nsources: [{id: a}]\nclaims: [{id: c}]\nreports:\n"
            '  - {source: a, claim: c, via: ["w\\0"]}\n',
            "story.yaml, line 5, reports[0].via[0]: unknown source 'w\\x00'",  # undeclared
        ),
        (
            "story.csv",
            "source,claim,via\na,c,w\x00x\n",
            "story.csv, line 2: report by 'a' on 'c': via[0] must not hold a NUL character",
        ),
        (
            "story.jsonl",
            '{"source": "a\\u0000", "claim": "c"}\n',
            "story.jsonl, line 1: source must not hold a NUL character (U+0000)",
        ),
        (
            "story.nodelink.json",
            '{"nodes": [{"id": "a\\u0000", "kind": "source"}], "edges": []}',
            "story.nodelink.json, node 'a\\x00': id must not hold a NUL character",
        ),
    ],
)
def test_a_nul_in_an_id_is_refused_in_every_format(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    """NUL ends a C string and XML cannot hold it: an id holding one would not be the
    id read back. Refused where it is read, as any bad id."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(pv.FormatError) as got:
        pv.load(path)
    assert str(got.value).replace(str(tmp_path) + os.sep, "").startswith(expected)
    if name.endswith(".csv"):  # the columnar reader: the same words
        with pytest.raises(pv.FormatError) as columns:
            pv.assess_table(path)
        assert str(columns.value) == str(got.value)


def test_a_nul_in_an_id_is_refused_by_the_api() -> None:
    g = pv.ProvenanceGraph()
    for add in (g.add_source, g.add_claim):
        with pytest.raises(pv.ValidationError, match=r"id must not hold a NUL character"):
            add("a\0b")
    with pytest.raises(pv.ValidationError, match=r"via\[0\] must not hold a NUL character"):
        pv.Report("a", "c", via=["w\0"])


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_via_given_as_a_mapping_is_refused_where_it_stands(tmp_path: Path, suffix: str) -> None:
    """A mapping's keys are no list of sources: read as them, they changed the score."""
    data = {
        "version": 2,
        "sources": [{"id": "a"}, {"id": "w"}],
        "claims": [{"id": "c"}],
        "reports": [{"source": "a", "claim": "c", "via": {"w": "wire"}}],
    }
    path = tmp_path / f"story{suffix}"
    text = yaml.safe_dump(data, sort_keys=False) if suffix == ".yaml" else json.dumps(data)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(pv.FormatError) as got:
        pv.load(path)
    message = str(got.value).replace(str(tmp_path) + os.sep, "")
    assert message.endswith("reports[0].via: expected a list of source ids, got a mapping")
    assert message.startswith(f"story{suffix}")
    if suffix == ".yaml":
        assert ", line " in message
    with pytest.raises(pv.FormatError, match=r"reports\[0\]\.via: expected a list"):
        pv.from_dict(dict(data, reports=[{"source": "a", "claim": "c", "via": 5}]))


def test_a_via_given_as_a_mapping_in_a_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"source": "a", "claim": "c", "via": {"w": 1}}\n', encoding="utf-8")
    with pytest.raises(pv.FormatError) as got:
        pv.load(path)
    assert str(got.value) == f"{path}, line 1: via must be a list of source ids, got {{'w': 1}}"
    import pyarrow as pa

    struct = pa.table({"source": ["a"], "claim": ["c"], "via": [{"w": 1}]})
    with pytest.raises(pv.FormatError) as columns:
        pv.assess_table(struct)
    assert columns.value.message == got.value.message


@pytest.mark.parametrize("attribute", ["incoming_graph_data", "name", "titel"])
def test_node_link_graph_attributes_the_library_does_not_write_are_refused(
    tmp_path: Path, attribute: str
) -> None:
    path = tmp_path / "s.nodelink.json"
    g = pv.load(SEED)
    g.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["graph"] == {"title": g.title}
    data["graph"][attribute] = [["warshal", "capture"]]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(pv.FormatError) as got:
        pv.load(path)
    assert str(got.value) == (
        f"{path}, graph.{attribute}: unknown graph attribute {attribute!r}"
        f"{' (did you mean ' + repr('title') + '?)' if attribute == 'titel' else ''}"
        "; a provenance graph has only ['title']"
    )


def test_a_csv_naming_a_column_twice_is_refused_by_the_row_reader(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("source,claim,via,via\na,c,wire,\n", encoding="utf-8")
    expected = f"{path}, line 1: column 'via' is given twice; a table names each column once"
    for read in (pv.load, pv.read_reports, pv.assess_table):
        with pytest.raises(pv.FormatError) as got:
            read(path)
        assert str(got.value) == expected


# ---------------------------------------------------------------- Parquet (issue 29)
# Tables are a format: a Parquet table set loads and saves through the registry, under the
# sibling rule, the manifest and the refusals of a CSV set.


def _parquet(path: Path, columns: dict[str, Any]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet

    pyarrow.parquet.write_table(pa.table(columns), path)
    return path


def test_a_parquet_set_loads_the_story_its_csv_twin_holds(tmp_path: Path) -> None:
    g = pv.load(SEED)
    parquet, csv_set = g.save(tmp_path / "story.parquet"), g.save(tmp_path / "story.csv")
    assert pv.load(parquet) == pv.load(csv_set) == g
    assert pv.read_reports(parquet, progress=False) == g
    assert pv.load(parquet).assess() == g.assess()
    written = pv.formats.written(parquet)
    assert [p.name for p in written] == [
        "story.sources.parquet",
        "story.claims.parquet",
        "story.parquet",
        "story.contradictions.parquet",
        "story.suspected.parquet",
        "story.parquet.manifest",
    ]
    assert all(p.is_file() for p in written)
    with pytest.raises(pv.ValidationError, match=r"spreadsheet_safe applies to \.csv tables"):
        g.save(tmp_path / "safe.parquet", spreadsheet_safe=True)


def test_typed_parquet_tables_and_their_siblings_load(tmp_path: Path) -> None:
    import pyarrow as pa

    _parquet(
        tmp_path / "t.parquet",
        {
            "source": ["article", "wire", "blog"],
            "claim": ["c", "c", "c"],
            "via": [["wire", "gov"], None, None],
            "hedge": [None, "reportedly", None],
            "firsthand": [None, True, None],
            "observed": [True, None, False],
            "published": pa.array(
                [dt.datetime(2024, 12, 2, 9), dt.datetime(2024, 12, 1, 9), None],
                pa.timestamp("us"),
            ),
        },
    )
    _parquet(
        tmp_path / "t.sources.parquet",
        {"id": ["wire", "gov"], "name": ["Wire service", "Government"], "reliability": ["B", None]},
    )
    _parquet(tmp_path / "t.claims.parquet", {"id": ["c", "d"], "text": ["A claim", "Another"]})
    _parquet(tmp_path / "t.contradictions.parquet", {"a": ["c"], "b": ["d"]})
    _parquet(
        tmp_path / "t.suspected.parquet",
        {"copier": ["blog"], "original": ["article"], "claims": [["c"]], "probability": [0.9]},
    )
    g = pv.ProvenanceGraph()
    _ = g.add_source("wire", name="Wire service", reliability="B")
    _ = g.add_source("gov", name="Government")
    _ = g.add_claim("c", "A claim")
    _ = g.add_claim("d", "Another")
    _ = g.add_source("article")
    _ = g.add_report("article", "c", via=["wire", "gov"], published="2024-12-02T09:00")
    _ = g.add_report("wire", "c", hedge="reportedly", firsthand=True, published="2024-12-01T09:00")
    _ = g.add_source("blog")
    _ = g.add_report("blog", "c", observed=False)
    g.add_contradiction("c", "d")
    copy = {"copier": "blog", "original": "article", "claims": ["c"], "probability": 0.9}
    _ = g.add_suspected(copy)
    assert pv.load(tmp_path / "t.parquet") == g
    # A via held as text is ';'-separated, as in CSV.
    text = _parquet(tmp_path / "v.parquet", {"source": ["a"], "claim": ["c"], "via": ["w; v"]})
    assert pv.load(text).report("a", "c").via == ("w", "v")


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({"source": ["a", "b"], "claim": ["c", "c"], "hedge": [None, "kinda"]}, "line 2: "),
        ({"source": ["a"], "claim": ["c"], "colour": ["red"]}, "line 1: unknown column 'colour'"),
    ],
)
def test_a_wrong_parquet_row_names_the_file_and_row(
    tmp_path: Path, columns: dict[str, Any], expected: str
) -> None:
    path = _parquet(tmp_path / "t.parquet", columns)
    with pytest.raises(pv.FormatError) as got:
        pv.load(path)
    assert str(got.value).startswith(f"{path}, {expected}") and "\n" not in str(got.value)
    (tmp_path / "garbage.parquet").write_bytes(b"PAR1 not a table")
    with pytest.raises(pv.FormatError, match=r"garbage\.parquet: cannot read the table: "):
        pv.load(tmp_path / "garbage.parquet")
    (tmp_path / "empty.parquet").write_bytes(b"")
    with pytest.raises(pv.FormatError, match=r"empty\.parquet: the file is empty"):
        pv.load(tmp_path / "empty.parquet")


@pytest.mark.parametrize("name", ["story.sources.parquet", "story.suspected.parquet"])
def test_a_fifo_beside_a_parquet_table_is_refused_without_waiting(
    tmp_path: Path, name: str
) -> None:
    story = pv.load(SEED).save(tmp_path / "story.parquet")
    (tmp_path / "story.parquet.manifest").unlink()  # the sibling rule itself refuses it
    (tmp_path / name).unlink()
    os.mkfifo(tmp_path / name)
    for read in (pv.load, pv.read_reports, pv.assess_table):
        with pytest.raises(pv.FileAccessError, match="not a regular file"):
            read(story)


def test_parquet_without_pyarrow_is_one_line_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from provenance.cli import main

    story = pv.load(SEED).save(tmp_path / "story.parquet")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    for act in (lambda: pv.load(story), lambda: pv.load(SEED).save(tmp_path / "new.parquet")):
        with pytest.raises(pv.MissingDependencyError) as error:
            act()
        assert str(error.value).endswith("python -m pip install 'provenance-graph[columns]'")
        assert "\n" not in str(error.value)
    assert not list(tmp_path.glob("*new*"))  # nothing written
    assert main(["check", str(story)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_an_edited_table_of_a_saved_parquet_set_is_refused(tmp_path: Path) -> None:
    import pyarrow.parquet

    story = pv.load(SEED).save(tmp_path / "story.parquet")
    claims = tmp_path / "story.claims.parquet"
    table = pyarrow.parquet.read_table(claims)
    edited = table.set_column(1, "text", pyarrow.array(["edited"] * table.num_rows))
    pyarrow.parquet.write_table(edited, claims)
    for read in (pv.load, pv.assess_table):
        with pytest.raises(pv.FormatError, match="story.claims.parquet is not the table its save"):
            read(story)
    (tmp_path / "story.parquet.manifest").unlink()  # read as it stands
    assert "edited" in {claim.text for claim in pv.load(story).claims}


def test_export_rules_apply_to_parquet_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io

    from provenance.cli import main
    from provenance.formats.rows import RowRules
    from provenance.store import Store

    rows = list(csv.DictReader(io.StringIO(CASCADE)))
    columns = {name: [row[name] for row in rows] for name in ("source", "claim", "via")}
    parquet = _parquet(tmp_path / "cascade.parquet", columns)
    (tmp_path / "cascade.csv").write_text(CASCADE, encoding="utf-8")
    with pytest.warns(pv.ProvenanceWarning):
        got = pv.read_reports(parquet, duplicates="merge", placeholders=["ROOT"], progress=False)
    with pytest.warns(pv.ProvenanceWarning):
        expected = pv.read_reports(
            tmp_path / "cascade.csv", duplicates="merge", placeholders=["ROOT"], progress=False
        )
    assert got == expected
    assert main(["check", str(parquet), "--duplicates", "skip", "--placeholder", "ROOT"]) == 0
    assert "provenance: note: " in capsys.readouterr().err
    with pytest.raises(pv.ValidationError, match=r"apply to report tables \(\.csv, \.jsonl"):
        pv.formats.read(SEED, Store(), rules=RowRules("skip"))


def test_check_reads_a_parquet_set_with_each_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from provenance.cli import main

    assert main(["convert", str(SEED), str(tmp_path / "story.parquet")]) == 0
    pv.load(SEED).save(tmp_path / "story.csv")
    capsys.readouterr()
    for engine in ("records", "columns", "table"):
        printed = []
        for name in ("story.parquet", "story.csv"):
            assert main(["check", str(tmp_path / name), "--json", "--engine", engine]) == 0
            printed.append(json.loads(capsys.readouterr().out))
        assert printed[0] == printed[1] and len(printed[0]) == len(pv.load(SEED).claims)
