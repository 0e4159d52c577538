"""Show a recorded print (labels, certificate...) and send it to a printer or a PDF file.

The print is already recorded in the audit trail when this opens (ui.services.PrintedPdf);
this dialog only delivers it: on screen (QtPdf), through Qt's print dialog to a real printer,
or saved as a PDF file.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.services import PrintedPdf

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


class PrintPreview(QDialog):
    def __init__(
        self, printed: PrintedPdf, parent: QWidget | None = None, *, printer_name: str = ""
    ) -> None:
        super().__init__(parent)
        self.printed = printed
        self.printer_name = printer_name
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
        note.setStyleSheet("color:#555;")
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
            print_document(self.document, printer)

    def save_pdf(self) -> None:
        name = self.printed.title.replace(" ", "_").replace("/", "-") + ".pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save PDF", name, "PDF files (*.pdf)")
        if path:
            with open(path, "wb") as handle:
                handle.write(self.printed.pdf)
