"""Where Lotkeeper keeps its files: argument, then environment variable, then platformdirs.

The data folder holds the embedded database, the site keys (keys/) and the witness
(witness/). The keys and the witness can live elsewhere: LOTKEEPER_KEYS names the folder of
site keys (a protected folder, a removable medium), LOTKEEPER_WITNESS the witness folder
(ideally a network share on another machine, append-only for the workstations).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the integrity modules load with the record, not with every command
    from db.integrity.sealing import Integrity

DATA_ENV = "LOTKEEPER_DATA"
DB_ENV = "LOTKEEPER_DB"
KEYS_ENV = "LOTKEEPER_KEYS"
WITNESS_ENV = "LOTKEEPER_WITNESS"
DB_FILENAME = "lotkeeper.sqlite"


def data_dir(explicit: str | None = None) -> Path:
    chosen = explicit or os.environ.get(DATA_ENV)
    if not chosen:
        from platformdirs import user_data_dir  # only when no folder is named

        chosen = user_data_dir("Lotkeeper", appauthor=False)
    return Path(chosen).expanduser()


def _private(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def database_url(explicit: str | None = None, data: Path | None = None) -> str:
    """A SQLAlchemy URL; a plain file path means a SQLite file."""
    chosen = explicit or os.environ.get(DB_ENV)
    if chosen and "://" in chosen:
        return chosen
    if chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    folder = _private(data or data_dir())
    return f"sqlite:///{folder / DB_FILENAME}"


def keys_dir(explicit: str | None = None) -> Path:
    chosen = explicit or os.environ.get(KEYS_ENV)
    return Path(chosen).expanduser() if chosen else data_dir() / "keys"


def witness_dir(explicit: str | None = None) -> Path:
    chosen = explicit or os.environ.get(WITNESS_ENV)
    return Path(chosen).expanduser() if chosen else data_dir() / "witness"


def integrity(keys: str | None = None, witness: str | None = None) -> Integrity:
    from db.integrity.sealing import Integrity
    from db.integrity.site_key import KeyRing
    from db.integrity.witness import Witness

    return Integrity(KeyRing(keys_dir(keys)), Witness(witness_dir(witness)))


def log_file(data: Path | None = None) -> Path:
    folder = _private((data or data_dir()) / "logs")
    return folder / "lotkeeper.log"
