"""The one way a list is shown: a read-only table of whole rows, configured the house way."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

ROW_PADDING = 8  # pixels above and below the text of a row


def row_height(widget: QWidget) -> int:
    """A row tall enough for the widget's font, and no taller: more rows fit on 768 px."""
    return max(22, widget.fontMetrics().height() + ROW_PADDING)


def make_table(
    model: QAbstractItemModel | None,
    name: str,
    *,
    widths: tuple[int, ...] = (),
    sortable: bool = False,
    single: bool = True,
    wrap: bool = False,
    editable: bool = False,
    parent: QWidget | None = None,
) -> QTableView:
    """Whole rows selected, alternating colours, last column stretched, never edited in place
    (unless `editable`: a short list a person types into, such as the scanner's substitutes).

    `wrap` lets a row grow to show long text in full (alerts, history); otherwise rows keep one
    height and the cell's full text is in its tooltip (RowTable gives one by default).
    """
    table = QTableView(parent)
    table.setObjectName(name)
    if model is not None:
        table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.SingleSelection
        if single
        else QAbstractItemView.SelectionMode.ExtendedSelection
    )
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
        if editable
        else QAbstractItemView.EditTrigger.NoEditTriggers
    )
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(sortable)
    table.setWordWrap(wrap)
    vertical = table.verticalHeader()
    vertical.hide()
    vertical.setMinimumSectionSize(row_height(table) - ROW_PADDING // 2)
    vertical.setDefaultSectionSize(row_height(table))
    if wrap:  # rows as tall as their text, computed once the model is filled
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def visible_rows(table: QTableView) -> int:
    """How many whole rows the table shows at its current size."""
    height = table.verticalHeader().defaultSectionSize()
    return table.viewport().height() // height if height > 0 else 0
