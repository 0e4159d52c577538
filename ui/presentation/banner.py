"""Unmistakable success and failure: a coloured banner with words, and a sound.

The banner's space is reserved: showing, changing or hiding a message never moves a field
under the person's pointer or the scanner's focus. A message longer than the reserved lines
is cut at the bottom and given in full in the tooltip (and stays selectable).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget

from ui.presentation.palette import ERROR, INFO, INFO_BACKGROUND, OK, WARNING, ink

FONT_PX = 15
LARGE_PX = 22  # a receipt's confirmation, read from across the bench
MARGIN = 10
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
        self.show_message("info", "")

    def show_message(self, kind: str, text: str, *, large: bool = False) -> None:
        self.kind = kind
        size = f"font-size:{LARGE_PX}px; font-weight:bold;" if large else f"font-size:{FONT_PX}px;"
        self.setStyleSheet(f"QLabel {{ {STYLES[kind]} {size} border-radius:4px; }}")
        self.setText(text)
        self.setToolTip(_plain(text))
        self.setVisible(bool(text))
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
