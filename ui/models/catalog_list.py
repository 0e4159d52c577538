"""The catalog's references: risk class and the criteria that fired, backup, stock."""

from __future__ import annotations

from db.queries.catalog_list import ReferenceRow
from ui.models.row_table import Column, RowTable
from ui.presentation.palette import MISSING, RISK_COLOURS

PROBLEM = MISSING


def risk_text(row: ReferenceRow) -> str:
    return row.risk_class.replace("_", " ").upper()


def backup_text(row: ReferenceRow) -> str:
    if row.backup is None:
        return "— none" + (" (critical!)" if row.risk_class == "critical" else "")
    if not row.backup_active:
        return f"{row.backup} ✗ inactive"
    if not row.backup_qualified:
        return f"{row.backup} ✗ not qualified"
    return f"{row.backup} ✓ qualified"


def backup_tooltip(row: ReferenceRow) -> str:
    if row.backup is None:
        return "No backup reference" + (
            ": a critical reference should have a qualified backup" if row.backup_problem else ""
        )
    state = "qualified" if row.backup_qualified else "NOT qualified"
    return f"{row.backup} {row.backup_name}\nsupplier {row.backup_supplier} ({state})"


def supplier_text(row: ReferenceRow) -> str:
    if row.supplier_qualification == "qualified":
        return row.supplier
    return f"{row.supplier} ({row.supplier_qualification.replace('_', ' ')})"


def stock_text(row: ReferenceRow) -> str:
    return f"{row.released_stock}" + (" ▼" if row.below_minimum else "")


COLUMNS = [
    Column[ReferenceRow]("Code", lambda r: r.code),
    Column[ReferenceRow]("Name", lambda r: r.name + ("" if r.active else " (inactive)")),
    Column[ReferenceRow](
        "Risk",
        risk_text,
        tooltip=lambda r: r.risk_explanation,
        colour=lambda r: RISK_COLOURS.get(r.risk_class),
    ),
    Column[ReferenceRow](
        "Criteria that fired",
        lambda r: r.criteria_text,
        tooltip=lambda r: "\n".join(r.criteria_descriptions) or "no criterion fired",
    ),
    Column[ReferenceRow](
        "Backup",
        backup_text,
        tooltip=backup_tooltip,
        colour=lambda r: PROBLEM if r.backup_problem else None,
    ),
    Column[ReferenceRow]("Min", lambda r: str(r.min_stock), right=True),
    Column[ReferenceRow](
        "Stock",
        stock_text,
        tooltip=lambda r: (
            f"{r.released_stock} released, in-date container(s) with "
            f"something left; minimum {r.min_stock}"
        ),
        colour=lambda r: PROBLEM if r.below_minimum else None,
        right=True,
    ),
    Column[ReferenceRow]("Category", lambda r: r.category.replace("_", " ")),
    Column[ReferenceRow](
        "Supplier",
        supplier_text,
        colour=lambda r: None if r.supplier_qualification == "qualified" else PROBLEM,
    ),
    Column[ReferenceRow]("GTIN", lambda r: r.gtin or "—"),
    Column[ReferenceRow]("Grade", lambda r: r.grade),
    Column[ReferenceRow]("Origin", lambda r: r.origin),
    Column[ReferenceRow]("Contact", lambda r: r.contact),
]


class CatalogListModel(RowTable[ReferenceRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)
