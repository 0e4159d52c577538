"""What a release requires changes only under a QA e-signature, whichever way it comes.

Seen before: an administrator without the QA role re-imported the CSVs with a supplier made
qualified and a reference turned into `grade=MA, coa=no`, with no signature, and QA then
released a lot with no CoA.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from db import catalog_import
from db.models import ApprovedChange, Reference, Signature, Supplier
from tests.fixtures.world import Unit, example_data, refused


def edited_catalog() -> tuple[str, str]:
    """The example CSVs with CellGenix qualified and RM-001 an authorised medicine with no
    CoA (what an administrator re-imported), and an innocent change of name."""
    suppliers = example_data("suppliers.csv").replace(
        "CellGenix,DE,pending,", "CellGenix,DE,qualified,"
    )
    catalog = example_data("car-t-catalog.csv")
    row = next(line for line in catalog.splitlines() if line.startswith("RM-001,"))
    fields = row.split(",")
    fields[6], fields[9] = "MA", "no"
    catalog = catalog.replace(row, ",".join(fields))
    return catalog, suppliers


def test_an_admin_without_qa_cannot_change_what_a_release_requires(unit: Unit) -> None:
    catalog, suppliers = edited_catalog()
    says = ("needs a QA e-signature", "supplier CellGenix qualification pending -> qualified",
            "reference RM-001 grade CE -> MA")  # fmt: skip
    with refused(unit, *says):
        catalog_import.import_catalog(unit.db, unit.admin, catalog, suppliers)
    with refused(unit, "needs the qa role"):  # the admin cannot approve it either
        catalog_import.import_catalog(
            unit.db, unit.admin, catalog, suppliers, approval=unit.approval("admin")
        )
    with refused(unit, "reason is required"):
        catalog_import.import_catalog(
            unit.db, unit.admin, catalog, suppliers, approval=unit.approval("qa", " ")
        )


def test_the_import_shows_what_it_would_change_then_qa_approves_it(unit: Unit) -> None:
    catalog, suppliers = edited_catalog()
    before = unit.snapshot()
    plan = catalog_import.import_catalog(unit.db, unit.admin, catalog, suppliers, dry_run=True)
    assert not plan.applied and unit.snapshot() == before
    assert [c.describe() for c in plan.release_changes] == [
        "supplier CellGenix qualification pending -> qualified",
        "reference RM-001 grade CE -> MA",
        "reference RM-001 coa True -> False",
    ]
    why = "CellGenix audited 2026-11-20; RM-001 is now the licensed product"
    done = catalog_import.import_catalog(
        unit.db, unit.admin, catalog, suppliers, approval=unit.approval("qa", why)
    )
    assert done.applied and done.approval_id is not None
    with unit.db.read() as s:
        approved = s.get(ApprovedChange, done.approval_id)
        assert approved is not None and approved.reason == why and approved.kind == "catalog"
        signature = s.get(Signature, approved.signature_id)
        assert signature is not None and signature.meaning == "Change approved"
        assert signature.user_id == unit.qa.id and approved.requested_by_id == unit.admin.id
        assert len(json.loads(approved.changes)) == len(done.changes)
        grade = s.scalars(select(Reference.grade).where(Reference.code == "RM-001")).one()
        qualification = s.scalars(
            select(Supplier.qualification).where(Supplier.name == "CellGenix")
        ).one()
    assert (grade, qualification) == ("MA", "qualified")


def test_changes_that_do_not_touch_a_release_need_no_signature(unit: Unit) -> None:
    catalog = example_data("car-t-catalog.csv").replace(
        "Automated closed-system tubing set", "Automated closed tubing set"
    )
    done = catalog_import.import_catalog(unit.db, unit.admin, catalog)
    assert done.applied and done.approval_id is None
    assert [c.describe() for c in done.changes] == [
        "reference RM-001 name Automated closed-system tubing set -> Automated closed tubing set"
    ]
