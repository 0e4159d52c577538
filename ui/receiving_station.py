"""Receiving: scan the delivered item, check it, count it, create the lot in QUARANTINE.

Scan first: the scan field has the focus when the station shows and after every action, so
the technician's hands stay on the scanner. Every rule is the workflow's (db.receiving): this
screen gathers what the person saw and shows the answer in words.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.numbering import MAX_CONTAINERS
from db.queries.reference_picker import ReferenceChoice
from db.receiving import CHECK_ITEMS, Receipt, Received, receive
from labels.gs1 import ScanError, parse_scan
from labels.receipt_draft import ReceiptDraft
from ui.presentation import Banner
from ui.print_output import PrintPreview, open_preview
from ui.receiving_fields import ScannedFields
from ui.scan_field import ScanField
from ui.services import PrintedPdf, Services
from ui.session import Session

CHECK_LABELS = {
    "packaging_intact": "Packaging &intact",
    "temperature_ok": "&Temperature on arrival within the storage condition",
    "delivery_note_matches": "&Delivery note matches the goods",
}


# Read at arm's length at the bench; the banners keep their own (larger) size.
BENCH_FONT = (
    "QGroupBox, QLabel, QLineEdit, QComboBox, QSpinBox, QCheckBox, QPlainTextEdit "
    "{ font-size:14px; }"
)


def container_span(containers: list[str]) -> str:
    if len(containers) <= 6:
        return ", ".join(containers)
    return f"{containers[0]} to {containers[-1]} ({len(containers)} containers)"


class ReceivingStation(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.state = ReceiptDraft()
        self.last: Received | None = None
        self.preview: PrintPreview | None = None
        self.scan = ScanField(placeholder="Scan the supplier's barcode, or type (01)…(17)…(10)…")
        self.scan.setObjectName("scan")
        self.scan.setStyleSheet("font-size:20px; padding:6px;")
        self.scan.scanned.connect(self.handle_scan)
        self.banner = Banner(lines=3)  # room for a receipt's large confirmation
        self.banner.setObjectName("banner")
        self.warnings = Banner(sound=False)
        self.warnings.setObjectName("warnings")
        self.fields = ScannedFields(services, session)
        self.fields.reference_changed.connect(self._show_unit)
        self.fields.message.connect(self._message)
        layout = QVBoxLayout(self)
        heading = QLabel("<b style='font-size:15px'>Receiving</b> — scan, check, count, confirm")
        layout.addWidget(heading)
        layout.addWidget(self.scan)
        layout.addWidget(self.banner)
        layout.addWidget(self.warnings)
        columns = QHBoxLayout()
        scanned = QGroupBox("Scanned fields")
        scanned.setStyleSheet(BENCH_FONT)
        QVBoxLayout(scanned).addWidget(self.fields)
        columns.addWidget(scanned, 11)
        columns.addWidget(self._receipt_box(), 9)
        layout.addLayout(columns, 1)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.confirm)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.confirm)
        QShortcut(QKeySequence("Escape"), self, self.clear)
        self._tab_order()

    def _receipt_box(self) -> QGroupBox:
        box = QGroupBox("Receipt")
        box.setStyleSheet(BENCH_FONT)
        self.containers = QSpinBox()
        self.containers.setObjectName("containers")
        self.containers.setRange(1, MAX_CONTAINERS)
        self.quantity = QLineEdit()
        self.quantity.setObjectName("quantity")
        self.quantity.setPlaceholderText("per container")
        self.unit = QLabel("(pick the reference)")
        self.unit.setObjectName("unit")
        amount = QHBoxLayout()
        amount.addWidget(self.quantity, 1)
        amount.addWidget(self.unit, 1)
        self.delivery_note = QLineEdit()
        self.delivery_note.setObjectName("delivery_note")
        self.delivery_note.setPlaceholderText("the supplier's delivery note number")
        self.checks = {
            item: QCheckBox(CHECK_LABELS.get(item, text)) for item, text in CHECK_ITEMS.items()
        }
        for item, check in self.checks.items():
            check.setObjectName(item)
        self.temperature = QLineEdit()
        self.temperature.setObjectName("temperature_note")
        self.temperature.setPlaceholderText("optional, e.g. logger 4.2 °C, ice packs intact")
        self.nonconformity = QPlainTextEdit()
        self.nonconformity.setObjectName("nonconformity")
        self.nonconformity.setTabChangesFocus(True)
        self.nonconformity.setFixedHeight(56)
        self.nonconformity.setPlaceholderText("required when a check is not ticked")
        self.show_labels = QCheckBox("Show labels after receipt")
        self.show_labels.setObjectName("show_labels")
        self.show_labels.setChecked(True)
        self.confirm_button = QPushButton("Receive into QUARANTINE (Ctrl+Enter)")
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.setStyleSheet("font-size:15px; font-weight:bold; padding:8px;")
        self.confirm_button.clicked.connect(self.confirm)
        self.clear_button = QPushButton("Clear (Esc)")
        self.clear_button.clicked.connect(self.clear)
        self.labels_button = QPushButton("Labels of the last lot")
        self.labels_button.setObjectName("labels")
        self.labels_button.setEnabled(False)
        self.labels_button.clicked.connect(self.offer_labels)
        form = QFormLayout()
        form.addRow("Containers *", self.containers)
        form.addRow("Quantity each *", amount)
        form.addRow("Delivery note", self.delivery_note)
        form.addRow(QLabel("<b>Conformity checklist</b> — tick what you checked"))
        for check in self.checks.values():
            form.addRow("", check)
        form.addRow("Temperature note", self.temperature)
        form.addRow("Non-conformity", self.nonconformity)
        form.addRow("", self.show_labels)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button, 2)
        buttons.addWidget(self.clear_button, 1)
        form.addRow(buttons)
        form.addRow("", self.labels_button)
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addStretch(1)
        return box

    def _tab_order(self) -> None:
        f = self.fields
        chain: list[QWidget] = [
            self.scan,
            f.reference,
            f.lot,
            f.confirm_lot,
            f.expiry,
            f.production,
            f.serial,
            f.remember_reason,
            f.remember,
            self.containers,
            self.quantity,
            self.delivery_note,
            *self.checks.values(),
            self.temperature,
            self.nonconformity,
            self.show_labels,
            self.confirm_button,
            self.clear_button,
            self.labels_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.scan.setFocus()

    # -- scanning ---------------------------------------------------------------------------

    def handle_scan(self, text: str) -> None:
        self.warnings.show_message("info", "")
        separators = self.services.preferences.load().separators
        try:
            result = parse_scan(text, separators)
        except ScanError as error:
            self.banner.error(f"the scan could not be used. {error.message}")
            return self.scan.setFocus()
        if result.container is not None:
            self.banner.warning(
                f"{result.container} is a Lotkeeper container label: that lot has already "
                "been received. Scan the supplier's barcode on the delivered goods."
            )
            return self.scan.setFocus()
        filled, notes = self.state.add(result, text)
        self.fields.show_scan(self.state, filled, notes)
        read = ", ".join(sorted(f.replace("_", " ") for f in filled if f != "symbology"))
        if self.fields.gtin_pending():
            self.banner.warning(f"GTIN {self.state.gtin} is not in the catalog: pick its reference")
        elif self.state.needs_confirmation:
            self.banner.warning("the lot needs a confirmation: rescan it or type it as printed")
        else:
            self.banner.show_message("info", f"Scan read: {read}. Check the goods, then confirm.")
        self.scan.setFocus()

    # -- confirming -------------------------------------------------------------------------

    def build_receipt(self) -> tuple[Receipt, list[str]]:
        """The receipt as typed and scanned, and what only this form can see is wrong with it.

        Dates go to the workflow as typed: it reads them, and names what it cannot read with
        every other problem of the receipt, in one refusal.
        """
        f = self.fields
        problems = []
        code = f.reference_code()
        # Without a pick, the workflow itself says the GTIN is not in the catalog.
        if f.gtin_pending() and code is not None:
            problems.append(
                f"GTIN {f.gtin.text()} is not remembered for {code}: remember it (with a "
                "reason) before receiving, or have the reference created in the catalog"
            )
        checks = {item: box.isChecked() for item, box in self.checks.items()}
        temperature = self.temperature.text().strip()
        # What is on the form wins: the person may have typed or corrected any field.
        scanned = self.state.receipt_fields(
            supplier_lot=f.lot.text(),
            serial=f.serial.text().strip() or None,
            confirmed_lot=f.confirm_lot.text(),
        )
        receipt = Receipt(
            **{**scanned, "expiry": f.expiry.text(), "production_date": f.production.text()},
            containers=self.containers.value(),
            quantity=self.quantity.text().strip(),
            reference_code=code,
            delivery_note=self.delivery_note.text().strip() or None,
            checks=checks,
            check_notes={"temperature_ok": temperature} if temperature else {},
            nonconformity=self.nonconformity.toPlainText().strip() or None,
        )
        return receipt, problems

    def confirm(self) -> None:
        receipt, problems = self.build_receipt()  # what was typed, read on the GUI thread
        db, actor = self.services.db, self.session.actor
        self.services.operations.run(
            lambda: receive(db, actor, receipt, form_problems=problems),
            done=self.received,
            refused=self._refused,
            form=self,
        )

    def _refused(self, message: str) -> None:
        self.banner.error(message)
        self.scan.setFocus()

    def received(self, done: Received) -> None:
        self.last = done
        self.banner.ok(
            f"lot {done.lot} ({done.reference}) received into {done.status}. "
            f"Containers: {container_span(done.containers)}",
            large=True,
        )
        if done.warnings:
            self.warnings.warning("; ".join(done.warnings))
        self.labels_button.setText(f"Show the labels of {done.lot} again")
        self.labels_button.setEnabled(True)
        self._reset_item()
        if self.show_labels.isChecked():
            self.offer_labels()
        self.scan.setFocus()

    # -- labels -----------------------------------------------------------------------------

    def offer_labels(self) -> None:
        """Render and record the status labels off the GUI thread, then preview them."""
        if self.last is None:
            return
        lot, actor = self.last.lot, self.session.actor
        size = self.services.preferences.load().label_size
        printing = self.services.printing
        self.services.operations.run(
            lambda: printing.status_labels(actor, lot, size),
            done=self._labels_ready,
            refused=self._labels_refused,
        )

    def _labels_ready(self, printed: PrintedPdf) -> None:
        self.preview = open_preview(
            printed, self, self.services.preferences, self.banner.ok, self.banner.error
        )
        self.preview.finished.connect(lambda _: self.scan.setFocus())

    def _labels_refused(self, why: str) -> None:
        self.warnings.warning(f"the labels could not be prepared ({why}): print them again")

    # -- clearing ---------------------------------------------------------------------------

    def _reset_item(self) -> None:
        """Ready for the next item of the same delivery: the delivery note stays."""
        self.state = ReceiptDraft()
        self.fields.clear()
        self.containers.setValue(1)
        self.quantity.clear()
        for box in self.checks.values():
            box.setChecked(False)
        self.temperature.clear()
        self.nonconformity.clear()

    def clear(self) -> None:
        self._reset_item()
        self.delivery_note.clear()
        self.banner.show_message("info", "")
        self.warnings.show_message("info", "")
        self.scan.clear()
        self.scan.setFocus()

    def _show_unit(self, ref: ReferenceChoice | None) -> None:
        self.unit.setText(f"<b>{ref.unit}</b> per container" if ref else "(pick the reference)")

    def _message(self, kind: str, text: str) -> None:
        {"ok": self.banner.ok, "error": self.banner.error}.get(kind, self.banner.warning)(text)
        self.scan.setFocus()
