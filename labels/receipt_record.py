"""The goods-receipt record of a delivery: what arrived, who checked it, what was wrong.

One section per lot: identity, containers and quantity, the conformity checklist (each item
written OK / NOT OK, never by colour alone), the non-conformity text, and the status the lot
was given (always QUARANTINE at receipt; later prints show the status then).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from labels.pdf_common import date_text, markup, quantity_text, utc_text
from labels.pdf_document import (
    MARGIN,
    Column,
    fields,
    para,
    render_document,
    strong,
    styles,
    table,
)
from labels.status_style import STATUS_WORDS, status_key


@dataclass(frozen=True, kw_only=True)
class ChecklistItem:
    """One conformity check at receipt: what was checked, whether it was OK, and a note."""

    item: str
    ok: bool
    note: str = ""


CHECKS: tuple[Column[ChecklistItem], ...] = (
    Column("Conformity check", "item", 0.5),
    Column("Result", lambda c: "OK" if c.ok else strong("NOT OK"), 0.12),
    Column("Note", "note", 0.38),
)


@dataclass(frozen=True, kw_only=True)
class ReceivedLot:
    """One lot of the delivery.

    lot_number: internal lot number; reference_code, reference_name: the material.
    supplier_lot, expiry: from the GS1 scan or typed.
    containers: number of containers; quantity_each, unit: content of each container.
    checklist: the conformity checks; nonconformity: the receiver's text, None if conforming.
    status: the lot's status (QUARANTINE, RELEASED, REJECTED, ON_HOLD).
    """

    lot_number: str
    reference_code: str
    reference_name: str
    supplier_lot: str
    expiry: date
    containers: int
    quantity_each: Decimal | int | str
    unit: str
    checklist: Sequence[ChecklistItem]
    nonconformity: str | None
    status: str


@dataclass(frozen=True, kw_only=True)
class ReceiptRecord:
    """A delivery: its number, supplier, delivery note, when and by whom (printed name) it was
    received (`received_at` timezone-aware, printed in UTC), and its lots."""

    delivery_number: str
    supplier: str
    delivery_note: str
    received_at: datetime
    received_by: str
    lots: Sequence[ReceivedLot]


def render_receipt_record(
    record: ReceiptRecord,
    *,
    printed_by: str,
    printed_at: datetime,
    reprint: bool = False,
) -> bytes:
    """The record as A4 portrait PDF bytes, lots in the order given."""
    s = styles()
    width = A4[0] - 2 * MARGIN
    conforming = sum(1 for lot in record.lots if _conforming(lot))
    story: list[Flowable] = [
        para(f"Goods-receipt record — delivery {record.delivery_number}", s["title"]),
        Spacer(0, 4),
        fields(
            [
                ("Delivery", record.delivery_number),
                ("Supplier", record.supplier),
                ("Delivery note", record.delivery_note or "—"),
                ("Received at", utc_text(record.received_at, "receipt time")),
                ("Received by", record.received_by),
                ("Lots", f"{len(record.lots)} ({conforming} conforming)"),
            ],
            width,
        ),
    ]
    story += [_lot(lot, width) for lot in record.lots] or [
        para("No lots were received in this delivery.", s["h2"])
    ]
    return render_document(
        story,
        title=f"Goods receipt {record.delivery_number}",
        pagesize=A4,
        printed_by=printed_by,
        printed_at=printed_at,
        reprint=reprint,
    )


def _conforming(lot: ReceivedLot) -> bool:
    return not lot.nonconformity and all(check.ok for check in lot.checklist)


def _lot(lot: ReceivedLot, width: float) -> Flowable:
    s = styles()
    verdict = "conforming" if _conforming(lot) else "NON-CONFORMING"
    parts: list[Flowable] = [
        para(f"Lot {lot.lot_number} — {lot.reference_code} ({verdict})", s["h2"]),
        fields(
            [
                ("Internal lot", lot.lot_number),
                ("Status", STATUS_WORDS[status_key(lot.status)]),
                ("Reference", f"{lot.reference_code} — {lot.reference_name}"),
                ("Supplier lot", lot.supplier_lot),
                ("Expiry", date_text(lot.expiry)),
                (
                    "Containers",
                    f"{lot.containers} × {quantity_text(lot.quantity_each, lot.unit)}",
                ),
            ],
            width,
        ),
        Spacer(0, 3),
        table(CHECKS, lot.checklist, width, empty="No checks recorded."),
        Spacer(0, 3),
        Paragraph(
            f"<b>Non-conformity:</b> {markup(lot.nonconformity or 'none recorded')}", s["body"]
        ),
        Spacer(0, 6),
    ]
    # A lot's section stays on one page when it fits, so its checks are read with its identity.
    return KeepTogether(parts)
