"""ATMP batches and what they consumed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import NOTE_MAX, Base


class Batch(Base):
    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Consumption(Base):
    __tablename__ = "consumptions"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    container_id: Mapped[int] = mapped_column(ForeignKey("containers.id"), index=True)
    quantity: Mapped[Decimal]
    dispensed_at: Mapped[datetime]
    dispensed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # FEFO was overridden: why (recorded, shown in the trail).
    fefo_override: Mapped[str | None] = mapped_column(Text, info={"max": NOTE_MAX})
