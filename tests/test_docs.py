"""The docs' code blocks run: Python blocks are doctests (pytest collects docs/*.md);
here, the shell commands run and the YAML blocks parse (stories load)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import provenance as pv

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.joinpath("docs").rglob("*.md"), ROOT / "README.md"])
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for match in FENCE.finditer(page.read_text(encoding="utf-8")):
            if match.group(1) == language:
                found.append((str(page.relative_to(ROOT)), match.group(2)))
    return found


CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
RUN_BY_CI = ("pip install", "python -m pytest", "python -m benchmarks.")
# The tutorial's shell blocks are run by tests/test_newcomer.py, each in an empty folder
# (as a pip user has no examples/): a stricter run of the same commands than the one here.
RUN_BY_NEWCOMER = "docs/tutorial.md"


def shell_blocks() -> list[Any]:
    """The commands of each shell block, in order (one block is one session: a later
    command may read what an earlier one wrote); installs, the test suite and the
    benchmarks are left to .ci/run, which a test below checks runs them as written."""
    found = []
    for page, block in blocks("sh"):
        if page == RUN_BY_NEWCOMER:
            continue
        commands = [
            part
            for line in block.splitlines()
            for part in line.strip().split(" && ")
            if part and not part.startswith(RUN_BY_CI) and "pip install" not in part
        ]
        if commands:
            found.append(pytest.param(page, commands, id=f"{page}-{commands[0]}"))
    return found


def test_the_tutorials_blocks_are_left_to_the_newcomer_test() -> None:
    from tests.test_newcomer import TUTORIAL, _fenced

    assert TUTORIAL == ROOT / RUN_BY_NEWCOMER
    assert [block for page, block in blocks("sh") if page == RUN_BY_NEWCOMER] == _fenced("sh")
    assert not any(page == RUN_BY_NEWCOMER for page, *_ in (p.values for p in shell_blocks()))


def test_readme_commands_are_what_ci_runs() -> None:
    readme = next(b for p, b in blocks("sh") if p == "README.md")
    for command in readme.strip().splitlines():
        assert f"\n{command}\n" in CI_RUN, command


def test_commands_left_to_ci_are_in_ci() -> None:
    for _, block in blocks("sh"):
        for line in block.splitlines():
            for part in line.strip().split(" && "):
                if part.startswith(("python -m pytest", "python -m benchmarks.", "python -m pip")):
                    assert part in CI_RUN, part


@pytest.mark.parametrize(("page", "commands"), shell_blocks())
def test_shell_commands_run(page: str, commands: list[str], tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for line in commands:
        command, _, fallback = line.partition(" || ")
        argv = shlex.split(command)
        if argv[0] == "python":
            argv[0] = sys.executable
        elif argv[0] == "provenance":
            argv = [sys.executable, "-m", "provenance", *argv[1:]]
        if "reports.csv" in argv:  # the docs' example table
            pv.load(ROOT / "examples" / "pow_article.yaml").save(tmp_path / "reports.csv")
        done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in done.stderr, (page, line, done.stderr)
        expected = 1 if fallback else 0  # `cmd || echo …` documents a failing check
        assert done.returncode == expected, (page, line, done.stdout, done.stderr)


@pytest.mark.parametrize(("page", "block"), blocks("yaml"))
def test_yaml_blocks_parse_and_stories_load(page: str, block: str) -> None:
    data = yaml.safe_load(block)
    assert isinstance(data, (dict, list)), page
    if isinstance(data, dict) and "version" in data:  # a story: it must load, and score
        assert pv.from_dict(data).assess(), page


def test_every_page_is_in_the_toctree() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in ROOT.joinpath("docs").rglob("*.md"):
        name = str(page.relative_to(ROOT / "docs").with_suffix(""))
        assert name == "index" or f"\n{name}\n" in index, name
