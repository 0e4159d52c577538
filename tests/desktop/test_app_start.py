"""Starting the application on a new database (first administrator) and on an older one
(backed up, then upgraded), with the dialogs driven as a person would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db import migrate
from db.engine import Database
from db.initialise import initialise
from desktop.app import open_or_set_up
from tests.ui.modal import when_modal
from ui.first_run import FirstRunDialog


def older(path: Path) -> None:
    """A record as the previous release (revision 0003, before print records) left it."""
    db = Database(f"sqlite:///{path}")
    initialise(db, "admin", "Ada", "admin-pass-1")
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE prints"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    db.dispose()


def test_a_new_database_asks_for_its_first_administrator(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstRunDialog)
        dialog.full_name.setText("Dr. Ada Martin")
        dialog.password.setText("first-admin-1")
        dialog.again.setText("first-admin-2")
        dialog.try_create()
        assert "differ" in dialog.error.text()
        dialog.again.setText("first-admin-1")
        dialog.try_create()

    when_modal(fill)
    db, admin = open_or_set_up(url)
    assert db is not None and admin is not None
    assert (admin.username, admin.full_name, admin.roles) == (
        "admin",
        "Dr. Ada Martin",
        frozenset({"admin"}),
    )
    migrate.check(db.engine)
    db.dispose()


def test_an_older_database_is_backed_up_then_upgraded(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    older(path)

    def accept(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "older schema revision (0003)" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(accept)
    upgraded, admin = open_or_set_up(f"sqlite:///{path}")
    assert upgraded is not None and admin is None
    assert migrate.current_revision(upgraded.engine) == migrate.head_revision()
    backups = list(tmp_path.glob("old.sqlite.before-upgrade-*"))
    assert len(backups) == 1
    kept = Database(f"sqlite:///{backups[0]}")
    assert migrate.current_revision(kept.engine) == "0003"
    kept.dispose()
    upgraded.dispose()


def test_declining_the_upgrade_opens_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    older(path)
    when_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())  # type: ignore[attr-defined]
    assert open_or_set_up(f"sqlite:///{path}") == (None, None)
    assert not list(tmp_path.glob("old.sqlite.before-upgrade-*"))


def test_an_initialised_database_opens_directly(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ok.sqlite'}"
    db = Database(url)
    initialise(db, "admin", "Ada", "admin-pass-1")
    db.dispose()
    opened, admin = open_or_set_up(url)
    assert opened is not None and admin is None
    opened.dispose()
