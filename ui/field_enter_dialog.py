"""A dialog whose fields act on Enter themselves, so Enter never acts twice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog


class FieldEnterDialog(QDialog):
    """QDialogButtonBox makes OK the default button once shown, so a plain Enter in a field
    that already acts on Enter (sign in, sign) would press it too: after a refusal the second
    attempt would use the cleared password and count as one more failed attempt."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not plain:
            event.accept()
            return
        super().keyPressEvent(event)
