"""Sign in, unlock after idle, switch user: one dialog, keyboard only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.engine import Database
from db.errors import Refused
from db.sign_in import authenticate
from db.users import Actor
from ui.field_enter_dialog import FieldEnterDialog
from ui.presentation.error_line import ErrorLine


class LoginDialog(FieldEnterDialog):
    """Asks for user name and password and checks them with the record (failures count)."""

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        username: str = "",
        message: str = "Sign in to Lotkeeper",
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle("Lotkeeper — sign in")
        self.setMinimumWidth(420)
        self.message = QLabel(message)
        self.message.setStyleSheet("font-size:15px; font-weight:bold; padding-bottom:6px;")
        self.message.setWordWrap(True)
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLine()
        form = QFormLayout()
        form.addRow("User name", self.username)
        form.addRow("Password", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sign in")
        # Enter is handled by the fields (so it works the same shown or not), not twice.
        ok.setAutoDefault(False)
        ok.setDefault(False)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_sign_in)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def try_sign_in(self) -> None:
        try:
            self.actor = authenticate(self.db, self.username.text().strip(), self.password.text())
        except Refused as refusal:
            self.error.setText(refusal.message)
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
