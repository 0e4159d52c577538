"""A PostgreSQL record run with least privilege: an owner role and an application role.

The owner owns the schema, its tables, triggers and functions, and runs the migrations; no
workstation uses it. The application role, the one every workstation connects with, may
read, may INSERT into the trail and the record, and may UPDATE only the tables the
workflows update. It may not UPDATE, DELETE or TRUNCATE the trail (nor DELETE anything), may
not ALTER a table or disable or drop a trigger (only an owner may), and may not set
`session_replication_role` (superusers only). Both roles are created without superuser,
database or role creation rights.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from db import migrate
from db.errors import Refused

# Tables the workflows UPDATE (status, quantities, accounts, catalog, settings, counters,
# the chain head, signatures attached after the signed row); every other table is
# insert-only for the application.
UPDATED = (
    "users", "suppliers", "material_references", "lots", "containers", "samples",
    "deviations", "settings", "counters", "audit_head", "approved_changes",
)  # fmt: skip
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class ServerRoles:
    schema: str = "lotkeeper"
    owner: str = "lotkeeper_owner"
    app: str = "lotkeeper_app"

    def __post_init__(self) -> None:
        for name in (self.schema, self.owner, self.app):
            if not _NAME.fullmatch(name):
                raise Refused(f"{name!r} is not a plain PostgreSQL name (a-z, 0-9, _)")
        if self.owner == self.app:
            raise Refused("the owner and the application roles must differ")


@dataclass(frozen=True)
class SetUp:
    app_url: str
    created_roles: list[str]
    previous_revision: str | None


def setup(
    admin_url: str, roles: ServerRoles, passwords: dict[str, str | None] | None = None
) -> SetUp:
    """Create (or bring up to date) the roles, the schema, the tables, and the grants.

    Run by the server's administrator (a role that may create roles); idempotent: run it
    again after installing a new version to migrate the schema as its owner.
    """
    passwords = passwords or {}
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", hide_parameters=True)
    try:
        with admin.connect() as connection:
            created = [
                name
                for name in (roles.owner, roles.app)
                if _role(connection, name, passwords.get(name))
            ]
            database = connection.execute(text("SELECT current_database()")).scalar_one()
            _schema(connection, roles, database)
        with _as_owner(admin_url, roles) as owner:
            previous = migrate.upgrade(owner)
        with admin.connect() as connection:
            grant(connection, roles)
    finally:
        admin.dispose()
    app_url = make_url(admin_url).set(username=roles.app, password=None)
    return SetUp(app_url.render_as_string(hide_password=False), created, previous)


def _role(connection: Connection, name: str, password: str | None) -> bool:
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    if exists.first():
        return False
    options = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    connection.execute(text(f"CREATE ROLE {name} {options}"))
    if password:
        literal = "'" + password.replace("'", "''") + "'"
        connection.execute(text(f"ALTER ROLE {name} PASSWORD {literal}"))
    return True


def _schema(connection: Connection, roles: ServerRoles, database: str) -> None:
    s, owner, app = roles.schema, roles.owner, roles.app
    for sql in (
        f"CREATE SCHEMA IF NOT EXISTS {s} AUTHORIZATION {owner}",
        f"REVOKE ALL ON SCHEMA {s} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {s} TO {app}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f'ALTER ROLE {owner} IN DATABASE "{database}" SET search_path = {s}',
        f'ALTER ROLE {app} IN DATABASE "{database}" SET search_path = {s}',
    ):
        connection.execute(text(sql))
    # The search's trigram indexes (migration 0006) need pg_trgm, which only the
    # administrator may install; without it the search still works, reading the table.
    available = "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    if connection.execute(text(available)).first():
        connection.execute(text(f"CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA {s}"))


@contextmanager
def _as_owner(admin_url: str, roles: ServerRoles) -> Iterator[Engine]:
    """The administrator's connection acting as the owner, so what migrations create is the
    owner's, in the record's schema."""
    engine = create_engine(admin_url, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _become_owner(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {roles.owner}")
            cursor.execute(f"SET search_path TO {roles.schema}")
        dbapi_connection.commit()

    try:
        yield engine
    finally:
        engine.dispose()


def grant(connection: Connection, roles: ServerRoles) -> None:
    s, app = roles.schema, roles.app
    connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {app}"))
    connection.execute(text(f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA {s} TO {app}"))
    connection.execute(text(f"REVOKE INSERT ON {s}.alembic_version FROM {app}"))
    for table in UPDATED:
        connection.execute(text(f"GRANT UPDATE ON {s}.{table} TO {app}"))
    connection.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {app}"))
