"""Printing: gather the data (db/queries), render it (labels/), record the print (db/prints).

One service for the application and the command line, so every print is recorded and every
reprint says REPRINT, whichever door it came through.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

import pypdfium2

from db.engine import Database
from db.prints import Printed, record_print
from db.queries import printing as data
from db.users import Actor
from labels.receipt_record import ChecklistItem, ReceiptRecord, ReceivedLot, render_receipt_record
from labels.release_certificate import (
    CriterionRow,
    DocumentRow,
    PrerequisiteRow,
    ReleaseCertificate,
    SignatureRow,
    render_release_certificate,
)
from labels.sample_log import ReferenceSample, render_sample_log
from labels.status_label import ContainerLabel, render_status_labels
from ui.services import PreferencesStore, PrintedPdf

SIZES = ("100x50", "a4")


def page_count(pdf: bytes) -> int:
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
        actor: Actor | None,
        kind: str,
        subject: str,
        content: object,
        render: Callable[[bool, str, datetime], bytes],
        title: str,
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
            workstation_user=getpass.getuser(),
        )
        return PrintedPdf(title, done.pdf, done.reprint)

    def status_labels(
        self,
        actor: Actor | None,
        lot: str,
        size: str | None = None,
    ) -> PrintedPdf:
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
        )

    def release_certificate(self, actor: Actor | None, lot: str) -> PrintedPdf:
        d = data.certificate_data(self.db, lot)
        certificate = ReleaseCertificate(
            d.lot_number,
            d.reference_code,
            d.reference_name,
            d.supplier,
            d.supplier_lot,
            d.expiry,
            d.received_on,
            d.received_by,
            d.status,
            d.risk_class,
            [CriterionRow(*c) for c in d.criteria],
            [PrerequisiteRow(*p) for p in d.prerequisites],
            [DocumentRow(*x) for x in d.documents],
            [SignatureRow(*s) for s in d.signatures],
        )
        return self._record(
            actor,
            "release_certificate",
            d.lot_number,
            asdict(d),
            lambda reprint, by, at: render_release_certificate(
                certificate, printed_by=by, printed_at=at, reprint=reprint
            ),
            f"Release certificate {d.lot_number}",
        )

    def receipt_record(self, actor: Actor | None, lot: str) -> PrintedPdf:
        d = data.receipt_data(self.db, lot)
        record = ReceiptRecord(
            d.delivery_number,
            d.supplier,
            d.delivery_note,
            d.received_at,
            d.received_by,
            [
                ReceivedLot(
                    x.lot_number,
                    x.reference_code,
                    x.reference_name,
                    x.supplier_lot,
                    x.expiry,
                    x.containers,
                    x.quantity_each,
                    x.unit,
                    [ChecklistItem(*c) for c in x.checklist],
                    x.nonconformity,
                    x.status,
                )
                for x in d.lots
            ],
        )
        return self._record(
            actor,
            "receipt_record",
            d.delivery_number,
            asdict(d),
            lambda reprint, by, at: render_receipt_record(
                record, printed_by=by, printed_at=at, reprint=reprint
            ),
            f"Goods receipt {d.delivery_number}",
        )

    def sample_log(self, actor: Actor | None) -> PrintedPdf:
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
        )
