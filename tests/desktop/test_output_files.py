"""Output files: never over the record, its backups, keys or witness; never over a file unless
forced; whole or not at all."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from db.errors import Refused
from desktop import output_files
from desktop.output_files import Protected, check, move_into_place, write

KEY = b'{\n  "format": "lotkeeper-site-key/1",\n  "record": "r", "secret": "c2VjcmV0"\n}\n'
WITNESS = b'{"at":"2026-03-05T14:07:09Z","by":"admin","hash":"ab","record":"r","seq":3}\n'


@pytest.fixture
def record(tmp_path: Path) -> tuple[Path, Protected]:
    """A SQLite record in WAL mode, with its key and witness folders."""
    database = tmp_path / "record" / "lotkeeper.sqlite"
    database.parent.mkdir()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (x)")
    keys, witness = tmp_path / "record" / "keys", tmp_path / "shared" / "witness"
    keys.mkdir()
    witness.mkdir(parents=True)
    (keys / "r.key").write_bytes(KEY)
    (witness / "r.witness").write_bytes(WITNESS)
    return database, Protected((database,), ((keys, "site key"), (witness, "witness")))


def refuses(path: str | Path, protected: Protected, says: str) -> None:
    for force in (False, True):
        with pytest.raises(Refused, match=says):
            write(path, b"%PDF-1.4", protected, force=force)


def test_the_record_and_its_companions_are_never_written(
    record: tuple[Path, Protected], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, protected = record
    before = database.read_bytes()
    refuses(database, protected, "is the open database")
    for suffix in ("-wal", "-shm", "-journal"):  # whether they exist at the moment or not
        refuses(f"{database}{suffix}", protected, "of the open database")
    monkeypatch.chdir(database.parent)
    refuses("lotkeeper.sqlite", protected, "is the open database")  # relative
    refuses("../record/./lotkeeper.sqlite-wal", protected, "of the open database")
    (tmp_path / "link.pdf").symlink_to(database)
    refuses(tmp_path / "link.pdf", protected, "is the open database")  # a symlink to it
    os.link(database, tmp_path / "hard.pdf")
    refuses(tmp_path / "hard.pdf", protected, "is the open database")  # a hard link to it
    assert database.read_bytes() == before


def test_backups_keys_witness_and_folders_are_never_written(
    record: tuple[Path, Protected], tmp_path: Path
) -> None:
    database, protected = record
    backup = tmp_path / "backup.pdf"  # whatever its name, a SQLite file is a record
    with sqlite3.connect(backup) as connection:
        connection.execute("CREATE TABLE t (x)")
    refuses(backup, protected, "is a SQLite database")
    refuses(f"{backup}-wal", protected, "belongs to the SQLite database")
    refuses(database.parent / "keys" / "new.pdf", protected, "in the site key folder")
    refuses(database.parent / "keys" / "r.key", protected, "in the site key folder")
    refuses(tmp_path / "shared" / "witness" / "r.witness", protected, "in the witness folder")
    elsewhere = tmp_path / "copies"
    elsewhere.mkdir()
    (elsewhere / "key.pdf").write_bytes(KEY)
    (elsewhere / "witness.pdf").write_bytes(WITNESS)
    refuses(elsewhere / "key.pdf", protected, "is a site key")
    refuses(elsewhere / "witness.pdf", protected, "is a witness file")
    refuses(elsewhere, protected, "is a folder")
    if hasattr(os, "mkfifo"):
        os.mkfifo(elsewhere / "pipe")
        refuses(elsewhere / "pipe", protected, "not a regular file")
    assert (elsewhere / "key.pdf").read_bytes() == KEY
    assert (elsewhere / "witness.pdf").read_bytes() == WITNESS


def test_a_file_is_replaced_only_when_forced_and_appears_whole(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    assert write(out, b"%PDF first", Protected()) == out
    with pytest.raises(Refused, match="already exists"):
        write(out, b"%PDF second", Protected())
    assert out.read_bytes() == b"%PDF first"
    write(out, b"%PDF second", Protected(), force=True)
    assert out.read_bytes() == b"%PDF second"
    with pytest.raises(Refused, match="could not be written: no folder"):
        write(tmp_path / "missing" / "x.pdf", b"%PDF", Protected())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labels.pdf"]  # no .part left


def test_a_file_that_appears_meanwhile_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    assert check(out, Protected()) == out  # absent when checked...
    staged = output_files._stage(out, b"%PDF mine")
    out.write_bytes(b"someone else's")  # ...then another program writes it
    with pytest.raises(Refused, match="already exists"):
        move_into_place(staged, out, force=False)
    assert out.read_bytes() == b"someone else's"
