"""One lot, everything about it, as plain rows for a screen, a print or `lot show`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db import lookups
from db.engine import Database
from db.models import Delivery, Document, Sample, Signature, TestResult, User
from db.prerequisites import Prerequisite, evaluate
from db.risk import classify, current_rule


@dataclass(frozen=True)
class ContainerRow:
    code: str
    seq: int
    quantity: Decimal
    initial_quantity: Decimal
    opened_at: datetime | None
    use_by: date | None


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    filename: str
    sha256: str
    size: int
    uploaded_at: datetime
    uploaded_by: str


@dataclass(frozen=True)
class SampleRow:
    id: int
    kind: str
    quantity: Decimal
    location: str
    taken_at: datetime
    taken_by: str
    retain_until: date | None
    disposed_at: datetime | None


@dataclass(frozen=True)
class ResultRow:
    id: int
    kind: str
    name: str
    passed: bool
    value: str | None
    performed_on: date
    recorded_by: str


@dataclass(frozen=True)
class SignatureRow:
    id: int
    meaning: str
    username: str
    full_name: str
    signed_at: datetime
    comment: str | None
    content_sha256: str


@dataclass(frozen=True)
class LotDetail:
    lot: str
    status: str
    status_at: datetime
    status_by: str
    reference: str
    reference_name: str
    unit: str
    supplier: str
    supplier_lot: str
    expiry: date
    production_date: date | None
    received_at: datetime
    received_by: str
    delivery_note: str | None
    receipt_conforming: bool
    nonconformity: str | None
    risk_class: str
    risk_criteria: list[str]
    containers: list[ContainerRow]
    prerequisites: list[Prerequisite]
    documents: list[DocumentRow]
    samples: list[SampleRow]
    results: list[ResultRow]
    signatures: list[SignatureRow]


def lot_detail(db: Database, number: str) -> LotDetail:
    with db.read() as session:
        lot = lookups.lot(session, number)
        today = db.now(session).date()
        rule = current_rule(session)
        risk = classify(lot.reference, rule)
        names = _names(session)
        return LotDetail(
            lot=lot.lot_number,
            status=lot.status,
            status_at=lot.status_at,
            status_by=names.get(lot.status_by_id, ""),
            reference=lot.reference.code,
            reference_name=lot.reference.name,
            unit=lot.reference.unit,
            supplier=lot.supplier.name,
            supplier_lot=lot.supplier_lot,
            expiry=lot.expiry,
            production_date=lot.production_date,
            received_at=lot.received_at,
            received_by=names.get(lot.received_by_id, ""),
            delivery_note=_delivery_note(session, lot.delivery_id),
            receipt_conforming=lot.receipt_conforming,
            nonconformity=lot.nonconformity,
            risk_class=risk.risk_class.value,
            risk_criteria=risk.criteria,
            containers=[
                ContainerRow(c.code, c.seq, c.quantity, c.initial_quantity, c.opened_at, c.use_by)
                for c in lot.containers
            ],
            prerequisites=evaluate(session, lot, today, rule),
            documents=_documents(session, lot.id, names),
            samples=_samples(session, lot.id, names),
            results=_results(session, lot.id, names),
            signatures=_signatures(session, lot.id),
        )


def _names(session: Session) -> dict[int, str]:
    # Users are few (tens); one small query beats a join per row kind.
    return dict(session.execute(select(User.id, User.username)).all())


def _delivery_note(session: Session, delivery_id: int) -> str | None:
    return session.scalar(select(Delivery.delivery_note).where(Delivery.id == delivery_id))


def _documents(session: Session, lot_id: int, names: dict[int, str]) -> list[DocumentRow]:
    rows = session.execute(
        select(
            Document.id,
            Document.kind,
            Document.filename,
            Document.sha256,
            Document.size,
            Document.uploaded_at,
            Document.uploaded_by_id,
        )
        .where(Document.lot_id == lot_id)
        .order_by(Document.id)
    )
    return [DocumentRow(*r[:6], names.get(r[6], "")) for r in rows]


def _samples(session: Session, lot_id: int, names: dict[int, str]) -> list[SampleRow]:
    rows = session.scalars(select(Sample).where(Sample.lot_id == lot_id).order_by(Sample.id))
    return [
        SampleRow(
            s.id,
            s.kind,
            s.quantity,
            s.location,
            s.taken_at,
            names.get(s.taken_by_id, ""),
            s.retain_until,
            s.disposed_at,
        )
        for s in rows
    ]


def _results(session: Session, lot_id: int, names: dict[int, str]) -> list[ResultRow]:
    rows = session.scalars(
        select(TestResult).where(TestResult.lot_id == lot_id).order_by(TestResult.id)
    )
    return [
        ResultRow(
            r.id, r.kind, r.name, r.passed, r.value, r.performed_on, names.get(r.recorded_by_id, "")
        )
        for r in rows
    ]


def _signatures(session: Session, lot_id: int) -> list[SignatureRow]:
    signer = aliased(User)
    rows = session.execute(
        select(
            Signature.id,
            Signature.meaning,
            signer.username,
            Signature.full_name,
            Signature.signed_at,
            Signature.comment,
            Signature.content_sha256,
        )
        .join(signer, Signature.user_id == signer.id)
        .where(Signature.entity_type == "lots", Signature.entity_id == lot_id)
        .order_by(Signature.id)
    )
    return [SignatureRow(*r) for r in rows]
