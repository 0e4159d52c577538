"""QA approvals of changes to what a release requires, each under an e-signature."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import NOTE_MAX, Base


class ApprovedChange(Base):
    """A change set (catalog import, risk rule, duties setting) and the QA signature on it.

    `changes` is the canonical JSON of every field changed (old and new): what QA saw and
    signed. The changed rows themselves carry the change in the trail, same transaction.
    """

    __tablename__ = "approved_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # catalog, risk_rule, duties
    summary: Mapped[str] = mapped_column(String(200))
    changes: Mapped[str] = mapped_column(Text, info={"raw": True})
    reason: Mapped[str] = mapped_column(Text, info={"max": NOTE_MAX})
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    approved_at: Mapped[datetime]
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"), index=True)
