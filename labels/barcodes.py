"""Barcodes out: Code 128 and DataMatrix drawn as vectors into reportlab, and test images.

Code 128 comes from python-barcode's module pattern, DataMatrix from zxing-cpp's module matrix;
both are drawn as filled rectangles, never as embedded bitmaps, so a 203 or 300 dpi label
printer gets sharp edges. A module is a whole number of printer dots and the symbol starts on
a dot: otherwise the driver rounds each bar edge on its own and bar widths drift by a dot,
which on a 2-3 dot module is the difference between a good and a failed scan.

zxing-cpp's DataMatrix writer picks a rectangular (DMRE) size when it is smaller; many
handheld scanners cannot read DMRE, so square symbols are forced.
"""

from __future__ import annotations

import io
from typing import Literal

import zxingcpp
from barcode.codex import Code128
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from labels.pdf_common import BOLD

Symbology = Literal["code128", "datamatrix", "qr"]
CODE128_QUIET_MODULES = 10  # ISO/IEC 15417: at least 10 X each side
DATAMATRIX_QUIET_MODULES = 1  # ISO/IEC 16022: at least 1 X all round
TARGET_MODULE_MM = 0.25  # 10 mil: what handheld scanners read easily from 20 cm
_FORMATS = {
    "code128": zxingcpp.BarcodeFormat.Code128,
    "datamatrix": zxingcpp.BarcodeFormat.DataMatrix,
    "qr": zxingcpp.BarcodeFormat.QRCode,
}


def dot(printer_dpi: int) -> float:
    """One printer dot in points."""
    if printer_dpi < 150:
        raise ValueError(f"A label printer has at least 150 dpi, got {printer_dpi}.")
    return 72 / printer_dpi


def snap(value: float, printer_dpi: int) -> float:
    """`value` (points) moved onto the printer's dot grid."""
    step = dot(printer_dpi)
    return round(value / step) * step


def module_size(printer_dpi: int, target_mm: float = TARGET_MODULE_MM) -> float:
    """A whole number of dots, as close as possible to `target_mm`."""
    step = dot(printer_dpi)
    return max(1, round(target_mm * mm / step)) * step


# --- Code 128 ------------------------------------------------------------------------------


def code128_modules(text: str) -> str:
    """The bars and spaces of `text` as "1"/"0" modules (no quiet zones)."""
    if not text or not text.isascii() or not text.isprintable():
        raise ValueError(f"Code 128 needs printable ASCII text, got {text!r}.")
    return Code128(text).build()[0]


def code128_width(text: str, module: float) -> float:
    """Width in points, quiet zones included."""
    return (len(code128_modules(text)) + 2 * CODE128_QUIET_MODULES) * module


def draw_code128(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    *,
    module: float,
    height: float,
    printer_dpi: int,
    human_readable: bool = True,
    text_size: float = 8,
) -> float:
    """Draw `text` as Code 128 with its quiet zones from (x, y), bottom-left; return the width.

    With `human_readable`, the text is printed centred under the bars, within `height`.
    """
    modules = code128_modules(text)
    width = (len(modules) + 2 * CODE128_QUIET_MODULES) * module
    bars_y = y + (text_size * 1.15 if human_readable else 0)
    left = snap(x, printer_dpi) + CODE128_QUIET_MODULES * module
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for start, run in _runs(modules):
        canvas.rect(left + start * module, bars_y, run * module, y + height - bars_y, 0, 1)
    if human_readable:
        size = text_size
        while size > 5 and stringWidth(text, BOLD, size) > width:
            size -= 0.5
        canvas.setFont(BOLD, size)
        canvas.drawCentredString(x + width / 2, y + 0.15 * size, text)
    canvas.restoreState()
    return width


def _runs(modules: str) -> list[tuple[int, int]]:
    """(start, length) of each bar: one rectangle per bar, not per module."""
    runs = []
    start = None
    for i, module in enumerate(modules + "0"):
        if module == "1" and start is None:
            start = i
        elif module == "0" and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


# --- DataMatrix ----------------------------------------------------------------------------


def datamatrix_modules(content: str, *, gs1: bool = False) -> list[str]:
    """Rows of a square ECC 200 symbol as "1"/"0" (no quiet zone).

    With `gs1`, `content` is the bracketed form (01)...(10)... and the symbol starts with
    FNC1 and separates variable-length fields with FNC1 (a GS1 DataMatrix, read as ]d2).
    """
    symbol = _create(content, "datamatrix", gs1=gs1)
    image = Image.fromarray(symbol.to_image(scale=1, add_quiet_zones=False)).convert("L")
    width, height = image.size
    pixels = image.tobytes()
    return [
        "".join("1" if pixels[row * width + col] < 128 else "0" for col in range(width))
        for row in range(height)
    ]


def draw_datamatrix(
    canvas: Canvas, rows: list[str], x: float, y: float, *, module: float, printer_dpi: int
) -> float:
    """Draw a DataMatrix from `datamatrix_modules`, quiet zone included; return its side."""
    quiet = DATAMATRIX_QUIET_MODULES * module
    left = snap(x, printer_dpi) + quiet
    top = snap(y, printer_dpi) + quiet + len(rows) * module
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        for start, run in _runs(row):
            canvas.rect(left + start * module, top - (r + 1) * module, run * module, module, 0, 1)
    canvas.restoreState()
    return len(rows[0]) * module + 2 * quiet


# --- images for tests and for the scanner set-up sheet -------------------------------------


def symbol_png(content: str, symbology: Symbology, *, gs1: bool = False, scale: int = 4) -> bytes:
    """A PNG of one symbol with its quiet zone, `scale` pixels per module.

    With `gs1`, `content` is the bracketed form such as (01)09521234000013(10)LOT42.
    """
    symbol = _create(content, symbology, gs1=gs1)
    image = Image.fromarray(symbol.to_image(scale=scale, add_quiet_zones=True))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def gs1_test_image(element_string: str, symbology: Symbology = "datamatrix") -> bytes:
    """GS1-128, GS1 DataMatrix or GS1 QR PNG of `element_string` in its (AI) form.

    The symbol carries FNC1 first (read back as ]C1, ]d2 or ]Q3) and an FNC1 after each
    variable-length field that is not last (read back as GS, "\\x1d").
    """
    if not element_string.startswith("("):
        raise ValueError(
            f"Give the GS1 data in its (AI) form such as (01)09521234000013(10)LOT42, "
            f"got {element_string!r}."
        )
    return symbol_png(element_string, symbology, gs1=True, scale=4 if symbology != "code128" else 3)


def _create(content: str, symbology: Symbology, *, gs1: bool) -> zxingcpp.Barcode:
    if symbology not in _FORMATS:
        raise ValueError(f"Unknown symbology {symbology!r}; use one of {sorted(_FORMATS)}.")
    if not content:
        raise ValueError("A barcode needs content; got an empty string.")
    # Only these two options, always as bools: zxing-cpp 3.x aborts the whole process (an
    # uncaught C++ exception) on an option value it cannot parse.
    options = {"gs1": bool(gs1)}
    if symbology == "datamatrix":
        options["forceSquare"] = True
    try:
        return zxingcpp.create_barcode(content, _FORMATS[symbology], **options)
    except ValueError as exc:  # zxing-cpp reports bad GS1 data or too much data this way
        raise ValueError(f"Cannot make a {symbology} symbol of {content!r}: {exc}") from exc
