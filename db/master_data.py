"""Create or edit one reference or one supplier in the app, by the import's own rules.

An edit is the record's row in the import format with some columns changed, run through
`import_catalog`: the same checks, the same field-by-field changes in the trail, and the same
QA e-signature for anything that changes what a release requires. One rule, whichever door.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from db import fields, lookups
from db.approvals import Approval
from db.catalog_import import CATALOG_COLUMNS, SUPPLIER_COLUMNS, ImportSummary, import_catalog
from db.engine import Database
from db.errors import Refused
from db.models import Reference, Supplier
from db.models.base import NOTE_MAX
from db.users import Actor

FLAGS = ("coa", "sterility", "affects_cell_function", "reference_sample")
EMPTY_REFERENCE = {column: "" for column in CATALOG_COLUMNS} | {
    "category": "reagent",
    "grade": "GMP",
    "origin": "synthetic",
    "contact": "none",
    **{flag: "no" for flag in FLAGS},
    "min_stock": "0",
}
EMPTY_SUPPLIER = {"name": "", "country": "", "qualification": "pending", "last_audit": ""}


def reference_row(ref: Reference) -> dict[str, str]:
    """A reference as a row of the catalog file."""
    return {
        "code": ref.code,
        "name": ref.name,
        "category": ref.category,
        "supplier": ref.supplier.name,
        "supplier_ref": ref.supplier_ref,
        "gtin": ref.gtin or "",
        "grade": ref.grade,
        "origin": ref.origin,
        "contact": ref.contact,
        **{flag: "yes" if getattr(ref, flag) else "no" for flag in FLAGS},
        "storage": ref.storage,
        "unit": ref.unit,
        "min_stock": str(ref.min_stock),
        "after_opening_days": "" if ref.after_opening_days is None else str(ref.after_opening_days),
        "backup_code": ref.backup.code if ref.backup is not None else "",
    }


def supplier_row(supplier: Supplier) -> dict[str, str]:
    return {
        "name": supplier.name,
        "country": supplier.country,
        "qualification": supplier.qualification,
        "last_audit": supplier.last_audit.isoformat() if supplier.last_audit else "",
    }


def current_reference(db: Database, code: str) -> dict[str, str]:
    with db.read() as session:
        return reference_row(lookups.reference(session, code))


def current_supplier(db: Database, name: str) -> dict[str, str]:
    with db.read() as session:
        return supplier_row(lookups.supplier(session, name))


def save_reference(
    db: Database,
    actor: Actor,
    row: Mapping[str, str],
    reason: str,
    *,
    approval: Approval | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Create the reference `row` names by its code, or change it to `row`."""
    return _save(db, actor, reason, approval, dry_run, catalog=row)


def save_supplier(
    db: Database,
    actor: Actor,
    row: Mapping[str, str],
    reason: str,
    *,
    approval: Approval | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Create the supplier `row` names, or change it to `row`."""
    return _save(db, actor, reason, approval, dry_run, suppliers=row)


def _save(
    db: Database,
    actor: Actor,
    reason: str,
    approval: Approval | None,
    dry_run: bool,
    *,
    catalog: Mapping[str, str] | None = None,
    suppliers: Mapping[str, str] | None = None,
) -> ImportSummary:
    """One row through import_catalog, recorded as an edit with its reason."""
    return import_catalog(
        db, actor,
        _csv(CATALOG_COLUMNS, catalog) if catalog is not None else None,
        _csv(SUPPLIER_COLUMNS, suppliers) if suppliers is not None else None,
        catalog_name=f"reference {catalog.get('code', '')}" if catalog else "catalog",
        suppliers_name=f"supplier {suppliers.get('name', '')}" if suppliers else "suppliers",
        approval=approval, dry_run=dry_run, edit=_reason(reason, dry_run),
    )  # fmt: skip


def _reason(reason: str, dry_run: bool) -> str:
    reason = fields.check_text(reason.strip(), "the reason", limit=NOTE_MAX)
    if not reason and dry_run:
        return "preview"  # a preview records nothing; the save itself needs the reason
    if not reason:
        raise Refused("a reason is required to change the catalog")
    return reason


def _csv(columns: tuple[str, ...], row: Mapping[str, str]) -> str:
    unknown = set(row) - set(columns)
    if unknown:
        raise Refused(f"unknown field {sorted(unknown)[0]!r}")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue()
