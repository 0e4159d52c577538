"""The fast verify reads the same values and hashes the same bytes as the ORM path did, and
the incremental verify starts only where a passing verify (HMAC'd with the site key) ended."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select, text

from db import audit_verify
from db.audit import HASHED_FIELDS, audit_value
from db.integrity import fast_trail, verified_state
from db.integrity.records_check import audited_models
from db.models import AuditEvent
from db.serialize import canonical_json, plain
from tests.db.tampering import append_event, raw, rechain_from, unguarded
from tests.fixtures.world import Unit


def _key(unit: Unit):  # type: ignore[no-untyped-def]
    with unit.db.read() as session:
        return unit.db.site_key(session)


def _busy(unit: Unit) -> None:
    """Receipts, a release, and an event whose text needs every kind of JSON escape."""
    unit.released_lot()
    unit.receive(lot="LOT-2", containers=3, quantity="2.5")
    with unit.db.engine.begin() as connection:
        append_event(
            connection, _key(unit), entity_type="notes", entity_id=7, action="note.add",
            new={"text": 'Zoë "quoted" \\ tab\t nl\n \u2028 \x01 ✓ 日本'}, user_id=None,
        )  # fmt: skip


def test_the_fast_encoder_gives_the_bytes_the_chain_was_sealed_with(unit: Unit) -> None:
    _busy(unit)
    columns = [AuditEvent.__table__.c[name] for name in HASHED_FIELDS]
    with unit.db.snapshot() as session:
        ordered = select(*columns).order_by(AuditEvent.seq)
        slow = [canonical_json(r._asdict()) for r in session.execute(ordered)]
        fast = [fast_trail.event_text(row) for row in fast_trail.event_rows(session, 0)]
    assert len(fast) == len(slow) > 20
    assert fast == slow


def test_column_converters_give_what_the_orm_and_audit_value_give(unit: Unit) -> None:
    _busy(unit)
    with unit.db.snapshot() as session:
        for model in audited_models():
            columns = model.audited_columns()
            convert = [fast_trail.column_converter(session, c) for c in columns]
            names = ", ".join(c.name for c in columns)
            sql = f"SELECT {names} FROM {model.__tablename__} ORDER BY id"
            raw_rows = [r for b in fast_trail.raw_batches(session, sql) for r in b]
            orm_rows = session.execute(select(*columns).order_by(model.__table__.c.id)).all()
            assert len(raw_rows) == len(orm_rows)
            for raw_row, orm_row in zip(raw_rows, orm_rows, strict=True):
                for i, column in enumerate(columns):
                    c, value = convert[i], raw_row[i]
                    fast = value if c is None else c(value)
                    expected = audit_value(column, orm_row[i])
                    assert fast == expected and type(fast) is type(expected), (model, column.key)


def test_quantity_text_is_plain_of_the_quantity() -> None:
    for thousandths in (0, 1, -1, 999, 1000, -1500, 12_345_678, 10**15 + 7, -(10**12)):
        expected = plain(Decimal(thousandths) * Decimal("0.001"))
        assert fast_trail.quantity_text(thousandths) == expected


def test_incremental_verify_checks_the_new_events_and_the_rows_they_touch(unit: Unit) -> None:
    unit.released_lot()
    assert audit_verify.verify(unit.db).ok  # remembers where it ended
    state = verified_state.read(_key(unit))
    assert state is not None
    lot = unit.receive(lot="LOT-2", containers=1)
    report = audit_verify.verify(unit.db, incremental=True)
    assert report.ok, report.ordered()
    assert 0 < report.events < state.seq and "incremental" in report.notes[0]
    raw(unit, "UPDATE containers SET quantity = 1 WHERE code = :c", c=lot.containers[0])
    with unit.db.engine.begin() as connection:
        seq = append_event(
            connection, None, entity_type="lots", entity_id=1, action="lot.hold",
            new={"status": "ON_HOLD"}, old={"status": "RELEASED"},
        )  # fmt: skip
    problems = [p.text for p in audit_verify.verify(unit.db, incremental=True).ordered()]
    assert problems[0].startswith(f"event #{seq}") and "HMAC" in problems[0], problems


def test_a_history_rewritten_with_the_key_before_the_verified_point_is_found(
    unit: Unit,
) -> None:
    unit.released_lot()
    assert audit_verify.verify(unit.db).ok
    with unguarded(unit) as connection:
        connection.execute(text("UPDATE audit_events SET reason = 'x' WHERE seq = 3"))
        rechain_from(connection, _key(unit), 3)
    first = audit_verify.verify(unit.db, incremental=True).first() or ""
    assert "no longer holds the hash verified then" in first, first


def test_a_state_file_not_sealed_with_the_key_is_ignored(unit: Unit) -> None:
    unit.released_lot()
    assert audit_verify.verify(unit.db).ok
    path = verified_state.path_for(_key(unit))
    body = json.loads(path.read_text())
    body["seq"] = 10**6
    path.write_text(json.dumps(body))
    assert verified_state.read(_key(unit)) is None
    report = audit_verify.verify(unit.db, incremental=True)
    assert report.ok and not any("incremental" in n for n in report.notes)
