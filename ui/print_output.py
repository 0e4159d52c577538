"""Show a recorded print (labels, certificate...) and send it to a printer or a PDF file.

The print is already recorded in the audit trail when this opens (ui.services.PrintedPdf);
this dialog only delivers it: on screen (QtPdf), through Qt's print dialog to a real printer,
or saved as a PDF file; each delivery is confirmed in words (`delivered`), for the station's
banner, since the dialog gives no other sign that anything happened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt, Signal, SignalInstance
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.file_dialogs import choose_save
from ui.presentation.palette import muted_style
from ui.services import PreferencesStore, PrintedPdf

PRINT_DPI = 300


def load_pdf(pdf: bytes, parent: QWidget | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over in-memory bytes (keep the buffer alive as long as the document)."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page onto the printer at its resolution; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
            size = document.pagePointSize(index)
            scale = min(target.width() / size.width(), target.height() / size.height())
            image = document.render(index, (size * scale).toSize())
            painter.drawImage(target.topLeft(), image)
    finally:
        painter.end()
    return document.pageCount()


def open_preview(
    printed: PrintedPdf,
    parent: QWidget,
    preferences: PreferencesStore,
    delivered: Callable[[str], None],
    failed: Callable[[str], None],
) -> PrintPreview:
    """Show a recorded print; what becomes of it (printed, saved) is said through
    `delivered` or `failed` (a station's banner)."""
    preview = PrintPreview(
        printed, parent, printer_name=preferences.load().printer, preferences=preferences
    )
    preview.delivered.connect(delivered)
    preview.failed.connect(failed)
    preview.open()
    return preview


class PrintPreview(QDialog):
    delivered = Signal(str)  # "saved … to /path/file.pdf", "sent … to printer X"
    failed = Signal(str)

    def __init__(
        self,
        printed: PrintedPdf,
        parent: QWidget | None = None,
        *,
        printer_name: str = "",
        preferences: PreferencesStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.printed = printed
        self.printer_name = printer_name
        self.preferences = preferences
        self.setWindowTitle(printed.title + (" — REPRINT" if printed.reprint else ""))
        self.resize(900, 700)
        self.document, self._buffer = load_pdf(printed.pdf, self)
        view = QPdfView(self)
        view.setObjectName("pdf_view")
        view.setDocument(self.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        note = QLabel(
            ("REPRINT — " if printed.reprint else "") + "This print is recorded in the audit trail."
        )
        note.setStyleSheet(muted_style())
        self.note = note
        print_button = QPushButton("&Print…")
        print_button.clicked.connect(self.print_to_printer)
        save = QPushButton("&Save as PDF…")
        save.clicked.connect(self.save_pdf)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(note, 1)
        for button in (print_button, save, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)
        print_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_to_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        if self.printer_name:
            printer.setPrinterName(self.printer_name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.send_to(printer)

    def send_to(self, printer: QPrinter) -> None:
        """Print every page on `printer` (chosen in Qt's print dialog) and say so."""
        where = printer.printerName() or printer.outputFileName() or "the default printer"
        pages = print_document(self.document, printer)
        if pages:
            self._said(self.delivered, f"sent {self._what(pages)} to printer {where}")
        else:
            self._said(self.failed, f"{self.printed.title} could not be sent to {where}")

    def save_pdf(self) -> None:
        name = self.printed.title.replace(" ", "_").replace("/", "-") + ".pdf"
        title = f"Save {self.printed.title} as PDF"
        path = choose_save(self, self.preferences, title, name, "PDF files (*.pdf)")
        if path is None:
            return
        try:
            path.write_bytes(self.printed.pdf)
        except OSError as exc:
            self._said(self.failed, f"{path} could not be written: {exc.strerror or exc}")
            return
        self._said(self.delivered, f"saved {self._what(self.document.pageCount())} to {path}")

    def _what(self, pages: int) -> str:
        return f"{self.printed.title} ({pages} page{'s' if pages != 1 else ''})"

    def _said(self, signal: SignalInstance, text: str) -> None:
        self.note.setText(text[0].upper() + text[1:] + ".")
        signal.emit(text)
