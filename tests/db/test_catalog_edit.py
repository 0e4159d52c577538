"""Assigning a GTIN to a reference: an audited field change with a reason, by role."""

from __future__ import annotations

import json

from sqlalchemy import select

from db import catalog_import, receiving
from db.catalog_edit import assign_gtin
from db.models import AuditEvent, Reference
from tests.fixtures.world import Unit, example_data, refused

NEW_GTIN = "09521234000372"  # valid check digit, in no reference of the example catalog


def add_reference_without_gtin(unit: Unit, code: str = "RM-900") -> str:
    """A reference imported before anyone knew its GTIN (the column left empty)."""
    header, first = example_data("car-t-catalog.csv").splitlines()[:2]
    fields = first.split(",")
    fields[0], fields[5] = code, ""
    catalog_import.import_catalog(
        unit.db, unit.admin, header + "\n" + ",".join(fields), approval=unit.approval()
    )
    return code


def gtin_of(unit: Unit, code: str) -> str | None:
    with unit.db.read() as s:
        return s.scalars(select(Reference.gtin).where(Reference.code == code)).one()


def test_a_technician_fills_a_missing_gtin_with_a_reason_in_the_trail(unit: Unit) -> None:
    code = add_reference_without_gtin(unit)
    done = assign_gtin(unit.db, unit.tech, code, f" {NEW_GTIN} ", "first delivery, label checked")
    assert (done.reference, done.gtin, done.previous) == (code, NEW_GTIN, None)
    assert gtin_of(unit, code) == NEW_GTIN
    with unit.db.read() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "reference.assign_gtin")
        ).one()
    assert event.username == "tech" and event.reason == "first delivery, label checked"
    assert json.loads(event.old or "{}") == {"gtin": None}
    assert json.loads(event.new or "{}") == {"gtin": NEW_GTIN}
    # Remembered: the next receipt finds the reference by the scanned GTIN alone.
    receipt = receiving.Receipt(
        supplier_lot="NEW1",
        expiry=unit.today().replace(year=unit.today().year + 1),
        containers=1,
        quantity="1",
        gtin=NEW_GTIN,
    )
    assert receiving.receive(unit.db, unit.tech, receipt).reference == code


def test_replacing_a_gtin_is_a_reference_change_for_qa_or_admin(unit: Unit) -> None:
    with refused(unit, "RM-001 already has GTIN 09521234000013", "QA or an administrator"):
        assign_gtin(unit.db, unit.tech, "RM-001", NEW_GTIN, "new packaging")
    done = assign_gtin(unit.db, unit.qa, "RM-001", NEW_GTIN, "supplier change notice CN-12")
    assert done.previous == "09521234000013" and gtin_of(unit, "RM-001") == NEW_GTIN
    assert assign_gtin(unit.db, unit.admin, "RM-002", "09521234000013", "swap").previous


def test_refusals_change_nothing(unit: Unit) -> None:
    code = add_reference_without_gtin(unit)
    with refused(unit, "GTIN 09521234000370 has a wrong check digit (expected 2)"):
        assign_gtin(unit.db, unit.qa, code, "09521234000370", "typo")
    with refused(unit, "must be 14 digits"):
        assign_gtin(unit.db, unit.qa, code, "9521234000372", "too short")
    with refused(unit, "GTIN 09521234000020 already belongs to RM-002"):
        assign_gtin(unit.db, unit.tech, code, "09521234000020", "taken")
    with refused(unit, "a reason is required"):
        assign_gtin(unit.db, unit.tech, code, NEW_GTIN, "  ")
    with refused(unit, "needs the admin or qa or technician role"):
        assign_gtin(unit.db, unit.prod, code, NEW_GTIN, "production may not")
    with refused(unit, "no reference 'RM-999'"):
        assign_gtin(unit.db, unit.tech, "RM-999", NEW_GTIN, "unknown")
    with refused(unit, "RM-001 already has GTIN 09521234000013"):
        assign_gtin(unit.db, unit.qa, "RM-001", "09521234000013", "same")
