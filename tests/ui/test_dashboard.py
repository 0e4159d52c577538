"""The dashboard: alerts by kind and deviations by domain, loaded off the GUI thread."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import deviations
from db.alerts import compute
from db.engine import Database
from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from tests.fixtures.world import PASSWORDS, Unit
from ui.dashboard import Dashboard
from ui.models.alert_list import AlertListModel
from ui.services import Services
from ui.session import Session


def loaded(qtbot: QtBot, services: Services, session: Session) -> Dashboard:
    board = Dashboard(services, session)
    qtbot.addWidget(board)
    board.show()  # the first showing loads it
    board.activateWindow()
    qtbot.waitUntil(lambda: board.data is not None and not board.loading, timeout=10_000)
    return board


def test_alerts_by_kind_and_deviations_by_domain(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    qtmodeltester: ModelTester,
) -> None:
    soon = ui_unit.today() + timedelta(days=10)
    ui_unit.released_lot("RM-003", lot="CD4-SOON", expiry=soon)
    for domain in ("stock_shortage", "stock_shortage", "reference_change"):
        deviations.open_deviation(
            ui_unit.db, ui_unit.tech, domain=domain, severity="major", title=f"{domain} issue"
        )
    closed = deviations.open_deviation(
        ui_unit.db, ui_unit.tech, domain="use_issue", severity="minor", title="wrong vial"
    )
    deviations.close_deviation(
        ui_unit.db, ui_unit.qa, PASSWORDS["qa"], closed.number, closure="retrained"
    )
    board = loaded(qtbot, services, session_as("qa"))
    expected = Counter(a.kind for a in compute(ui_unit.db))
    model = board.model
    assert model.rowCount() == sum(expected.values()) and expected["shortage"] > 0
    assert board.filter_buttons[None].text() == f"All ({sum(expected.values())})"
    assert board.filter_buttons["expiring"].text() == f"Expiring soon ({expected['expiring']})"
    qtmodeltester.check(model)

    board.filter_buttons["shortage"].click()
    assert model.rowCount() == expected["shortage"] and model.kind == "shortage"
    assert all(model.alert(r).kind == "shortage" for r in range(model.rowCount()))
    assert model.index(0, 0).data() == "Shortage"
    qtmodeltester.check(model)
    board.filter_buttons["expiring"].click()
    assert any("RM-003" in model.alert(r).message for r in range(model.rowCount()))

    counts = {c.domain: (c.open, c.closed) for c in board.chart.counts}
    assert counts == {
        "stock_shortage": (2, 0),
        "reference_change": (1, 0),
        "use_issue": (0, 1),
        "receipt_release": (0, 0),
        "ordering": (0, 0),
    }
    assert "Stock shortage: 2 open, 0 closed" in board.chart.toolTip()
    image = board.chart.grab().toImage()  # the QPainter path runs without a warning
    assert not image.isNull() and image.width() >= 380


def test_refresh_picks_up_new_records(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    board = loaded(qtbot, services, session_as("tech"))
    assert sum(c.total for c in board.chart.counts) == 0
    deviations.open_deviation(
        ui_unit.db, ui_unit.tech, domain="ordering", severity="minor", title="late order"
    )
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key.Key_F5)

    def ordering_open() -> int:
        return {c.domain: c.open for c in board.chart.counts}["ordering"]

    qtbot.waitUntil(lambda: not board.loading and ordering_open() == 1, timeout=10_000)
    assert board.refresh_button.isEnabled()
    assert "updated" in board.status.text()


def test_a_failed_load_is_said_in_words(
    qtbot: QtBot, tmp_path: Path, ui_unit: Unit, session_as: Callable[[str], Session]
) -> None:
    empty = Database(f"sqlite:///{tmp_path / 'not-a-lotkeeper.sqlite'}", create=True)
    store = JsonPreferencesStore(tmp_path / "prefs")
    broken = Services(empty, PrintService(empty, store), store)
    board = Dashboard(broken, session_as("qa"))
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: not board.loading and board.banner.isVisible(), timeout=10_000)
    assert board.banner.text().startswith("REFUSED — the dashboard could not be loaded")
    assert board.data is None and board.refresh_button.isEnabled()
    empty.dispose()


def test_alert_model_on_its_own(qtmodeltester: ModelTester) -> None:
    from db.alerts import Alert

    model = AlertListModel()
    qtmodeltester.check(model)
    model.set_alerts([Alert("supplier", "X", "supplier X is pending"), Alert("odd", "Y", "y")])
    assert model.index(1, 0).data() == "Odd", "an unknown kind still reads as words"
    model.set_kind("supplier")
    assert model.rowCount() == 1
    qtmodeltester.check(model)
