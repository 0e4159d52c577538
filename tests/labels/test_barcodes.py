"""labels.barcodes: vector symbols on the printer's dot grid, read back from a rendered PDF."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from labels import barcodes
from tests.labels.pdf_tools import decoded_pages


@pytest.mark.parametrize(("dpi", "dots"), [(203, 2), (300, 3), (600, 6)])
def test_module_is_a_whole_number_of_dots_near_a_quarter_millimetre(dpi: int, dots: int) -> None:
    module = barcodes.module_size(dpi)
    assert module == pytest.approx(dots * 72 / dpi)
    assert 0.24 * mm <= module <= 0.26 * mm


def test_snap_puts_a_position_on_the_dot_grid() -> None:
    snapped = barcodes.snap(10.4, 300)
    assert snapped / (72 / 300) == pytest.approx(round(snapped / (72 / 300)))
    assert abs(snapped - 10.4) <= 72 / 300 / 2


@pytest.mark.parametrize("dpi", [203, 300])
def test_drawn_code128_and_datamatrix_read_back(dpi: int) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 40 * mm))
    module = barcodes.module_size(dpi)
    width = barcodes.draw_code128(
        canvas, "L26-000042-017", 3 * mm, 20 * mm, module=module, height=15 * mm, printer_dpi=dpi
    )
    assert width == pytest.approx(barcodes.code128_width("L26-000042-017", module))
    rows = barcodes.datamatrix_modules("L26-000042-017")
    assert len(rows) == len(rows[0])  # square ECC 200, not a rectangular DMRE symbol
    barcodes.draw_datamatrix(canvas, rows, 3 * mm, 2 * mm, module=2 * 72 / dpi * 2, printer_dpi=dpi)
    canvas.showPage()
    canvas.save()
    [symbols] = decoded_pages(buffer.getvalue(), dpi=dpi)
    assert [s.text for s in symbols] == ["]C0L26-000042-017", "]d1L26-000042-017"]


def test_code128_modules_come_from_python_barcode() -> None:
    modules = barcodes.code128_modules("L26-000042-003")
    assert set(modules) == {"0", "1"}
    assert modules.startswith("11010010000")  # START B
    assert modules.endswith("1100011101011")  # STOP
    assert (len(modules) - 13) % 11 == 0


@pytest.mark.parametrize("text", ["", "é", "a\x1db"])
def test_code128_refuses_what_it_cannot_encode(text: str) -> None:
    with pytest.raises(ValueError, match="Code 128 needs printable ASCII text"):
        barcodes.code128_modules(text)


def test_gs1_image_wants_the_bracketed_form() -> None:
    with pytest.raises(ValueError, match=r"Give the GS1 data in its \(AI\) form"):
        barcodes.gs1_test_image("0109521234000013", "datamatrix")


def test_bad_gs1_data_and_unknown_symbology_are_refused() -> None:
    with pytest.raises(ValueError, match="Cannot make a datamatrix symbol"):
        barcodes.gs1_test_image("(01)123", "datamatrix")
    with pytest.raises(ValueError, match="Unknown symbology 'aztec'"):
        barcodes.symbol_png("x", "aztec")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 150 dpi"):
        barcodes.module_size(96)
