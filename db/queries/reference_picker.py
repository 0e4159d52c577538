"""References as the receiving bench offers them: by GTIN (unique index) or all, to pick."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from db.engine import Database
from db.models import Reference, Supplier


@dataclass(frozen=True)
class ReferenceChoice:
    code: str
    name: str
    unit: str
    gtin: str | None
    supplier: str
    qualification: str
    active: bool


def _choices() -> Select[tuple[Reference, Supplier]]:
    return select(Reference, Supplier).join(Supplier, Reference.supplier_id == Supplier.id)


def _row(ref: Reference, supplier: Supplier) -> ReferenceChoice:
    return ReferenceChoice(
        ref.code,
        ref.name,
        ref.unit,
        ref.gtin,
        supplier.name,
        supplier.qualification,
        ref.active,
    )


def reference_for_gtin(db: Database, gtin: str) -> ReferenceChoice | None:
    with db.read() as session:
        found = session.execute(_choices().where(Reference.gtin == gtin)).first()
        return _row(*found) if found else None


def reference_choice(db: Database, code: str) -> ReferenceChoice | None:
    with db.read() as session:
        found = session.execute(_choices().where(Reference.code == code.strip())).first()
        return _row(*found) if found else None


def active_references(db: Database) -> list[ReferenceChoice]:
    """Every active reference, by code (the catalog holds tens to hundreds, not thousands)."""
    with db.read() as session:
        rows = session.execute(
            _choices().where(Reference.active.is_(True)).order_by(Reference.code)
        )
        return [_row(ref, supplier) for ref, supplier in rows]
