"""The production station as an operator uses it: scan, read GO or STOP, record use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Consumption
from db.queries.lot_detail import lot_detail
from tests.fixtures.world import Unit
from tests.ui.conftest import settle
from ui.production_station import ProductionStation
from ui.services import Services
from ui.session import Session


@pytest.fixture
def station(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> ProductionStation:
    made = ProductionStation(services, session_as("prod"))
    qtbot.addWidget(made)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: made.scan.hasFocus())
    return made


def scan(qtbot: QtBot, station: ProductionStation, text: str) -> None:
    qtbot.keyClicks(station.scan, text)
    qtbot.keyClick(station.scan, Qt.Key.Key_Return)


def consumptions(unit: Unit) -> list[tuple[Decimal, str | None]]:
    with unit.db.read() as s:
        rows = s.execute(select(Consumption.quantity, Consumption.fefo_override)).all()
        return [(q, why) for q, why in rows]


def test_go_then_record_use_shows_what_is_left(
    qtbot: QtBot, ui_unit: Unit, station: ProductionStation
) -> None:
    lot = ui_unit.released_lot("RM-001", containers=2, quantity="10")
    code = lot.containers[0]
    scan(qtbot, station, code.lower())  # scanners may send lower case
    assert station.state == "go" and station.heading.text() == "GO"
    assert code in station.reasons.text() and "10 set left" in station.reasons.text()
    assert station.batch.hasFocus(), "no batch yet: the batch code comes first"
    qtbot.keyClicks(station.batch, "CAR-T-2026-040")
    qtbot.keyClick(station.batch, Qt.Key.Key_Return)
    assert station.quantity.hasFocus() and station.unit.text() == "set"
    qtbot.keyClicks(station.quantity, "3")
    qtbot.keyClick(station.quantity, Qt.Key.Key_Return)
    settle(qtbot, station.services.operations)
    assert station.state == "done" and station.heading.text() == "RECORDED"
    assert "Remaining in the container: <b>7 set</b>" in station.reasons.text()
    assert station.banner.text().startswith("OK") and station.scan.hasFocus()
    assert lot_detail(ui_unit.db, lot.lot).containers[0].quantity == 7
    assert consumptions(ui_unit) == [(Decimal("3.000"), None)]
    # The batch stays for the next scan; the quantity goes straight in.
    scan(qtbot, station, code)
    assert station.batch.text() == "CAR-T-2026-040" and station.quantity.hasFocus()
    assert "7 set left" in station.reasons.text()
    qtbot.keyClicks(station.quantity, "8")
    qtbot.keyClick(station.quantity, Qt.Key.Key_Return)
    settle(qtbot, station.services.operations)
    assert station.banner.kind == "error" and "holds only 7" in station.banner.text()
    assert station.scan.hasFocus() and len(consumptions(ui_unit)) == 1


def test_stop_on_quarantine_and_nothing_can_be_recorded(
    qtbot: QtBot, ui_unit: Unit, station: ProductionStation
) -> None:
    lot = ui_unit.receive()
    scan(qtbot, station, lot.containers[1])
    assert station.state == "stop" and station.heading.text() == "STOP"
    assert f"lot {lot.lot} is in QUARANTINE" in station.reasons.text()
    assert not station.record.isEnabled() and station.scan.hasFocus()
    station.record_use()
    settle(qtbot, station.services.operations)
    assert station.banner.kind == "error" and consumptions(ui_unit) == []


def test_fefo_stop_then_override_with_a_reason(
    qtbot: QtBot, ui_unit: Unit, station: ProductionStation
) -> None:
    today = ui_unit.today()
    older = ui_unit.released_lot("RM-001", lot="OLD", expiry=today + timedelta(days=60))
    newer = ui_unit.released_lot("RM-001", lot="NEW", expiry=today + timedelta(days=300))
    station.batch.setText("CAR-T-2026-041")
    scan(qtbot, station, newer.containers[0])
    assert station.state == "stop" and station.heading.text() == "STOP — FEFO"
    assert f"use container <b>{older.containers[0]}</b> first" in station.reasons.text()
    assert station.override.isVisible() and station.record.isEnabled()
    station.quantity.setFocus()
    qtbot.keyClicks(station.quantity, "1")
    qtbot.keyClick(station.quantity, Qt.Key.Key_Return)
    settle(qtbot, station.services.operations)
    assert "give a reason to override FEFO" in station.banner.text()
    assert consumptions(ui_unit) == [] and station.scan.hasFocus()
    qtbot.keyClicks(station.override, "older box damaged, quarantined by QA")
    qtbot.keyClick(station.override, Qt.Key.Key_Return)
    assert station.quantity.hasFocus()
    qtbot.keyClick(station.quantity, Qt.Key.Key_Return)
    settle(qtbot, station.services.operations)
    assert station.state == "done" and "FEFO overridden" in station.reasons.text()
    assert consumptions(ui_unit) == [(Decimal("1.000"), "older box damaged, quarantined by QA")]
    # The oldest container itself is GO, and the override field goes away.
    scan(qtbot, station, older.containers[0])
    assert station.state == "go" and not station.override.isVisible()


def test_a_supplier_barcode_or_a_lot_number_is_not_a_container(
    qtbot: QtBot, ui_unit: Unit, station: ProductionStation
) -> None:
    lot = ui_unit.released_lot("RM-001")
    scan(qtbot, station, "(01)09521234000013(17)271130(10)LOT1")
    assert station.state == "wrong" and "Scan the container's Lotkeeper label" in (
        station.reasons.text()
    )
    assert "GTIN 09521234000013" in station.reasons.text() and not station.record.isEnabled()
    scan(qtbot, station, lot.lot)
    assert station.state == "wrong" and "is a lot number" in station.reasons.text()
    scan(qtbot, station, "L26-999999-001")
    assert station.state == "stop" and "no container" in station.reasons.text()


def test_a_scan_typed_into_the_quantity_field_still_arrives(
    qtbot: QtBot, ui_unit: Unit, station: ProductionStation
) -> None:
    first = ui_unit.released_lot("RM-001", containers=2)
    station.batch.setText("B-1")
    scan(qtbot, station, first.containers[0])
    assert station.quantity.hasFocus()
    # The operator scans the next container instead of typing a quantity: the scanner types
    # into whatever has the focus, and the first letter moves it to the scan field.
    code = first.containers[1]
    qtbot.keyClick(station.quantity, code[0])
    assert station.scan.hasFocus() and station.quantity.text() == ""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, code[1:])
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert station.check is not None and station.check.container == code


def test_escape_goes_back_to_scanning(
    qtbot: QtBot, ui_unit: Unit, station: ProductionStation
) -> None:
    lot = ui_unit.released_lot("RM-001")
    station.batch.setText("B-2")
    scan(qtbot, station, lot.containers[0])
    qtbot.keyClicks(station.quantity, "2")
    qtbot.keyClick(station.quantity, Qt.Key.Key_Escape)
    assert station.state == "idle" and station.check is None and station.scan.hasFocus()
    assert station.quantity.text() == "" and station.batch.text() == "B-2"


def test_the_batch_is_forgotten_when_another_person_signs_in(
    qtbot: QtBot, ui_unit: Unit, station: ProductionStation
) -> None:
    station.batch.setText("B-3")
    station.session.sign_in(ui_unit.prod)  # unlocking as oneself after the idle lock
    assert station.batch.text() == "B-3"
    station.session.sign_in(ui_unit.qa)
    assert station.batch.text() == ""
