"""Vendor vis-network's standalone build from the npm registry, or check the vendored copy.

A maintainer's tool: the library never runs it (pages are built offline from the copy in
``provenance/render/static/``), and the tests run only ``--check``, which is offline.

Usage::

    python scripts/refresh_vis_network.py 10.1.5     # or: latest
    python scripts/refresh_vis_network.py --check

Refreshing asks the registry for the version's metadata, downloads its tarball, checks it
against the registry's ``dist.integrity`` (sha512), and writes three files:

- ``vis-network.min.js``: ``package/dist/vis-network.min.js``, byte for byte: the UMD build
  with everything bundled (vis-data too) and its style kept apart, in
  ``dist/dist/vis-network.min.css``. The ``standalone/umd`` build is the same script but
  adds its style as ``<style>`` elements at run time, which the page's
  Content-Security-Policy refuses (and whose rules would override the page's own);
  the page's ``page.css`` styles what it uses (``.vis-network``, ``.vis-tooltip``);
- ``vis-network.LICENSE``: the package's licence files (Apache-2.0 OR MIT);
- ``vis-network.VERSION``: one line, the version, the sha256 of the script, and the
  tarball's integrity, which ``--check`` reads.

Then run the browser tests (``PROVENANCE_REQUIRE_BROWSER=1 python -m pytest -q
tests/test_browser.py``) and look at the screenshots they write to ``docs/images/``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.parse
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
PACKAGE = "vis-network"
STATIC = Path(__file__).resolve().parent.parent / "provenance" / "render" / "static"
SCRIPT = "vis-network.min.js"
LICENCE = "vis-network.LICENSE"
VERSION = "vis-network.VERSION"
MEMBER = "package/dist/vis-network.min.js"  # not standalone/: see above
LICENCE_MEMBERS = ("package/LICENSE-APACHE-2.0", "package/LICENSE-MIT")
LINE = re.compile(
    r"^vis-network (?P<version>\S+) sha256=(?P<sha256>[0-9a-f]{64}) "
    r"integrity=(?P<integrity>sha512-\S+)$"
)


def _get(url: str) -> bytes:
    if urllib.parse.urlsplit(url).scheme != "https":
        raise SystemExit(f"refusing a non-https address: {url!r}")
    with urllib.request.urlopen(url, timeout=60) as response:  # https only: checked above
        data: bytes = response.read()
    return data


def _sha512_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def refresh(version: str, static: Path = STATIC) -> str:
    """Download `version` ("latest" for the newest), check it and write the three files;
    returns the version line written."""
    meta = json.loads(_get(f"{REGISTRY}/{PACKAGE}/{urllib.parse.quote(version, safe='')}"))
    exact, dist = meta["version"], meta["dist"]
    integrity = dist["integrity"]
    if not integrity.startswith("sha512-"):
        raise SystemExit(f"the registry gives no sha512 integrity for {exact}: {integrity!r}")
    tarball = _get(dist["tarball"])
    if _sha512_integrity(tarball) != integrity:
        raise SystemExit(f"the tarball of {PACKAGE} {exact} does not match its integrity")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:

        def member(name: str) -> bytes:
            handle = archive.extractfile(name)
            if handle is None:
                raise SystemExit(f"{name} is not a file in {PACKAGE} {exact}")
            return handle.read()

        script = member(MEMBER)
        licences = [(name.removeprefix("package/"), member(name)) for name in LICENCE_MEMBERS]
    text = script.decode("utf-8")
    if f"@version {exact}" not in text[:1000]:
        raise SystemExit(f"{MEMBER} does not say it is version {exact}")
    if "</script" in text.lower():
        raise SystemExit(f"{MEMBER} contains '</script' and cannot be inlined")
    licence = (
        f"vis-network {exact} (https://github.com/visjs/vis-network), copied to "
        f"{SCRIPT}, is dual licensed under Apache-2.0 OR MIT; it may be distributed "
        "under either. Both licence texts follow.\n"
    )
    for name, body in licences:
        licence += f"\n===== {name} =====\n\n{body.decode('utf-8').strip()}\n"
    line = f"vis-network {exact} sha256={hashlib.sha256(script).hexdigest()} integrity={integrity}"
    (static / SCRIPT).write_bytes(script)
    (static / LICENCE).write_text(licence, encoding="utf-8")
    (static / VERSION).write_text(line + "\n", encoding="utf-8")
    return line


def check(static: Path = STATIC) -> list[str]:
    """What is wrong with the vendored copy in `static`: nothing when the list is empty.

    Offline: the script's sha256 and its ``@version`` header must match the version line,
    and the licence file must be there.
    """
    try:
        line = (static / VERSION).read_text(encoding="utf-8").strip()
        script = (static / SCRIPT).read_bytes()
        licence = (static / LICENCE).read_text(encoding="utf-8")
    except OSError as error:
        return [f"cannot read the vendored copy: {error}"]
    match = LINE.match(line)
    if match is None:
        return [f"{VERSION} is not 'vis-network VERSION sha256=HEX integrity=sha512-…': {line!r}"]
    problems = []
    if hashlib.sha256(script).hexdigest() != match["sha256"]:
        problems.append(f"{SCRIPT}'s sha256 is not the one {VERSION} records")
    if f"@version {match['version']}" not in script[:1000].decode("utf-8", "replace"):
        problems.append(f"{SCRIPT} does not say it is version {match['version']}")
    if not all(name in licence for name in ("Apache License", "MIT License")):
        problems.append(f"{LICENCE} lacks the Apache-2.0 or the MIT licence text")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", nargs="?", help="the version to vendor, or 'latest'")
    parser.add_argument("--check", action="store_true", help="check the vendored copy, offline")
    parser.add_argument("--static", type=Path, default=STATIC, help="where the copy lives")
    args = parser.parse_args(argv)
    if args.check == (args.version is not None):
        parser.error("give either a version to vendor or --check")
    if args.check:
        problems = check(args.static)
        for problem in problems:
            print(f"refresh_vis_network: {problem}", file=sys.stderr)
        if not problems:
            print((args.static / VERSION).read_text(encoding="utf-8").strip())
        return 1 if problems else 0
    print(refresh(args.version, args.static))
    return 0


if __name__ == "__main__":
    sys.exit(main())
