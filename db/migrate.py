"""Schema revisions: upgrade to head, and refuse a database this program does not know."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from db.errors import NotInitialised, OlderSchema, SchemaMismatch

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _known(revision: str) -> bool:
    script = ScriptDirectory(str(MIGRATIONS))
    return any(r.revision == revision for r in script.walk_revisions())


def check(engine: Engine) -> None:
    """Refuse to work on a database that is not at this program's revision."""
    current = current_revision(engine)
    if current is None:
        if inspect(engine).get_table_names():
            raise SchemaMismatch("this database was not made by Lotkeeper (no schema revision)")
        raise NotInitialised("the database is not initialised: run `lotkeeper init`")
    if not _known(current):
        raise SchemaMismatch(
            f"the database is at schema revision {current}, made by a newer Lotkeeper; "
            "install that version or newer to open it"
        )
    if current != head_revision():
        raise OlderSchema(
            f"the database is at an older schema revision ({current}); "
            "run `lotkeeper init` to upgrade it (back it up first)"
        )


def upgrade(engine: Engine) -> str | None:
    """Create or upgrade to head. Returns the revision it started from (None: new database)."""
    current = current_revision(engine)
    if current is not None and not _known(current):
        check(engine)  # raises the "newer program" message
    if current is None and inspect(engine).get_table_names():
        check(engine)
    command.upgrade(alembic_config(engine), "head")
    return current
