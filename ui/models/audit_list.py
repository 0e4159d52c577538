"""The audit trail, newest first, a page at a time (db/queries/audit_list.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from db.engine import Database
from db.queries.audit_codes import DescribedEvent, described_page
from db.queries.audit_list import PAGE, AuditFilter, audit_count
from ui.models.paged import PagedModel, Stop
from ui.presentation.formats import moment, moment_with_zone

# An event, its change and its record in words (worked out on the worker thread, not while
# painting): codes and names, not internal ids.
AuditLine = DescribedEvent


class AuditListModel(PagedModel[AuditLine]):
    HEADERS = ("Seq", "When", "User", "Action", "Record", "Change (old → new)", "Reason")

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
        return described_page(self.db, query, cursor, self.page, stop)

    def count(self, query: AuditFilter, stop: Stop) -> int | None:
        return audit_count(self.db, query, stop)

    def cell(self, row: AuditLine, column: int, role: int) -> Any:
        event = row.event
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(event.seq),
                moment(event.at, seconds=True),
                event.username,
                event.action,
                row.record,
                row.change,
                event.reason or "",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:  # local time, and as stored
            return moment_with_zone(event.at)
        if role == Qt.ItemDataRole.ToolTipRole and column in (4, 5, 6):
            internal = f"{event.entity_type} #{event.entity_id}"  # the id the trail records
            return (internal, row.change, event.reason)[column - 4]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
