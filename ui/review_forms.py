"""Recording a sample or a test result on a lot: small keyboard forms over the workflows.

Each dialog collects what a person types and hands it to the `submit` function it is given
(a db workflow with the signed-in actor); a refusal is shown in place and the dialog stays
open; it closes on success with the workflow's answer in `result_value`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.errors import Refused
from db.queries.lot_detail import LotDetail
from db.samples import DEFAULT_RETENTION
from ui.file_dialogs import choose_file
from ui.operations import Operations
from ui.presentation.error_line import ErrorLine
from ui.presentation.formats import quantity
from ui.presentation.palette import muted_style
from ui.services import PreferencesStore

Submit = Callable[..., Any]


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class FormDialog(QDialog):
    """A form, an error line and OK/Cancel; OK (or Enter) submits `values()`."""

    def __init__(
        self,
        title: str,
        intro: str,
        submit: Submit,
        parent: QWidget | None,
        operations: Operations,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.submit = submit
        self.operations = operations
        self.result_value: Any = None
        self.form = QFormLayout()
        self.error = ErrorLine()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Record")
        self.ok.setDefault(True)  # Enter in any field records (the fields are line edits)
        self.buttons.accepted.connect(self.try_submit)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(intro)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def try_submit(self) -> None:
        try:
            values = self.values()  # read on the GUI thread; the workflow runs off it
        except Refused as refusal:
            self.show_error(refusal.message)
            return
        self.error.hide()
        submit = self.submit
        self.operations.run(
            lambda: submit(**values), done=self._recorded, refused=self.show_error, form=self
        )

    def _recorded(self, value: Any) -> None:
        self.result_value = value
        self.accept()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class SampleDialog(FormDialog):
    """submit(kind, quantity, container_code, location, retain_until)."""

    def __init__(
        self,
        lot: LotDetail,
        today: date,
        submit: Submit,
        parent: QWidget | None,
        operations: Operations,
    ) -> None:
        super().__init__(
            f"Record a sample — {lot.lot}",
            f"Material taken from <b>{lot.lot}</b> ({lot.reference} {lot.reference_name}).",
            submit,
            parent,
            operations,
        )
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItem("Reference (retention) sample", "reference")
        self.kind.addItem("Test sample (for a functional or identity test)", "test")
        self.quantity = QLineEdit()
        self.quantity.setObjectName("quantity")
        self.quantity.setPlaceholderText(f"in {lot.unit}")
        self.container = QComboBox()
        self.container.setObjectName("container")
        self.container.addItem("(not from one particular container)", None)
        for c in lot.containers:
            left = f"{quantity(c.quantity, lot.unit)} left"
            self.container.addItem(f"{c.code} — container {c.seq}, {left}", c.code)
        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.location.setPlaceholderText("e.g. Retention freezer R2, shelf 3")
        self.set_until = QCheckBox("&Set a date")
        self.set_until.setObjectName("set_until")
        self.until = QDateEdit(qdate(min(lot.expiry, today + DEFAULT_RETENTION)))
        self.until.setObjectName("retain_until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setMinimumDate(qdate(today))
        self.until.setEnabled(False)
        self.set_until.toggled.connect(self.until.setEnabled)
        until_row = QHBoxLayout()
        until_row.addWidget(self.set_until)
        until_row.addWidget(self.until, 1)
        self.until_hint = QLabel(
            "Left unset: the shorter of the lot's expiry and 2 years (Annex 19)."
        )
        self.until_hint.setStyleSheet(muted_style())
        self.form.addRow("&Kind", self.kind)
        self.form.addRow(f"&Quantity ({lot.unit})", self.quantity)
        self.form.addRow("&Container", self.container)
        self.form.addRow("Storage &location", self.location)
        self.form.addRow("Retain until", until_row)
        self.form.addRow("", self.until_hint)
        needed = any(p.code == "reference_sample" and not p.met for p in lot.prerequisites)
        self.kind.setCurrentIndex(0 if needed else 1)  # the sample this lot still needs
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.kind.setFocus()

    def _kind_changed(self) -> None:
        reference = self.kind.currentData() == "reference"
        for widget in (self.set_until, self.until_hint):
            widget.setEnabled(reference)
        self.until.setEnabled(reference and self.set_until.isChecked())

    def values(self) -> dict[str, Any]:
        reference = self.kind.currentData() == "reference"
        return {
            "kind": self.kind.currentData(),
            "quantity": self.quantity.text().strip(),
            "container_code": self.container.currentData(),
            "location": self.location.text(),
            "retain_until": (
                pydate(self.until.date()) if reference and self.set_until.isChecked() else None
            ),
        }

    def try_submit(self) -> None:
        if not self.quantity.text().strip():
            self.show_error("Type the quantity taken.")
            self.quantity.setFocus()
            return
        super().try_submit()


class ResultDialog(FormDialog):
    """submit(kind, name, passed, value, performed_on, report).

    store: this workstation's preferences, where the report's folder is remembered.
    """

    def __init__(
        self,
        lot: LotDetail,
        today: date,
        submit: Submit,
        parent: QWidget | None,
        operations: Operations,
        store: PreferencesStore,
    ) -> None:
        super().__init__(
            f"Record a test result — {lot.lot}",
            f"A test on <b>{lot.lot}</b> ({lot.reference} {lot.reference_name}). "
            "Attach the report (PDF) when there is one.",
            submit,
            parent,
            operations,
        )
        self.lot, self.store = lot.lot, store
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for value, text in (
            ("functional", "Functional test"),
            ("identity", "Identity test"),
            ("other", "Other test"),
        ):
            self.kind.addItem(text, value)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText("e.g. T-cell activation assay")
        self.passed = QRadioButton("&Pass")
        self.passed.setObjectName("passed")
        self.failed = QRadioButton("&Fail")
        self.failed.setObjectName("failed")
        self.verdict = QButtonGroup(self)
        self.verdict.addButton(self.passed)
        self.verdict.addButton(self.failed)
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.passed)
        verdict_row.addWidget(self.failed)
        verdict_row.addStretch(1)
        self.value = QLineEdit()
        self.value.setObjectName("value")
        self.value.setPlaceholderText("e.g. CD25+ 78 % (spec ≥ 60 %)")
        self.performed = QDateEdit(qdate(today))
        self.performed.setObjectName("performed_on")
        self.performed.setCalendarPopup(True)
        self.performed.setDisplayFormat("yyyy-MM-dd")
        self.performed.setMaximumDate(qdate(today))
        self.report = QLineEdit()
        self.report.setObjectName("report")
        self.report.setPlaceholderText("optional: the report as a PDF file")
        browse = QPushButton("&Browse…")
        browse.setObjectName("browse")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        report_row = QHBoxLayout()
        report_row.addWidget(self.report, 1)
        report_row.addWidget(browse)
        self.form.addRow("&Kind", self.kind)
        self.form.addRow("&Test", self.name)
        self.form.addRow("Result", verdict_row)
        self.form.addRow("&Value", self.value)
        self.form.addRow("Performed &on", self.performed)
        report_label = QLabel("&Report")
        report_label.setBuddy(self.report)
        self.form.addRow(report_label, report_row)
        self.kind.setFocus()

    def _browse(self) -> None:
        title = f"Test report for lot {self.lot}"
        path = choose_file(self, self.store, title, "PDF files (*.pdf);;All files (*)")
        if path is not None:
            self.report.setText(str(path))

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentData(),
            "name": self.name.text(),
            "passed": self.passed.isChecked(),
            "value": self.value.text(),
            "performed_on": pydate(self.performed.date()),
            "report": self._report(),
        }

    def _report(self) -> tuple[str, bytes] | None:
        text = self.report.text().strip()
        if not text:
            return None
        path = Path(text)
        try:
            return path.name, path.read_bytes()
        except OSError as exc:
            raise Refused(f"cannot read {path.name}: {exc.strerror or exc}") from exc

    def try_submit(self) -> None:
        if not (self.passed.isChecked() or self.failed.isChecked()):
            self.show_error("Choose Pass or Fail.")
            self.passed.setFocus()
            return
        super().try_submit()
