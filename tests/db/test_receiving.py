"""Receipt: quarantine first, containers with unique IDs, checklist, clear refusals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from db import receiving
from db.models import AuditEvent, Container, Lot, ReceiptCheck
from tests.fixtures.world import Unit, refused


def test_a_received_lot_is_in_quarantine_with_numbered_containers(unit: Unit) -> None:
    done = unit.receive("RM-003", lot="A123", containers=3, quantity="7.5")
    assert done.status == "QUARANTINE"
    assert done.containers == [f"{done.lot}-001", f"{done.lot}-002", f"{done.lot}-003"]
    with unit.db.read() as s:
        lot = s.scalars(select(Lot).where(Lot.lot_number == done.lot)).one()
        assert (lot.supplier_lot, lot.reference.code, lot.container_count) == ("A123", "RM-003", 3)
        assert lot.receipt_conforming is True
        assert [str(c.quantity) for c in lot.containers] == ["7.500"] * 3
        checks = s.scalars(select(ReceiptCheck).where(ReceiptCheck.lot_id == lot.id)).all()
        assert {c.item for c in checks} == set(receiving.CHECK_ITEMS) and all(c.ok for c in checks)


def test_receipt_is_audited_row_by_row(unit: Unit) -> None:
    done = unit.receive(containers=2)
    with unit.db.read() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "lot.receive")).all()
    kinds = sorted(e.entity_type for e in events)
    assert kinds == [
        "containers",
        "containers",
        "deliveries",
        "lots",
        "receipt_checks",
        "receipt_checks",
        "receipt_checks",
    ]
    lot_event = next(e for e in events if e.entity_type == "lots")
    assert lot_event.username == "tech" and lot_event.old is None
    assert f'"lot_number":"{done.lot}"' in lot_event.new
    assert '"status":"QUARANTINE"' in lot_event.new


def test_lot_numbers_and_container_ids_never_repeat(unit: Unit) -> None:
    first = unit.receive(lot="A", containers=2)
    second = unit.receive(lot="B", containers=2)
    assert first.lot != second.lot
    with unit.db.read() as s:
        codes = s.scalars(select(Container.code)).all()
    assert len(codes) == len(set(codes)) == 4


def test_nonconforming_receipt_is_recorded_and_blocks_nothing_at_receipt(unit: Unit) -> None:
    checks = dict.fromkeys(receiving.CHECK_ITEMS, True) | {"packaging_intact": False}
    done = unit.receive(checks=checks, nonconformity="box crushed, vials intact")
    assert "non-conforming" in " ".join(done.warnings)
    with unit.db.read() as s:
        lot = s.scalars(select(Lot).where(Lot.lot_number == done.lot)).one()
        assert lot.receipt_conforming is False and lot.nonconformity == "box crushed, vials intact"


def test_failed_checklist_item_needs_a_description(unit: Unit) -> None:
    checks = dict.fromkeys(receiving.CHECK_ITEMS, True) | {"temperature_ok": False}
    with refused(unit, "temperature on arrival", "describe the non-conformity"):
        unit.receive(checks=checks)


def test_receipt_by_gtin_finds_the_reference(unit: Unit) -> None:
    receipt = receiving.Receipt(
        supplier_lot="G1",
        expiry=unit.today() + timedelta(days=200),
        containers=1,
        quantity="1",
        gtin="09521234000037",
    )
    assert receiving.receive(unit.db, unit.tech, receipt).reference == "RM-003"


def test_unknown_gtin_is_refused_and_changes_nothing(unit: Unit) -> None:
    receipt = receiving.Receipt(
        supplier_lot="G1",
        expiry=unit.today() + timedelta(days=200),
        containers=1,
        quantity="1",
        gtin="09521234999992",
    )
    with refused(unit, "GTIN 09521234999992 is not in the catalog"):
        receiving.receive(unit.db, unit.tech, receipt)


def test_gtin_of_another_reference_is_refused(unit: Unit) -> None:
    receipt = receiving.Receipt(
        supplier_lot="G1",
        expiry=unit.today() + timedelta(days=200),
        containers=1,
        quantity="1",
        gtin="09521234000037",
        reference_code="RM-001",
    )
    with refused(unit, "is not that of RM-001"):
        receiving.receive(unit.db, unit.tech, receipt)


def test_bad_receipts_are_refused_with_a_reason(unit: Unit) -> None:
    cases = [
        ({"lot": ""}, "supplier lot is missing"),
        ({"lot": "X" * 21}, "longer than 20 characters"),
        ({"containers": 0}, "number of containers must be 1 to 999"),
        ({"containers": 1000}, "number of containers must be 1 to 999"),
        ({"quantity": "0"}, "must be more than 0"),
        ({"quantity": "ten"}, "is not a number"),
        ({"quantity": "Infinity"}, "is not a number"),
        ({"quantity": "1000000000000"}, "check the unit"),
        ({"quantity": "1e12"}, "without an exponent"),
        ({"ref": "RM-999"}, "no reference 'RM-999'"),
    ]
    for kwargs, message in cases:
        with refused(unit, message):
            unit.receive(**kwargs)


def test_missing_expiry_is_refused(unit: Unit) -> None:
    receipt = receiving.Receipt(
        supplier_lot="E", expiry=None, containers=1, quantity="1", reference_code="RM-001"
    )
    with refused(unit, "expiry date is missing"):
        receiving.receive(unit.db, unit.tech, receipt)


def test_only_technicians_receive(unit: Unit) -> None:
    with refused(unit, "needs the technician role"):
        unit.receive(by="prod")


def test_non_qualified_supplier_is_received_into_quarantine_with_a_warning(unit: Unit) -> None:
    done = unit.receive("RM-024")  # Generic Bio: not qualified
    assert done.status == "QUARANTINE"
    assert any("Generic Bio is not_qualified" in w for w in done.warnings)


def test_same_supplier_lot_again_warns(unit: Unit) -> None:
    first = unit.receive(lot="DUP")
    second = unit.receive(lot="DUP")
    assert any(first.lot in w for w in second.warnings)


def test_expired_or_short_dated_lots_warn(unit: Unit) -> None:
    expired = unit.receive(lot="OLD", expiry=unit.today() - timedelta(days=1))
    assert any("expired on" in w for w in expired.warnings)
    short = unit.receive(lot="SHORT", expiry=unit.today() + timedelta(days=5))
    assert any("expires soon" in w for w in short.warnings)


def test_one_delivery_note_groups_lots_of_one_supplier(unit: Unit) -> None:
    a = unit.receive("RM-001", lot="A", delivery_note="BL-77")
    b = unit.receive("RM-003", lot="B", delivery_note="BL-77")  # same supplier (Miltenyi)
    c = unit.receive("RM-002", lot="C", delivery_note="BL-77")  # Cytiva: another delivery
    assert a.delivery == b.delivery != c.delivery


def test_suspect_scan_needs_the_lot_confirmed(unit: Unit) -> None:
    warning = "The lot 'LOTA21SN1' may contain serial (21) 'SN1': a separator may be missing."
    kwargs = {"lot": "LOTA21SN1", "suspect_scan": warning}
    with refused(unit, "may contain serial (21)"):
        unit.receive(**kwargs)
    with refused(unit, "may contain serial (21)"):
        unit.receive(**kwargs, confirmed_lot="LOTA")
    assert unit.receive(**kwargs, confirmed_lot="LOTA21SN1").status == "QUARANTINE"


def test_a_refused_receipt_leaves_no_number_used(unit: Unit) -> None:
    with refused(unit):
        unit.receive(quantity="-1")
    done = unit.receive()
    with unit.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Lot)) == 1
    assert done.lot.endswith("-000001")


def test_a_receipt_with_four_problems_is_refused_once_naming_all_four(unit: Unit) -> None:
    """Seen: a refusal gave one problem at a time, so a person fixed and retried three times."""
    receipt = receiving.Receipt(supplier_lot="", expiry=None, containers=1, quantity="")
    with refused(
        unit,
        "the receipt has 4 problems",
        "supplier lot is missing",
        "expiry date is missing",
        "the quantity per container is missing: enter the quantity per container",
        "no reference: scan the GTIN or name the reference",
    ) as info:
        receiving.receive(unit.db, unit.tech, receipt)
    assert len(info.value.reasons) == 4


def test_an_empty_quantity_says_what_to_enter(unit: Unit) -> None:
    with refused(unit, "enter the quantity per container") as info:
        unit.receive(quantity="")
    assert "''" not in info.value.message and "not a number" not in info.value.message


def test_typed_dates_are_read_and_an_unreadable_one_is_named_with_the_rest(unit: Unit) -> None:
    """The form passes dates as typed, so the workflow names an unreadable one with the rest."""
    later = unit.today() + timedelta(days=200)
    unit.receive(lot="TYPED", expiry=None, production_date=" 2025-03-01 ")
    unit.receive(lot="TYPED-2", expiry=f"{later:%Y-%m-%d}", production_date="")  # type: ignore[arg-type]
    with unit.db.read() as s:
        stored = {lot.supplier_lot: lot for lot in s.scalars(select(Lot))}
        assert f"{stored['TYPED'].production_date}" == "2025-03-01"
        assert (stored["TYPED-2"].expiry, stored["TYPED-2"].production_date) == (later, None)
    bad = receiving.Receipt(
        supplier_lot="TYPED-3",
        expiry="31/12/2027",
        containers=1,
        quantity="",
        reference_code="RM-001",
    )
    with refused(
        unit,
        "the receipt has 3 problems: (1) GTIN 123 is not remembered",
        "(2) the expiry '31/12/2027' is not a date: write it as YYYY-MM-DD",
        "(3) the quantity per container is missing",
    ) as info:
        receiving.receive(unit.db, unit.tech, bad, form_problems=["GTIN 123 is not remembered"])
    assert not any("expiry date is missing" in reason for reason in info.value.reasons)
