"""The administrator's acts on accounts: add, roles, unlock, reset password, deactivate.

Each dialog asks what the act needs, a reason (the trail keeps it) and the administrator's own
password, checked again as the command line does, so an unattended signed-in session cannot
add an account. The act itself is the `db/users.py` workflow, run through the operations
layer; a refusal is shown in place and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db import users
from db.engine import Database
from db.errors import Refused
from db.sign_in import authenticate
from db.users import ROLES, Actor
from ui.field_enter_dialog import FieldEnterDialog
from ui.operations import Operations
from ui.presentation.error_line import ErrorLine
from ui.presentation.palette import muted_style

Act = Callable[[Actor, str], Any]  # (the administrator, re-authenticated; reason) -> result
ROLE_WORDS = {
    "technician": "technician (receives, samples)",
    "qa": "QA (reviews, releases)",
    "production": "production (uses released stock)",
    "admin": "administrator (accounts)",
}


class AccountDialog(FieldEnterDialog):
    """A form for one act on an account, closed by the administrator's password."""

    def __init__(
        self,
        db: Database,
        operations: Operations,
        admin: Actor,
        title: str,
        intro: str,
        *,
        reason: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.operations, self.admin = db, operations, admin
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(600)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("why: kept in the audit trail")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_act)
        self.error = ErrorLine()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(title)
        self.ok.setAutoDefault(False)
        self.buttons.accepted.connect(self.try_act)
        self.buttons.rejected.connect(self.reject)
        self._needs_reason = reason
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def finish_form(self) -> None:
        """After the act's own fields: the reason and the administrator's password."""
        if self._needs_reason:
            self.form.addRow("Reason *", self.reason)
        self.form.addRow(f"Your password ({self.admin.username}) *", self.password)
        note = QLabel("Your password confirms that you, signed in, are doing this.")
        note.setStyleSheet(muted_style())
        self.form.addRow("", note)

    def act(self) -> Act:
        """The workflow to run, with the form's values read now (on the GUI thread)."""
        raise NotImplementedError

    def check(self) -> list[str]:
        """Problems the form can see by itself, all at once."""
        problems = []
        if self._needs_reason and not self.reason.text().strip():
            problems.append("give a reason")
        if not self.password.text():
            problems.append("enter your password")
        return problems

    def try_act(self) -> None:
        problems = self.check()
        if problems:
            self.error.say("Missing: " + "; ".join(problems) + ".")
            return
        try:
            act = self.act()
        except Refused as refusal:
            self.error.say(refusal.message)
            return
        db, username, password = self.db, self.admin.username, self.password.text()
        reason = self.reason.text().strip()
        self.error.hide()

        def work() -> Any:
            return act(authenticate(db, username, password), reason)

        self.operations.run(work, done=self._done, refused=self._refused, form=self)

    def _done(self, value: Any) -> None:
        self.result_value = value
        self.accept()

    def _refused(self, message: str) -> None:
        self.error.say(message)
        self.password.clear()


class PasswordPair:
    """A new password typed twice (the person cannot see it)."""

    def __init__(self, form: QFormLayout, label: str) -> None:
        self.first = QLineEdit()
        self.first.setObjectName("new_password")
        self.first.setPlaceholderText("12 characters or more, not a common one")
        self.again = QLineEdit()
        self.again.setObjectName("new_password_again")
        for field in (self.first, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(f"{label} *", self.first)
        form.addRow("Again *", self.again)

    def problems(self, what: str) -> list[str]:
        if not self.first.text():
            return [what]
        if self.first.text() != self.again.text():
            return ["the same password twice (they differ)"]
        return []

    def text(self) -> str:
        return self.first.text()


class RoleChoice(QWidget):
    def __init__(self, chosen: tuple[str, ...] = ()) -> None:
        super().__init__()
        grid = QGridLayout(self)  # two by two: the words stay whole in a 600 px dialog
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for at, role in enumerate(ROLES):
            box = QCheckBox(ROLE_WORDS.get(role, role))
            box.setObjectName(f"role_{role}")
            box.setChecked(role in chosen)
            self.boxes[role] = box
            grid.addWidget(box, at // 2, at % 2)

    def roles(self) -> list[str]:
        return [role for role, box in self.boxes.items() if box.isChecked()]


class AddUserDialog(AccountDialog):
    def __init__(self, db: Database, operations: Operations, admin: Actor, **kw: Any) -> None:
        super().__init__(
            db, operations, admin, "Add user",
            "A new account. Its holder signs with this name for years: user names are "
            "never reused or deleted. Give them the first password in person.",
            reason=False, **kw,
        )  # fmt: skip
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText("e.g. jdupont (letters, digits, . _ -)")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.full_name.setPlaceholderText("printed on every signature, e.g. Jeanne Dupont")
        self.role_choice = RoleChoice()
        self.form.addRow("User name *", self.username)
        self.form.addRow("Full name *", self.full_name)
        self.form.addRow("Roles *", self.role_choice)
        self.new_password = PasswordPair(self.form, "First password")
        self.finish_form()
        self.username.setFocus()

    def check(self) -> list[str]:
        problems = []
        if not self.username.text().strip():
            problems.append("a user name")
        if not self.full_name.text().strip():
            problems.append("the full name")
        if not self.role_choice.roles():
            problems.append("at least one role")
        return problems + self.new_password.problems("a first password") + super().check()

    def act(self) -> Act:
        db, name, full = self.db, self.username.text().strip(), self.full_name.text()
        roles, password = self.role_choice.roles(), self.new_password.text()
        return lambda admin, _reason: users.add_user(db, admin, name, full, roles, password)


class RolesDialog(AccountDialog):
    def __init__(
        self, db: Database, operations: Operations, admin: Actor, username: str,
        roles: tuple[str, ...], **kw: Any,
    ) -> None:  # fmt: skip
        super().__init__(
            db, operations, admin, "Change roles",
            f"The roles of <b>{username}</b>. What they may do changes at once; what they "
            "signed before stays as signed.", **kw,
        )  # fmt: skip
        self.username = username
        self.role_choice = RoleChoice(roles)
        self.form.addRow("Roles *", self.role_choice)
        self.finish_form()

    def act(self) -> Act:
        db, name, roles = self.db, self.username, self.role_choice.roles()
        if not roles:
            raise Refused("choose at least one role (deactivate the account to end it)")
        return lambda admin, reason: users.set_roles(db, admin, name, roles, reason)


class SimpleAccountDialog(AccountDialog):
    """Unlock or deactivate: the reason and the password are all it needs."""

    ACTS: ClassVar[dict[str, tuple[Callable[..., None], str]]] = {
        "Unlock": (users.unlock, "Unlock <b>{}</b>: they can sign in again with their password."),
        "Deactivate": (
            users.deactivate,
            "Deactivate <b>{}</b>: they can no longer sign in. The account and everything "
            "it signed stay in the record; it cannot be reused.",
        ),
    }

    def __init__(
        self, db: Database, operations: Operations, admin: Actor, verb: str, username: str,
        **kw: Any,
    ) -> None:  # fmt: skip
        workflow, intro = self.ACTS[verb]
        super().__init__(db, operations, admin, verb, intro.format(username), **kw)
        self.workflow, self.username = workflow, username
        self.finish_form()
        self.reason.setFocus()

    def act(self) -> Act:
        db, name, workflow = self.db, self.username, self.workflow
        return lambda admin, reason: workflow(db, admin, name, reason)


class ResetPasswordDialog(AccountDialog):
    def __init__(
        self, db: Database, operations: Operations, admin: Actor, username: str, **kw: Any
    ) -> None:
        super().__init__(
            db, operations, admin, "Reset password",
            f"A new password for <b>{username}</b>, to give them in person.", **kw,
        )  # fmt: skip
        self.username = username
        self.new_password = PasswordPair(self.form, "New password")
        self.finish_form()

    def check(self) -> list[str]:
        return self.new_password.problems("a new password") + super().check()

    def act(self) -> Act:
        db, name, password = self.db, self.username, self.new_password.text()
        return lambda admin, reason: users.reset_password(db, admin, name, password, reason)
