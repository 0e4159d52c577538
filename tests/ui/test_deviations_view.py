"""Deviations: open one from the form, close it with CAPA under QA's real e-signature."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Deviation, Signature
from db.queries.deviation_list import deviation_list
from tests.fixtures.world import PASSWORDS, Unit
from tests.ui.conftest import settle
from ui.deviations_view import DeviationsView
from ui.services import Services
from ui.session import Session
from ui.signature_dialog import SignatureDialog


def open_view(qtbot: QtBot, services: Services, session: Session) -> DeviationsView:
    view = DeviationsView(services, session)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    listed(qtbot, view)
    return view


def listed(qtbot: QtBot, view: DeviationsView) -> None:
    """The list is read off the GUI thread: wait until its answer (and the writes') landed."""
    settle(qtbot, view.services.operations)
    qtbot.waitUntil(lambda: view.reader.idle, timeout=10_000)


def fill_form(qtbot: QtBot, view: DeviationsView, title: str, lots: str = "") -> None:
    view.start_new()
    view.domain.setCurrentIndex(view.domain.findData("stock_shortage"))
    view.severity.setCurrentIndex(view.severity.findData("major"))
    qtbot.keyClicks(view.title, title)
    qtbot.keyClicks(view.description, "two vials left before the batch")
    qtbot.keyClicks(view.lots, lots)
    qtbot.keyClicks(view.references, "RM-009")
    qtbot.keyClicks(view.suppliers, "Miltenyi Biotec")


def test_open_a_deviation_from_the_form(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    qtmodeltester: ModelTester,
) -> None:
    lot = ui_unit.receive()
    view = open_view(qtbot, services, session_as("tech"))
    assert view.model.rowCount() == 0
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentIndex() == 1 and view.title.hasFocus()
    before = ui_unit.snapshot()
    fill_form(qtbot, view, "IL-7 below minimum", lots="L26-999999")
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    assert view.banner.kind == "error" and "no lot 'L26-999999'" in view.banner.text()
    assert ui_unit.snapshot() == before and view.title.text() == "IL-7 below minimum"
    view.lots.clear()
    qtbot.keyClicks(view.lots, f"{lot.lot}; ")
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    assert view.banner.text().startswith("OK") and "opened" in view.banner.text()
    assert view.model.rowCount() == 1 and view.title.text() == ""
    row = view.selected()
    assert row is not None and row.title == "IL-7 below minimum" and row.status == "open"
    assert (row.lots, row.references, row.suppliers) == (
        (lot.lot,),
        ("RM-009",),
        ("Miltenyi Biotec",),
    )
    assert row.opened_by == "Tom Tech" and "Stock shortage" in view.detail.text()
    assert view.model.index(0, 1).data() == "Stock shortage"
    assert view.model.index(0, 4).data() == "OPEN"
    qtmodeltester.check(view.model)
    # Only QA closes: the technician sees why the button is off.
    assert not view.close_button.isEnabled()
    assert "Only QA closes" in view.close_hint.text()


def test_an_empty_title_is_refused(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    view.start_new()
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    assert view.banner.text() == "REFUSED — a deviation needs a title"
    assert deviation_list(ui_unit.db) == []


def sign_when_shown(
    qtbot: QtBot, closure: str, passwords: list[str], seen: list[SignatureDialog], errors: list[str]
) -> None:
    """Drive the real signature dialog once it is up: closure, then each password in turn."""

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignatureDialog):
            QTimer.singleShot(20, drive)
            return
        seen.append(dialog)
        qtbot.keyClicks(dialog.reason, closure)
        for password in passwords:
            dialog.password.clear()
            qtbot.keyClicks(dialog.password, password)
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
            settle(qtbot, dialog.operations)
            if dialog.isVisible():
                errors.append(dialog.error.text())

    QTimer.singleShot(0, drive)


def test_qa_closes_with_capa_under_signature(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    fill_form(qtbot, view, "IL-7 below minimum")
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    number = view.model.deviation(0).number
    qa = open_view(qtbot, services, session_as("qa"))
    qa.table.selectRow(0)
    assert qa.close_button.isEnabled()
    qtbot.keyClicks(qa.capa, "minimum stock raised to 8; reorder point alert")
    qa.close_change_control.setChecked(True)
    seen: list[SignatureDialog] = []
    errors: list[str] = []
    passwords = ["wrong-pass", PASSWORDS["qa"]]
    sign_when_shown(qtbot, "stock restored, CAPA effective", passwords, seen, errors)
    qa.close_selected()
    listed(qtbot, qa)
    assert len(seen) == 1 and errors == ["user name or password is wrong"]
    summary = seen[0].findChild(QLabel, "summary")
    assert summary is not None and number in summary.text() and "reorder point" in summary.text()
    assert qa.banner.text() == f"OK — deviation {number} closed under signature"
    row = qa.selected()
    assert row is not None and row.status == "closed" and row.closed_by == "Quinn Quality"
    assert row.capa == "minimum stock raised to 8; reorder point alert" and row.change_control
    assert row.closure == "stock restored, CAPA effective" and not qa.close_button.isEnabled()
    with ui_unit.db.read() as s:
        stored = s.scalars(select(Deviation)).one()
        signature = s.get(Signature, stored.closure_signature_id)
        assert signature is not None and signature.meaning == "Deviation closed"


def test_closing_needs_a_closure_summary_and_cancel_changes_nothing(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    ui_unit.add_techqa()
    view = open_view(qtbot, services, session_as("techqa"))
    fill_form(qtbot, view, "Wrong grade ordered")
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    before = ui_unit.snapshot()
    dialog = view.make_close_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, PASSWORDS["techqa"])
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.error.text() == "A reason is required." and dialog.result_value is None
    dialog.reject()
    assert ui_unit.snapshot() == before
    view.status_filter.setCurrentIndex(view.status_filter.findText("Closed only"))
    listed(qtbot, view)
    assert view.model.rowCount() == 0 and view.make_close_dialog() is None
    assert "select an open deviation" in view.banner.text()
