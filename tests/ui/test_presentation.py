"""ui.presentation: one palette, one chip, one banner, one way to show numbers, times and lists."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.alerts import Alert
from tests.fixtures.world import Unit
from ui.audit_view import AuditView
from ui.catalog_view import CatalogView
from ui.dashboard import Dashboard
from ui.deviations_view import DeviationsView
from ui.inventory_view import InventoryView
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


def test_clock_and_file_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert formats.clock(datetime(2026, 1, 5, 23, 4, 5, tzinfo=UTC)) == "08:04:05"
        assert formats.stamp(date(2026, 7, 1)) == "20260701"
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


UI = Path(__file__).resolve().parents[2] / "ui"
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}\b")
OWN_DATE_FORMAT = re.compile(r"\.strftime\(|:%[a-zA-Z]")
OWN_ESCAPE = re.compile(r"^\s*(from html import|import html\b)")


def test_colours_date_formats_and_esc_live_only_in_ui_presentation() -> None:
    """A guard: a colour, a date format or an escape written elsewhere would drift."""
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if "presentation" in path.relative_to(UI).parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(rule.search(line) for rule in (HEX_COLOUR, OWN_DATE_FORMAT, OWN_ESCAPE)):
                offenders.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert offenders == []
    # The guard can fail: the palette itself is full of what it looks for.
    palette_source = (UI / "presentation" / "palette.py").read_text(encoding="utf-8")
    assert HEX_COLOUR.search(palette_source)


LIST_SCREENS: dict[str, tuple[Callable[[Services, Session], QWidget], str]] = {
    "dashboard": (Dashboard, "qa"),
    "inventory": (InventoryView, "qa"),
    "catalog": (CatalogView, "qa"),
    "deviations": (DeviationsView, "qa"),
    "audit": (AuditView, "qa"),
    "review queue": (ReviewStation, "tech"),
}


def everything_but(banner: QWidget, screen: QWidget) -> dict[str, tuple[QPoint, int, int]]:
    """Where every shown widget of the screen is, the banner aside."""
    places = {}
    for n, widget in enumerate(screen.findChildren(QWidget)):
        if widget is banner or banner.isAncestorOf(widget) or not widget.isVisible():
            continue
        places[f"{n}:{type(widget).__name__}:{widget.objectName()}"] = where(widget, screen)
    return places


@pytest.mark.parametrize("name", list(LIST_SCREENS))
def test_a_list_screens_banner_floats_over_its_list_and_moves_nothing(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], name: str
) -> None:
    make, person = LIST_SCREENS[name]
    screen = make(services, session_as(person))
    shown(qtbot, screen)
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(100)  # the reads' answers land on the event loop
    banner = screen.banner  # type: ignore[attr-defined]
    assert banner.anchor is not None and not banner.isVisible()
    before = everything_but(banner, screen)
    long = "a refusal long enough to wrap onto several lines " * 8
    banner.error(long)
    qtbot.wait(50)
    assert banner.isVisible() and banner.geometry().top() == 0  # over the top of its list
    assert banner.width() == banner.anchor.width() and long.strip() in banner.toolTip()
    assert everything_but(banner, screen) == before
    assert not banner.fade.isActive(), "a refusal stays until it is read"
    qtbot.mouseClick(banner, Qt.MouseButton.LeftButton)  # a click closes it
    assert not banner.isVisible() and banner.text() == ""
    banner.ok("saved")
    qtbot.wait(50)
    assert banner.isVisible() and banner.fade.isActive()  # a success goes away by itself
    assert everything_but(banner, screen) == before
    banner.fade.timeout.emit()
    qtbot.wait(50)
    assert not banner.isVisible() and everything_but(banner, screen) == before
