"""Quarantine and review: the lots awaiting a decision and everything their release needs.

Left, the queue (oldest receipt first) with each lot's prerequisites summarised. Right, the
chosen lot: its prerequisites ticked or missing with their evidence, its documents (attach a
PDF by file dialog or by dropping it anywhere on the panel; view it inside the application),
its samples and test results. After every action the lot and the queue are read again, so a
tick appears as soon as the record holds the evidence.

The reference-sample log is printed from here: samples are recorded and reviewed here, and it
is a GMP record (its print is audited), not a setting of this workstation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import documents, lab_results, samples
from db.queries.lot_detail import LotDetail, lot_detail
from ui.feedback import Banner
from ui.file_dialogs import choose_files
from ui.lot_panels import DocumentViewer, LotHeader, PrerequisiteList, status_colours
from ui.models.lot_evidence import (
    DOCUMENT_KINDS,
    DocumentsModel,
    ResultsModel,
    SamplesModel,
    kind_name,
)
from ui.presentation.formats import quantity
from ui.presentation.palette import (
    HIGHLIGHT,
    HIGHLIGHT_BACKGROUND,
    muted_style,
)
from ui.presentation.tables import make_table
from ui.print_output import PrintPreview, open_preview
from ui.reads import SLOW_READ_MS, Reader
from ui.record_events import ChangeFollower
from ui.review_forms import ResultDialog, SampleDialog
from ui.review_queue_panel import QUEUE_TABLES, ReviewQueuePanel
from ui.services import PrintedPdf, Services
from ui.session import Session

DROP_STYLE = f"#detail {{ border: 3px dashed {HIGHLIGHT}; background: {HIGHLIGHT_BACKGROUND}; }}"


class DropPanel(QFrame):
    """Takes files dropped anywhere on it; any local file, so that the workflow says in words
    why a file that is not a PDF is refused."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("detail")
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            self.setStyleSheet(DROP_STYLE)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.setStyleSheet("")
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self.setStyleSheet("")
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.files_dropped.emit(paths)


class ReviewStation(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.detail: LotDetail | None = None
        self.loading: str | None = None  # another lot than the one shown, being read
        self.wanted_document: tuple[str, int] | None = None  # (lot, document) to show next
        self.dialog: QDialog | None = None  # the open form, if any (tests drive it)
        self.preview: PrintPreview | None = None
        self.banner = Banner(sound=services.preferences.load().sound)
        self.banner.setObjectName("banner")
        self.reader = Reader(self, self.banner.error)
        self.loading_note = QTimer(self)
        self.loading_note.setSingleShot(True)
        self.loading_note.setInterval(SLOW_READ_MS)
        self.loading_note.timeout.connect(self._still_loading)
        self.queue = ReviewQueuePanel(services)
        self.queue.lot_chosen.connect(self.show_lot)
        self.queue.lot_hidden.connect(self._lot_hidden)
        self.queue.failed.connect(self.banner.error)
        self.documents = DocumentsModel()
        self.samples = SamplesModel()
        self.results = ResultsModel()
        self.viewer = DocumentViewer(
            "No document to show: attach the certificate (button or drop), then select it."
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.queue)
        splitter.addWidget(self._detail_panel())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([340, 360])  # ten queue rows at 1366 x 768, the detail below
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter, 1)
        self.banner.float_over(self.queue.table)  # the queue is a list: no strip above it
        self._show_nothing()
        # Loaded once here; then every change, here or at another workstation, reads again.
        ChangeFollower(self, services.events, QUEUE_TABLES, self.refresh)
        self.queue.refresh()

    # -- building -------------------------------------------------------------------------

    def _detail_panel(self) -> QWidget:
        panel = DropPanel()
        panel.files_dropped.connect(self.attach_files)
        self.detail_panel = panel
        self.header = LotHeader()
        self.prerequisites = PrerequisiteList()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("evidence_tabs")
        self.tabs.addTab(self._documents_tab(), "&Documents")
        self.tabs.addTab(self._samples_tab(), "Sa&mples")
        self.tabs.addTab(self._results_tab(), "Test &results")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.prerequisites)
        column.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.viewer)
        split.setSizes([610, 740])
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(split, 1)
        return panel

    def _documents_tab(self) -> QWidget:
        self.kind = QComboBox()
        self.kind.setObjectName("attach_kind")
        for value, text in DOCUMENT_KINDS.items():
            self.kind.addItem(text, value)
        self.attach_button = self._button("&Attach PDF…", self.choose_and_attach)
        self.documents_table = make_table(self.documents, "documents")
        self.documents_table.activated.connect(lambda index: self.view_row(index.row()))
        self.documents_table.selectionModel().currentRowChanged.connect(
            lambda index, _: self.view_row(index.row()) if index.isValid() else None
        )
        for column, width in enumerate((150, 180, 55, 160)):
            self.documents_table.setColumnWidth(column, width)
        hint = QLabel("…or drop PDF files anywhere on this panel. The selected one is shown →")
        hint.setStyleSheet(muted_style())
        return self._tab(
            self._row(self.attach_button, QLabel("as"), self.kind), self.documents_table, hint
        )

    def _samples_tab(self) -> QWidget:
        self.sample_button = self._button("Record &sample…", self.record_sample)
        self.log_button = self._button("Print reference-sample &log", self.print_sample_log)
        self.samples_table = make_table(self.samples, "samples")
        return self._tab(self._row(self.sample_button, self.log_button), self.samples_table)

    def _results_tab(self) -> QWidget:
        self.result_button = self._button("Record &test result…", self.record_result)
        self.results_table = make_table(self.results, "results")
        return self._tab(self._row(self.result_button), self.results_table)

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    @staticmethod
    def _tab(top: QHBoxLayout, table: QTableView, *below: QWidget) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(table, 1)
        for widget in below:
            layout.addWidget(widget)
        return tab

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    # -- showing a lot --------------------------------------------------------------------

    def show_lot(self, lot: str, document_id: int | None = None) -> None:
        """Choose `lot`: its detail is read off the GUI thread and shown when it lands (a lot
        chosen meanwhile makes this answer stale). Until another lot lands nothing acts on the
        shown one. The viewer keeps its document, or shows `document_id`, or the CoA."""
        if self.detail is None or self.detail.lot != lot:
            self.loading = lot
            self._enable_actions()
            self.loading_note.start()
        if document_id is not None:
            self.wanted_document = (lot, document_id)
        db = self.services.db
        self.reader.read(
            "lot",
            lambda: lot_detail(db, lot),
            self._show_detail,
            what=f"cannot show lot {lot}",
            failed=self._lot_failed,
        )

    @property
    def ready(self) -> bool:
        """Whether the shown lot may be acted on: its detail landed, no other lot is coming."""
        return self.detail is not None and self.loading is None

    def _enable_actions(self) -> None:
        for widget in (self.attach_button, self.sample_button, self.result_button, self.kind):
            widget.setEnabled(self.ready)

    def _still_loading(self) -> None:
        if self.loading is not None:
            self._show_nothing(f"Reading lot {self.loading}…")

    def _show_detail(self, detail: LotDetail) -> None:
        self.loading = None
        same_lot = self.detail is not None and self.detail.lot == detail.lot
        if detail != self.detail:
            self.banner.clear_refusal()  # another lot, or the lot changed since it was refused
        self.detail = detail
        self.header.show_lot(detail, status_colours(self.services.preferences.load().colours))
        self.prerequisites.show_prerequisites(detail.prerequisites)
        self.documents.set_rows(detail.documents)
        self.samples.set_rows(detail.samples)
        self.results.set_rows(detail.results)
        self._count_tabs(detail)
        self._enable_actions()
        self.kind.setCurrentIndex(self.kind.findData(self._suggested_kind(detail)))
        wanted, self.wanted_document = self.wanted_document, None
        keep = self.viewer.document_id if same_lot else None
        self._select_document(detail, wanted[1] if wanted and wanted[0] == detail.lot else keep)

    def _lot_failed(self, message: str) -> None:
        self.loading = None
        self.banner.error(message)
        if self.detail is None or self.queue.current != self.detail.lot:
            self._show_nothing()  # the queue points at another lot: nothing here to act on
        self._enable_actions()

    def _select_document(self, detail: LotDetail, document_id: int | None) -> None:
        ids = [d.id for d in detail.documents]
        coa = next((d.id for d in detail.documents if d.kind == "coa"), None)
        wanted = document_id if document_id in ids else coa
        if wanted is None:
            self.viewer.clear()
            return
        self.documents_table.selectRow(ids.index(wanted))
        self.view_row(ids.index(wanted))

    def _count_tabs(self, detail: LotDetail) -> None:
        names = ("&Documents", "Sa&mples", "Test &results")
        counts = (detail.documents, detail.samples, detail.results)
        for index, (name, rows) in enumerate(zip(names, counts, strict=True)):
            self.tabs.setTabText(index, f"{name} ({len(rows)})")

    @staticmethod
    def _suggested_kind(detail: LotDetail) -> str:
        """What the next drop most likely is: the first missing certificate, else a CoA."""
        missing = {p.code for p in detail.prerequisites if not p.met}
        return "sterility" if "sterility_certificate" in missing and "coa" not in missing else "coa"

    def _show_nothing(self, text: str = "Choose a lot in the queue (arrow keys or mouse).") -> None:
        self.detail = None
        self.header.clear(text)
        self.prerequisites.show_prerequisites([])
        self.prerequisites.heading.setText("")
        for model in (self.documents, self.samples, self.results):
            model.set_rows([])
        self._enable_actions()
        self.viewer.clear()

    def _lot_hidden(self) -> None:
        """The filter hid the shown lot: nothing is left to act on (or to attach a PDF to)."""
        self.reader.stale("lot")
        self.loading = None
        self.banner.clear_refusal()
        self._show_nothing()

    def refresh(self) -> None:
        """Read the shown lot and the queue again (after an action, here or elsewhere)."""
        lot = self.loading or (self.detail.lot if self.detail is not None else None)
        if lot is not None:
            self.show_lot(lot)
        self.queue.refresh()

    # -- documents ------------------------------------------------------------------------

    def choose_and_attach(self) -> None:
        if not self.ready or self.detail is None:
            return
        title = f"{DOCUMENT_KINDS[self.kind.currentData()]} for lot {self.detail.lot}"
        store, filters = self.services.preferences, "PDF files (*.pdf);;All files (*)"
        self.attach_files(choose_files(self, store, title, filters))

    def attach_files(self, paths: list[Path]) -> None:
        """Attach each file in turn; the first refusal stops the rest."""
        if paths:
            self.attach_file(paths[0], then=tuple(paths[1:]))

    def attach_file(self, path: Path, kind: str | None = None, then: tuple[Path, ...] = ()) -> None:
        """Attach one file to the shown lot as `kind` (default: the kind chosen on screen)."""
        if self.loading is not None:
            self.banner.error(f"lot {self.loading} is still being read: attach once it is shown")
            return
        if self.detail is None:
            self.banner.error("choose a lot in the queue first, then attach its documents")
            return
        kind = kind or self.kind.currentData()
        try:
            content = path.read_bytes()
        except OSError as exc:
            self.banner.error(f"cannot read {path.name}: {exc.strerror or exc}")
            return
        db, actor, lot = self.services.db, self.session.actor, self.detail.lot

        def attached(done: documents.Attached) -> None:
            self.banner.ok(
                f"{done.filename} attached to {done.lot} as {DOCUMENT_KINDS[done.kind]} "
                f"(SHA-256 {done.sha256[:12]}…)."
            )
            if done.lot in (self.loading, self.detail.lot if self.detail else None):
                self.show_lot(done.lot, document_id=done.id)
            self.queue.refresh()
            if then:
                self.attach_files(list(then))

        self.services.operations.run(
            lambda: documents.attach(db, actor, lot, kind, path.name, content),
            done=attached,
            refused=self.banner.error,
            form=self.detail_panel,
        )

    def view_row(self, row: int) -> None:
        document = self.documents.row_at(row)
        if document.id != self.viewer.document_id:
            self.viewer.show_document(self.services.db, document.id, kind_name(document.kind))

    # -- samples and results --------------------------------------------------------------

    def sample_dialog(self) -> SampleDialog:
        assert self.detail is not None
        lot = self.detail.lot

        db, actor = self.services.db, self.session.actor

        def submit(**values: Any) -> samples.SampleTaken:
            return samples.record_sample(db, actor, lot, **values)

        dialog = SampleDialog(
            self.detail, self.services.db.now().date(), submit, self, self.services.operations
        )
        dialog.accepted.connect(lambda: self._sample_recorded(dialog.result_value))
        return dialog

    def record_sample(self) -> None:
        if self.ready:
            self._open(self.sample_dialog())

    def _sample_recorded(self, taken: samples.SampleTaken) -> None:
        where = f", kept until {taken.retain_until}" if taken.retain_until else ""
        unit = self.detail.unit if self.detail is not None else ""
        amount = quantity(taken.quantity, unit)  # "1 mL", not "1.000"
        self.banner.ok(f"{taken.kind} sample of {amount} recorded on {taken.lot}{where}.")
        self.refresh()

    def result_dialog(self) -> ResultDialog:
        assert self.detail is not None
        lot = self.detail.lot

        db, actor = self.services.db, self.session.actor

        def submit(**values: Any) -> lab_results.ResultRecorded:
            return lab_results.record_result(db, actor, lot, **values)

        dialog = ResultDialog(
            self.detail,
            self.services.db.now().date(),
            submit,
            self,
            self.services.operations,
            self.services.preferences,
        )
        dialog.accepted.connect(lambda: self._result_recorded(dialog.result_value))
        return dialog

    def record_result(self) -> None:
        if self.ready:
            self._open(self.result_dialog())

    def _result_recorded(self, done: lab_results.ResultRecorded) -> None:
        verdict = "PASSED" if done.passed else "FAILED"
        report = " with its report" if done.document_id else ""
        self.banner.ok(f"{done.kind} test {done.name!r} {verdict} recorded on {done.lot}{report}.")
        self.refresh()

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- printing -------------------------------------------------------------------------

    def print_sample_log(self) -> None:
        printing, actor = self.services.printing, self.session.actor
        self.services.operations.run(
            lambda: printing.sample_log(actor), done=self._show_log, refused=self.banner.error
        )

    def _show_log(self, printed: PrintedPdf) -> None:
        self.preview = open_preview(
            printed, self, self.services.preferences, self.banner.ok, self.banner.error
        )
