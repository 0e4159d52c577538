"""The dashboard's alerts (db.alerts.compute) as one table, filtered by kind."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from db.alerts import Alert

# Kinds in the order the dashboard shows them, with the words a person reads.
KIND_NAMES = {
    "shortage": "Shortage",
    "expired_stock": "Expired stock",
    "expiring": "Expiring soon",
    "no_backup": "No qualified backup",
    "quarantine_aging": "Quarantine aging",
    "supplier": "Supplier",
}
KIND_COLOURS = {
    "shortage": "#b3261e",
    "expired_stock": "#b3261e",
    "expiring": "#9a6700",
    "no_backup": "#9a6700",
    "quarantine_aging": "#17324d",
    "supplier": "#17324d",
}
HEADERS = ("Kind", "Subject", "What needs attention")
Index = QModelIndex | QPersistentModelIndex


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("_", " ").capitalize())


class AlertListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._all: list[Alert] = []
        self._rows: list[Alert] = []
        self._kind: str | None = None

    def set_alerts(self, alerts: list[Alert]) -> None:
        self._all = list(alerts)
        self._refilter()

    def set_kind(self, kind: str | None) -> None:
        """Show only one kind of alert (None: all of them)."""
        self._kind = kind
        self._refilter()

    @property
    def kind(self) -> str | None:
        return self._kind

    def counts(self) -> Counter[str]:
        return Counter(alert.kind for alert in self._all)

    def alert(self, row: int) -> Alert:
        return self._rows[row]

    def _refilter(self) -> None:
        self.beginResetModel()
        order = {kind: i for i, kind in enumerate(KIND_NAMES)}
        rows = [a for a in self._all if self._kind is None or a.kind == self._kind]
        # Stable: within a kind, the order db.alerts gives (by date, by code...).
        self._rows = sorted(rows, key=lambda a: order.get(a.kind, len(order)))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        alert = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (kind_name(alert.kind), alert.subject, alert.message)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor(KIND_COLOURS.get(alert.kind, "#000000"))
        return None

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
