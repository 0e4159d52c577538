"""The one door for the application's writes (the pattern of Anki's `aqt.operations`).

A write runs its `db/` workflow on a worker thread while the acting form is disabled, so the
window keeps answering (argon2 and a transaction take a good part of a second); its outcome
comes back on the GUI thread to `done` or, refused, to `refused` with the workflow's message;
then the record's change is announced once (`RecordEvents.written`), and every screen that
shows what changed reads it again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from db.errors import Refused
from ui.record_events import RecordEvents
from ui.workers import run_in_background

T = TypeVar("T")


class Operations(QObject):
    started = Signal()
    finished = Signal()  # every run, whatever its outcome (tests wait on it)

    def __init__(self, events: RecordEvents) -> None:
        super().__init__()
        self.events = events
        self._running: dict[int, tuple[object, tuple[QWidget, ...]]] = {}
        self._next = 0

    @property
    def idle(self) -> bool:
        return not self._running

    def run(
        self,
        work: Callable[[], T],
        *,
        done: Callable[[T], None],
        refused: Callable[[str], None],
        form: QWidget | tuple[QWidget, ...] | None = None,
    ) -> None:
        """Run a write. `refused` gets the one message to show (a refusal, or an unexpected
        error said in words); `done` gets the workflow's result. `form` (a widget or several)
        is disabled meanwhile."""
        self._next += 1
        number = self._next
        forms = form if isinstance(form, tuple) else (() if form is None else (form,))
        # Once the event that started it is handled (a key's release still reaches it).
        QTimer.singleShot(0, lambda: self._enable(number, forms, on=False))
        job = run_in_background(
            work,
            lambda result: self._done(number, result, done),
            lambda error: self._failed(number, error, refused),
            owner=self,
        )
        self._running[number] = (job, forms)
        self.started.emit()

    def _enable(self, number: int, forms: tuple[QWidget, ...], *, on: bool) -> None:
        if on or number in self._running:
            for widget in forms:
                with contextlib.suppress(RuntimeError):  # the form was closed meanwhile
                    widget.setEnabled(on)

    def _end(self, number: int) -> None:
        _, forms = self._running.pop(number, (None, ()))
        self._enable(number, forms, on=True)

    def _done(self, number: int, result: Any, done: Callable[[Any], None]) -> None:
        self._end(number)
        try:
            done(result)
        finally:
            self.events.written.emit()
            self.finished.emit()

    def _failed(self, number: int, error: Exception, refused: Callable[[str], None]) -> None:
        self._end(number)
        try:
            if isinstance(error, Refused):
                refused(error.message)
            else:
                refused(f"the change could not be made ({type(error).__name__}); nothing was saved")
        finally:
            self.finished.emit()
