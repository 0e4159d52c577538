"""One "record changed" signal for every screen, fed by this workstation's writes and by the
others' (db/change_feed.py), so that no list shows an old truth.

Screens connect to `RecordEvents.changed` and refresh what the change touches, keeping their
selection and scroll. The watcher asks the feed every POLL_MS whether anything was committed
(no database read), and only then reads what changed, off the GUI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from db.change_feed import ChangeFeed, RecordChange
from db.engine import Database
from ui.workers import run_in_background

POLL_MS = 700  # another workstation's change shows within about a second


class RecordEvents(QObject):
    changed = Signal(object)  # RecordChange
    written = Signal()  # this workstation committed a change: look at once, not at the next poll

    def announce(self, change: RecordChange) -> None:
        self.changed.emit(change)


class RecordWatcher(QObject):
    """Watches the record for commits from anywhere and announces what they touched."""

    def __init__(self, db: Database, events: RecordEvents, *, poll_ms: int = POLL_MS) -> None:
        super().__init__(events)
        self.events = events
        self.feed = ChangeFeed(db)
        self._reading = False
        self._again = False
        self._job: object | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        events.written.connect(self.poll_now)

    def poll(self) -> None:
        try:
            signalled = self.feed.signalled()
        except Exception:  # noqa: BLE001 - a lost listener: look at the head instead
            signalled = True
        if signalled:
            self.poll_now()

    def _read(self, change: RecordChange | None) -> None:
        self._reading = False
        if change is not None:
            self.events.announce(change)
        if self._again:
            self._again = False
            self.poll_now()

    def _unread(self, _error: Exception) -> None:
        self._reading = False  # the next commit, or the next poll, tries again

    def poll_now(self) -> None:
        """Read what changed now (after this workstation's own write, say)."""
        if self._reading:
            self._again = True  # once more when the current read is done
            return
        self._reading = True
        self._job = run_in_background(self.feed.since, self._read, self._unread, owner=self)

    def stop(self) -> None:
        self.timer.stop()
        with contextlib.suppress(Exception):
            self.feed.close()


class ChangeFollower(QObject):
    """Calls `refresh` (once, shortly after a burst) when a change touches `tables`
    (None: any change). Parented to its screen: it goes when the screen goes."""

    def __init__(
        self,
        owner: QObject,
        events: RecordEvents,
        tables: tuple[str, ...] | None,
        refresh: Callable[[], None],
        *,
        delay_ms: int = 150,
    ) -> None:
        super().__init__(owner)
        self.tables = tables
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(refresh)
        events.changed.connect(self.follow)

    def follow(self, change: RecordChange) -> None:
        if self.tables is None or change.touches(*self.tables):
            self.timer.start()
