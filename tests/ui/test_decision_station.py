"""QA decision, driven as a person would: choose the lot, press the decision's mnemonic, type
the password in the real e-signature dialog, press Enter; then the record, the feedback and
the prints are checked."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db import lab_results, samples
from db.models import Lot, PrintRecord, Signature
from db.queries.lot_detail import lot_detail
from tests.fixtures.world import PASSWORDS, Unit
from tests.ui.conftest import settle, shown
from ui.decision_station import DecisionStation
from ui.services import Services
from ui.session import Session
from ui.signature_dialog import SignatureDialog


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def open_station(qtbot: QtBot, services: Services, session: Session) -> DecisionStation:
    station = DecisionStation(services, session)
    qtbot.addWidget(station)
    station.resize(1366, 720)
    station.show()
    station.activateWindow()
    qtbot.waitUntil(lambda: not station.queue.loading)
    return station


def ready_lot(unit: Unit, ref: str = "RM-008", lot: str = "READY-1", by: str = "tech") -> str:
    """Received, with every prerequisite met, awaiting QA."""
    number = unit.receive(ref, lot=lot, by=by).lot
    unit.attach(number)
    samples.record_sample(unit.db, unit.tech, number, "reference", "1", location="freezer R2")
    lab_results.record_result(
        unit.db, unit.tech, number, kind="functional", name="activation", passed=True
    )
    return number


def choose(qtbot: QtBot, station: DecisionStation, lot: str) -> None:
    assert station.queue.select(lot)
    shown(qtbot, station, lot)
    assert station.detail is not None and station.detail.lot == lot


def open_dialog(qtbot: QtBot, station: DecisionStation, button: str) -> SignatureDialog:
    qtbot.mouseClick(station.buttons[button], Qt.MouseButton.LeftButton)
    dialog = station.dialog
    assert isinstance(dialog, SignatureDialog) and dialog.isVisible()
    return dialog


def sign(qtbot: QtBot, dialog: SignatureDialog, password: str) -> None:
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    settle(qtbot, dialog.operations)


def status(unit: Unit, lot: str) -> str:
    with unit.db.read() as s:
        return s.scalars(select(Lot.status).where(Lot.lot_number == lot)).one()


def prints(unit: Unit, kind: str) -> list[tuple[str, bool]]:
    with unit.db.read() as s:
        rows = s.execute(
            select(PrintRecord.subject, PrintRecord.reprint)
            .where(PrintRecord.kind == kind)
            .order_by(PrintRecord.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_release_signed_then_labels_and_certificate_printed_and_recorded(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ready_lot(ui_unit)
    station = open_station(qtbot, services, session_as("qa"))
    choose(qtbot, station, lot)
    assert "supplier lot <b>READY-1</b>" in station.check.text()
    qtbot.waitUntil(lambda: station.viewer.page_count() == 1)  # the CoA beside it
    assert station.buttons["release"].isEnabled() and not station.buttons["hold"].isEnabled()

    dialog = open_dialog(qtbot, station, "release")
    summary = dialog.findChild(type(station.check), "summary").text()
    assert "READY-1" in summary and "You attest that you reviewed the certificate" in summary
    with qtbot.waitSignal(station.queue.loaded):
        sign(qtbot, dialog, PASSWORDS["qa"])
    shown(qtbot, station, lot)
    assert status(ui_unit, lot) == "RELEASED"
    with ui_unit.db.read() as s:
        signature = s.scalars(select(Signature).where(Signature.entity_type == "lots")).one()
        assert (signature.meaning, signature.full_name) == ("Released", "Quinn Quality")
    assert station.banner.kind == "ok" and f"{lot} released — now RELEASED" in (
        station.banner.text()
    )
    assert station.queue.row(lot) is None, "a released lot leaves the queue"
    assert station.detail is not None and station.detail.status == "RELEASED"
    assert station.buttons["hold"].isEnabled() and not station.buttons["release"].isEnabled()
    assert station.after.isVisible() and station.certificate_button.isVisible()
    assert station.focusWidget() is station.labels_button

    qtbot.keyClick(station.labels_button, Qt.Key.Key_Space)
    settle(qtbot, services.operations)
    assert station.printed is not None and station.printed.reprint is False
    assert station.preview is not None and station.preview.isVisible()
    assert "(RELEASED)" in station.preview.windowTitle()
    station.preview.accept()
    qtbot.mouseClick(station.labels_button, Qt.MouseButton.LeftButton)
    settle(qtbot, services.operations)
    assert station.printed.reprint is True
    assert station.preview.windowTitle().endswith("REPRINT")
    assert prints(ui_unit, "status_labels") == [(lot, False), (lot, True)]
    station.preview.accept()

    qtbot.mouseClick(station.certificate_button, Qt.MouseButton.LeftButton)
    settle(qtbot, services.operations)
    assert prints(ui_unit, "release_certificate") == [(lot, False)]
    assert station.preview.document.pageCount() >= 1


def test_wrong_password_is_refused_in_the_dialog_and_changes_nothing(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ready_lot(ui_unit)
    station = open_station(qtbot, services, session_as("qa"))
    choose(qtbot, station, lot)
    before = ui_unit.snapshot()
    dialog = open_dialog(qtbot, station, "release")
    sign(qtbot, dialog, "not-my-password")
    assert dialog.isVisible() and "user name or password is wrong" in dialog.error.text()
    assert dialog.password.text() == "", "cleared for another try"
    assert station.banner.kind == "error"
    assert ui_unit.snapshot() == before
    assert status(ui_unit, lot) == "QUARANTINE" and not station.after.isVisible()


def test_blocked_release_lists_everything_missing(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ui_unit.receive("RM-010", lot="BLOCKED-1").lot  # supplier pending, nothing attached
    station = open_station(qtbot, services, session_as("qa"))
    choose(qtbot, station, lot)
    assert station.buttons["release"].text() == "&Release… (4 missing)"
    dialog = open_dialog(qtbot, station, "release")
    summary = dialog.findChild(type(station.check), "summary").text()
    assert "NOT READY — 4 prerequisite(s) missing" in summary
    sign(qtbot, dialog, PASSWORDS["qa"])
    missing = [
        "certificate of analysis not attached",
        "functional test not recorded",
        "reference sample not logged",
        "supplier CellGenix is pending",
    ]
    for text in missing:
        assert text in dialog.error.text()
        assert text in station.banner.text()
    assert f"{lot} cannot be released" in station.banner.text()
    assert status(ui_unit, lot) == "QUARANTINE"
    dialog.reject()


def test_the_receiver_may_not_release_four_eyes(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    ui_unit.add_techqa()  # a small unit: dual roles allowed
    lot = ready_lot(ui_unit, by="techqa")
    station = open_station(qtbot, services, session_as("techqa"))
    choose(qtbot, station, lot)
    assert "Four eyes" in station.role_note.text() and station.role_note.isVisible()
    dialog = open_dialog(qtbot, station, "release")
    sign(qtbot, dialog, PASSWORDS["techqa"])
    assert "techqa received" in dialog.error.text()
    assert "(four eyes): another QA person must sign" in dialog.error.text()
    assert status(ui_unit, lot) == "QUARANTINE"
    dialog.reject()


def test_a_technician_may_look_but_the_record_refuses_the_decision(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ready_lot(ui_unit)
    station = open_station(qtbot, services, session_as("tech"))
    choose(qtbot, station, lot)
    assert "QA role needed" in station.role_note.text()
    assert "QA role" in station.buttons["release"].toolTip()
    dialog = open_dialog(qtbot, station, "release")
    sign(qtbot, dialog, PASSWORDS["tech"])
    assert "tech (technician) may not do this: it needs the qa role" in dialog.error.text()
    assert "it needs the qa role" in station.banner.text()
    assert status(ui_unit, lot) == "QUARANTINE"
    dialog.reject()


def test_hold_a_released_lot_found_by_its_container_then_lift_the_hold(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    done = ui_unit.released_lot("RM-001", lot="HOLD-1")
    station = open_station(qtbot, services, session_as("qa2"))
    qtbot.keyClicks(station.find, done.containers[1].lower())
    qtbot.keyClick(station.find, Qt.Key.Key_Return)
    shown(qtbot, station, done.lot)
    assert station.detail is not None and station.detail.lot == done.lot
    assert station.buttons["hold"].isEnabled()

    dialog = open_dialog(qtbot, station, "hold")
    sign(qtbot, dialog, PASSWORDS["qa2"])
    assert dialog.error.text() == "A reason is required."
    qtbot.keyClicks(dialog.reason, "Supplier notice: endotoxin excursion")
    with qtbot.waitSignal(station.queue.loaded):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # the password is still typed
    shown(qtbot, station, done.lot)
    assert status(ui_unit, done.lot) == "ON_HOLD"
    assert station.queue.row(done.lot) is not None, "a lot on hold awaits a decision"
    assert not station.certificate_button.isVisible() and station.after.isVisible()

    dialog = open_dialog(qtbot, station, "unhold")
    qtbot.keyClicks(dialog.reason, "Supplier withdrew the notice")
    with qtbot.waitSignal(station.queue.loaded):
        sign(qtbot, dialog, PASSWORDS["qa2"])
    shown(qtbot, station, done.lot)
    assert status(ui_unit, done.lot) == "RELEASED"
    assert station.certificate_button.isVisible()


def test_unknown_lot_is_refused_in_words(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    station = open_station(qtbot, services, session_as("qa"))
    qtbot.keyClicks(station.find, "L26-999999")
    qtbot.keyClick(station.find, Qt.Key.Key_Return)
    shown(qtbot, station)
    assert station.banner.kind == "error" and "no lot 'L26-999999'" in station.banner.text()


def test_keyboard_only_release(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    first = ui_unit.receive("RM-001", lot="KB-0").lot
    lot = ready_lot(ui_unit, lot="KB-1")
    station = open_station(qtbot, services, session_as("qa"))
    qtbot.waitUntil(lambda: station.isActiveWindow())
    station.queue.focus_table()
    shown(qtbot, station, first)
    assert station.detail is not None and station.detail.lot == first
    qtbot.keyClick(station.queue.table, Qt.Key.Key_Down)
    shown(qtbot, station, lot)
    assert station.detail.lot == lot
    qtbot.keyClick(station.queue.table, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: station.dialog is not None)  # a mnemonic animates the click
    dialog = station.dialog
    assert isinstance(dialog, SignatureDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password)
    with qtbot.waitSignal(station.queue.loaded):
        sign(qtbot, dialog, PASSWORDS["qa"])
    shown(qtbot, station, lot)
    assert status(ui_unit, lot) == "RELEASED"
    assert station.focusWidget() is station.labels_button
    qtbot.keyClick(station.labels_button, Qt.Key.Key_Space)
    settle(qtbot, services.operations)
    assert prints(ui_unit, "status_labels") == [(lot, False)]
    assert lot_detail(ui_unit.db, lot).signatures[0].meaning == "Released"
