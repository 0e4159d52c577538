"""Opening the record for a command or the application: the right URL, key and revision."""

from __future__ import annotations

from db import migrate
from db.engine import Database, translate_errors
from db.integrity.sealing import Integrity
from desktop import paths


def open_database(
    explicit_url: str | None = None,
    *,
    check: bool = True,
    create: bool = False,
    integrity: Integrity | None = None,
) -> Database:
    """Open the record; refuse (SchemaMismatch) one that is not at this program's revision.

    Only `create` (init, demo, the application's first start) makes a new SQLite file.
    """
    db = Database(
        paths.database_url(explicit_url),
        integrity=integrity or paths.integrity(),
        create=create,
    )
    if check:
        try:
            with translate_errors(db.url):
                migrate.check(db.engine)
        except Exception:
            db.dispose()
            raise
    return db
