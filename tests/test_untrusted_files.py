"""Files from others: nothing a file says may act outside its own set.

A folder a colleague sends may hold a journal of an interrupted save, a manifest, sibling
tables, FIFOs and links. Reading it may finish a save of *that* set — only with the
temporaries that save wrote, holding what it recorded — and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "pow_article.yaml")
TOKEN = "0123456789abcdef"
MEMBERS = [
    "story.sources.csv",
    "story.claims.csv",
    "story.csv",
    "story.contradictions.csv",
    "story.suspected.csv",
    "story.csv.manifest",
]


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: a file's bytes, a link's target, a FIFO's kind."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_fifo():
            found[name] = "fifo"
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def entry(temporary: str, member: str, data: bytes) -> dict[str, object]:
    return {
        "temporary": temporary,
        "member": member,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def journal_of(entries: Sequence[object]) -> str:
    return json.dumps({"provenance-graph journal": entries})


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the set, that nothing read inside the set may touch."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("the user's own\n")
    return home / ".bashrc"


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """The seed story saved as a CSV table set in its own folder."""
    folder = tmp_path / "story"
    folder.mkdir()
    return pv.load(SEED).save(folder / "story.csv")


def refused(path: Path, *, match: str) -> None:
    with pytest.raises(pv.FormatError, match=match) as info:
        pv.load(path)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------- journals


def test_the_planted_journal_of_the_issue_renames_nothing(story: Path, victim: Path) -> None:
    folder = story.parent
    (folder / "notes.txt").write_text("attacker's\n")
    (folder / ".story.csv.journal").write_text(json.dumps([["notes.txt", str(victim)]]))
    before = snapshot(folder.parent)
    refused(story, match=r"\.story\.csv\.journal: not a journal this library writes")
    for call in (
        lambda: pv.read_reports(story),
        lambda: pv.assess_table(story),
        lambda: pv.load(SEED).save(story),
    ):
        with pytest.raises(pv.FormatError, match="nothing was renamed"):
            call()
    assert main(["check", str(story)]) == 2
    assert snapshot(folder.parent) == before


@pytest.mark.parametrize(
    ("temporary", "member"),
    [
        ("notes.txt", "story.csv"),  # not a temporary this library writes
        (f".story.csv.42.{TOKEN}.tmp", "../home/.bashrc"),  # out of the folder
        (f".story.csv.42.{TOKEN}.tmp", "{victim}"),  # an absolute path
        (f"../story/.story.csv.42.{TOKEN}.tmp", "story.csv"),
        (f".story.csv.42.{TOKEN}.tmp", "story.claims.csv"),  # another member's temporary
        (f".notes.txt.42.{TOKEN}.tmp", "notes.txt"),  # not a member of the set
        (".story.csv.2023.tmp", "story.csv"),  # a user's file of a near shape
        (f".story.csv.42.{TOKEN}.tmp", ""),
        (f".story.csv.42.{TOKEN}.tmp", "story.csv\x00"),
    ],
)
def test_a_journal_entry_not_of_the_set_renames_nothing(
    story: Path, victim: Path, temporary: str, member: str
) -> None:
    folder = story.parent
    member = member.replace("{victim}", str(victim))
    data = b"source,claim\r\nattacker,c\r\n"
    if "/" not in temporary:
        (folder / temporary).write_bytes(data)
    (folder / ".story.csv.journal").write_text(journal_of([entry(temporary, member, data)]))
    before = snapshot(folder.parent)
    refused(story, match="is not a rename of a temporary to a member of this set")
    assert snapshot(folder.parent) == before


def test_a_temporary_that_does_not_hold_what_was_recorded_is_not_renamed(story: Path) -> None:
    folder = story.parent
    temporary = f".story.csv.42.{TOKEN}.tmp"
    (folder / temporary).write_bytes(b"source,claim\r\nattacker,c\r\n")
    recorded = entry(temporary, "story.csv", b"source,claim\r\nhonest,c\r\n")
    (folder / ".story.csv.journal").write_text(journal_of([recorded]))
    before = snapshot(folder)
    refused(story, match="its temporary does not hold what the save wrote; nothing was renamed")
    assert snapshot(folder) == before


def test_a_missing_temporary_is_never_skipped_silently(story: Path) -> None:
    folder = story.parent
    gone = entry(f".story.csv.42.{TOKEN}.tmp", "story.csv", b"not what story.csv holds")
    (folder / ".story.csv.journal").write_text(journal_of([gone]))
    refused(story, match="its temporary is gone and the member is not what it says")


@pytest.mark.parametrize("link", [True, False])
def test_a_temporary_that_is_a_link_or_fifo_is_not_renamed(
    story: Path, victim: Path, link: bool
) -> None:
    folder = story.parent
    temporary = folder / f".story.csv.42.{TOKEN}.tmp"
    if link:
        temporary.symlink_to(victim)
    else:
        os.mkfifo(temporary)
    recorded = entry(temporary.name, "story.csv", victim.read_bytes())
    (folder / ".story.csv.journal").write_text(journal_of([recorded]))
    before = snapshot(folder.parent)
    refused(story, match="its temporary is not a regular file")
    assert snapshot(folder.parent) == before


def interrupted(path: Path, monkeypatch: pytest.MonkeyPatch) -> pv.ProvenanceGraph:
    """Save a changed seed story over the set at `path`, killed after two renames."""
    new = pv.load(SEED)
    new.add_report("zelenskyy", "capture", hedge="reportedly")
    replace, calls = os.replace, [0]

    def killed_after_three(source: str, target: str) -> None:
        calls[0] += 1
        if calls[0] > 3:  # the journal and two tables renamed, then the kill
            raise KeyboardInterrupt
        replace(source, target)

    monkeypatch.setattr(os, "replace", killed_after_three)
    with pytest.raises(KeyboardInterrupt):
        new.save(path)
    monkeypatch.undo()
    assert (path.parent / ".story.csv.journal").exists()
    return new


def test_an_interrupted_save_read_from_elsewhere_finishes_in_its_own_folder(
    story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    relative = Path(os.path.relpath(story, ROOT))  # saved by a relative name
    monkeypatch.chdir(ROOT)
    new = interrupted(relative, monkeypatch)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pv.ProvenanceGraph().save(elsewhere / "story.csv")
    before = snapshot(elsewhere)
    monkeypatch.chdir(elsewhere)  # a story.csv here too, that the journal must not touch
    assert pv.load(story) == new
    assert snapshot(elsewhere) == before
    assert not (story.parent / ".story.csv.journal").exists()


def test_a_backup_of_an_interrupted_save_finishes_its_own_tables(
    story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = interrupted(story, monkeypatch)
    backup = tmp_path / "backup"
    shutil.copytree(story.parent, backup, symlinks=True)
    newest = pv.load(story)  # finishes the original's save
    newest.add_claim("later", "A claim added after the backup")
    newest.save(story)
    original = snapshot(story.parent)
    assert pv.load(backup / "story.csv") == new  # the copy finishes its own renames
    assert snapshot(story.parent) == original
    assert pv.load(story) == newest


def test_a_save_into_a_set_with_a_linked_member_is_refused(story: Path, victim: Path) -> None:
    (story.parent / "story.claims.csv").unlink()
    (story.parent / "story.claims.csv").symlink_to(victim)
    before = victim.read_bytes()
    with pytest.raises(pv.FileAccessError, match="symbolic link"):
        pv.load(SEED).save(story)
    assert victim.read_bytes() == before


# ---------------------------------------------------------------- manifests


@pytest.mark.parametrize("name", ["../home/.bashrc", "{victim}", "", "story\x00.csv", "x.csv"])
def test_a_manifest_naming_a_file_outside_the_set_is_refused(
    story: Path, victim: Path, name: str
) -> None:
    manifest = story.parent / "story.csv.manifest"
    data = json.loads(manifest.read_text())
    data["files"][name.replace("{victim}", str(victim))] = {"bytes": 1, "sha256": "0"}
    manifest.write_text(json.dumps(data))
    refused(story, match="which is not a table of this set")
    assert main(["check", str(story)]) == 2


# ---------------------------------------------------------------- what is no file


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own: a hang fails the test instead of the run."""
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize(
    "name", [".story.csv.journal", "story.csv.manifest", "story.claims.csv", "story.csv"]
)
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_device_in_a_set_is_refused_without_waiting(
    story: Path, name: str, kind: str
) -> None:
    planted = story.parent / name
    planted.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(planted)
    else:
        planted.symlink_to("/dev/zero")
    done = run_cli("check", str(story), cwd=story.parent)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["story.yaml", "story.json", "story.jsonl", "story.prov.json"])
def test_a_story_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    done = run_cli("check", name, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "not a regular file" in done.stderr


def test_a_csv_line_without_end_is_refused_at_the_line_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance import _files

    monkeypatch.setattr(_files, "MAX_LINE_CHARS", 100)
    path = tmp_path / "story.csv"
    path.write_text("source,claim,quote\r\na,c," + "x" * 200)
    with pytest.raises(pv.FormatError, match=r"story\.csv, line 2: a line longer than 100"):
        pv.read_reports(path)
    path.write_text("source,claim,quote\r\na,c," + "x" * 90 + "\r\n")
    assert [c.id for c in pv.read_reports(path).claims] == ["c"]


# ---------------------------------------------------------------- the example


def test_the_example_is_not_written_through_a_dangling_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pointed = tmp_path / "elsewhere.yaml"
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "pow_article.yaml").symlink_to(pointed)
    assert main(["example", "pow_article", "-o", str(tmp_path / "out")]) == 2
    assert "exists; not overwritten" in capsys.readouterr().err
    assert not pointed.exists()


# ---------------------------------------------------------------- spreadsheets


FORMULAS = ["=1+2", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "'quoted", "plain"]


def test_spreadsheet_safe_tables_neutralise_formulas_and_load_back_exactly(
    tmp_path: Path,
) -> None:
    g = pv.ProvenanceGraph()
    for i, text in enumerate(FORMULAS):  # ids too: the columnar reader must restore them
        start = text[0].strip() or "x"  # an id has no surrounding white space
        g.add_source(f"{start}s{i}", name=text)
        g.add_claim(f"{start}c{i}", text)
        g.add_report(f"{start}s{i}", f"{start}c{i}", quote=text, firsthand=True)
    (tmp_path / "plain").mkdir()
    plain = pv.save(g, tmp_path / "plain" / "s.csv")
    safe = g.save(tmp_path / "safe.csv", spreadsheet_safe=True)
    cells = [
        cell
        for table in ("safe.csv", "safe.sources.csv", "safe.claims.csv")
        for line in (tmp_path / table).read_text().splitlines()[1:]
        for cell in line.split(",")
    ]
    assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "'=1+2" in cells and "''quoted" in cells
    assert pv.load(safe) == g
    assert pv.load(plain) == g
    assert pv.assess_table(safe).equals(pv.assess_table(plain))


def test_spreadsheet_safe_is_for_csv_tables_only(tmp_path: Path) -> None:
    with pytest.raises(pv.ValidationError, match="spreadsheet_safe applies to .csv tables"):
        pv.load(SEED).save(tmp_path / "s.yaml", spreadsheet_safe=True)


# ---------------------------------------------------------------- planted, at random


NAMES = st.sampled_from(
    [
        *MEMBERS,
        "notes.txt",
        "../outside/victim.txt",
        "/dev/null",
        "",
        *(f".{m}.42.{TOKEN}.tmp" for m in MEMBERS[:3]),
        f".notes.txt.42.{TOKEN}.tmp",
        ".story.csv.2023.tmp",
    ]
)


HONEST = st.builds(
    lambda member, exists, holds: (f".{member}.42.{TOKEN}.tmp", member, exists, holds),
    st.sampled_from(MEMBERS[:3]),
    st.booleans(),
    st.booleans(),
)
"""An entry as a save writes it, whose temporary may be gone or hold something else."""


@settings(
    max_examples=int(os.environ.get("PROVENANCE_FUZZ_EXAMPLES", "25")) * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entries=st.lists(
        st.one_of(st.tuples(NAMES, NAMES, st.booleans(), st.booleans()), HONEST), max_size=4
    ),
    planted=st.sampled_from(["journal", "journal-fifo", "journal-device", "manifest-device"]),
)
def test_whatever_is_planted_nothing_outside_changes_and_renames_need_the_hashes(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[tuple[str, str, bool, bool]],
    planted: str,
) -> None:
    root = tmp_path_factory.mktemp("planted")
    (root / "outside").mkdir()
    (root / "outside" / "victim.txt").write_text("keep me\n")
    folder = root / "story"
    folder.mkdir()
    story = pv.load(SEED).save(folder / "story.csv")
    data = b"source,claim\r\nplanted,c\r\n"
    journal, renames = [], []
    for temporary, member, exists, matches in entries:
        if exists and "/" not in temporary and temporary and not (folder / temporary).exists():
            (folder / temporary).write_bytes(data)
        journal.append(entry(temporary, member, data if matches else b"other"))
        renames.append((temporary, member, exists and matches))
    where = folder / (
        ".story.csv.journal" if planted.startswith("journal") else "story.csv.manifest"
    )
    where.unlink(missing_ok=True)
    if planted.endswith("fifo"):
        os.mkfifo(where)
    elif planted.endswith("device"):
        where.symlink_to("/dev/zero")
    else:
        where.write_text(journal_of(journal))
    outside, before = snapshot(root / "outside"), snapshot(folder)
    try:
        pv.load(story)
        said = ""
    except pv.ProvenanceError as error:  # one line, never another exception
        said = str(error)
    assert "\n" not in said
    assert snapshot(root / "outside") == outside
    after = snapshot(folder)
    of_the_set = planted == "journal" and all(
        member in MEMBERS and temporary == f".{member}.42.{TOKEN}.tmp"
        for temporary, member, _ in renames
    )
    held = {member for temporary, member, holds in renames if holds}
    for name in before.keys() | after.keys():
        if after.get(name) != before.get(name):  # renamed or removed by finishing the journal
            assert of_the_set, (name, renames)
            assert name == ".story.csv.journal" or name in held or name.endswith(".tmp")
            assert name not in MEMBERS or after.get(name) == data
    if of_the_set and renames and all(holds for *_, holds in renames):
        assert not (folder / ".story.csv.journal").exists()  # finished: renamed, then gone
        assert all(after.get(member) == data for _, member, _ in renames)
