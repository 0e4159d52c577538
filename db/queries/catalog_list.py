"""The catalog and its suppliers as plain rows: risk class with the criteria that fired, the
backup reference (and whether its supplier is qualified), minimum and released stock; each
supplier's qualification and whether its audit is overdue.

A unit has tens to a few hundred references: they are read whole; the released stock is one
grouped query over the lots that count (released, in date) using their index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import alerts
from db.engine import Database
from db.models import Qualification, Reference, Supplier
from db.risk import CRITERIA, classify, current_rule

RISK_CLASSES = ("critical", "major", "minor", "starting_material")
CRITERION_NAMES = {
    "not_clinical_grade": "not clinical grade",
    "biological_origin": "biological origin",
    "product_contact": "product contact",
    "no_coa": "no CoA",
    "no_sterility": "no sterility certificate",
}


@dataclass(frozen=True)
class ReferenceRow:
    code: str
    name: str
    category: str
    supplier: str
    supplier_qualification: str
    gtin: str | None
    grade: str
    origin: str
    contact: str
    unit: str
    risk_class: str
    criteria: list[str]  # codes of the criteria that fired (db.risk.CRITERIA)
    risk_explanation: str
    backup: str | None  # the backup reference's code
    backup_name: str | None
    backup_supplier: str | None
    backup_qualified: bool | None  # None: no backup
    backup_active: bool | None
    min_stock: int
    released_stock: int  # containers production may take now
    active: bool

    @property
    def criteria_text(self) -> str:
        return ", ".join(CRITERION_NAMES[c] for c in self.criteria) or "none"

    @property
    def criteria_descriptions(self) -> list[str]:
        return [CRITERIA[c] for c in self.criteria]

    @property
    def below_minimum(self) -> bool:
        return self.active and self.released_stock < self.min_stock

    @property
    def backup_problem(self) -> str | None:
        """Why the backup does not cover a critical reference, or None when it does."""
        if self.risk_class != "critical":
            return None
        if self.backup is None:
            return "no backup reference"
        if not self.backup_active:
            return f"backup {self.backup} is inactive"
        if not self.backup_qualified:
            return f"backup supplier {self.backup_supplier} is not qualified"
        return None


@dataclass(frozen=True)
class SupplierRow:
    name: str
    country: str
    qualification: str
    last_audit: date | None
    audit_overdue: bool  # qualified, and never audited or audited too long ago
    references: int
    active: bool

    @property
    def audit_text(self) -> str:
        if self.last_audit is None:
            return "never audited"
        return f"{self.last_audit:%Y-%m-%d}" + (" — OVERDUE" if self.audit_overdue else "")


def references(db: Database) -> list[ReferenceRow]:
    with db.read() as session:
        today = db.now(session).date()
        rule = current_rule(session)
        stock = {
            ref_id: n for ref_id, n in session.execute(alerts.usable_released_containers(today))
        }
        rows = []
        for ref in session.scalars(select(Reference).order_by(Reference.code)):
            risk = classify(ref, rule)
            backup = ref.backup
            rows.append(
                ReferenceRow(
                    code=ref.code,
                    name=ref.name,
                    category=ref.category,
                    supplier=ref.supplier.name,
                    supplier_qualification=ref.supplier.qualification,
                    gtin=ref.gtin,
                    grade=ref.grade,
                    origin=ref.origin,
                    contact=ref.contact,
                    unit=ref.unit,
                    risk_class=risk.risk_class.value,
                    criteria=list(risk.criteria),
                    risk_explanation=risk.explanation,
                    backup=backup.code if backup else None,
                    backup_name=backup.name if backup else None,
                    backup_supplier=backup.supplier.name if backup else None,
                    backup_qualified=(
                        backup.supplier.qualification == Qualification.QUALIFIED if backup else None
                    ),
                    backup_active=backup.active if backup else None,
                    min_stock=ref.min_stock,
                    released_stock=stock.get(ref.id, 0),
                    active=ref.active,
                )
            )
        return rows


def suppliers(db: Database) -> list[SupplierRow]:
    with db.read() as session:
        today = db.now(session).date()
        audit_days = alerts.horizons(session)["supplier_audit_days"]
        counts = _reference_counts(session)
        return [
            SupplierRow(
                name=s.name,
                country=s.country,
                qualification=s.qualification,
                last_audit=s.last_audit,
                audit_overdue=s.qualification == Qualification.QUALIFIED
                and (s.last_audit is None or s.last_audit < today - timedelta(days=audit_days)),
                references=counts.get(s.id, 0),
                active=s.active,
            )
            for s in session.scalars(select(Supplier).order_by(Supplier.name))
        ]


def _reference_counts(session: Session) -> dict[int, int]:
    query = select(Reference.supplier_id, func.count()).group_by(Reference.supplier_id)
    return {supplier_id: n for supplier_id, n in session.execute(query)}


def reference_matches(row: ReferenceRow, text: str = "", risk: str = "") -> bool:
    """The catalog's filter: free text in code, name, supplier, GTIN or criteria; a risk class."""
    if risk and row.risk_class != risk:
        return False
    needle = text.strip().casefold()
    if not needle:
        return True
    haystack = " ".join(
        (row.code, row.name, row.supplier, row.gtin or "", row.category, row.criteria_text)
    )
    return needle in haystack.casefold()


def supplier_matches(row: SupplierRow, text: str = "") -> bool:
    needle = text.strip().casefold()
    return not needle or needle in f"{row.name} {row.country} {row.qualification}".casefold()
