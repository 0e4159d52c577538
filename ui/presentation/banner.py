"""Unmistakable success and failure: a coloured banner with words, and a sound.

Showing, changing or hiding a message never moves a field under the person's pointer or the
scanner's focus. Two ways, chosen by the screen:
- on a form station (receiving, production, decision) the banner's space is reserved in the
  layout: a message longer than the reserved lines is cut at the bottom and given in full in
  the tooltip (and stays selectable);
- on a list or view screen (`float_over`) the banner takes no layout space: it floats over
  the top of the list while it has something to say, so no empty strip waits above the rows.
  A click closes it; a success goes away by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsDropShadowEffect,
    QLabel,
    QSizePolicy,
    QWidget,
)

from ui.presentation.palette import ERROR, INFO, INFO_BACKGROUND, OK, WARNING, ink

FONT_PX = 15
LARGE_PX = 22  # a receipt's confirmation, read from across the bench
MARGIN = 10
OK_SHOWN_MS = 8000  # a floating success, long enough to read; a refusal stays until closed
# kind -> (background, text)
COLOURS = {
    "ok": (OK, ink(OK)),
    "error": (ERROR, ink(ERROR)),
    "warning": (WARNING, ink(WARNING)),
    "info": (INFO_BACKGROUND, INFO),
}
STYLES = {kind: f"background:{bg}; color:{fg};" for kind, (bg, fg) in COLOURS.items()}


def reserved_height(lines: int) -> int:
    font = QFont(QApplication.font())
    font.setPixelSize(FONT_PX)
    return lines * QFontMetrics(font).lineSpacing() + 2 * MARGIN + 4


class Banner(QLabel):
    """One message. Colour is never the only signal: the text starts with a word."""

    def __init__(self, parent: QWidget | None = None, *, sound: bool = True, lines: int = 2):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMargin(MARGIN)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sound = sound
        self.kind = "info"
        self.lines = lines
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # hidden, it still holds its place
        self.setSizePolicy(policy)
        self.setFixedHeight(reserved_height(lines))
        self.anchor: QWidget | None = None
        self.fade = QTimer(self)
        self.fade.setSingleShot(True)
        self.fade.timeout.connect(self.clear_message)
        self.show_message("info", "")

    def float_over(self, anchor: QWidget) -> None:
        """Float over the top of `anchor` (a list) instead of holding a strip of the layout."""
        self.anchor = anchor
        self.setParent(anchor)
        self.setMinimumHeight(0)
        self.setMaximumHeight(reserved_height(self.lines))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # a click closes
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        shadow = QGraphicsDropShadowEffect(self)  # it lies over the list, and looks it
        shadow.setBlurRadius(14)
        shadow.setOffset(0, 3)
        shadow.setColor(QColor(0, 0, 0, 110))
        self.setGraphicsEffect(shadow)
        anchor.installEventFilter(self)
        self.show_message(self.kind, self.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.anchor and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.anchor is None:
            super().mousePressEvent(event)
        else:
            self.clear_message()

    def _place(self) -> None:
        """Across the top of the anchor, as tall as the message (up to the reserved lines)."""
        if self.anchor is None:
            return
        width = self.anchor.width()
        height = min(self.heightForWidth(width), reserved_height(self.lines))
        self.setGeometry(0, 0, width, max(height, reserved_height(1)))
        self.raise_()

    def show_message(self, kind: str, text: str, *, large: bool = False) -> None:
        self.kind = kind
        size = f"font-size:{LARGE_PX}px; font-weight:bold;" if large else f"font-size:{FONT_PX}px;"
        self.setStyleSheet(f"QLabel {{ {STYLES[kind]} {size} border-radius:4px; }}")
        self.setText(text)
        self.setToolTip(_plain(text) + (" (click to close)" if text and self.anchor else ""))
        self._place()
        self.setVisible(bool(text))
        self.fade.stop()
        if self.anchor is not None and kind == "ok":
            self.fade.start(OK_SHOWN_MS)
        if kind == "error" and self.sound:
            QApplication.beep()

    def ok(self, text: str, *, large: bool = False) -> None:
        self.show_message("ok", f"OK — {text}", large=large)

    def error(self, text: str) -> None:
        self.show_message("error", f"REFUSED — {text}")

    def warning(self, text: str) -> None:
        self.show_message("warning", f"WARNING — {text}")

    def clear_message(self) -> None:
        self.show_message("info", "")

    def clear_refusal(self) -> None:
        """A refusal about what is no longer shown (another lot, a changed one) goes away."""
        if self.kind == "error":
            self.clear_message()


def _plain(text: str) -> str:
    """The tooltip repeats the message (whole, if the banner had to cut it), without markup."""
    if "<" not in text:  # plain text: as it is
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()
