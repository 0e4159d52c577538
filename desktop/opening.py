"""Opening the record for a command or the application: the right URL, the right revision."""

from __future__ import annotations

from db import migrate
from db.engine import Database, translate_errors
from desktop import paths


def open_database(explicit_url: str | None = None, *, check: bool = True) -> Database:
    """Open the record; refuse (SchemaMismatch) one that is not at this program's revision."""
    db = Database(paths.database_url(explicit_url))
    if check:
        try:
            with translate_errors(db.url):
                migrate.check(db.engine)
        except Exception:
            db.dispose()
            raise
    return db
