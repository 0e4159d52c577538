"""Deviations by UNITC domain as horizontal stacked bars (open + closed), drawn with QPainter.

One bar per domain, in the survey's order: the open part first (needs QA), the closed part
after it, each with its count, and the total at the bar's end. No QtCharts: a few rectangles
and words read better at a glance, and print the same on every platform.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from db.queries.dashboard import DomainCount
from ui.presentation import palette

OPEN_COLOUR = QColor(palette.CHART_OPEN)
CLOSED_COLOUR = QColor(palette.CHART_CLOSED)
TEXT_COLOUR = QColor(palette.CHART_TEXT)
LABEL_SHARE = 0.38  # of the width, for the domain names


class DeviationChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: list[DomainCount] = []
        self.setObjectName("deviation_chart")
        self.setMinimumSize(380, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_counts(self, counts: list[DomainCount]) -> None:
        self.counts = list(counts)
        summary = "; ".join(f"{c.name}: {c.open} open, {c.closed} closed" for c in counts)
        self.setToolTip(summary)
        self.setAccessibleDescription("Deviations by domain. " + summary)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(palette.WHITE))
        width, height = self.width(), self.height()
        self._title(painter, width)
        top, legend = 40.0, 34.0
        rows = max(1, len(self.counts))
        slot = (height - top - legend) / rows
        biggest = max((c.total for c in self.counts), default=0) or 1
        left = width * LABEL_SHARE
        scale = (width - left - 56) / biggest  # room at the right for the total
        painter.setPen(QColor(palette.CHART_AXIS))
        painter.drawLine(int(left), int(top), int(left), int(height - legend))
        for i, count in enumerate(self.counts):
            self._bar(painter, count, QRectF(0, top + i * slot, width, slot), left, scale)
        self._legend(painter, height - legend + 8)
        painter.end()

    def _title(self, painter: QPainter, width: int) -> None:
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.setPen(TEXT_COLOUR)
        total_open = sum(c.open for c in self.counts)
        total = sum(c.total for c in self.counts)
        painter.drawText(
            QRectF(8, 6, width - 16, 26),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"Deviations by domain — {total} recorded, {total_open} open",
        )

    def _bar(
        self, painter: QPainter, count: DomainCount, row: QRectF, left: float, scale: float
    ) -> None:
        painter.setFont(self.font())
        painter.setPen(TEXT_COLOUR)
        painter.drawText(
            QRectF(8, row.top(), left - 16, row.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            count.name,
        )
        bar_height = min(34.0, row.height() * 0.6)
        y = row.top() + (row.height() - bar_height) / 2
        x = left
        for value, colour in ((count.open, OPEN_COLOUR), (count.closed, CLOSED_COLOUR)):
            if value:
                segment = QRectF(x, y, value * scale, bar_height)
                painter.fillRect(segment, colour)
                if segment.width() >= 22:
                    painter.setPen(QColor(palette.ink(colour.name())))  # legible on its bar
                    painter.drawText(segment, Qt.AlignmentFlag.AlignCenter, str(value))
                x += segment.width()
        painter.setPen(TEXT_COLOUR)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(
            QRectF(x + 6, y, 50, bar_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            str(count.total),
        )

    def _legend(self, painter: QPainter, y: float) -> None:
        painter.setFont(self.font())
        x = self.width() * LABEL_SHARE
        for text, colour in (("open", OPEN_COLOUR), ("closed", CLOSED_COLOUR)):
            painter.fillRect(QRectF(x, y + 3, 14, 14), colour)
            painter.setPen(TEXT_COLOUR)
            painter.drawText(QRectF(x + 20, y, 80, 20), Qt.AlignmentFlag.AlignVCenter, text)
            x += 100
