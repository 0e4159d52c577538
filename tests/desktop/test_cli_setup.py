"""Setting up from the command line: a new record and its key are the owner's alone, the key's
place is said, and the admin recovery, duties and policy commands work end to end."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from db.engine import Database
from db.errors import Refused
from db.sign_in import MAX_FAILED_ATTEMPTS, authenticate
from tests.desktop.cli_runner import ok, refused
from tests.fixtures.databases import integrity_in
from tests.fixtures.world import PASSWORDS


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_makes_an_owner_only_record_and_key_and_says_where_the_key_is(
    tmp_path: Path, data_dir: Path
) -> None:
    db = tmp_path / "unit.sqlite"
    done = ok(str(db), "init", "--admin", "admin", "--full-name", "Ada Admin",
              stdin=PASSWORDS["admin"] + "\n")  # fmt: skip
    keys = list((data_dir / "keys").glob("*.key"))
    assert len(keys) == 1 and str(keys[0]) in done.out and "keep a copy" in done.out
    assert mode(db) == 0o600 and mode(keys[0]) == 0o600 and mode(data_dir / "keys") == 0o700
    witness = next((data_dir / "witness").glob("*.witness"))
    assert mode(witness) == 0o600
    refused(str(db), "user", "add", "eve", "--full-name", "Eve", "--role", "qa", "--by",
            "admin", stdin=f"{PASSWORDS['admin']}\npassword1234\n",
            says="among the most common")  # fmt: skip


def test_a_locked_sole_admin_recovers_with_the_key(tmp_path: Path, data_dir: Path) -> None:
    db = str(tmp_path / "unit.sqlite")
    ok(db, "init", "--admin", "admin", "--full-name", "Ada Admin", stdin=PASSWORDS["admin"] + "\n")
    record = Database(f"sqlite:///{db}", integrity=integrity_in(data_dir))
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(Refused, match="user name or password is wrong"):
            authenticate(record, "admin", "wrong-password")
    record.dispose()
    refused(db, "user", "unlock", "x", "--reason", "r", "--by", "admin",
            stdin=PASSWORDS["admin"] + "\n", says="is locked")  # fmt: skip
    key = next((data_dir / "keys").glob("*.key"))
    ok(db, "user", "recover", "admin", "--key", str(key), stdin="new-harbour-light-8\n")
    listed = ok(db, "user", "list", "--json").json()["users"]
    assert listed[0]["user"] == "admin" and not listed[0]["locked"]
    assert "audit trail intact" in ok(db, "audit", "verify").out
