"""The queue of lots awaiting a decision, shared by the review and the QA decision stations.

The query evaluates every lot's prerequisites, so it runs off the GUI thread; a newer load
makes an older one's answer stale. Choosing a row (mouse or arrow keys) emits `lot_chosen`;
a reload keeps the chosen lot selected without emitting again.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.errors import Refused
from db.queries.review_queue import ReviewRow, review_queue
from ui.models.review_queue import ReviewQueueModel
from ui.models.row_table import SORT_ROLE
from ui.services import Services
from ui.workers import run_in_background

# What decides whether a lot waits for review and what it still lacks.
QUEUE_TABLES = (
    "lots", "documents", "samples", "test_results", "signatures", "receipt_checks",
    "material_references", "suppliers", "settings",
)  # fmt: skip


class ReviewQueuePanel(QWidget):
    lot_chosen = Signal(str)
    loaded = Signal()
    failed = Signal(str)

    def __init__(self, services: Services, title: str = "Awaiting a decision") -> None:
        super().__init__()
        self.services = services
        self.title = title
        self.current: str | None = None
        self.loading = False
        self._generation = 0
        self._restoring = False
        self._jobs: dict[int, object] = {}  # in flight: keeps their signals alive
        self.model = ReviewQueueModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.heading = QLabel()
        self.heading.setObjectName("queue_heading")
        self.heading.setStyleSheet("font-size:15px; font-weight:bold;")
        self.filter = QLineEdit()
        self.filter.setObjectName("queue_filter")
        self.filter.setPlaceholderText("lot, reference, supplier lot, missing…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.returnPressed.connect(self.focus_table)
        find = QLabel("&Find:")
        find.setBuddy(self.filter)
        self.table = self._make_table()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(find)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._show_heading()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("queue")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(ReviewQueueModel.RECEIVED, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((90, 100, 270, 110, 90, 90, 56)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._on_current)
        return table

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.selectRow(0)

    def refresh(self) -> None:
        """Reload the queue in the background; `loaded` is emitted when it is shown."""
        self._generation += 1
        generation = self._generation
        self.loading = True
        db = self.services.db
        self._jobs[generation] = run_in_background(
            lambda: review_queue(db),
            lambda rows: self._loaded(generation, rows),
            lambda exc: self._failed(generation, exc),
        )

    def _loaded(self, generation: int, rows: list[ReviewRow]) -> None:
        self._jobs.pop(generation, None)
        if generation != self._generation:
            return  # an older load: a newer one is on its way
        self.loading = False
        self._restoring = True
        try:
            self.model.set_rows(rows)
            self._reselect()
        finally:
            self._restoring = False
        self._show_heading()
        if self.current is None and self.proxy.rowCount():
            self.table.selectRow(0)  # first load: show the oldest lot at once
        self.loaded.emit()

    def _failed(self, generation: int, exc: Exception) -> None:
        self._jobs.pop(generation, None)
        if generation != self._generation:
            return
        self.loading = False
        message = exc.message if isinstance(exc, Refused) else f"{type(exc).__name__}: {exc}"
        self.heading.setText(f"{self.title}: could not be loaded")
        self.failed.emit(f"The queue could not be loaded: {message}")

    def _reselect(self) -> None:
        selection = self.table.selectionModel()
        row = self.model.find(self.current) if self.current else -1
        if row < 0:
            selection.clear()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring or not current.isValid():
            return
        row = self.model.row_at(self.proxy.mapToSource(current).row())
        self.current = row.lot
        self.lot_chosen.emit(row.lot)

    def select(self, lot: str) -> bool:
        """Choose `lot` as a person would by clicking its row; False if it is not listed."""
        row = self.model.find(lot)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the filter
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        return True

    def set_current(self, lot: str | None) -> None:
        """The lot shown beside the queue (it may have left the queue, e.g. just released)."""
        self.current = lot
        self._restoring = True
        try:
            self._reselect()
        finally:
            self._restoring = False

    def row(self, lot: str) -> ReviewRow | None:
        found = self.model.find(lot)
        return self.model.row_at(found) if found >= 0 else None

    def _show_heading(self) -> None:
        rows = self.model.rows()
        ready = sum(1 for r in rows if r.ready)
        self.heading.setText(f"{self.title}: {len(rows)} lots, {ready} ready for release")
