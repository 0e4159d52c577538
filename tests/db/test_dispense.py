"""Dispense: only released, in-date stock with enough left, FEFO unless a reason is given."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from db import release
from db.dispense import dispense
from db.models import AuditEvent, Batch, Consumption, Container
from db.usability import scan_check
from tests.fixtures.world import PASSWORDS, Unit, refused


def use(
    unit: Unit,
    container: str,
    quantity: str = "1",
    batch: str = "CAR-T-001",
    override: str | None = None,
):  # type: ignore[no-untyped-def]
    return dispense(unit.db, unit.prod, container, quantity, batch, override)


def test_dispense_from_released_container_records_use_and_remaining(unit: Unit) -> None:
    lot = unit.released_lot(quantity="10")
    done = use(unit, lot.containers[0], "2.5")
    assert done.remaining == Decimal("7.500") and done.batch == "CAR-T-001"
    with unit.db.read() as s:
        container = s.scalars(select(Container).where(Container.code == lot.containers[0])).one()
        assert container.quantity == Decimal("7.5") and container.opened_at is not None
        assert s.scalars(select(Batch.code)).all() == ["CAR-T-001"]
        assert s.scalars(select(Consumption.quantity)).all() == [Decimal("2.5")]


def test_dispense_from_quarantine_is_refused_and_changes_nothing(unit: Unit) -> None:
    lot = unit.receive()
    with refused(unit, "STOP", "QUARANTINE"):
        use(unit, lot.containers[0])


def test_dispense_from_rejected_or_held_lots_is_refused(unit: Unit) -> None:
    held = unit.released_lot(lot="H")
    release.hold(unit.db, unit.qa, PASSWORDS["qa"], held.lot, "investigation")
    with refused(unit, "ON HOLD"):
        use(unit, held.containers[0])
    rejected = unit.receive(lot="R")
    release.reject(unit.db, unit.qa, PASSWORDS["qa"], rejected.lot, "damaged")
    with refused(unit, "REJECTED"):
        use(unit, rejected.containers[0])


def test_expired_stock_is_refused(unit: Unit) -> None:
    lot = unit.released_lot(expiry=unit.today() + timedelta(days=2))
    unit.clock.advance(days=3)
    with refused(unit, "EXPIRED on"):
        use(unit, lot.containers[0])


def test_use_by_after_opening_blocks_an_opened_container(unit: Unit) -> None:
    lot = unit.released_lot("RM-018", quantity="1000")  # NaCl (MA), no after-opening limit
    albumin = unit.released_lot("RM-013", quantity="100")  # albumin: 1 day after opening
    use(unit, albumin.containers[0], "10")
    check = scan_check(unit.db, albumin.containers[0])
    assert check.go and check.use_by == unit.today() + timedelta(days=1)
    unit.clock.advance(days=2)
    with refused(unit, "past its use-by after opening"):
        use(unit, albumin.containers[0], "10")
    assert use(unit, lot.containers[0], "100").remaining == Decimal("900")


def test_more_than_the_container_holds_is_refused(unit: Unit) -> None:
    lot = unit.released_lot(quantity="3")
    with refused(unit, "holds only 3 ", "; 5 ", "requested"):  # no trailing zeros
        use(unit, lot.containers[0], "5")
    use(unit, lot.containers[0], "3")
    with refused(unit, "DEPLETED"):
        use(unit, lot.containers[0], "1")


def test_bad_quantities_and_batches_are_refused(unit: Unit) -> None:
    lot = unit.released_lot()
    for quantity, message in (("0", "more than 0"), ("-1", "more than 0"), ("x", "not a number")):
        with refused(unit, message):
            use(unit, lot.containers[0], quantity)
    with refused(unit, "batch code"):
        use(unit, lot.containers[0], "1", batch=" ")
    with refused(unit, "no container 'L26-999999-001'"):
        use(unit, "L26-999999-001")


def test_only_production_dispenses(unit: Unit) -> None:
    lot = unit.released_lot()
    with refused(unit, "needs the production role"):
        dispense(unit.db, unit.tech, lot.containers[0], "1", "B", None)


def test_fefo_refuses_a_later_expiring_container_unless_a_reason_is_given(unit: Unit) -> None:
    early = unit.released_lot(lot="EARLY", expiry=unit.today() + timedelta(days=30))
    late = unit.released_lot(lot="LATE", expiry=unit.today() + timedelta(days=300))
    with refused(unit, f"use {early.containers[0]} first"):
        use(unit, late.containers[0])
    done = use(unit, late.containers[0], override="early lot reserved for patient 12 tomorrow")
    assert done.fefo_override == "early lot reserved for patient 12 tomorrow"
    with unit.db.read() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity_type == "consumptions")).one()
        assert event.reason == "early lot reserved for patient 12 tomorrow"
    assert use(unit, early.containers[1]).fefo_override is None


def test_fefo_ignores_stock_that_cannot_be_used(unit: Unit) -> None:
    quarantined = unit.receive(lot="Q", expiry=unit.today() + timedelta(days=10))
    held = unit.released_lot(lot="H", expiry=unit.today() + timedelta(days=20))
    release.hold(unit.db, unit.qa, PASSWORDS["qa"], held.lot, "investigation")
    late = unit.released_lot(lot="L", expiry=unit.today() + timedelta(days=300))
    assert quarantined.lot and scan_check(unit.db, late.containers[0]).go
    assert use(unit, late.containers[0]).fefo_override is None


def test_fefo_prefers_an_opened_container_whose_use_by_comes_first(unit: Unit) -> None:
    lot = unit.released_lot("RM-013", quantity="100", containers=2)  # albumin: 1 day
    use(unit, lot.containers[0], "10")
    check = scan_check(unit.db, lot.containers[1])
    assert check.fefo_first == lot.containers[0]


def test_one_batch_collects_uses_from_several_containers(unit: Unit) -> None:
    a = unit.released_lot(lot="A", expiry=unit.today() + timedelta(days=30))
    use(unit, a.containers[0], "1", batch="B1")
    use(unit, a.containers[1], "1", batch="B1")
    with unit.db.read() as s:
        assert s.scalars(select(Batch.code)).all() == ["B1"]
