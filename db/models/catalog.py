"""Suppliers and references (the material master)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base


class Qualification(StrEnum):
    QUALIFIED = "qualified"
    PENDING = "pending"
    NOT_QUALIFIED = "not_qualified"


class Category(StrEnum):
    RAW_MATERIAL = "raw_material"
    REAGENT = "reagent"
    CONSUMABLE = "consumable"
    QC_REAGENT = "qc_reagent"
    STARTING_MATERIAL = "starting_material"


class Grade(StrEnum):
    MA = "MA"
    CE = "CE"
    GMP = "GMP"
    RUO = "RUO"
    NONE = "none"


class Origin(StrEnum):
    HUMAN = "human"
    ANIMAL = "animal"
    RECOMBINANT = "recombinant"
    SYNTHETIC = "synthetic"


class Contact(StrEnum):
    FINAL = "final"
    INTERMEDIATE = "intermediate"
    NONE = "none"


def _in(column: str, values: type[StrEnum]) -> CheckConstraint:
    listed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_valid")


class Supplier(Base):
    __tablename__ = "suppliers"
    __table_args__ = (_in("qualification", Qualification),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    country: Mapped[str] = mapped_column(String(2), default="")
    qualification: Mapped[str] = mapped_column(String(20))
    last_audit: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)


class Reference(Base):
    __tablename__ = "material_references"
    __table_args__ = (
        _in("category", Category),
        _in("grade", Grade),
        _in("origin", Origin),
        _in("contact", Contact),
        CheckConstraint("min_stock >= 0", name="min_stock_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    supplier_ref: Mapped[str] = mapped_column(String(60), default="")
    gtin: Mapped[str | None] = mapped_column(String(14), unique=True)
    grade: Mapped[str] = mapped_column(String(10))
    origin: Mapped[str] = mapped_column(String(20))
    contact: Mapped[str] = mapped_column(String(20))
    coa: Mapped[bool]
    sterility: Mapped[bool]
    affects_cell_function: Mapped[bool]
    storage: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(20))
    min_stock: Mapped[int] = mapped_column(default=0)
    after_opening_days: Mapped[int | None]
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("material_references.id"), index=True)
    reference_sample: Mapped[bool] = mapped_column(default=False)
    # Tightening per reference (DESIGN: defaults come from the risk class).
    requires_sterility_certificate: Mapped[bool] = mapped_column(default=False)
    requires_functional_test: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    supplier: Mapped[Supplier] = relationship(lazy="joined", innerjoin=True)
    backup: Mapped[Reference | None] = relationship(remote_side=[id])
