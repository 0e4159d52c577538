"""The data each print needs, as plain rows (labels/ renders them; db/ never imports it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import lookups
from db.engine import Database
from db.errors import Refused
from db.models import (
    AuditHead,
    Delivery,
    Lot,
    ReceiptCheck,
    Reference,
    Sample,
    Supplier,
    User,
)
from db.queries.lot_detail import lot_detail
from db.receiving import CHECK_ITEMS
from db.risk import CRITERIA, classify, current_rule

STORAGE = {
    "RT": "Room temperature (15–25 °C)",
    "2-8C": "2–8 °C",
    "-20C": "≤ −20 °C",
    "-80C": "≤ −80 °C",
}
PREREQUISITE_NAMES = {
    "coa": "Certificate of analysis", "sterility_certificate": "Sterility certificate",
    "functional_test": "Functional test", "reference_sample": "Reference sample",
    "supplier_qualified": "Supplier qualified", "receipt_conforming": "Receipt conforming",
    "not_expired": "Not expired",
}  # fmt: skip


@dataclass(frozen=True)
class LabelRow:
    """One container's status label (the fields of labels.status_label.ContainerLabel)."""

    material_name: str
    reference_code: str
    lot_number: str
    supplier_lot: str
    container_id: str
    seq: int
    count: int
    expiry: date
    received_on: date
    status: str
    status_at: datetime
    status_by: str
    storage: str


def full_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.full_name)).all())


def storage_text(code: str) -> str:
    return STORAGE.get(code, code)


def label_rows(db: Database, lot_number: str) -> list[LabelRow]:
    with db.read() as session:
        lot = lookups.lot(session, lot_number)
        names = full_names(session)
        ref = lot.reference
        return [
            LabelRow(
                ref.name,
                ref.code,
                lot.lot_number,
                lot.supplier_lot,
                c.code,
                c.seq,
                lot.container_count,
                lot.expiry,
                lot.received_at.date(),
                lot.status,
                lot.status_at,
                names.get(lot.status_by_id, ""),
                storage_text(ref.storage),
            )
            for c in lot.containers
        ]


@dataclass(frozen=True)
class CertificateData:
    lot_number: str
    reference_code: str
    reference_name: str
    supplier: str
    supplier_lot: str
    expiry: date
    received_on: date
    received_by: str
    status: str
    risk_class: str
    criteria: list[tuple[str, bool]]  # (description, holds) for all five criteria
    prerequisites: list[tuple[str, bool, str]]  # (name, met, evidence)
    documents: list[tuple[str, str, str]]  # (kind, filename, sha256)
    signatures: list[tuple[str, str, datetime, str, str, str]]  # 21 CFR 11.50 manifestation
    # The audit chain's head when the data was read: its last event and that event's hash.
    chain_head_seq: int
    chain_head_hash: str


def certificate_data(db: Database, lot_number: str) -> CertificateData:
    detail = lot_detail(db, lot_number)
    with db.read() as session:
        names = full_names(session)
        lot = lookups.lot(session, lot_number)
        received_by = names.get(lot.received_by_id, "")
        risk = classify(lot.reference, current_rule(session))
        head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    return CertificateData(
        detail.lot,
        detail.reference,
        detail.reference_name,
        detail.supplier,
        detail.supplier_lot,
        detail.expiry,
        detail.received_at.date(),
        received_by,
        detail.status,
        risk.risk_class.value.replace("_", " "),
        [(text, code in risk.criteria) for code, text in CRITERIA.items()],
        [(PREREQUISITE_NAMES.get(p.code, p.code), p.met, p.detail) for p in detail.prerequisites],
        [(d.kind, d.filename, d.sha256) for d in detail.documents],
        [
            (s.full_name, s.username, s.signed_at, s.meaning, s.comment or "", s.content_sha256)
            for s in detail.signatures
        ],
        head.seq,
        head.hash,
    )


@dataclass(frozen=True)
class ReceivedLotRow:
    lot_number: str
    reference_code: str
    reference_name: str
    supplier_lot: str
    expiry: date
    containers: int
    quantity_each: Decimal
    unit: str
    checklist: list[tuple[str, bool, str]]  # (item, ok, note)
    nonconformity: str | None
    status: str


@dataclass(frozen=True)
class ReceiptData:
    delivery_number: str
    supplier: str
    delivery_note: str
    received_at: datetime
    received_by: str
    lots: list[ReceivedLotRow]


def receipt_data(db: Database, number: str) -> ReceiptData:
    """The goods-receipt record of a delivery, named by delivery number or one of its lots."""
    with db.read() as session:
        delivery = session.scalars(select(Delivery).where(Delivery.number == number)).first()
        if delivery is None:
            delivery = session.get(Delivery, _lot_delivery(session, number))
        assert delivery is not None
        names = full_names(session)
        supplier = session.get(Supplier, delivery.supplier_id)
        lots = session.scalars(
            select(Lot).where(Lot.delivery_id == delivery.id).order_by(Lot.id)
        ).all()
        return ReceiptData(
            delivery.number,
            supplier.name if supplier else "",
            delivery.delivery_note or "",
            delivery.received_at,
            names.get(delivery.received_by_id, ""),
            [_received(session, lot) for lot in lots],
        )


def _lot_delivery(session: Session, number: str) -> int:
    try:
        return lookups.lot(session, number).delivery_id
    except Refused:
        raise Refused(f"no delivery or lot {number!r}") from None


def _received(session: Session, lot: Lot) -> ReceivedLotRow:
    checks = session.scalars(
        select(ReceiptCheck).where(ReceiptCheck.lot_id == lot.id).order_by(ReceiptCheck.id)
    ).all()
    first = lot.containers[0]
    return ReceivedLotRow(
        lot.lot_number,
        lot.reference.code,
        lot.reference.name,
        lot.supplier_lot,
        lot.expiry,
        lot.container_count,
        first.initial_quantity,
        lot.reference.unit,
        [(CHECK_ITEMS.get(c.item, c.item), c.ok, c.note or "") for c in checks],
        lot.nonconformity,
        lot.status,
    )


@dataclass(frozen=True)
class SampleLogRow:
    """One reference sample (the fields of labels.sample_log.ReferenceSample)."""

    lot_number: str
    reference_code: str
    reference_name: str
    quantity: Decimal
    unit: str
    location: str
    taken_by: str
    taken_on: date
    retain_until: date
    disposed_on: date | None
    disposed_by: str | None
    disposal_note: str | None


def sample_log_rows(db: Database) -> list[SampleLogRow]:
    with db.read() as session:
        names = full_names(session)
        rows = session.execute(
            select(Sample, Lot.lot_number, Reference.code, Reference.name, Reference.unit)
            .join(Lot, Sample.lot_id == Lot.id)
            .join(Reference, Lot.reference_id == Reference.id)
            .where(Sample.kind == "reference")
            .order_by(Sample.retain_until, Sample.id)
        ).all()
        return [
            SampleLogRow(
                number,
                code,
                name,
                s.quantity,
                unit,
                s.location,
                names.get(s.taken_by_id, ""),
                s.taken_at.date(),
                s.retain_until or s.taken_at.date(),
                s.disposed_at.date() if s.disposed_at else None,
                names.get(s.disposed_by_id) if s.disposed_by_id else None,
                s.disposal_note,
            )
            for s, number, code, name, unit in rows
        ]
