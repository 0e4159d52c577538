"""Printing: gather the data (db/queries), render it (labels/), record the print (db/prints).

One service for the application and the command line, so every print is recorded and every
reprint says REPRINT, whichever door it came through. Every print is made by a signed-in user.
`deliver` (optional) receives the PDF inside the recording transaction: the command line writes
its file there, so a print is recorded only once its file exists. The application shows the
returned bytes in its preview, which is the print: it delivers nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING

from db.documents import PDFIUM_LOCK
from db.engine import Database
from db.integrity.fingerprint import fingerprint
from db.prints import Deliver, Printed, record_print
from db.queries import printing as data
from db.users import Actor
from ui.services import PreferencesStore, PrintedPdf

# reportlab, the barcode writers and PDFium load with the first print, not with the service.
if TYPE_CHECKING:
    from labels.receipt_record import ReceiptRecord
    from labels.release_certificate import ReleaseCertificate

SIZES = ("100x50", "a4")


def page_count(pdf: bytes) -> int:
    import pypdfium2

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


class PrintService:
    """The PrintingPort of ui/services.py, and the CLI's printer."""

    def __init__(self, db: Database, preferences: PreferencesStore | None = None) -> None:
        self.db = db
        self.preferences = preferences

    def _record(
        self,
        actor: Actor,
        kind: str,
        subject: str,
        content: object,
        render: Callable[[bool, str, datetime], bytes],
        title: str,
        deliver: Deliver | None,
    ) -> PrintedPdf:
        def rendered(reprint: bool, by: str, at: datetime) -> tuple[bytes, int]:
            pdf = render(reprint, by, at)
            return pdf, page_count(pdf)

        done: Printed = record_print(
            self.db,
            kind=kind,
            subject=subject,
            content=content,
            render=rendered,
            actor=actor,
            deliver=deliver or _shown_in_the_preview,
        )
        return PrintedPdf(title, done.pdf, done.reprint)

    def status_labels(
        self,
        actor: Actor,
        lot: str,
        size: str | None = None,
        *,
        deliver: Deliver | None = None,
    ) -> PrintedPdf:
        from labels.status_label import ContainerLabel, render_status_labels

        rows = data.label_rows(self.db, lot)
        prefs = self.preferences.load() if self.preferences else None
        size = size or (prefs.label_size if prefs else "100x50")
        colours = (prefs.colours or None) if prefs else None
        labels = [ContainerLabel(**asdict(row)) for row in rows]
        return self._record(
            actor,
            "status_labels",
            rows[0].lot_number,
            [asdict(r) for r in rows],
            lambda reprint, by, at: render_status_labels(
                labels, size=size, colours=colours, printed_by=by, printed_at=at, reprint=reprint
            ),
            f"Status labels {rows[0].lot_number} ({rows[0].status})",
            deliver,
        )

    def release_certificate(
        self, actor: Actor, lot: str, *, deliver: Deliver | None = None
    ) -> PrintedPdf:
        d = data.certificate_data(self.db, lot)
        certificate = _certificate(d)
        # The chain head moves with every event: printing-time data, like the time printed,
        # so it is not part of what makes a second print of the same certificate a REPRINT.
        content = {
            k: v for k, v in data.print_content(d).items() if not k.startswith("chain_head_")
        }
        return self._record(
            actor,
            "release_certificate",
            d.lot_number,
            content,
            lambda reprint, by, at: _render_certificate(certificate, by, at, reprint),
            f"Release certificate {d.lot_number}",
            deliver,
        )

    def receipt_record(
        self, actor: Actor, lot: str, *, deliver: Deliver | None = None
    ) -> PrintedPdf:
        from labels.receipt_record import render_receipt_record

        d = data.receipt_data(self.db, lot)
        record = _receipt(d)
        return self._record(
            actor,
            "receipt_record",
            d.delivery_number,
            data.print_content(d),
            lambda reprint, by, at: render_receipt_record(
                record, printed_by=by, printed_at=at, reprint=reprint
            ),
            f"Goods receipt {d.delivery_number}",
            deliver,
        )

    def sample_log(self, actor: Actor, *, deliver: Deliver | None = None) -> PrintedPdf:
        from labels.sample_log import ReferenceSample, render_sample_log

        rows = data.sample_log_rows(self.db)
        samples = [ReferenceSample(**asdict(r)) for r in rows]
        return self._record(
            actor,
            "sample_log",
            "reference samples",
            [asdict(r) for r in rows],
            lambda reprint, by, at: render_sample_log(
                samples, printed_by=by, printed_at=at, reprint=reprint
            ),
            "Reference-sample log",
            deliver,
        )


def _certificate(d: data.CertificateData) -> ReleaseCertificate:
    from labels.release_certificate import (
        CriterionRow,
        DocumentRow,
        PrerequisiteRow,
        ReleaseCertificate,
        SignatureRow,
    )

    return ReleaseCertificate(
        lot_number=d.lot_number,
        reference_code=d.reference_code,
        reference_name=d.reference_name,
        supplier=d.supplier,
        supplier_lot=d.supplier_lot,
        expiry=d.expiry,
        received_on=d.received_on,
        received_by=d.received_by,
        status=d.status,
        risk_class=d.risk_class,
        criteria=[CriterionRow(**asdict(c)) for c in d.criteria],
        prerequisites=[PrerequisiteRow(**asdict(p)) for p in d.prerequisites],
        documents=[DocumentRow(**asdict(x)) for x in d.documents],
        signatures=[SignatureRow(**asdict(s)) for s in d.signatures],
        chain_head_seq=d.chain_head_seq,
        chain_head_fingerprint=fingerprint(d.chain_head_hash),
    )


def _render_certificate(
    certificate: ReleaseCertificate, by: str, at: datetime, reprint: bool
) -> bytes:
    from labels.release_certificate import render_release_certificate

    return render_release_certificate(certificate, printed_by=by, printed_at=at, reprint=reprint)


def _receipt(d: data.ReceiptData) -> ReceiptRecord:
    from labels.receipt_record import ChecklistItem, ReceiptRecord, ReceivedLot

    return ReceiptRecord(
        delivery_number=d.delivery_number,
        supplier=d.supplier,
        delivery_note=d.delivery_note,
        received_at=d.received_at,
        received_by=d.received_by,
        lots=[
            ReceivedLot(
                **{k: v for k, v in asdict(x).items() if k != "checklist"},
                checklist=[ChecklistItem(**asdict(c)) for c in x.checklist],
            )
            for x in d.lots
        ],
    )


def _shown_in_the_preview(pdf: bytes) -> None:
    """The application's delivery: the returned bytes are shown, and printed from, the preview."""
