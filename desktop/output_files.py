"""Writing a command's output file without ever destroying the record.

No output ever lands on: the open database file or its `-wal`, `-shm`, `-journal` companions;
any SQLite database (a backup: known by its header) or its companions; a site key or anything
in the key folder; a witness file or anything in the witness folder; a folder or a device.
Not even with `force`. An existing file is replaced only with `force`.

Paths are compared once resolved (relative paths, `~`, symlinks) and, for files that exist, by
identity (a hard link to the record is the record). The file is written beside its target,
flushed to disk, then moved into place: `os.replace` with `force`, otherwise a hard link that
fails if a file appeared meanwhile. A reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from db.engine import Database
from db.errors import Refused
from db.integrity.site_key import is_key_file
from db.integrity.witness import is_witness_file

SQLITE_HEADER = b"SQLite format 3\x00"
COMPANIONS = {"-wal": "write-ahead log", "-shm": "shared memory", "-journal": "journal"}
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
JOURNAL_MAGIC = b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"
HEAD = 512  # bytes read from an existing file to tell what it is
TEMP_SUFFIX = ".part"


@dataclass(frozen=True)
class Protected:
    """What no output may touch, besides what is recognised by its content."""

    databases: tuple[Path, ...] = ()  # open SQLite files (their companions with them)
    folders: tuple[tuple[Path, str], ...] = ()  # (folder, what it holds): the key folder...


def protected_by(db: Database) -> Protected:
    """The record's own files: its SQLite file, its key folder and its witness folder."""
    databases: list[Path] = []
    name = db.engine.url.database if db.dialect == "sqlite" else None
    if name and name != ":memory:" and not name.startswith("file:"):
        databases.append(_resolved(name))
    folders: list[tuple[Path, str]] = []
    if db.integrity is not None:
        folders.append((_resolved(db.integrity.keys.folder), "site key"))
        if db.integrity.witness is not None:
            folders.append((_resolved(db.integrity.witness.folder), "witness"))
    return Protected(tuple(databases), tuple(folders))


def check(path: str | Path, protected: Protected, *, force: bool = False) -> Path:
    """The resolved target, or a refusal that says why nothing may be written there."""
    target = _resolved(path)
    for database in protected.databases:
        if _same(target, database):
            raise Refused(f"{target} is the open database: an output never replaces the record")
        for suffix, what in COMPANIONS.items():
            if _same(target, database.with_name(database.name + suffix)):
                raise Refused(
                    f"{target} is the {what} of the open database: an output never goes there"
                )
    for folder, what in protected.folders:
        if _inside(target, folder):
            raise Refused(f"{target} is in the {what} folder {folder}: an output never goes there")
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise Refused(f"cannot check {target}: {exc.strerror}") from exc
    _companion_of_a_database(target)
    if info is None:
        return target
    if stat.S_ISDIR(info.st_mode):
        raise Refused(f"{target} is a folder: name the file to write (e.g. {target / 'out.pdf'})")
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"{target} is not a regular file: an output is written to a file only")
    _not_part_of_a_record(target, _head(target))
    if not force:
        raise Refused(f"{target} already exists: it is kept (--force replaces it)")
    return target


def write(path: str | Path, data: bytes, protected: Protected, *, force: bool = False) -> Path:
    """Write `data` at `path` whole, or refuse and leave no trace; returns the file written."""
    target = check(path, protected, force=force)
    staged = _stage(target, data)
    try:
        # Again, just before the move: the folder may have changed while the data was written.
        if check(target, protected, force=force) != target:
            raise Refused(f"{path} changed while it was being written: nothing was replaced")
        move_into_place(staged, target, force=force)
    finally:
        _unlink(staged)
    _sync_folder(target.parent)
    return target


def move_into_place(staged: Path, target: Path, *, force: bool) -> None:
    """Move a staged file to `target`: replacing a file only with `force`."""
    try:
        if force:
            os.replace(staged, target)
            return
        try:
            os.link(staged, target)  # fails if `target` exists, whatever appeared meanwhile
        except FileExistsError:
            raise
        except OSError:
            _copy_exclusive(staged, target)  # a file system without hard links
    except FileExistsError as exc:
        raise Refused(f"{target} already exists: it is kept (--force replaces it)") from exc
    except OSError as exc:
        raise _unwritable(target, exc) from exc


def discard(path: Path) -> bool:
    """Remove a file written by `write`; False if it could not be removed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _resolved(path: str | Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        raise Refused(f"cannot resolve the path {path}: {exc}") from exc


def _key(path: Path) -> str:
    return os.path.normcase(str(path))


def _same(a: Path, b: Path) -> bool:
    if _key(a) == _key(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # one of them does not exist: names compared above


def _inside(path: Path, folder: Path) -> bool:
    try:
        return os.path.commonpath([_key(path), _key(folder)]) == _key(folder)
    except ValueError:
        return False  # different drives


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(HEAD)
    except OSError as exc:
        raise Refused(
            f"{path} exists and cannot be read ({exc.strerror}): it is kept, it might be part "
            "of a record"
        ) from exc


def _not_part_of_a_record(path: Path, head: bytes) -> None:
    if head.startswith(SQLITE_HEADER):
        raise Refused(
            f"{path} is a SQLite database (a record or a backup): an output never replaces it"
        )
    if head.startswith(WAL_MAGIC) or head.startswith(JOURNAL_MAGIC):
        raise Refused(f"{path} belongs to a SQLite database: an output never replaces it")
    if is_key_file(head):
        raise Refused(f"{path} is a site key: an output never replaces it")
    if is_witness_file(head):
        raise Refused(f"{path} is a witness file: an output never replaces it")


def _companion_of_a_database(path: Path) -> None:
    for suffix in COMPANIONS:
        if path.name.endswith(suffix):
            database = path.with_name(path.name[: -len(suffix)])
            try:
                is_database = database.is_file() and _head(database).startswith(SQLITE_HEADER)
            except Refused:
                is_database = True  # unreadable: assume the worst
            if is_database:
                raise Refused(
                    f"{path} belongs to the SQLite database {database}: an output never goes there"
                )


def _unwritable(path: Path, exc: OSError) -> Refused:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOENT and not path.parent.is_dir():
        reason = f"no folder {path.parent}"
    return Refused(f"{path} could not be written: {reason}")


def _stage(target: Path, data: bytes) -> Path:
    """`data` in a new file beside `target`, flushed to disk."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        staged = target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            handle = os.open(staged, flags, 0o666)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise _unwritable(target, exc) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        _unlink(staged)
        raise _unwritable(target, exc) from exc
    return staged


def _copy_exclusive(staged: Path, target: Path) -> None:
    """Where hard links are not supported: create `target` only if absent, then fill it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    handle = os.open(target, flags, 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(staged.read_bytes())
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _unlink(target)
        raise


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):  # gone already, or left behind as a hidden .part file
        path.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (POSIX); best effort where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
