"""Slow work off the GUI thread: run a function in the thread pool, get the result back."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, shown to the user
            self._deliver(self.signals.failed, exc)
        else:
            self._deliver(self.signals.done, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        # RuntimeError: the widget that asked was closed meanwhile; nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    *,
    owner: QObject | None = None,
) -> _Job:
    """Queue `work`; its result (or exception) comes back on the GUI thread.

    The returned job keeps the signals alive until it finishes; keep a reference while needed.
    """
    job = _Job(work)
    job.signals.done.connect(on_done)
    job.signals.failed.connect(on_failed)
    if owner is not None:
        job.signals.setParent(owner)
    QThreadPool.globalInstance().start(job)
    return job
