"""The deviations list (db.queries.deviation_list) as one table."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from db.queries.deviation_list import DeviationRow

HEADERS = (
    "Number",
    "Domain",
    "Severity",
    "Title",
    "Status",
    "Opened (UTC)",
    "Opened by",
    "Closed (UTC)",
    "Closed by",
)
SEVERITY_COLOURS = {"critical": "#b3261e", "major": "#9a6700", "minor": "#444444"}
Index = QModelIndex | QPersistentModelIndex


def when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at else ""


class DeviationListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DeviationRow] = []

    def set_rows(self, rows: list[DeviationRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def deviation(self, row: int) -> DeviationRow:
        return self._rows[row]

    def row_of(self, number: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.number == number), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return row.description or row.title
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == 2:
                return QColor(SEVERITY_COLOURS.get(row.severity, "#000000"))
            if index.column() == 4 and row.status == "open":
                return QColor("#b3261e")
        return None

    @staticmethod
    def _text(row: DeviationRow, column: int) -> str:
        return (
            row.number,
            row.domain_name,
            row.severity,
            row.title,
            row.status.upper(),
            when(row.opened_at),
            row.opened_by,
            when(row.closed_at),
            row.closed_by or "",
        )[column]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None
