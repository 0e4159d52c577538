"""One live record on every screen: what another workstation commits shows within seconds in
Inventory, the audit trail, the catalog, the review queue and the dashboard, on SQLite and on
PostgreSQL, without a key pressed; rows keep their selection while the list refreshes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import receiving, release
from db.deviations import open_deviation
from db.engine import Database
from db.users import add_user
from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from tests.fixtures.databases import integrity_in
from tests.fixtures.world import PASSWORDS, Unit
from ui.audit_view import AuditView
from ui.catalog_view import CatalogView
from ui.dashboard import Dashboard
from ui.decision_station import DecisionStation
from ui.deviations_view import DeviationsView
from ui.inventory_view import InventoryView
from ui.record_events import RecordWatcher
from ui.review_station import ReviewStation
from ui.services import Services
from ui.session import Session
from ui.users_view import UsersView

WITHIN_MS = 3000


@pytest.fixture
def screens(
    qtbot: QtBot, unit: Unit, data_dir: Path
) -> Iterator[tuple[Services, dict[str, object]]]:
    store = JsonPreferencesStore(data_dir)
    services = Services(unit.db, PrintService(unit.db, store), store)
    watcher = RecordWatcher(unit.db, services.events, poll_ms=200)
    session = Session(unit.qa)
    made = {
        "inventory": InventoryView(services, session),
        "audit": AuditView(services, session),
        "catalog": CatalogView(services, session),
        "review": ReviewStation(services, Session(unit.tech)),
        "dashboard": Dashboard(services, session),
        "deviations": DeviationsView(services, session),
        "users": UsersView(services, Session(unit.admin)),
    }
    for widget in made.values():
        qtbot.addWidget(widget)  # type: ignore[arg-type]
        widget.show()  # type: ignore[attr-defined]
    yield services, made
    watcher.stop()


@pytest.fixture
def other_workstation(unit: Unit) -> Iterator[Database]:
    """A second Database on the same record: what another PC on the network would write."""
    other = Database(unit.db.url, integrity=integrity_in(unit.data or Path()))
    yield other
    other.dispose()


def released_stock(catalog: CatalogView, code: str) -> int:
    return next(r.released_stock for r in catalog.all_references if r.code == code)


def lots_shown(view: InventoryView) -> dict[str, str]:
    return {row.lot: row.status for row in view.model.rows()}


def test_another_workstations_receipt_and_hold_show_everywhere_within_seconds(
    qtbot: QtBot,
    unit: Unit,
    screens: tuple[Services, dict[str, object]],
    other_workstation: Database,
) -> None:
    _, made = screens
    inventory: InventoryView = made["inventory"]  # type: ignore[assignment]
    audit: AuditView = made["audit"]  # type: ignore[assignment]
    catalog: CatalogView = made["catalog"]  # type: ignore[assignment]
    review: ReviewStation = made["review"]  # type: ignore[assignment]
    dashboard: Dashboard = made["dashboard"]  # type: ignore[assignment]
    held = unit.released_lot(containers=1)
    qtbot.waitUntil(lambda: lots_shown(inventory).get(held.lot) == "RELEASED", timeout=WITHIN_MS)
    inventory.table.selectRow(list(lots_shown(inventory)).index(held.lot))
    head = audit.model.rows()[0].event.seq
    qtbot.waitUntil(lambda: released_stock(catalog, "RM-001") == 1, timeout=WITHIN_MS)
    loaded_at = dashboard.data.loaded_at if dashboard.data else None

    receipt = receiving.Receipt(
        supplier_lot="FROM-PC-2", expiry=unit.today().replace(year=unit.today().year + 1),
        containers=2, quantity="1", reference_code="RM-005",
    )  # fmt: skip
    new = receiving.receive(other_workstation, unit.tech, receipt)
    release.hold(other_workstation, unit.qa2, PASSWORDS["qa2"], held.lot, "supplier notice")

    qtbot.waitUntil(lambda: new.lot in lots_shown(inventory), timeout=WITHIN_MS)
    qtbot.waitUntil(lambda: lots_shown(inventory)[held.lot] == "ON_HOLD", timeout=WITHIN_MS)
    current = inventory.table.currentIndex()
    assert inventory.model.row_at(current.row()).lot == held.lot, "the selection stayed"
    qtbot.waitUntil(lambda: audit.model.rows()[0].event.action == "lot.hold", timeout=WITHIN_MS)
    assert audit.model.rows()[0].event.seq > head
    qtbot.waitUntil(lambda: review.queue.model.find(new.lot) >= 0, timeout=WITHIN_MS)
    qtbot.waitUntil(
        lambda: dashboard.data is not None and dashboard.data.loaded_at != loaded_at,
        timeout=WITHIN_MS,
    )
    qtbot.waitUntil(lambda: released_stock(catalog, "RM-001") == 0, timeout=WITHIN_MS)


def test_another_workstations_deviation_and_account_show_within_seconds(
    qtbot: QtBot,
    unit: Unit,
    screens: tuple[Services, dict[str, object]],
    other_workstation: Database,
) -> None:
    _, made = screens
    deviations: DeviationsView = made["deviations"]  # type: ignore[assignment]
    accounts: UsersView = made["users"]  # type: ignore[assignment]
    qtbot.waitUntil(lambda: accounts.model.rowCount() > 0, timeout=WITHIN_MS)
    shown = deviations.model.rowCount()
    open_deviation(
        other_workstation, unit.tech, domain="stock_shortage", severity="major",
        title="IL-7 below minimum",
    )  # fmt: skip
    add_user(other_workstation, unit.admin, "nurse", "Nora Nurse", ["production"],
             "velvet-harbor-lantern-7")  # fmt: skip
    qtbot.waitUntil(lambda: deviations.model.rowCount() == shown + 1, timeout=WITHIN_MS)
    qtbot.waitUntil(
        lambda: "nurse" in [r.username for r in accounts.model.rows()], timeout=WITHIN_MS
    )


def test_a_hold_signed_here_shows_in_the_list_at_once(
    qtbot: QtBot, unit: Unit, data_dir: Path
) -> None:
    """This workstation's own write is announced when it is done, not at the next poll."""
    store = JsonPreferencesStore(data_dir)
    services = Services(unit.db, PrintService(unit.db, store), store)
    watcher = RecordWatcher(unit.db, services.events, poll_ms=60_000)  # no poll in this test
    lot = unit.released_lot(containers=1)
    inventory = InventoryView(services, Session(unit.qa))
    decision = DecisionStation(services, Session(unit.qa2))
    for widget in (inventory, decision):
        qtbot.addWidget(widget)
        widget.show()
    qtbot.waitUntil(lambda: lots_shown(inventory).get(lot.lot) == "RELEASED")
    qtbot.waitUntil(lambda: not decision.queue.loading)
    decision.show_lot(lot.lot)
    qtbot.waitUntil(lambda: decision.detail is not None and decision.detail.lot == lot.lot)
    dialog = decision.signature_dialog("hold")
    dialog.reason.setPlainText("supplier recall notice")
    dialog.password.setText(PASSWORDS["qa2"])
    dialog.try_sign()
    qtbot.waitUntil(lambda: lots_shown(inventory)[lot.lot] == "ON_HOLD", timeout=1500)
    watcher.stop()
