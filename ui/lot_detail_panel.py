"""One lot in full, beside the inventory list: identity, containers, evidence, signatures,
history from the audit trail, the batches that used it, and its prints.

Everything is read off the GUI thread in one go; a lot chosen while another is loading simply
replaces it (the late answer is dropped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db import trace
from db.prerequisites import Prerequisite
from db.queries.lot_detail import (
    ContainerRow,
    DocumentRow,
    LotDetail,
    ResultRow,
    SampleRow,
    SignatureRow,
    lot_detail,
)
from db.queries.lot_history import HistoryEvent, lot_history
from db.queries.printing import PREREQUISITE_NAMES
from db.users import Actor
from ui.feedback import Banner
from ui.models.row_table import Column, RowTable
from ui.presentation import formats, make_table
from ui.presentation.chips import chip_style
from ui.presentation.formats import day, esc, moment
from ui.presentation.palette import MET, MISSING, muted_style
from ui.print_output import PrintPreview, open_preview
from ui.reads import Reader
from ui.services import PrintedPdf, Services
from ui.session import Session


@dataclass(frozen=True)
class LotBundle:
    detail: LotDetail
    history: list[HistoryEvent]
    batches: list[trace.TraceLine]


def change_text(event: HistoryEvent) -> str:
    """What happened, in words: `lot L26-000042: status RELEASED → ON_HOLD — reason: ...`.

    When and by whom are the row's own columns, so a change's own *_at and *_by_id fields are
    left to the tooltip.
    """
    if event.created:
        text = f"{event.subject} created"
    else:
        shown = [c for c in event.changes if not c.field.endswith(("_at", "_by_id"))]
        changed = "; ".join(f"{c.field} {c.old} → {c.new}" for c in shown or event.changes)
        text = f"{event.subject}: {changed}"
    return f"{text} — reason: {event.reason}" if event.reason else text


def change_tooltip(event: HistoryEvent) -> str:
    lines = [
        f"{c.field}: {c.new}" if c.old is None else f"{c.field}: {c.old} → {c.new}"
        for c in event.changes
    ]
    why = [f"reason: {event.reason}"] if event.reason else []
    return "\n".join([f"#{event.seq} {event.action} — {event.subject}", *lines, *why])


def fit_height(view: QTableView) -> None:
    """A short list shown whole (no inner scroll bar): its rows, or one empty line."""
    rows = max(1, view.model().rowCount())
    header = view.horizontalHeader().sizeHint().height()
    view.setFixedHeight(header + rows * view.verticalHeader().defaultSectionSize() + 4)


class LotDetailPanel(QWidget):
    loaded = Signal(str)  # the lot now shown
    printed = Signal(object)  # PrintedPdf, once its preview is open

    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.bundle: LotBundle | None = None
        self.preview: PrintPreview | None = None
        self.banner = Banner(sound=services.preferences.load().sound)
        self.reader = Reader(self, self.banner.error)
        self.title = QLabel("Choose a lot in the list")
        self.title.setObjectName("lot_title")
        self.title.setStyleSheet("font-size:18px; font-weight:bold;")
        self.status = QLabel()
        self.status.setObjectName("lot_status")
        self.status.hide()
        self.facts = QLabel()
        self.facts.setObjectName("lot_facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.labels_button = QPushButton("Status &labels…")
        self.labels_button.setObjectName("print_labels")
        self.labels_button.clicked.connect(self.print_labels)
        self.receipt_button = QPushButton("&Goods receipt…")
        self.receipt_button.setObjectName("print_receipt")
        self.receipt_button.clicked.connect(self.print_receipt)
        self._make_models()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("lot_tabs")
        self.tabs.setUsesScrollButtons(True)
        self._add_tabs()
        self._layout()
        self._set_enabled(False)

    def _make_models(self) -> None:
        self.containers = RowTable[ContainerRow](CONTAINER_COLUMNS)
        self.prerequisites = RowTable[Prerequisite](PREREQUISITE_COLUMNS)
        self.documents = RowTable[DocumentRow](DOCUMENT_COLUMNS)
        self.samples = RowTable[SampleRow](SAMPLE_COLUMNS)
        self.results = RowTable[ResultRow](RESULT_COLUMNS)
        self.signatures = RowTable[SignatureRow](SIGNATURE_COLUMNS)
        self.history = RowTable[HistoryEvent](HISTORY_COLUMNS)
        self.batches = RowTable[trace.TraceLine](BATCH_COLUMNS)

    def _add_tabs(self) -> None:
        self.tabs.addTab(
            make_table(self.containers, "containers", widths=(125, 110, 150)), "Containers"
        )
        self.tabs.addTab(self._evidence_tab(), "Evidence")
        signatures = make_table(self.signatures, "signatures", widths=(90, 170, 170))
        self.tabs.addTab(signatures, "Signatures")
        # Long changes wrap: the whole sentence is read in the list, not only in a tooltip.
        history = make_table(self.history, "history", widths=(118, 46), wrap=True)
        self.tabs.addTab(history, "History")
        self.tabs.addTab(make_table(self.batches, "batches", widths=(120, 125, 70, 220)), "Batches")

    def _evidence_tab(self) -> QWidget:
        """Release prerequisites, then the documents, samples and tests behind them."""
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(2, 2, 2, 2)
        self.fitted: list[QTableView] = []
        for title, model, name, widths in (
            ("Release prerequisites", self.prerequisites, "prerequisites", (70, 160)),
            ("Documents", self.documents, "documents", (80, 150, 200)),
            ("Samples", self.samples, "samples", (70, 70, 150, 200)),
            ("Test results", self.results, "results", (170, 70, 150)),
        ):
            column.addWidget(QLabel(f"<b>{title}</b>"))
            view = make_table(model, name, widths=widths)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            model.modelReset.connect(lambda v=view: fit_height(v))
            fit_height(view)
            column.addWidget(view)
            self.fitted.append(view)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("evidence")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _layout(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.status)
        heading.addStretch(1)
        heading.addWidget(self.labels_button)
        heading.addWidget(self.receipt_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        self.banner.float_over(self.tabs)  # a view: no strip waits between facts and tabs

    def _set_enabled(self, on: bool) -> None:
        self.labels_button.setEnabled(on)
        self.receipt_button.setEnabled(on)

    # -- loading ----------------------------------------------------------------------------
    def show_lot(self, number: str) -> None:
        db = self.services.db

        def load() -> LotBundle:
            return LotBundle(
                lot_detail(db, number), lot_history(db, number), trace.lot_to_batches(db, number)
            )

        # A lot chosen after this one makes this answer stale: it is dropped when it lands.
        self.reader.read("load", load, self._loaded, what=f"cannot show lot {number}")

    @property
    def lot(self) -> str:
        return self.bundle.detail.lot if self.bundle else ""

    def _loaded(self, bundle: LotBundle) -> None:
        self.bundle = bundle
        d = bundle.detail
        self.title.setText(d.lot)
        colours = self.services.preferences.load().colours
        self.status.setText(d.status.replace("_", " "))
        self.status.setStyleSheet(chip_style(d.status, colours))
        self.status.show()
        self.facts.setText(facts_html(d))
        self.containers.set_rows(d.containers)
        self.prerequisites.set_rows(d.prerequisites)
        self.documents.set_rows(d.documents)
        self.samples.set_rows(d.samples)
        self.results.set_rows(d.results)
        self.signatures.set_rows(d.signatures)
        self.history.set_rows(bundle.history)
        self.batches.set_rows(bundle.batches)
        self._count_tabs(bundle)
        self.banner.show_message("info", "")
        self._set_enabled(True)
        self.loaded.emit(d.lot)

    def _count_tabs(self, bundle: LotBundle) -> None:
        d = bundle.detail
        unmet = sum(not p.met for p in d.prerequisites)
        batches = len({line.batch for line in bundle.batches})
        names = (
            (f"Containers {len(d.containers)}", f"{len(d.containers)} container(s)"),
            (
                f"Evidence ✗{unmet}" if unmet else "Evidence ✓",
                f"{unmet} release prerequisite(s) missing" if unmet else "every prerequisite met",
            ),
            (f"Signatures {len(d.signatures)}", f"{len(d.signatures)} e-signature(s)"),
            (f"History {len(bundle.history)}", f"{len(bundle.history)} audit event(s)"),
            (f"Batches {batches}", f"used in {batches} batch(es)"),
        )
        for index, (name, tip) in enumerate(names):
            self.tabs.setTabText(index, name)
            self.tabs.setTabToolTip(index, tip)

    # -- prints -----------------------------------------------------------------------------
    def print_labels(self) -> None:
        size = self.services.preferences.load().label_size
        self._print(lambda actor, lot: self.services.printing.status_labels(actor, lot, size))

    def print_receipt(self) -> None:
        self._print(self.services.printing.receipt_record)

    def _print(self, make: Callable[[Actor, str], PrintedPdf]) -> None:
        """Render and record off the GUI thread (a lot of many containers takes a while)."""
        if not self.lot:
            return
        actor, lot = self.session.actor, self.lot
        self.services.operations.run(
            lambda: make(actor, lot), done=self._show_print, refused=self.banner.error,
            form=(self.labels_button, self.receipt_button),
        )  # fmt: skip

    def _show_print(self, printed: PrintedPdf) -> None:
        self.preview = open_preview(
            printed, self, self.services.preferences, self.banner.ok, self.banner.error
        )
        self.printed.emit(printed)


def facts_html(d: LotDetail) -> str:
    receipt = "conforming" if d.receipt_conforming else f"NON-CONFORMING: {d.nonconformity}"
    criteria = ", ".join(c.replace("_", " ") for c in d.risk_criteria) or "none"
    rows = (
        ("Reference", f"{d.reference} — {d.reference_name}"),
        ("Supplier", f"{d.supplier}; supplier lot <b>{esc(d.supplier_lot)}</b>"),
        (
            "Expiry",
            f"<b>{day(d.expiry)}</b>"
            + (f"; produced {day(d.production_date)}" if d.production_date else ""),
        ),
        ("Received", f"{moment(d.received_at)} by {d.received_by}; receipt {receipt}"),
        ("Status", f"{d.status.replace('_', ' ')} since {moment(d.status_at)} ({d.status_by})"),
        ("Risk", f"{d.risk_class.replace('_', ' ')} — criteria: {criteria}"),
    )
    cells = "".join(
        f"<tr><td style='{muted_style()} padding-right:8px'>{k}</td><td>{v}</td></tr>"
        for k, v in ((k, v if "<b>" in v else esc(v)) for k, v in rows)
    )
    return f"<table>{cells}</table>"


def _quantity(row: ContainerRow) -> str:
    return f"{formats.quantity(row.quantity)} of {formats.quantity(row.initial_quantity)}"


CONTAINER_COLUMNS = [
    Column[ContainerRow]("Container", lambda r: r.code),
    Column[ContainerRow](
        "Left", _quantity, right=True, colour=lambda r: MISSING if r.quantity == 0 else None
    ),
    Column[ContainerRow]("Opened", lambda r: moment(r.opened_at)),
    Column[ContainerRow]("Use by", lambda r: day(r.use_by)),
]
PREREQUISITE_COLUMNS = [
    Column[Prerequisite](
        "", lambda p: "✓ met" if p.met else "✗ missing", colour=lambda p: MET if p.met else MISSING
    ),
    Column[Prerequisite]("Prerequisite", lambda p: PREREQUISITE_NAMES.get(p.code, p.code)),
    Column[Prerequisite]("Evidence", lambda p: p.detail),
]
DOCUMENT_COLUMNS = [
    Column[DocumentRow]("Kind", lambda d: d.kind.replace("_", " ")),
    Column[DocumentRow]("File", lambda d: d.filename),
    Column[DocumentRow]("Attached", lambda d: f"{moment(d.uploaded_at)} by {d.uploaded_by}"),
    Column[DocumentRow]("SHA-256", lambda d: d.sha256[:16] + "…", tooltip=lambda d: d.sha256),
]
SAMPLE_COLUMNS = [
    Column[SampleRow]("Kind", lambda s: s.kind),
    Column[SampleRow]("Quantity", lambda s: formats.quantity(s.quantity), right=True),
    Column[SampleRow]("Location", lambda s: s.location or "—"),
    Column[SampleRow]("Taken", lambda s: f"{moment(s.taken_at)} by {s.taken_by}"),
    Column[SampleRow]("Keep until", lambda s: day(s.retain_until)),
    Column[SampleRow]("Disposed", lambda s: moment(s.disposed_at)),
]
RESULT_COLUMNS = [
    Column[ResultRow]("Test", lambda r: f"{r.kind}: {r.name}"),
    Column[ResultRow](
        "Result",
        lambda r: "PASSED" if r.passed else "FAILED",
        colour=lambda r: MET if r.passed else MISSING,
    ),
    Column[ResultRow]("Value", lambda r: r.value or "—"),
    Column[ResultRow]("Performed", lambda r: f"{day(r.performed_on)} ({r.recorded_by})"),
]
SIGNATURE_COLUMNS = [
    Column[SignatureRow]("Meaning", lambda s: s.meaning),
    Column[SignatureRow]("Signed by", lambda s: f"{s.full_name} ({s.username})"),
    Column[SignatureRow]("Time", lambda s: moment(s.signed_at)),
    Column[SignatureRow](
        "Comment",
        lambda s: s.comment or "—",
        tooltip=lambda s: f"{s.comment or ''}\nSHA-256 {s.content_sha256}",
    ),
]
HISTORY_COLUMNS = [
    Column[HistoryEvent](
        "When", lambda e: formats.moment(e.at), tooltip=lambda e: formats.moment_with_zone(e.at)
    ),
    Column[HistoryEvent]("Who", lambda e: e.username),
    Column[HistoryEvent]("What happened (and why)", change_text, tooltip=change_tooltip),
]
BATCH_COLUMNS = [
    Column[trace.TraceLine]("Batch", lambda t: t.batch),
    Column[trace.TraceLine]("Container", lambda t: t.container),
    Column[trace.TraceLine]("Quantity", lambda t: formats.quantity(t.quantity), right=True),
    Column[trace.TraceLine]("Used", lambda t: f"{moment(t.dispensed_at)} by {t.dispensed_by}"),
    Column[trace.TraceLine]("FEFO override", lambda t: t.fefo_override or ""),
]
