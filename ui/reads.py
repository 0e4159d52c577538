"""The one way screens read the record off the GUI thread (the reading half of
ui/operations.py).

A screen owns one `Reader`. Each read has a name ("queue", "load", "page"…): starting a read
makes any earlier read of the same name stale, and a stale answer is dropped when it arrives,
even if it arrives after the newer one (reads finish in any order on the thread pool). The
reader keeps its jobs alive itself, so no screen holds a dictionary of jobs, and a failure is
said in one sentence ("cannot read the catalog: …"), never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from db.errors import Refused
from ui.workers import run_in_background

T = TypeVar("T")
SLOW_READ_MS = 300  # a screen waiting longer than this on a read says what it is reading


def in_words(error: Exception) -> str:
    """What went wrong, for a person: the workflow's refusal, or the kind of error."""
    if isinstance(error, Refused):
        return error.message
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


class Reader(QObject):
    finished = Signal()  # every read, whatever its outcome or staleness (tests wait on it)

    def __init__(self, owner: QObject, report: Callable[[str], None] | None = None) -> None:
        """`report` shows a failure (a banner's `error`, say) when a read names no `failed`."""
        super().__init__(owner)
        self.report = report
        self._latest: dict[str, int] = {}
        self._jobs: dict[int, object] = {}
        self._next = 0

    @property
    def idle(self) -> bool:
        return not self._jobs

    def busy(self, name: str) -> bool:
        """Whether the latest read called `name` is still running."""
        return self._latest.get(name) in self._jobs

    def read(
        self,
        name: str,
        work: Callable[[], T],
        done: Callable[[T], None],
        *,
        what: str = "cannot read the record",
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run `work` on a worker thread; `done` gets its answer if no newer `name` read was
        started meanwhile. On failure `failed` (else `report`) gets "{what}: {reason}"
        (the reason alone if `what` is empty)."""
        self._next += 1
        number = self._next
        self._latest[name] = number
        self._jobs[number] = run_in_background(
            work,
            lambda result: self._land(name, number, lambda: done(result)),
            lambda error: self._land(name, number, lambda: self._fail(what, error, failed)),
            owner=self,
        )

    def stale(self, name: str) -> None:
        """Whatever `name` read is running, its answer is no longer wanted."""
        self._next += 1
        self._latest[name] = self._next

    def _land(self, name: str, number: int, deliver: Callable[[], Any]) -> None:
        self._jobs.pop(number, None)
        try:
            if self._latest.get(name) == number:
                deliver()
        finally:
            self.finished.emit()

    def _fail(self, what: str, error: Exception, failed: Callable[[str], None] | None) -> None:
        sink = failed or self.report
        if sink is not None:
            sink(f"{what}: {in_words(error)}" if what else in_words(error))
