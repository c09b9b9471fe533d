"""The `provenance` command: called as main([...]) and as the installed script."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance as pv
from provenance.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "pow_article.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_prints_weakest_first(capsys) -> None:
    status, out, err = run(capsys, "check", SEED)
    assert status == 0 and err == ""
    rows = [line.split()[0] for line in out.splitlines()[1:]]
    assert rows[0] == "evacuated" and rows[-1] == "troops"


def test_check_json(capsys, tmp_path: Path) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("warshal", name="Варшал")
    g.add_claim("c", "Захоплено солдата")
    g.add_report("warshal", "c")
    _, out, _ = run(capsys, "check", str(g.save(tmp_path / "s.json")), "--json")
    assert '"text": "Захоплено солдата"' in out  # as written, not escaped
    assert "1 proven independent line: Варшал itself" in out
    status, out, _ = run(capsys, "check", SEED, "--json")
    results = {c["claim"]: c for c in json.loads(out)}
    assert status == 0
    assert results["injured"]["flags"] == ["single_source", "hedged"]
    assert results["injured"]["credibility"] == 4
    assert results["troops"]["independent"] == 3
    assert results["capture"]["lines"] == [["photos", "article"]]
    assert results["assaults"]["unsourced"] == ["article"]
    assert results["assaults"]["independent_max"] == 1


def test_fail_on_exits_1_naming_the_claims(capsys) -> None:
    status, _, err = run(capsys, "check", SEED, "--fail-on", "hedge_dropped,circular")
    assert status == 1
    assert err.strip() == (
        "provenance: check failed: 1 claim(s) flagged hedge_dropped, circular: "
        "first-capture (hedge_dropped)"
    )
    assert run(capsys, "check", SEED, "--fail-on", "circular,echo")[0] == 0


def test_explain(capsys) -> None:
    status, out, _ = run(capsys, "explain", SEED, "injured")
    assert status == 0
    assert out.strip() == pv.load(SEED).corroboration("injured").explain()


def test_render_and_convert(capsys, tmp_path: Path) -> None:
    page = tmp_path / "pow.html"
    status, out, _ = run(capsys, "render", SEED, "-o", str(page), "--claim", "injured")
    assert status == 0 and out.strip() == f"wrote {page}"
    text = page.read_text(encoding="utf-8")
    assert "<title>Ukrainians capture first North Korean POW</title>" in text
    assert "The captured North Korean soldier was injured" in text
    assert "10,000-12,000" not in text  # only the claim asked for
    assert run(capsys, "render", SEED, "-o", str(page), "--title", "<Desk> review")[0] == 0
    assert "<title>&lt;Desk&gt; review</title>" in page.read_text(encoding="utf-8")
    for suffix in (".json", ".prov.json", ".graphml", ".csv"):
        out_path = tmp_path / f"story{suffix}"
        assert run(capsys, "convert", SEED, str(out_path))[0] == 0
        assert pv.load(out_path) == pv.load(SEED)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "missing.yaml"], "provenance: error: cannot read 'missing.yaml': No such file"),
        (
            ["explain", SEED, "injurd"],
            "provenance: error: unknown claim 'injurd' (did you mean 'injured'?)",
        ),
        (["check", "story.txt"], "provenance: error: cannot tell the format of 'story.txt'"),
        (["render", SEED, "-o", "/nonexistent-dir/x.html"], "provenance: error: cannot write"),
        (["check", SEED, "--fail-on", "bogus"], "argument --fail-on: unknown flag 'bogus'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
        (["render", SEED], "the following arguments are required: -o/--output"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv: list[str], message: str) -> None:
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert err.count("provenance: error") + err.count(": error:") >= 1


@pytest.mark.parametrize(
    ("module", "argv", "message"),
    [
        ("yaml", ["check", SEED], "reading and writing YAML stories needs the 'PyYAML'"),
    ],
)
def test_a_missing_package_is_named_with_its_install_command(
    capsys, monkeypatch: pytest.MonkeyPatch, module: str, argv: list[str], message: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if uninstalled
    status, _, err = run(capsys, *argv)
    assert status == 2
    package = message.split("'")[1]
    assert err == (
        f"provenance: error: {message} package, which is not installed; "
        f"install it with: python -m pip install '{package}'\n"
    )


FORMATS = [".yaml", ".json", ".prov.json", ".graphml", ".nodelink.json", ".csv", ".jsonl"]
# A few bytes that break each format in a different way, and arbitrary ones.
DAMAGE = st.sampled_from([b"\x00", b"\xff", b"{", b"]", b",", b'"', b"\n", b"\r", b"<x>", b"&"])


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    suffix=st.sampled_from(FORMATS),
    table=st.sampled_from(["", ".sources", ".claims", ".contradictions"]),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 30), DAMAGE | st.binary(max_size=3)),
        min_size=1,
        max_size=4,
    ),
)
def test_damaged_files_end_in_one_line_never_a_traceback(
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    suffix: str,
    table: str,
    edits: list[tuple[float, int, bytes]],
) -> None:
    # Any file, or any sibling table of a report table, damaged anywhere.
    folder = tmp_path_factory.mktemp("damaged")
    story = folder / f"story{suffix}"
    pv.load(SEED).save(story)
    victim = folder / f"story{table}{suffix}" if suffix in (".csv", ".jsonl") else story
    data = bytearray(victim.read_bytes())
    for where, cut, insert in edits:
        at = int(where * len(data))
        data[at : at + cut] = insert
    victim.write_bytes(bytes(data))
    status, _, err = run(capsys, "check", str(story))
    assert status in (0, 2)  # the damage may leave a valid file
    if status == 2:
        (line,) = err.splitlines()
        assert line.startswith("provenance: error: ")


def test_bad_story_names_file_and_place(capsys, tmp_path: Path) -> None:
    story = tmp_path / "story.yaml"
    text = Path(SEED).read_text(encoding="utf-8").replace("via: [ua-intel]", "via: [ua-intell]")
    story.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "check", str(story))
    assert status == 2
    (line,) = err.splitlines()
    assert line.startswith(f"provenance: error: {story}, line ")
    assert "reports[11].via[0]: unknown source 'ua-intell' (did you mean 'ua-intel'?)" in line


def test_help_and_version(capsys) -> None:
    assert run(capsys, "--version")[1].strip() == f"provenance {pv.__version__}"
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "check" in out and "render" in out


@pytest.mark.parametrize("command", [["provenance"], [sys.executable, "-m", "provenance"]])
def test_installed_script(command: list[str], tmp_path: Path) -> None:
    if command == ["provenance"]:
        script = shutil.which("provenance")
        if script is None:
            pytest.skip("the console script is not on PATH (package not installed)")
        command = [script]
    ok = subprocess.run(
        [*command, "check", SEED, "--fail-on", "unsourced"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert ok.returncode == 1
    assert "assaults" in ok.stdout
    bad = subprocess.run(
        [*command, "explain", SEED, "nope"], capture_output=True, text=True, cwd=tmp_path
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("provenance: error: unknown claim 'nope'")
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    ("argv", "phases"),
    [
        (["check", SEED, "--suspect"], ["looking for copying", "scoring 11 claims", "writing"]),
        (["copies", SEED], ["looking for copying", "writing"]),
        (["explain", SEED, "troops"], ["explaining troops"]),
        (["convert", SEED, "{tmp}/story.csv"], ["writing {tmp}/story.csv"]),
        (["render", SEED, "-o", "{tmp}/page.html"], ["drawing {tmp}/page.html"]),
    ],
)
def test_progress_says_every_phase_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], phases: list[str]
) -> None:
    argv = [a.format(tmp=tmp_path) for a in argv]
    status, out, err = run(capsys, *argv, "--progress")
    said = [line.split("] ", 1)[1] for line in err.splitlines()]
    expected = [f"reading {SEED}", "read 12 sources, 11 claims, 27 reports"]
    expected += [p.format(tmp=tmp_path) for p in phases] + ["done"]
    assert status == 0 and out
    assert len(said) == len(expected)
    assert all(s.startswith(e) for s, e in zip(said, expected, strict=True)), said
    assert all(line.startswith("provenance: [") for line in err.splitlines())
    assert run(capsys, *argv)[2] == ""  # not a terminal, not asked: silent


def test_json_is_printed_item_by_item_as_one_dump_would(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    graph = pv.load(SEED)
    spread = pv.cascades(graph)
    items = [
        c.to_dict()
        | {"cascade": {k: v for k, v in spread[c.claim].to_dict().items() if k != "claim"}}
        for c in pv.weakest_first(graph.assess().values())
    ]
    status, out, _ = run(capsys, "check", SEED, "--json")
    assert status == 0 and out == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    empty = tmp_path / "empty.yaml"
    pv.ProvenanceGraph().save(empty)
    assert run(capsys, "check", str(empty), "--json")[1] == "[]\n"
    assert run(capsys, "copies", str(empty), "--json")[1] == "[]\n"


def test_numeric_looking_claim_ids_survive_graphml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV of tweet-like ids, converted to GraphML and checked: "007" stays "007"."""
    table = tmp_path / "t.csv"
    table.write_text("source,claim,firsthand\na,1,true\nb,007,true\n", encoding="utf-8")
    graphml = tmp_path / "t.graphml"
    assert main(["convert", str(table), str(graphml)]) == 0
    capsys.readouterr()
    assert main(["check", str(graphml), "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert sorted(row["claim"] for row in checked) == ["007", "1"]
    assert pv.load(graphml) == pv.load(table)


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("story.yaml", "", "the file is empty"),
        ("story.json", " \n", "the file is empty"),
        ("story.csv", "", "the file is empty"),
        ("story.graphml", "", "the file is empty"),
        ("story.yaml", "# nothing yet\n", "the file holds no story"),
    ],
)
def test_an_empty_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, said: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    error = capsys.readouterr().err
    assert said in error and "None" not in error
    assert error.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["check"], "the following arguments are required: story"),
        (["frob"], "invalid choice: 'frob'"),
        (
            ["check", "--fail-on", "singel_source", "examples/pow_article.yaml"],
            "unknown flag 'singel_source' (did you mean 'single_source'?)",
        ),
    ],
)
def test_a_usage_error_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    """As the docs promise: one line on stderr, exit 2, and where to read more."""
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert said in error and error.endswith("--help)\n") and error.count("\n") == 1


def test_check_takes_several_stories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A newsroom's `check stories/*.yaml --fail-on …`: each story under its name, every
    one checked, the failing claims named with their flags, the worst status."""
    clean = tmp_path / "clean.yaml"
    clean.write_text(
        "version: 2\nsources: [{id: a}, {id: b}]\nclaims: [{id: c, text: Fine}]\n"
        "reports:\n- {source: a, claim: c, firsthand: true}\n"
        "- {source: b, claim: c, firsthand: true}\n",
        encoding="utf-8",
    )
    seed = "examples/pow_article.yaml"
    assert main(["check", str(clean), seed, "--fail-on", "hedge_dropped"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"== {clean}\n") and f"\n== {seed}\n" in out
    assert err == (
        f"provenance: check failed: {seed}: 1 claim(s) flagged hedge_dropped: "
        "first-capture (hedge_dropped)\n"
    )
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert main(["check", str(empty), seed, "--fail-on", "hedge_dropped"]) == 2  # worst wins
    capsys.readouterr()
    assert main(["check", str(clean), seed, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["file"] for entry in listed] == [str(clean), seed]
    assert [c["claim"] for c in listed[0]["claims"]] == ["c"]


def test_convert_names_every_file_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "story.csv"
    assert main(["convert", "examples/pow_article.yaml", str(out)]) == 0
    said = capsys.readouterr().out.strip().removeprefix("wrote ").split(", ")
    assert sorted(said) == sorted(str(p) for p in tmp_path.iterdir())
    assert len(said) == 6 and said[-1].endswith(".manifest")


def test_render_draws_by_the_ending(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`render -o out.png` used to write HTML into a .png: now one line, nothing written;
    ``.svg`` is a static picture."""
    assert main(["render", "examples/pow_article.yaml", "-o", str(tmp_path / "out.png")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is neither a page (.html, .htm) nor a picture (.svg); PNG is not drawn" in err
    assert list(tmp_path.iterdir()) == []
    assert main(["render", "examples/pow_article.yaml", "-o", str(tmp_path / "out.svg")]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'out.svg'}\n"
    assert (tmp_path / "out.svg").read_text(encoding="utf-8").startswith("<?xml")
    story = pv.load("examples/pow_article.yaml")
    with pytest.raises(pv.ValidationError, match=r"out.svg.*does not end in .html or .htm"):
        story.to_html(tmp_path / "out.svg")
    with pytest.raises(pv.ValidationError, match=r"out.html.*does not end in .svg"):
        story.to_svg(tmp_path / "out.html")


def test_example_copies_the_seed_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The quick start after a plain install: the example is written, never over a file."""
    assert main(["example", "pow_article", "-o", str(tmp_path / "stories")]) == 0
    written = tmp_path / "stories" / "pow_article.yaml"
    assert capsys.readouterr().out == f"wrote {written}\n"
    assert pv.load(written) == pv.load("examples/pow_article.yaml")
    assert main(["example", "pow_article", "-o", str(tmp_path / "stories")]) == 2
    assert "exists; not overwritten" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("t.csv", "sorce,claim\na,c\n", "unknown column 'sorce' (did you mean 'source'?)"),
        ("t.yaml", "version: 2\nsorces: []\n", "unknown key 'sorces' (did you mean 'sources'?)"),
        (
            "t.json",
            '{"version": 2, "sources": [{"id": "a"}], "claims": [{"id": "c", "text": "t"}],'
            ' "reports": [{"source": "a", "claim": "c", "hegde": "x"}]}',
            "unknown Report field 'hegde' (did you mean 'hedge'?)",
        ),
    ],
)
def test_a_misspelt_field_gets_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, said: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert said in capsys.readouterr().err


def test_a_foreign_prov_document_loads_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.prov.json"
    path.write_text(
        json.dumps(
            {
                "agent": {"ex:tass": {"prov:label": "TASS"}},
                "entity": {"ex:item": {"prov:label": "A claim"}},
                "wasAttributedTo": {"_:1": {"prov:entity": "ex:item", "prov:agent": "ex:tass"}},
                "wasAssociatedWith": {"_:2": {"prov:activity": "ex:a", "prov:agent": "ex:tass"}},
            }
        )
    )
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f"provenance: note: {path}: 1 PROV record(s)")
    assert "wasAssociatedWith '_:2'" in captured.err
    assert "A claim" in captured.out


# ---------------------------------------------------------------- repeated options


def test_repeated_fail_on_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    """`--fail-on a --fail-on b` used to keep only b: a CI gate passed silently."""
    status, _, err = run(capsys, "check", SEED, "--fail-on", "hedge_dropped", "--fail-on", "echo")
    assert status == 1
    assert err == (
        "provenance: check failed: 1 claim(s) flagged hedge_dropped, echo: "
        "first-capture (hedge_dropped)\n"
    )
    repeated = [
        "--fail-on",
        "circular,hedge_dropped",
        "--fail-on",
        "circular",
        "--fail-on",
        "echo,",
    ]
    status, _, err = run(capsys, "check", SEED, *repeated)
    assert status == 1 and "flagged circular, hedge_dropped, echo: " in err  # each once
    assert run(capsys, "check", SEED, "--fail-on", "circular", "--fail-on", "echo")[0] == 0


@pytest.mark.parametrize("empty", ["", " ", ",", " , "])
def test_an_empty_fail_on_is_a_usage_error(capsys: pytest.CaptureFixture[str], empty: str) -> None:
    """`--fail-on "$FLAGS"` with FLAGS unset would gate nothing."""
    for argv in (
        ["--fail-on", empty],
        [f"--fail-on={empty}"],
        ["--fail-on", "echo", "--fail-on", empty],
    ):
        status, out, err = run(capsys, "check", SEED, *argv)
        assert status == 2 and out == ""
        assert err.startswith("provenance check: error: argument --fail-on: empty: name one flag")
        assert "single_source, no_origin" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["check", SEED, "--engine", "records", "--engine", "columns"], "--engine"),
        (["check", SEED, "--engine", "records", "--engine", "records"], "--engine"),
        (["check", SEED, "--duplicates", "skip", "--duplicates", "merge"], "--duplicates"),
        (
            ["copies", SEED, "--min-probability", "0.1", "--min-probability", "0.9"],
            "--min-probability",
        ),
        (["render", SEED, "-o", "a.html", "--output", "b.html"], "-o/--output"),
        (["render", SEED, "-o", "a.html", "--title", "A", "--title", "B"], "--title"),
        (["example", "pow_article", "-o", "a", "-o", "b"], "-o/--output"),
    ],
)
def test_a_one_value_option_given_twice_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], option: str
) -> None:
    """argparse would keep the last value without a word; nothing is run or written."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and list(tmp_path.iterdir()) == []
    assert f"error: argument {option}: given twice; it takes one value (see " in err
    assert err.count("\n") == 1


def test_repeated_list_options_and_switches(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "two.html"
    assert (
        run(capsys, "render", SEED, "-o", str(page), "--claim", "injured", "--claim", "troops")[0]
        == 0
    )
    text = page.read_text(encoding="utf-8")
    assert "The captured North Korean soldier was injured" in text and "10,000-12,000" in text
    status, out, err = run(capsys, "check", SEED, "--json", "--json", "--progress", "--no-progress")
    assert status == 0 and err == "" and json.loads(out)  # switches: the last one counts
    table = tmp_path / "t.csv"
    table.write_text("source,claim,via,firsthand\na,c,ROOT,true\nb,c,NONE,true\n", encoding="utf-8")
    argv = ["check", str(table), "--json", "--placeholder", "ROOT", "--placeholder", "NONE"]
    status, out, err = run(capsys, *argv)  # both left out: not counted as sources
    assert status == 0 and json.loads(out)[0]["independent"] == 2
    assert "2 citation(s) of a placeholder left out" in err


# ---------------------------------------------------------------- output that cannot be written

CLOSED = "provenance: error: cannot write the output: standard output is closed\n"


def shell(redirect: str, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m provenance ARGV` with the shell's `redirect` (`>&-` closes stdout)."""
    return subprocess.run(
        ["sh", "-c", f'"$@" {redirect}', "sh", sys.executable, "-m", "provenance", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


needs_sh = pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell here")


@needs_sh
@pytest.mark.parametrize(
    "argv",
    [
        ["check", SEED],
        ["check", SEED, "--json", "--fail-on", "unsourced"],
        ["explain", SEED, "troops"],
        ["copies", SEED],
        ["render", SEED, "-o", "page.html"],
        ["example", "pow_article"],
        ["--version"],
    ],
)
def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path: Path, argv: list[str]) -> None:
    """`provenance check s.yaml >&-` was an AttributeError traceback and exit 1."""
    done = shell(">&-", *argv, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, CLOSED)


@needs_sh
def test_convert_to_a_closed_stdout_writes_its_file_then_says_so(tmp_path: Path) -> None:
    done = shell(">&-", "convert", SEED, "story.json", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, CLOSED)
    assert pv.load(tmp_path / "story.json") == pv.load(SEED)


@needs_sh
def test_stdout_open_only_for_reading_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = shell("1</dev/null", "check", SEED, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "provenance: error: cannot write the output: standard output is not open for writing\n"
    )


def test_a_pipe_closed_by_its_reader_ends_quietly(tmp_path: Path) -> None:
    """`provenance check … | head -1` when the reader leaves before the output is all
    written: the reader had what it wanted; quiet, status 0, as Unix tools end, and no
    second traceback from Python's flush at exit."""
    read, write = os.pipe()
    os.close(read)  # the reader has left before the first write
    try:
        done = subprocess.run(
            [sys.executable, "-m", "provenance", "check", SEED],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")


@needs_sh
@pytest.mark.parametrize(
    ("redirect", "stdout_open"), [("2>&-", True), ("2</dev/null", True), (">&- 2>&-", False)]
)
def test_a_closed_stderr_is_no_traceback(tmp_path: Path, redirect: str, stdout_open: bool) -> None:
    """The exit status still tells; nothing of stderr's lands on stdout."""
    bad = shell(redirect, "explain", SEED, "nope", "--progress", cwd=tmp_path)
    assert (bad.returncode, bad.stdout, bad.stderr) == (2, "", "")
    good = shell(redirect, "explain", SEED, "troops", "--progress", cwd=tmp_path)
    explained = pv.load(SEED).corroboration("troops").explain() + "\n"
    expected = (0, explained) if stdout_open else (2, "")
    assert (good.returncode, good.stdout, good.stderr) == (*expected, "")


@pytest.mark.parametrize("stream", ["closed", None])
def test_main_says_a_closed_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stream: str | None
) -> None:
    """In-process: a closed stdout object, and none at all (as Python leaves it when
    started with fd 1 closed)."""
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed if stream else None)
    assert main(["explain", SEED, "troops"]) == 2
    assert capsys.readouterr().err == CLOSED
    assert sys.stdout is (closed if stream else None)  # put back as it was


def test_a_fault_is_not_taken_for_a_closed_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a failed write to stdout is said in one line; any other ValueError is a bug
    to be seen whole."""

    def broken(args: object) -> int:
        raise ValueError("I/O operation on closed file.")

    monkeypatch.setattr("provenance.cli._explain", broken)
    with pytest.raises(ValueError, match="closed file"):
        main(["explain", SEED, "troops"])


# ---------------------------------------------------------------- convert --spreadsheet-safe


def test_convert_spreadsheet_safe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g = pv.ProvenanceGraph()
    g.add_source("@SUM(1+1)")
    g.add_claim("c", '=HYPERLINK("http://x")')
    g.add_report("@SUM(1+1)", "c", firsthand=True)
    story = g.save(tmp_path / "story.json")
    plain, safe = tmp_path / "plain.csv", tmp_path / "safe.csv"
    assert main(["convert", str(story), str(plain)]) == 0
    assert main(["convert", str(story), str(safe), "--spreadsheet-safe"]) == 0
    capsys.readouterr()
    assert (
        plain.with_suffix(".sources.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith("@SUM")
    )
    assert (
        safe.with_suffix(".sources.csv")
        .read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith("'@SUM")
    )
    assert "'=HYPERLINK" in safe.with_suffix(".claims.csv").read_text(encoding="utf-8")
    assert pv.load(safe) == pv.load(plain) == g
    assert main(["convert", str(story), str(tmp_path / "s.json"), "--spreadsheet-safe"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("provenance: error: ") and err.count("\n") == 1
    assert not (tmp_path / "s.json").exists()
