"""Status pills in the inventory: the status in its label colour, then EXPIRED / DEPLETED.

Colour is never the only signal: every pill carries its word. The pills are the app's one
chip (ui.presentation.chips), in the label colours overridden by the workstation's preferences.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.models.lot_list import STATUS_ROLE
from ui.presentation.chips import chip_words, paint_chips
from ui.presentation.palette import status_colours

Index = QModelIndex | QPersistentModelIndex


class StatusBadgeDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None, colours: Mapping[str, str] | None = None):
        super().__init__(parent)
        self.colours = status_colours(colours)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(STATUS_ROLE)
        if not value:
            super().paint(painter, option, index)
            return
        status, badges = value
        style = option.widget.style() if option.widget else None
        if style is not None:  # selection and focus background, without the text
            plain = QStyleOptionViewItem(option)
            self.initStyleOption(plain, index)
            plain.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        paint_chips(painter, option.rect, chip_words(status, badges, self.colours))

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 40, hint.height())
