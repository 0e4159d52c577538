"""Widgets are driven with qtbot over a real database (SQLite file), real printing, and the
workstation preferences in the test's own data folder."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from tests.fixtures.world import Unit
from ui.operations import Operations
from ui.services import Services
from ui.session import Session


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """As the app does (ui/gui_collector.py): no cycle collection on a worker thread, where a
    previous test's closed window would be destroyed and Qt warns. The test's background jobs
    end before collection comes back on."""
    gc.disable()  # the previous test's garbage was collected at its end, on this thread
    yield
    QThreadPool.globalInstance().waitForDone(15_000)
    gc.enable()
    gc.collect()


@pytest.fixture
def ui_unit(sqlite_unit: Unit) -> Unit:
    """Screens are tested on SQLite; the workflows they call are tested on both backends."""
    return sqlite_unit


@pytest.fixture
def services(ui_unit: Unit, data_dir: Path) -> Services:
    store = JsonPreferencesStore(data_dir)
    return Services(ui_unit.db, PrintService(ui_unit.db, store), store)


@pytest.fixture
def session_as(ui_unit: Unit) -> Callable[[str], Session]:
    """A signed-in session for one of the unit's people (tech, qa, qa2, prod, techqa, admin)."""
    return lambda name: Session(ui_unit.people[name])


def settle(qtbot: QtBot, operations: Operations) -> None:
    """Wait until the writes the screen started (off the GUI thread) have come back."""
    qtbot.waitUntil(lambda: operations.idle, timeout=15_000)


def shown(qtbot: QtBot, station: Any, lot: str | None = None) -> None:
    """Wait until a station's reads (its chosen lot, its queue) have landed, and `lot` (if
    given) is the lot it shows and may act on."""

    def landed() -> bool:
        if not station.reader.idle or station.queue.loading:
            return False
        return lot is None or (station.ready and station.detail.lot == lot)

    qtbot.waitUntil(landed, timeout=15_000)
