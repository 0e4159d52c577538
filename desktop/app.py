"""Starting the application: open the record (set it up or upgrade it), sign in, stations.

Only what the sign-in window needs is imported before it shows: setting up or upgrading a
record, printing and the stations' screens load when they are first used.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from db.engine import Database
from db.errors import NoDatabase, NotInitialised, OlderSchema, Refused
from desktop import paths
from desktop.opening import open_database
from ui.login import LoginDialog

if TYPE_CHECKING:
    from db.integrity.sealing import Integrity
    from db.users import Actor

# Set (to anything) to start as far as the sign-in window and quit there: for start-up benchmarks.
QUIT_AT_SIGN_IN_ENV = "LOTKEEPER_QUIT_AT_SIGN_IN"


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
    actor = first_admin or sign_in(db, demo)
    if actor is None:
        return 0
    window = main_window(db, actor, demo)
    window.show()
    try:
        return app.exec()
    finally:
        db.dispose()


def main_window(db: Database, actor: Actor, demo: bool) -> QMainWindow:
    """The window of the signed-in person: its screens load now, after the sign-in."""
    from desktop.printing import PrintService
    from desktop.settings import JsonPreferencesStore
    from desktop.stations import default_stations
    from ui.gui_collector import GuiThreadCollector
    from ui.main_window import MainWindow
    from ui.services import Services
    from ui.session import Session

    store = JsonPreferencesStore(paths.data_dir())
    services = Services(db, PrintService(db, store), store, demo=demo)
    window = MainWindow(services, Session(actor), default_stations())
    window.collector = GuiThreadCollector(window)  # type: ignore[attr-defined]
    return window


def open_or_set_up(url: str | None, integrity: Integrity) -> tuple[Database | None, Actor | None]:
    """The opened record, and the administrator if one was just created on a new database."""
    try:
        return open_database(url, integrity=integrity), None
    except (NotInitialised, NoDatabase):
        from db.engine import describe
        from ui.first_run import FirstRunDialog

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
    from db.initialise import initialise  # Alembic and the migrations: only to set up

    created = initialise(db, name, full_name, password).admin
    assert created is not None
    return created


def _upgrade(url: str | None, integrity: Integrity, reason: str) -> Database | None:
    from db.backup import backup
    from db.initialise import initialise

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
    if os.environ.get(QUIT_AT_SIGN_IN_ENV):
        # Benchmarks and tests only: the window is shown, then closed as Cancel would.
        QTimer.singleShot(0, login.reject)
    if login.exec() != QDialog.DialogCode.Accepted:
        return None
    return login.actor
