"""A fresh install to a first receipt through the app alone (issue 9, item 3).

Seen before: `lotkeeper` -> create the admin -> an empty catalog, with no way in the app to
import a catalog or add users, and no hint that the command line was needed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.queries.lot_detail import lot_detail
from db.sign_in import authenticate
from desktop.app import open_or_set_up
from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from desktop.stations import default_stations
from tests.fixtures.databases import integrity_in
from tests.fixtures.world import PASSWORDS, example_data
from tests.ui.conftest import settle
from tests.ui.modal import when_modal_safely as when_modal
from tests.ui.test_receiving_station import burst, confirm, count_in, tick_all
from ui.account_dialogs import AddUserDialog
from ui.catalog_import_dialog import CatalogImportDialog
from ui.first_run import FirstRunDialog
from ui.main_window import MainWindow
from ui.receiving_station import ReceivingStation
from ui.services import Services
from ui.session import Session
from ui.users_view import UsersView

ADMIN_PASSWORD = "harbor-lights-2041"


def first_admin(dialog: QWidget) -> None:
    assert isinstance(dialog, FirstRunDialog)
    dialog.full_name.setText("Dr. Ada Martin")
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.again.setText(ADMIN_PASSWORD)
    dialog.try_create()


def add_user(qtbot: QtBot, view: UsersView, name: str, full: str, role: str) -> None:
    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, AddUserDialog)
        dialog.try_act()  # empty: every missing thing named at once
        for missing in ("a user name", "the full name", "at least one role", "your password"):
            assert missing in dialog.error.text()
        dialog.username.setText(name)
        dialog.full_name.setText(full)
        dialog.role_choice.boxes[role].setChecked(True)
        dialog.new_password.first.setText(PASSWORDS[name])
        dialog.new_password.again.setText(PASSWORDS[name])
        dialog.password.setText(ADMIN_PASSWORD)
        dialog.try_act()

    when_modal(fill)
    view.add_user()
    assert f"OK — {name} ({full}) added" in view.banner.text()


def import_catalog(qtbot: QtBot, view: UsersView, folder: Path) -> None:
    for name in ("car-t-catalog.csv", "suppliers.csv"):
        (folder / name).write_text(example_data(name), encoding="utf-8")

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, CatalogImportDialog)
        dialog.load_files(catalog=folder / "car-t-catalog.csv", suppliers=folder / "suppliers.csv")
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=15_000)
        assert "new reference RM-001" in dialog.preview.toPlainText()
        assert dialog.signature.isVisible(), "new references change what a release requires"
        dialog.signer.setText("qa")
        dialog.password.setText(PASSWORDS["qa"])
        dialog.reason.setText("the unit's catalog at installation, reviewed")
        dialog.try_import()

    when_modal(fill)
    view.import_catalog()
    assert "OK — catalog imported" in view.banner.text()


def test_a_fresh_install_reaches_a_first_receipt_in_the_app(
    qtbot: QtBot, tmp_path: Path, data_dir: Path
) -> None:
    when_modal(first_admin)
    db, admin = open_or_set_up(f"sqlite:///{tmp_path / 'unit.sqlite'}", integrity_in(data_dir))
    assert db is not None and admin is not None
    store = JsonPreferencesStore(data_dir)
    services = Services(db, PrintService(db, store), store)
    session = Session(admin)
    window = MainWindow(services, session, default_stations())
    qtbot.addWidget(window)
    window.show()
    try:
        view = window.tabs.currentWidget()
        assert isinstance(view, UsersView), "the administrator starts at the accounts"
        qtbot.waitUntil(lambda: view.steps.isVisible())
        assert "Add the first users: a QA and a technician" in view.steps.text()

        add_user(qtbot, view, "qa", "Quinn Quality", "qa")
        add_user(qtbot, view, "tech", "Terry Tech", "technician")
        qtbot.waitUntil(lambda: "Add the first users: done" in view.steps.text())
        import_catalog(qtbot, view, tmp_path)
        qtbot.waitUntil(lambda: not view.steps.isVisible(), timeout=5_000)

        session.sign_in(authenticate(db, "tech", PASSWORDS["tech"]))
        station = window.tabs.currentWidget()
        assert isinstance(station, ReceivingStation)
        station.show_labels.setChecked(False)
        window.activateWindow()
        qtbot.waitUntil(lambda: station.scan.hasFocus())
        expiry = date.today() + timedelta(days=400)
        burst(qtbot, station, f"]d2010952123400001317{expiry:%y%m%d}10MB26-0001")
        count_in(qtbot, station, 2, "1")
        qtbot.keyClicks(station.delivery_note, "BL-1")
        tick_all(qtbot, station)
        qtbot.keyClicks(station.temperature, "RT")
        confirm(qtbot, station)
        assert station.last is not None, station.banner.text()
        assert lot_detail(db, station.last.lot).status == "QUARANTINE"
    finally:
        settle(qtbot, services.operations)
        window.close()
        db.dispose()
