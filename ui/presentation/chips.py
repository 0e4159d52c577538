"""A status as a word on its colour: the one chip, as a label or painted in a table cell.

Colour is never the only signal: every chip carries its word (ON HOLD, EXPIRED...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QWidget

from ui.presentation.palette import STATUS_WORDS, ink, status_colour

CHIP_RADIUS = 4


def chip_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def chip_style(status: str, colours: Mapping[str, str] | None = None) -> str:
    """A style sheet for a QLabel showing one status (a header's chip, a preference swatch)."""
    background = status_colour(status, colours)
    return (
        f"QLabel {{ background:{background}; color:{ink(background)}; font-weight:bold; "
        f"padding:2px 10px; border:1px solid #222; border-radius:{CHIP_RADIUS}px; }}"
    )


class StatusChip(QLabel):
    """One status, as a word on its colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_chip")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def show_status(self, status: str, colours: Mapping[str, str] | None = None) -> None:
        self.setText(chip_word(status))
        self.setStyleSheet(chip_style(status, colours))

    def clear_status(self) -> None:
        self.setText("")
        self.setStyleSheet("")


def paint_chips(
    painter: QPainter, rect: QRect, words: Iterable[tuple[str, str]], font_scale: float = 0.85
) -> None:
    """Chips (word, background) left to right in `rect`; those that do not fit are left out."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setBold(True)
    font.setPointSizeF(max(6.0, font.pointSizeF() * font_scale))
    painter.setFont(font)
    metrics = QFontMetrics(font)
    x = rect.x() + 4
    height = min(rect.height() - 4, metrics.height() + 4)
    y = rect.y() + (rect.height() - height) // 2
    for word, colour in words:
        width = metrics.horizontalAdvance(word) + 10
        if x + width > rect.right():
            break
        box = QRect(x, y, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(box, CHIP_RADIUS, CHIP_RADIUS)
        painter.setPen(QColor(ink(colour)))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, word)
        x += width + 4
    painter.restore()


def chip_words(
    status: str, badges: Iterable[str], colours: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """The status chip then its badges (EXPIRED, DEPLETED), each with its colour."""
    words = [(chip_word(status), status_colour(status, colours))]
    return words + [(badge, status_colour(badge, colours)) for badge in badges]
