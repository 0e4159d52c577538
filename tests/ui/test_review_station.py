"""Quarantine and review, driven as a person would: choose a lot, attach its certificate by the
file dialog and by dropping it, view it, record a reference sample and a functional test."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Document, PrintRecord
from db.queries.review_queue import review_queue
from tests.fixtures.world import Unit, make_pdf
from tests.ui.conftest import settle, shown
from ui.models.lot_evidence import DocumentsModel, ResultsModel, SamplesModel
from ui.models.review_queue import ReviewQueueModel, summary
from ui.review_forms import ResultDialog, SampleDialog
from ui.review_station import ReviewStation
from ui.services import Services
from ui.session import Session


@pytest.fixture(autouse=True)
def settle_workers(ui_unit: Unit) -> Iterator[None]:
    """The queue loads in the thread pool: let it finish before the database closes."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


def open_station(qtbot: QtBot, services: Services, session: Session) -> ReviewStation:
    station = ReviewStation(services, session)
    qtbot.addWidget(station)
    station.resize(1366, 720)
    station.show()
    qtbot.waitUntil(lambda: not station.queue.loading)
    return station


def click_lot(qtbot: QtBot, station: ReviewStation, lot: str) -> None:
    table = station.queue.table
    row = station.queue.model.find(lot)
    index = station.queue.proxy.mapFromSource(station.queue.model.index(row, 0))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    shown(qtbot, station, lot)
    assert station.detail is not None and station.detail.lot == lot


def pdf_file(folder: Path, name: str, *lines: str) -> Path:
    path = folder / name
    path.write_bytes(make_pdf("Certificate of analysis", *lines))
    return path


def test_models_pass_the_model_tester(qtmodeltester, ui_unit: Unit) -> None:  # type: ignore[no-untyped-def]
    lot = ui_unit.receive("RM-008", lot="MT-1").lot
    ui_unit.attach(lot)
    queue = ReviewQueueModel()
    queue.set_rows(review_queue(ui_unit.db))
    qtmodeltester.check(queue)
    from db.queries.lot_detail import lot_detail

    detail = lot_detail(ui_unit.db, lot)
    for model, rows in (
        (DocumentsModel(), detail.documents),
        (SamplesModel(), detail.samples),
        (ResultsModel(), detail.results),
    ):
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_queue_shows_what_each_lot_still_needs(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    old = ui_unit.receive("RM-008", lot="Q-OLD").lot
    ui_unit.clock.advance(days=4)
    ready = ui_unit.receive("RM-001", lot="Q-READY").lot
    ui_unit.attach(ready)
    station = open_station(qtbot, services, session_as("tech"))
    rows = station.queue.model.rows()
    assert [r.lot for r in rows] == [old, ready]
    assert summary(rows[0]) == "3/6 met — missing: CoA, functional test, reference sample"
    assert summary(rows[1]) == "4/4 met — ready"
    model = station.queue.model
    assert model.data(model.index(0, model.AGE)) == "4 d"
    assert "2 lots, 1 ready" in station.queue.heading.text()
    # The oldest lot is shown at once; typing in the filter narrows the queue.
    shown(qtbot, station)
    assert station.detail is not None and station.detail.lot == old
    qtbot.keyClicks(station.queue.filter, "ready")
    assert station.queue.proxy.rowCount() == 1


def test_attach_by_file_dialog_ticks_the_coa_and_shows_it(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = ui_unit.receive("RM-002", lot="OTHER").lot
    lot = ui_unit.receive("RM-001", lot="ATT-1").lot
    station = open_station(qtbot, services, session_as("tech"))
    click_lot(qtbot, station, lot)
    assert station.prerequisites.met["coa"] is False
    assert "MISSING" in station.prerequisites.items["coa"].text()
    path = pdf_file(tmp_path, "CoA ATT-1.pdf", "lot ATT-1")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(path)], "PDF files (*.pdf)")
    )
    with qtbot.waitSignal(station.queue.loaded):
        qtbot.mouseClick(station.attach_button, Qt.MouseButton.LeftButton)
    shown(qtbot, station, lot)
    assert station.prerequisites.met["coa"] is True
    assert "✔" in station.prerequisites.items["coa"].text()
    assert station.banner.kind == "ok" and "CoA ATT-1.pdf attached to" in station.banner.text()
    assert station.documents.rowCount() == 1
    assert station.viewer.document_id == station.documents.row_at(0).id
    qtbot.waitUntil(lambda: station.viewer.page_count() == 1)
    assert station.queue.row(lot) is not None and station.queue.row(lot).ready  # type: ignore[union-attr]
    assert station.queue.row(other).ready is False  # type: ignore[union-attr]
    with ui_unit.db.read() as s:
        stored = s.scalars(select(Document)).one()
        assert (stored.kind, stored.filename, stored.content) == (
            "coa",
            "CoA ATT-1.pdf",
            path.read_bytes(),
        )


def drop(widget: QWidget, paths: list[Path]) -> None:
    """What a file manager's drag and drop sends: enter, then drop, with the files' URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    middle = QPoint(widget.width() // 2, widget.height() // 2)
    with warnings.catch_warnings():
        # The QPoint constructor is the one every PySide6 6.x offers (marked deprecated).
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            middle,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(middle),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_drop_a_pdf_to_attach_it_and_a_non_pdf_is_refused_in_words(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
) -> None:
    lot = ui_unit.receive("RM-001", lot="DROP-1").lot
    station = open_station(qtbot, services, session_as("qa"))
    click_lot(qtbot, station, lot)
    note = tmp_path / "delivery-note.txt"
    note.write_text("not a certificate")

    drop(station.detail_panel, [note])
    settle(qtbot, services.operations)
    assert station.banner.kind == "error"
    assert "delivery-note.txt is not a PDF file (certificates are attached as PDF)" in (
        station.banner.text()
    )
    assert station.documents.rowCount() == 0

    station.kind.setCurrentIndex(station.kind.findData("tse"))
    with qtbot.waitSignal(station.queue.loaded):
        drop(station.detail_panel, [pdf_file(tmp_path, "tse.pdf", "TSE statement")])
    shown(qtbot, station, lot)
    assert station.banner.kind == "ok" and "as TSE certificate" in station.banner.text()
    assert station.documents.row_at(0).kind == "tse"
    assert station.prerequisites.met["coa"] is False, "a TSE certificate is not a CoA"


def test_record_a_reference_sample_and_a_functional_test(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
) -> None:
    lot = ui_unit.receive("RM-008", lot="SMP-1", containers=2, quantity="10").lot
    station = open_station(qtbot, services, session_as("tech"))
    click_lot(qtbot, station, lot)
    assert station.prerequisites.met["reference_sample"] is False

    qtbot.mouseClick(station.sample_button, Qt.MouseButton.LeftButton)
    dialog = station.dialog
    assert isinstance(dialog, SampleDialog)
    qtbot.keyClicks(dialog.quantity, "2")
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)  # no location yet: refused in place
    settle(qtbot, services.operations)
    assert "a reference sample needs its storage location" in dialog.error.text()
    assert dialog.isVisible()
    dialog.container.setCurrentIndex(1)
    qtbot.keyClicks(dialog.location, "Retention freezer R2, shelf 3")
    with qtbot.waitSignal(station.queue.loaded):
        qtbot.keyClick(dialog.location, Qt.Key.Key_Return)
    shown(qtbot, station, lot)
    assert station.prerequisites.met["reference_sample"] is True
    assert "Retention freezer R2" in station.prerequisites.items["reference_sample"].text()
    assert station.samples.rowCount() == 1
    assert station.detail is not None and station.detail.containers[0].quantity == 8

    report = pdf_file(tmp_path, "activation-report.pdf", "CD25+ 78 %")
    qtbot.mouseClick(station.result_button, Qt.MouseButton.LeftButton)
    form = station.dialog
    assert isinstance(form, ResultDialog)
    qtbot.keyClicks(form.name, "T-cell activation assay")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert form.error.text() == "Choose Pass or Fail."
    qtbot.mouseClick(form.passed, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.value, "CD25+ 78 %")
    form.report.setText(str(report))
    with qtbot.waitSignal(station.queue.loaded):
        qtbot.keyClick(form.value, Qt.Key.Key_Return)
    shown(qtbot, station, lot)
    assert station.prerequisites.met["functional_test"] is True
    assert station.results.rowCount() == 1
    assert station.results.data(station.results.index(0, 2)) == "PASS"
    assert [d.kind for d in station.detail.documents] == ["test_report"]
    assert "functional test 'T-cell activation assay' PASSED" in station.banner.text()
    assert station.queue.row(lot).missing[0].code == "coa"  # type: ignore[union-attr]


def test_production_may_not_attach_and_is_told_why(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
) -> None:
    lot = ui_unit.receive("RM-001", lot="PROD-1").lot
    station = open_station(qtbot, services, session_as("prod"))
    click_lot(qtbot, station, lot)
    station.attach_file(pdf_file(tmp_path, "c.pdf", "x"))
    settle(qtbot, services.operations)
    assert station.banner.kind == "error" and station.documents.rowCount() == 0
    assert "may not do this: it needs the qa or technician role" in station.banner.text()


def test_print_the_reference_sample_log(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    ui_unit.released_lot("RM-008", lot="LOG-1")
    station = open_station(qtbot, services, session_as("qa"))
    station.tabs.setCurrentIndex(1)
    qtbot.mouseClick(station.log_button, Qt.MouseButton.LeftButton)
    settle(qtbot, services.operations)
    assert station.preview is not None and station.preview.isVisible()
    assert station.preview.document.pageCount() >= 1
    with ui_unit.db.read() as s:
        record = s.scalars(select(PrintRecord).where(PrintRecord.kind == "sample_log")).one()
        assert record.reprint is False
