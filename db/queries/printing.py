"""The data each print needs, as plain rows (labels/ renders them; db/ never imports it)."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
                material_name=ref.name,
                reference_code=ref.code,
                lot_number=lot.lot_number,
                supplier_lot=lot.supplier_lot,
                container_id=c.code,
                seq=c.seq,
                count=lot.container_count,
                expiry=lot.expiry,
                received_on=lot.received_at.date(),
                status=lot.status,
                status_at=lot.status_at,
                status_by=names.get(lot.status_by_id, ""),
                storage=storage_text(ref.storage),
            )
            for c in lot.containers
        ]


# Lines of a certificate or receipt record; field names are those of labels/' rows.
@dataclass(frozen=True)
class CriterionLine:
    description: str
    holds: bool


@dataclass(frozen=True)
class PrerequisiteLine:
    name: str
    met: bool
    evidence: str


@dataclass(frozen=True)
class DocumentLine:
    kind: str
    filename: str
    sha256: str


@dataclass(frozen=True)
class SignatureLine:
    full_name: str
    username: str
    signed_at: datetime
    meaning: str
    comment: str
    content_sha256: str


@dataclass(frozen=True)
class ChecklistLine:
    item: str
    ok: bool
    note: str


_LINES = (CriterionLine, PrerequisiteLine, DocumentLine, SignatureLine, ChecklistLine)


def print_content(data: Any) -> Any:
    """What makes a second print of the same data a REPRINT (db.prints keys it): every field
    by name, each line as its values in field order. Lines were tuples before they had names;
    keeping that shape keeps the keys of earlier prints, so a print of unchanged data made
    after the upgrade is still marked REPRINT."""
    if isinstance(data, _LINES):
        return list(astuple(data))
    if is_dataclass(data) and not isinstance(data, type):
        return {f.name: print_content(getattr(data, f.name)) for f in fields(data)}
    if isinstance(data, list | tuple):
        return [print_content(item) for item in data]
    return data


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
    criteria: list[CriterionLine]  # all five criteria
    prerequisites: list[PrerequisiteLine]
    documents: list[DocumentLine]
    signatures: list[SignatureLine]  # 21 CFR 11.50 manifestation
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
        lot_number=detail.lot,
        reference_code=detail.reference,
        reference_name=detail.reference_name,
        supplier=detail.supplier,
        supplier_lot=detail.supplier_lot,
        expiry=detail.expiry,
        received_on=detail.received_at.date(),
        received_by=received_by,
        status=detail.status,
        risk_class=risk.risk_class.value.replace("_", " "),
        criteria=[
            CriterionLine(description=text, holds=code in risk.criteria)
            for code, text in CRITERIA.items()
        ],
        prerequisites=[
            PrerequisiteLine(
                name=PREREQUISITE_NAMES.get(p.code, p.code), met=p.met, evidence=p.detail
            )
            for p in detail.prerequisites
        ],
        documents=[
            DocumentLine(kind=d.kind, filename=d.filename, sha256=d.sha256)
            for d in detail.documents
        ],
        signatures=[
            SignatureLine(
                full_name=s.full_name,
                username=s.username,
                signed_at=s.signed_at,
                meaning=s.meaning,
                comment=s.comment or "",
                content_sha256=s.content_sha256,
            )
            for s in detail.signatures
        ],
        chain_head_seq=head.seq,
        chain_head_hash=head.hash,
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
    checklist: list[ChecklistLine]
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
            delivery_number=delivery.number,
            supplier=supplier.name if supplier else "",
            delivery_note=delivery.delivery_note or "",
            received_at=delivery.received_at,
            received_by=names.get(delivery.received_by_id, ""),
            lots=[_received(session, lot) for lot in lots],
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
        lot_number=lot.lot_number,
        reference_code=lot.reference.code,
        reference_name=lot.reference.name,
        supplier_lot=lot.supplier_lot,
        expiry=lot.expiry,
        containers=lot.container_count,
        quantity_each=first.initial_quantity,
        unit=lot.reference.unit,
        checklist=[
            ChecklistLine(item=CHECK_ITEMS.get(c.item, c.item), ok=c.ok, note=c.note or "")
            for c in checks
        ],
        nonconformity=lot.nonconformity,
        status=lot.status,
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
            select(
                Sample,
                Lot.lot_number,
                Reference.code.label("reference_code"),
                Reference.name.label("reference_name"),
                Reference.unit,
            )
            .join(Lot, Sample.lot_id == Lot.id)
            .join(Reference, Lot.reference_id == Reference.id)
            .where(Sample.kind == "reference")
            .order_by(Sample.retain_until, Sample.id)
        ).all()
        return [_sample_row(row.Sample, row, names) for row in rows]


def _sample_row(s: Sample, row: Any, names: dict[int, str]) -> SampleLogRow:
    return SampleLogRow(
        lot_number=row.lot_number,
        reference_code=row.reference_code,
        reference_name=row.reference_name,
        quantity=s.quantity,
        unit=row.unit,
        location=s.location,
        taken_by=names.get(s.taken_by_id, ""),
        taken_on=s.taken_at.date(),
        retain_until=s.retain_until or s.taken_at.date(),
        disposed_on=s.disposed_at.date() if s.disposed_at else None,
        disposed_by=names.get(s.disposed_by_id) if s.disposed_by_id else None,
        disposal_note=s.disposal_note,
    )
