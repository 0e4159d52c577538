"""labels/ is pure: plain data in, bytes or dataclasses out; no Qt, no database (DESIGN.md §5)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LABELS = Path(__file__).resolve().parents[2] / "labels"
FORBIDDEN = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "db", "ui", "desktop")


@pytest.mark.parametrize("module", sorted(LABELS.glob("*.py")), ids=lambda p: p.name)
def test_module_imports_no_qt_and_no_database(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & set(FORBIDDEN), f"{module.name} imports {imported & set(FORBIDDEN)}"
