"""The audit trail: every write recorded, append-only in the database, hash-chained, and
`verify` finds what was changed behind the program's back."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from db import audit_verify, release
from db.models import AuditEvent, Container, Lot
from tests.fixtures.world import PASSWORDS, Unit


def raw(unit: Unit, sql: str) -> None:
    """A change made outside Lotkeeper, as with the sqlite3 shell or psql."""
    with unit.db.engine.begin() as connection:
        connection.execute(text(sql))


def drop_guard(unit: Unit) -> None:
    """What someone with direct database access could do before editing the trail."""
    raw(
        unit,
        "DROP TRIGGER audit_events_no_update"
        + (" ON audit_events" if unit.db.dialect == "postgresql" else ""),
    )


def test_a_fresh_journey_verifies(unit: Unit) -> None:
    lot = unit.released_lot()
    assert lot.lot
    report = audit_verify.verify(unit.db)
    assert report.ok, report.first()
    # Two signatures: QA's approval of the example catalog, and the release.
    assert report.events > 50 and report.signatures == 2 and report.documents == 1


def test_events_carry_who_what_when_old_new_and_why(unit: Unit) -> None:
    lot = unit.released_lot()
    release.hold(unit.db, unit.qa, PASSWORDS["qa"], lot.lot, "supplier recall notice")
    with unit.db.read() as s:
        event = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "lot.hold", AuditEvent.entity_type == "lots"
            )
        ).one()
    assert (event.username, event.reason) == ("qa", "supplier recall notice")
    assert json.loads(event.old)["status"] == "RELEASED"
    assert json.loads(event.new)["status"] == "ON_HOLD"
    assert event.at.tzinfo is not None


def test_the_database_refuses_to_change_or_delete_the_trail(unit: Unit) -> None:
    unit.receive()
    for sql in (
        "UPDATE audit_events SET reason = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
        "DELETE FROM lots",
        "DELETE FROM containers",
        "DELETE FROM users",
    ):
        with pytest.raises(DBAPIError, match=r"append-only|never deleted"):
            raw(unit, sql)


def test_postgresql_refuses_truncate(unit: Unit) -> None:
    if unit.db.dialect != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(DBAPIError, match="never deleted"):
        raw(unit, "TRUNCATE audit_events")


def test_the_program_never_deletes_or_bulk_updates(unit: Unit) -> None:
    done = unit.receive()
    with (
        pytest.raises(RuntimeError, match="never deleted"),
        unit.db.write(user_id=None, username="x", action="test") as s,
    ):
        s.delete(s.scalars(select(Lot)).one())
    with (
        pytest.raises(RuntimeError, match="bypasses the audit trail"),
        unit.db.write(user_id=None, username="x", action="test") as s,
    ):
        s.execute(update(Container).values(quantity=0))
    with (
        pytest.raises(RuntimeError, match="bypasses the audit trail"),
        unit.db.write(user_id=None, username="x", action="test") as s,
    ):
        s.execute(delete(Lot))
    assert audit_verify.verify(unit.db).ok and done.lot


def test_a_record_changed_behind_the_programs_back_is_named(unit: Unit) -> None:
    lot = unit.released_lot()
    raw(unit, "UPDATE containers SET quantity = 5000 WHERE seq = 1")
    report = audit_verify.verify(unit.db)
    assert not report.ok
    problems = [p.text for p in report.ordered()]
    # What it means comes first (the quantity no longer adds up), then the row itself.
    assert f"container {lot.containers[0]} holds 5.000 but 10.000 received" in problems[0]
    changed = next(t for t in problems if "quantity was recorded as" in t)
    assert "lot.receive" in changed and "'10.000'" in changed and "'5.000'" in changed


def test_a_status_forged_in_the_table_is_found(unit: Unit) -> None:
    lot = unit.receive()
    raw(unit, f"UPDATE lots SET status = 'RELEASED' WHERE lot_number = '{lot.lot}'")
    problems = [p.text for p in audit_verify.verify(unit.db).ordered()]
    assert problems[0] == f"lot {lot.lot} is RELEASED in the table but its events give QUARANTINE"
    assert any("status was recorded as 'QUARANTINE'" in t and "'RELEASED'" in t for t in problems)


def test_an_edited_event_breaks_the_chain_at_that_event(unit: Unit) -> None:
    unit.released_lot()
    drop_guard(unit)
    raw(unit, "UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 7")
    first = audit_verify.verify(unit.db).first() or ""
    assert first.startswith("event #7 ") and "HMAC does not verify" in first


def test_removed_events_are_found(unit: Unit) -> None:
    unit.released_lot()
    raw(
        unit,
        "DROP TRIGGER audit_events_no_delete"
        + (" ON audit_events" if unit.db.dialect == "postgresql" else ""),
    )
    raw(unit, "DELETE FROM audit_events WHERE seq = 5")
    assert "expected event #5 here" in (audit_verify.verify(unit.db).first() or "")


def test_truncating_the_tail_of_the_trail_is_found(unit: Unit) -> None:
    unit.released_lot()
    with unit.db.read() as s:
        last = s.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
    raw(
        unit,
        "DROP TRIGGER audit_events_no_delete"
        + (" ON audit_events" if unit.db.dialect == "postgresql" else ""),
    )
    raw(unit, f"DELETE FROM audit_events WHERE seq = {last}")
    first = audit_verify.verify(unit.db).first() or ""
    assert f"the chain head names event #{last}" in first and "were removed" in first, first


def test_a_row_inserted_behind_the_programs_back_is_found(unit: Unit) -> None:
    unit.receive()
    raw(
        unit,
        "INSERT INTO batches (code, created_at, created_by_id) "
        "VALUES ('GHOST', '2026-01-01 00:00:00', 1)",
    )
    problems = " | ".join(p.text for p in audit_verify.verify(unit.db).problems)
    assert "batches #1 has no audit trail" in problems


def test_a_replaced_document_and_a_forged_signature_are_found(unit: Unit) -> None:
    unit.released_lot()
    if unit.db.dialect == "postgresql":
        raw(unit, "UPDATE documents SET content = convert_to('%PDF-1.4 forged %%EOF', 'UTF8')")
    else:
        raw(unit, "UPDATE documents SET content = CAST('%PDF-1.4 forged %%EOF' AS BLOB)")
    raw(unit, "UPDATE signatures SET full_name = 'Somebody Else'")
    problems = " | ".join(p.text for p in audit_verify.verify(unit.db).problems)
    assert "document #1: its bytes no longer match" in problems
    assert "printed name, meaning or time differ" in problems


def test_a_signed_record_changed_later_voids_the_signature_binding(unit: Unit) -> None:
    lot = unit.released_lot()
    raw(unit, f"UPDATE lots SET supplier_lot = 'OTHER' WHERE lot_number = '{lot.lot}'")
    problems = " | ".join(p.text for p in audit_verify.verify(unit.db).problems)
    assert "signed lots #1 supplier_lot was 'LOT1', now 'OTHER'" in problems
