"""Research cascade files read as stories: Twitter15/16 trees and DeepHawkes lines.

Fixtures are written from the formats as their data sets document them:

- Twitter15/16 trees: ``tree/<source tweet id>.txt``, one edge a line
  ``['uid', 'tweet id', 'delay minutes']->['uid', 'tweet id', 'delay minutes']``, the
  first from ``['ROOT', 'ROOT', '0.0']`` (Ma, Gao, Wong, ACL 2017, as published in
  gszswork/Twitter15_16_dataset; ../shared/data/cascades/README.md);
- DeepHawkes lines: CaoQi92/DeepHawkes ``README.md`` (``<message_id>\\t<user_id>\\t
  <publish_time>\\t<retweet_number>\\t<retweets>``, each retweet ``<user1>/…/<user n>:
  <retweet_time>``), the example line of Xovee/casflow ``dataset/README.md`` (times in
  seconds since the publication), and ``gen_sequence/gen_shortestpath.py`` (user ``-1``
  is unknown).

"The table path" is what a researcher writes without this importer: each edge a report
row (source = child, claim = tree id, via = parent, published = time) read with
``pv.read_reports(…, duplicates="earliest", placeholders=["ROOT"])``. The importer gives
the same claims, reports, times and vias, except where the table path falls into the
traps the importer avoids (see :func:`assert_table_path`).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import warnings
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main
from provenance.errors import FormatError, ProvenanceWarning, ValidationError
from provenance.formats import cascade, format_of
from provenance.formats.detect import head_of
from tests.exports import load, noted

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "cascades"
TID = "524932935137628160"  # a Twitter16 source tweet id (a snowflake: 2014-10-22)
START = datetime(2014, 10, 22, 14, 38, 59, 176000, tzinfo=timezone.utc)

Edge = tuple[str, str, str, str]  # parent, parent delay, child, child delay


def node(user: str, delay: str, tweet: str = TID) -> str:
    return f"['{user}', '{tweet}', '{delay}']"


def tree_text(root: str, edges: list[Edge], tweet: str = TID) -> str:
    lines = [f"{node('ROOT', '0.0', 'ROOT')}->{node(root, '0.0', tweet)}"]
    lines += [f"{node(p, pd, tweet)}->{node(c, cd, tweet)}" for p, pd, c, cd in edges]
    return "\n".join(lines) + "\n"


def write_tree(folder: Path, root: str, edges: list[Edge], tweet: str = TID) -> Path:
    path = folder / f"{tweet}.txt"
    path.write_text(tree_text(root, edges, tweet), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the table path


def parsed(path: Path) -> list[tuple[str, str, str, str, str]]:
    """(parent, parent delay, child, child tweet, child delay) for each line of a tree."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        left, right = line.split("->")
        (p, _, pd), (c, ct, cd) = (json.loads(side.replace("'", '"')) for side in (left, right))
        rows.append((p, pd, c, ct, cd))
    return rows


def at(start: datetime | None, minutes: str) -> datetime | None:
    if start is None:
        return None
    return start + timedelta(microseconds=int(Decimal(minutes) * 60_000_000))


def table_path(tree: Path, folder: Path) -> pv.ProvenanceGraph:
    """The tree as a researcher's report table, read with the lenient table rules."""
    rows = parsed(tree)
    claim = rows[0][3]
    start = cascade.snowflake_time(claim)
    table = folder / f"{tree.stem}.csv"
    with table.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(["source", "claim", "via", "published"])
        for parent, _, child, _, delay in rows:
            when = at(start, delay)
            out.writerow([child, claim, parent, when.isoformat() if when else ""])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvenanceWarning)
        return pv.read_reports(table, duplicates="earliest", placeholders=["ROOT"], progress=False)


def assert_table_path(g: pv.ProvenanceGraph, tree: Path, folder: Path) -> None:
    """`g` (the importer's reading of `tree`) is the table path's, but for the traps:

    - the root account is first-hand with no via: an edge into it (a later account as
      the parent of the source tweet) would make the claim circular;
    - an account whose only parent is itself shares via the root account, not unsourced;
    - an account named only as a parent shares via the root account at its own time, not
      an attributed origin of its own.
    """
    table = table_path(tree, folder)
    rows = parsed(tree)
    claim, root = rows[0][3], rows[0][2]
    assert {c.id for c in g.claims} >= {claim} and {c.id for c in table.claims} == {claim}
    mine = {r.source: r for r in g.reports(claim)}
    theirs = {r.source: r for r in table.reports(claim)}
    children = {c for _, _, c, _, _ in rows}
    orphans = {p for p, _, _, _, _ in rows} - children - {"ROOT"}
    assert set(mine) == set(theirs)
    assert {s for s, r in theirs.items() if not r.observed} == orphans
    start = cascade.snowflake_time(claim)
    for source, report in mine.items():
        other = theirs[source]
        assert report.observed
        if source in orphans:
            first = min(at(start, pd) or START for p, pd, _, _, _ in rows if p == source)
            assert report.via == (root,) and (start is None or report.published == first)
            continue
        assert report.published == other.published, source
        if source == root:
            assert report.firsthand and report.via == ()
            into = {p for p, _, c, _, _ in rows if c == root and p not in ("ROOT", root)}
            assert set(other.via) == into
        elif not other.via:  # its only parent was itself
            assert report.via == (root,)
        else:
            assert set(report.via) == set(other.via), source
            assert not report.firsthand


def real_trees() -> list[Path]:
    return sorted((DATA / "tree").glob("*.txt")) if (DATA / "tree").is_dir() else []


@pytest.mark.skipif(not real_trees(), reason="no ../shared/data/cascades (outside the repository)")
def test_the_ten_twitter16_trees_are_the_table_path_and_none_is_unsourced(tmp_path: Path) -> None:
    trees = real_trees()
    g = load(DATA / "tree", format="cascade")
    assert {c.id for c in g.claims} == {tree.stem for tree in trees}
    for tree in trees:
        assert_table_path(g, tree, tmp_path)
        one = load(tree)  # a tree file alone is told by its content
        assert {(r.source, r.via, r.published) for r in one.reports(tree.stem)} == {
            (r.source, r.via, r.published) for r in g.reports(tree.stem)
        }
    scores = pv.assess(g)
    assert all(scores[tree.stem].independent >= 1 for tree in trees)
    assert all("no_origin" not in {f.value for f in scores[t.stem].flags} for t in trees)
    assert format_of(DATA / "tree").key == "cascade"  # the folder, told by its files


# ---------------------------------------------------------------- generated cascades

USERS = [str(n) for n in (11, 22, 33, 44, 55, 66)]
DELAYS = ["0.0", "0.25", "1.5", "3.0", "12.75"]


@st.composite
def trees(draw: st.DrawFn) -> tuple[str, list[Edge]]:
    """A root and edges among a few accounts, in any order: repeats, self-loops, edges
    into the root, children timed before their parents, accounts only ever parents."""
    root = draw(st.sampled_from(USERS))
    edge = st.tuples(
        st.sampled_from(USERS),
        st.sampled_from(DELAYS),
        st.sampled_from(USERS),
        st.sampled_from(DELAYS),
    )
    edges = draw(st.lists(edge, max_size=14))
    return root, edges + draw(st.lists(st.sampled_from(edges), max_size=3)) if edges else edges


@given(trees())
@settings(max_examples=80, deadline=None)
def test_any_tree_is_the_table_path_but_for_its_traps(tree: tuple[str, list[Edge]]) -> None:
    folder = Path(tempfile.mkdtemp())
    path = write_tree(folder, *tree)
    g = load(path)
    assert_table_path(g, path, folder)
    assert pv.assess(g)[TID].independent == 1  # one root: one line, whatever the tree


@given(trees())
@settings(max_examples=40, deadline=None)
def test_every_via_edge_is_an_edge_of_the_tree_or_to_the_root(tree: tuple[str, list[Edge]]) -> None:
    root, edges = tree
    g = load(write_tree(Path(tempfile.mkdtemp()), root, edges))
    given_edges = {(p, c) for p, _, c, _ in edges if p != c and c != root}
    reporters = {r.source for r in g.reports(TID)}
    for upstream, downstream, claim, data in g.to_networkx().edges(keys=True, data=True):
        if data.get("relation") == "via":
            assert (upstream, downstream) in given_edges or upstream == root
            assert upstream in reporters and claim == TID


# ---------------------------------------------------------------- trees by hand


def test_times_come_from_the_snowflake_id_and_the_delays(tmp_path: Path) -> None:
    g = load(write_tree(tmp_path, "1", [("1", "0.0", "2", "0.5"), ("2", "0.5", "3", "90")]))
    times = {r.source: r.published for r in g.reports(TID)}
    assert times == {
        "1": START,
        "2": START + timedelta(seconds=30),
        "3": START + timedelta(minutes=90),
    }
    assert all(isinstance(t, datetime) and t.tzinfo is timezone.utc for t in times.values())


def test_a_tree_saved_on_windows_reads_the_same(tmp_path: Path) -> None:
    edges: list[Edge] = [("1", "0.0", "2", "0.5")]
    plain = load(write_tree(tmp_path, "1", edges))
    path = tmp_path / "windows" / f"{TID}.txt"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + tree_text("1", edges).replace("\n", "\r\n").encode())
    assert format_of(path).key == "cascade" and load(path) == plain


def test_an_id_that_is_no_snowflake_leaves_the_cascade_undated_and_says_so(tmp_path: Path) -> None:
    path = write_tree(tmp_path, "1", [("1", "0.0", "2", "1.0")], tweet="12345")
    with pytest.warns(ProvenanceWarning, match="no Twitter snowflake"):
        g = pv.load(path)
    assert [r.published for r in g.reports("12345")] == [None, None]


def test_a_user_who_reposts_twice_keeps_the_earliest_time_and_every_parent(tmp_path: Path) -> None:
    edges = [("1", "0.0", "2", "1.0"), ("1", "0.0", "3", "2.0"), ("3", "2.0", "2", "0.5")]
    with pytest.warns(ProvenanceWarning, match="1 repeated appearance"):
        g = pv.load(write_tree(tmp_path, "1", edges))
    (two,) = [r for r in g.reports(TID) if r.source == "2"]
    assert set(two.via) == {"1", "3"} and two.published == START + timedelta(seconds=30)


def test_a_self_loop_keeps_the_other_parents_else_is_via_the_root(tmp_path: Path) -> None:
    edges = [("2", "1.0", "2", "1.0"), ("1", "0.0", "3", "1.0"), ("3", "1.0", "3", "2.0")]
    edges.append(("4", "2.0", "3", "2.0"))
    g, notes = noted(write_tree(tmp_path, "1", edges))
    assert "2 self-loop(s)" in notes
    vias = {r.source: set(r.via) for r in g.reports(TID)}
    assert vias["2"] == {"1"}  # only itself: via the root, never unsourced
    assert vias["3"] == {"1", "4"}
    assert not any(r.unsourced for r in g.reports(TID))


def test_an_edge_into_the_root_is_left_out_and_the_root_stays_first_hand(tmp_path: Path) -> None:
    edges = [("1", "0.0", "2", "1.0"), ("2", "4.2", "1", "0.0")]
    with pytest.warns(ProvenanceWarning, match="1 edge"):
        g = pv.load(write_tree(tmp_path, "1", edges))
    root = next(r for r in g.reports(TID) if r.source == "1")
    assert root.firsthand and root.via == ()
    assert g.corroboration(TID).independent == 1
    assert "circular" not in {f.value for f in g.corroboration(TID).flags}


def test_an_account_named_only_as_a_parent_shares_via_the_root(tmp_path: Path) -> None:
    with pytest.warns(ProvenanceWarning, match="1 account"):
        g = pv.load(write_tree(tmp_path, "1", [("9", "3.0", "2", "4.0")]))
    nine = next(r for r in g.reports(TID) if r.source == "9")
    assert nine.observed and nine.via == ("1",) and nine.published == START + timedelta(minutes=3)
    assert g.corroboration(TID).independent == 1  # not a second origin


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("['1', '2', '0.0']->['3', '4', '0.0']\n", r"line 1: the first edge's parent must be ROOT"),
        (
            tree_text("1", []) + "['ROOT', 'ROOT', '0.0']->['5', '1', '0.0']\n",
            r"line 2: the parent",
        ),
        (tree_text("1", []) + "['1', '2', '0.0']->['ROOT', '2', '0.0']\n", r"line 2: the child"),
        (
            tree_text("1", []) + "['1', '2', '0.0']->['5', '2', 'soon']\n",
            r"line 2: the edge must be",
        ),
        (
            tree_text("1", []) + "['1', '2', '0.0'] -> ['5', '2', '1']\n",
            r"line 2: the edge must be",
        ),
        (
            tree_text("1", []) + "['1', '2', '0.0']->['5', '2', '1e999']\n",
            r"line 2: the time offset",
        ),
        (tree_text("1", []) + "__import__('os')\n", r"line 2: the edge must be"),
    ],
)
def test_a_bad_line_is_one_error_naming_file_and_line(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / f"{TID}.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match=says) as error:
        load(path, format="cascade")
    assert str(error.value).startswith(str(path))


# ---------------------------------------------------------------- DeepHawkes lines

# The example line of Xovee/casflow dataset/README.md (a Weibo cascade).
CASFLOW = (
    "24800\t1849561\t1464745294\t17\t1849561:0 1849561/1849561/1849562:36100 "
    "1849561/1849561/420444:31422 1849561/1849561/601421:29156 1849561/1849561/1445451:26631 "
    "1849561/1849561:26332 1849561/1445451:18869 1849561/125921/545519/619369:18307 "
    "1849561/538011:14565 1849561/1849563:4295 1849561/125921/467482:3655 1849561/85207:2501 "
    "1849561/125921/545519:7698 1849561/601595:1739 1849561/1849564:900 1849561/125921:350 "
    "1849561/1299382:360\n"
)


def test_a_deephawkes_line_is_one_cascade_each_retweet_via_its_path(tmp_path: Path) -> None:
    path = tmp_path / "dataset_weibo.txt"
    path.write_text(CASFLOW, encoding="utf-8")
    assert format_of(path).key == "cascade"
    g, notes = noted(path)
    claim = "dataset_weibo:24800"
    reports = {r.source: r for r in g.reports(claim)}
    start = datetime.fromtimestamp(1464745294, tz=timezone.utc)
    assert reports["1849561"].firsthand and reports["1849561"].published == start
    assert reports["619369"].via == ("545519",)  # 1849561/125921/545519/619369
    assert reports["467482"].via == ("125921",)
    assert reports["1849562"].via == ("1849561",)  # the root repeated in the path
    both = reports["1445451"]  # retweeted twice: the earliest time, every parent
    assert both.via == ("1849561",) and both.published == start + timedelta(seconds=18869)
    assert len(reports) == 15 and g.corroboration(claim).independent == 1  # 14 and the root
    assert "1 edge(s) into a cascade's root account left out" in notes  # 1849561/1849561


def test_a_path_through_an_unlisted_account_is_via_the_nearest_listed_one(tmp_path: Path) -> None:
    path = tmp_path / "cascades.txt"
    path.write_text(
        "7\t1\t1464745294\t4\t1:0 1/2:10 1/2/3/4:30 1/-1/5:40 1/-1:50\n", encoding="utf-8"
    )
    g, notes = noted(path, format="cascade")
    vias = {r.source: r.via for r in g.reports("cascades:7")}
    assert vias == {"1": (), "2": ("1",), "4": ("2",), "5": ("1",)}  # 3 and -1: unlisted
    assert "2 path(s) through an account" in notes and "1 retweet(s) by an unknown" in notes
    assert "retweet count differs" in notes


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("7\t1\t1464745294\t1\t1:0\n8\t1\t5\t1\n", r"line 2: the line must be 5 tab-sep"),
        ("7\t1\t1464745294\t1\n", r"line 1: not a cascade file"),
        ("7\t1\t1464745294\t1\t1:0\n8\t1\tsoon\t1\t1:0\n", r"line 2: publish time must be"),
        ("7\t1\t1464745294\t2\t1:0 1/2:later\n", r"line 1: a retweet must be user/"),
        ("7\t1\t1464745294\t2\t1:0 3/2:10\n", r"line 1: a retweet must be a path from the root"),
        ("7\t1\t1464745294\t1\t1:0\n7\t1\t1464745294\t1\t1:0\n", r"line 2: the cascade id must"),
    ],
)
def test_a_bad_deephawkes_line_is_one_error(tmp_path: Path, line: str, says: str) -> None:
    path = tmp_path / "cascades.txt"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(FormatError, match=says):
        load(path, format="cascade")


# ---------------------------------------------------------------- folders and detection


def test_a_folder_reads_its_txt_files_only_and_follows_no_link(tmp_path: Path) -> None:
    folder = tmp_path / "tree"
    folder.mkdir()
    write_tree(folder, "1", [("1", "0.0", "2", "1.0")])
    write_tree(folder, "5", [("5", "0.0", "6", "1.0")], tweet="524932935137628161")
    outside = write_tree(tmp_path, "8", [("8", "0.0", "9", "1.0")], tweet="524932935137628162")
    os.symlink(outside, folder / "linked.txt")
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / "more").mkdir()
    (tmp_path / "label.txt").write_text(f"true:{TID}\n", encoding="utf-8")
    assert format_of(folder).key == "cascade"
    g, notes = noted(folder)
    assert "1 symbolic link(s), not followed" in notes and "1 folder(s)" in notes
    assert "1 file(s) not ending in .txt" in notes
    assert sorted(c.id for c in g.claims) == [TID, "524932935137628161"]


def test_a_folder_with_no_cascade_or_a_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no cascade file"):
        load(tmp_path, format="cascade")
    (tmp_path / "label.txt").write_text(f"true:{TID}\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"label\.txt, line 1: not a cascade file"):
        load(tmp_path, format="cascade")
    assert not cascade.holds_cascades(tmp_path)


def test_cascade_files_are_detected_and_nothing_else(tmp_path: Path) -> None:
    assert cascade.detect(head_of(write_tree(tmp_path, "1", [])))
    others = {
        "story.json": '{"version": 1, "sources": [], "claims": [], "reports": []}',
        "reports.csv": "source,claim,via\na,c,\n",
        "reports.tsv": "source\tclaim\tvia\tpublished\thedge\na\tc\t\t2024\tasserted\n",
        "label.txt": f"true:{TID}\n",
        "edge.txt": "['1', '2', '0.0']->['3', '4', '0.0']\n",  # no ROOT: not a tree's start
    }
    for name, text in others.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert not cascade.detect(head_of(tmp_path / name)), name


def test_claims_by_text_do_not_apply_to_cascades(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="hold no text"):
        load(write_tree(tmp_path, "1", []), claims="text")


# ---------------------------------------------------------------- the command line


def test_the_cli_checks_renders_and_converts_a_tree_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "tree"
    folder.mkdir()
    write_tree(folder, "1", [("1", "0.0", str(n), "1.0") for n in range(2, 6)])
    assert main(["check", str(folder)]) == 0
    assert TID in capsys.readouterr().out
    assert main(["check", "--json", "--from", "cascade", str(folder / f"{TID}.txt")]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["independent"] == 1 and "echo" in row["flags"]
    assert main(["render", str(folder), "-o", str(tmp_path / "page.html")]) == 0
    assert main(["convert", str(folder), str(tmp_path / "story.yaml")]) == 0
    assert load(tmp_path / "story.yaml") == load(folder)
    bad = tmp_path / "bad.txt"
    bad.write_text(tree_text("1", []) + "nonsense\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--from", "cascade", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 2: the edge must be" in err
