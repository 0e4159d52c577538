"""Schema revisions: upgrade to head, and refuse a database this program does not know."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

from db.errors import NotInitialised, OlderSchema, SchemaMismatch
from db.models import Base

MIGRATIONS = Path(__file__).with_name("migrations")


# What the migrations make beside the models: the search index (0006) on each backend. An
# FTS5 table comes with shadow tables (lots_search_data, _idx, _docsize, _config).
UNMODELLED = ("lots_search", "ix_lots_lot_number_trgm", "ix_lots_supplier_lot_trgm")


def modelled(name: str | None, _type: str, _parents: object) -> bool:
    """Alembic's `include_name`: whether a schema object is the models' to compare."""
    return name is None or not name.startswith(UNMODELLED)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # alembic loads only when a schema is changed

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def revisions() -> list[str]:
    """The shipped revisions, oldest first: each file of migrations/versions is named
    NNNN_what.py after its revision id (a test holds this equal to Alembic's own view).
    Read from the names, so opening a record never loads Alembic and every migration."""
    names = (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    return sorted(path.name.split("_", 1)[0] for path in names)


def head_revision() -> str:
    shipped = revisions()
    assert shipped, "no migrations shipped"
    return shipped[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _known(revision: str) -> bool:
    return revision in revisions()


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
    _tables_present(engine)


def _tables_present(engine: Engine) -> None:
    """At this revision every table of the models is there; one missing is damage."""
    present = set(inspect(engine).get_table_names())
    missing = [t.name for t in Base.metadata.sorted_tables if t.name not in present]
    if missing:
        raise SchemaMismatch(
            f"the table {missing[0]} is missing: the database is damaged; restore a backup"
        )


def upgrade(engine: Engine) -> str | None:
    """Create or upgrade to head. Returns the revision it started from (None: new database)."""
    current = current_revision(engine)
    if current is not None and not _known(current):
        check(engine)  # raises the "newer program" message
    if current is None and inspect(engine).get_table_names():
        check(engine)
    if current != head_revision():  # at head there is nothing to run (nor any DDL right needed)
        from alembic import command

        command.upgrade(alembic_config(engine), "head")
    return current
