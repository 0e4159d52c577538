"""Catalog and suppliers: each reference's risk class with the criteria that fired, its backup
(and whether the backup's supplier is qualified), minimum and released stock; the suppliers'
qualification and audits.

Keyboard: Ctrl+F search; Alt+K risk class; Alt+N needs attention; F5 reload; the panel below
the list explains the current reference.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.queries.catalog_list import (
    RISK_CLASSES,
    ReferenceRow,
    SupplierRow,
    reference_matches,
    references,
    supplier_matches,
    suppliers,
)
from ui.catalog_editing import CatalogEditing
from ui.feedback import Banner
from ui.models.catalog_list import CatalogListModel, backup_tooltip, risk_text
from ui.models.supplier_list import SupplierListModel
from ui.presentation.formats import esc
from ui.presentation.palette import MISSING, RISK_COLOURS, SOFT_TEXT, coloured_html
from ui.presentation.tables import make_table
from ui.reads import Reader
from ui.record_events import ChangeFollower
from ui.services import Services
from ui.session import Session

REFERENCE_WIDTHS = (62, 235, 72, 225, 165, 38, 48, 85, 140, 122, 45, 90)
SUPPLIER_WIDTHS = (165, 58, 105, 180)


# A reference's row shows its supplier, risk, stock and alerts.
CATALOG_TABLES = ("material_references", "suppliers", "lots", "containers", "settings")


class CatalogView(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.all_references: list[ReferenceRow] = []
        self.all_suppliers: list[SupplierRow] = []
        self._current: str | None = None  # the reference code chosen
        self.banner = Banner(sound=services.preferences.load().sound)
        self.reader = Reader(self, self._failed)
        self.references = CatalogListModel()
        self.suppliers = SupplierListModel()
        self._make_widgets()
        self._layout()
        self._connect()
        self.reload()
        ChangeFollower(self, services.events, CATALOG_TABLES, self.reload)

    def _make_widgets(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            "Search: code, name, supplier, GTIN, category or criterion (Ctrl+F)"
        )
        self.risk = QComboBox()
        self.risk.setObjectName("risk")
        self.risk.addItem("Every risk class", "")
        for risk in RISK_CLASSES:
            self.risk.addItem(risk.replace("_", " "), risk)
        self.attention = QCheckBox("&Needs attention (no qualified backup, below minimum)")
        self.attention.setObjectName("attention")
        self.reload_button = QPushButton("Reload (F5)")
        self.editing = CatalogEditing(
            self.services, self.session, self.banner,
            reference=lambda: self._current, supplier=self._chosen_supplier,
        )  # fmt: skip
        self.count = QLabel()
        self.count.setObjectName("count")
        self.reference_table = make_table(self.references, "references", widths=REFERENCE_WIDTHS)
        self.supplier_table = make_table(self.suppliers, "suppliers", widths=SUPPLIER_WIDTHS)
        self.explain = QLabel("Choose a reference to see why it has its risk class.")
        self.explain.setObjectName("explain")
        self.explain.setWordWrap(True)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        risk_label = QLabel("Ris&k")
        risk_label.setBuddy(self.risk)
        bar.addWidget(risk_label)
        bar.addWidget(self.risk)
        bar.addWidget(self.attention)
        bar.addWidget(self.count, 1)
        bar.addWidget(self.reload_button)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        explain_box = QWidget()
        column = QVBoxLayout(explain_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Selected reference</b>"))
        column.addWidget(self.explain, 1)
        suppliers_box = QWidget()
        column = QVBoxLayout(suppliers_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Suppliers</b>"))
        column.addWidget(self.supplier_table, 1)
        bottom.addWidget(explain_box)
        bottom.addWidget(suppliers_box)
        bottom.setSizes([700, 660])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.reference_table)
        split.addWidget(bottom)
        split.setSizes([420, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.editing)
        layout.addWidget(split, 1)
        self.banner.float_over(self.reference_table)  # a list screen: no strip waits above the rows

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _: self.apply_filter())
        self.risk.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.attention.toggled.connect(lambda _: self.apply_filter())
        self.reload_button.clicked.connect(self.reload)
        QShortcut(QKeySequence("F5"), self, self.reload)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.reference_table.selectionModel().currentRowChanged.connect(
            lambda current, _: self._explain(current.row())
        )

    # -- data -------------------------------------------------------------------------------
    def reload(self) -> None:
        db = self.services.db
        self.count.setText("Loading…")
        self.reader.read(
            "load",
            lambda: (references(db), suppliers(db)),
            self._loaded,
            what="cannot read the catalog",
        )

    def _loaded(self, found: tuple[list[ReferenceRow], list[SupplierRow]]) -> None:
        self.all_references, self.all_suppliers = found
        self.apply_filter()

    def _failed(self, message: str) -> None:
        self.count.setText("Not up to date.")
        self.banner.error(message)

    def apply_filter(self) -> None:
        """The catalog is small (tens to hundreds of rows): filtering is done in memory."""
        text, risk = self.search.text(), self.risk.currentData()
        shown = [
            r
            for r in self.all_references
            if reference_matches(r, text, risk)
            and (not self.attention.isChecked() or r.backup_problem or r.below_minimum)
        ]
        self.references.set_rows(shown)
        self.suppliers.set_rows([s for s in self.all_suppliers if supplier_matches(s, text)])
        if not shown:
            self.explain.setText("No reference matches.")
        self.count.setText(
            f"{len(shown)} of {len(self.all_references)} reference(s); "
            f"{sum(s.audit_overdue for s in self.all_suppliers)} supplier audit(s) overdue"
        )
        if shown:
            codes = [r.code for r in shown]
            row = codes.index(self._current) if self._current in codes else 0
            self.reference_table.selectRow(row)  # the reference looked at stays chosen
            self._explain(row)

    def _chosen_supplier(self) -> str | None:
        rows = self.supplier_table.selectionModel().selectedRows()
        return self.suppliers.row_at(rows[0].row()).name if rows else None

    def _explain(self, row: int) -> None:
        if not 0 <= row < self.references.rowCount():
            return
        self._current = self.references.row_at(row).code
        self.explain.setText(explanation_html(self.references.row_at(row)))


def explanation_html(r: ReferenceRow) -> str:
    colour = RISK_COLOURS.get(r.risk_class, SOFT_TEXT)
    criteria = "".join(f"<li>{esc(text)}</li>" for text in r.criteria_descriptions)
    problems = [p for p in (r.backup_problem,) if p]
    if r.below_minimum:
        problems.append(f"released stock {r.released_stock} below the minimum {r.min_stock}")
    attention = f"<b>Needs attention:</b> {esc('; '.join(problems))}"
    warning = f"<p>{coloured_html(attention, MISSING)}</p>" if problems else ""
    backup = esc(backup_tooltip(r)).replace("\n", "<br>")
    return (
        f"<p><b>{esc(r.code)}</b> {esc(r.name)}<br>"
        f"Risk class <b style='color:{colour}'>{risk_text(r)}</b>: {esc(r.risk_explanation)}</p>"
        f"<p>Criteria that fired:</p><ul>{criteria or '<li>none</li>'}</ul>"
        f"<p>Backup: {backup}</p>{warning}"
    )
