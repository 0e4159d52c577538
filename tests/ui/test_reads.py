"""Reads, one way (ui/reads.py): off the GUI thread, a stale answer dropped, a failure said in
words; and screens that load when built and follow the record, never waiting to be shown."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db import receiving
from db.engine import Database
from desktop.printing import PrintService
from desktop.settings import JsonPreferencesStore
from tests.fixtures.databases import integrity_in
from tests.fixtures.world import Unit
from ui.catalog_view import CatalogView
from ui.dashboard import Dashboard
from ui.decision_station import DecisionStation
from ui.reads import Reader
from ui.record_events import RecordWatcher
from ui.review_station import ReviewStation
from ui.services import Services
from ui.session import Session


@pytest.fixture(autouse=True)
def settle_workers() -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def test_a_stale_read_is_dropped_even_when_it_lands_last(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    reader = Reader(owner)
    shown: list[str] = []
    release_old = threading.Event()

    def old() -> str:
        release_old.wait(10)
        return "old"

    reader.read("lot", old, shown.append)
    with qtbot.waitSignal(reader.finished):
        reader.read("lot", lambda: "new", shown.append)  # started later, lands first
    assert shown == ["new"]
    assert reader.busy("lot") is False, "the newest read has landed"
    with qtbot.waitSignal(reader.finished):
        release_old.set()
    assert shown == ["new"], "the older answer arrived after the newer one and was dropped"
    assert reader.idle


def test_reads_of_different_names_do_not_make_each_other_stale(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    reader = Reader(owner)
    shown: list[str] = []
    reader.read("queue", lambda: "queue", shown.append)
    reader.read("users", lambda: "users", shown.append)
    qtbot.waitUntil(lambda: reader.idle)
    assert sorted(shown) == ["queue", "users"]


def test_a_failed_read_is_said_in_one_sentence(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    said: list[str] = []
    reader = Reader(owner, said.append)

    def broken() -> str:
        raise ValueError("no such table: lots\nTraceback (most recent call last): …")

    with qtbot.waitSignal(reader.finished):
        reader.read("load", broken, lambda _: None, what="cannot read the catalog")
    assert said == ["cannot read the catalog: ValueError: no such table: lots"]


def test_a_screen_on_a_broken_database_shows_a_message_not_a_traceback(
    qtbot: QtBot, tmp_path: Path, session_as: Callable[[str], Session]
) -> None:
    empty = Database(f"sqlite:///{tmp_path / 'not-a-lotkeeper.sqlite'}", create=True)
    store = JsonPreferencesStore(tmp_path / "prefs")
    catalog = CatalogView(Services(empty, PrintService(empty, store), store), session_as("qa"))
    qtbot.addWidget(catalog)
    qtbot.waitUntil(lambda: catalog.reader.idle)
    assert catalog.banner.kind == "error"
    text = catalog.banner.text()
    assert text.startswith("REFUSED — cannot read the catalog: ")
    assert "Traceback" not in text and "\n" not in text
    assert catalog.count.text() == "Not up to date."
    empty.dispose()


def test_screens_built_hidden_load_and_follow_another_workstation(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    """Nothing waits to be shown: built and never shown, each screen has read the record,
    and what another workstation commits reaches it while it stays hidden."""
    watcher = RecordWatcher(ui_unit.db, services.events, poll_ms=200)
    decision = DecisionStation(services, session_as("qa"))
    review = ReviewStation(services, session_as("tech"))
    board = Dashboard(services, session_as("qa"))
    for widget in (decision, review, board):
        qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: not decision.queue.loading and not review.queue.loading)
    qtbot.waitUntil(lambda: board.data is not None)
    first = board.data.loaded_at if board.data else None
    other = Database(ui_unit.db.url, integrity=integrity_in(ui_unit.data or Path()))
    try:
        receipt = receiving.Receipt(
            supplier_lot="FROM-PC-2", expiry=ui_unit.today().replace(year=ui_unit.today().year + 1),
            containers=1, quantity="1", reference_code="RM-005",
        )  # fmt: skip
        new = receiving.receive(other, ui_unit.tech, receipt)
        qtbot.waitUntil(lambda: decision.queue.model.find(new.lot) >= 0, timeout=3000)
        qtbot.waitUntil(lambda: review.queue.model.find(new.lot) >= 0, timeout=3000)
        qtbot.waitUntil(lambda: board.data is not None and board.data.loaded_at != first)
        assert not any(w.isVisible() for w in (decision, review, board))
    finally:
        watcher.stop()
        QThreadPool.globalInstance().waitForDone(10_000)
        other.dispose()
