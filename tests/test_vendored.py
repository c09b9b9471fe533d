"""The vendored vis-network: the file the version note records, inlined in every page.

Offline: ``scripts/refresh_vis_network.py --check`` compares the script's sha256 and
``@version`` header with ``vis-network.VERSION``; refreshing (which downloads) is never
run here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from examples.pow_article import build

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "refresh_vis_network.py"
STATIC = resources.files("provenance.render") / "static"


def refresh_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("refresh_vis_network", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def version_line() -> tuple[str, str, str]:
    """(version, sha256, integrity) as vis-network.VERSION records them."""
    match = refresh_tool().LINE.match((STATIC / "vis-network.VERSION").read_text().strip())
    assert match is not None
    return match["version"], match["sha256"], match["integrity"]


def test_the_vendored_file_is_the_one_recorded() -> None:
    version, sha256, integrity = version_line()
    script = (STATIC / "vis-network.min.js").read_bytes()
    assert hashlib.sha256(script).hexdigest() == sha256
    assert f"@version {version}" in script[:1000].decode()
    assert integrity.startswith("sha512-")
    assert int(version.split(".")[0]) >= 10  # newer than the 9.1.2 pyvis carried
    licence = (STATIC / "vis-network.LICENSE").read_text()
    assert "Apache License" in licence and "MIT License" in licence


def test_the_check_mode_passes_and_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith(f"vis-network {version_line()[0]} sha256=")


def test_the_check_mode_catches_a_changed_copy(tmp_path: Path) -> None:
    for name in ("vis-network.min.js", "vis-network.VERSION", "vis-network.LICENSE"):
        shutil.copyfile(str(STATIC / name), tmp_path / name)
    tool = refresh_tool()
    assert tool.check(tmp_path) == []
    with (tmp_path / "vis-network.min.js").open("ab") as script:
        script.write(b"\n// changed by hand\n")
    assert tool.check(tmp_path) == [
        "vis-network.min.js's sha256 is not the one vis-network.VERSION records"
    ]
    assert tool.main(["--check", "--static", str(tmp_path)]) == 1
    (tmp_path / "vis-network.VERSION").write_text("vis-network 10.1.5\n")
    assert tool.check(tmp_path)[0].startswith("vis-network.VERSION is not 'vis-network VERSION")
    (tmp_path / "vis-network.LICENSE").unlink()
    assert tool.check(tmp_path)[0].startswith("cannot read the vendored copy")


def test_the_tool_wants_a_version_or_check(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        refresh_tool().main([])
    assert exited.value.code == 2
    assert "give either a version to vendor or --check" in capsys.readouterr().err


def test_every_page_inlines_the_vendored_file() -> None:
    script = (STATIC / "vis-network.min.js").read_text(encoding="utf-8")
    page = build().to_html()
    assert f"<script>{script}</script>" in page
    assert f"@version {version_line()[0]}" in page
    assert "@version 9.1.2" not in page  # pyvis's copy is gone
