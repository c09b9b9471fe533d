"""Benchmarks: each prints its numbers beside a baseline measured in the same run.

The helpers here read the code of another git revision, for the benchmarks that run it
beside the working tree's.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git_show(revision: str, path: str) -> str | None:
    """The text of `path` at git `revision`; None without git or that revision."""
    try:
        return subprocess.run(
            ["git", "show", f"{revision}:{path}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def git_unpack(revision: str, folder: Path, *paths: str) -> bool:
    """Unpack `paths` (the whole tree when none) as of `revision` under `folder`; False
    without git or that revision."""
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", revision, *paths],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return False
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(folder, filter="data")
        else:  # pragma: no cover - Python before 3.10.12 / 3.11.4: our own archive
            tar.extractall(folder)
    return True
