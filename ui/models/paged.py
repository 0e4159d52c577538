"""A long list that arrives a page at a time, each page read off the GUI thread.

The view asks for more rows as the person scrolls (`canFetchMore`/`fetchMore`); a new filter
starts a new generation: pages and counts of an older generation are dropped when they arrive,
and a search still running for one is told to stop between its steps. The rows on screen stay
until the new first page replaces them, so typing never flashes an empty table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ui.reads import Reader

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
Stop = Callable[[], bool]


class PagedModel(QAbstractTableModel, Generic[Row]):
    page_loaded = Signal(int)  # rows now held
    count_ready = Signal(object)  # the number of rows that match, or None if not known
    failed = Signal(str)
    busy_changed = Signal(bool)

    HEADERS: Sequence[str] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self._next: Any = None
        self._more = False
        self._loading = False
        self._generation = 0
        self._reader = Reader(self)  # the latest read of each kind wins

    # -- what a subclass provides (fetch and count run on a worker thread) --------------------
    def query(self) -> Any:
        """What to fetch (an immutable filter), read on the GUI thread when a fetch starts."""
        raise NotImplementedError

    def fetch(self, query: Any, cursor: Any, stop: Stop) -> tuple[list[Row], Any]:
        """One page after `cursor` (None: the first) and the cursor of the next (None: end)."""
        raise NotImplementedError

    def count(self, query: Any, stop: Stop) -> int | None:
        return None

    def cell(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError

    def key(self, row: Row) -> Any:
        """What identifies a row across reloads (a lot number, an event's sequence)."""
        return row

    # -- loading ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._loading

    def reload(self) -> None:
        """Start again from the first page (the filter changed); older pages are dropped."""
        self._generation += 1
        self._more = False
        self._start(None, first=True)
        generation, query = self._generation, self.query()
        stop = self._stopper(generation)
        self._run("count", lambda: (generation, self.count(query, stop)), self._counted)

    def refresh(self) -> None:
        """The record changed: read again as many rows as are shown, for the same filter, and
        put them in place. Rows keep their identity (`key`), so the view keeps its current
        row, selection and scroll; rows that left the filter go, new ones appear."""
        self._generation += 1
        generation, query = self._generation, self.query()
        wanted = max(len(self._rows), 1)
        stop = self._stopper(generation)

        def work() -> tuple[int, list[Row], Any]:
            rows: list[Row] = []
            cursor = None
            while True:
                page, cursor = self.fetch(query, cursor, stop)
                rows += page
                if cursor is None or len(rows) >= wanted or stop():
                    return generation, rows, cursor

        self._set_loading(True)
        self._run("page", work, self._refreshed)
        self._run("count", lambda: (generation, self.count(query, stop)), self._counted)

    def _refreshed(self, result: tuple[int, list[Row], Any]) -> None:
        generation, rows, cursor = result
        if generation != self._generation:
            return
        self.layoutAboutToBeChanged.emit()
        old = [self.key(row) for row in self._rows]
        position = {self.key(row): i for i, row in enumerate(rows)}
        persistent = self.persistentIndexList()
        self._rows = list(rows)
        moved = []
        for index in persistent:
            key = old[index.row()] if 0 <= index.row() < len(old) else None
            row = position.get(key)
            moved.append(QModelIndex() if row is None else self.index(row, index.column()))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
        self._next, self._more = cursor, cursor is not None
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self._start(self._next, first=False)

    def _stopper(self, generation: int) -> Stop:
        return lambda: generation != self._generation

    def _start(self, cursor: Any, *, first: bool) -> None:
        generation, query = self._generation, self.query()
        stop = self._stopper(generation)
        self._set_loading(True)
        self._run(
            "page", lambda: (generation, first, *self.fetch(query, cursor, stop)), self._arrived
        )

    def _run(self, kind: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._reader.read(kind, work, done, what="", failed=self._job_failed)

    def _arrived(self, result: tuple[int, bool, list[Row], Any]) -> None:
        generation, first, rows, cursor = result
        if generation != self._generation:
            return  # a page for a filter nobody wants any more
        if first:
            self.beginResetModel()
            self._rows = list(rows)
            self.endResetModel()
        elif rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._next, self._more = cursor, cursor is not None
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows))

    def _counted(self, result: tuple[int, int | None]) -> None:
        generation, total = result
        if generation == self._generation:
            self.count_ready.emit(total)

    def _job_failed(self, reason: str) -> None:
        self._set_loading(False)
        self.failed.emit(reason)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.busy_changed.emit(loading)

    # -- the table --------------------------------------------------------------------------
    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.HEADERS):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)
