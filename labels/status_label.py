"""Status labels for the containers of a lot (EU GMP ch. 5 / 21 CFR 211.80-89).

Each label carries the status word large, the material, internal code and lot, supplier lot,
"container n of N", expiry, receipt date, who set the status and when, storage, and the
container ID as Code 128 with its text (plus a small DataMatrix, for vials too curved for a
linear code). How each status looks (colour, pattern, border) is in `labels.status_style`.

Two sizes: a 100 x 50 mm label-printer label per page, or an A4 sheet of 2 x 5 labels. The
layout is the same, computed from the label's size; the fields stay at fixed places whatever
the material name's length, so a stack of labels reads the same way.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from labels import barcodes
from labels.container_id import normalise_container_id
from labels.pdf_common import (
    BOLD,
    CREATOR,
    FONT,
    date_text,
    fit_lines,
    pdf_text,
    printed_line,
    utc_text,
    wrap,
)
from labels.status_style import draw_band, draw_border, status_key, status_palette

LabelSize = Literal["100x50", "a4"]
# A4 sheet: 2 x 5 labels of 99.1 x 57 mm, the layout of common stock (e.g. Avery L7173).
SHEET_COLUMNS, SHEET_ROWS = 2, 5
SHEET_LABEL = (99.1 * mm, 57 * mm)
SHEET_MARGINS = (4.65 * mm, 6 * mm)  # left/right, top/bottom
SHEET_GUTTER = 2.5 * mm
INSET = 3 * mm  # content starts inside the border: thermal labels shift by about 1 mm


@dataclass(frozen=True)
class ContainerLabel:
    """What one container's status label shows.

    material_name: the reference's name ("IL-7 GMP 25 µg"); long names wrap, then shrink.
    reference_code: the internal reference (material master) code.
    lot_number: the internal lot number (L26-000042).
    supplier_lot: the supplier's lot number.
    container_id: the container's ID (L26-000042-003), printed as Code 128 and text.
    seq, count: "container seq of count".
    expiry: the lot's expiry date.
    received_on: the date the lot was received.
    status: QUARANTINE, RELEASED, REJECTED or ON_HOLD (the database form; "ON HOLD" is accepted).
    status_at: when the status was set (timezone-aware; printed in UTC).
    status_by: printed full name of who set the status.
    storage: the storage condition ("2–8 °C, protect from light").
    """

    material_name: str
    reference_code: str
    lot_number: str
    supplier_lot: str
    container_id: str
    seq: int
    count: int
    expiry: date
    received_on: date
    status: str
    status_at: datetime
    status_by: str
    storage: str


def render_status_labels(
    labels: Sequence[ContainerLabel],
    *,
    size: LabelSize = "100x50",
    colours: Mapping[str, str] | None = None,
    printed_by: str,
    printed_at: datetime,
    reprint: bool = False,
    datamatrix: bool = True,
    printer_dpi: int = 300,
) -> bytes:
    """One PDF with a label per container, in the order given.

    size: "100x50" (label printer, one 100 x 50 mm label per page) or "a4" (2 x 5 per sheet).
    colours: status -> colour ("#RRGGBB" or a name) for any statuses to recolour.
    printer_dpi: bars are sized in whole dots of this resolution (203 and 300 are common).
    """
    if not labels:
        raise ValueError("There are no labels to print.")
    palette = status_palette(colours)
    printed = printed_line(printed_by, printed_at)
    for label in labels:
        _check(label)
    buffer = io.BytesIO()
    if size == "100x50":
        page = (100 * mm, 50 * mm)
        cells = [[(0.0, 0.0)] for _ in labels]
    elif size == "a4":
        page = A4
        cells = _sheet_cells(len(labels))
    else:
        raise ValueError(f"Unknown label size {size!r}; use '100x50' or 'a4'.")
    canvas = Canvas(buffer, pagesize=page)
    canvas.setTitle(f"Status labels {labels[0].lot_number}")
    canvas.setAuthor(pdf_text(printed_by))
    canvas.setCreator(CREATOR)
    width, height = page if size == "100x50" else SHEET_LABEL
    pending = iter(labels)
    for page_cells in cells:
        for x, y in page_cells:
            _draw_label(
                canvas,
                next(pending),
                x,
                y,
                width,
                height,
                palette,
                printed,
                reprint,
                datamatrix=datamatrix,
                printer_dpi=printer_dpi,
            )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _sheet_cells(count: int) -> list[list[tuple[float, float]]]:
    """Bottom-left corners of the label cells, page by page, row by row, left to right."""
    per_page = SHEET_COLUMNS * SHEET_ROWS
    left, top = SHEET_MARGINS
    corners = [
        (left + col * (SHEET_LABEL[0] + SHEET_GUTTER), A4[1] - top - (row + 1) * SHEET_LABEL[1])
        for row in range(SHEET_ROWS)
        for col in range(SHEET_COLUMNS)
    ]
    pages = [corners[: min(per_page, count - start)] for start in range(0, count, per_page)]
    return pages


def _check(label: ContainerLabel) -> None:
    status_key(label.status)
    if normalise_container_id(label.container_id).rsplit("-", 1)[0] != label.lot_number:
        raise ValueError(f"Container {label.container_id} is not of lot {label.lot_number}.")
    if not 1 <= label.seq <= label.count:
        raise ValueError(f"Container {label.seq} of {label.count} is not possible.")
    utc_text(label.status_at, "status time")
    if not label.status_by.strip():
        raise ValueError(f"Who set the status of {label.container_id} is missing (status_by).")


def _draw_label(
    canvas: Canvas,
    label: ContainerLabel,
    x: float,
    y: float,
    width: float,
    height: float,
    palette: Mapping[str, colors.Color],
    printed: str,
    reprint: bool,
    *,
    datamatrix: bool,
    printer_dpi: int,
) -> None:
    """One label in the cell with bottom-left (x, y)."""
    status = status_key(label.status)
    draw_border(canvas, status, x, y, width, height)
    left, right = x + INSET, x + width - INSET
    top, bottom = y + height - INSET, y + INSET
    band = height * 0.19
    draw_band(canvas, status, palette[status], left, top - band, right - left, band, reprint)
    code_row = height * 0.22
    body_top, body_bottom = top - band - 1.2 * mm, bottom + code_row + 1.6 * mm
    _body(canvas, label, left, right, body_bottom, body_top)
    _codes(canvas, label, left, right, bottom, code_row, printed, datamatrix, printer_dpi)


def _body(
    canvas: Canvas, label: ContainerLabel, left: float, right: float, bottom: float, top: float
) -> None:
    width = right - left
    half = width / 2
    value_size, label_size = 6.8, 5.6
    leading = value_size * 1.22
    rows: list[list[tuple[str, str]]] = [
        [("Ref", label.reference_code), ("Lot", label.lot_number)],
        [("Supplier lot", label.supplier_lot), ("Container", f"{label.seq} of {label.count}")],
        [("Expiry", date_text(label.expiry)), ("Received", date_text(label.received_on))],
        [("Storage", label.storage)],
        [("Status set", f"{utc_text(label.status_at)} by {label.status_by}")],
    ]
    name_size, name_lines = _fit_name(
        pdf_text(label.material_name), width, top - bottom - len(rows) * leading
    )
    canvas.saveState()
    y = top - name_size * 0.9
    canvas.setFont(BOLD, name_size)
    for line in name_lines:
        canvas.drawString(left, y, line)
        y -= name_size * 1.15
    y = bottom + (len(rows) - 1) * leading + 0.5
    for row in rows:
        cell = width if len(row) == 1 else half
        for i, (key, value) in enumerate(row):
            _field(
                canvas,
                key,
                pdf_text(value),
                left + i * half,
                y,
                cell - 1.5 * mm,
                label_size,
                value_size,
            )
        y -= leading
    canvas.restoreState()


def _fit_name(name: str, width: float, room: float) -> tuple[float, list[str]]:
    """The largest size (10 to 6 pt) at which the name fits in `room`, in at most 3 lines.

    A name too long even then is cut with "…" at 6 pt rather than run over the fields below.
    """
    for size in [s / 2 for s in range(20, 11, -1)]:
        lines = wrap(name, BOLD, size, width)
        if len(lines) <= min(3, int(room // (size * 1.15))):
            return size, lines
    return fit_lines(name, BOLD, width, max(1, min(3, int(room // (6 * 1.15)))), [6.0])


def _field(
    canvas: Canvas,
    key: str,
    value: str,
    x: float,
    y: float,
    width: float,
    key_size: float,
    value_size: float,
) -> None:
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, key_size)
    canvas.drawString(x, y, key)
    start = x + stringWidth(key, FONT, key_size) + 1.2 * mm
    sizes = [value_size - 0.4 * i for i in range(5)]
    size, lines = fit_lines(value, BOLD, x + width - start, 1, sizes)
    canvas.setFont(BOLD, size)
    canvas.drawString(start, y, lines[0])


def _codes(
    canvas: Canvas,
    label: ContainerLabel,
    left: float,
    right: float,
    bottom: float,
    height: float,
    printed: str,
    datamatrix: bool,
    printer_dpi: int,
) -> None:
    container = normalise_container_id(label.container_id)
    module = barcodes.module_size(printer_dpi)
    used = barcodes.draw_code128(
        canvas,
        container,
        left - 2 * module,
        bottom,
        module=module,
        height=height,
        printer_dpi=printer_dpi,
    )
    text_left = left - 2 * module + used + 0.5 * mm
    text_right = right
    if datamatrix:
        rows = barcodes.datamatrix_modules(container)
        dot = barcodes.dot(printer_dpi)
        per_module = max(1, min(round(0.5 * mm / dot), int(height / ((len(rows) + 2) * dot))))
        side = (len(rows) + 2) * per_module * dot
        barcodes.draw_datamatrix(
            canvas,
            rows,
            right - side,
            bottom + (height - side) / 2,
            module=per_module * dot,
            printer_dpi=printer_dpi,
        )
        text_right = right - side - 1 * mm
    sizes = [5.6, 5.2, 4.8, 4.4]
    size, lines = fit_lines(printed, FONT, text_right - text_left, 3, sizes)
    canvas.saveState()
    canvas.setFont(FONT, size)
    y = bottom + height / 2 + (len(lines) - 2) * size * 0.6
    for line in lines:
        canvas.drawString(text_left, y, line)
        y -= size * 1.2
    canvas.restoreState()
