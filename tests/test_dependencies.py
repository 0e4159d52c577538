"""What the program imports at run time is installed by `pip install .` (not only by [test])."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
OWN = {"db", "labels", "ui", "desktop"}


def runtime_imports() -> set[str]:
    roots: set[str] = set()
    for package in OWN:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    roots |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    roots.add(node.module.split(".")[0])
    return roots - OWN - set(sys.stdlib_module_names)


def test_every_runtime_import_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {Requirement(r).name.lower().replace("_", "-") for r in project["dependencies"]}
    owners = packages_distributions()
    missing = []
    for module in sorted(runtime_imports()):
        distributions = {d.lower().replace("_", "-") for d in owners.get(module, [])}
        # Modules that ship inside a declared distribution (shiboken6 with PySide6...).
        if not distributions & (declared | {"shiboken6", "pyside6-essentials"}):
            missing.append(f"{module} (from {sorted(distributions) or 'nowhere'})")
    assert missing == []
