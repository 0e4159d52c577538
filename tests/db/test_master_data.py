"""A reference or supplier created or edited in the app, by the import's rules."""

from __future__ import annotations

from sqlalchemy import select

from db import master_data
from db.models import AuditEvent, Reference
from tests.fixtures.world import Unit, refused


def test_a_plain_edit_needs_a_reason_and_is_recorded_field_by_field(unit: Unit) -> None:
    row = master_data.current_reference(unit.db, "RM-001") | {"min_stock": "9", "storage": "2-8C"}
    with refused(unit, "a reason is required"):
        master_data.save_reference(unit.db, unit.admin, row, "  ")
    done = master_data.save_reference(unit.db, unit.admin, row, "consumption doubled")
    assert done.applied and not done.release_changes
    assert sorted(c.field or "" for c in done.changes) == ["min_stock", "storage"]
    with unit.db.read() as session:
        ref = session.scalars(select(Reference).where(Reference.code == "RM-001")).one()
        assert (ref.min_stock, ref.storage) == (9, "2-8C")
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert last is not None
        assert (last.action, last.reason) == ("catalog.edit", "consumption doubled")


def test_what_a_release_requires_changes_only_under_qa_signature(unit: Unit) -> None:
    row = master_data.current_reference(unit.db, "RM-001") | {"coa": "no"}
    with refused(unit, "needs a QA e-signature", "reference RM-001 coa True -> False"):
        master_data.save_reference(unit.db, unit.admin, row, "supplier stopped CoAs")
    plan = master_data.save_reference(unit.db, unit.admin, row, "", dry_run=True)
    assert [c.describe() for c in plan.release_changes] == ["reference RM-001 coa True -> False"]
    done = master_data.save_reference(
        unit.db, unit.admin, row, "supplier stopped CoAs",
        approval=unit.approval(reason="risk assessed: CoA replaced by in-house test"),
    )  # fmt: skip
    assert done.applied and done.approval_id is not None


def test_a_new_reference_and_a_new_supplier(unit: Unit) -> None:
    supplier = master_data.EMPTY_SUPPLIER | {"name": "Biotechne", "country": "US"}
    master_data.save_supplier(unit.db, unit.admin, supplier, "new supplier for cytokines")
    assert master_data.current_supplier(unit.db, "Biotechne")["qualification"] == "pending"
    row = master_data.EMPTY_REFERENCE | {
        "code": "RM-900", "name": "IL-7, GMP", "supplier": "Biotechne", "unit": "vial",
    }  # fmt: skip
    with refused(unit, "needs a QA e-signature", "new reference RM-900"):
        master_data.save_reference(unit.db, unit.admin, row, "new cytokine")
    master_data.save_reference(unit.db, unit.admin, row, "new cytokine", approval=unit.approval())
    assert master_data.current_reference(unit.db, "RM-900")["name"] == "IL-7, GMP"


def test_bad_values_are_all_named_and_change_nothing(unit: Unit) -> None:
    row = master_data.current_reference(unit.db, "RM-001") | {"grade": "gold", "min_stock": "x"}
    with refused(unit, "grade 'gold' is not one of", "min_stock must be a whole number"):
        master_data.save_reference(unit.db, unit.admin, row, "typo", approval=unit.approval())
