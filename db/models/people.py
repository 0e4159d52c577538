"""Users: unique accounts, never deleted or renamed, only deactivated."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import AUDIT_DIGEST, Base


class Role(StrEnum):
    TECHNICIAN = "technician"
    QA = "qa"
    PRODUCTION = "production"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200), info={"audit": AUDIT_DIGEST})
    # Sorted, comma-separated: a grant or withdrawal is one audited field change.
    roles: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    locked: Mapped[bool] = mapped_column(default=False)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    deactivated_at: Mapped[datetime | None]

    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)
