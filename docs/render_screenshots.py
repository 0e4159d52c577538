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
]


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
    db.dispose()
    app.quit()


if __name__ == "__main__":
    main()
