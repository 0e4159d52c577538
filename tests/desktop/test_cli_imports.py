"""What a start imports (issue 10, item 4): each command loads what it uses, nothing more.

Real processes, read through a tiny wrapper that runs `main(argv)` as the `lotkeeper` script
does and then writes the names in sys.modules: an import graph, not a timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

from db.models import DeviationDomain, DocumentKind, Role, Severity
from desktop.app import QUIT_AT_SIGN_IN_ENV
from desktop.cli import choices, cmd_print
from desktop.printing import SIZES
from desktop.stations import Screen, default_stations
from tests.fixtures.world import Unit

WRAPPER = """
import json, sys
from desktop.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as stop:
    code = stop.code
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""
# Loaded only by the commands that use them.
HEAVY = ("sqlalchemy", "reportlab", "pypdfium2", "alembic", "biip", "PySide6")
SCREENS = tuple(s.make.module for s in default_stations() if isinstance(s.make, Screen))


def started(tmp_path: Path, *argv: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The exit code and the modules loaded by one `lotkeeper ARGV` process."""
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", WRAPPER, str(out), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def loaded(modules: list[str], *packages: str) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(packages))


def test_help_loads_no_database_pdf_scan_or_qt_module(tmp_path: Path) -> None:
    for argv in (["--help"], ["label", "--help"], ["receive", "--help"], ["check", "--help"]):
        done = started(tmp_path, *argv)
        assert done["code"] == 0, argv
        assert loaded(done["modules"], *HEAVY) == [], argv


def test_check_loads_the_record_but_no_pdf_scan_or_qt_module(
    tmp_path: Path, sqlite_unit: Unit
) -> None:
    done = started(tmp_path, "--db", sqlite_unit.db.url, "check", "L99-999999-001")
    assert done["code"] == 1  # no such container: refused after looking it up
    assert "db.usability" in done["modules"]
    assert loaded(done["modules"], *HEAVY) == ["sqlalchemy"]


def test_the_sign_in_window_loads_no_screen_pdf_scan_or_migration(
    tmp_path: Path, sqlite_unit: Unit
) -> None:
    done = started(
        tmp_path,
        "--db",
        sqlite_unit.db.url,
        env={QUIT_AT_SIGN_IN_ENV: "1", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done["code"] == 0
    modules = done["modules"]
    assert "ui.login" in modules, "the sign-in window was shown"
    assert loaded(modules, *HEAVY) == ["PySide6", "sqlalchemy"]
    assert [m for m in (*SCREENS, "ui.main_window", "desktop.printing") if m in modules] == []


def test_the_parsers_choices_are_the_models_values() -> None:
    assert tuple(r.value for r in Role) == choices.ROLES
    assert tuple(d.value for d in DeviationDomain) == choices.DEVIATION_DOMAINS
    assert tuple(s.value for s in Severity) == choices.SEVERITIES
    assert tuple(k.value for k in DocumentKind) == choices.DOCUMENT_KINDS
    assert DocumentKind.COA.value == choices.COA
    assert cmd_print.SIZES == SIZES


def test_every_station_names_a_screen_that_exists() -> None:
    assert len(SCREENS) == len(default_stations())
    for station in default_stations():
        assert isinstance(station.make, Screen)
        assert callable(getattr(import_module(station.make.module), station.make.name))
