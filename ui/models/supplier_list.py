"""Suppliers: qualification, last audit and whether it is overdue."""

from __future__ import annotations

from db.queries.catalog_list import SupplierRow
from ui.models.row_table import Column, RowTable
from ui.presentation.palette import MISSING

PROBLEM = MISSING
QUALIFICATION = {"qualified": "qualified", "pending": "PENDING", "not_qualified": "NOT QUALIFIED"}

COLUMNS = [
    Column[SupplierRow]("Supplier", lambda s: s.name + ("" if s.active else " (inactive)")),
    Column[SupplierRow]("Country", lambda s: s.country or "—"),
    Column[SupplierRow](
        "Qualification",
        lambda s: QUALIFICATION.get(s.qualification, s.qualification),
        colour=lambda s: None if s.qualification == "qualified" else PROBLEM,
    ),
    Column[SupplierRow](
        "Last audit",
        lambda s: s.audit_text,
        tooltip=lambda s: (
            "audit overdue: plan the supplier's audit" if s.audit_overdue else s.audit_text
        ),
        colour=lambda s: PROBLEM if s.audit_overdue else None,
    ),
    Column[SupplierRow]("References", lambda s: str(s.references), right=True),
]


class SupplierListModel(RowTable[SupplierRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)
