"""Failed sign-ins and past passwords: the security side of the record (Annex 11 §12)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import AUDIT_DIGEST, Base


class AccessFailure(Base):
    """One refused sign-in or signature, whatever the cause, with the name as it was typed."""

    __tablename__ = "access_failures"
    __table_args__ = (Index("ix_access_failures_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    typed_username: Mapped[str] = mapped_column(String(80))
    # unknown_user, wrong_password, locked, deactivated, expired
    cause: Mapped[str] = mapped_column(String(20))
    workstation: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]


class PasswordHistory(Base):
    """Every password a user has had (as its argon2 hash), so an old one is not reused."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200), info={"audit": AUDIT_DIGEST})
    set_at: Mapped[datetime]
