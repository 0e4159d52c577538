"""How long labels take: rendering a 50-container lot (both sizes) and decoding label images.

Run: .venv/bin/python benchmarks/labels_bench.py [--repeat N]
Prints the best of N runs (the least disturbed by the rest of the machine) and the median.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from labels import image_decode
from labels.container_id import format_container_id
from labels.image_decode import decode_image
from labels.status_label import ContainerLabel, LabelSize, render_status_labels

LOT = "L26-000042"
PRINTED_AT = datetime(2026, 3, 5, 14, 7, tzinfo=UTC)


def lot_labels(count: int = 50) -> list[ContainerLabel]:
    return [
        ContainerLabel(
            material_name="IL-7 GMP 25 µg, recombinant human, carrier-free",
            reference_code="RC-IL7-025",
            lot_number=LOT,
            supplier_lot="IL7-2409/B",
            container_id=format_container_id(LOT, n),
            seq=n,
            count=count,
            expiry=date(2026, 11, 30),
            received_on=date(2026, 3, 1),
            status="QUARANTINE",
            status_at=datetime(2026, 3, 2, 10, 14, tzinfo=UTC),
            status_by="Marie-Hélène Dupont",
            storage="2–8 °C, protect from light",
        )
        for n in range(1, count + 1)
    ]


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best, median) wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def page_pngs(pdf: bytes, dpi: int) -> list[bytes]:
    pngs = []
    for page in pdfium.PdfDocument(pdf):
        buffer = io.BytesIO()
        page.render(scale=dpi / 72).to_pil().save(buffer, format="PNG")
        pngs.append(buffer.getvalue())
    return pngs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    labels = lot_labels()
    print(f"Rendering the labels of a 50-container lot, best / median of {repeat}:")
    sizes: tuple[LabelSize, ...] = ("100x50", "a4")
    for size in sizes:

        def render(size: LabelSize = size) -> bytes:
            return render_status_labels(
                labels, size=size, printed_by="Jean Martin", printed_at=PRINTED_AT
            )

        best, median = timed(render, repeat)
        pages = len(pdfium.PdfDocument(render()))
        print(f"  {size:>6}: {best * 1000:7.1f} ms / {median * 1000:7.1f} ms ({pages} pages)")

    print(f"Decoding one rendered page (300 dpi PNG), best / median of {repeat}:")
    cases = {
        "100x50 label": page_pngs(
            render_status_labels(labels[:1], printed_by="J", printed_at=PRINTED_AT), 300
        )[0],
        "A4 sheet of 10": page_pngs(
            render_status_labels(labels[:10], size="a4", printed_by="J", printed_at=PRINTED_AT), 300
        )[0],
    }
    zbar = image_decode._zbar_or_none() is not None
    for name, png in cases.items():
        found = len(decode_image(png))
        best, median = timed(lambda png=png: decode_image(png), repeat)
        print(
            f"  {name:>14}: {best * 1000:7.1f} ms / {median * 1000:7.1f} ms "
            f"({found} symbols; zxing-cpp{' + zbar' if zbar else ' only'})"
        )
    original = image_decode._load_pyzbar

    def missing() -> None:
        raise ImportError("benchmark: zxing-cpp alone")

    image_decode._load_pyzbar = missing  # type: ignore[assignment]
    try:
        for name, png in cases.items():
            best, median = timed(lambda png=png: decode_image(png), repeat)
            print(f"  {name:>14}: {best * 1000:7.1f} ms / {median * 1000:7.1f} ms (zxing-cpp only)")
    finally:
        image_decode._load_pyzbar = original


if __name__ == "__main__":
    main()
