"""Small things that mislead: a detail pane showing a lot the filter hid, a refusal left on
screen after the lot changed, file dialogs that forget where the person was and do not say
what they are for, and prints and saves that happen without a word."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from db import lab_results, samples
from desktop.settings import JsonPreferencesStore
from tests.fixtures.world import PASSWORDS, Unit, make_pdf
from tests.ui.conftest import settle, shown
from ui.audit_view import AuditView
from ui.decision_station import DecisionStation
from ui.file_dialogs import documents_folder, start_folder
from ui.lot_detail_panel import LotDetailPanel
from ui.record_events import RecordWatcher
from ui.review_forms import ResultDialog
from ui.review_station import ReviewStation
from ui.services import Services
from ui.session import Session


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def built(qtbot: QtBot, station: Any) -> Any:
    qtbot.addWidget(station)
    station.resize(1366, 720)
    station.show()
    qtbot.waitUntil(lambda: not station.queue.loading)
    return station


class Answers:
    """Stands for the person at Qt's file dialogs: records what each was asked, answers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[tuple[str, str]] = []  # (title, where it started)
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self._open)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._open_one)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)

    def _open(self, _parent: Any, title: str, folder: str, _filters: str) -> tuple[list[str], str]:
        self.asked.append((title, folder))
        return ([self.answer] if self.answer else []), ""

    def _open_one(self, _parent: Any, title: str, folder: str, _filters: str) -> tuple[str, str]:
        self.asked.append((title, folder))
        return self.answer, ""

    def _save(self, _parent: Any, title: str, path: str, _filters: str) -> tuple[str, str]:
        self.asked.append((title, path))
        return self.answer, ""


# -- the queue's filter and the detail ---------------------------------------------------


def test_a_lot_the_filter_hides_leaves_the_detail_with_nothing_to_act_on(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    first = ui_unit.receive("RM-008", lot="FIRST-1").lot
    other = ui_unit.receive("RM-001", lot="OTHER-1").lot
    station: ReviewStation = built(qtbot, ReviewStation(services, session_as("tech")))
    assert station.queue.select(first)
    shown(qtbot, station, first)
    assert station.detail is not None and station.attach_button.isEnabled()
    qtbot.keyClicks(station.queue.filter, "OTHER-1")
    assert station.queue.proxy.rowCount() == 1
    assert station.detail is None, "the lot left the list: the detail no longer shows it"
    for button in (station.attach_button, station.sample_button, station.result_button):
        assert not button.isEnabled()
    assert station.queue.current is None
    assert not station.queue.table.selectionModel().hasSelection()
    station.queue.select(other)  # a lot still listed may be chosen as before
    shown(qtbot, station, other)
    assert station.detail is not None and station.detail.lot == other
    qtbot.keyClicks(station.queue.filter, "X")  # nothing matches now
    assert station.detail is None


def test_a_filter_that_keeps_the_lot_keeps_the_detail(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ui_unit.receive("RM-008", lot="KEEP-1").lot
    ui_unit.receive("RM-001", lot="GONE-1")
    station: DecisionStation = built(qtbot, DecisionStation(services, session_as("qa")))
    assert station.queue.select(lot)
    shown(qtbot, station, lot)
    qtbot.keyClicks(station.queue.filter, "KEEP")
    assert station.detail is not None and station.detail.lot == lot


# -- refusals belong to the lot and the moment -------------------------------------------


def refused_release(qtbot: QtBot, station: DecisionStation, lot: str) -> None:
    assert station.queue.select(lot)
    shown(qtbot, station, lot)
    qtbot.mouseClick(station.buttons["release"], Qt.MouseButton.LeftButton)
    dialog = station.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password, PASSWORDS["qa"])  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle(qtbot, station.services.operations)
    dialog.reject()
    assert station.banner.kind == "error" and "cannot be released" in station.banner.text()


def lacking_only_its_coa(unit: Unit, lot: str) -> str:
    number = unit.receive("RM-008", lot=lot).lot
    samples.record_sample(unit.db, unit.tech, number, "reference", "1", location="freezer R2")
    lab_results.record_result(
        unit.db, unit.tech, number, kind="functional", name="activation", passed=True
    )
    return number


def test_a_refusal_goes_once_the_lot_is_ready_and_stays_while_it_is_not(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = lacking_only_its_coa(ui_unit, "LATE-COA")
    watcher = RecordWatcher(ui_unit.db, services.events, poll_ms=100)
    try:
        station: DecisionStation = built(qtbot, DecisionStation(services, session_as("qa")))
        refused_release(qtbot, station, lot)
        unrelated = ui_unit.receive("RM-001", lot="UNRELATED").lot  # another lot changes
        qtbot.waitUntil(lambda: station.queue.model.find(unrelated) >= 0, timeout=3000)
        assert station.banner.kind == "error", "this lot is as it was: its refusal still holds"
        ui_unit.attach(lot)  # the CoA arrives (at another station)
        qtbot.waitUntil(lambda: station.banner.kind != "error", timeout=3000)
        assert not station.banner.isVisible()
        assert station.buttons["release"].text() == "&Release…", "now ready, nothing missing"
    finally:
        watcher.stop()


def test_a_refusal_goes_when_another_lot_is_chosen(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = lacking_only_its_coa(ui_unit, "NO-COA")
    other = ui_unit.receive("RM-001", lot="NEXT").lot
    station: DecisionStation = built(qtbot, DecisionStation(services, session_as("qa")))
    refused_release(qtbot, station, lot)
    assert station.queue.select(other)
    shown(qtbot, station, other)
    assert station.banner.kind != "error" and not station.banner.isVisible()


# -- file dialogs ------------------------------------------------------------------------


def test_the_start_folder_is_the_last_one_if_it_still_exists(tmp_path: Path) -> None:
    assert start_folder(str(tmp_path)) == tmp_path
    assert start_folder(str(tmp_path / "gone"), fallback=Path.home()) == Path.home()
    assert start_folder("") == documents_folder()
    assert documents_folder() != Path.cwd() or Path.cwd() == Path.home()


def test_the_attach_dialog_names_the_lot_and_the_next_dialog_starts_where_it_ended(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lot = ui_unit.receive("RM-001", lot="DIALOG-1").lot
    station: ReviewStation = built(qtbot, ReviewStation(services, session_as("tech")))
    assert station.queue.select(lot)
    shown(qtbot, station, lot)
    answers = Answers(monkeypatch)
    certificates = tmp_path / "certificates"
    certificates.mkdir()
    answers.answer = str(certificates / "coa.pdf")
    (certificates / "coa.pdf").write_bytes(make_pdf("Certificate of analysis", f"lot {lot}"))
    qtbot.mouseClick(station.attach_button, Qt.MouseButton.LeftButton)
    settle(qtbot, services.operations)
    assert answers.asked[0] == (f"Certificate of analysis for lot {lot}", str(documents_folder()))
    assert station.banner.kind == "ok"
    # Remembered by this workstation: a new store over the same folder reads it back.
    assert JsonPreferencesStore(data_dir).load().last_folder == str(certificates)

    audit = AuditView(services, session_as("qa"))
    qtbot.addWidget(audit)
    answers.answer = ""  # the person cancels: nothing is written, nothing remembered
    audit.choose_export()
    title, where = answers.asked[1]
    assert title == "Export the audit trail as CSV"
    assert Path(where).parent == certificates, "the next dialog starts where the last ended"
    assert JsonPreferencesStore(data_dir).load().last_folder == str(certificates)


def test_the_test_report_dialog_names_the_lot_and_remembers_its_folder(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lot = ui_unit.receive("RM-001", lot="REPORT-1").lot
    station: ReviewStation = built(qtbot, ReviewStation(services, session_as("tech")))
    assert station.queue.select(lot)
    shown(qtbot, station, lot)
    answers = Answers(monkeypatch)
    reports = tmp_path / "reports"
    reports.mkdir()
    answers.answer = str(reports / "activation.pdf")
    qtbot.mouseClick(station.result_button, Qt.MouseButton.LeftButton)
    form = station.dialog
    assert isinstance(form, ResultDialog)
    browse = form.findChild(QPushButton, "browse")
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert answers.asked[0] == (f"Test report for lot {lot}", str(documents_folder()))
    assert form.report.text() == answers.answer
    assert JsonPreferencesStore(data_dir).load().last_folder == str(reports)
    answers.answer = ""  # cancelled: the report already chosen stays
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    assert answers.asked[1] == (f"Test report for lot {lot}", str(reports))
    assert form.report.text() == str(reports / "activation.pdf")
    form.reject()


# -- prints and saves are confirmed -----------------------------------------------------


def test_saving_and_printing_are_confirmed_in_the_banner(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lot = ui_unit.receive("RM-001", lot="SAVED-1", containers=3).lot
    panel = LotDetailPanel(services, session_as("tech"))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded):
        panel.show_lot(lot)
    with qtbot.waitSignal(panel.printed):
        panel.print_labels()
    preview = panel.preview
    assert preview is not None
    pages = preview.document.pageCount()
    answers = Answers(monkeypatch)
    target = tmp_path / "labels.pdf"
    answers.answer = str(target)
    preview.save_pdf()
    assert target.read_bytes() == preview.printed.pdf
    assert panel.banner.kind == "ok"
    assert panel.banner.text() == (
        f"OK — saved {preview.printed.title} ({pages} page{'s' if pages != 1 else ''}) to {target}"
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    preview.send_to(printer)
    assert (tmp_path / "printer.pdf").stat().st_size > 0
    assert panel.banner.text().startswith(f"OK — sent {preview.printed.title}")
    assert panel.banner.text().endswith(f"to printer {tmp_path / 'printer.pdf'}")
    preview.reject()
