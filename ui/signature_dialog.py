"""The electronic signature: what is signed, the printed name, the meaning, the password.

The dialog does not decide anything: it runs the workflow it is given with the password and
reason through the operations layer (off the GUI thread: argon2 and the transaction), stays
disabled meanwhile, shows a refusal in place (wrong password, unmet prerequisite...) and
closes on success. `sign` must not touch widgets: it runs on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.users import Actor
from ui.field_enter_dialog import FieldEnterDialog
from ui.operations import Operations
from ui.presentation.error_line import ErrorLine
from ui.presentation.palette import muted_style

Sign = Callable[[str, str], Any]  # (password, reason) -> the workflow's result


class SignatureDialog(FieldEnterDialog):
    refused = Signal(str)  # a refusal's message, on the GUI thread (stations echo it)

    def __init__(
        self,
        actor: Actor,
        meaning: str,
        summary: str,
        sign: Sign,
        *,
        operations: Operations,
        reason_label: str = "Comment (optional)",
        reason_required: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sign = sign
        self.operations = operations
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
        self.error = ErrorLine()
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
        note.setStyleSheet(muted_style())
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
        password, sign = self.password.text(), self.sign
        self.error.hide()
        self.operations.run(
            lambda: sign(password, reason), done=self._signed, refused=self._refused, form=self
        )

    def _signed(self, value: Any) -> None:
        self.result_value = value
        self.accept()

    def _refused(self, message: str) -> None:
        self._show(message)
        self.password.clear()
        self.password.setFocus()
        self.refused.emit(message)

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
