"""The inventory's lots, a page at a time (db/queries/lot_list.py), with status badges."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from db.engine import Database
from db.queries.lot_list import PAGE, LotFilter, LotRow, lot_count, lot_page
from ui.models.paged import PagedModel, Stop
from ui.presentation.formats import day, moment_with_zone
from ui.presentation.palette import ERROR

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1  # (status, [badges]) for the badge delegate
STATUS_WORDS = {"ON_HOLD": "ON HOLD"}
# Header -> the sort it stands for (other columns do not sort: the list is paged by index).
SORTABLE = {0: "lot", 4: "expiry", 6: "received"}


def status_text(row: LotRow) -> str:
    return " · ".join([STATUS_WORDS.get(row.status, row.status), *row.badges])


def stock_text(row: LotRow) -> str:
    return f"{row.in_stock} / {row.containers}"


class LotListModel(PagedModel[LotRow]):
    HEADERS = (
        "Lot",
        "Status",
        "Reference",
        "Supplier lot",
        "Expiry",
        "In stock",
        "Received",
        "Supplier",
    )

    def __init__(self, db: Database, page: int = PAGE) -> None:
        super().__init__()
        self.db = db
        self.page = page
        self.filter = LotFilter()

    def key(self, row: LotRow) -> str:
        return row.lot

    def set_filter(self, wanted: LotFilter) -> None:
        self.filter = wanted
        self.reload()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.InitialSortOrderRole and section in SORTABLE:
            # A first click sorts received newest first, expiry soonest first, lots A to Z.
            newest = SORTABLE[section] == "received"
            return Qt.SortOrder.DescendingOrder if newest else Qt.SortOrder.AscendingOrder
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in SORTABLE:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_filter(replace(self.filter, sort=SORTABLE[column], descending=descending))

    def query(self) -> LotFilter:
        return self.filter

    def fetch(self, query: LotFilter, cursor: Any, stop: Stop) -> tuple[list[LotRow], Any]:
        found = lot_page(self.db, query, cursor, self.page)
        return found.rows, found.next

    def count(self, query: LotFilter, stop: Stop) -> int | None:
        return None if stop() else lot_count(self.db, query)

    def cell(self, row: LotRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == STATUS_ROLE and column == 1:
            return (row.status, row.badges)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.expired:
            return QColor(ERROR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: LotRow, column: int) -> str:
        values = (
            row.lot,
            status_text(row),
            f"{row.reference}  {row.reference_name}",
            row.supplier_lot,
            day(row.expiry),
            stock_text(row),
            day(row.received_at),
            row.supplier,
        )
        return values[column]

    def _tooltip(self, row: LotRow, column: int) -> str:
        if column == 1:
            notes = {
                "EXPIRED": f"expired on {day(row.expiry)}: blocked for use",
                "DEPLETED": "nothing left in any container",
            }
            return "\n".join([status_text(row), *(notes[b] for b in row.badges)])
        if column == 5:
            return f"{row.in_stock} of {row.containers} container(s) still hold something"
        if column == 6:
            return f"received {moment_with_zone(row.received_at)}"
        return self._text(row, column)
