"""Starting the application: open the record (set it up or upgrade it), sign in, stations."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from db.backup import backup
from db.engine import Database, describe
from db.errors import NoDatabase, NotInitialised, OlderSchema, Refused
from db.initialise import initialise
from db.integrity.sealing import Integrity
from db.users import Actor
from desktop import paths
from desktop.opening import open_database
from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from desktop.stations import default_stations
from ui.first_run import FirstRunDialog
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.services import Services
from ui.session import Session


def run(url: str | None = None, *, demo: bool = False, integrity: Integrity | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Lotkeeper")
    integrity = integrity or paths.integrity()
    try:
        db, first_admin = open_or_set_up(url, integrity)
    except Refused as refusal:
        QMessageBox.critical(None, "Lotkeeper", f"Cannot open the database.\n\n{refusal.message}")
        return 1
    if db is None:
        return 0
    store = JsonPreferencesStore(paths.data_dir())
    services = Services(db, PrintService(db, store), store, demo=demo)
    actor = first_admin or sign_in(db, demo)
    if actor is None:
        return 0
    window = MainWindow(services, Session(actor), default_stations())
    window.show()
    try:
        return app.exec()
    finally:
        db.dispose()


def open_or_set_up(url: str | None, integrity: Integrity) -> tuple[Database | None, Actor | None]:
    """The opened record, and the administrator if one was just created on a new database."""
    try:
        return open_database(url, integrity=integrity), None
    except (NotInitialised, NoDatabase):
        # The first start is the application's `init`: it may create the database.
        db = Database(paths.database_url(url), integrity=integrity, create=True)
        dialog = FirstRunDialog(
            describe(db.url),
            lambda name, full, password: _first_admin(db, name, full, password),
            key_folder=str(integrity.keys.folder),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            db.dispose()
            return None, None
        return db, dialog.actor
    except OlderSchema as older:
        return _upgrade(url, integrity, older.message), None


def _first_admin(db: Database, name: str, full_name: str, password: str) -> Actor:
    created = initialise(db, name, full_name, password).admin
    assert created is not None
    return created


def _upgrade(url: str | None, integrity: Integrity, reason: str) -> Database | None:
    db = Database(paths.database_url(url), integrity=integrity)
    answer = QMessageBox.question(
        None,
        "Lotkeeper — upgrade the database",
        f"{reason}\n\nUpgrade it now? "
        + (
            "A backup copy is made first, next to the database file."
            if db.dialect == "sqlite"
            else "Back up the PostgreSQL database first."
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        db.dispose()
        return None
    if db.dialect == "sqlite" and db.engine.url.database:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        backup(db, Path(f"{db.engine.url.database}.before-upgrade-{stamp}"))
    initialise(db)
    return db


def sign_in(db: Database, demo: bool) -> Actor | None:
    login = LoginDialog(db, message="Sign in to Lotkeeper" + (" (demo database)" if demo else ""))
    if login.exec() != QDialog.DialogCode.Accepted:
        return None
    return login.actor
