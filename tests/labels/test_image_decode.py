"""labels.image_decode: images to scanner text, with zbar and without it, and every refusal."""

from __future__ import annotations

import io
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from PIL import Image

from labels import image_decode
from labels.barcodes import gs1_test_image, symbol_png
from labels.gs1 import parse_scan
from labels.image_decode import DecodedSymbol, ImageDecodeError, decode_image

GS = "\x1d"
ELEMENTS = "(01)09521234000013(17)261130(10)LOT42(21)SN7"
RAW = f"01095212340000131726113010LOT42{GS}21SN7"


@pytest.fixture(params=["with pyzbar", "without pyzbar"])
def zbar(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run the test with zbar, then as on a PC where the zbar library is missing."""
    if request.param == "without pyzbar":

        def missing() -> None:
            raise ImportError("Unable to find zbar shared library")

        monkeypatch.setattr(image_decode, "_load_pyzbar", missing)
        return False
    assert image_decode._zbar_or_none() is not None, "zbar should be installed in the test venv"
    return True


def compose(*tiles: bytes, columns: int = 2, gap: int = 60) -> bytes:
    """PNG images pasted on white paper in a grid, row by row."""
    images = [Image.open(io.BytesIO(tile)).convert("L") for tile in tiles]
    cell_w = max(i.width for i in images) + gap
    cell_h = max(i.height for i in images) + gap
    rows = -(-len(images) // columns)
    sheet = Image.new("L", (cell_w * columns + gap, cell_h * rows + gap), 255)
    for n, image in enumerate(images):
        sheet.paste(image, (gap + (n % columns) * cell_w, gap + (n // columns) * cell_h))
    out = io.BytesIO()
    sheet.save(out, format="PNG")
    return out.getvalue()


# --- GS1: the same element string in two symbologies reads the same ----------------------


@pytest.mark.parametrize(
    ("symbology", "prefix", "name"),
    [
        ("datamatrix", "]d2", "GS1 DataMatrix"),
        ("code128", "]C1", "GS1-128"),
        ("qr", "]Q3", "GS1 QR Code"),
    ],
)
def test_gs1_symbols_read_as_a_scanner_types_them(
    zbar: bool, symbology: str, prefix: str, name: str
) -> None:
    [symbol] = decode_image(gs1_test_image(ELEMENTS, symbology))  # type: ignore[arg-type]
    assert symbol == DecodedSymbol(prefix + RAW, name)


def test_gs1_datamatrix_and_gs1_128_give_the_same_fields(zbar: bool) -> None:
    [matrix] = decode_image(gs1_test_image(ELEMENTS, "datamatrix"))
    [linear] = decode_image(gs1_test_image(ELEMENTS, "code128"))
    assert matrix.text.startswith("]d2") and linear.text.startswith("]C1")
    # The separator after the variable-length lot survives, or (21) would vanish into the lot.
    assert f"10LOT42{GS}21SN7" in matrix.text and f"10LOT42{GS}21SN7" in linear.text
    fields = {
        key: value for key, value in parse_scan(matrix.text).to_json().items() if key != "symbology"
    }
    assert fields == {
        key: value for key, value in parse_scan(linear.text).to_json().items() if key != "symbology"
    }
    assert fields["gtin"] == "09521234000013"
    assert (fields["lot"], fields["serial"], fields["expiry"]) == ("LOT42", "SN7", "2026-11-30")
    assert fields["warnings"] == [] and not fields["needs_confirmation"]
    assert parse_scan(matrix.text).symbology == "GS1 DataMatrix"
    assert parse_scan(linear.text).symbology == "GS1-128"


# --- plain symbols, order, duplicates ----------------------------------------------------


def test_container_id_in_code128_and_datamatrix(zbar: bool) -> None:
    image = compose(
        symbol_png("L26-000042-001", "code128"), symbol_png("L26-000042-001", "datamatrix")
    )
    assert decode_image(image) == [
        DecodedSymbol("]C0L26-000042-001", "Code 128"),
        DecodedSymbol("]d1L26-000042-001", "DataMatrix"),
    ]
    assert parse_scan(decode_image(image)[0].text).container == "L26-000042-001"


def test_symbols_come_in_reading_order_and_once(zbar: bool) -> None:
    tiles = [symbol_png(f"L26-000042-00{n}", "code128") for n in (1, 2, 3, 4)]
    tiles.append(tiles[1])  # the same symbol twice in one picture is one scan
    texts = [s.text for s in decode_image(compose(*tiles))]
    assert texts == [f"]C0L26-000042-00{n}" for n in (1, 2, 3, 4)]


def test_zbar_finds_what_zxing_merges_away() -> None:
    """zxing-cpp 3.1 reads two identical linear symbols in one column, with another between
    them, as one tall symbol and loses the middle one; zbar still has it."""
    tiles = [symbol_png(f"L26-000042-00{n}", "code128") for n in (1, 2, 3, 4)]
    tiles.append(tiles[0])
    texts = [s.text for s in decode_image(compose(*tiles))]
    assert texts == [f"]C0L26-000042-00{n}" for n in (1, 2, 3, 4)]


def test_plain_qr_code(zbar: bool) -> None:
    assert decode_image(symbol_png("L26-000042-007", "qr")) == [
        DecodedSymbol("]Q1L26-000042-007", "QR Code")
    ]


def test_path_str_and_bytes_all_work(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(symbol_png("L26-000042-001", "code128"))
    expected = [DecodedSymbol("]C0L26-000042-001", "Code 128")]
    assert decode_image(path) == decode_image(str(path)) == decode_image(path.read_bytes())
    assert decode_image(path) == expected


def test_transparent_background_is_read_as_white_paper(zbar: bool) -> None:
    grey = Image.open(io.BytesIO(symbol_png("L26-000042-001", "datamatrix"))).convert("L")
    # Black modules, fully transparent black elsewhere: flattened naively, all black.
    rgba = Image.new("RGBA", grey.size, (0, 0, 0, 0))
    rgba.putalpha(grey.point(lambda v: 255 - v))
    out = io.BytesIO()
    rgba.save(out, format="PNG")
    assert [s.text for s in decode_image(out.getvalue())] == ["]d1L26-000042-001"]


def test_every_page_of_a_multi_page_tiff(zbar: bool) -> None:
    pages = [
        Image.open(io.BytesIO(symbol_png(f"L26-000042-00{n}", "datamatrix"))).convert("L")
        for n in (1, 2)
    ]
    out = io.BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:])
    assert [s.text for s in decode_image(out.getvalue())] == [
        "]d1L26-000042-001",
        "]d1L26-000042-002",
    ]


def test_result_is_frozen() -> None:
    [symbol] = decode_image(symbol_png("L26-000042-001", "code128"))
    with pytest.raises(FrozenInstanceError):
        symbol.text = "x"  # type: ignore[misc]


# --- the two decoders ----------------------------------------------------------------------


def test_zbar_alone_keeps_the_gs1_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """When zxing-cpp finds nothing, zbar's reading still says GS1-128 (]C1), not ]C0."""
    monkeypatch.setattr(image_decode.zxingcpp, "read_barcodes", lambda *a, **k: [])
    assert decode_image(gs1_test_image(ELEMENTS, "code128")) == [
        DecodedSymbol("]C1" + RAW, "GS1-128")
    ]
    assert decode_image(symbol_png("L26-000042-001", "code128")) == [
        DecodedSymbol("]C0L26-000042-001", "Code 128")
    ]


def test_without_zbar_datamatrix_still_decodes_and_linear_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real loader, failing as it does on a PC without pyzbar: the import itself fails.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.wrapper", None)
    assert image_decode._zbar_or_none() is None
    image = compose(
        symbol_png("L26-000042-001", "code128"), symbol_png("L26-000042-001", "datamatrix")
    )
    assert [s.text for s in decode_image(image)] == ["]C0L26-000042-001", "]d1L26-000042-001"]


# --- refusals ------------------------------------------------------------------------------


def message_of(source: object) -> str:
    with pytest.raises(ImageDecodeError) as caught:
        decode_image(source)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == caught.value.message
    return caught.value.message


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "scan.png"
    assert message_of(missing) == f"There is no file at {missing}."


def test_text_file_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "Notes-L26.TXT"
    path.write_text("L26-000042-001\n")
    assert message_of(path) == (
        "'Notes-L26.TXT' is not an image Lotkeeper can read (PNG, JPEG, TIFF, BMP or GIF)."
    )


def test_image_without_barcode(zbar: bool, tmp_path: Path) -> None:
    path = tmp_path / "blank.png"
    Image.new("L", (400, 300), 255).save(path)
    assert message_of(path) == (
        "No barcode was found in 'blank.png'; the picture may be blurred, too small, or cut "
        "off at the edges of a symbol."
    )


def test_folder_empty_bytes_pdf_and_truncated_file(tmp_path: Path) -> None:
    assert message_of(tmp_path) == f"{tmp_path} is a folder, not an image file."
    assert message_of(b"") == "The image data is empty: there is nothing to decode."
    assert message_of(b"%PDF-1.4\n...").startswith("The image data is a PDF, not an image")
    truncated = symbol_png("L26-000042-001", "code128")[:200]
    assert message_of(truncated) == "The image data is damaged or incomplete."
