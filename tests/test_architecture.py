"""The design card's rules, checked: who may import whom, and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "db": {"PySide6", "ui", "desktop", "labels"},
    "labels": {"PySide6", "ui", "desktop", "db", "sqlalchemy"},
    "ui": {"desktop"},
}
MAX_LINES = 500


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_packages_import_only_what_the_design_card_allows() -> None:
    offenders = []
    for package, forbidden in FORBIDDEN.items():
        for path in (ROOT / package).rglob("*.py"):
            bad = imported_roots(path) & forbidden
            if bad:
                offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert offenders == []


def test_no_module_over_500_lines() -> None:
    big = [
        f"{p.relative_to(ROOT)} ({n} lines)"
        for folder in ("db", "labels", "ui", "desktop", "tests", "benchmarks")
        for p in (ROOT / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert big == []
