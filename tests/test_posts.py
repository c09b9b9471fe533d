"""The platform import core: posts made a story by one set of rules (formats.posts), JSON
walked a member at a time (formats.streams.walk), formats told by content or by name."""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main
from provenance.errors import FormatError, ProvenanceWarning, ValidationError
from provenance.formats import KEYS, format_of
from provenance.formats.detect import head_of
from provenance.formats.posts import AUTHOR_OF, Posts
from provenance.formats.streams import walk

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "pow_article.yaml"


def filled(posts: Posts) -> pv.ProvenanceGraph:
    store = pv.ProvenanceGraph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvenanceWarning)
        posts.fill(store)
    return store


# ---------------------------------------------------------------- the rules of Posts


def test_a_post_is_first_hand_and_its_shares_cite_its_author() -> None:
    posts = Posts("x.json")
    posts.account("tg:channel1", name="Warshal")
    posts.post("p1", "tg:channel1", text="captured", published="2024-12-26T09:00:00+00:00")
    for n in range(3):
        posts.share("p1", f"tg:channel{n + 2}", published=f"2024-12-26T1{n}:00:00+00:00")
    store = filled(posts)
    reports = {r.source: r for r in store.reports("p1")}
    assert reports["tg:channel1"].firsthand and not reports["tg:channel1"].via
    assert all(reports[f"tg:channel{n}"].via == ("tg:channel1",) for n in (2, 3, 4))
    assert store.source("tg:channel1").name == "Warshal"
    assert store.claim("p1").text == "captured"
    result = store.corroboration("p1")
    assert result.independent == 1 and {f.name for f in result.flags} >= {"ECHO"}


def test_a_share_of_a_post_not_in_the_export_cites_its_unknown_author() -> None:
    posts = Posts("x.json")
    posts.share("gone", "a")
    posts.share("gone", "b", author="writer")
    store = filled(posts)
    vias = {r.source: r.via for r in store.reports("gone") if r.observed}
    assert vias == {"a": ("writer",), "b": ("writer",)}  # the author one share names


def test_unknown_author_is_a_source_of_its_own_and_said() -> None:
    posts = Posts("x.json")
    posts.share("gone", "a")
    store = pv.ProvenanceGraph()
    with pytest.warns(ProvenanceWarning, match="unknown author"):
        posts.fill(store)
    assert [r.via for r in store.reports("gone") if r.observed] == [(AUTHOR_OF + "gone",)]
    assert store.source(AUTHOR_OF + "gone").name == "the author of gone"


def test_repeated_shares_keep_the_earliest_time_and_every_via() -> None:
    posts = Posts("x.json")
    posts.share("p", "bob", via=["carol"], published="2024-01-02T10:00:00+00:00")
    posts.share("p", "bob", via=["dave"], published="2024-01-02T09:00:00+00:00")
    posts.share("p", "bob", via=["bob", "carol"], published="2024-01-03T09:00:00+00:00")
    store = pv.ProvenanceGraph()
    with pytest.warns(ProvenanceWarning) as said:
        posts.fill(store)
    (bob,) = [r for r in store.reports("p") if r.source == "bob"]
    assert isinstance(bob.published, dt.datetime) and bob.published.hour == 9
    assert bob.via == ("dave", "carol")
    assert any("2 repeated" in str(w.message) for w in said)


def test_an_account_sharing_its_own_post_keeps_its_first_hand_report() -> None:
    posts = Posts("x.json")
    posts.post("p", "me", published="2024-01-01T00:00:00+00:00")
    posts.share("p", "me", published="2024-01-02T00:00:00+00:00")
    store = filled(posts)
    (mine,) = store.reports("p")
    assert mine.firsthand and not mine.via
    assert mine.published is not None and mine.published.day == 1


def test_an_author_sharing_its_own_post_through_others_stays_first_hand() -> None:
    posts = Posts("x.json")
    posts.post("p1", "a", published="2024-12-26T09:00:00+00:00")
    posts.share("p1", "b", published="2024-12-26T09:05:00+00:00")
    posts.share("p1", "a", via=["b"], published="2024-12-26T09:10:00+00:00")
    store = filled(posts)
    mine = store.report("a", "p1")
    assert mine.firsthand and mine.via == ()
    assert store.corroboration("p1").independent == 1
    assert any("the loop back left out" in note for note in store.notes)


def test_an_author_sharing_its_post_through_another_origin_keeps_that_via() -> None:
    """Only a loop back is left out: a via the author's own post came by from someone
    who did not have it from the author is declared sourcing, and stands."""
    posts = Posts("x.json")
    posts.post("p1", "a", published="2024-12-26T09:00:00+00:00")
    posts.share("p1", "b", published="2024-12-26T09:05:00+00:00")
    posts.share("p1", "a", via=["b", "c"], published="2024-12-26T09:10:00+00:00")
    store = filled(posts)
    mine = store.report("a", "p1")
    assert mine.via == ("c",) and not mine.firsthand


def test_the_post_record_names_its_author_over_a_share() -> None:
    posts = Posts("x.json")
    posts.share("p1", "b", author="someone")
    posts.post("p1", "a")
    posts.post("p1", "c")  # a second record of the post: the first stands
    store = filled(posts)
    assert store.report("b", "p1").via == ("a",)
    assert store.report("a", "p1").firsthand and not store.report("c", "p1").firsthand


def test_claims_by_text_make_posts_of_one_text_one_unsourced_claim() -> None:
    posts = Posts("x.json", claims="text")
    posts.post("a1", "a", text="Ten  tanks  lost", published="2024-01-02T00:00:00+00:00")
    posts.post("b1", "b", text="ten tanks lost", published="2024-01-01T00:00:00+00:00")
    posts.post("c1", "c", text="something else")
    posts.share("a1", "d")
    store = filled(posts)
    assert sorted(c.id for c in store.claims) == ["b1", "c1"]  # the earlier post names it
    reports = {r.source: r for r in store.reports("b1")}
    assert not reports["a"].firsthand and not reports["b"].firsthand
    assert reports["d"].via == ("a",)
    result = store.corroboration("b1")
    assert (result.independent, result.independent_max) == (1, 2)


def test_claims_must_be_post_or_text() -> None:
    with pytest.raises(ValidationError, match=r"claims must be one of .*'texts'.*did you mean"):
        Posts("x.json", claims="texts")


@given(
    shares=st.lists(
        st.tuples(
            st.sampled_from(["p1", "p2", "p3"]),
            st.sampled_from(["a", "b", "c", "d"]),
            st.none() | st.lists(st.sampled_from(["a", "b", "c", "x"]), max_size=2),
            st.integers(0, 50),
        ),
        max_size=25,
    ),
    claims=st.sampled_from(["post", "text"]),
)
@settings(max_examples=80, deadline=None)
def test_every_via_is_one_a_share_named_or_its_posts_author(
    shares: list[tuple[str, str, list[str] | None, int]], claims: str
) -> None:
    """No edge is invented: each via of a report is a via a share gave, or the author
    of a post it shared where it gave none but itself; nobody cites himself; one
    report per (source, claim)."""
    posts = Posts("x.json", claims=claims)
    authors = {"p1": "a", "p2": "b"}  # p3's author is not in the export
    for post, author in authors.items():
        posts.post(post, author, text="same words", published="2024-01-01T00:00:00+00:00")
    given_vias: dict[tuple[str, str], set[str]] = {}
    for post, by, via, minute in shares:
        posts.share(post, by, via=via, published=f"2024-01-01T01:{minute:02d}:00+00:00")
        named = {v for v in via or () if v != by} or {authors.get(post, AUTHOR_OF + post)}
        given_vias.setdefault((by, post), set()).update(named)
    store = filled(posts)
    seen = set()
    for claim in store.claims:
        for report in store.reports(claim.id):
            assert (report.source, claim.id) not in seen
            seen.add((report.source, claim.id))
            assert report.source not in report.via
            if report.implicit:
                continue
            possible = set().union(*(v for (by, _), v in given_vias.items() if by == report.source))
            assert set(report.via) <= possible


# ---------------------------------------------------------------- JSON a member at a time


def test_walk_gives_the_members_asked_for_whatever_the_reads() -> None:
    doc = {"name": "c", "messages": [{"id": i, "text": "x" * (i * 997)} for i in range(40)]}

    class Trickle(io.StringIO):
        def read(self, size: int | None = -1) -> str:
            return super().read(5 if size and size > 0 else size)

    got = list(walk(Trickle(json.dumps(doc)), lambda path: len(path) < 2, name="t.json"))
    assert got[0] == (("name",), "c")
    assert [value for path, value in got[1:]] == doc["messages"]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
@settings(max_examples=100, deadline=None)
def test_walk_rebuilds_any_document(document: Any) -> None:
    """Walked all the way down, the leaves and their paths are the document."""
    text = json.dumps(document)
    leaves = list(walk(io.StringIO(text), lambda path: True, name="t.json"))
    expected = list(_leaves(document, ()))
    assert leaves == expected


def _leaves(value: Any, path: tuple[Any, ...]) -> Any:
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    elif isinstance(value, list) and value:
        for i, inner in enumerate(value):
            yield from _leaves(inner, (*path, i))
    elif not isinstance(value, dict | list):
        yield path, value


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"a": [1, 2', "at a: Expecting ',' delimiter"),
        ('{"a": 1, "a": 2}', "key 'a' is given twice"),
        ('{"m": [{"k": 1, "k": 2}]}', "at m: key 'k' is given twice"),
        ("[" * 100_000, "nested too deep"),
        ('{"a" 1}', "expected ':'"),
    ],
)
def test_walk_names_what_is_malformed(text: str, says: str) -> None:
    with pytest.raises(FormatError, match=r"^t\.json: malformed JSON") as error:
        list(walk(io.StringIO(text), lambda path: len(path) < 1, name="t.json"))
    assert says in str(error.value)


# ---------------------------------------------------------------- formats by name or content


def test_format_by_name_key_and_content(tmp_path: Path) -> None:
    assert format_of(SEED).key == "yaml"
    assert format_of("x.txt", "yaml").key == "yaml"
    with pytest.raises(FormatError, match=r"no format is named 'yml'.*did you mean 'yaml'"):
        format_of(SEED, "yml")
    unknown = tmp_path / "notes.txt"
    unknown.write_text("nothing known\n")
    with pytest.raises(FormatError, match="from its name or its content"):
        pv.load(unknown)
    story = tmp_path / "story.json"
    pv.load(SEED).save(story)
    assert format_of(story).key == "json"  # the library's own JSON is no platform's
    assert set(KEYS) >= {"yaml", "json", "table", "prov", "graphml", "nodelink", "parquet"}


def test_load_by_format_name_reads_a_file_its_name_does_not_tell(tmp_path: Path) -> None:
    renamed = tmp_path / "story.txt"
    renamed.write_text(SEED.read_text())
    assert pv.load(renamed, format="yaml") == pv.load(SEED)


def test_options_that_do_not_apply_are_refused() -> None:
    with pytest.raises(ValidationError, match="applies to a platform's export"):
        pv.load(SEED, claims="text")
    with pytest.raises(ValidationError, match="apply to report tables"):
        pv.load(SEED, duplicates="earliest")


def test_head_of_reads_the_first_value_only(tmp_path: Path) -> None:
    lines = tmp_path / "x.jsonl"
    lines.write_text('{"a": 1, "b": {"c": [1, 2]}}\n{"a": 2}\n')
    assert head_of(lines).data == {"a": 1, "b": {"c": [1, 2]}}
    assert head_of(tmp_path).data is None  # a folder: nothing read
    binary = tmp_path / "x.json"
    binary.write_bytes(b"\xff\xfe{}")
    assert head_of(binary).text == ""


def test_the_cli_reads_by_format_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    renamed = tmp_path / "story.txt"
    renamed.write_text(SEED.read_text())
    assert main(["check", "--from", "yaml", str(renamed)]) in (0, 1)
    assert "troops" in capsys.readouterr().out
    assert main(["check", "--claim-per", "text", str(SEED)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--claim-per applies to a platform's export" in err
