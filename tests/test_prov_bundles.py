"""W3C PROV-JSON in bundles, named ``.json``, and malformed (issue 31, items 3 and 4)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import provenance as pv
from provenance.cli import main

BUNDLED: dict[str, Any] = {
    "prefix": {"ex": "http://example.org/"},
    "entity": {"ex:b1": {"prov:type": {"$": "prov:Bundle", "type": "prov:QUALIFIED_NAME"}}},
    "bundle": {
        "ex:b1": {
            "entity": {"ex:video": {"prov:label": "A soldier was captured"}},
            "agent": {"ex:sso": {"prov:label": "SSO"}},
            "wasAttributedTo": {"_:a1": {"prov:entity": "ex:video", "prov:agent": "ex:sso"}},
        },
        "ex:b2": {  # the same ids, and the same relation id, in a second account
            "agent": {"ex:outlet": {}},
            "entity": {"ex:story": {}},
            "wasAttributedTo": {"_:a1": {"prov:entity": "ex:story", "prov:agent": "ex:outlet"}},
            "wasDerivedFrom": {
                "_:d1": {"prov:generatedEntity": "ex:story", "prov:usedEntity": "ex:video"}
            },
        },
    },
}

STORY = {"version": 2, "sources": [{"id": "a"}], "claims": [{"id": "c"}], "reports": []}


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_bundled_document_loads_its_attributions_and_names_the_bundles() -> None:
    with pytest.warns(pv.ProvenanceWarning) as said:
        g = pv.from_prov(BUNDLED, file="b.prov.json")
    assert {(r.source, r.claim, r.via) for r in g.reports()} == {
        ("ex:sso", "ex:video", ()),
        ("ex:outlet", "ex:video", ("ex:sso",)),
    }
    assert [c.id for c in g.claims] == ["ex:video"]  # the bundle's own entity is no claim
    assert g.notes == [
        "b.prov.json: 1 PROV record(s) this library does not model were left out: "
        "entity 'ex:b1' (about a bundle); 2 PROV bundle(s) were read as one account (an id "
        "named in several is one thing): bundle 'ex:b1', bundle 'ex:b2'"
    ]
    assert [str(w.message) for w in said] == g.notes


def test_a_prefix_declared_otherwise_in_a_bundle_keeps_its_names_apart() -> None:
    document = {
        "prefix": {"ex": "http://example.org/"},
        "entity": {"ex:e": {"prov:label": "top"}},
        "bundle": {"ex:b": {"prefix": {"ex": "http://other.org/"}, "entity": {"ex:e": {}}}},
    }
    with pytest.warns(pv.ProvenanceWarning, match="1 PROV bundle"):
        g = pv.from_prov(document)
    assert sorted(c.id for c in g.claims) == ["ex:e", "http://other.org/e"]


def test_prov_named_json_loads_as_prov(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "x.json", BUNDLED)
    with pytest.warns(pv.ProvenanceWarning, match="bundle"):
        assert len(pv.load(path).reports()) == 2
    plain = write(tmp_path / "plain.json", {"entity": {"ex:e": {}}, "agent": {"ex:a": {}}})
    g = pv.load(plain)  # `{}` containers only: told by the keys, not the skeleton
    assert ([s.id for s in g.sources], [c.id for c in g.claims]) == (["ex:a"], ["ex:e"])
    assert main(["check", str(path)]) == 0
    assert "provenance: note: " in capsys.readouterr().err


def test_a_story_json_still_loads_as_a_story(tmp_path: Path) -> None:
    g = pv.load(write(tmp_path / "story.json", STORY))
    assert [s.id for s in g.sources] == ["a"] and [c.id for c in g.claims] == ["c"]
    saved = pv.load("examples/pow_article.yaml")
    saved.save(tmp_path / "pow.json")
    assert pv.load(tmp_path / "pow.json") == saved


def test_json_with_story_and_prov_keys_says_to_name_it_prov_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "mixed.json", {"version": 2, "entity": {}})
    with pytest.raises(pv.FormatError) as error:
        pv.load(path)
    message = str(error.value)
    assert "\n" not in message
    assert "cannot tell whether" in message and "name a PROV document '.prov.json'" in message
    assert main(["check", str(path)]) == 2
    assert ".prov.json" in capsys.readouterr().err


def test_an_unknown_record_type_is_an_error_naming_it() -> None:
    with pytest.raises(pv.FormatError) as error:
        pv.from_prov({"notarealtype": {}}, file="x.prov.json")
    assert str(error.value).startswith(
        "x.prov.json, notarealtype: not PROV-JSON: 'notarealtype' is no PROV record type; "
        "expected prefix, bundle or one of entity, activity, agent,"
    )
    with pytest.raises(pv.FormatError, match=r"'entty' is no PROV record type \(did you mean"):
        pv.from_prov({"entty": {}})


@pytest.mark.parametrize(
    ("document", "said"),
    [
        ([1, 2], "expected an object of PROV records, got list"),
        (5, "expected an object of PROV records, got int"),
        ({"bundle": "notadict"}, "bundle: not PROV-JSON: expected an object, got str"),
        ({"prefix": "notadict"}, "prefix: not PROV-JSON: expected an object, got str"),
        ({"entity": {"ex:e1": None}}, "entity 'ex:e1': not PROV-JSON: expected attributes"),
        ({"entity": "notadict"}, "entity: not PROV-JSON: expected an object, got str"),
        (
            {"entity": {"ex:e1": {"ex:attr": {"type": "xsd:string"}}}},
            "ex:attr: a typed value lacks '$'",
        ),
        ({"bundle": {"ex:b": {"bundle": {}}}}, "bundle 'ex:b' bundle: not PROV-JSON"),
    ],
)
def test_what_the_prov_package_refuses_is_refused(document: Any, said: str) -> None:
    with pytest.raises(pv.FormatError, match=re.escape(said)):
        pv.from_prov(document)


def test_the_prov_package_refuses_the_same_documents() -> None:
    from prov.model import ProvDocument

    documents: list[Any] = [{"notarealtype": {}}, {"entity": {"ex:e1": None}}, {"bundle": "x"}]
    for document in documents:
        with pytest.raises(Exception):  # noqa: B017, PT011
            ProvDocument.deserialize(content=json.dumps(document), format="json")


@pytest.mark.parametrize(
    "document",
    [{}, {"prefix": {"ex": "http://example.org/"}}, {"activity": {"ex:a": {}}}],
)
def test_no_empty_graph_without_a_note(document: dict[str, Any]) -> None:
    with pytest.warns(pv.ProvenanceWarning):
        g = pv.from_prov(document, file="e.prov.json")
    assert len(g.claims) == 0
    (note,) = g.notes
    assert note.startswith("e.prov.json: ") and note.endswith(
        f"0 claims were read: no entity is derived from nothing or reported "
        f"(it holds {', '.join(sorted(document)) or 'no record'})"
    )


def test_an_empty_graph_of_ours_reads_back_without_a_word() -> None:
    document = pv.ProvenanceGraph().to_prov()
    assert pv.from_prov(document) == pv.ProvenanceGraph()
