"""Evidence for release: documents, samples, test results, signatures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from db.models.base import AUDIT_SKIP, LONG_MAX, NOTE_MAX, Base


class DocumentKind(StrEnum):
    COA = "coa"
    STERILITY = "sterility"
    TSE = "tse"
    TEST_REPORT = "test_report"
    OTHER = "other"


class SampleKind(StrEnum):
    TEST = "test"
    REFERENCE = "reference"


class TestKind(StrEnum):
    FUNCTIONAL = "functional"
    IDENTITY = "identity"
    OTHER = "other"


class Document(Base):
    """A file kept byte for byte in the database with its SHA-256; never overwritten."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_lot_kind", "lot_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Covered by sha256, which the trail keeps and `audit verify` re-hashes.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, info={"audit": AUDIT_SKIP}))
    uploaded_at: Mapped[datetime]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Sample(Base):
    __tablename__ = "samples"
    __table_args__ = (
        CheckConstraint("kind IN ('test', 'reference')", name="kind_valid"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_samples_kind_disposed", "kind", "disposed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    container_id: Mapped[int | None] = mapped_column(ForeignKey("containers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    quantity: Mapped[Decimal]
    location: Mapped[str] = mapped_column(String(120), default="")
    taken_at: Mapped[datetime]
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    retain_until: Mapped[date | None]
    disposed_at: Mapped[datetime | None]
    disposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    disposal_note: Mapped[str | None] = mapped_column(Text, info={"max": NOTE_MAX})


class TestResult(Base):
    __tablename__ = "test_results"
    __test__ = False  # tells pytest this is not a test class

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    passed: Mapped[bool]
    value: Mapped[str | None] = mapped_column(Text, info={"max": NOTE_MAX})
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    performed_on: Mapped[date]
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Signature(Base):
    """An electronic signature (21 CFR 11.50): who, printed name, when, meaning, what."""

    __tablename__ = "signatures"
    __table_args__ = (Index("ix_signatures_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    signed_at: Mapped[datetime]
    meaning: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    # The exact signed content (canonical JSON) and its SHA-256: the binding to the record.
    content: Mapped[str] = mapped_column(Text, info={"raw": True})
    content_sha256: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str | None] = mapped_column(Text, info={"max": LONG_MAX})
