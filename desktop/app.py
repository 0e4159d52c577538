"""Starting the application: open the record, sign in, show the stations."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from db.errors import Refused
from desktop import paths
from desktop.opening import open_database
from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from desktop.stations import default_stations
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.services import Services
from ui.session import Session


def run(url: str | None = None, *, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Lotkeeper")
    try:
        db = open_database(url)
    except Refused as refusal:
        QMessageBox.critical(None, "Lotkeeper", f"Cannot open the database.\n\n{refusal.message}")
        return 1
    store = JsonPreferencesStore(paths.data_dir())
    services = Services(db, PrintService(db, store), store, demo=demo)
    login = LoginDialog(db, message="Sign in to Lotkeeper" + (" (demo database)" if demo else ""))
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        return 0
    session = Session(login.actor)
    window = MainWindow(services, session, default_stations())
    window.show()
    try:
        return app.exec()
    finally:
        db.dispose()
