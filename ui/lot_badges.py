"""Status pills in the inventory: the status in its label colour, then EXPIRED / DEPLETED.

Colour is never the only signal: every pill carries its word. The colours are the label
colours (labels.status_style, overridden by the workstation's preferences), so the screen
and the container labels agree.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from labels.status_style import DEFAULT_COLOURS, STATUS_WORDS
from ui.models.lot_list import STATUS_ROLE

BADGE_COLOURS = {"EXPIRED": "#8e1b13", "DEPLETED": "#5f6368"}
Index = QModelIndex | QPersistentModelIndex


def status_colours(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    chosen = dict(DEFAULT_COLOURS)
    for status, colour in (overrides or {}).items():
        key = "_".join(status.strip().upper().split())
        if key in chosen and QColor(colour).isValid():
            chosen[key] = colour
    return chosen


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    colour = QColor(background)
    luminance = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
    return "#000000" if luminance > 150 else "#ffffff"


def pill_style(status: str, colours: Mapping[str, str] | None = None) -> str:
    """A style sheet for a QLabel showing one status (the detail panel's header)."""
    background = status_colours(colours).get(status, BADGE_COLOURS.get(status, "#5f6368"))
    return (
        f"background:{background}; color:{text_colour(background)}; font-weight:bold;"
        "border-radius:4px; padding:2px 8px;"
    )


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
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        font.setBold(True)
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        x = option.rect.x() + 4
        height = min(option.rect.height() - 4, metrics.height() + 4)
        y = option.rect.y() + (option.rect.height() - height) // 2
        words = [(STATUS_WORDS.get(status, status), self.colours.get(status, "#5f6368"))]
        words += [(badge, BADGE_COLOURS[badge]) for badge in badges]
        for word, colour in words:
            width = metrics.horizontalAdvance(word) + 10
            if x + width > option.rect.right():
                break
            box = QRect(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor(text_colour(colour)))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, word)
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 40, hint.height())
