"""A deliberate forger, with the database and without the site key, or even with it.

Before site keys the chain was plain SHA-256 with its head in the same database: a forged
release with a recomputed chain passed `audit verify` and production got GO. Each test here
is one of those forgeries, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import text

from db import audit_verify
from db.errors import Refused
from db.integrity.sealing import identity
from db.usability import scan_check
from tests.db.tampering import append_event, raw, rechain_from, unguarded
from tests.fixtures.world import Unit


def _key(unit: Unit):  # type: ignore[no-untyped-def]
    with unit.db.read() as session:
        return unit.db.site_key(session)


def _lot_id(unit: Unit, number: str) -> int:
    with unit.db.read() as session:
        found = session.execute(text("SELECT id FROM lots WHERE lot_number = :n"), {"n": number})
        return int(found.scalar_one())


def forge_release(unit: Unit, number: str, key) -> int:  # type: ignore[no-untyped-def]
    """The attack as seen: status RELEASED, a matching lot.release event, the head moved."""
    lot_id = _lot_id(unit, number)
    with unit.db.engine.begin() as connection:
        connection.execute(text("UPDATE lots SET status = 'RELEASED' WHERE id = :i"), {"i": lot_id})
        return append_event(
            connection, key, entity_type="lots", entity_id=lot_id, action="lot.release",
            old={"status": "QUARANTINE"}, new={"status": "RELEASED"},
            user_id=unit.qa.id, username="qa",
        )  # fmt: skip


def test_a_forged_release_without_the_key_fails_verify_and_production_gets_stop(
    unit: Unit,
) -> None:
    lot = unit.receive(containers=1)
    unit.attach(lot.lot)
    seq = forge_release(unit, lot.lot, key=None)
    report = audit_verify.verify(unit.db)
    assert not report.ok
    first = report.first() or ""
    assert first.startswith(f"event #{seq} (lot.release by qa") and "HMAC" in first, first
    check = scan_check(unit.db, lot.containers[0])
    assert not check.go and "forged audit event" in check.problems[0], check.problems


def test_a_forger_with_the_key_still_lacks_the_qa_signature(unit: Unit) -> None:
    lot = unit.receive(containers=1)
    seq = forge_release(unit, lot.lot, key=_key(unit))
    problems = [p.text for p in audit_verify.verify(unit.db).ordered()]
    assert any(
        t.startswith(f"event #{seq}") and "without the 'Released' signature" in t for t in problems
    ), problems


def test_a_user_raised_to_admin_behind_the_programs_back_is_found(unit: Unit) -> None:
    with unit.db.engine.begin() as connection:
        connection.execute(
            text("UPDATE users SET roles = 'admin,technician' WHERE username = 'tech'")
        )
        seq = append_event(
            connection, None, entity_type="users", entity_id=unit.tech.id,
            action="user.set_roles", old={"roles": "technician"},
            new={"roles": "admin,technician"},
        )  # fmt: skip
    first = audit_verify.verify(unit.db).first() or ""
    assert first.startswith(f"event #{seq} (user.set_roles") and "HMAC" in first, first


def test_a_rewritten_middle_event_with_a_recomputed_keyed_chain_fails_against_the_witness(
    unit: Unit,
) -> None:
    """Even holding the key, rewriting history shows: the witness kept the head."""
    unit.released_lot()  # its release signature wrote a checkpoint
    key = _key(unit)
    with unit.db.read() as session:
        receipt = session.execute(
            text("SELECT MIN(seq) FROM audit_events WHERE action = 'lot.receive'")
        ).scalar_one()
    with unguarded(unit) as connection:
        connection.execute(
            text("UPDATE audit_events SET reason = 'nothing to see' WHERE seq = :s"), {"s": receipt}
        )
        rechain_from(connection, key, receipt)
    report = audit_verify.verify(unit.db)
    first = report.first() or ""
    assert "differs from the witness checkpoint" in first and "rewritten" in first, first


def test_erasing_the_last_transaction_and_moving_the_head_back_fails_against_the_witness(
    unit: Unit,
) -> None:
    lot = unit.released_lot()
    with unit.db.read() as session:
        first_of_release = session.execute(
            text("SELECT MIN(seq) FROM audit_events WHERE action = 'lot.release'")
        ).scalar_one()
        last = session.execute(text("SELECT MAX(seq) FROM audit_events")).scalar_one()
    with unguarded(unit) as connection:
        connection.execute(text("DELETE FROM signatures WHERE meaning = 'Released'"))
        connection.execute(
            text("UPDATE lots SET status = 'QUARANTINE' WHERE lot_number = :n"), {"n": lot.lot}
        )
        connection.execute(
            text("DELETE FROM audit_events WHERE seq >= :s"), {"s": first_of_release}
        )
        head = connection.execute(
            text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": first_of_release - 1}
        ).scalar_one()
        connection.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h"),
            {"s": first_of_release - 1, "h": head},
        )
    first = audit_verify.verify(unit.db).first() or ""
    assert f"the trail ends at event #{first_of_release - 1}" in first, first
    assert f"names event #{last}" in first and "were removed" in first, first


def test_a_removed_last_event_is_named_not_an_older_receipt(unit: Unit) -> None:
    unit.released_lot()
    with unit.db.read() as session:
        last = session.execute(text("SELECT MAX(seq) FROM audit_events")).scalar_one()
    with unguarded(unit) as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": last})
    first = audit_verify.verify(unit.db).first() or ""
    assert f"the trail ends at event #{last - 1}" in first, first
    assert f"#{last}..#{last} were removed" in first, first


def test_a_forged_witness_line_and_a_missing_witness_are_reported(unit: Unit) -> None:
    unit.released_lot()
    assert unit.data is not None
    witness = next((unit.data / "witness").glob("*.witness"))
    lines = witness.read_text().splitlines()
    witness.write_text("\n".join([*lines, lines[-1].replace('"seq":', '"seq":1')]) + "\n")
    problems = [p.text for p in audit_verify.verify(unit.db).problems]
    assert any(f"line {len(lines) + 1} does not verify" in t for t in problems), problems
    witness.unlink()
    problems = [p.text for p in audit_verify.verify(unit.db).problems]
    assert any("no witness checkpoints" in t for t in problems), problems


def test_a_dropped_or_disabled_guard_is_reported(unit: Unit) -> None:
    if unit.db.dialect == "postgresql":
        raw(unit, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
        expected = "audit_events_no_update is disabled"
    else:
        raw(unit, "DROP TRIGGER lots_no_delete")
        expected = "lots_no_delete is missing"
    assert expected in (audit_verify.verify(unit.db).first() or "")


def test_a_container_quantity_that_does_not_add_up_is_named(unit: Unit) -> None:
    lot = unit.receive(containers=1, quantity="10")
    raw(unit, "UPDATE containers SET quantity = 4000")  # thousandths: 4.000
    problems = [p.text for p in audit_verify.verify(unit.db).problems]
    expected = f"container {lot.containers[0]} holds 4.000 but 10.000 received"
    assert any(expected in t for t in problems), problems


def test_a_workstation_without_the_key_cannot_write_and_verify_says_why(unit: Unit) -> None:
    assert unit.data is not None
    with unit.db.read() as session:
        record = identity(session).record_id  # type: ignore[union-attr]
    (unit.data / "keys" / f"{record}.key").rename(unit.data / "elsewhere.key")
    unit.db._key = None  # a workstation that starts without the key file
    try:
        unit.receive()
    except Refused as refusal:
        assert f"no site key for the record {record}" in refusal.message
    else:
        raise AssertionError("a write without the site key was accepted")
    assert "the keyed chain cannot be checked" in (audit_verify.verify(unit.db).first() or "")


def test_a_key_readable_by_others_is_refused(unit: Unit) -> None:
    assert unit.data is not None
    key_file = next((unit.data / "keys").glob("*.key"))
    key_file.chmod(0o644)
    unit.db._key = None
    try:
        unit.receive()
    except Refused as refusal:
        assert "can be read by other accounts" in refusal.message and "chmod 600" in refusal.message
    else:
        raise AssertionError("a world-readable key was used")


def test_an_intact_record_verifies_and_names_its_head(unit: Unit) -> None:
    unit.released_lot()
    report = audit_verify.verify(unit.db)
    assert report.ok, report.first()
    assert report.checkpoints >= 2 and report.head_seq == report.events
    with unit.db.read() as session:
        head = session.execute(text("SELECT seq, hash FROM audit_head")).one()
    assert (report.head_seq, report.head_hash) == tuple(head)


def test_a_release_requirement_changed_without_qa_approval_is_named(unit: Unit) -> None:
    """Even with the key: a supplier qualified by an event that carries no QA approval."""
    with unit.db.engine.begin() as connection:
        supplier = connection.execute(
            text("SELECT id FROM suppliers WHERE name = 'CellGenix'")
        ).scalar_one()
        connection.execute(
            text("UPDATE suppliers SET qualification = 'qualified' WHERE id = :i"), {"i": supplier}
        )
        seq = append_event(
            connection, _key(unit), entity_type="suppliers", entity_id=supplier,
            action="catalog.import", old={"qualification": "pending"},
            new={"qualification": "qualified"},
        )  # fmt: skip
    first = audit_verify.verify(unit.db).first() or ""
    assert first.startswith(f"event #{seq}") and "without a QA approval" in first, first
