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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.queries.review_queue import ReviewRow, review_queue
from ui.models.review_queue import ReviewQueueModel
from ui.models.row_table import SORT_ROLE
from ui.presentation.tables import make_table
from ui.reads import Reader
from ui.services import Services

# What decides whether a lot waits for review and what it still lacks.
QUEUE_TABLES = (
    "lots", "documents", "samples", "test_results", "signatures", "receipt_checks",
    "material_references", "suppliers", "settings",
)  # fmt: skip

MIN_VISIBLE_ROWS = 10


class ReviewQueuePanel(QWidget):
    lot_chosen = Signal(str)
    lot_hidden = Signal()  # the filter hid the chosen lot: it is chosen no more
    loaded = Signal()
    failed = Signal(str)

    def __init__(self, services: Services, title: str = "Awaiting a decision") -> None:
        super().__init__()
        self.services = services
        self.title = title
        self.current: str | None = None
        self.loading = False
        self._restoring = False
        self.reader = Reader(self)
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
        self.filter.textChanged.connect(self._filter_changed)
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
        widths = (90, 100, 270, 110, 90, 90, 56)
        table = make_table(self.proxy, "queue", widths=widths, sortable=True)
        table.sortByColumn(ReviewQueueModel.RECEIVED, Qt.SortOrder.AscendingOrder)
        # A day's queue at a glance, even on 1366 x 768: the detail below gives way first.
        rows = MIN_VISIBLE_ROWS * table.verticalHeader().defaultSectionSize()
        table.setMinimumHeight(rows + table.horizontalHeader().sizeHint().height() + 4)
        table.selectionModel().currentRowChanged.connect(self._on_current)
        return table

    def _filter_changed(self, text: str) -> None:
        # Hiding the current row makes Qt move the current index to a neighbour: that is not
        # a person's choice, so it is not announced.
        self._restoring = True
        try:
            self.proxy.setFilterFixedString(text)
        finally:
            self._restoring = False
        row = self.model.find(self.current) if self.current else -1
        if row < 0:
            return  # nothing chosen, or a lot shown from outside the queue (found by a scan)
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.current = None
            self._restoring = True
            try:
                self.table.selectionModel().clear()
            finally:
                self._restoring = False
            self.lot_hidden.emit()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.selectRow(0)

    def refresh(self) -> None:
        """Reload the queue in the background; `loaded` is emitted when it is shown."""
        self.loading = True
        db = self.services.db
        # A newer load makes this one's answer stale: the reader drops it.
        self.reader.read(
            "queue",
            lambda: review_queue(db),
            self._loaded,
            what="The queue could not be loaded",
            failed=self._failed,
        )

    def _loaded(self, rows: list[ReviewRow]) -> None:
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

    def _failed(self, message: str) -> None:
        self.loading = False
        self.heading.setText(f"{self.title}: could not be loaded")
        self.failed.emit(message)

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
