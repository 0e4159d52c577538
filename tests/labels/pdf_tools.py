"""Shared by the label tests: sample data, and PDFs read back as pixels, symbols and text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime

import pypdfium2 as pdfium
from PIL import Image

from labels.container_id import format_container_id
from labels.image_decode import DecodedSymbol, decode_image
from labels.status_label import ContainerLabel

PRINTED_AT = datetime(2026, 3, 5, 14, 7, 9, tzinfo=UTC)
PRINTED_BY = "Jean-Luc Émery"
LOT = "L26-000042"
STATUSES = ("QUARANTINE", "RELEASED", "REJECTED", "ON_HOLD")


def container_label(
    seq: int,
    count: int,
    *,
    status: str = "QUARANTINE",
    name: str = "IL-7 GMP 25 µg, recombinant human",
    lot: str = LOT,
) -> ContainerLabel:
    return ContainerLabel(
        material_name=name,
        reference_code="RC-IL7-025",
        lot_number=lot,
        supplier_lot="IL7-2409/B",
        container_id=format_container_id(lot, seq),
        seq=seq,
        count=count,
        expiry=date(2026, 11, 30),
        received_on=date(2026, 3, 1),
        status=status,
        status_at=datetime(2026, 3, 2, 10, 14, tzinfo=UTC),
        status_by="Marie-Hélène Dupont",
        storage="2–8 °C, protect from light",
    )


def rasterise(pdf: bytes, dpi: int = 300) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def decoded_pages(pdf: bytes, dpi: int = 300) -> list[list[DecodedSymbol]]:
    """Every page rendered at `dpi` and decoded back with the code under test."""
    return [decode_image(png(image)) for image in rasterise(pdf, dpi)]


def texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    return [page.get_textpage().get_text_range() for page in document]


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    document = pdfium.PdfDocument(pdf)
    return [tuple(round(v * 25.4 / 72, 1) for v in page.get_size()) for page in document]


def char_boxes(pdf: bytes, page_index: int = 0) -> list[tuple[str, tuple[float, ...]]]:
    """(character, (left, bottom, right, top)) in points for each visible character."""
    page = pdfium.PdfDocument(pdf)[page_index]
    text = page.get_textpage()
    boxes = []
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char.strip():
            boxes.append((char, text.get_charbox(i)))
    return boxes


def codes(symbols: list[DecodedSymbol], prefix: str) -> list[str]:
    """The data of the symbols with AIM prefix `prefix` (e.g. "]C0"), in reading order."""
    return [s.text[len(prefix) :] for s in symbols if s.text.startswith(prefix)]


def text_boxes(pdf: bytes, needle: str, page_index: int = 0) -> list[tuple[float, ...]]:
    """(left, bottom, right, top) in points of each occurrence of `needle` (case sensitive)."""
    text = pdfium.PdfDocument(pdf)[page_index].get_textpage()
    searcher = text.search(needle, match_case=True)
    found = []
    while (hit := searcher.get_next()) is not None:
        start, count = hit
        boxes = [text.get_charbox(i) for i in range(start, start + count)]
        found.append(
            (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
        )
    return found


def column_under(pdf: bytes, headers: Sequence[str], value: str, page_index: int = 0) -> str:
    """The heading of the table column in which `value` (its first occurrence) is printed.

    The headings are found on the first row that holds them all; a value belongs to the last
    heading whose left edge is at or left of the value's. Holds for left-aligned columns, and
    for right-aligned ones whose values are no wider than their heading.
    """
    found = [text_boxes(pdf, h, page_index) for h in headers]

    def holds_all(top: float) -> bool:
        return all(any(abs(box[3] - top) < 2 for box in boxes) for boxes in found)

    row_top = next(box[3] for box in found[0] if holds_all(box[3]))
    lefts = [min(boxes, key=lambda box: abs(box[3] - row_top))[0] for boxes in found]
    boxes = text_boxes(pdf, value, page_index)
    assert boxes, f"{value!r} is not on page {page_index + 1}"
    left = boxes[0][0]
    assert left >= lefts[0] - 1, f"{value!r} is left of the table"
    return [h for h, x in zip(headers, lefts, strict=True) if x <= left + 1][-1]
