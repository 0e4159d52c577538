"""Receipt: every lot starts in QUARANTINE, with its containers and its conformity checklist."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import fields, lookups, numbering
from db.dates import date_problem
from db.engine import Database, tx_now
from db.errors import Refused, refuse_all
from db.models import (
    Container,
    Delivery,
    Lot,
    LotStatus,
    Qualification,
    ReceiptCheck,
    Reference,
    Role,
)
from db.quantities import positive_quantity
from db.users import Actor, require

CHECK_ITEMS = {
    "packaging_intact": "packaging intact",
    "temperature_ok": "temperature on arrival within the storage condition",
    "delivery_note_matches": "delivery note matches the goods",
}
MAX_LOT_LENGTH = 20
EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class Receipt:
    """What the receiving bench knows about one supplier lot: from a scan or typed."""

    supplier_lot: str
    # A date, or the text as typed (YYYY-MM-DD): the workflow reads it, so a date that cannot
    # be read is named with the form's other problems.
    expiry: date | str | None
    containers: int
    quantity: Decimal | str | int
    gtin: str | None = None
    reference_code: str | None = None
    production_date: date | str | None = None
    serial: str | None = None
    scan_text: str | None = None
    delivery_note: str | None = None
    checks: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(CHECK_ITEMS, True))
    check_notes: dict[str, str] = field(default_factory=dict)
    nonconformity: str | None = None
    # A scan whose lot may have swallowed a following field (separator lost): the lot must be
    # confirmed by a second scan or by typing it (ALCOA: accurate).
    suspect_scan: str | None = None
    confirmed_lot: str | None = None


@dataclass(frozen=True)
class Received:
    lot: str
    containers: list[str]
    reference: str
    delivery: str
    status: str
    warnings: list[str]


def receive(
    db: Database, actor: Actor, receipt: Receipt, *, form_problems: Sequence[str] = ()
) -> Received:
    """Create the lot in QUARANTINE, or refuse once naming every problem.

    form_problems: what the calling form found wrong itself (e.g. a scanned GTIN it has not
    mapped yet): named first, in the same refusal as the workflow's own; nothing is recorded.
    """
    receipt, dates = _read_dates(receipt)
    quantity, problems = _form_problems(receipt)
    problems = [*form_problems, *dates, *problems]
    if problems:  # named all at once with the reference's, before any write begins
        with db.read() as session:
            _reference_or_problem(session, receipt, problems)
        refuse_all(problems, "the receipt")
    with db.write(
        user_id=actor.id,
        username=actor.username,
        action="lot.receive",
        reason=receipt.nonconformity,
    ) as session:
        require(session, actor, Role.TECHNICIAN)
        ref = _reference(session, receipt)
        assert quantity is not None  # no problem: it was read
        now = tx_now(session)
        warnings = _warnings(session, ref, receipt, now.date())
        delivery = _delivery(session, actor, ref, receipt.delivery_note, now)
        lot = _create_lot(session, actor, ref, delivery, receipt, now)
        for seq in range(1, receipt.containers + 1):
            session.add(
                Container(
                    lot_id=lot.id,
                    seq=seq,
                    initial_quantity=quantity,
                    quantity=quantity,
                    opened_at=None,
                    use_by=None,
                    code=numbering.container_code(lot.lot_number, seq),
                )
            )
        for item, ok in receipt.checks.items():
            session.add(
                ReceiptCheck(lot_id=lot.id, item=item, ok=ok, note=receipt.check_notes.get(item))
            )
        session.flush()
        return Received(
            lot=lot.lot_number,
            reference=ref.code,
            delivery=delivery.number,
            containers=[c.code for c in lot.containers],
            status=lot.status,
            warnings=warnings,
        )


def _read_dates(receipt: Receipt) -> tuple[Receipt, list[str]]:
    """The receipt with its typed dates read, and why a date cannot be read.

    A date that cannot be read stays as typed, so it is not also called missing; its problem
    refuses the receipt before anything is written."""
    read: dict[str, date | None] = {}
    problems: list[str] = []
    for name, what in (("expiry", "expiry"), ("production_date", "production date")):
        value = getattr(receipt, name)
        if not isinstance(value, str):
            continue
        text = value.strip(" \t")
        problem = date_problem(text, what) if text else None
        if problem:
            problems.append(problem)
        else:
            read[name] = date.fromisoformat(text) if text else None
    return replace(receipt, **read), problems


def _form_problems(receipt: Receipt) -> tuple[Decimal | None, list[str]]:
    """Every problem of the form at once, so a person fixes them in one go, not one per try."""
    problems: list[str] = []
    lot = receipt.supplier_lot.strip()
    if not lot:
        problems.append("the supplier lot is missing: scan the lot barcode or type it")
    elif len(lot) > MAX_LOT_LENGTH:
        problems.append(f"supplier lot {lot!r} is longer than {MAX_LOT_LENGTH} characters")
    problems += _text_problems(receipt, lot)
    if lot and receipt.suspect_scan and (receipt.confirmed_lot or "").strip() != lot:
        problems.append(f"the lot {lot!r} must be confirmed: {receipt.suspect_scan}")
    if receipt.expiry is None:
        problems.append("the expiry date is missing: scan a barcode with (17) or type it")
    if not 1 <= receipt.containers <= numbering.MAX_CONTAINERS:
        problems.append(
            f"the number of containers must be 1 to {numbering.MAX_CONTAINERS}, "
            f"not {receipt.containers}"
        )
    quantity = None
    try:
        quantity = positive_quantity(receipt.quantity, "the quantity per container")
    except Refused as refusal:
        problems.append(refusal.message)
    return quantity, problems + _checklist_problems(receipt)


def _checklist_problems(receipt: Receipt) -> list[str]:
    unknown = sorted(set(receipt.checks) - set(CHECK_ITEMS))
    if unknown:
        return [f"unknown checklist item {unknown[0]!r}"]
    missing = [CHECK_ITEMS[i] for i in CHECK_ITEMS if i not in receipt.checks]
    if missing:
        return [f"checklist item not answered: {', '.join(missing)}"]
    failed = [CHECK_ITEMS[i] for i, ok in receipt.checks.items() if not ok]
    if failed and not (receipt.nonconformity or "").strip():
        return [f"checklist failed ({', '.join(failed)}): describe the non-conformity"]
    return []


def _text_problems(receipt: Receipt, lot: str) -> list[str]:
    """What was typed or scanned and does not fit the record."""
    texts = [
        (Lot.supplier_lot, lot),
        (Delivery.delivery_note, (receipt.delivery_note or "").strip()),
        (Lot.nonconformity, (receipt.nonconformity or "").strip()),
        (Lot.serial, receipt.serial),
        (Lot.scan_text, receipt.scan_text),
        (Reference.code, receipt.reference_code),
        *((ReceiptCheck.note, note) for note in receipt.check_notes.values()),
    ]
    problems = (fields.column_problem(_column(column), value) for column, value in texts)
    return [problem for problem in problems if problem]


def _column(attribute: Any) -> Any:
    return attribute.property.columns[0]


def _reference_or_problem(
    session: Session, receipt: Receipt, problems: list[str]
) -> Reference | None:
    """The reference received, or None with why added to `problems` (lookups are safe with
    any text: they refuse what no database can compare)."""
    try:
        return _reference(session, receipt)
    except Refused as refusal:
        problems.append(refusal.message)
        return None


def _reference(session: Session, receipt: Receipt) -> Reference:
    by_gtin = lookups.reference_by_gtin(session, receipt.gtin) if receipt.gtin else None
    if receipt.reference_code:
        ref = lookups.reference(session, receipt.reference_code)
        if receipt.gtin and ref.gtin and ref.gtin != receipt.gtin:
            raise Refused(
                f"the scanned GTIN {receipt.gtin} is not that of {ref.code} "
                f"({ref.gtin}): check the goods or the reference"
            )
        if by_gtin is not None and by_gtin.id != ref.id:
            raise Refused(
                f"the scanned GTIN {receipt.gtin} belongs to {by_gtin.code}, not {ref.code}"
            )
    elif by_gtin is not None:
        ref = by_gtin
    elif receipt.gtin:
        raise Refused(f"GTIN {receipt.gtin} is not in the catalog: pick or create its reference")
    else:
        raise Refused("no reference: scan the GTIN or name the reference")
    if not ref.active:
        raise Refused(f"reference {ref.code} is inactive and cannot be received")
    return ref


def _warnings(session: Session, ref: Reference, receipt: Receipt, today: date) -> list[str]:
    warnings = []
    if ref.supplier.qualification != Qualification.QUALIFIED:
        warnings.append(
            f"supplier {ref.supplier.name} is {ref.supplier.qualification}: the lot "
            "stays in quarantine and cannot be released until the supplier is "
            "qualified"
        )
    assert isinstance(receipt.expiry, date)  # read and present, or refused before
    if receipt.expiry < today:
        warnings.append(f"the lot expired on {receipt.expiry:%Y-%m-%d}")
    elif receipt.expiry <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        warnings.append(f"the lot expires soon ({receipt.expiry:%Y-%m-%d})")
    earlier = session.scalars(
        select(Lot.lot_number).where(
            Lot.reference_id == ref.id, Lot.supplier_lot == receipt.supplier_lot.strip()
        )
    ).all()
    if earlier:
        warnings.append(
            f"supplier lot {receipt.supplier_lot.strip()} was already received as "
            f"{', '.join(earlier)}"
        )
    if receipt.nonconformity:
        warnings.append(f"receipt recorded as non-conforming: {receipt.nonconformity.strip()}")
    return warnings


def _delivery(
    session: Session, actor: Actor, ref: Reference, note: str | None, now: datetime
) -> Delivery:
    """Lots scanned from one delivery note of one supplier on one day form one delivery."""
    note = (note or "").strip() or None
    if note is not None:
        found = session.scalars(
            select(Delivery).where(
                Delivery.delivery_note == note,
                Delivery.supplier_id == ref.supplier_id,
                Delivery.received_at >= now.replace(hour=0, minute=0, second=0, microsecond=0),
            )
        ).first()
        if found is not None:
            return found
    delivery = Delivery(
        number=numbering.delivery_number(session, now),
        supplier_id=ref.supplier_id,
        delivery_note=note,
        received_at=now,
        received_by_id=actor.id,
    )
    session.add(delivery)
    session.flush()
    return delivery


def _create_lot(
    session: Session,
    actor: Actor,
    ref: Reference,
    delivery: Delivery,
    receipt: Receipt,
    now: datetime,
) -> Lot:
    failed = any(not ok for ok in receipt.checks.values())
    nonconformity = (receipt.nonconformity or "").strip() or None
    lot = Lot(
        lot_number=numbering.lot_number(session, now),
        reference_id=ref.id,
        supplier_id=ref.supplier_id,
        delivery_id=delivery.id,
        supplier_lot=receipt.supplier_lot.strip(),
        expiry=receipt.expiry,
        production_date=receipt.production_date,
        gtin=receipt.gtin,
        serial=receipt.serial,
        scan_text=receipt.scan_text,
        container_count=receipt.containers,
        received_at=now,
        received_by_id=actor.id,
        receipt_conforming=not failed and nonconformity is None,
        nonconformity=nonconformity,
        status=LotStatus.QUARANTINE.value,  # always: nobody chooses another initial status
        status_at=now,
        status_by_id=actor.id,
    )
    session.add(lot)
    session.flush()
    return lot
