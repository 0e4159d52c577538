"""The unit's risk rule (which references are critical, major, minor), changed by QA under
e-signature: it decides which lots need a functional test before release (db/risk.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.approvals import Approval
from db.models import Category, Grade, Origin
from db.risk import RiskRule, set_rule
from ui.presentation.palette import muted_style
from ui.services import Services
from ui.session import Session
from ui.signature_dialog import SignatureDialog


class Choices(QWidget):
    def __init__(self, values: list[str], chosen: tuple[str, ...]) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes = {value: QCheckBox(value.replace("_", " ")) for value in values}
        for value, box in self.boxes.items():
            box.setChecked(value in chosen)
            row.addWidget(box)
        row.addStretch(1)

    def chosen(self) -> tuple[str, ...]:
        return tuple(value for value, box in self.boxes.items() if box.isChecked())


class RiskRuleDialog(QDialog):
    def __init__(
        self, services: Services, session: Session, rule: RiskRule, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.session = services, session
        self.changed: bool | None = None
        self.setWindowTitle("Risk rule")
        self.grades = Choices([g.value for g in Grade], rule.clinical_grades)
        self.origins = Choices([o.value for o in Origin], rule.biological_origins)
        self.separate = Choices([c.value for c in Category], rule.assessed_separately)
        self.final_contact = QCheckBox("contact with the final product makes a reference critical")
        self.final_contact.setChecked(rule.final_contact_is_critical)
        self.major = QSpinBox()
        self.major.setRange(1, 4)
        self.major.setValue(rule.major_without_contact)
        form = QFormLayout()
        form.addRow("Clinical grades", self.grades)
        form.addRow("Biological origins", self.origins)
        form.addRow("Assessed separately", self.separate)
        form.addRow("", self.final_contact)
        form.addRow("Major without product contact: criteria", self.major)
        note = QLabel(
            "The rule classifies every reference at once; lots of references that become "
            "critical need a functional test before release. Your e-signature records it."
        )
        note.setWordWrap(True)
        note.setStyleSheet(muted_style())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign the new rule…")
        buttons.accepted.connect(self.sign)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def rule(self) -> RiskRule:
        return RiskRule(
            clinical_grades=self.grades.chosen(),
            biological_origins=self.origins.chosen(),
            assessed_separately=self.separate.chosen(),
            final_contact_is_critical=self.final_contact.isChecked(),
            major_without_contact=self.major.value(),
        )

    def sign(self) -> None:
        db, actor, rule = self.services.db, self.session.actor, self.rule()

        def change(password: str, reason: str) -> bool:
            return set_rule(db, rule, Approval(actor.username, password, reason))

        dialog = SignatureDialog(
            actor, "Risk rule approved", "The unit's risk rule changes to what this form says.",
            change, operations=self.services.operations, reason_label="Reason",
            reason_required=True, parent=self,
        )  # fmt: skip
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = bool(dialog.result_value)
            self.accept()
