"""Dependencies run one way (STYLE.md): catalog <- connectors <- sync <- scheduler <- web, ocopsync.

Each layer may import the layers below it and nothing above; the sandboxes import none of ours.
Read from the source, so a new file is checked the day it is written."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OURS = {"catalog", "connectors", "sync", "scheduler", "web", "sandbox", "ocopsync", "bench"}
MAY_IMPORT = {
    "catalog": set(),
    "connectors": {"catalog"},
    "sync": {"catalog", "connectors"},
    "scheduler": {"catalog", "connectors", "sync"},
    "web": {"catalog", "connectors", "sync", "scheduler"},
    "sandbox": set(),
}


def imported_names(path: Path) -> set[str]:
    """The top-level packages a source file imports (absolute imports only)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def imported_packages(path: Path) -> set[str]:
    return imported_names(path) & OURS


def _sources() -> list[tuple[str, Path]]:
    found = [("scheduler", REPO / "scheduler.py")]
    for layer in MAY_IMPORT:
        if layer != "scheduler":
            found += [(layer, p) for p in sorted((REPO / layer).rglob("*.py"))]
    return found


@pytest.mark.parametrize(
    ("layer", "path"),
    _sources(),
    ids=lambda v: str(v.relative_to(REPO)) if isinstance(v, Path) else v,
)
def test_layer_imports_only_what_lies_below(layer: str, path: Path) -> None:
    above = imported_packages(path) - MAY_IMPORT[layer] - {layer}
    assert not above, f"{path.relative_to(REPO)} imports {sorted(above)}"
