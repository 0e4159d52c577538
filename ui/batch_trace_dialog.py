"""Traceability from a batch: every container it used, of which lot (db.trace.batch_to_lots)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from db.trace import TraceLine, distinct
from ui.models.row_table import Column, RowTable
from ui.presentation import formats, make_table

TRACE_COLUMNS = [
    Column[TraceLine]("Lot", lambda t: t.lot),
    Column[TraceLine]("Reference", lambda t: f"{t.reference} — {t.reference_name}"),
    Column[TraceLine]("Supplier lot", lambda t: t.supplier_lot),
    Column[TraceLine]("Container", lambda t: t.container),
    Column[TraceLine]("Quantity", lambda t: formats.quantity(t.quantity), right=True),
    Column[TraceLine]("Used", lambda t: f"{formats.moment(t.dispensed_at)} by {t.dispensed_by}"),
    Column[TraceLine]("FEFO override", lambda t: t.fefo_override or ""),
]


class BatchTraceDialog(QDialog):
    """Double-click (or Enter on) a line to show its lot in the inventory's detail panel."""

    lot_chosen = Signal(str)

    def __init__(self, batch: str, lines: list[TraceLine], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Batch {batch}: lots used")
        self.resize(1180, 460)  # fits on 1366 x 768 with every column readable
        lots = distinct([line.lot for line in lines])
        summary = QLabel(
            f"Batch <b>{batch}</b> used {len(lines)} container(s) from {len(lots)} lot(s). "
            "Double-click a line (or press Enter) to show its lot."
        )
        summary.setObjectName("summary")
        summary.setWordWrap(True)
        self.model = RowTable[TraceLine](TRACE_COLUMNS, lines)
        self.table = make_table(self.model, "trace_lines", wrap=True)  # long names in full
        self.table.activated.connect(self._choose)  # Enter, or double-click
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        for column, width in enumerate((110, 320, 120, 140, 80, 240)):
            self.table.setColumnWidth(column, width)
        if lines:
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choose(self, index: QModelIndex) -> None:
        if index.isValid():
            self.lot_chosen.emit(self.model.row_at(index.row()).lot)
