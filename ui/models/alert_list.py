"""The dashboard's alerts (db.alerts.compute) as one table, filtered by kind."""

from __future__ import annotations

from collections import Counter

from db.alerts import Alert
from ui.models.row_table import Column, RowTable
from ui.presentation.palette import ALERT_COLOURS

# Kinds in the order the dashboard shows them, with the words a person reads.
KIND_NAMES = {
    "shortage": "Shortage",
    "expired_stock": "Expired stock",
    "expiring": "Expiring soon",
    "no_backup": "No qualified backup",
    "quarantine_aging": "Quarantine aging",
    "supplier": "Supplier",
}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("_", " ").capitalize())


COLUMNS = [
    Column[Alert]("Kind", lambda a: kind_name(a.kind), colour=lambda a: ALERT_COLOURS.get(a.kind)),
    Column[Alert]("Subject", lambda a: a.subject),
    Column[Alert]("What needs attention", lambda a: a.message),
]


class AlertListModel(RowTable[Alert]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self._all: list[Alert] = []
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
        return self.row_at(row)

    def _refilter(self) -> None:
        order = {kind: i for i, kind in enumerate(KIND_NAMES)}
        rows = [a for a in self._all if self._kind is None or a.kind == self._kind]
        # Stable: within a kind, the order db.alerts gives (by date, by code...).
        self.set_rows(sorted(rows, key=lambda a: order.get(a.kind, len(order))))
