"""Render every screen of the application offscreen to PNG, on a fresh demo database.

Run: .venv/bin/python docs/render_screenshots.py [OUT_FOLDER]   (default: docs/screenshots)
Each station is shown as the person who uses it would see it, at 1366 x 768.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from db.integrity.sealing import Integrity
from db.sign_in import authenticate
from desktop.demo import PASSWORDS, build_demo
from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from desktop.stations import default_stations
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.scan_field import ScanField
from ui.services import Services
from ui.session import Session

SIZE = (1366, 768)
# (file name, tab title, who is signed in, what to do before the picture)
Prepare = Callable[[QWidget], None]


def wait(ms: int = 1200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def scan(text: str) -> Prepare:
    def prepare(station: QWidget) -> None:
        field = station.findChild(ScanField)
        assert field is not None, "this station has no scan field"
        field.scanned.emit(text)

    return prepare


SHOTS: list[tuple[str, str, str, Prepare | None]] = [
    (
        "01-receiving",
        "Receiving",
        "tech",
        scan("]d201095212340000131727113010MB25-0042\x1d11250301\x1d21SN0001"),
    ),
    ("02-quarantine-review", "Quarantine && review", "tech", None),
    ("03-qa-decision", "QA decision", "qa2", None),
    ("04-production-go", "Production", "prod", scan("L26-000005-002")),
    ("05-production-stop", "Production", "prod", scan("L26-000023-001")),
    ("06-inventory", "Inventory", "qa", None),
    ("07-catalog", "Catalog && suppliers", "qa", None),
    ("08-dashboard", "Dashboard", "qa", None),
    ("09-deviations", "Deviations", "qa", None),
    ("10-audit-trail", "Audit trail", "qa", lambda view: view.verify_trail()),  # type: ignore[attr-defined]
    ("11-preferences", "Preferences", "tech", None),
    ("12-users", "Users", "admin", None),
]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def getting_started(out: Path) -> None:
    """A new installation: the administrator just created, no one else, no catalog."""
    from db.engine import Database
    from db.initialise import initialise

    data = Path(tempfile.mkdtemp())
    db = Database(
        f"sqlite:///{data / 'new.sqlite'}", integrity=Integrity.in_folder(data), create=True
    )
    admin = initialise(db, "admin", "Dr. Ada Martin", "harbor-lights-2041").admin
    assert admin is not None
    store = JsonPreferencesStore(data)
    window = MainWindow(
        Services(db, PrintService(db, store), store), Session(admin), default_stations()
    )
    window.resize(*SIZE)
    window.show()
    wait()
    window.grab().save(str(out / "17-getting-started.png"))
    window.close()
    print("17-getting-started.png")
    db.dispose()


def dialogs(services: Services, out: Path) -> None:
    """The administration and master-data dialogs, as QA or the administrator opens them."""
    from db import master_data
    from ui.account_dialogs import AddUserDialog
    from ui.catalog_editing import choice_lists
    from ui.catalog_import_dialog import CatalogImportDialog
    from ui.master_data_dialog import reference_dialog
    from ui.risk_rule_dialog import RiskRuleDialog

    db = services.db
    admin, qa = (authenticate(db, n, PASSWORDS[n]) for n in ("admin", "qa"))
    edit = master_data.current_reference(db, "RM-001")
    importing = CatalogImportDialog(services, qa)
    importing.load_files(
        catalog=SHARED / "bedside-catalog.csv", suppliers=SHARED / "bedside-suppliers.csv"
    )
    with db.read() as session:
        from db.risk import current_rule

        rule = current_rule(session)
    shots = {
        "13-add-user": AddUserDialog(db, services.operations, admin),
        "14-catalog-import": importing,
        "15-edit-reference": reference_dialog(services, qa, edit, choice_lists(db)),
        "16-risk-rule": RiskRuleDialog(services, Session(qa), rule),
    }
    for name, dialog in shots.items():
        dialog.show()
        wait(1500)
        dialog.grab().save(str(out / f"{name}.png"))
        dialog.close()
        print(f"{name}.png")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    data = Path(tempfile.mkdtemp())
    db = build_demo(data / "demo.sqlite", Integrity.in_folder(data))
    store = JsonPreferencesStore(data)
    services = Services(db, PrintService(db, store), store, demo=True)
    login = LoginDialog(db, message="Sign in to Lotkeeper (demo database)")
    login.username.setText("tech")
    login.show()
    wait(300)
    login.grab().save(str(out / "00-sign-in.png"))
    login.close()
    for name, title, user, prepare in SHOTS:
        actor = authenticate(db, user, PASSWORDS[user])
        window = MainWindow(services, Session(actor), default_stations())
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        window.tabs.setCurrentIndex(titles.index(title))
        window.resize(*SIZE)
        window.show()
        wait(800)
        if prepare is not None:
            prepare(window.tabs.currentWidget())
        wait()
        window.grab().save(str(out / f"{name}.png"))
        window.close()
        window.deleteLater()
        print(f"{name}.png")
    dialogs(services, out)
    getting_started(out)
    db.dispose()
    app.quit()


if __name__ == "__main__":
    main()
