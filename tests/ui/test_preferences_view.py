"""Workstation preferences: edited as a person would, saved through the store, read back."""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QLineEdit, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from tests.fixtures.world import Unit
from ui.main_window import MainWindow, Station
from ui.models.scanner_separators import SeparatorsModel
from ui.preferences_view import PreferencesView
from ui.services import Preferences, Services
from ui.session import Session


def open_view(qtbot: QtBot, services: Services, session: Session) -> PreferencesView:
    view = PreferencesView(services, session)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    return view


def button(view: PreferencesView, text: str) -> QPushButton:
    found = [b for b in view.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, text
    return found[0]


def click_radio(qtbot: QtBot, radio: QRadioButton) -> None:
    """Click on the round indicator, as a person would."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def test_separators_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = SeparatorsModel(["<GS>", "|", "1"])
    qtmodeltester.check(model)
    assert model.data(model.index(0, SeparatorsModel.HEX)) == "3C 47 53 3E"
    assert "may occur in a lot or serial" in model.data(model.index(2, SeparatorsModel.NOTE))
    assert model.data(model.index(1, SeparatorsModel.NOTE)) == ""


def test_edit_and_save_every_preference(
    qtbot: QtBot,
    services: Services,
    session_as: Callable[[str], Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    assert view.current() == Preferences()  # nothing saved yet: the defaults

    qtbot.mouseClick(button(view, "&Add substitute"), Qt.MouseButton.LeftButton)
    editor = view.scanner.table.viewport().findChild(QLineEdit)  # the cell editor, open
    assert isinstance(editor, QLineEdit) and editor.isVisible()
    qtbot.keyClicks(editor, "<GS>")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.scanner.model.separators() == ["<GS>"])  # queued commit
    view.scanner.model.insertRows(1, 1)  # an empty row is ignored when saved
    click_radio(qtbot, view.size_buttons["a4"])
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#7e57c2"))
    qtbot.mouseClick(button(view, "Colour for on hold…"), Qt.MouseButton.LeftButton)
    assert "#7E57C2" in view.swatches["ON_HOLD"].styleSheet()
    assert view.swatches["ON_HOLD"].text() == "ON HOLD", "the word, not only the colour"
    view.idle.setValue(15)
    view.sound.setChecked(False)

    with qtbot.waitSignal(view.saved):
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    expected = Preferences(
        separators=["<GS>"],
        label_size="a4",
        colours={"ON_HOLD": "#7E57C2"},
        printer="",
        idle_lock_minutes=15,
        sound=False,
    )
    assert services.preferences.load() == expected
    assert view.banner.kind == "ok"
    again = open_view(qtbot, services, session_as("tech"))
    assert again.current() == expected

    # Back to the default colour: nothing custom is kept.
    again.set_colour("ON_HOLD", None)
    again.save()
    assert services.preferences.load().colours == {}


def test_saved_label_size_and_colours_reach_the_printed_labels(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    lot = ui_unit.receive("RM-001", lot="PREF-1", containers=3).lot
    view = open_view(qtbot, services, session_as("tech"))
    click_radio(qtbot, view.size_buttons["a4"])
    view.set_colour("QUARANTINE", "#00BCD4")
    view.save()
    printed = services.printing.status_labels(ui_unit.tech, lot, None)  # type: ignore[arg-type]
    document = pypdfium2.PdfDocument(printed.pdf)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    assert (round(width), round(height)) == (595, 842)


def test_test_your_scanner_shows_gs_and_the_fields(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = open_view(qtbot, services, session_as("tech"))
    scan = view.scanner.scan

    qtbot.keyClicks(scan, "]d2010952123400001310LOTA")
    qtbot.keyClick(scan, "]", Qt.KeyboardModifier.ControlModifier)  # the scanner's GS
    qtbot.keyClicks(scan, "21SN1")
    qtbot.keyClick(scan, Qt.Key.Key_Return)
    received = view.scanner.received.text()
    assert "1 GS" in received and "&nbsp;GS&nbsp;" in received
    parsed = view.scanner.parsed.text()
    assert "<b>LOTA</b>" in parsed and "<b>SN1</b>" in parsed and "09521234000013" in parsed

    # The substitute listed (not saved yet) splits the fields too.
    view.scanner.model.set_separators(["<GS>"])
    qtbot.keyClicks(scan, "]d2010952123400001310LOTB<GS>21SN2")
    qtbot.keyClick(scan, Qt.Key.Key_Return)
    assert "substitutes '&lt;GS&gt;'" in view.scanner.received.text()
    assert "<b>LOTB</b>" in view.scanner.parsed.text()

    # A lost separator: the lot swallows the serial, and that is said in words.
    qtbot.keyClicks(scan, "]d2010952123400001310LOTC21SN3")
    qtbot.keyClick(scan, Qt.Key.Key_Return)
    assert "WARNING" in view.scanner.parsed.text()
    assert "may contain" in view.scanner.parsed.text()

    qtbot.keyClicks(scan, "]d20109521234000014")
    qtbot.keyClick(scan, Qt.Key.Key_Return)
    assert "NOT READ" in view.scanner.parsed.text()
    assert "wrong check digit" in view.scanner.parsed.text()


def test_remove_a_substitute(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    services.preferences.save(Preferences(separators=["~", "|"]))
    view = open_view(qtbot, services, session_as("tech"))
    view.scanner.table.setCurrentIndex(view.scanner.model.index(0, 0))
    qtbot.mouseClick(button(view, "Re&move"), Qt.MouseButton.LeftButton)
    assert view.current().separators == ["|"]
    qtbot.mouseClick(button(view, "Re&vert to saved"), Qt.MouseButton.LeftButton)
    assert view.current().separators == ["~", "|"]


def test_idle_lock_applies_at_once_in_the_main_window(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    window = MainWindow(services, session_as("qa"), [Station("Preferences", PreferencesView)])
    qtbot.addWidget(window)
    view = window.tabs.widget(0)
    assert isinstance(view, PreferencesView)
    view.idle.setValue(3)
    view.save()
    assert window.idle.timer.interval() == 3 * 60_000
