"""Nothing lost, nothing crashes: bounded work, one-line errors, careful saves."""

from __future__ import annotations

import copy
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

import provenance as pv
from provenance._text import printable
from provenance.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "pow_article.yaml")


NODE_LINK = '{"graph": %s, "nodes": %s, "edges": [], "directed": true, "multigraph": true}'


GRAPHML_VIA = (
    '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    '<key id="k" for="node" attr.name="kind" attr.type="string"/>'
    '<key id="v" for="edge" attr.name="via" attr.type="string"/>'
    '<key id="r" for="edge" attr.name="relation" attr.type="string"/>'
    '<graph edgedefault="directed"><node id="a"><data key="k">source</data></node>'
    '<node id="c"><data key="k">claim</data></node>'
    '<edge source="a" target="c"><data key="r">reports</data><data key="v">%s</data></edge>'
    "</graph></graphml>"
)


def load_error(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(pv.FormatError) as info:
        pv.load(path)
    message = str(info.value)
    assert "\n" not in message
    return message


# ---------------------------------------------------------------- bounded work


def test_nested_yaml_aliases_are_walked_once(tmp_path: Path) -> None:
    # Nine levels of ten aliases each: written out, a billion leaves. Read as a graph of
    # nodes, ninety-one.
    levels = ["g0: &g0 [a, a, a, a, a, a, a, a, a, a]"]
    levels += [f"g{i}: &g{i} [{', '.join([f'*g{i - 1}'] * 10)}]" for i in range(1, 10)]
    message = load_error(tmp_path, "bomb.yaml", "version: 2\n" + "\n".join(levels) + "\n")
    assert "unknown key 'g0'" in message


def test_a_long_relay_chain_has_its_common_links_in_one_pass() -> None:
    n = 20_000
    g = pv.ProvenanceGraph()
    g.add_sources({"id": f"s{i}"} for i in range(n))
    g.add_claim("c")
    g.add_chain("c", [f"s{i}" for i in range(n)])
    c = g.corroboration("c")
    assert c.common_links == tuple(f"s{i}" for i in range(n - 1))
    assert c.explain().startswith("1 proven independent line: s0 via s1 → s2")


# ---------------------------------------------------------------- one error, one line


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("date.yaml", "version: 2\ntitle: 2024-02-30\n", "day is out of range for month"),
        ("month.yaml", "version: 2\ntitle: 2024-13-01\n", "month must be in 1..12"),
        ("hour.yaml", "version: 2\ntitle: 2024-01-01 25:00:00\n", "hour must be in 0..23"),
        ("offset.yaml", "version: 2\ntitle: 2024-01-01 10:00:00+25:00\n", "offset must be"),
        ("via.graphml", GRAPHML_VIA % ("[" * 100_000), "bad attribute value (RecursionError"),
        ("keys.yaml", "version: 2\nreports: []\nreports: []\n", "line 3: malformed YAML: key"),
        ("deep.yaml", "version: 2\ntitle: " + "[" * 6000 + "]" * 6000 + "\n", "nested too deep"),
        ("deeper.yaml", "[" * 100_000, "MAX_YAML_DEPTH = 100"),  # libyaml's composer: a crash
        ("dashes.yaml", "- " * 100_000 + "x", "nested too deep"),
        ("keys.json", '{"version": 2, "claims": [], "claims": []}', "key 'claims' is given twice"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deep"),
        ("number.json", '{"version": ' + "9" * 5000 + "}", "Exceeds the limit (4300 digits)"),
        ("row.jsonl", '{"source": "a", "source": "b", "claim": "c"}\n', "line 1: malformed JSON"),
        ("key.yaml", "version: 2\ntitle]: x\n", "line 2, title]: unknown key 'title]'"),
        (
            "flat.nodelink.json",
            (NODE_LINK % ("{}", "[]"))[:-6] + "false}",
            "directed with parallel",
        ),
        ("null.nodelink.json", NODE_LINK % ("{}", '[{"id": null}]'), "None cannot be a node"),
        ("list.nodelink.json", NODE_LINK % ("[1]", "[]"), "graph attributes must be a mapping"),
    ],
)
def test_malformed_files_are_one_format_error(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    assert expected in load_error(tmp_path, name, text)


def test_what_is_no_regular_file_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "story.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(pv.FileAccessError, match="not a regular file"):
        pv.load(link)


def test_a_file_over_the_size_limit_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance import _files

    story = tmp_path / "story.yaml"
    story.write_text("version: 2\nsources: [{id: a}]\n#" + "-" * 200 + "\n", encoding="utf-8")
    monkeypatch.setattr(_files, "MAX_FILE_BYTES", story.stat().st_size)
    assert [s.id for s in pv.load(story).sources] == ["a"]  # at the limit: read
    monkeypatch.setattr(_files, "MAX_FILE_BYTES", story.stat().st_size - 1)
    with pytest.raises(pv.FileAccessError, match=r"story\.yaml.*232 bytes, over the limit of 231"):
        pv.load(story)


def test_text_no_file_can_hold_is_refused_at_the_api() -> None:
    g = pv.ProvenanceGraph()
    with pytest.raises(pv.ValidationError, match="U\\+D800, a lone surrogate"):
        g.add_source("a", name="bad \ud800")
    g.add_source("a")
    g.add_claim("c")
    with pytest.raises(pv.ValidationError, match="quote holds U\\+DFFF"):
        g.add_report("a", "c", quote="\udfff")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: g.add_reports(None), "rows must be a list"),
        (lambda g: g.add_sources({"id": "a"}), "rows must be a list"),
        (lambda g: g.to_html(title=5), "title must be a string"),
        (lambda g: g.save(5), "a file path must be a string or path-like"),
        (lambda g: g.save("story\x00.yaml"), "without NUL characters"),
    ],
)
def test_wrong_types_at_the_api_are_the_library_errors(call: object, message: str) -> None:
    with pytest.raises(pv.ValidationError, match=message):
        call(pv.ProvenanceGraph())  # type: ignore[operator]


def test_excel_csv_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    path = tmp_path / "story.csv"
    path.write_bytes("\ufeffsource,claim,via\r\narticle,troops,us;kr\r\n".encode())
    assert pv.load(path).corroboration("troops").independent == 2


# ---------------------------------------------------------------- saves


def test_saving_through_a_link_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    pv.ProvenanceGraph().save(real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    g = pv.load(SEED)
    g.save(link)
    assert link.is_symlink()
    assert pv.load(real) == g


def test_a_new_file_gets_the_umask_and_a_read_only_one_is_not_written(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        path = pv.ProvenanceGraph().save(tmp_path / "new.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o444)
    with pytest.raises(pv.FileAccessError, match="read-only"):
        pv.ProvenanceGraph().save(path)


def test_a_killed_saves_temporaries_and_only_those_are_cleaned_by_the_next(
    tmp_path: Path,
) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    token = "0123456789abcdef"
    dead = tmp_path / f".story.yaml.{gone}.{token}.tmp"  # its process is gone
    running = tmp_path / f".story.yaml.{os.getpid()}.{token}.tmp"  # a save in progress
    kept = [
        running,
        tmp_path / ".story.yaml.2023.tmp",  # a user's file of another shape
        tmp_path / ".story.yaml.abc123.tmp",
        tmp_path / f".story.yaml.{gone}.xyz.tmp",
        tmp_path / f".story.yaml.manifest.{gone}.{token}.tmp",  # another target's
        tmp_path / f".other.yaml.{gone}.{token}.tmp",
    ]
    past = time.time() - 3600
    for path in [dead, *kept]:
        path.write_text("half a story")
        os.utime(path, (past, past))  # old: age alone removes nothing
    pv.ProvenanceGraph().save(tmp_path / "story.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(p.name for p in kept), "story.yaml"]
    )


# ---------------------------------------------------------------- the terminal


def test_story_text_cannot_drive_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a\x1b[2J", name="A\x1b]0;pwned\x07")
    g.add_claim("c\nnext", "Text \x1b[31mred\x1b[0m")
    g.add_report("a\x1b[2J", "c\nnext", firsthand=True)
    path = str(g.save(tmp_path / "s.json"))
    assert main(["check", path]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "c\\nnext" in out and "\\x1b[31mred" in out
    assert main(["explain", path, "c\nnext"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x07" in out
    assert main(["explain", path, "no\nsuch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no\\nsuch" in err


def test_a_closed_pipe_ends_quietly() -> None:
    done = subprocess.run(
        f"{sys.executable} -m provenance check {SEED} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.startswith("claim")
    assert done.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "provenance", "check", SEED],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr == "provenance: error: cannot write the output: No space left on device\n"


# ---------------------------------------------------------------- text, exactly

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Any character a file could hold (surrogates the API refuses), with the awkward ones
# drawn often: CR, NEL, the line and paragraph separators, C0 controls, BOM, U+FFFF.
AWKWARD = st.sampled_from(list("\r\n\x85\u2028\u2029\x00\x01\x1b\x7f\ufeff\uffff\t\"';,<&"))
ANY_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"]) | AWKWARD, min_size=0, max_size=12
) | st.just("x" * 140_000)


@settings(
    max_examples=int(os.environ.get("PROVENANCE_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(quote=ANY_TEXT, kind=ANY_TEXT, words=ANY_TEXT, text=ANY_TEXT)
@pytest.mark.parametrize("suffix", pv.formats.SUFFIXES)
def test_every_text_comes_back_exactly_or_is_refused_at_save(
    tmp_path: Path, suffix: str, quote: str, kind: str, words: str, text: str
) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("a", kind=kind)
    g.add_claim("c")
    g.add_report("a", "c", quote=quote, hedge="uncertain", hedge_text=words, text=text)
    path = tmp_path / f"story{suffix}"
    try:
        g.save(path)
    except pv.FormatError as error:  # the format cannot hold the value: it says so
        refused = str(error)
    else:
        refused = ""
    assert "\n" not in refused
    if refused:
        return
    again = pv.load(path)
    assert again == g
    report = again.report("a", "c")
    assert (report.quote, report.hedge_text, report.text) == (quote, words, text)
    assert again.source("a").kind == kind


# ---------------------------------------------------------------- killed saves

SAVER = """
import sys
import provenance as pv
from benchmarks.synthetic import corpus
path, which = sys.argv[1], 0
graphs = [corpus(1500, seed=seed).graph() for seed in (1, 2)]
print("ready", flush=True)
while True:
    graphs[which].save(path)
    which = 1 - which
"""


@pytest.mark.parametrize("suffix", pv.formats.SUFFIXES)
def test_a_save_killed_anywhere_leaves_a_whole_story(tmp_path: Path, suffix: str) -> None:
    import signal

    from benchmarks.synthetic import corpus

    path = tmp_path / f"story{suffix}"
    whole = [corpus(1500, seed=seed).graph() for seed in (1, 2)]
    rng = random.Random(suffix)
    kills = int(os.environ.get("PROVENANCE_KILLS", "3"))
    outcomes = {"whole": 0}
    for _ in range(kills):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], cwd=ROOT, stdout=subprocess.PIPE
        )
        assert saver.stdout is not None and saver.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.05, 1.0))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        if not path.exists():
            continue  # killed before its first save ended
        try:
            got, refusal = pv.load(path), ""
        except pv.FormatError as error:  # tables caught between two renames
            got, refusal = None, str(error)
        assert refusal == ""
        assert got in whole  # never half of one, never a blend
        outcomes["whole"] += 1
    print(f"\n{suffix}: {kills} kills, {outcomes}")  # shown with -s
    whole[0].save(path)  # the next save makes it whole and clears what the kills left
    assert pv.load(path) == whole[0]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------- damaged files

# Pieces of every syntax the readers parse, spliced in where the damage falls.
SPLICES = [b"[", b"]", b"{", b"}", b"null", b"-1", b"1e999", b"NaN", b'"', b"'", b",", b":",
           b"\n", b"- ", b"&a", b"*a", b"<", b"&#0;", b"\x00", b"\xff", b"\xc3", b"9" * 5000,
           b"!!python/object:os.system", b"[" * 60_000]  # fmt: skip
VALUES: list[object] = [None, [], {}, [1], {"a": 1}, -1, 10**400, 1.5, "", "x", True,
                        "2026-13-45", [[[[]]]], "\x00", "reports"]  # fmt: skip


def damage(data: bytes, rng: random.Random) -> bytes:
    """`data` cut, spliced, flipped, repeated, re-encoded or nested, as files arrive."""
    how = rng.randrange(7)
    i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    if how == 0:
        return data[:i]
    if how == 1:
        return data[:i] + rng.choice(SPLICES) + data[i:]
    if how == 2 and data:
        return data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
    if how == 3:
        return data[:i] + data[j:]
    if how == 4:
        return data[:j] + data[i:j] + data[j:]
    if how == 5:
        encoding = rng.choice(["utf-16", "utf-32", "latin-1", "cp1252"])
        return data.decode("utf-8", "replace").encode(encoding, "replace")
    return b"[" * rng.choice([10, 1000, 100_000]) + data


def wrong_value(rng: random.Random) -> object:
    return copy.deepcopy(rng.choice(VALUES))  # a fresh one: a later damage may change it


def damage_json(value: object, rng: random.Random) -> object:
    """`value` with one place inside set to a wrong value, removed, or added to."""
    places: list[tuple[Any, Any]] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        keys = (
            list(item)
            if isinstance(item, dict)
            else range(len(item))
            if isinstance(item, list)
            else []
        )
        for key in keys:
            places.append((item, key))
            stack.append(item[key])
    if not places:
        return wrong_value(rng)
    parent, key = rng.choice(places)
    how = rng.randrange(3)
    if how == 0:
        parent[key] = wrong_value(rng)
    elif how == 1:
        del parent[key]
    elif isinstance(parent, dict):
        parent[f"extra{rng.randrange(9)}"] = wrong_value(rng)
    else:
        parent.append(wrong_value(rng))
    return value


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed story saved in every format, manifests removed (so the damage is read)."""
    folder = tmp_path_factory.mktemp("saved")
    for suffix in pv.formats.SUFFIXES:
        pv.load(SEED).save(folder / f"story{suffix}")
    for manifest in folder.glob("*.manifest"):
        manifest.unlink()
    return folder


@settings(
    max_examples=int(os.environ.get("PROVENANCE_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False), times=st.integers(1, 3))
@pytest.mark.parametrize("suffix", pv.formats.SUFFIXES)
def test_a_damaged_file_loads_or_is_one_line_and_exit_2(
    saved: Path, capsys: pytest.CaptureFixture[str], suffix: str, rng: random.Random, times: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for part in saved.glob(f"story*{suffix}"):
            shutil.copy(part, folder)
        parts = sorted(Path(folder).iterdir())
        part = rng.choice(parts)  # a table set: any of its files
        data = part.read_bytes()
        if part.name.endswith("json") and rng.random() < 0.6:  # wrong values, well-formed
            value = json.loads(data)
            for _ in range(times):
                value = damage_json(value, rng)
            data = json.dumps(value).encode()
        else:
            for _ in range(times):
                data = damage(data, rng)
        part.write_bytes(data)
        path = Path(folder) / f"story{suffix}"
        with warnings.catch_warnings(record=True) as caught:  # records a reader left out
            warnings.simplefilter("always", pv.ProvenanceWarning)
            try:
                pv.load(path)
            except (pv.FormatError, pv.FileAccessError) as error:  # the latter: not UTF-8
                refusal = str(error)
            else:
                refusal = ""
        notes = "".join(
            f"provenance: note: {printable(str(w.message))}\n"
            for w in caught
            if issubclass(w.category, pv.ProvenanceWarning)  # not networkx's own
        )
        capsys.readouterr()
        status = main(["check", str(path)])
        said = capsys.readouterr().err
    assert "\n" not in refusal
    if refusal:
        assert status == 2 and said.startswith("provenance: error: ") and said.count("\n") == 1
        if "sys.getrecursionlimit()" not in said:  # how deep json's decoder gets before
            assert said == f"provenance: error: {printable(refusal)}\n"  # it depends on the stack
    else:  # loaded: nothing said, or what was left out, each in one line
        assert (status, said) == (0, notes)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_table_set_interrupted_between_renames_is_finished_by_the_next_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    old, new = pv.load(SEED), pv.load(SEED)
    new.add_report("zelenskyy", "capture", hedge="reportedly")
    path = tmp_path / f"story{suffix}"
    old.save(path)
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
    assert (tmp_path / f".story{suffix}.journal").exists()
    assert pv.load(path) == new
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_table_set_whose_renames_fail_says_so_and_is_finished_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = pv.load(SEED), pv.load(SEED)
    new.add_report("zelenskyy", "capture", hedge="reportedly")
    path = tmp_path / "story.csv"
    old.save(path)
    replace, calls = os.replace, [0]

    def disk_full_after_two(source: str, target: str) -> None:
        calls[0] += 1
        if calls[0] == 3:  # the journal and one table renamed
            raise OSError(28, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(os, "replace", disk_full_after_two)
    with pytest.raises(pv.FileAccessError) as info:
        new.save(path)
    monkeypatch.undo()
    assert "No space left on device; the next load or save finishes this save" in str(info.value)
    assert "story.claims.csv" in str(info.value)  # the journal, the sources, then this one
    assert pv.load(path) == new


def test_a_story_cut_short_anywhere_is_refused(tmp_path: Path) -> None:
    whole = (ROOT / "examples" / "pow_article.yaml").read_text(encoding="utf-8")
    pv.load(SEED).save(tmp_path / "whole.yaml")
    saved = (tmp_path / "whole.yaml").read_text(encoding="utf-8")
    assert whole  # the example itself, hand-written, has no counts and loads
    for fraction in (0.5, 0.9, 0.999):
        cut = saved[: saved.rindex("\n", 0, int(len(saved) * fraction)) + 1]  # a whole line
        load_error(tmp_path, "cut.yaml", cut)


def test_implicit_reports_nobody_cites_are_kept_in_every_format(tmp_path: Path) -> None:
    g = pv.ProvenanceGraph()
    g.add_sources([{"id": "a"}, {"id": "b"}])
    g.add_claim("c")
    implicit = {"implicit": True, "observed": False, "firsthand": True, "hedge": "uncertain"}
    g.add_reports([{"source": "a", "claim": "c", **implicit}, {"source": "b", "claim": "c"}])
    for suffix in pv.formats.SUFFIXES:
        again = pv.load(g.save(tmp_path / f"story{suffix}"))
        assert again == g, suffix
        assert again.corroboration("c").to_dict() == g.corroboration("c").to_dict(), suffix


class Name(str):
    """A str subclass, as an ORM or a templating library hands over."""


def test_text_of_a_str_subclass_saves_as_text(tmp_path: Path) -> None:
    g = pv.ProvenanceGraph(title=Name("A title"))
    g.add_source(Name("a"), name=Name("Agency"))
    g.add_claim(Name("c"), Name("It happened"))
    g.add_report("a", "c", quote=Name("it happened"), firsthand=True)
    for suffix in pv.formats.SUFFIXES:
        again = pv.load(g.save(tmp_path / f"story{suffix}"))
        assert again == g and again.claim("c").text == "It happened", suffix


def test_libyaml_parses_where_pyyaml_has_it() -> None:
    import yaml

    from provenance.formats.syntax import _loader

    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(_loader(yaml), yaml.CSafeLoader)
