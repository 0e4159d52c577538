"""The lots awaiting a QA decision, one row per lot (db.queries.review_queue rows)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from db.prerequisites import Prerequisite
from db.queries.review_queue import ReviewRow

Index = QModelIndex | QPersistentModelIndex

# Short words for the queue column; the full evidence sentence is in the tooltip and the panel.
SHORT_NAMES = {
    "coa": "CoA",
    "sterility_certificate": "sterility cert.",
    "functional_test": "functional test",
    "reference_sample": "reference sample",
    "supplier_qualified": "supplier qualification",
    "receipt_conforming": "receipt conformity",
    "not_expired": "expired",
}
HEADERS = ("Lot", "Status", "Reference", "Supplier lot", "Expiry", "Received", "Age", "Release")
SORT_ROLE = Qt.ItemDataRole.UserRole
MISSING_INK = QColor("#9b1c14")
READY_INK = QColor("#1b6b34")


def status_word(status: str) -> str:
    return status.replace("_", " ")


def short_name(prerequisite: Prerequisite) -> str:
    return SHORT_NAMES.get(prerequisite.code, prerequisite.code.replace("_", " "))


def summary(row: ReviewRow) -> str:
    """'6/6 met — ready' or '3/5 met — missing: CoA, functional test'."""
    head = f"{row.met}/{row.total} met"
    if row.ready:
        return f"{head} — ready"
    return f"{head} — missing: " + ", ".join(short_name(p) for p in row.missing)


class ReviewQueueModel(QAbstractTableModel):
    LOT, STATUS, REFERENCE, SUPPLIER_LOT, EXPIRY, RECEIVED, AGE, PREREQUISITES = range(8)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ReviewRow] = []

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ReviewRow]:
        return list(self._rows)

    def row_at(self, row: int) -> ReviewRow:
        return self._rows[row]

    def find(self, lot: str) -> int:
        """The row of `lot`, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.lot == lot), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.PREREQUISITES:
            return READY_INK if row.ready else MISSING_INK
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: ReviewRow, column: int) -> str:
        values = (
            row.lot,
            status_word(row.status),
            f"{row.reference} {row.reference_name}",
            row.supplier_lot,
            f"{row.expiry:%Y-%m-%d}",
            f"{row.received_at:%Y-%m-%d}",
            f"{row.age_days} d",
            summary(row),
        )
        return values[column]

    def _sort_key(self, row: ReviewRow, column: int) -> str | int:
        if column == self.EXPIRY:
            return row.expiry.toordinal()
        if column == self.RECEIVED:
            return -row.age_days
        if column == self.AGE:
            return row.age_days
        if column == self.PREREQUISITES:
            return row.total - row.met
        return self._display(row, column)

    def _tooltip(self, row: ReviewRow, column: int) -> str | None:
        if column == self.REFERENCE:
            return f"{row.reference} {row.reference_name} — {row.supplier}"
        if column == self.RECEIVED:
            return f"received {row.received_at:%Y-%m-%d %H:%M} UTC by {row.received_by}"
        if column == self.PREREQUISITES:
            if row.ready:
                return "Every release prerequisite is met."
            return "Missing:\n" + "\n".join(f"• {p.detail}" for p in row.missing)
        return None
