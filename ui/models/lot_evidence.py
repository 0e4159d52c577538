"""A lot's evidence for review: its documents, samples and test results (lot_detail rows).

Three short read-only lists of one lot; each is its own model over a column table, so a view
never formats a row itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from db.queries.lot_detail import DocumentRow, ResultRow, SampleRow

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
Column = tuple[str, Callable[[Any], str]]

DOCUMENT_KINDS = {
    "coa": "Certificate of analysis",
    "sterility": "Sterility certificate",
    "tse": "TSE certificate",
    "test_report": "Test report",
    "other": "Other document",
}


def kind_name(kind: str) -> str:
    return DOCUMENT_KINDS.get(kind, kind)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Read-only rows shown through a fixed table of (header, text of a row) columns."""

    COLUMNS: Sequence[Column] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section][0]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.COLUMNS[index.column()][1](self._rows[index.row()])
        return None


class DocumentsModel(RowsModel[DocumentRow]):
    COLUMNS = (
        ("Kind", lambda d: kind_name(d.kind)),
        ("File", lambda d: d.filename),
        ("Size", lambda d: _size(d.size)),
        ("Attached", lambda d: f"{d.uploaded_at:%Y-%m-%d %H:%M} by {d.uploaded_by}"),
        ("SHA-256", lambda d: d.sha256[:12] + "…"),
    )


class SamplesModel(RowsModel[SampleRow]):
    COLUMNS = (
        ("Kind", lambda s: s.kind),
        ("Quantity", lambda s: f"{s.quantity.normalize():f}"),
        ("Location", lambda s: s.location or "—"),
        ("Taken", lambda s: f"{s.taken_at:%Y-%m-%d} by {s.taken_by}"),
        ("Retain until", lambda s: f"{s.retain_until:%Y-%m-%d}" if s.retain_until else "—"),
        ("Disposed", lambda s: f"{s.disposed_at:%Y-%m-%d}" if s.disposed_at else "—"),
    )


class ResultsModel(RowsModel[ResultRow]):
    COLUMNS = (
        ("Kind", lambda r: r.kind),
        ("Test", lambda r: r.name),
        ("Result", lambda r: "PASS" if r.passed else "FAIL"),
        ("Value", lambda r: r.value or "—"),
        ("Performed", lambda r: f"{r.performed_on:%Y-%m-%d}"),
        ("Recorded by", lambda r: r.recorded_by),
    )
