"""The Qt binding must not corrupt reference counts: PySide6 6.12.0 on CPython 3.11 loses a
reference to None on every void call (and to True on every emit) and the interpreter aborts
after a few thousand, i.e. within a working day at a bench. pyproject pins below it; this test
fails if a future upgrade brings the fault back."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal(object)

    def slot(self, value: object) -> None:
        self.last = value


def _drift(action) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    gc.collect()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        action()
    gc.collect()
    return sys.getrefcount(None) - before[0], sys.getrefcount(True) - before[1]


def test_void_calls_and_emits_keep_reference_counts(qtbot: QtBot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    emitter = _Emitter()
    emitter.fired.connect(emitter.slot)
    assert _drift(field.clear)[0] > -100
    assert _drift(lambda: emitter.fired.emit(None))[1] > -100
    assert _drift(lambda: emitter.fired.emit(True))[1] > -100
