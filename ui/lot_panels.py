"""Pieces of a lot shown in both the review and the QA decision stations.

The lot's identity (with its status as a word on its colour), its release prerequisites ticked
or missing with their evidence sentence, and a document viewer (QtPdf) over the stored bytes.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QGridLayout, QLabel, QStackedLayout, QVBoxLayout, QWidget

from db import documents
from db.engine import Database
from db.prerequisites import Prerequisite
from db.queries.lot_detail import LotDetail
from ui.presentation.chips import StatusChip
from ui.presentation.formats import day
from ui.presentation.formats import esc as escape
from ui.presentation.palette import FAINT, MET, MISSING, MUTED, status_colours
from ui.print_output import load_pdf
from ui.reads import Reader

MET_INK = MET
MISSING_INK = MISSING
__all__ = ["StatusChip", "status_colours"]  # the stations import them from here


class LotHeader(QWidget):
    """Lot number, status, reference, supplier, supplier lot, expiry, receipt, risk class."""

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.title.setObjectName("lot_title")
        self.title.setStyleSheet("font-size:17px;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chip = StatusChip()
        self.facts = QLabel()
        self.facts.setObjectName("lot_facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.chip, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.facts, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def show_lot(self, d: LotDetail, colours: dict[str, str]) -> None:
        self.title.setText(
            f"<b>{escape(d.lot)}</b> — {escape(d.reference)} {escape(d.reference_name)}"
        )
        self.chip.show_status(d.status, colours)
        conformity = "conforming"
        if not d.receipt_conforming:
            why = escape(d.nonconformity or "")
            conformity = f"<b style='color:{MISSING_INK}'>NON-CONFORMING</b>: {why}"
        risk = d.risk_class.replace("_", " ")
        fired = ", ".join(d.risk_criteria) or "none"
        self.facts.setText(
            f"Supplier <b>{escape(d.supplier)}</b> · supplier lot <b>{escape(d.supplier_lot)}</b>"
            f" · expiry <b>{day(d.expiry)}</b><br>"
            f"Received {day(d.received_at)} by {escape(d.received_by)}"
            f" (delivery note {escape(d.delivery_note or '—')}), receipt {conformity}"
            f" · risk class <b>{escape(risk)}</b> <span style='color:{MUTED}'>"
            f"(criteria: {escape(fired.replace('_', ' '))})</span>"
        )

    def clear(self, text: str) -> None:
        self.title.setText(text)
        self.chip.clear_status()
        self.facts.setText("")


class PrerequisiteList(QWidget):
    """Every release prerequisite: a tick or a cross, the word MET or MISSING, the evidence."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, QLabel] = {}
        self.met: dict[str, bool] = {}
        self.heading = QLabel()
        self.heading.setObjectName("prerequisites_heading")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.heading)

    def show_prerequisites(self, prerequisites: list[Prerequisite]) -> None:
        for label in self.items.values():
            self._layout.removeWidget(label)
            label.setParent(None)  # gone at once (deleteLater waits for the event loop)
        self.items = {}
        self.met = {p.code: p.met for p in prerequisites}
        met = sum(1 for p in prerequisites if p.met)
        verdict = (
            "ready for release"
            if met == len(prerequisites)
            else f"{len(prerequisites) - met} missing"
        )
        self.heading.setText(
            f"<b>Release prerequisites: {met}/{len(prerequisites)} met — {verdict}</b>"
        )
        for p in prerequisites:
            label = QLabel(self._line(p))
            label.setObjectName(f"prereq_{p.code}")
            label.setWordWrap(True)
            self.items[p.code] = label
            self._layout.addWidget(label)

    @staticmethod
    def _line(p: Prerequisite) -> str:
        if p.met:
            return f"<span style='color:{MET_INK}'>✔ <b>MET</b></span> — {escape(p.detail)}"
        return f"<span style='color:{MISSING_INK}'>✘ <b>MISSING</b> — {escape(p.detail)}</span>"


class DocumentViewer(QWidget):
    """A stored PDF shown inside the application (QtPdf), or a line saying why there is none."""

    def __init__(self, empty_text: str = "Select a document to view it here.") -> None:
        super().__init__()
        self.empty_text = empty_text
        self.document_id: int | None = None
        self.caption = QLabel()
        self.caption.setObjectName("viewer_caption")
        self.caption.setWordWrap(True)
        self.view = QPdfView(self)
        self.view.setObjectName("document_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.placeholder = QLabel(empty_text)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"color:{MUTED}; border:1px dashed {FAINT}; padding:20px;")
        self._stack = QStackedLayout()
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(self._stack, 1)
        self._document: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self.reader = Reader(self)  # the stored bytes are read off the GUI thread

    def show_document(self, db: Database, document_id: int, caption: str) -> None:
        """Read the stored PDF off the GUI thread; shown when it lands (a newer choice wins)."""
        self.document_id = document_id
        self.caption.setText(f"{escape(caption)} — reading…")
        self.reader.read(
            "document",
            lambda: documents.content(db, document_id),
            lambda found: self._show(caption, *found),
            what="",
            failed=self.clear,
        )

    def _show(self, caption: str, filename: str, content: bytes) -> None:
        old = (self._document, self._buffer)
        self._document, self._buffer = load_pdf(content, self)
        self.view.setDocument(self._document)
        for item in old:
            if item is not None:
                item.deleteLater()
        self.caption.setText(f"{escape(caption)} — <b>{escape(filename)}</b>")
        self._stack.setCurrentWidget(self.view)

    def page_count(self) -> int:
        return self._document.pageCount() if self._document is not None else 0

    def clear(self, text: str | None = None) -> None:
        self.reader.stale("document")
        self.document_id = None
        self.caption.setText("")
        self.placeholder.setText(text or self.empty_text)
        self._stack.setCurrentWidget(self.placeholder)
