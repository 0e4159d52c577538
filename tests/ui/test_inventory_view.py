"""Inventory, driven as a person would: type in the search, toggle filters, scroll, open a
lot's detail, trace a batch, print labels; every list passes the model tester."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db import release
from db.dispense import dispense
from db.models import PrintRecord
from db.queries.lot_list import LotFilter
from tests.fixtures.world import PASSWORDS, Unit
from ui.inventory_view import InventoryView
from ui.models.lot_list import LotListModel
from ui.print_output import PrintPreview
from ui.services import Services
from ui.session import Session


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    """Lists load in the thread pool: let them finish before the database closes."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def store(ui_unit: Unit) -> dict[str, str]:
    unit = ui_unit
    il7 = unit.released_lot("RM-009", lot="IL7-2291", containers=2)
    dispense(unit.db, unit.prod, il7.containers[0], "5", "CAR-T-2026-001", None)
    serum = unit.released_lot("RM-015", lot="ABS-2207", containers=1).lot
    release.hold(unit.db, unit.qa2, PASSWORDS["qa2"], serum, "supplier endotoxin notice")
    return {
        "il7": il7.lot,
        "il7_container": il7.containers[1],
        "tubing": unit.receive("RM-001", lot="TUB-1", containers=3).lot,
        "serum": serum,
        "beads": unit.receive("RM-006", lot="BEADS-1", expiry=unit.today() + timedelta(10)).lot,
    }


def open_view(qtbot: QtBot, services: Services, session: Session) -> InventoryView:
    view = InventoryView(services, session)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    settle(qtbot, view)
    if view.model.rowCount():  # the first lot's detail opens by itself
        qtbot.waitUntil(lambda: view.detail.lot == view.model.row_at(0).lot)
    return view


def settle(qtbot: QtBot, view: InventoryView) -> None:
    qtbot.waitUntil(lambda: not view.debounce.isActive() and not view.model.busy)


def shown(view: InventoryView) -> list[str]:
    return [row.lot for row in view.model.rows()]


def test_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester, ui_unit: Unit, store: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    model = LotListModel(ui_unit.db, page=2)
    with qtbot.waitSignal(model.page_loaded):
        model.set_filter(LotFilter())
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore()
    assert model.rowCount() == 4
    qtmodeltester.check(model)


def test_typing_filters_once_the_typing_pauses(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], store: dict[str, str]
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    assert shown(view) == sorted(store[k] for k in ("il7", "tubing", "serum", "beads"))[::-1]
    reloads: list[LotFilter] = []
    view.model.page_loaded.connect(lambda _: reloads.append(view.model.filter))
    qtbot.keyClicks(view.search, "abs-22")
    settle(qtbot, view)
    assert shown(view) == [store["serum"]]
    assert len(reloads) == 1, "six keystrokes, one query (debounced)"
    view.search.clear()
    qtbot.keyClicks(view.search, store["il7_container"])  # a container ID
    settle(qtbot, view)
    assert shown(view) == [store["il7"]]
    qtbot.waitUntil(lambda: view.count.text() == "1 of 1 lot(s) shown")
    view.search.clear()
    qtbot.keyClicks(view.search, "(01)09521234000150(17)271130(10)ABS-2207")  # scanned
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    settle(qtbot, view)
    assert view.search.text() == "ABS-2207" and shown(view) == [store["serum"]]
    view.search.clear()
    qtbot.keyClicks(view.search, "no such lot")
    settle(qtbot, view)
    assert shown(view) == []
    qtbot.waitUntil(lambda: view.count.text() == "No lot matches")


def test_status_reference_expiry_and_stock_filters(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], store: dict[str, str]
) -> None:
    view = open_view(qtbot, services, session_as("qa"))
    qtbot.mouseClick(view.status_buttons["QUARANTINE"], Qt.MouseButton.LeftButton)
    settle(qtbot, view)
    assert set(shown(view)) == {store["tubing"], store["beads"]}
    qtbot.mouseClick(view.status_buttons["ON_HOLD"], Qt.MouseButton.LeftButton)
    settle(qtbot, view)
    assert set(shown(view)) == {store["tubing"], store["beads"], store["serum"]}
    for button in view.status_buttons.values():
        button.setChecked(False)
    qtbot.waitUntil(lambda: view.reference.count() > 30)
    view.reference.setCurrentIndex(view.reference.findData("RM-009"))
    settle(qtbot, view)
    assert shown(view) == [store["il7"]]
    view.reference.setCurrentIndex(0)
    view.expiry.setCurrentIndex(view.expiry.findData("within"))
    settle(qtbot, view)
    assert shown(view) == [store["beads"]]
    assert view.days.isEnabled()
    view.expiry.setCurrentIndex(view.expiry.findData("any"))
    view.stock.setCurrentIndex(view.stock.findData("depleted"))
    settle(qtbot, view)
    assert shown(view) == []


def test_statuses_carry_their_badges(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ui_unit.released_lot("RM-009", lot="IL7-1", containers=1, quantity="1").lot
    dispense(ui_unit.db, ui_unit.prod, lot + "-001", "1", "CAR-T-9", None)
    ui_unit.clock.advance(days=400)
    view = open_view(qtbot, services, session_as("tech"))
    index = view.model.index(0, 1)
    assert index.data() == "RELEASED · EXPIRED · DEPLETED"
    assert index.data(Qt.ItemDataRole.UserRole + 1) == ("RELEASED", ["EXPIRED", "DEPLETED"])
    assert "nothing left" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_scrolling_down_fetches_the_next_pages(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    for n in range(23):
        ui_unit.receive("RM-022", lot=f"SYR-{n:02d}", containers=1)
    view = open_view(qtbot, services, session_as("tech"))
    view.resize(1366, 300)
    view.model.page = 5
    view.model.reload()
    settle(qtbot, view)
    assert view.model.rowCount() < 23 and view.model.canFetchMore()
    while view.model.canFetchMore() or view.model.busy:
        view.table.scrollToBottom()
        qtbot.wait(20)
    assert view.model.rowCount() == 23
    assert shown(view) == sorted(shown(view), reverse=True)
    qtbot.waitUntil(lambda: view.count.text() == "23 of 23 lot(s) shown")


def test_a_late_page_for_an_old_filter_is_dropped(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], store: dict[str, str]
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    view.model.set_filter(LotFilter(text="TUB"))
    view.model.set_filter(LotFilter(text="BEADS"))
    settle(qtbot, view)
    QThreadPool.globalInstance().waitForDone(5_000)
    qtbot.wait(50)
    assert shown(view) == [store["beads"]]


def test_header_sorts_by_expiry_and_ignores_other_columns(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], store: dict[str, str]
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    header = view.table.horizontalHeader()
    expiry = header.sectionViewportPosition(4) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_point(expiry))
    settle(qtbot, view)
    assert view.model.filter.sort == "expiry" and shown(view)[0] == store["beads"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_point(8))  # Lot: sorts
    settle(qtbot, view)
    assert view.model.filter.sort == "lot"
    supplier_lot = header.sectionViewportPosition(3) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_point(supplier_lot))
    settle(qtbot, view)
    assert view.model.filter.sort == "lot" and header.sortIndicatorSection() == 0


def _point(x: int) -> QPoint:
    return QPoint(x, 5)


def test_detail_shows_the_lot_in_full(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], store: dict[str, str]
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    qtbot.keyClicks(view.search, store["serum"])
    settle(qtbot, view)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # down into the list: the detail follows
    assert view.table.currentIndex().row() == 0
    qtbot.waitUntil(lambda: view.detail.lot == store["serum"])
    detail = view.detail
    assert detail.status.text() == "ON HOLD" and "ABS-2207" in detail.facts.text()
    assert [c.code for c in detail.containers.rows()] == [store["serum"] + "-001"]
    assert [d.kind for d in detail.documents.rows()] == ["coa"]
    signatures = detail.signatures
    assert [signatures.index(r, 0).data() for r in range(2)] == ["Released", "Put on hold"]
    assert signatures.index(0, 1).data() == "Quinn Quality (qa)"
    assert signatures.index(1, 2).data()[:4].isdigit()  # local time (ui.presentation), not UTC
    history = [detail.history.index(r, 2).data() for r in range(detail.history.rowCount())]
    assert f"lot {store['serum']} created" in history
    assert (
        f"lot {store['serum']}: status RELEASED → ON_HOLD — reason: supplier endotoxin notice"
        in history
    )
    assert detail.tabs.tabText(1) == "Evidence ✓"
    assert detail.prerequisites.index(0, 0).data() == "✓ met"


def test_lot_to_batches_and_batch_to_lots(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session], store: dict[str, str]
) -> None:
    view = open_view(qtbot, services, session_as("qa"))
    view.show_lot(store["il7"])
    qtbot.waitUntil(lambda: view.detail.lot == store["il7"])
    assert [line.batch for line in view.detail.batches.rows()] == ["CAR-T-2026-001"]
    assert view.detail.tabs.tabText(4) == "Batches 1"

    view.show_lot(store["tubing"])
    qtbot.waitUntil(lambda: view.detail.lot == store["tubing"])
    qtbot.keyClicks(view.batch, "CAR-T-2026-001")
    qtbot.keyClick(view.batch, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.trace_dialog is not None and view.trace_dialog.isVisible())
    dialog = view.trace_dialog
    assert [line.lot for line in dialog.model.rows()] == [store["il7"]]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter on the line: its lot in detail
    qtbot.waitUntil(lambda: view.detail.lot == store["il7"])
    dialog.close()

    view.batch.clear()
    qtbot.keyClicks(view.batch, "NO-SUCH-BATCH")
    qtbot.keyClick(view.batch, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "no batch 'NO-SUCH-BATCH'" in view.banner.text())
    assert view.banner.kind == "error"


def test_printing_labels_and_the_receipt_record(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    store: dict[str, str],
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    view.show_lot(store["tubing"])
    qtbot.waitUntil(lambda: view.detail.lot == store["tubing"])
    with qtbot.waitSignal(view.detail.printed, timeout=20_000) as printed:
        qtbot.mouseClick(view.detail.labels_button, Qt.MouseButton.LeftButton)
    assert printed.args[0].title.startswith(f"Status labels {store['tubing']} (QUARANTINE)")
    preview = view.detail.preview
    assert isinstance(preview, PrintPreview) and preview.isVisible()
    qtbot.waitUntil(lambda: preview.document.pageCount() == 3)  # a label per container
    preview.close()
    with qtbot.waitSignal(view.detail.printed, timeout=20_000) as again:
        qtbot.mouseClick(view.detail.labels_button, Qt.MouseButton.LeftButton)
    assert again.args[0].reprint and "REPRINT" in view.detail.preview.windowTitle()
    view.detail.preview.close()
    with qtbot.waitSignal(view.detail.printed, timeout=20_000) as receipt:
        qtbot.mouseClick(view.detail.receipt_button, Qt.MouseButton.LeftButton)
    assert receipt.args[0].title.startswith("Goods receipt D")
    view.detail.preview.close()
    with ui_unit.db.read() as session:
        kinds = session.scalars(select(PrintRecord.kind).order_by(PrintRecord.id)).all()
    assert kinds == ["status_labels", "status_labels", "receipt_record"]
