"""The scanner part of the preferences: GS substitutes, and a field to test the scanner.

GS1 barcodes end each variable-length field (lot, serial) with the invisible GS character.
Some scanners are set to send a substitute instead; Lotkeeper must know it, or a lot would
run on into the next field. The test field shows exactly what arrived, GS made visible, and
how it reads with the substitutes listed above (saved or not yet).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from labels.gs1 import GS, ScanError, ScanResult, parse_scan
from ui.models.scanner_separators import SeparatorsModel
from ui.presentation.formats import esc
from ui.presentation.palette import ERROR, SUBSTITUTE, WARNING_TEXT, coloured_html, tag_html
from ui.presentation.tables import make_table
from ui.scan_field import ScanField

EXPLANATION = (
    "GS1 barcodes (GS1-128, DataMatrix, QR) end a lot or serial number with an invisible "
    "<b>GS</b> character (ASCII 29). Most scanners send it as is; some are set to send a "
    "substitute instead, such as <code>&lt;GS&gt;</code>, <code>~</code> or <code>|</code>. "
    "List here what <i>this</i> workstation's scanner sends, so that Lotkeeper splits the "
    "fields where the barcode does. Leave the list empty if the scanner sends GS itself."
)
# A red "GS" tag: unmistakable whatever the font (the ␝ symbol is tiny or missing in some).
GS_HTML = tag_html("GS")
SUBSTITUTE_HTML = f"<b style='background:{SUBSTITUTE}'>{{}}</b>"
FIELDS = (
    ("symbology", "Symbology"),
    ("gtin", "GTIN (01)"),
    ("lot", "Lot (10)"),
    ("expiry", "Expiry (17)"),
    ("production_date", "Production date (11)"),
    ("serial", "Serial (21)"),
    ("container", "Lotkeeper container"),
)


def visible(text: str, substitutes: list[str]) -> str:
    """The text as HTML with GS shown as ␝, other control characters by code, and each
    substitute highlighted."""
    out = []
    i = 0
    ordered = sorted((s for s in substitutes if s), key=len, reverse=True)
    while i < len(text):
        found = next((s for s in ordered if text.startswith(s, i)), None)
        if found:
            out.append(SUBSTITUTE_HTML.format(esc(found)))
            i += len(found)
            continue
        char = text[i]
        if char == GS:
            out.append(GS_HTML)
        elif ord(char) < 32 or ord(char) == 127:
            out.append(tag_html(f"{ord(char):02X}h"))
        else:
            out.append(esc(char))
        i += 1
    return "".join(out)


def fields_html(result: ScanResult) -> str:
    data = result.to_json()
    cell = "<tr><td style='padding-right:12px'>{}</td><td><b>{}</b></td></tr>"
    rows = [cell.format(name, esc(str(data[key]))) for key, name in FIELDS if data.get(key)]
    warnings = "".join(
        f"<p>{coloured_html(f'⚠ WARNING — {esc(w)}', WARNING_TEXT)}</p>" for w in result.warnings
    )
    return f"<table>{''.join(rows)}</table>{warnings}"


class ScannerSection(QGroupBox):
    def __init__(self, separators: list[str]) -> None:
        super().__init__("Barcode scanner")
        self.model = SeparatorsModel(separators)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.RichText)
        self.table = make_table(self.model, "separators", widths=(230, 110), editable=True)
        self.table.setMaximumHeight(120)
        add = QPushButton("&Add substitute")
        add.clicked.connect(self.add_separator)
        remove = QPushButton("Re&move")
        remove.clicked.connect(self.remove_separator)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.scan = ScanField(placeholder="Test your scanner: scan a GS1 barcode here")
        self.scan.setObjectName("scanner_test")
        self.scan.scanned.connect(self.show_scan)
        test_label = QLabel("&Test your scanner:")
        test_label.setBuddy(self.scan)
        self.received = QLabel()
        self.received.setObjectName("received")
        self.received.setWordWrap(True)
        self.received.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.parsed = QLabel()
        self.parsed.setObjectName("parsed")
        self.parsed.setWordWrap(True)
        self.parsed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(test_label)
        layout.addWidget(self.scan)
        layout.addWidget(self.received)
        layout.addWidget(self.parsed)
        layout.addStretch(1)

    def add_separator(self) -> None:
        row = self.model.rowCount()
        self.model.insertRows(row, 1)
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_separator(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.removeRows(index.row(), 1)

    def show_scan(self, text: str) -> None:
        """Show what the scanner sent and how it reads with the substitutes listed above."""
        substitutes = self.model.separators()
        count = text.count(GS)
        used = [s for s in substitutes if s in text]
        summary = f"{len(text)} characters, {count} GS"
        if used:
            summary += ", substitutes " + ", ".join(f"'{esc(s)}'" for s in used)
        self.received.setText(
            f"Received ({summary}):<br><span style='font-family:monospace; font-size:14px'>"
            f"{visible(text, substitutes)}</span>"
        )
        try:
            result = parse_scan(text, substitutes)
        except ScanError as error:
            self.parsed.setText(
                f"<p>{coloured_html(f'<b>NOT READ</b> — {esc(error.message)}', ERROR)}</p>"
            )
            return
        self.parsed.setText("<b>Read as:</b>" + fields_html(result))
