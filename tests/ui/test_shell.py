"""The shell every station lives in: sign in, current user shown, scan field keeps GS, lock."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.fixtures.world import PASSWORDS, Unit
from ui.login import LoginDialog
from ui.main_window import MainWindow, Station
from ui.scan_field import GS, ScanField
from ui.services import Services
from ui.session import Session


def test_login_refuses_a_wrong_password_then_signs_in(qtbot: QtBot, ui_unit: Unit) -> None:
    dialog = LoginDialog(ui_unit.db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "qa")
    qtbot.keyClicks(dialog.password, "nope-nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None and "user name or password is wrong" in dialog.error.text()
    qtbot.keyClicks(dialog.password, PASSWORDS["qa"])
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.full_name == "Quinn Quality"


def test_scan_field_keeps_the_group_separator(qtbot: QtBot) -> None:
    field = ScanField()
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.scanned) as got:
        qtbot.keyClicks(field, "]d2010952123400001310LOTA")
        qtbot.keyClick(field, "]", Qt.KeyboardModifier.ControlModifier)  # scanner's GS
        qtbot.keyClicks(field, "21SN1")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert got.args == [f"]d2010952123400001310LOTA{GS}21SN1"]
    assert field.text() == "", "cleared for the next scan"


def test_main_window_shows_who_is_signed_in(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    from PySide6.QtWidgets import QLabel

    session = session_as("qa")
    window = MainWindow(services, session, [Station("Empty", lambda s, t: QLabel("x"))])
    qtbot.addWidget(window)
    assert "Quinn Quality" in window.user_label.text() and "qa" in window.user_label.text()
    assert window.tabs.count() == 1


def test_ctrl_and_a_digit_open_that_station(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    """Ctrl+2 opened the first tab: `triggered`'s `checked` landed in the index."""
    from PySide6.QtWidgets import QLabel

    stations = [Station(f"S{n}", lambda s, t, n=n: QLabel(f"station {n}")) for n in range(1, 4)]
    window = MainWindow(services, session_as("qa"), stations)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for keys, index in (("Ctrl+3", 2), ("Ctrl+2", 1), ("Ctrl+1", 0)):
        action = next(a for a in window.actions() if a.shortcut().toString() == keys)
        action.trigger()  # what the shortcut does: triggered(checked=False)
        assert window.tabs.currentIndex() == index, keys


def test_enter_after_a_refused_sign_in_counts_one_failure(qtbot: QtBot, ui_unit: Unit) -> None:
    from sqlalchemy import select

    from db.models import User

    dialog = LoginDialog(ui_unit.db, username="tech")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.password, "wrong-one")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    with ui_unit.db.read() as s:
        failures = s.scalar(select(User.failed_attempts).where(User.username == "tech"))
    assert failures == 1 and dialog.isVisible()


def test_idle_lock_needs_the_password_again(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    from PySide6.QtWidgets import QLabel, QWidget

    from tests.ui.modal import when_modal

    session = session_as("qa")
    window = MainWindow(services, session, [Station("Empty", lambda s, t: QLabel("x"))])
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def unlock(dialog: QWidget) -> None:
        assert isinstance(dialog, LoginDialog)
        seen.append(dialog.username.text())
        assert not window.centralWidget().isEnabled(), "nothing usable while locked"
        dialog.password.setText("wrong-password")
        dialog.try_sign_in()
        seen.append(dialog.error.text())
        window.idle.set_minutes(10)  # no second lock while the test finishes
        dialog.password.setText(PASSWORDS["qa"])
        dialog.try_sign_in()

    when_modal(unlock)
    with qtbot.waitSignal(session.locked_changed, timeout=5000):
        window.idle.set_minutes(0.001)  # 60 ms of inactivity
    qtbot.waitUntil(lambda: not session.locked, timeout=10000)
    assert seen[0] == "qa" and "user name or password is wrong" in seen[1]
    assert window.centralWidget().isEnabled() and session.actor.username == "qa"


def titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_each_person_sees_their_stations_lands_home_and_inherits_nothing(
    qtbot: QtBot, services: Services, ui_unit: Unit
) -> None:
    from desktop.stations import default_stations
    from ui.receiving_station import ReceivingStation

    session = Session(ui_unit.tech)
    window = MainWindow(services, session, default_stations())
    qtbot.addWidget(window)
    window.show()
    assert titles(window) == [
        "Receiving", "Quarantine && review", "Inventory", "Catalog && suppliers", "Dashboard",
        "Deviations", "Preferences",
    ]  # fmt: skip
    station = window.tabs.currentWidget()
    assert isinstance(station, ReceivingStation), "a technician starts at receiving"
    station.delivery_note.setText("BL-2026-117")
    station.banner.error("REFUSED — something the next person must not see")

    session.sign_in(ui_unit.qa)  # another person at the same workstation
    assert "Receiving" not in titles(window) and "QA decision" in titles(window)
    assert "Audit trail" in titles(window) and "Production" not in titles(window)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "QA decision"
    assert not any(
        isinstance(window.tabs.widget(i), ReceivingStation) for i in range(window.tabs.count())
    )
    session.sign_in(ui_unit.tech)
    fresh = window.tabs.currentWidget()
    assert isinstance(fresh, ReceivingStation) and fresh is not station
    assert fresh.delivery_note.text() == "" and "REFUSED" not in fresh.banner.text()


def test_the_lock_hides_the_record(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    from PySide6.QtWidgets import QLabel, QWidget

    from tests.ui.modal import when_modal

    session = session_as("qa")
    window = MainWindow(services, session, [Station("Lots", lambda s, t: QLabel("L26-000001"))])
    qtbot.addWidget(window)
    window.show()
    seen: list[bool] = []

    def while_locked(dialog: QWidget) -> None:
        seen.append(window.tabs.isVisible() or not window.curtain.isVisible())
        window.idle.set_minutes(10)
        dialog.password.setText(PASSWORDS["qa"])  # type: ignore[attr-defined]
        dialog.try_sign_in()  # type: ignore[attr-defined]

    when_modal(while_locked)
    session.lock()
    qtbot.waitUntil(lambda: not session.locked, timeout=10_000)
    assert seen == [False], "while locked only the curtain shows"
    assert window.tabs.isVisible() and not window.curtain.isVisible()


def test_the_window_checks_the_trail_at_start_and_says_a_problem_to_everyone(
    qtbot: QtBot, services: Services, ui_unit: Unit
) -> None:
    from db import audit_verify
    from tests.db.tampering import append_event

    audit_verify.verify(ui_unit.db)  # a verify passed here before: the check starts from it
    window = MainWindow(services, Session(ui_unit.tech), [])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.trail_check.report is not None, timeout=10_000)
    assert window.trail_check.isHidden(), "nothing to say when the trail holds"

    with ui_unit.db.engine.begin() as connection:  # a forger without the site key
        seq = append_event(
            connection, None, entity_type="lots", entity_id=1, action="lot.release",
            new={"status": "RELEASED"}, old={"status": "QUARANTINE"},
        )  # fmt: skip
    later = MainWindow(services, Session(ui_unit.tech), [])
    qtbot.addWidget(later)
    qtbot.waitUntil(lambda: later.trail_check.report is not None, timeout=10_000)
    assert not later.trail_check.isHidden() and "AUDIT TRAIL" in later.trail_check.text()
    assert f"event #{seq}" in later.trail_check.toolTip()


def test_cycles_are_collected_on_the_gui_thread_only(qtbot: QtBot) -> None:
    import gc

    from ui.gui_collector import GuiThreadCollector

    gc.enable()
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled(), "no collection in whatever thread allocates"
        before = gc.get_stats()[0]["collections"]
        for _ in range(gc.get_threshold()[0] + 10):
            cycle: list[object] = []
            cycle.append(cycle)
        qtbot.waitUntil(lambda: gc.get_stats()[0]["collections"] > before, timeout=2_000)
    finally:
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # as the fixture left it
