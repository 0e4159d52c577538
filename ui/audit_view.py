"""The audit trail: every recorded change, newest first, filtered; its CSV export; and a
check of the whole chain against the records ("Verify audit trail").

Keyboard: Ctrl+F the text filter; Alt+F / Alt+T dates; Alt+U user; Alt+A action; Alt+R record
type; Alt+E export; Alt+V verify. Searches, the export and the verification run off the GUI
thread; a search overtaken by a new filter is told to stop.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.audit_verify import VerifyReport, verify
from db.integrity.fingerprint import fingerprint
from db.queries.audit_export import Exported, export_csv
from db.queries.audit_list import AuditFilter, usernames
from ui.feedback import Banner
from ui.file_dialogs import choose_save
from ui.models.audit_list import AuditLine, AuditListModel
from ui.presentation.formats import moment_with_zone, stamp
from ui.presentation.tables import make_table
from ui.reads import Reader
from ui.record_events import ChangeFollower
from ui.services import Services
from ui.session import Session

DEBOUNCE_MS = 300
NO_DATE = QDate(2000, 1, 1)  # the dates' minimum, shown as "any"
ACTIONS = ("lot.", "lot.receive", "lot.release", "lot.reject", "lot.hold", "lot.unhold",
           "document.attach", "sample.", "test.record", "container.dispense", "deviation.",
           "print.", "user.", "auth.", "catalog.import", "risk_rule.set")  # fmt: skip
RECORDS = ("lots", "containers", "receipt_checks", "deliveries", "documents", "samples",
           "test_results", "signatures", "consumptions", "batches", "deviations",
           "deviation_links", "material_references", "suppliers", "users", "settings",
           "prints")  # fmt: skip
WIDTHS = (70, 140, 70, 135, 160, 470)


class _Progress(QObject):
    """Carries the export's progress from the worker thread to the GUI thread."""

    written = Signal(int)


class AuditView(QWidget):
    exported = Signal(object)  # Exported
    verified = Signal(object)  # VerifyReport

    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.model = AuditListModel(services.db)
        self.banner = Banner(sound=services.preferences.load().sound)
        self.reader = Reader(self, self.banner.error)
        self._cancel_export = False
        self._total: int | None = None
        self.progress = _Progress(self)
        self._make_filters()
        self._make_table()
        self._layout()
        self._connect()
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.apply_filter)
        self._load_users()
        self.setFocusProxy(self.text)
        self.apply_filter()
        # Every change is new events: the newest appear at the top, the selection stays.
        ChangeFollower(self, services.events, None, self.model.refresh)

    # -- building ---------------------------------------------------------------------------
    def _make_filters(self) -> None:
        self.since = _date_edit("since")
        self.until = _date_edit("until")
        self.user = _combo("user", "Any user", ())
        self.action = _combo("action", "Any action", ACTIONS)
        self.record = _combo("record", "Any record", RECORDS)
        self.record.setEditable(False)
        self.text = QLineEdit()
        self.text.setObjectName("text")
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText("Text in the old or new values or the reason (Ctrl+F)")
        self.count = QLabel()
        self.count.setObjectName("count")
        self.export_button = QPushButton("&Export CSV…")
        self.export_button.setObjectName("export")
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.hide()
        self.verify_button = QPushButton("&Verify audit trail")
        self.verify_button.setObjectName("verify")

    def _make_table(self) -> None:
        self.table = make_table(self.model, "events", widths=WIDTHS)
        # Pages of events arrive as the list scrolls: rows keep one height, never re-measured.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("event_detail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Choose an event to see everything it recorded.")

    def _layout(self) -> None:
        first = QHBoxLayout()
        for text, widget in (("&From", self.since), ("&To", self.until), ("&User", self.user),
                             ("&Action", self.action), ("&Record", self.record)):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(widget)
            label.setMinimumWidth(label.sizeHint().width() + 2)  # never squeezed by the fields
            first.addWidget(label)
            first.addWidget(widget)
            first.addSpacing(6)
        first.addWidget(self.text, 1)
        second = QHBoxLayout()
        second.addWidget(self.count, 1)
        second.addWidget(self.export_button)
        second.addWidget(self.cancel_button)
        second.addWidget(self.verify_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([520, 150])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(split, 1)
        self.banner.float_over(self.table)  # a list screen: no strip waits above the rows

    def _connect(self) -> None:
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _: self.debounce.start())
        for combo in (self.user, self.action):
            combo.editTextChanged.connect(lambda _: self.debounce.start())
        self.record.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.text.textChanged.connect(lambda _: self.debounce.start())
        self.text.returnPressed.connect(self.apply_filter)
        self.export_button.clicked.connect(self.choose_export)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.verify_button.clicked.connect(self.verify_trail)
        self.progress.written.connect(self._export_progress)
        self.model.page_loaded.connect(lambda rows: self._show_count())
        self.model.count_ready.connect(self._counted)
        self.model.busy_changed.connect(lambda _: self._show_count())
        self.model.failed.connect(lambda text: self.banner.error(f"cannot read the trail: {text}"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self.detail.clear)  # new rows: the old event is gone
        QShortcut(QKeySequence("Ctrl+F"), self, self.text.setFocus)

    def _load_users(self) -> None:
        db = self.services.db
        self.reader.read(
            "users", lambda: usernames(db), self._add_users, what="cannot read the users"
        )

    def _add_users(self, names: list[str]) -> None:
        for name in names:
            self.user.addItem(name, name)

    # -- filtering --------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            since=_date(self.since),
            until=_date(self.until),
            username=_typed(self.user),
            action=_typed(self.action),
            entity_type=self.record.currentData() or "",
            text=self.text.text().strip(),
        )

    def apply_filter(self) -> None:
        self.debounce.stop()
        wanted = self.current_filter()
        if wanted != self.model.filter or not self.model.rowCount():
            self._total = None
            self.model.set_filter(wanted)
            self._show_count()

    def _counted(self, total: int | None) -> None:
        self._total = total
        self._show_count()

    def _show_count(self) -> None:
        rows = self.model.rowCount()
        searching = " — searching…" if self.model.busy else ""
        if self._total is None:
            self.count.setText(f"{rows:,} event(s) shown, counting…{searching}")
        else:
            self.count.setText(f"{rows:,} of {self._total:,} event(s) shown{searching}")

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.detail.setPlainText(event_text(self.model.row_at(index.row())))

    # -- export -----------------------------------------------------------------------------
    def choose_export(self) -> None:
        name = f"audit-trail-{stamp(date.today())}.csv"
        store = self.services.preferences
        path = choose_save(self, store, "Export the audit trail as CSV", name, "CSV (*.csv)")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        db, wanted = self.services.db, self.model.filter
        self._cancel_export = False
        self.export_button.setEnabled(False)
        self.cancel_button.show()
        self.banner.show_message("info", f"Exporting to {path}…")
        self.reader.read(
            "export",
            lambda: export_csv(
                db,
                wanted,
                path,
                stop=lambda: self._cancel_export,
                progress=self.progress.written.emit,
            ),
            self._exported,
            what="the export failed, no file was written",
            failed=self._export_failed,
        )

    def cancel_export(self) -> None:
        self._cancel_export = True

    def _export_progress(self, written: int) -> None:
        if self.export_button.isEnabled():
            return  # a late progress report of a finished export
        self.banner.show_message("info", f"Exporting… {written:,} event(s) written")

    def _exported(self, done: Exported) -> None:
        self._export_finished()
        if done.complete:
            self.banner.ok(f"{done.events:,} event(s) exported to {done.path}")
        else:
            self.banner.warning("export cancelled: no file was written")
        self.exported.emit(done)

    def _export_failed(self, message: str) -> None:
        self._export_finished()
        self.banner.error(message)

    def _export_finished(self) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.hide()

    # -- verification -----------------------------------------------------------------------
    def verify_trail(self) -> None:
        db = self.services.db
        self.verify_button.setEnabled(False)
        self.banner.show_message("info", "Verifying the audit trail against the records…")
        self.reader.read(
            "verify",
            lambda: verify(db),
            self._verified,
            what="the verification could not run",
            failed=self._unverified,
        )

    def _verified(self, report: VerifyReport) -> None:
        self.verify_button.setEnabled(True)
        what = (
            f"{report.events:,} events, {report.records:,} records, "
            f"{report.documents:,} documents, {report.signatures:,} signatures"
        )
        if report.ok:
            self.banner.ok(
                f"audit trail verified: {what}; {report.checkpoints:,} witness checkpoint(s) "
                f"agree; head #{report.head_seq:,} {fingerprint(report.head_hash)}"
            )
        else:
            self.banner.show_message(
                "error",
                f"PROBLEM — {len(report.problems)} problem(s) in {what}. First: {report.first()}",
            )
        self.verified.emit(report)

    def _unverified(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self.banner.error(message)


def event_text(line: AuditLine) -> str:
    e = line.event

    def pretty(value: str | None) -> str:
        return "—" if value is None else json.dumps(json.loads(value), indent=1, ensure_ascii=False)

    return "\n".join(
        (
            f"#{e.seq}  {moment_with_zone(e.at)}  {e.username}  {e.action}  "
            f"{line.record} ({e.entity_type} #{e.entity_id})",
            f"Reason: {e.reason or '—'}",
            f"Change: {line.change}",
            f"Hash: {e.hash}",
            f"Old: {pretty(e.old)}",
            f"New: {pretty(e.new)}",
        )
    )


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("any")  # shown at the minimum: no bound
    edit.setMinimumWidth(115)
    edit.setDate(NO_DATE)
    return edit


def _date(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())


def _typed(combo: QComboBox) -> str:
    text = combo.currentText().strip()
    return "" if text == combo.itemText(0) else text


def _combo(name: str, anything: str, items: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.addItem(anything, "")
    for item in items:
        combo.addItem(item, item)
    combo.lineEdit().setPlaceholderText(anything)
    combo.setCurrentIndex(0)
    combo.setEditText("")
    combo.setMinimumContentsLength(12)
    return combo
