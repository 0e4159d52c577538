"""Create or edit one reference or one supplier (QA and the administrator).

The form holds the record's row in the import format (db/master_data.py), so every check is
the import's. Saving needs a reason; a change to what a release requires is refused until a QA
signs it: the refusal names the changes and opens the signature box, and the next "Save"
carries the signature.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db import master_data
from db.approvals import Approval
from db.catalog_import import ImportSummary
from db.models import Category, Contact, Grade, Origin, Qualification
from db.users import Actor
from ui.field_enter_dialog import FieldEnterDialog
from ui.presentation.error_line import ErrorLine
from ui.services import Services

Save = Callable[..., ImportSummary]
CHOICES: dict[str, list[str]] = {
    "category": [c.value for c in Category],
    "grade": [g.value for g in Grade],
    "origin": [o.value for o in Origin],
    "contact": [c.value for c in Contact],
    "qualification": [q.value for q in Qualification],
}
LABELS = {
    "supplier_ref": "Supplier's reference",
    "gtin": "GTIN",
    "coa": "Certificate of analysis",
    "sterility": "Sterility certificate",
    "affects_cell_function": "Affects cell function",
    "reference_sample": "Reference sample kept",
    "min_stock": "Minimum stock (containers)",
    "after_opening_days": "Use within (days after opening)",
    "backup_code": "Backup reference",
    "last_audit": "Last audit (YYYY-MM-DD)",
}


class MasterDataDialog(FieldEnterDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        title: str,
        row: Mapping[str, str],
        *,
        key: str,
        save: Save,
        lists: Mapping[str, list[str]] = {},
        new: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.save = services, actor, save
        self.result_value: ImportSummary | None = None
        self.setWindowTitle(title)
        self.setMinimumSize(560, 600)
        self.inputs: dict[str, QWidget] = {}
        form = QFormLayout()
        for column, value in row.items():
            widget = self._input(column, value, {**CHOICES, **lists}.get(column))
            widget.setEnabled(new or column != key)  # the key names the row: never renamed
            self.inputs[column] = widget
            form.addRow(LABELS.get(column, column.replace("_", " ").capitalize()), widget)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("why: kept in the audit trail")
        self.signature = QGroupBox("QA e-signature: this changes what a release requires")
        self.signer = QLineEdit(actor.username if "qa" in actor.roles else "")
        self.signer.setObjectName("signer")
        self.password = QLineEdit()
        self.password.setObjectName("signer_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        signing = QFormLayout(self.signature)
        signing.addRow("QA user name", self.signer)
        signing.addRow("Password", self.password)
        self.signature.hide()
        self.error = ErrorLine()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        reason_form = QFormLayout()
        reason_form.addRow("Reason *", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(reason_form)
        layout.addWidget(self.signature)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @staticmethod
    def _input(column: str, value: str, choices: list[str] | None) -> QWidget:
        if column in master_data.FLAGS:
            box = QCheckBox()
            box.setChecked(value == "yes")
            widget: QWidget = box
        elif choices is not None:
            combo = QComboBox()
            combo.addItems(choices if value in choices else [value, *choices])
            combo.setCurrentText(value)
            widget = combo
        else:
            widget = QLineEdit(value)
        widget.setObjectName(column)
        return widget

    def row(self) -> dict[str, str]:
        values = {}
        for column, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                values[column] = "yes" if widget.isChecked() else "no"
            elif isinstance(widget, QComboBox):
                values[column] = widget.currentText()
            else:
                assert isinstance(widget, QLineEdit)
                values[column] = widget.text().strip()
        return values

    def try_save(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.error.say("Give a reason: it is kept with the change.")
            return
        approval = None
        if self.signature.isVisible() and self.signer.text().strip():
            approval = Approval(self.signer.text().strip(), self.password.text(), reason)
        db, actor, row, save = self.services.db, self.actor, self.row(), self.save

        def work() -> ImportSummary:
            if approval is None:
                plan = save(db, actor, row, reason, dry_run=True)
                if plan.release_changes:
                    return plan  # not applied: a QA signs first
            return save(db, actor, row, reason, approval=approval)

        self.error.hide()
        self.services.operations.run(work, done=self._done, refused=self._refused, form=self)

    def _done(self, summary: ImportSummary) -> None:
        if not summary.applied:
            self.signature.show()
            (self.password if self.signer.text() else self.signer).setFocus()
            changes = "; ".join(c.describe() for c in summary.release_changes)
            self.error.say(f"A QA e-signature is needed: {changes}.")
            return
        self.result_value = summary
        self.accept()

    def _refused(self, message: str) -> None:
        self.password.clear()
        self.error.say(message)


def reference_dialog(
    services: Services, actor: Actor, row: Mapping[str, str] | None, lists: dict[str, Any]
) -> MasterDataDialog:
    new = row is None
    return MasterDataDialog(
        services, actor, "New reference" if new else f"Edit reference {row['code']}",
        master_data.EMPTY_REFERENCE if row is None else row,
        key="code", save=master_data.save_reference, lists=lists, new=new,
    )  # fmt: skip


def supplier_dialog(
    services: Services, actor: Actor, row: Mapping[str, str] | None
) -> MasterDataDialog:
    new = row is None
    return MasterDataDialog(
        services, actor, "New supplier" if new else f"Edit supplier {row['name']}",
        master_data.EMPTY_SUPPLIER if row is None else row,
        key="name", save=master_data.save_supplier, new=new,
    )  # fmt: skip
