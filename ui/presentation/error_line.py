"""A refusal said in place, under a dialog's fields (dialogs have no banner)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.presentation.palette import error_text_style


class ErrorLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setStyleSheet(error_text_style())
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.show()
