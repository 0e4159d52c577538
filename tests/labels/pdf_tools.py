"""Shared by the label tests: sample data, and PDFs read back as pixels, symbols and text."""

from __future__ import annotations

import io
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
