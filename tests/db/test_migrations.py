"""Schema revisions: init creates or upgrades; a database from elsewhere is refused clearly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from db import migrate
from db.engine import Database
from db.errors import Refused, SchemaMismatch
from db.initialise import initialise
from db.models import Base
from desktop.opening import open_database


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    db = Database(db_url)
    migrate.upgrade(db.engine)
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    db.dispose()


def test_init_is_idempotent_and_keeps_data(db_url: str) -> None:
    db = Database(db_url)
    done = initialise(db, "admin", "Ada Admin", "admin-pass-1")
    assert done.previous_revision is None and done.admin is not None
    again = initialise(db)
    assert again.previous_revision == again.revision == migrate.head_revision()
    assert again.admin is None
    db.dispose()


def test_a_second_first_admin_is_refused(db_url: str) -> None:
    db = Database(db_url)
    initialise(db, "admin", "Ada Admin", "admin-pass-1")
    with pytest.raises(Refused, match="already has users"):
        initialise(db, "admin2", "Bob", "admin-pass-2")
    db.dispose()


def test_an_uninitialised_database_is_refused_with_the_fix(db_url: str) -> None:
    with pytest.raises(SchemaMismatch, match="not initialised: run `lotkeeper init`"):
        open_database(db_url)


def test_a_database_from_a_newer_program_is_refused(db_url: str) -> None:
    db = Database(db_url)
    initialise(db, "admin", "Ada Admin", "admin-pass-1")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaMismatch, match="revision 9999, made by a newer Lotkeeper"):
        open_database(db_url)
    with pytest.raises(SchemaMismatch, match="newer Lotkeeper"):
        initialise(db)
    db.dispose()


def test_a_foreign_database_is_refused(db_url: str) -> None:
    db = Database(db_url)
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE patients (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaMismatch, match="not made by Lotkeeper"):
        initialise(db)
    db.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()
