"""Where Lotkeeper keeps its files: argument, then environment variable, then platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATA_ENV = "LOTKEEPER_DATA"
DB_ENV = "LOTKEEPER_DB"
DB_FILENAME = "lotkeeper.sqlite"


def data_dir(explicit: str | None = None) -> Path:
    chosen = explicit or os.environ.get(DATA_ENV) or user_data_dir("Lotkeeper", appauthor=False)
    return Path(chosen).expanduser()


def database_url(explicit: str | None = None, data: Path | None = None) -> str:
    """A SQLAlchemy URL; a plain file path means a SQLite file."""
    chosen = explicit or os.environ.get(DB_ENV)
    if chosen and "://" in chosen:
        return chosen
    if chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    folder = data or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILENAME}"


def log_file(data: Path | None = None) -> Path:
    folder = (data or data_dir()) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "lotkeeper.log"
