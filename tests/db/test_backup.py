"""Backups restore: the copy opens as a record, verifies, and holds what was there."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.backup import backup, check_backup
from db.engine import Database, sqlite_url
from db.errors import Refused
from db.models import Lot
from tests.desktop.cli_runner import ok, refused
from tests.fixtures.world import Unit


def test_backup_restores_to_the_moment_it_was_taken(unit: Unit, tmp_path: Path) -> None:
    if unit.db.dialect != "sqlite":
        with pytest.raises(Refused, match="pg_dump"):
            backup(unit.db, tmp_path / "b.sqlite")
        return
    kept = unit.released_lot()
    copy = backup(unit.db, tmp_path / "b.sqlite")
    unit.receive(lot="AFTER")  # work goes on after the backup
    restored = tmp_path / "restored.sqlite"
    shutil.copy(copy, restored)  # restoring is putting the file back
    checked = check_backup(restored, unit.db.integrity)
    assert checked.report.ok and checked.report.events > 0
    db = Database(sqlite_url(restored), integrity=unit.db.integrity)
    with db.read() as s:
        assert s.scalars(select(Lot.lot_number)).all() == [kept.lot]
        assert s.scalar(select(func.count()).select_from(Lot)) == 1
    db.dispose()
    with pytest.raises(Refused, match="never overwrites"):
        backup(unit.db, copy)


def test_backup_check_refuses_what_is_not_a_backup(tmp_path: Path, sqlite_url: str) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello")
    with pytest.raises(Refused, match="not a Lotkeeper backup"):
        check_backup(junk, None)
    with pytest.raises(Refused, match="no backup file"):
        check_backup(tmp_path / "missing.sqlite", None)


def test_backup_from_the_command_line(unit: Unit, tmp_path: Path) -> None:
    if unit.db.dialect != "sqlite":
        refused(unit.db.url, "backup", "--out", str(tmp_path / "b.sqlite"), says="pg_dump")
        return
    unit.released_lot()
    out = tmp_path / "b.sqlite"
    made = ok(unit.db.url, "backup", "--out", str(out))
    assert "keep the site key" in made.out and ".key" in made.out
    assert out.stat().st_mode & 0o077 == 0, "a backup is readable by its owner only"
    assert "verifies" in ok(unit.db.url, "backup-check", str(out)).out


def test_a_tampered_backup_does_not_verify(unit: Unit, tmp_path: Path) -> None:
    if unit.db.dialect != "sqlite":
        pytest.skip("SQLite backups only")
    unit.released_lot()
    copy = backup(unit.db, tmp_path / "b.sqlite")
    with sqlite3.connect(copy) as raw:
        raw.execute("UPDATE lots SET supplier_lot = 'FORGED'")
    refused(unit.db.url, "backup-check", str(copy), says="does not verify")
