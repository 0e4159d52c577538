"""This workstation's preferences: scanner, labels, status colours, printer, idle lock.

They are kept by the workstation (services.preferences), not in the GMP record: nothing here
changes a lot or a rule. Save writes them through the store; the idle lock applies at once
when the view lives in the main window.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labels.status_words import DEFAULT_COLOURS, STATUS_WORDS
from ui.feedback import Banner
from ui.main_window import MainWindow
from ui.preferences_scanner import ScannerSection
from ui.presentation.chips import chip_style
from ui.presentation.formats import esc
from ui.presentation.palette import muted_style
from ui.services import Preferences, Services
from ui.session import Session

SIZES = {"100x50": "100 × 50 mm label roll (one label per container)", "a4": "A4 sheets of labels"}
DEFAULT_PRINTER = "(the system's default printer)"


class PreferencesView(QWidget):
    saved = Signal(object)  # Preferences

    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.preferences = services.preferences.load()
        self.colours: dict[str, str] = {}
        self.banner = Banner(sound=False)
        self.banner.setObjectName("banner")
        self.scanner = ScannerSection(self.preferences.separators)
        right = QVBoxLayout()
        right.addWidget(self._labels_box())
        right.addWidget(self._printer_box())
        right.addWidget(self._session_box())
        right.addStretch(1)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(self.scanner, 1)
        columns.addLayout(right, 1)
        self.save_button = QPushButton("&Save preferences")
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        revert = QPushButton("Re&vert to saved")
        revert.clicked.connect(self.revert)
        where = QLabel("Kept on this workstation only; not part of the GMP record.")
        where.setStyleSheet(muted_style())
        bottom = QHBoxLayout()
        bottom.addWidget(where, 1)
        bottom.addWidget(revert)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(body, 1)
        layout.addLayout(bottom)
        self.banner.float_over(body)  # "saved" floats over the top: no strip waits for it
        self._show(self.preferences)

    # -- building -------------------------------------------------------------------------

    def _labels_box(self) -> QGroupBox:
        box = QGroupBox("Status labels")
        self.size_group = QButtonGroup(self)
        self.size_buttons: dict[str, QRadioButton] = {}
        sizes = QVBoxLayout()
        for value, text in SIZES.items():
            button = QRadioButton(text)
            button.setObjectName(f"size_{value}")
            self.size_group.addButton(button)
            self.size_buttons[value] = button
            sizes.addWidget(button)
        grid = QGridLayout()
        self.swatches: dict[str, QLabel] = {}
        for row, status in enumerate(DEFAULT_COLOURS):
            swatch = QLabel(STATUS_WORDS[status])
            swatch.setObjectName(f"swatch_{status}")
            swatch.setMinimumWidth(170)
            self.swatches[status] = swatch
            change = QPushButton(f"Colour for {STATUS_WORDS[status].lower()}…")
            change.clicked.connect(lambda _=False, s=status: self.choose_colour(s))
            default = QPushButton("Default")
            default.clicked.connect(lambda _=False, s=status: self.set_colour(s, None))
            grid.addWidget(swatch, row, 0)
            grid.addWidget(change, row, 1)
            grid.addWidget(default, row, 2)
        note = QLabel(
            "Colour is never the only signal: every label also prints the status word and its "
            "own band pattern and border, so it reads on a black-and-white printer too."
        )
        note.setWordWrap(True)
        note.setStyleSheet(muted_style())
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel("Label size:"))
        layout.addLayout(sizes)
        layout.addWidget(QLabel("Status colours (screens and labels):"))
        layout.addLayout(grid)
        layout.addWidget(note)
        return box

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox("Printer")
        self.printer = QComboBox()
        self.printer.setObjectName("printer")
        choose = QPushButton("&Choose with the print dialog…")
        choose.clicked.connect(self.choose_printer)
        label = QLabel("&Default printer:")
        label.setBuddy(self.printer)
        row = QHBoxLayout()
        row.addWidget(self.printer, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(box)
        layout.addWidget(label)
        layout.addLayout(row)
        hint = QLabel(
            "Every print still opens Qt's print dialog, where another printer or PDF "
            "can be chosen; this one is proposed first."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(muted_style())
        layout.addWidget(hint)
        return box

    def _session_box(self) -> QGroupBox:
        box = QGroupBox("Session")
        self.idle = QSpinBox()
        self.idle.setObjectName("idle_minutes")
        self.idle.setRange(1, 240)
        self.idle.setSuffix(" min")
        self.idle.setMaximumWidth(110)
        self.sound = QCheckBox("Sound on success and on refusal")
        self.sound.setObjectName("sound")
        form = QFormLayout(box)
        form.addRow("&Lock after inactivity:", self.idle)
        form.addRow("", self.sound)
        return box

    # -- showing and editing --------------------------------------------------------------

    def _show(self, p: Preferences) -> None:
        self.scanner.model.set_separators(p.separators)
        self.size_buttons.get(p.label_size, self.size_buttons["100x50"]).setChecked(True)
        self.colours = {k: v for k, v in p.colours.items() if k in DEFAULT_COLOURS}
        for status in DEFAULT_COLOURS:
            self._paint(status)
        self._fill_printers(p.printer)
        self.idle.setValue(p.idle_lock_minutes)
        self.sound.setChecked(p.sound)

    def _fill_printers(self, chosen: str) -> None:
        self.printer.clear()
        self.printer.addItem(DEFAULT_PRINTER, "")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        if chosen and self.printer.findData(chosen) < 0:
            self.printer.addItem(f"{chosen} (not found on this computer)", chosen)
        self.printer.setCurrentIndex(max(0, self.printer.findData(chosen)))

    def colour(self, status: str) -> str:
        return self.colours.get(status, DEFAULT_COLOURS[status])

    def _paint(self, status: str) -> None:
        colour = self.colour(status)
        custom = "" if status not in self.colours else " (custom)"
        self.swatches[status].setStyleSheet(chip_style(status, {status: colour}))
        self.swatches[status].setToolTip(f"{esc(colour)}{custom}")

    def choose_colour(self, status: str) -> None:
        chosen = QColorDialog.getColor(
            QColor(self.colour(status)), self, f"Colour for {STATUS_WORDS[status]}"
        )
        if chosen.isValid():
            self.set_colour(status, chosen.name())

    def set_colour(self, status: str, colour: str | None) -> None:
        """Set a status's colour (#rrggbb); None or the default colour: back to the default."""
        if colour is None or colour.upper() == DEFAULT_COLOURS[status].upper():
            self.colours.pop(status, None)
        else:
            self.colours[status] = colour.upper()
        self._paint(status)

    def choose_printer(self) -> None:
        printer = QPrinter()
        if self.printer.currentData():
            printer.setPrinterName(self.printer.currentData())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._fill_printers(printer.printerName())

    # -- saving ---------------------------------------------------------------------------

    def current(self) -> Preferences:
        """The preferences as shown on screen."""
        size = next(v for v, b in self.size_buttons.items() if b.isChecked())
        return Preferences(
            separators=self.scanner.model.separators(),
            label_size=size,
            colours=dict(self.colours),
            printer=self.printer.currentData() or "",
            idle_lock_minutes=self.idle.value(),
            sound=self.sound.isChecked(),
            # Not on this screen: kept as the file dialogs left it.
            last_folder=self.services.preferences.load().last_folder,
        )

    def save(self) -> None:
        preferences = self.current()
        try:
            self.services.preferences.save(preferences)
        except OSError as exc:
            self.banner.error(f"the preferences could not be saved: {exc.strerror or exc}")
            return
        self.preferences = preferences
        window = self.window()
        if isinstance(window, MainWindow):
            window.idle.set_minutes(preferences.idle_lock_minutes)
        self.banner.ok("Preferences saved for this workstation; they apply from now on.")
        self.saved.emit(preferences)

    def revert(self) -> None:
        self.preferences = self.services.preferences.load()
        self._show(self.preferences)
        self.banner.show_message("info", "Shown as last saved.")
