"""Catalog and suppliers, as QA reads them: risk class with the criteria that fired, backups
and their suppliers, stock against the minimum, overdue supplier audits."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from db.queries.catalog_list import references, suppliers
from tests.fixtures.world import Unit
from ui.catalog_view import CatalogView
from ui.models.catalog_list import CatalogListModel
from ui.models.supplier_list import SupplierListModel
from ui.services import Services
from ui.session import Session


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def open_view(qtbot: QtBot, services: Services, session: Session) -> CatalogView:
    view = CatalogView(services, session)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    qtbot.waitUntil(lambda: view.references.rowCount() > 0)
    return view


def codes(view: CatalogView) -> list[str]:
    return [row.code for row in view.references.rows()]


def column(view: CatalogView, header: str) -> int:
    headers = [c.header for c in view.references.columns]
    return headers.index(header)


def test_models_pass_the_model_tester(qtmodeltester, ui_unit: Unit) -> None:  # type: ignore[no-untyped-def]
    catalog = CatalogListModel()
    catalog.set_rows(references(ui_unit.db))
    qtmodeltester.check(catalog)
    supplier_model = SupplierListModel()
    supplier_model.set_rows(suppliers(ui_unit.db))
    qtmodeltester.check(supplier_model)


def test_risk_criteria_backup_and_stock_are_shown(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    ui_unit.released_lot("RM-009", lot="IL7-1", containers=2)
    view = open_view(qtbot, services, session_as("qa"))
    row = codes(view).index("RM-009")
    cell = lambda header: view.references.index(row, column(view, header))  # noqa: E731
    assert cell("Risk").data() == "CRITICAL"
    assert cell("Criteria that fired").data() == "not clinical grade, product contact"
    assert "grade is not clinical" in cell("Criteria that fired").data(Qt.ItemDataRole.ToolTipRole)
    assert cell("Backup").data() == "RM-010 ✗ not qualified"
    assert "CellGenix (NOT qualified)" in cell("Backup").data(Qt.ItemDataRole.ToolTipRole)
    assert (cell("Min").data(), cell("Stock").data()) == ("6", "2 ▼")
    assert cell("GTIN").data() == "09521234000099" and cell("Grade").data() == "GMP"
    view.reference_table.selectRow(row)
    text = view.explain.text()
    assert "RM-009" in text and "CRITICAL" in text and "backup supplier CellGenix" in text
    assert "below the minimum 6" in text


def test_search_risk_class_and_needs_attention(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    ui_unit.released_lot("RM-001", lot="TUB-1", containers=4)  # its minimum, backup qualified
    view = open_view(qtbot, services, session_as("qa"))
    everything = len(codes(view))
    attention = {r.code for r in view.all_references if r.backup_problem or r.below_minimum}
    qtbot.keyClicks(view.search, "il-7")
    assert codes(view) == ["RM-009", "RM-010"]
    view.search.clear()
    view.risk.setCurrentIndex(view.risk.findData("starting_material"))
    assert codes(view) == ["RM-033"]
    view.risk.setCurrentIndex(0)
    qtbot.mouseClick(view.attention, Qt.MouseButton.LeftButton)
    flagged = codes(view)
    assert set(flagged) == attention and "RM-009" in flagged  # RM-010's supplier is pending
    assert "RM-001" not in flagged and len(flagged) < everything
    assert view.count.text().startswith(f"{len(flagged)} of {everything} reference(s)")


def test_suppliers_show_qualification_and_overdue_audits(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = open_view(qtbot, services, session_as("admin"))
    names = [s.name for s in view.suppliers.rows()]
    cellgenix = names.index("CellGenix")
    assert view.suppliers.index(cellgenix, 2).data() == "PENDING"
    assert view.suppliers.index(cellgenix, 3).data() == "never audited"
    overdue = [s.name for s in view.suppliers.rows() if s.audit_overdue]
    assert "BioWest" in overdue  # last audit 2023-04-03, more than three years ago
    biowest = names.index("BioWest")
    assert view.suppliers.index(biowest, 3).data() == "2023-04-03 — OVERDUE"
    assert f"{len(overdue)} supplier audit(s) overdue" in view.count.text()
    ui_unit.clock.advance(days=20 * 365)
    qtbot.mouseClick(view.reload_button, Qt.MouseButton.LeftButton)
    qualified = lambda: [s for s in view.suppliers.rows() if s.qualification == "qualified"]  # noqa: E731
    qtbot.waitUntil(lambda: all(s.audit_overdue for s in qualified()))
