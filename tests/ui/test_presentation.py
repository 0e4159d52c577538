"""ui.presentation: one palette, one chip, one banner, one way to show numbers, times and lists."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.alerts import Alert
from tests.fixtures.world import Unit
from ui.dashboard import Dashboard
from ui.lot_panels import StatusChip
from ui.presentation import formats, palette
from ui.presentation.chips import chip_style
from ui.presentation.tables import visible_rows
from ui.production_station import ProductionStation
from ui.receiving_station import ReceivingStation
from ui.review_station import ReviewStation
from ui.services import Services
from ui.session import Session

# A station inside the main window at 1366 x 768 (title bar, user bar and tabs above it).
STATION_SIZE = (1366, 690)


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def test_one_ink_rule_black_on_light_white_on_dark() -> None:
    assert palette.ink("#FFD400") == "#000000"  # QUARANTINE yellow
    assert palette.ink("#34A853") == "#000000"  # RELEASED green, as on the printed label
    assert palette.ink("#b3261e") == "#ffffff"
    assert palette.ink("#17324d") == "#ffffff"
    assert palette.ink("#ffffff") == "#000000" and palette.ink("#000000") == "#ffffff"


def test_chip_colours_follow_the_workstation_preferences(qtbot: QtBot) -> None:
    assert "#E53935" in chip_style("REJECTED")  # the label default
    chosen = {"on hold": "#7E57C2", "REJECTED": "not a colour", "NOPE": "#123456"}
    colours = palette.status_colours(chosen)
    assert colours["ON_HOLD"] == "#7E57C2" and colours["REJECTED"] == "#E53935"
    assert "NOPE" not in colours
    chip = StatusChip()
    chip.show_status("ON_HOLD", chosen)
    assert chip.text() == "ON HOLD"
    assert "background:#7E57C2" in chip.styleSheet() and "color:#ffffff" in chip.styleSheet()


def test_quantities_without_trailing_zeros_and_with_their_unit() -> None:
    assert formats.quantity(Decimal("1.000"), "mL") == "1 mL"
    assert formats.quantity(Decimal("0.500"), "g") == "0.5 g"
    assert formats.quantity(Decimal("100.000")) == "100"
    assert formats.quantity(Decimal("7.250"), "set") == "7.25 set"
    assert formats.quantity(Decimal("0.000"), "vial") == "0 vial"
    assert formats.count(1, "lot") == "1 lot" and formats.count(3, "lot") == "3 lots"


def test_a_stored_utc_time_is_shown_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        stored = datetime(2026, 7, 1, 22, 30, 5, tzinfo=UTC)  # summer: UTC+2
        assert formats.moment(stored) == "2026-07-02 00:30"
        assert formats.moment(stored, seconds=True) == "2026-07-02 00:30:05"
        assert formats.day(stored) == "2026-07-02"  # the local calendar day
        assert formats.moment(stored.replace(tzinfo=None)) == "2026-07-02 00:30"  # naive = UTC
        assert "(2026-07-01 22:30:05 UTC)" in formats.moment_with_zone(stored)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_esc_once() -> None:
    assert formats.esc("<b>R&D</b> 'x'") == "&lt;b&gt;R&amp;D&lt;/b&gt; 'x'"


def where(widget: QWidget, top: QWidget) -> tuple[QPoint, int, int]:
    return widget.mapTo(top, QPoint(0, 0)), widget.width(), widget.height()


def shown(qtbot: QtBot, station: QWidget) -> None:
    qtbot.addWidget(station)
    station.resize(*STATION_SIZE)
    station.show()
    qtbot.waitExposed(station)


def assert_still(qtbot: QtBot, station: QWidget, fields: list[QWidget], act: Callable[[], None]):
    before = [where(f, station) for f in fields]
    act()
    qtbot.wait(50)  # layouts settle on the event loop
    assert [where(f, station) for f in fields] == before


def test_receiving_banners_never_move_the_scan_field_or_the_next_fields(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    station = ReceivingStation(services, session_as("tech"))
    shown(qtbot, station)
    fields: list[QWidget] = [station.scan, station.fields.reference, station.containers]
    long = "a refusal long enough to wrap onto several lines " * 8
    assert_still(qtbot, station, fields, lambda: station.banner.error(long))
    assert station.banner.isVisible() and long.strip() in station.banner.toolTip()
    assert_still(qtbot, station, fields, lambda: station.banner.ok("lot received", large=True))
    assert_still(qtbot, station, fields, lambda: station.warnings.warning("expires soon"))
    assert_still(qtbot, station, fields, station.clear)
    assert not station.banner.isVisible() and not station.warnings.isVisible()


def test_production_banner_and_panel_never_move_the_scan_field_or_the_use_row(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    station = ProductionStation(services, session_as("prod"))
    shown(qtbot, station)
    fields: list[QWidget] = [station.scan, station.batch, station.quantity]
    reasons = "<br>".join(f"✗ reason {n} why this container may not be used" for n in range(12))
    assert_still(qtbot, station, fields, lambda: station.banner.error("scan a container first"))
    assert_still(qtbot, station, fields, lambda: station._show("stop", "STOP", reasons))
    assert_still(qtbot, station, fields, station.reset)
    assert not station.banner.isVisible()


def test_the_review_queue_shows_ten_rows_at_1366_by_768(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    for n in range(12):
        ui_unit.receive(lot=f"QUEUE{n:02}")
    station = ReviewStation(services, session_as("tech"))
    shown(qtbot, station)
    qtbot.waitUntil(lambda: not station.queue.loading and station.queue.proxy.rowCount() >= 12)
    assert visible_rows(station.queue.table) >= 10


def test_long_alert_texts_wrap_and_are_in_the_tooltip(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    board = Dashboard(services, session_as("qa"))
    shown(qtbot, board)
    qtbot.waitUntil(lambda: not board.loading, timeout=10_000)
    text = "RM-999 " + "a very long reference name that goes on and on, " * 6 + "minimum 2"
    board.model.set_alerts([Alert("shortage", "RM-999", text)])
    qtbot.wait(50)
    table = board.table
    index = board.model.index(0, 2)
    assert table.wordWrap() and index.data() == text
    assert index.data(3) == text  # Qt.ToolTipRole: the whole text on hover
    assert table.rowHeight(0) > 2 * table.verticalHeader().defaultSectionSize() - 4
