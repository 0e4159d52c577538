"""Every print of a label, certificate, record or log, so reprints are known and marked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class PrintRecord(Base):
    __tablename__ = "prints"
    __table_args__ = (Index("ix_prints_kind_subject", "kind", "subject", "content_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # status_labels, release_certificate, ...
    subject: Mapped[str] = mapped_column(String(40))  # lot or delivery number
    # SHA-256 of what was printed (the data, not the PDF bytes): same key again = reprint.
    content_key: Mapped[str] = mapped_column(String(64))
    reprint: Mapped[bool]
    pages: Mapped[int]
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    printed_at: Mapped[datetime]
    printed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    printed_by_name: Mapped[str] = mapped_column(String(160))
