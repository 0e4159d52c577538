"""Schema revisions: init creates or upgrades; a database from elsewhere is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from db import migrate
from db.engine import Database
from db.errors import NoDatabase, Refused, SchemaMismatch
from db.initialise import initialise
from db.models import Base
from desktop.opening import open_database
from tests.fixtures.databases import integrity_in
from tests.fixtures.world import PASSWORDS


def fresh(url: str, data: Path) -> Database:
    """A new, empty record as `init` opens it."""
    return Database(url, integrity=integrity_in(data), create=True)


def test_migrations_build_exactly_the_models(db_url: str, data_dir: Path) -> None:
    db = fresh(db_url, data_dir)
    migrate.upgrade(db.engine)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": migrate.modelled})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    db.dispose()


def test_init_is_idempotent_and_keeps_data(db_url: str, data_dir: Path) -> None:
    db = fresh(db_url, data_dir)
    done = initialise(db, "admin", "Ada Admin", PASSWORDS["admin"])
    assert done.previous_revision is None and done.admin is not None
    again = initialise(db)
    assert again.previous_revision == again.revision == migrate.head_revision()
    assert again.admin is None
    db.dispose()


def test_a_second_first_admin_is_refused(db_url: str, data_dir: Path) -> None:
    db = fresh(db_url, data_dir)
    initialise(db, "admin", "Ada Admin", PASSWORDS["admin"])
    with pytest.raises(Refused, match="already has users"):
        initialise(db, "admin2", "Bob", "another-kestrel-2288")
    db.dispose()


def test_an_uninitialised_database_is_refused_with_the_fix(db_url: str, data_dir: Path) -> None:
    if db_url.startswith("sqlite"):
        # Only init creates a file: opening a missing one refuses and creates nothing.
        with pytest.raises(NoDatabase, match=r"no Lotkeeper database at .* `lotkeeper init`"):
            open_database(db_url)
        assert not Path(db_url.removeprefix("sqlite:///")).exists()
        fresh(db_url, data_dir).dispose()  # an empty file, as init leaves it before migrating
    with pytest.raises(SchemaMismatch, match="not initialised: run `lotkeeper init`"):
        open_database(db_url)


def test_a_database_from_a_newer_program_is_refused(db_url: str, data_dir: Path) -> None:
    db = fresh(db_url, data_dir)
    initialise(db, "admin", "Ada Admin", PASSWORDS["admin"])
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaMismatch, match="revision 9999, made by a newer Lotkeeper"):
        open_database(db_url)
    with pytest.raises(SchemaMismatch, match="newer Lotkeeper"):
        initialise(db)
    db.dispose()


def test_a_foreign_database_is_refused(db_url: str, data_dir: Path) -> None:
    db = fresh(db_url, data_dir)
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE patients (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaMismatch, match="not made by Lotkeeper"):
        initialise(db)
    db.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str, data_dir: Path) -> None:
    db = fresh(sqlite_url, data_dir)
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_the_revisions_read_from_file_names_are_alembics() -> None:
    """Opening a record reads the revisions from the file names (no Alembic at start)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrate.MIGRATIONS))
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.revisions() == [r.revision for r in reversed(list(script.walk_revisions()))]
