"""Acting on modal dialogs the code under test opens (and blocks on) with exec()."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(act: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog as soon as it is shown."""

    def attempt() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, attempt)
            return
        act(modal)

    QTimer.singleShot(0, attempt)


def when_modal_safely(act: Callable[[QWidget], None]) -> None:
    """As `when_modal`, but a failing check inside `act` closes the dialog (the test then
    fails on the exception, which pytest-qt reports) instead of leaving exec() waiting."""

    def guarded(modal: QWidget) -> None:
        try:
            act(modal)
        except BaseException:
            if modal.isVisible():
                modal.close()
            raise

    when_modal(guarded)
