"""First start on a new database: create the first administrator, who then adds the others."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.errors import Refused
from db.users import Actor
from ui.field_enter_dialog import FieldEnterDialog
from ui.presentation.error_line import ErrorLine

Create = Callable[[str, str, str], Actor]  # (user name, full name, password) -> the admin


class FirstRunDialog(FieldEnterDialog):
    def __init__(
        self, where: str, create: Create, parent: QWidget | None = None, *, key_folder: str = ""
    ) -> None:
        super().__init__(parent)
        self.create = create
        self.actor: Actor | None = None
        self.setWindowTitle("Lotkeeper — new database")
        self.setMinimumWidth(560)
        intro = QLabel(
            f"<b>This database is new:</b> {where}<br><br>Create the first "
            "administrator. The administrator adds the other users and their roles "
            "(technician, QA, production). Accounts are never deleted or reused."
            + (
                f"<br><br><b>Its site key</b> (it seals the audit trail) is written to "
                f"{key_folder}. Keep a copy with the backups, in a safe place, and copy it "
                "to every workstation that works on this database."
                if key_folder
                else ""
            )
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(520)
        # Room for every wrapped line: a wrapped label does not grow its dialog by itself.
        intro.setMinimumHeight(intro.heightForWidth(520))
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("printed on every signature, e.g. Dr. Ada Martin")
        self.password = QLineEdit()
        self.password.setPlaceholderText("12 characters or more, not a common one")
        self.again = QLineEdit()
        for field in (self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.returnPressed.connect(self.try_create)
        self.error = ErrorLine()
        form = QFormLayout()
        form.addRow("User name", self.username)
        form.addRow("Full name", self.full_name)
        form.addRow("Password", self.password)
        form.addRow("Password again", self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create administrator")
        buttons.accepted.connect(self.try_create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.full_name.setFocus()

    def try_create(self) -> None:
        if self.password.text() != self.again.text():
            self._show("The two passwords differ.")
            return
        try:
            self.actor = self.create(
                self.username.text().strip(), self.full_name.text(), self.password.text()
            )
        except Refused as refusal:
            self._show(refusal.message)
            return
        self.accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
