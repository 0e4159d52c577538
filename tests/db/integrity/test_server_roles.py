"""The application's PostgreSQL role cannot rewrite, erase or unguard the record.

`lotkeeper server setup` makes an owner (schema, tables, triggers, migrations) and an
application role (what workstations use). Through the application's connection every
forgery that destroys evidence is refused by the server; a forged release that only adds
rows (what the application itself may do) is caught by the keyed chain and by production's
scan.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db import audit_verify, catalog_import, users
from db.dispense import dispense
from db.engine import Database
from db.initialise import initialise
from db.server_roles import ServerRoles, setup
from db.usability import scan_check
from tests.db.integrity.test_forgery import forge_release
from tests.desktop.cli_runner import ok
from tests.fixtures.databases import TestClock, integrity_in, pg_database_from
from tests.fixtures.world import (
    FULL_NAMES,
    PASSWORDS,
    ROLES,
    Unit,
    example_data,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_unit(pg_server: str, data_dir: Path) -> Iterator[Unit]:
    """A record set up by the server administrator and used through the application role."""
    suffix = uuid.uuid4().hex[:8]
    roles = ServerRoles("lotkeeper", f"lk_owner_{suffix}", f"lk_app_{suffix}")
    try:
        with pg_database_from(pg_server) as admin_url:
            done = setup(admin_url, roles)
            assert done.created_roles == [roles.owner, roles.app]
            db = Database(done.app_url, clock=TestClock(), integrity=integrity_in(data_dir))
            admin = initialise(db, "admin", "Ada Admin", PASSWORDS["admin"]).admin
            assert admin is not None
            unit = Unit(db, db._clock, {"admin": admin}, data_dir)  # type: ignore[arg-type]
            for name, held in ROLES.items():
                unit.people[name] = users.add_user(
                    db, admin, name, FULL_NAMES[name], held, PASSWORDS[name]
                )
            catalog_import.import_catalog(
                db, admin, example_data("car-t-catalog.csv"), example_data("suppliers.csv"),
                approval=unit.approval(),
            )  # fmt: skip
            yield unit
            db.dispose()
    finally:
        dropper = create_engine(pg_server, isolation_level="AUTOCOMMIT")
        with dropper.connect() as connection:
            for role in (roles.app, roles.owner):
                connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        dropper.dispose()


REFUSED = [
    "UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3",
    "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)",
    "DELETE FROM lots",
    "DELETE FROM signatures",
    "TRUNCATE audit_events",
    "TRUNCATE lots CASCADE",
    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update",
    "DROP TRIGGER audit_events_no_update ON audit_events",
    "DROP FUNCTION lotkeeper_refuse() CASCADE",
    "SET session_replication_role = replica",
    "UPDATE record_identity SET keyed_from = 1000000",
    "UPDATE documents SET content = 'forged'",
    "UPDATE audit_head SET seq = seq - 1, "
    "hash = (SELECT hash FROM audit_events WHERE seq = (SELECT seq FROM audit_head) - 1)",
    "INSERT INTO audit_events (seq, at, username, action, entity_type, entity_id, new, "
    "prev_hash, hash) VALUES (2, now(), 'x', 'x', 'lots', 1, '{}', 'x', 'forged')",
    "CREATE TABLE lotkeeper.shadow (id int)",
    "CREATE TABLE public.shadow (id int)",
]


def test_the_application_role_works_but_cannot_destroy_evidence(app_unit: Unit) -> None:
    unit = app_unit
    lot = unit.released_lot(containers=2)
    assert scan_check(unit.db, lot.containers[0]).go
    dispense(unit.db, unit.prod, lot.containers[0], "1", "CAR-T-007")
    assert audit_verify.verify(unit.db).ok
    for sql in REFUSED:
        with pytest.raises(DBAPIError) as info, unit.db.engine.begin() as connection:
            connection.execute(text(sql))
        message = str(info.value.orig)
        assert any(
            words in message
            for words in (
                "permission denied", "must be owner", "append-only", "never deleted",
                "only moves forward", "appended in order", "never changes",
            )
        ), (sql, message)  # fmt: skip
    assert audit_verify.verify(unit.db).ok, "every refused attempt left the record intact"


def test_a_forged_release_through_the_application_role_is_caught(app_unit: Unit) -> None:
    """Adding rows is what the application may do: caught without the key, and at the scan."""
    unit = app_unit
    lot = unit.receive(containers=1)
    seq = forge_release(unit, lot.lot, key=None)
    first = audit_verify.verify(unit.db).first() or ""
    assert first.startswith(f"event #{seq}") and "HMAC" in first
    assert not scan_check(unit.db, lot.containers[0]).go


def test_server_setup_from_the_command_line(pg_server: str, data_dir: Path) -> None:
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"lk_owner_{suffix}", f"lk_app_{suffix}"
    try:
        with pg_database_from(pg_server) as admin_url:
            args = ("server", "setup", "--owner", owner, "--app", app, "--json")
            made = ok(admin_url, *args, stdin="\n\n").json()
            assert made["created_roles"] == [owner, app]
            again = ok(admin_url, *args, stdin="\n\n").json()  # idempotent: upgrades, re-grants
            assert again["created_roles"] == []
            app_url = make_url(admin_url).set(username=app).render_as_string(False)
            done = ok(app_url, "init", "--admin", "admin", "--full-name", "Ada Admin",
                      stdin=PASSWORDS["admin"] + "\n")  # fmt: skip
            assert "administrator admin created" in done.out and "site key written" in done.out
            assert "audit trail intact" in ok(app_url, "audit", "verify").out
    finally:
        dropper = create_engine(pg_server, isolation_level="AUTOCOMMIT")
        with dropper.connect() as connection:
            for role in (app, owner):
                connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        dropper.dispose()
