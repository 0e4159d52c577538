"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate: with reads and writes on worker
threads (ui/reads.py, ui/operations.py), a closed dialog or window caught in a reference cycle
could be destroyed on a worker thread, where Qt cannot stop its timers or delete its widgets
(warnings, at worst a crash). Automatic collection is turned off and done here instead, on a
timer of the GUI thread, generation by generation as the interpreter's thresholds say.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):  # the oldest due generation collects the younger too
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
