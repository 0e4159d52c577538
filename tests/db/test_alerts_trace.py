"""Alerts (shortage, expiry, backups, quarantine aging, suppliers) and traceability."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db import alerts, trace
from db.dispense import dispense
from db.errors import Refused
from tests.fixtures.world import Unit


def kinds(unit: Unit, subject: str) -> set[str]:
    return {a.kind for a in alerts.compute(unit.db) if a.subject == subject}


def test_shortage_counts_released_usable_containers_against_the_minimum(unit: Unit) -> None:
    assert "shortage" in kinds(unit, "RM-001")  # minimum 4, none in stock
    unit.receive(containers=10)  # quarantine does not count
    assert "shortage" in kinds(unit, "RM-001")
    unit.released_lot(containers=4)
    assert "shortage" not in kinds(unit, "RM-001")


def test_expiring_and_expired_stock(unit: Unit) -> None:
    soon = unit.released_lot(lot="SOON", expiry=unit.today() + timedelta(days=10))
    later = unit.released_lot(lot="LATER", expiry=unit.today() + timedelta(days=300))
    assert "expiring" in kinds(unit, soon.lot) and not kinds(unit, later.lot)
    unit.clock.advance(days=11)
    assert "expired_stock" in kinds(unit, soon.lot)


def test_critical_references_without_a_qualified_backup(unit: Unit) -> None:
    assert "no_backup" in kinds(unit, "RM-003")  # critical, no backup
    assert "no_backup" not in kinds(unit, "RM-013")  # backup RM-014 from qualified Octapharma
    assert "no_backup" in kinds(unit, "RM-009")  # backup RM-010 from CellGenix (pending)
    message = next(
        a.message
        for a in alerts.compute(unit.db)
        if a.subject == "RM-009" and a.kind == "no_backup"
    )
    assert "CellGenix, pending" in message


def test_quarantine_aging(unit: Unit) -> None:
    lot = unit.receive()
    assert "quarantine_aging" not in kinds(unit, lot.lot)
    unit.clock.advance(days=15)
    assert "quarantine_aging" in kinds(unit, lot.lot)


def test_suppliers_not_qualified_or_audit_overdue(unit: Unit) -> None:
    assert kinds(unit, "Generic Bio") == {"supplier"}  # not qualified
    assert kinds(unit, "CellGenix") == {"supplier"}  # pending
    unit.clock.advance(days=3 * 365)
    assert kinds(unit, "BioWest") == {"supplier"}  # last audit 2023-04-03


def test_trace_both_ways(unit: Unit) -> None:
    a = unit.released_lot("RM-001", lot="A")
    b = unit.released_lot("RM-003", lot="B")
    dispense(unit.db, unit.prod, a.containers[0], "1", "CAR-T-001", None)
    dispense(unit.db, unit.prod, b.containers[0], "1", "CAR-T-001", None)
    dispense(unit.db, unit.prod, a.containers[1], "1", "CAR-T-002", None)
    into_one = trace.batch_to_lots(unit.db, "CAR-T-001")
    assert trace.distinct([x.lot for x in into_one]) == [a.lot, b.lot]
    recall = trace.lot_to_batches(unit.db, a.lot)
    assert trace.distinct([x.batch for x in recall]) == ["CAR-T-001", "CAR-T-002"]
    assert {x.container for x in recall} == set(a.containers)
    with pytest.raises(Refused, match="no batch 'NOPE'"):
        trace.batch_to_lots(unit.db, "NOPE")
