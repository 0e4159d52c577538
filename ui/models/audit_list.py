"""The audit trail, newest first, a page at a time (db/queries/audit_list.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from db.engine import Database
from db.queries.audit_list import (
    PAGE,
    AuditFilter,
    AuditRow,
    audit_count,
    audit_page,
    describe,
    user_names,
)
from ui.models.paged import PagedModel, Stop


@dataclass(frozen=True)
class AuditLine:
    """An event and its change in words (worked out on the worker thread, not while painting)."""

    event: AuditRow
    change: str


class AuditListModel(PagedModel[AuditLine]):
    HEADERS = ("Seq", "When (UTC)", "User", "Action", "Record", "Change (old → new)", "Reason")

    def __init__(self, db: Database, page: int = PAGE) -> None:
        super().__init__()
        self.db = db
        self.page = page
        self.filter = AuditFilter()

    def key(self, row: AuditLine) -> int:
        return row.event.seq

    def set_filter(self, wanted: AuditFilter) -> None:
        self.filter = wanted
        self.reload()

    def query(self) -> AuditFilter:
        return self.filter

    def fetch(self, query: AuditFilter, cursor: Any, stop: Stop) -> tuple[list[AuditLine], Any]:
        found = audit_page(self.db, query, cursor, self.page, stop=stop)
        with self.db.read() as session:
            names = user_names(session)
        return [AuditLine(e, describe(e.old, e.new, names)) for e in found.rows], found.next

    def count(self, query: AuditFilter, stop: Stop) -> int | None:
        return audit_count(self.db, query, stop)

    def cell(self, row: AuditLine, column: int, role: int) -> Any:
        event = row.event
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(event.seq),
                f"{event.at:%Y-%m-%d %H:%M:%S}",
                event.username,
                event.action,
                f"{event.entity_type} #{event.entity_id}",
                row.change,
                event.reason or "",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (5, 6):
            return row.change if column == 5 else event.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
