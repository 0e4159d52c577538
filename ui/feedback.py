"""Unmistakable success and failure: a coloured banner with words, and a sound."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

STYLES = {
    "ok": "background:#1b7f3b; color:white;",
    "error": "background:#b3261e; color:white;",
    "warning": "background:#f0b400; color:black;",
    "info": "background:#e8eef7; color:#17324d;",
}


class Banner(QLabel):
    """One line of feedback. Colour is never the only signal: the text starts with a word."""

    def __init__(self, parent: QWidget | None = None, *, sound: bool = True) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMargin(10)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sound = sound
        self.kind = "info"
        self.show_message("info", "")

    def show_message(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setStyleSheet(f"QLabel {{ {STYLES[kind]} font-size: 15px; border-radius: 4px; }}")
        self.setText(text)
        self.setVisible(bool(text))
        if kind == "error" and self.sound:
            QApplication.beep()

    def ok(self, text: str) -> None:
        self.show_message("ok", f"OK — {text}")

    def error(self, text: str) -> None:
        self.show_message("error", f"REFUSED — {text}")

    def warning(self, text: str) -> None:
        self.show_message("warning", f"WARNING — {text}")
