"""Every write station keeps the window alive while its workflow runs: the write goes off the
GUI thread through the operations layer, the acting form is disabled meanwhile, the event
loop keeps turning, and the outcome comes back when the workflow is done.

A workflow made slow for real: another connection holds SQLite's write lock (as another
workstation in the middle of a long receipt would), so each write waits for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy.engine import make_url

from tests.fixtures.world import PASSWORDS, Unit, make_pdf
from tests.ui.conftest import settle
from tests.ui.test_decision_station import choose, open_dialog, ready_lot
from tests.ui.test_decision_station import open_station as open_decision
from tests.ui.test_deviations_view import fill_form
from tests.ui.test_deviations_view import open_view as open_deviations
from tests.ui.test_review_station import click_lot
from tests.ui.test_review_station import open_station as open_review
from ui.production_station import ProductionStation
from ui.receiving_station import ReceivingStation
from ui.services import Services
from ui.session import Session

HELD_MS = 600


@contextmanager
def another_workstation_writing(unit: Unit) -> Iterator[None]:
    path = make_url(unit.db.url).database or ""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()


def keeps_turning(
    qtbot: QtBot, unit: Unit, services: Services, start: Callable[[], None], form: QWidget
) -> None:
    """`start` returns at once, the form waits disabled, the loop turns, then it is done."""
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    with another_workstation_writing(unit):
        start()
        qtbot.wait(HELD_MS)
        assert not services.operations.idle, "the write is still waiting for the lock"
        assert not form.isEnabled(), "the acting form is disabled meanwhile"
        assert len(ticks) >= HELD_MS // 20 // 2, f"the event loop stalled ({len(ticks)} ticks)"
    settle(qtbot, services.operations)
    timer.stop()
    assert not isValid(form) or form.isEnabled(), "enabled again (unless it closed, done)"


def test_receiving_confirm(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    station = ReceivingStation(services, session_as("tech"))
    qtbot.addWidget(station)
    station.show()
    station.fields.reference.setCurrentIndex(station.fields.reference.findData("RM-001"))
    station.fields.lot.setText("SLOW-1")
    station.fields.expiry.setText(f"{ui_unit.today().replace(year=ui_unit.today().year + 1)}")
    station.containers.setValue(2)
    station.quantity.setText("1")
    for box in station.checks.values():
        box.setChecked(True)
    keeps_turning(qtbot, ui_unit, services, station.confirm, station)
    assert station.banner.kind == "ok" and "received into QUARANTINE" in station.banner.text()


def test_production_record_use(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ui_unit.released_lot("RM-001", containers=1, quantity="10")
    station = ProductionStation(services, session_as("prod"))
    qtbot.addWidget(station)
    station.show()
    station.scan.scanned.emit(lot.containers[0])
    qtbot.waitUntil(lambda: station.state == "go")
    station.batch.setText("CAR-T-SLOW")
    station.quantity.setText("2")
    keeps_turning(qtbot, ui_unit, services, station.record_use, station)
    assert station.state == "done"


def test_review_attach(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
) -> None:
    lot = ui_unit.receive("RM-001", lot="SLOW-2").lot
    station = open_review(qtbot, services, session_as("tech"))
    click_lot(qtbot, station, lot)
    pdf = tmp_path / "coa.pdf"
    pdf.write_bytes(make_pdf("CoA", lot))
    keeps_turning(qtbot, ui_unit, services, lambda: station.attach_file(pdf), station.detail_panel)
    assert station.banner.kind == "ok" and "attached to" in station.banner.text()


def test_signature(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ready_lot(ui_unit, lot="SLOW-3")
    station = open_decision(qtbot, services, session_as("qa"))
    choose(qtbot, station, lot)
    dialog = open_dialog(qtbot, station, "release")
    dialog.password.setText(PASSWORDS["qa"])
    keeps_turning(qtbot, ui_unit, services, dialog.try_sign, dialog)
    assert dialog.result_value is not None and dialog.result_value.status == "RELEASED"


def test_deviation_open(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = open_deviations(qtbot, services, session_as("tech"))
    fill_form(qtbot, view, "Slow write")
    keeps_turning(qtbot, ui_unit, services, view.open_new, view.open_button)
    assert view.banner.kind == "ok" and "opened" in view.banner.text()
