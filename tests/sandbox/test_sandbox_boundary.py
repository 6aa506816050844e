"""The sandbox imports nothing of ours: a simulator sharing the connector's code hides its bugs."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"
OURS = {"catalog", "connectors", "sync", "scheduler", "web", "ocopsync", "bench", "tests"}
ALLOWED_THIRD_PARTY = {"fastapi", "starlette", "uvicorn", "multipart", "python_multipart"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_sandbox_imports_only_stdlib_fastapi_and_itself() -> None:
    files = sorted(SANDBOX.rglob("*.py"))
    assert files
    for path in files:
        roots = _imported_roots(path)
        assert not roots & OURS, f"{path} imports {roots & OURS}"
        foreign = roots - ALLOWED_THIRD_PARTY - set(sys.stdlib_module_names) - {"sandbox"}
        assert not foreign, f"{path} imports {foreign}"
