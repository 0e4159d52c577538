"""Inventory: every lot, filtered as you type, with one lot in full beside the list.

Keyboard: Ctrl+F search (lot, supplier lot, reference code or name, container ID; a scanned
container label or supplier GS1 barcode works too, ending with Enter); Alt+Q/R/H/J toggle the
statuses; Alt+E reference; Alt+X expiry; Alt+K stock; Alt+B a batch, Enter: the lots it used;
Down from the search goes to the list, and the detail follows the current row; Alt+L / Alt+G
print the status labels / the goods-receipt record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db import trace
from db.queries.lot_list import LotFilter, reference_choices
from labels.gs1 import ScanError, parse_scan
from ui.batch_trace_dialog import BatchTraceDialog
from ui.feedback import Banner
from ui.lot_badges import StatusBadgeDelegate
from ui.lot_detail_panel import LotDetailPanel
from ui.models.lot_list import SORTABLE, LotListModel
from ui.presentation.tables import make_table
from ui.reads import Reader
from ui.record_events import ChangeFollower
from ui.services import Services
from ui.session import Session

# A search answers from an index in a few ms (migration 0006): the pause only spares the
# reads of a fast typist's intermediate keystrokes, so that a keystroke shows rows in 100 ms.
DEBOUNCE_MS = 50
# What a lot's row or detail shows: a change to any of these refreshes the inventory.
LOT_TABLES = (
    "lots", "containers", "documents", "samples", "test_results", "signatures",
    "deliveries", "consumptions", "material_references", "suppliers", "prints",
)  # fmt: skip
STATUS_BUTTONS = (
    ("QUARANTINE", "&Quarantine"),
    ("RELEASED", "&Released"),
    ("ON_HOLD", "On &hold"),
    ("REJECTED", "Re&jected"),
)
EXPIRY = (("any", "Any expiry"), ("within", "Expiring within"), ("expired", "Expired"),
          ("not_expired", "Not expired"))  # fmt: skip
STOCK = (("any", "In stock or not"), ("in_stock", "In stock"), ("depleted", "Depleted"))
WIDTHS = (94, 238, 180, 96, 82, 68, 82)  # status: QUARANTINE + EXPIRED + DEPLETED fit


class InventoryView(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.trace_dialog: BatchTraceDialog | None = None
        self._total: int | None = None
        self._sorted = (6, Qt.SortOrder.DescendingOrder)
        self.model = LotListModel(services.db)
        self.detail = LotDetailPanel(services, session)
        self.banner = Banner(sound=services.preferences.load().sound)
        self.reader = Reader(self, self.banner.error)
        self.debounce = _timer(self, DEBOUNCE_MS, self.apply_filter)
        # Holding an arrow key down the list does not load every lot it passes.
        self.detail_timer = _timer(self, 80, self._show_current)
        self._make_filters()
        self._make_table(services)
        self._layout()
        self._connect()
        self._load_references()
        self.apply_filter()
        ChangeFollower(self, services.events, LOT_TABLES, self.record_changed)

    # -- building ---------------------------------------------------------------------------
    def _make_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            "Search: lot, supplier lot, reference code or name, container ID (Ctrl+F)"
        )
        self.status_buttons: dict[str, QPushButton] = {}
        for status, text in STATUS_BUTTONS:
            button = QPushButton(text)
            button.setObjectName(f"status_{status}")
            button.setCheckable(True)
            button.setToolTip("Show the lots in this status (none pressed: every status)")
            self.status_buttons[status] = button
        self.reference = QComboBox()
        self.reference.setObjectName("reference")
        self.reference.addItem("All references", None)
        self.reference.setMinimumContentsLength(28)
        self.expiry = QComboBox()
        self.expiry.setObjectName("expiry")
        for key, text in EXPIRY:
            self.expiry.addItem(text, key)
        self.days = QSpinBox()
        self.days.setObjectName("days")
        self.days.setRange(1, 3650)
        self.days.setValue(30)
        self.days.setSuffix(" days")
        self.stock = QComboBox()
        self.stock.setObjectName("stock")
        for key, text in STOCK:
            self.stock.addItem(text, key)
        self.count = QLabel()
        self.count.setObjectName("count")
        self.batch = QLineEdit()
        self.batch.setObjectName("batch")
        self.batch.setPlaceholderText("Batch code, Enter: lots used")
        self.batch.setClearButtonEnabled(True)

    def _make_table(self, services: Services) -> None:
        self.table = make_table(self.model, "lots", widths=WIDTHS)
        # The indicator first, then sorting: the model sorts (and loads) once, newest first.
        self.table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        colours = services.preferences.load().colours
        self.table.setItemDelegateForColumn(1, StatusBadgeDelegate(self.table, colours))
        # Pages arrive as the list scrolls: rows keep one height, never measured one by one.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def _layout(self) -> None:
        first = QHBoxLayout()
        first.addWidget(self.search, 3)
        first.addWidget(_buddy("R&eference", self.reference))
        first.addWidget(self.reference, 2)
        first.addWidget(_buddy("E&xpiry", self.expiry))
        first.addWidget(self.expiry)
        first.addWidget(self.days)
        first.addWidget(_buddy("Stoc&k", self.stock))
        first.addWidget(self.stock)
        second = QHBoxLayout()
        second.addWidget(QLabel("Status:"))
        for button in self.status_buttons.values():
            second.addWidget(button)
        second.addSpacing(12)
        second.addWidget(self.count, 1)
        second.addWidget(_buddy("&Batch", self.batch))
        second.addWidget(self.batch)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([870, 490])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.splitter, 1)
        self.banner.float_over(self.table)  # a list screen: no strip waits above the rows

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _: self.debounce.start())
        self.search.returnPressed.connect(self._search_entered)
        self.search.installEventFilter(self)
        for button in self.status_buttons.values():
            button.toggled.connect(lambda _: self.apply_filter())
        self.reference.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.expiry.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.days.valueChanged.connect(lambda _: self.debounce.start())
        self.stock.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.batch.returnPressed.connect(self.trace_batch)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.count_ready.connect(self._counted)
        self.model.failed.connect(lambda text: self.banner.error(f"cannot list the lots: {text}"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.detail_timer.start())
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search)

    # -- filtering --------------------------------------------------------------------------
    def current_filter(self) -> LotFilter:
        section, order = self._sorted
        return LotFilter(
            text=self.search.text(),
            statuses=frozenset(s for s, b in self.status_buttons.items() if b.isChecked()),
            reference=self.reference.currentData(),
            expiry=self.expiry.currentData(),
            within_days=self.days.value(),
            stock=self.stock.currentData(),
            sort=SORTABLE[section],
            descending=order == Qt.SortOrder.DescendingOrder,
        )

    def apply_filter(self) -> None:
        self.debounce.stop()
        self.days.setEnabled(self.expiry.currentData() == "within")
        wanted = self.current_filter()
        if wanted != self.model.filter:
            self._total = None
            self.count.setText("Searching…")
            self.model.set_filter(wanted)

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        if section in SORTABLE:
            self._sorted = (section, order)
            self._total = None
            return
        header = self.table.horizontalHeader()  # this column does not sort: put it back
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted)
        header.blockSignals(False)

    def _page_loaded(self, rows: int) -> None:
        self._show_count(rows, self._total)
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _counted(self, total: int | None) -> None:
        self._total = total
        self._show_count(self.model.rowCount(), total)

    def _show_count(self, rows: int, total: int | None) -> None:
        if total is None:
            self.count.setText(f"{rows} lot(s) shown, counting…" if rows else "Searching…")
        elif total == 0:
            self.count.setText("No lot matches")
        else:
            self.count.setText(f"{rows:,} of {total:,} lot(s) shown")

    def _search_entered(self) -> None:
        """Enter (or a scanner's Enter): a supplier's GS1 barcode searches for its lot."""
        text = self.search.text().strip()
        if text.startswith(("]", "(")) or (text[:16].isdigit() and len(text) >= 16):
            try:
                scan = parse_scan(text, self.services.preferences.load().separators)
            except ScanError as problem:
                self.banner.warning(problem.message)
                return
            if scan.container or scan.lot:
                self.search.setText(scan.container or scan.lot or "")
        self.apply_filter()
        if self.model.rowCount():
            self.table.setFocus()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid() and self.model.rowCount():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _load_references(self) -> None:
        db = self.services.db
        self.reader.read(
            "references", lambda: reference_choices(db), self._add_references,
            what="cannot read the references",
        )  # fmt: skip

    def _add_references(self, choices: list[tuple[str, str]]) -> None:
        for code, name in choices:
            self.reference.addItem(f"{code} — {name}", code)

    def record_changed(self) -> None:
        """Here or at another workstation: the list and the lot shown are read again."""
        self.model.refresh()
        if self.detail.lot:
            self.detail.show_lot(self.detail.lot)

    # -- detail and traceability -------------------------------------------------------------
    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.show_lot(self.model.row_at(index.row()).lot)

    def show_lot(self, number: str) -> None:
        self.detail_timer.stop()  # a lot chosen elsewhere (a batch's line) wins
        self.detail.show_lot(number)

    def trace_batch(self) -> None:
        code = self.batch.text().strip()
        if not code:
            return
        db = self.services.db
        self.reader.read(
            "trace",
            lambda: (code, trace.batch_to_lots(db, code)),
            self._traced,
            what=f"cannot trace batch {code}",
        )

    def _traced(self, result: tuple[str, list[trace.TraceLine]]) -> None:
        code, lines = result
        self.banner.show_message("info", "")
        self.trace_dialog = BatchTraceDialog(code, lines, self)
        self.trace_dialog.lot_chosen.connect(self.show_lot)
        self.trace_dialog.open()


def _timer(parent: QObject, ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label
