"""Administration: the accounts and, on a new installation, the way to a first receipt.

The administrator adds users, sets roles, unlocks, resets passwords and deactivates, each with
its reason and their own password (ui/account_dialogs.py). Until the unit has a QA, a
technician and a catalog, a "Getting started" panel lists the steps left, each with its button:
a fresh install needs no command line.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.queries.setup_progress import SetupProgress, setup_progress
from db.queries.user_list import UserRow, user_list
from ui.account_dialogs import (
    AccountDialog,
    AddUserDialog,
    ResetPasswordDialog,
    RolesDialog,
    SimpleAccountDialog,
)
from ui.catalog_import_dialog import CatalogImportDialog, imported_text
from ui.models.user_list import UserListModel
from ui.presentation import Banner, esc, make_table
from ui.presentation.palette import INFO_BACKGROUND, MET, MUTED
from ui.reads import Reader
from ui.record_events import ChangeFollower
from ui.services import Services
from ui.session import Session

USER_TABLES = ("users", "material_references")
WIDTHS = (130, 220, 220, 150)


def steps_html(progress: SetupProgress, admin: str) -> str:
    def step(done: bool, text: str) -> str:
        mark = f"<span style='color:{MET}'>✓</span>" if done else "○"
        colour = MUTED if done else "black"
        return f"<li style='color:{colour}'>{mark} {text}</li>"

    missing = [
        w for r, w in (("qa", "a QA"), ("technician", "a technician")) if not progress.has(r)
    ]
    return (
        "<b>Getting started</b> — what a first receipt needs:<ol>"
        + step(True, f"The administrator ({esc(admin)}) is created.")
        + step(
            progress.people_done,
            "Add the first users: " + (" and ".join(missing) or "done") + " (Add user…).",
        )
        + step(
            progress.references > 0,
            "Import the catalog and its suppliers (a QA signs what a release requires).",
        )
        + "</ol>Then the technician signs in and receives the first delivery."
    )


class UsersView(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services, self.session = services, session
        self.reader = Reader(self, self._failed)
        self.banner = Banner(sound=services.preferences.load().sound)
        self.model = UserListModel()
        self.progress: SetupProgress | None = None
        self._make_widgets()
        self._layout()
        self.reload()
        ChangeFollower(self, services.events, USER_TABLES, self.reload)

    def _make_widgets(self) -> None:
        self.steps = QLabel()
        self.steps.setObjectName("getting_started")
        self.steps.setWordWrap(True)
        self.steps.setStyleSheet(
            f"QLabel {{ background:{INFO_BACKGROUND}; border-radius:4px; padding:8px; }}"
        )
        self.steps.hide()
        self.import_button = QPushButton("Import catalog…")
        self.import_button.setObjectName("import_catalog")
        self.import_button.clicked.connect(self.import_catalog)
        self.table = make_table(self.model, "users", widths=WIDTHS)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("add", "Add user…", self.add_user),
            ("roles", "Roles…", self.change_roles),
            ("unlock", "Unlock…", lambda: self._simple("Unlock")),
            ("reset", "Reset password…", self.reset_password),
            ("deactivate", "Deactivate…", lambda: self._simple("Deactivate")),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            self.buttons[name] = button

    def _layout(self) -> None:
        actions = QHBoxLayout()
        for button in self.buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self.banner.float_over(self.table)  # a list screen: no strip waits above the rows
        self._selected()

    def reload(self) -> None:
        db = self.services.db
        self.reader.read(
            "users", lambda: (user_list(db), setup_progress(db)), self._loaded, what="accounts"
        )

    def _loaded(self, loaded: tuple[list[UserRow], SetupProgress]) -> None:
        rows, self.progress = loaded
        chosen = self.selected()
        self.model.set_rows(rows)
        names = [row.username for row in rows]
        if chosen is not None and chosen.username in names:
            self.table.selectRow(names.index(chosen.username))
        self.steps.setText(steps_html(self.progress, self.session.actor.username))
        self.steps.setVisible(not self.progress.done)
        self._selected()

    def _failed(self, message: str) -> None:
        self.banner.error(message)

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self, *_: object) -> None:
        row = self.selected()
        me = row is not None and row.username == self.session.actor.username
        usable = row is not None and row.active
        self.buttons["roles"].setEnabled(usable and not me)
        self.buttons["unlock"].setEnabled(usable and row is not None and row.locked)
        self.buttons["reset"].setEnabled(usable and not me)
        self.buttons["deactivate"].setEnabled(usable and not me)

    def _run(self, dialog: AccountDialog, said: str) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.banner.ok(said)

    def _args(self) -> tuple[object, ...]:
        return (self.services.db, self.services.operations, self.session.actor)

    def add_user(self) -> None:
        dialog = AddUserDialog(*self._args(), parent=self)  # type: ignore[arg-type]
        if dialog.exec() == QDialog.DialogCode.Accepted:
            added = dialog.result_value
            self.banner.ok(f"{added.username} ({added.full_name}) added: {', '.join(added.roles)}")

    def change_roles(self) -> None:
        if (row := self.selected()) is not None:
            dialog = RolesDialog(*self._args(), row.username, row.roles, parent=self)  # type: ignore[arg-type]
            self._run(dialog, f"roles of {row.username} changed")

    def reset_password(self) -> None:
        if (row := self.selected()) is not None:
            dialog = ResetPasswordDialog(*self._args(), row.username, parent=self)  # type: ignore[arg-type]
            self._run(dialog, f"new password set for {row.username}: give it to them in person")

    def _simple(self, verb: str) -> None:
        if (row := self.selected()) is not None:
            dialog = SimpleAccountDialog(*self._args(), verb, row.username, parent=self)  # type: ignore[arg-type]
            done = {"Unlock": "unlocked", "Deactivate": "deactivated"}[verb]
            self._run(dialog, f"{row.username} {done}")

    def import_catalog(self) -> None:
        dialog = CatalogImportDialog(self.services, self.session.actor, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            self.banner.ok(imported_text(dialog.result_value))
