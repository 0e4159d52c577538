"""The scan field: a line edit that keeps what a keyboard-wedge scanner really sends.

A plain QLineEdit drops the GS control character (ASCII 29) that separates GS1 fields, and the
lot then silently swallows the next field. This field keeps GS, shows it as a visible mark,
and hands the exact text to whoever listens when the scanner's Enter arrives.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

GS = "\x1d"
GS_MARK = "␝"  # U+241D SYMBOL FOR GROUP SEPARATOR: what the person sees for GS


class ScanField(QLineEdit):
    """Emits `scanned(text)` on Enter with GS restored; clears itself for the next scan."""

    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None, placeholder: str = "Scan a barcode") -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.returnPressed.connect(self._emit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Scanners send GS as the character itself or as Ctrl+] (its control-key form).
        ctrl_bracket = (
            event.key() == Qt.Key.Key_BracketRight
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if event.text() == GS or ctrl_bracket:
            self.insert(GS_MARK)
            event.accept()
            return
        super().keyPressEvent(event)

    def raw_text(self) -> str:
        """The text with GS as the real control character, as the scanner sent it."""
        return self.text().replace(GS_MARK, GS)

    def _emit(self) -> None:
        text = self.raw_text()
        if text.strip():
            self.scanned.emit(text)
        self.clear()
