"""The package's shape: imports flow one way through the layers of docs/architecture.md.

Every import in ``provenance/`` is read from the source (``if TYPE_CHECKING`` blocks
included) and held to the layer order; the module import graph must have no circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "provenance"

# Lowest first. A module may import its own layer's modules only inside its own
# subpackage (scoring.score → scoring.flow), and any lower layer.
LAYERS: list[set[str]] = [
    {"provenance.errors", "provenance._version"},
    {
        "provenance.terms",
        "provenance._files",
        "provenance._bulk",
        "provenance._text",
        "provenance._arrays",
    },
    {"provenance._saves"},
    {"provenance.model"},
    {"provenance.records"},
    {"provenance.declaring"},
    {"provenance.store"},
    {"provenance.scoring"},
    {"provenance.copying"},
    {"provenance.engine"},
    {"provenance.assessing", "provenance.cascades"},
    {"provenance.render", "provenance.formats"},  # siblings: neither imports the other
    {"provenance.graph"},
    {"provenance.io"},
    {"provenance.draft"},  # reads article text into a story for review
    {"provenance.columns"},
    {"provenance.dask"},
    {"provenance.cli"},
    {"provenance.__main__", "provenance"},  # the package's face re-exports
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit(module: str) -> str:
    """The layer member a module belongs to: ``provenance.scoring.flow`` → scoring."""
    parts = module.split(".")
    return ".".join(parts[:2])


def layer_of(module: str) -> int:
    for i, members in enumerate(LAYERS):
        if unit(module) in members:
            return i
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and docs/architecture.md")


def imports() -> list[tuple[str, str, int]]:
    """(importer, imported, line) for every import of a provenance module."""
    found = []
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from package import module` imports the module; `from module import
                # name`, the module.
                targets = [
                    f"{node.module}.{a.name}"
                    if f"{node.module}.{a.name}" in modules
                    else node.module
                    for a in node.names
                ]
                targets = [t for t in dict.fromkeys(targets) if t in modules]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name in modules]
            else:
                continue
            for target in targets:
                if target != importer and target.startswith("provenance"):
                    found.append((importer, target, node.lineno))
    return found


def test_every_module_has_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        layer_of(module_name(path))


def against_the_order(found: list[tuple[str, str, int]]) -> list[str]:
    """The imports that run up the layers, or sideways into a sibling."""
    wrong = []
    for importer, imported, line in found:
        if importer == "provenance" or unit(importer) == unit(imported):
            continue  # the face re-exports every layer; a subpackage uses its own modules
        if layer_of(imported) >= layer_of(importer):
            wrong.append(f"{importer}:{line} imports {imported}")
    return wrong


def circles(found: list[tuple[str, str, int]]) -> list[list[str]]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from((importer, imported) for importer, imported, _ in found)
    return list(nx.simple_cycles(graph))


def test_imports_never_run_up_or_sideways() -> None:
    assert against_the_order(imports()) == []


def test_no_import_circle() -> None:
    assert circles(imports()) == []


def test_the_checks_catch_what_they_are_for() -> None:
    upward = ("provenance.scoring.score", "provenance.graph", 3)
    sideways = ("provenance.render.data", "provenance.formats.story", 4)
    assert len(against_the_order([upward, sideways])) == 2
    loop = [
        ("provenance.scoring.flow", "provenance.scoring.result", 1),
        ("provenance.scoring.result", "provenance.scoring.flow", 2),
    ]
    assert circles(loop) != []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_too_long_to_read(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 450
