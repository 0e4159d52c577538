"""The receiving station's left half: each scanned field, one per line, with its problem.

Fields come from the scans (labels.receipt_draft.ReceiptDraft) and may be typed or corrected; each
line says where its value came from. An unknown GTIN is mapped to a reference here and that
mapping is remembered through the audited workflow db.catalog_edit.assign_gtin.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.catalog_edit import GtinAssigned, assign_gtin
from db.errors import Refused
from db.queries.reference_picker import ReferenceChoice, active_references, reference_for_gtin
from labels.receipt_draft import ReceiptDraft
from ui.presentation import palette
from ui.presentation.formats import day, esc
from ui.services import Services
from ui.session import Session

INK = {"ok": palette.OK, "bad": palette.ERROR, "warn": palette.WARNING_TEXT, "none": palette.MUTED}
MARK = {"ok": "✓", "bad": "✗", "warn": "⚠", "none": "–"}


class ScannedFields(QWidget):
    reference_changed = Signal(object)  # ReferenceChoice | None
    message = Signal(str, str)  # kind for ui.feedback.Banner, text

    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.refs: dict[str, ReferenceChoice] = {}
        self.mapped: ReferenceChoice | None = None  # the reference the GTIN belongs to
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)
        self.notes: dict[str, QLabel] = {}
        self.gtin = self._line("gtin", "GTIN", read_only=True)
        self.reference = self._reference_row()
        self.lot = self._line("lot", "Supplier lot *")
        self.confirm_lot = self._line("confirm_lot", "Confirm the lot *")
        self.expiry = self._line("expiry", "Expiry * (YYYY-MM-DD)")
        self.production = self._line("production", "Production date")
        self.serial = self._line("serial", "Serial")
        self.symbology = self._line("symbology", "Symbology", read_only=True)
        self.messages = QLabel()
        self.messages.setObjectName("scan_messages")
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self._unknown_box())
        layout.addWidget(self.messages)
        layout.addStretch(1)
        self.load_references()
        self.clear()

    # -- building ---------------------------------------------------------------------------

    def _line(self, name: str, title: str, *, read_only: bool = False) -> QLineEdit:
        row = self.grid.rowCount()
        field = QLineEdit()
        field.setObjectName(name)
        field.setReadOnly(read_only)
        field.setFixedWidth(230)
        if read_only:
            field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        else:
            field.textEdited.connect(lambda _t, n=name: self._note(n, "none", "typed"))
        note = QLabel()
        note.setObjectName(f"{name}_note")
        note.setWordWrap(True)
        self.notes[name] = note
        self.grid.addWidget(QLabel(title), row, 0)
        self.grid.addWidget(field, row, 1)
        self.grid.addWidget(note, row, 2)
        return field

    def _reference_row(self) -> QComboBox:
        row = self.grid.rowCount()
        combo = QComboBox()
        combo.setObjectName("reference")
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.lineEdit().setPlaceholderText("type to search: code, name or supplier")
        combo.currentIndexChanged.connect(lambda _: self._reference_picked())
        combo.editTextChanged.connect(lambda _: self._reference_picked())
        # Locked to the GTIN's reference: still legible, not greyed out.
        combo.setStyleSheet(f"QComboBox:disabled {{ color:{palette.BLACK}; }}")
        note = QLabel()
        note.setObjectName("reference_note")
        note.setWordWrap(True)
        self.notes["reference"] = note
        self.grid.addWidget(QLabel("Reference *"), row, 0)
        self.grid.addWidget(combo, row, 1, 1, 2)
        self.grid.addWidget(note, row + 1, 1, 1, 2)
        return combo

    def _unknown_box(self) -> QFrame:
        self.unknown = QFrame()
        self.unknown.setObjectName("unknown_gtin")
        self.unknown.setStyleSheet(
            f"QFrame#unknown_gtin {{ background:{palette.NOTICE_BACKGROUND}; "
            f"border:1px solid {palette.WARNING}; border-radius:4px; }}"
        )
        self.unknown_text = QLabel()
        self.unknown_text.setWordWrap(True)
        self.remember_reason = QLineEdit()
        self.remember_reason.setObjectName("remember_reason")
        self.remember_reason.setPlaceholderText(
            "reason, e.g. first delivery of this packaging, label checked"
        )
        self.remember = QPushButton("Remember this GTIN for the picked reference")
        self.remember.setObjectName("remember_gtin")
        self.remember.clicked.connect(self.remember_gtin)
        box = QVBoxLayout(self.unknown)
        box.addWidget(self.unknown_text)
        box.addWidget(self.remember_reason)
        box.addWidget(self.remember)
        return self.unknown

    # -- references -------------------------------------------------------------------------

    def load_references(self) -> None:
        try:
            refs = active_references(self.services.db)
        except Refused as refusal:
            self.message.emit("error", refusal.message)
            return
        self.refs = {r.code: r for r in refs}
        keep = self.reference_code()
        self.reference.blockSignals(True)
        self.reference.clear()
        for ref in refs:
            self.reference.addItem(f"{ref.code} — {ref.name} ({ref.supplier})", ref.code)
        self.reference.setCurrentIndex(self.reference.findData(keep) if keep else -1)
        self.reference.blockSignals(False)

    def reference_code(self) -> str | None:
        """The picked reference (a list entry, or its code typed); other text is not a pick."""
        text = self.reference.currentText().strip()
        index = self.reference.findText(text)
        if index >= 0:
            return self.reference.itemData(index)
        return next((code for code in self.refs if code.lower() == text.lower()), None)

    def picked(self) -> ReferenceChoice | None:
        code = self.reference_code()
        return self.refs.get(code) if code else None

    def _reference_picked(self) -> None:
        ref = self.picked()
        if self.mapped is None and ref is not None:
            self._note("reference", "ok", f"picked {ref.code} {ref.name}; unit: {ref.unit}")
        elif self.mapped is None and self.reference.currentText().strip():
            self._note("reference", "warn", "type a reference code or pick one from the list")
        self.reference_changed.emit(ref)

    def _select(self, code: str | None) -> None:
        self.reference.setCurrentIndex(self.reference.findData(code) if code else -1)
        if code is None:
            self.reference.setEditText("")
        self.reference_changed.emit(self.picked())

    # -- showing a scan ---------------------------------------------------------------------

    def show_scan(self, state: ReceiptDraft, filled: set[str], notes: list[str]) -> None:
        values = {
            "gtin": (self.gtin, state.gtin),
            "lot": (self.lot, state.lot),
            "expiry": (self.expiry, day(state.expiry) if state.expiry else None),
            "production_date": (
                self.production,
                day(state.production_date) if state.production_date else None,
            ),
            "serial": (self.serial, state.serial),
            "symbology": (self.symbology, state.symbology),
        }
        for name, (field, value) in values.items():
            if name in filled and value is not None:
                field.setText(value)
                self._note(field.objectName(), "ok", "from the scan")
        if "gtin" in filled:
            self._map_gtin(state.gtin)
        self._show_suspicion(state)
        lines = [f"<span style='color:{INK['warn']}'>⚠ {esc(w)}</span>" for w in state.warnings]
        lines += [f"<span style='color:{palette.INFO}'>ℹ {esc(n)}</span>" for n in notes]
        self.messages.setText("<br>".join(lines))

    def _show_suspicion(self, state: ReceiptDraft) -> None:
        waiting = state.needs_confirmation
        self.confirm_lot.setEnabled(waiting)
        if state.suspect and state.confirmed_by_scan:
            self._note("lot", "ok", "confirmed by a second scan")
            self._note("confirm_lot", "ok", "confirmed by a second scan")
        elif waiting:
            self._note("lot", "warn", state.suspect or "")
            self._note(
                "confirm_lot",
                "warn",
                "rescan the barcode cleanly, or type the lot exactly as printed on the label",
            )
        else:
            self.confirm_lot.clear()
            self._note("confirm_lot", "none", "not needed")

    def _map_gtin(self, gtin: str | None) -> None:
        self.mapped = reference_for_gtin(self.services.db, gtin) if gtin else None
        self.load_references()
        if self.mapped is not None:
            self._select(self.mapped.code)
            self.reference.setEnabled(False)
            self._note("gtin", "ok", f"{self.mapped.code} {self.mapped.name}")
            self._note("reference", "ok", f"from the GTIN; unit: {self.mapped.unit}")
            self.unknown.hide()
            return
        self._select(None)
        self.reference.setEnabled(True)
        self._note("gtin", "bad", "not in the catalog")
        self._note("reference", "warn", "pick the reference this GTIN belongs to")
        self.unknown_text.setText(
            f"<b>GTIN {gtin} is not in the catalog.</b> Pick its reference above and remember "
            "it, so the next delivery is recognised by the scan. If the reference does not "
            "exist yet, it must be created in the catalog (Catalog &amp; suppliers, by QA or "
            "an administrator) before this delivery can be received."
        )
        self.unknown.show()

    def remember_gtin(self) -> None:
        gtin = self.gtin.text()
        code = self.reference_code()
        if not gtin or self.mapped is not None:
            return
        if code is None:
            self.message.emit("error", f"pick the reference GTIN {gtin} belongs to first")
            self.reference.setFocus()
            return
        db, actor, reason = self.services.db, self.session.actor, self.remember_reason.text()
        self.services.operations.run(
            lambda: assign_gtin(db, actor, code, gtin, reason),
            done=self._remembered,
            refused=lambda message: self.message.emit("error", message),
            form=self.unknown,
        )

    def _remembered(self, done: GtinAssigned) -> None:
        self.remember_reason.clear()
        self._map_gtin(done.gtin)
        self._note("gtin", "ok", f"{done.reference}: remembered (audited)")
        self.message.emit("ok", f"GTIN {done.gtin} is now remembered for {done.reference}")

    # -- state ------------------------------------------------------------------------------

    def gtin_pending(self) -> bool:
        """A scanned GTIN that no reference carries yet."""
        return bool(self.gtin.text()) and self.mapped is None

    def clear(self) -> None:
        for field in (self.gtin, self.lot, self.confirm_lot, self.expiry, self.production):
            field.clear()
        self.serial.clear()
        self.symbology.clear()
        self.mapped = None
        self.reference.setEnabled(True)
        self._select(None)
        self.unknown.hide()
        self.remember_reason.clear()
        self.messages.clear()
        self.confirm_lot.setEnabled(False)
        for name in self.notes:
            self._note(name, "none", "not scanned yet")
        self._note("confirm_lot", "none", "not needed")

    def _note(self, name: str, kind: str, text: str) -> None:
        self.notes[name].setText(f"<span style='color:{INK[kind]}'>{MARK[kind]} {esc(text)}</span>")
