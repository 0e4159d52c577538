"""Deviations: the list, opening one, and closing one with CAPA under QA's e-signature."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.deviations import DeviationRef, close_deviation, open_deviation
from db.models import Severity
from db.queries.dashboard import DOMAIN_NAMES
from db.queries.deviation_list import DeviationRow, deviation_list
from ui.feedback import Banner
from ui.models.deviation_list import DeviationListModel
from ui.presentation.formats import esc, moment
from ui.presentation.palette import muted_style
from ui.presentation.tables import make_table
from ui.reads import Reader
from ui.record_events import ChangeFollower
from ui.services import Services
from ui.session import Session
from ui.signature_dialog import SignatureDialog

STATUS_FILTERS = {"All deviations": None, "Open only": "open", "Closed only": "closed"}


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _text_box(name: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _top(form: QFormLayout) -> QVBoxLayout:
    """A form kept at the top of its column instead of spread over the height."""
    column = QVBoxLayout()
    column.addLayout(form)
    column.addStretch(1)
    return column


class DeviationsView(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.model = DeviationListModel()
        self.table = make_table(self.model, "deviations")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.status_filter = QComboBox()
        self.status_filter.addItems(list(STATUS_FILTERS))
        self.status_filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.banner = Banner()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._detail_tab(), "&Selected deviation")
        self.tabs.addTab(self._open_tab(), "&Open a deviation (Ctrl+N)")
        QShortcut(QKeySequence("Ctrl+N"), self, self.start_new)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setSizes([330, 330])
        layout.addWidget(splitter, 1)
        self.banner.float_over(self.table)  # a list screen: no strip waits above the rows
        session.changed.connect(lambda _: self._show_selected())
        self.reader = Reader(self, self.banner.error)
        self.refresh()
        ChangeFollower(self, services.events, ("deviations",), self.refresh)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel("<b>Deviations</b> — raw materials, reagents and consumables")
        title.setStyleSheet("font-size:17px;")
        refresh = QPushButton("&Refresh (F5)")
        refresh.setShortcut(QKeySequence("F5"))
        refresh.clicked.connect(self.refresh)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.status_filter)
        row.addWidget(refresh)
        return row

    def _detail_tab(self) -> QWidget:
        tab = QWidget()
        self.detail = QLabel("Select a deviation in the list.")
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.capa = _text_box("capa", 80)
        self.capa.setPlaceholderText("Corrective and preventive action (CAPA)")
        self.close_change_control = QCheckBox("Triggered change control")
        self.close_button = QPushButton("Close with e-signature (QA)…")
        self.close_button.setObjectName("close_deviation")
        self.close_button.clicked.connect(self.close_selected)
        self.close_hint = QLabel()
        self.close_hint.setWordWrap(True)
        self.close_hint.setStyleSheet(muted_style())
        note = QLabel("The closure summary is asked for with the signature.")
        note.setStyleSheet(muted_style())
        closing = QFormLayout()
        closing.addRow(QLabel("<b>Close this deviation</b>"))
        closing.addRow("CAPA", self.capa)
        closing.addRow("", self.close_change_control)
        closing.addRow("", self.close_button)
        closing.addRow("", self.close_hint)
        closing.addRow("", note)
        row = QHBoxLayout(tab)
        row.addWidget(self.detail, 1)
        row.addLayout(_top(closing), 1)
        return tab

    def _open_tab(self) -> QWidget:
        tab = QWidget()
        self.domain = QComboBox()
        for code, name in DOMAIN_NAMES.items():
            self.domain.addItem(name, code)
        self.severity = QComboBox()
        for value in Severity:
            self.severity.addItem(value.value, value.value)
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.description = _text_box("description", 90)
        self.lots = QLineEdit()
        self.lots.setPlaceholderText("internal lot numbers, e.g. L26-000019, L26-000020")
        self.references = QLineEdit()
        self.references.setPlaceholderText("reference codes, e.g. RM-009")
        self.suppliers = QLineEdit()
        self.suppliers.setPlaceholderText("supplier names, separated by commas")
        self.change_control = QCheckBox("Triggers change control")
        self.open_button = QPushButton("Open &deviation")
        self.open_button.setObjectName("open_deviation")
        self.open_button.clicked.connect(self.open_new)
        what = QFormLayout()
        what.addRow("Domain", self.domain)
        what.addRow("Severity", self.severity)
        what.addRow("Title *", self.title)
        what.addRow("Description", self.description)
        concerns = QFormLayout()
        concerns.addRow("Lots", self.lots)
        concerns.addRow("References", self.references)
        concerns.addRow("Suppliers", self.suppliers)
        concerns.addRow("", self.change_control)
        concerns.addRow("", self.open_button)
        row = QHBoxLayout(tab)
        row.addLayout(_top(what), 1)
        row.addLayout(_top(concerns), 1)
        return tab

    # -- the list ---------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        keep = select or (self.selected().number if self.selected() else None)
        status = STATUS_FILTERS[self.status_filter.currentText()]
        db = self.services.db
        self.reader.read(
            "list",
            lambda: deviation_list(db, status=status),
            lambda rows: self._listed(rows, keep),
            what="cannot read the deviations",
        )

    def _listed(self, rows: list[DeviationRow], keep: str | None) -> None:
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep else None
        if row is not None:
            self.table.selectRow(row)
        self._show_selected()

    def selected(self) -> DeviationRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.deviation(rows[0].row()) if rows else None

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.selected()
        is_qa = self.session.has("qa")
        can_close = row is not None and row.status == "open" and is_qa
        for widget in (self.capa, self.close_change_control, self.close_button):
            widget.setEnabled(can_close)
        if row is None:
            self.detail.setText("Select a deviation in the list.")
            self.close_hint.setText("")
            return
        self.detail.setText(_describe(row))
        self.close_change_control.setChecked(row.change_control)
        if row.status == "closed":
            self.close_hint.setText(f"Closed on {moment(row.closed_at)} by {row.closed_by}.")
        elif not is_qa:
            self.close_hint.setText("Only QA closes a deviation, under e-signature.")
        else:
            self.close_hint.setText("")

    # -- opening ----------------------------------------------------------------------------

    def start_new(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.title.setFocus()

    def open_new(self) -> None:
        db, actor = self.services.db, self.session.actor
        fields = {
            "domain": self.domain.currentData(),
            "severity": self.severity.currentData(),
            "title": self.title.text(),
            "description": self.description.toPlainText(),
            "lots": _codes(self.lots.text()),
            "references": _codes(self.references.text()),
            "suppliers": _codes(self.suppliers.text()),
            "change_control": self.change_control.isChecked(),
        }
        self.services.operations.run(
            lambda: open_deviation(db, actor, **fields),
            done=self._opened,
            refused=self.banner.error,
            form=self.open_button,
        )

    def _opened(self, opened: DeviationRef) -> None:
        for field in (self.title, self.lots, self.references, self.suppliers):
            field.clear()
        self.description.clear()
        self.change_control.setChecked(False)
        self.banner.ok(f"deviation {opened.number} opened")
        self.status_filter.setCurrentIndex(0)
        self.refresh(select=opened.number)
        self.tabs.setCurrentIndex(0)

    # -- closing ----------------------------------------------------------------------------

    def make_close_dialog(self) -> SignatureDialog | None:
        """The real signature dialog for the selected deviation (None if there is nothing)."""
        row = self.selected()
        if row is None or row.status != "open":
            self.banner.error("select an open deviation to close")
            return None
        capa = self.capa.toPlainText()
        change_control = self.close_change_control.isChecked()

        def sign(password: str, closure: str) -> DeviationRef:
            return close_deviation(
                self.services.db,
                self.session.actor,
                password,
                row.number,
                closure=closure,
                capa=capa,
                change_control=change_control,
            )

        summary = (
            f"<b>{row.number}</b> — {esc(row.title)}<br>{row.domain_name}, {row.severity}"
            f"<br>CAPA: {esc(capa.strip()) or '(none recorded)'}"
            f"<br>Change control: {'yes' if change_control else 'no'}"
        )
        return SignatureDialog(
            self.session.actor,
            "Deviation closed",
            summary,
            sign,
            reason_label="Closure summary",
            reason_required=True,
            operations=self.services.operations,
            parent=self,
        )

    def close_selected(self) -> None:
        dialog = self.make_close_dialog()
        if dialog is None:
            return
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            closed: DeviationRef = dialog.result_value
            self.capa.clear()
            self.banner.ok(f"deviation {closed.number} closed under signature")
            self.refresh(select=closed.number)
        self.table.setFocus()


def _describe(row: DeviationRow) -> str:
    links = [
        ("Lots", row.lots),
        ("References", row.references),
        ("Suppliers", row.suppliers),
    ]
    parts = [
        f"<p style='font-size:15px'><b>{row.number}</b> — {esc(row.title)}</p>",
        f"<p><b>{row.domain_name}</b> · severity <b>{row.severity}</b> · "
        f"<b>{row.status.upper()}</b>"
        + (" · change control" if row.change_control else "")
        + "</p>",
        f"<p>Opened {moment(row.opened_at)} by {esc(row.opened_by)}</p>",
    ]
    if row.description:
        parts.append(f"<p>{esc(row.description)}</p>")
    for name, values in links:
        if values:
            parts.append(f"<p><b>{name}:</b> {esc(', '.join(values))}</p>")
    if row.capa:
        parts.append(f"<p><b>CAPA:</b> {esc(row.capa)}</p>")
    if row.closure:
        parts.append(
            f"<p><b>Closure:</b> {esc(row.closure)}<br>Closed {moment(row.closed_at)} by "
            f"{esc(row.closed_by or '')}</p>"
        )
    return "".join(parts)
