"""Backups of the embedded record: a consistent online copy, and a check that it restores.

One SQLite file is the whole record (documents included), so a backup is one file. SQLite's
online backup API copies a consistent snapshot while workstations keep working. A PostgreSQL
record is backed up with the server's own tools (pg_dump / base backups).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db import migrate
from db.audit_verify import VerifyReport, verify
from db.engine import Database, sqlite_url
from db.errors import Refused
from db.integrity.sealing import Integrity
from db.integrity.site_key import OWNER_ONLY


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    revision: str | None
    report: VerifyReport


def backup(db: Database, target: Path) -> Path:
    if db.dialect != "sqlite":
        raise Refused(
            "a PostgreSQL record is backed up with the server's tools "
            "(pg_dump or base backups), not by Lotkeeper"
        )
    if target.exists():
        raise Refused(f"{target} already exists: a backup never overwrites a file")
    if not target.parent.is_dir():
        raise Refused(f"folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    # Owner-only from the first byte, like the record itself; a new file, never another's.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    try:
        with db.engine.connect() as connection:
            source = connection.connection.driver_connection
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)
            finally:
                destination.close()
        # The backup appears whole or not at all, and never over a file that appeared meanwhile.
        os.link(partial, target)
    except FileExistsError as exc:
        raise Refused(f"{target} already exists: a backup never overwrites a file") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


def check_backup(path: Path, integrity: Integrity | None) -> BackupCheck:
    """Open a backup as a record: schema revision known, audit trail and records intact.

    The backup is checked with its site key (same record, same key) and the witness."""
    if not path.is_file():
        raise Refused(f"no backup file at {path}")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as probe:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise Refused(f"{path} is not a Lotkeeper backup (not a SQLite database)") from exc
    db = Database(sqlite_url(path), integrity=integrity)
    try:
        migrate.check(db.engine)
        return BackupCheck(path, migrate.current_revision(db.engine), verify(db, backup=True))
    finally:
        db.dispose()
