"""The record's identity: which site key seals its trail (written once, never changed)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class RecordIdentity(Base):
    """One row. The key file repeats `record_id` and `keyed_from`: the file is the anchor,
    this row only lets a workstation find its key and notice a wrong one."""

    __tablename__ = "record_identity"
    __audited__: ClassVar[bool] = False

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    record_id: Mapped[str] = mapped_column(String(36), unique=True)
    key_fingerprint: Mapped[str] = mapped_column(String(16))
    keyed_from: Mapped[int]
    created_at: Mapped[datetime]
