"""RMRC deviations in the five UNITC domains."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import LONG_MAX, Base


class DeviationDomain(StrEnum):
    STOCK_SHORTAGE = "stock_shortage"
    REFERENCE_CHANGE = "reference_change"
    USE_ISSUE = "use_issue"
    RECEIPT_RELEASE = "receipt_release"
    ORDERING = "ordering"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class Deviation(Base):
    __tablename__ = "deviations"
    __table_args__ = (
        CheckConstraint(
            "domain IN ('stock_shortage', 'reference_change', 'use_issue', "
            "'receipt_release', 'ordering')",
            name="domain_valid",
        ),
        CheckConstraint("severity IN ('minor', 'major', 'critical')", name="severity_valid"),
        CheckConstraint("status IN ('open', 'closed')", name="status_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    domain: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", info={"max": LONG_MAX})
    change_control: Mapped[bool] = mapped_column(default=False)
    capa: Mapped[str | None] = mapped_column(Text, info={"max": LONG_MAX})
    status: Mapped[str] = mapped_column(String(10), index=True)
    opened_at: Mapped[datetime]
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    closure: Mapped[str | None] = mapped_column(Text, info={"max": LONG_MAX})
    closure_signature_id: Mapped[int | None] = mapped_column(
        ForeignKey("signatures.id"), index=True
    )


class DeviationLink(Base):
    """What a deviation concerns: a lot, a reference or a supplier (one per row)."""

    __tablename__ = "deviation_links"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN lot_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN reference_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN supplier_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deviation_id: Mapped[int] = mapped_column(ForeignKey("deviations.id"), index=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"), index=True)
    reference_id: Mapped[int | None] = mapped_column(
        ForeignKey("material_references.id"), index=True
    )
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"), index=True)
