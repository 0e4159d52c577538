"""The chosen lot is read off the GUI thread in both lot stations: the window keeps turning
while a slow read waits, nothing acts on a lot until its detail has landed, and a lot chosen
meanwhile makes the earlier answer stale (it is dropped, never shown).

Reads made slow for real: another connection holds SQLite's lock in exclusive locking mode
(WAL lets readers past an ordinary write lock, not past this), so each read waits for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from tests.fixtures.world import Unit
from tests.ui.conftest import shown
from ui.decision_station import DecisionStation
from ui.reads import SLOW_READ_MS
from ui.review_station import ReviewStation
from ui.services import Services
from ui.session import Session

HELD_MS = 700


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(20_000)


@contextmanager
def reads_held(unit: Unit) -> Iterator[None]:
    """Every read of the record waits until the block ends (as behind a long maintenance)."""
    path = make_url(unit.db.url).database or ""
    unit.db.dispose()  # idle pooled connections keep a shared lock: reconnect when asked
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()


def review_actions(station: ReviewStation) -> list[QWidget]:
    return [station.attach_button, station.sample_button, station.result_button, station.kind]


def decision_actions(station: DecisionStation) -> list[QWidget]:
    return [station.buttons["hold"], station.buttons["release"], station.buttons["reject"]]


STATIONS: dict[str, tuple[type[Any], str, Callable[[Any], list[QWidget]]]] = {
    "review": (ReviewStation, "tech", review_actions),
    "decision": (DecisionStation, "qa", decision_actions),
}


def open_station(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], which: str
) -> tuple[Any, Callable[[], list[QWidget]]]:
    kind, person, actions = STATIONS[which]
    station = kind(services, session_as(person))
    qtbot.addWidget(station)
    station.resize(1366, 720)
    station.show()
    shown(qtbot, station)
    return station, lambda: actions(station)


def enabled(widgets: list[QWidget]) -> list[bool]:
    return [w.isEnabled() for w in widgets]


@pytest.mark.parametrize("which", ["review", "decision"])
def test_the_window_keeps_turning_while_a_slow_lot_read_waits(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    which: str,
) -> None:
    first = ui_unit.receive("RM-008", lot="FIRST").lot
    slow = ui_unit.receive("RM-001", lot="SLOW").lot
    station, actions = open_station(qtbot, services, session_as, which)
    shown(qtbot, station, first)
    assert any(enabled(actions())), "the first lot may be acted on"
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with reads_held(ui_unit):
        assert station.queue.select(slow)  # returns at once: the read waits elsewhere
        qtbot.wait(HELD_MS)
        assert not station.reader.idle, "the read is still waiting for the record"
        assert not any(enabled(actions())), "nothing acts on a lot that has not landed"
        assert station.detail is None, f"after {SLOW_READ_MS} ms the pane stops showing FIRST"
        assert station.header.title.text() == f"Reading lot {slow}…"
        assert len(ticks) >= HELD_MS // 20 // 2, f"the event loop stalled ({len(ticks)} ticks)"
    timer.stop()
    shown(qtbot, station, slow)
    assert station.detail.lot == slow and any(enabled(actions()))
    assert slow in station.header.title.text()


@pytest.mark.parametrize("which", ["review", "decision"])
def test_a_lot_chosen_meanwhile_wins_and_the_earlier_answer_is_dropped(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    which: str,
) -> None:
    first = ui_unit.receive("RM-008", lot="FIRST").lot
    a = ui_unit.receive("RM-001", lot="LOT-A").lot
    b = ui_unit.receive("RM-002", lot="LOT-B").lot
    station, actions = open_station(qtbot, services, session_as, which)
    shown(qtbot, station, first)
    seen: list[str | None] = []  # what the pane shows each time an answer lands
    station.reader.finished.connect(
        lambda: seen.append(station.detail.lot if station.detail else None)
    )
    with reads_held(ui_unit):
        assert station.queue.select(a)
        assert not any(enabled(actions())), "disabled at once while A is read"
        qtbot.wait(50)
        assert station.queue.select(b)
        assert not any(enabled(actions())), "still disabled: B is read now"
        qtbot.wait(200)
        assert seen == [], "both reads wait for the record"
    shown(qtbot, station, b)
    qtbot.waitUntil(lambda: len(seen) == 2)  # A's answer came back too…
    assert a not in seen, "…and was dropped: A was never shown"
    assert station.detail.lot == b and b in station.header.title.text()
    assert station.queue.current == b
    assert any(enabled(actions()))


def test_a_failed_find_says_so_in_one_sentence_and_leaves_the_shown_lot_actionable(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ui_unit.receive("RM-008", lot="STAYS").lot
    station, _ = open_station(qtbot, services, session_as, "decision")
    shown(qtbot, station, lot)
    qtbot.keyClicks(station.find, "L26-999999")
    qtbot.keyClick(station.find, Qt.Key.Key_Return)
    shown(qtbot, station)
    assert station.banner.kind == "error"
    assert station.banner.text().endswith("cannot show lot L26-999999: no lot 'L26-999999'")
    assert station.detail is not None and station.detail.lot == lot
    assert station.ready and station.buttons["hold"].isEnabled() is False
    assert station.buttons["release"].isEnabled(), "the lot still shown may be decided on"


def test_a_lot_the_filter_hides_while_it_is_read_is_not_shown_when_it_lands(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    first = ui_unit.receive("RM-008", lot="FIRST").lot
    hidden = ui_unit.receive("RM-001", lot="HIDDEN").lot
    station, actions = open_station(qtbot, services, session_as, "review")
    shown(qtbot, station, first)
    with reads_held(ui_unit):
        assert station.queue.select(hidden)
        qtbot.keyClicks(station.queue.filter, "FIRST")  # the lot being read leaves the list
    shown(qtbot, station)
    assert station.detail is None, "the late answer for a hidden lot is dropped"
    assert not any(enabled(actions()))
