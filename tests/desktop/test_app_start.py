"""Starting the application on a new database (first administrator) and on an older one
(backed up, then upgraded), with the dialogs driven as a person would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import migrate
from db.audit_verify import verify
from db.engine import Database
from db.initialise import initialise
from db.sign_in import authenticate
from desktop.app import open_or_set_up
from tests.fixtures.databases import integrity_in
from tests.fixtures.legacy import PREVIOUS_REVISION, legacy_record
from tests.fixtures.world import PASSWORDS
from tests.ui.modal import when_modal
from ui.first_run import FirstRunDialog


def older(path: Path) -> None:
    legacy_record(f"sqlite:///{path}", PASSWORDS["admin"])


def opened(url: str, data: Path):  # type: ignore[no-untyped-def]
    return open_or_set_up(url, integrity_in(data))


def test_a_new_database_asks_for_its_first_administrator(
    qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstRunDialog)
        dialog.full_name.setText("Dr. Ada Martin")
        dialog.password.setText("harbor-lights-2041")
        dialog.again.setText("harbor-lights-2042")
        dialog.try_create()
        assert "differ" in dialog.error.text()
        dialog.again.setText("harbor-lights-2041")
        dialog.try_create()

    when_modal(fill)
    db, admin = opened(url, data_dir)
    assert db is not None and admin is not None
    assert (admin.username, admin.full_name, admin.roles) == (
        "admin",
        "Dr. Ada Martin",
        frozenset({"admin"}),
    )
    migrate.check(db.engine)
    assert len(list((data_dir / "keys").glob("*.key"))) == 1, "the first start made its key"
    assert (tmp_path / "new.sqlite").stat().st_mode & 0o077 == 0, "owner-only"
    db.dispose()


def test_an_older_database_is_backed_up_then_upgraded(
    qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    path = tmp_path / "old.sqlite"
    older(path)

    def accept(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and "older schema revision (0004)" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    when_modal(accept)
    upgraded, admin = opened(f"sqlite:///{path}", data_dir)
    assert upgraded is not None and admin is None
    assert migrate.current_revision(upgraded.engine) == migrate.head_revision()
    report = verify(upgraded)  # the old trail stays as it was, the new part is keyed
    assert report.ok and report.keyed_from == report.events + 1, report.first()
    assert "predate the site key" in report.notes[0]
    assert authenticate(upgraded, "admin", PASSWORDS["admin"]).username == "admin"
    backups = list(tmp_path.glob("old.sqlite.before-upgrade-*"))
    assert len(backups) == 1
    kept = Database(f"sqlite:///{backups[0]}")
    assert migrate.current_revision(kept.engine) == PREVIOUS_REVISION
    kept.dispose()
    upgraded.dispose()


def test_declining_the_upgrade_opens_nothing(qtbot: QtBot, tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "old.sqlite"
    older(path)
    when_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())  # type: ignore[attr-defined]
    assert opened(f"sqlite:///{path}", data_dir) == (None, None)
    assert not list(tmp_path.glob("old.sqlite.before-upgrade-*"))


def test_an_initialised_database_opens_directly(
    qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'ok.sqlite'}"
    db = Database(url, integrity=integrity_in(data_dir), create=True)
    initialise(db, "admin", "Ada", PASSWORDS["admin"])
    db.dispose()
    found, admin = opened(url, data_dir)
    assert found is not None and admin is None
    found.dispose()
