"""Production: scan a container, read GO or STOP from across the room, record its use.

The answer comes from db.usability.scan_check (the same rules dispense applies), so the screen
never says GO for a container the workflow would refuse. The batch code stays between scans:
an operator works on one batch at a time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from db.dispense import Dispensed, dispense
from db.errors import Refused
from db.usability import UseCheck, scan_check
from labels.gs1 import ScanError, ScanResult, parse_scan
from ui.presentation import Banner, palette
from ui.presentation.formats import day, esc, quantity
from ui.scan_field import ScanField
from ui.services import Services
from ui.session import Session

# state: (background, text colour)
PANEL_COLOURS = {
    "idle": (palette.INFO_BACKGROUND, palette.INFO),
    "go": (palette.OK, palette.ink(palette.OK)),
    "stop": (palette.ERROR, palette.ink(palette.ERROR)),
    "wrong": (palette.WARNING, palette.ink(palette.WARNING)),
    "done": (palette.DONE, palette.ink(palette.DONE)),
}


class QuantityField(QLineEdit):
    """A number field that hands letters on to the scan field: a scan typed here by mistake
    (the operator scanned the next container instead of typing a quantity) still arrives."""

    def __init__(self, scan: ScanField) -> None:
        super().__init__()
        self.scan = scan

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and (text[0].isalpha() or text[0] == "]"):
            self.scan.setFocus()
            self.scan.insert(text)
            return
        super().keyPressEvent(event)


class ProductionStation(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.check: UseCheck | None = None
        self.state = "idle"
        self.scan = ScanField(placeholder="Scan the container's Lotkeeper label (L26-000042-003)")
        self.scan.setObjectName("scan")
        self.scan.setStyleSheet("font-size:20px; padding:6px;")
        self.scan.scanned.connect(self.handle_scan)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reasons = QLabel()
        self.reasons.setObjectName("reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panel = QFrame()
        self.panel.setObjectName("panel")
        inside = QVBoxLayout(self.panel)
        inside.addStretch(1)
        inside.addWidget(self.heading)
        inside.addWidget(self.reasons)
        inside.addStretch(1)
        # The panel takes the room left and never asks for more: a long STOP never pushes the
        # use row (batch, quantity) away from under the operator's pointer.
        self.panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.banner = Banner()
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "<b style='font-size:15px'>Production use</b> — scan a container before using it"
            )
        )
        layout.addWidget(self.scan)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.banner)
        layout.addLayout(self._use_row())
        QShortcut(QKeySequence("Escape"), self, self.reset)
        self._operator = session.actor.username if session.signed_in else None
        session.changed.connect(self._operator_changed)
        self._show("idle", "SCAN", "Scan a container to see whether it may be used.")

    def _use_row(self) -> QHBoxLayout:
        self.batch = QLineEdit()
        self.batch.setObjectName("batch")
        self.batch.setPlaceholderText("e.g. CAR-T-2026-033")
        self.batch.returnPressed.connect(lambda: self.quantity.setFocus())
        self.quantity = QuantityField(self.scan)
        self.quantity.setObjectName("quantity")
        self.quantity.setMaximumWidth(120)
        self.quantity.returnPressed.connect(self.record_use)
        self.unit = _big("")
        self.unit.setFixedWidth(70)  # a unit shown or changed moves no field
        self.override = QLineEdit()
        self.override.setObjectName("override")
        self.override.setPlaceholderText("reason to use this container before the older one")
        self.override.returnPressed.connect(lambda: self.quantity.setFocus())
        self.override_label = _big("FEFO override reason *")
        self.record = QPushButton("Record use (Enter)")
        self.record.setObjectName("record")
        self.record.clicked.connect(self.record_use)
        row = QHBoxLayout()
        row.addWidget(_big("Batch"))
        row.addWidget(self.batch, 1)
        row.addWidget(self.override_label)
        row.addWidget(self.override, 2)
        row.addWidget(_big("Quantity used"))
        row.addWidget(self.quantity)
        row.addWidget(self.unit)
        row.addWidget(self.record)
        for widget in (self.batch, self.override, self.quantity, self.record):
            widget.setMinimumHeight(34)
            widget.setStyleSheet("font-size:15px;")
        return row

    def _operator_changed(self, actor: object) -> None:
        """Another person's batch is not theirs: forget it (unlocking as oneself keeps it)."""
        username = getattr(actor, "username", None)
        if username != self._operator:
            self._operator = username
            self.batch.clear()
            self.reset()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.scan.setFocus()

    # -- scanning ---------------------------------------------------------------------------

    def handle_scan(self, text: str) -> None:
        self.banner.show_message("info", "")
        self.check = None
        separators = self.services.preferences.load().separators
        try:
            result = parse_scan(text, separators)
        except ScanError as error:
            self._show("wrong", "NOT A CONTAINER", error.message)
            return self._after(sound=True)
        if result.container is None:
            self._show("wrong", "NOT A CONTAINER", _supplier_barcode(result))
            return self._after(sound=True)
        try:
            check = scan_check(self.services.db, result.container)
        except Refused as refusal:
            self._show("stop", "STOP", esc(refusal.message))
            return self._after(sound=True)
        self.show_check(check)

    def show_check(self, check: UseCheck) -> None:
        self.check = check
        what = (
            f"<b>{check.container}</b> — {esc(check.reference)} {esc(check.reference_name)}"
            f"<br>lot {check.lot} {check.status} · expires {day(check.expiry)}"
            + (f" · use by {day(check.use_by)}" if check.use_by else "")
            + f" · {esc(quantity(check.quantity, check.unit))} left"
        )
        self.unit.setText(check.unit)
        if check.problems:
            reasons = "<br>".join(f"✗ {esc(p)}" for p in check.problems)
            self._show("stop", "STOP", f"<span style='font-size:26px'>{reasons}</span><br>{what}")
            return self._after(sound=True)
        if check.fefo_first:
            fefo = (
                f"✗ FEFO: use container <b>{check.fefo_first}</b> first "
                f"(expires {day(check.fefo_expiry)})"
            )
            self._show(
                "stop",
                "STOP — FEFO",
                f"<span style='font-size:26px'>{fefo}</span><br>{what}<br><br>To use this "
                "container anyway, type the reason to override FEFO below.",
            )
            return self._after(sound=True)
        self._show("go", "GO", what)
        (self.quantity if self.batch.text().strip() else self.batch).setFocus()

    # -- recording use ----------------------------------------------------------------------

    def record_use(self) -> None:
        check = self.check
        if check is None or check.problems or self.state == "done":
            self.banner.error("scan a container that may be used first")
            return self.scan.setFocus()
        reason = self.override.text().strip() if check.fefo_first else None
        db, actor = self.services.db, self.session.actor
        quantity, batch = self.quantity.text().strip(), self.batch.text()
        self.services.operations.run(
            lambda: dispense(db, actor, check.container, quantity, batch, reason),
            done=self.recorded,
            refused=self._refused,
            form=self,
        )

    def _refused(self, message: str) -> None:
        self.banner.error(message)
        self.scan.setFocus()

    def recorded(self, done: Dispensed) -> None:
        self.check = None
        self.quantity.clear()
        left = esc(quantity(done.remaining, done.unit))
        note = "<br>The container is now <b>EMPTY</b>." if done.remaining <= 0 else ""
        override = f"<br>FEFO overridden: {esc(done.fefo_override)}" if done.fefo_override else ""
        self._show(
            "done",
            "RECORDED",
            f"{esc(quantity(done.quantity, done.unit))} of <b>{done.container}</b> used in batch "
            f"<b>{esc(done.batch)}</b><br><span style='font-size:26px'>Remaining in the "
            f"container: <b>{left}</b></span>{note}{override}",
        )
        self.banner.ok(f"use recorded: {done.container} → {done.batch}, {left} left")
        self.scan.setFocus()

    def reset(self) -> None:
        self.check = None
        self.quantity.clear()
        self.banner.show_message("info", "")
        self._show("idle", "SCAN", "Scan a container to see whether it may be used.")
        self.scan.setFocus()

    # -- display ----------------------------------------------------------------------------

    def _show(self, state: str, heading: str, text: str) -> None:
        self.state = state
        background, ink = PANEL_COLOURS[state]
        self.panel.setStyleSheet(
            f"QFrame#panel {{ background:{background}; border-radius:8px; }}"
            f"QLabel {{ color:{ink}; background:transparent; }}"
        )
        size = {"idle": 40, "wrong": 80}.get(state, 120)
        self.heading.setStyleSheet(f"font-size:{size}px; font-weight:bold;")
        self.heading.setText(heading)
        self.reasons.setStyleSheet("font-size:19px;")
        self.reasons.setText(text)
        check = self.check
        fefo = state == "stop" and check is not None and bool(check.fefo_first)
        fefo = fefo and check is not None and not check.problems
        self.override_label.setVisible(fefo)
        self.override.setVisible(fefo)
        if not fefo:
            self.override.clear()
        self.record.setEnabled(state == "go" or fefo)

    def _after(self, *, sound: bool) -> None:
        if sound and self.services.preferences.load().sound:
            QApplication.beep()
        self.scan.setFocus()


def _big(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size:15px;")
    return label


def _supplier_barcode(result: ScanResult) -> str:
    fields = [
        f"GTIN {result.gtin}" if result.gtin else "",
        f"lot {esc(result.lot)}" if result.lot else "",
        f"expiry {day(result.expiry)}" if result.expiry else "",
    ]
    read = ", ".join(f for f in fields if f)
    return (
        f"This is the supplier's barcode ({read or 'GS1 data'}), not a container label."
        "<br><b>Scan the container's Lotkeeper label</b> (L26-000042-003)."
    )
