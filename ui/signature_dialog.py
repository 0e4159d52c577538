"""The electronic signature: what is signed, the printed name, the meaning, the password.

The dialog does not decide anything: it calls the workflow it is given with the password and
reason, shows a refusal in place (wrong password, unmet prerequisite...) and closes on success.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.errors import Refused
from db.users import Actor
from ui.field_enter_dialog import FieldEnterDialog

Sign = Callable[[str, str], Any]  # (password, reason) -> the workflow's result


class SignatureDialog(FieldEnterDialog):
    def __init__(
        self,
        actor: Actor,
        meaning: str,
        summary: str,
        sign: Sign,
        *,
        reason_label: str = "Comment (optional)",
        reason_required: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sign = sign
        self.result_value: Any = None
        self.reason_required = reason_required
        self.setWindowTitle(f"Electronic signature — {meaning}")
        self.setMinimumWidth(520)
        what = QLabel(summary)
        what.setWordWrap(True)
        what.setObjectName("summary")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setFixedHeight(70)
        self.reason.setTabChangesFocus(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b3261e; font-weight:bold;")
        self.error.hide()
        form = QFormLayout()
        form.addRow("Signed by", QLabel(f"<b>{actor.full_name}</b> ({actor.username})"))
        form.addRow("Meaning", QLabel(f"<b>{meaning}</b>"))
        form.addRow(reason_label + (" *" if reason_required else ""), self.reason)
        form.addRow("Password", self.password)
        note = QLabel(
            "Your signature is recorded with your printed name, the date and time "
            "(UTC) and its meaning, bound to this record. It is the legally binding "
            "equivalent of your handwritten signature."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Sign: {meaning}")
        ok.setAutoDefault(False)
        ok.setDefault(False)
        self.password.returnPressed.connect(self.try_sign)
        buttons.accepted.connect(self.try_sign)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.reason if reason_required else self.password).setFocus()

    def try_sign(self) -> None:
        reason = self.reason.toPlainText().strip()
        if self.reason_required and not reason:
            self._show("A reason is required.")
            self.reason.setFocus()
            return
        try:
            self.result_value = self.sign(self.password.text(), reason)
        except Refused as refusal:
            self._show(refusal.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
