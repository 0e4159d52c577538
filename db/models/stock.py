"""Deliveries, lots, their receipt checklist and their containers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import NOTE_MAX, Base
from db.models.catalog import Reference, Supplier


class LotStatus(StrEnum):
    QUARANTINE = "QUARANTINE"
    RELEASED = "RELEASED"
    REJECTED = "REJECTED"
    ON_HOLD = "ON_HOLD"


class Delivery(Base):
    """One arrival at the receiving bench: a delivery note from one supplier."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    delivery_note: Mapped[str | None] = mapped_column(String(80), index=True)
    received_at: Mapped[datetime]
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Lot(Base):
    __tablename__ = "lots"
    __table_args__ = (
        CheckConstraint(
            "status IN ('QUARANTINE', 'RELEASED', 'REJECTED', 'ON_HOLD')", name="status_valid"
        ),
        CheckConstraint("container_count >= 1", name="container_count_positive"),
        # FEFO, stock levels and alerts all start from "released lots of reference R".
        Index("ix_lots_reference_status_expiry", "reference_id", "status", "expiry"),
        Index("ix_lots_status_received", "status", "received_at"),
        Index("ix_lots_reference_supplier_lot", "reference_id", "supplier_lot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_number: Mapped[str] = mapped_column(String(20), unique=True)
    reference_id: Mapped[int] = mapped_column(ForeignKey("material_references.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    supplier_lot: Mapped[str] = mapped_column(String(20))
    expiry: Mapped[date] = mapped_column(index=True)
    production_date: Mapped[date | None]
    gtin: Mapped[str | None] = mapped_column(String(14))
    serial: Mapped[str | None] = mapped_column(String(20))
    # The scan exactly as the scanner sent it (ALCOA: original).
    scan_text: Mapped[str | None] = mapped_column(Text, info={"raw": True})
    container_count: Mapped[int]
    received_at: Mapped[datetime]
    received_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    receipt_conforming: Mapped[bool]
    nonconformity: Mapped[str | None] = mapped_column(Text, info={"max": NOTE_MAX})
    status: Mapped[str] = mapped_column(String(12))
    status_at: Mapped[datetime]
    status_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    reference: Mapped[Reference] = relationship(lazy="joined", innerjoin=True)
    supplier: Mapped[Supplier] = relationship()
    containers: Mapped[list[Container]] = relationship(
        back_populates="lot", order_by="Container.seq"
    )
    checks: Mapped[list[ReceiptCheck]] = relationship(order_by="ReceiptCheck.id")


class ReceiptCheck(Base):
    """One item of the receipt conformity checklist."""

    __tablename__ = "receipt_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    ok: Mapped[bool]
    note: Mapped[str | None] = mapped_column(Text, info={"max": NOTE_MAX})


class Container(Base):
    __tablename__ = "containers"
    __table_args__ = (
        UniqueConstraint("lot_id", "seq"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("quantity <= initial_quantity", name="quantity_within_initial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    seq: Mapped[int]
    code: Mapped[str] = mapped_column(String(24), unique=True)
    initial_quantity: Mapped[Decimal]
    quantity: Mapped[Decimal]
    opened_at: Mapped[datetime | None]
    # Set when first opened: opened date + the reference's stability after opening.
    use_by: Mapped[date | None]

    lot: Mapped[Lot] = relationship(back_populates="containers", lazy="joined", innerjoin=True)
