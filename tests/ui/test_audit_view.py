"""The audit trail viewer, as QA uses it: filter, read an event, export the filtered events to
CSV and read the file back, verify the trail from the button (and see a tampered one fail)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QThreadPool
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db import release
from db.queries.audit_list import AuditFilter
from tests.fixtures.world import PASSWORDS, Unit
from ui.audit_view import AuditView
from ui.models.audit_list import AuditListModel
from ui.services import Services
from ui.session import Session


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(20_000)


@pytest.fixture
def story(ui_unit: Unit) -> str:
    lot = ui_unit.released_lot("RM-009", lot="IL7-2291").lot
    ui_unit.clock.advance(days=2)
    release.hold(ui_unit.db, ui_unit.qa2, PASSWORDS["qa2"], lot, "supplier endotoxin notice")
    return lot


def open_view(qtbot: QtBot, services: Services, session: Session) -> AuditView:
    view = AuditView(services, session)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    settle(qtbot, view)
    return view


def settle(qtbot: QtBot, view: AuditView) -> None:
    qtbot.waitUntil(lambda: not view.debounce.isActive() and not view.model.busy)


def actions(view: AuditView) -> list[str]:
    return [line.event.action for line in view.model.rows()]


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester, ui_unit: Unit) -> None:  # type: ignore[no-untyped-def]
    model = AuditListModel(ui_unit.db, page=10)
    with qtbot.waitSignal(model.page_loaded):
        model.set_filter(AuditFilter())
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore()
    assert model.rowCount() >= 20
    qtmodeltester.check(model)


def test_filters_narrow_the_trail(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    story: str,
) -> None:
    view = open_view(qtbot, services, session_as("qa"))
    assert view.model.row_at(0).event.action == "lot.hold"  # newest first
    qtbot.keyClicks(view.user.lineEdit(), "qa2")
    settle(qtbot, view)
    assert set(actions(view)) == {"lot.hold"} and view.model.rowCount() == 2
    view.user.lineEdit().clear()
    view.record.setCurrentIndex(view.record.findData("lots"))
    qtbot.keyClicks(view.action.lineEdit(), "lot.")
    settle(qtbot, view)
    assert actions(view) == ["lot.hold", "lot.release", "lot.receive"]
    hold = view.model.index(0, 5).data()
    assert "status: RELEASED → ON_HOLD" in hold and "status_by_id: qa → qa2" in hold
    assert view.model.index(0, 6).data() == "supplier endotoxin notice"
    view.record.setCurrentIndex(0)
    view.action.lineEdit().clear()
    qtbot.keyClicks(view.text, "ENDOTOXIN")  # in a reason, whatever the case
    settle(qtbot, view)
    assert "lot.hold" in actions(view)
    qtbot.waitUntil(lambda: view.count.text().startswith(f"{view.model.rowCount()} of "))
    view.text.clear()
    today = ui_unit.today()
    view.since.setDate(QDate(today.year, today.month, today.day))
    settle(qtbot, view)
    assert set(actions(view)) == {"lot.hold"}
    yesterday = today - timedelta(days=1)
    view.since.setDate(view.since.minimumDate())  # "any"
    view.until.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    settle(qtbot, view)
    assert "lot.hold" not in actions(view) and "lot.release" in actions(view)


def test_choosing_an_event_shows_everything_it_recorded(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], story: str
) -> None:
    view = open_view(qtbot, services, session_as("qa"))
    lines = view.model.rows()
    view.table.selectRow(next(i for i, x in enumerate(lines) if x.event.entity_type == "lots"))
    detail = view.detail.toPlainText()
    assert "lot.hold" in detail and "Reason: supplier endotoxin notice" in detail
    assert '"status": "ON_HOLD"' in detail and "Hash: " in detail


def test_export_writes_the_filtered_events(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    story: str,
    tmp_path: Path,
) -> None:
    view = open_view(qtbot, services, session_as("qa"))
    qtbot.keyClicks(view.action.lineEdit(), "lot.")
    settle(qtbot, view)
    qtbot.waitUntil(lambda: "of" in view.count.text())
    shown = [line.event.seq for line in view.model.rows()]
    path = tmp_path / "trail.csv"
    with qtbot.waitSignal(view.exported, timeout=20_000) as done:
        view.export_to(path)  # what the Export button does once the file is chosen
    assert done.args[0].complete and view.banner.kind == "ok"
    assert f"{len(shown)} event(s) exported" in view.banner.text()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["seq", "at", "user", "action"]
    assert [int(r[0]) for r in rows[1:]] == sorted(shown)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    hold = next(r for r in rows if r[3] == "lot.hold")
    assert hold[2] == "qa2" and hold[8] == "supplier endotoxin notice"


def test_verify_from_the_button_then_a_tampered_record(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    story: str,
) -> None:
    view = open_view(qtbot, services, session_as("qa"))
    with qtbot.waitSignal(view.verified, timeout=30_000):
        qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert view.banner.kind == "ok" and "witness checkpoint(s) agree" in view.banner.text()
    assert view.verify_button.isEnabled()
    with ui_unit.db.engine.begin() as connection:  # behind the program's back
        connection.execute(text("UPDATE lots SET supplier_lot = 'FORGED' WHERE id = 1"))
    with qtbot.waitSignal(view.verified, timeout=30_000) as checked:
        qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    assert not checked.args[0].ok and view.banner.kind == "error"
    shown = view.banner.text()
    assert shown.startswith("PROBLEM — ") and "supplier_lot" in shown and "'FORGED'" in shown
