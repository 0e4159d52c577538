"""Images to scans: every barcode in a photo, a scan or a rendered label, as a scanner types it.

`DecodedSymbol.text` is what a USB keyboard-wedge scanner with AIM prefixes sends: the
symbology identifier (]C1 GS1-128, ]d2 GS1 DataMatrix, ]Q3 GS1 QR, ]C0 Code 128, ]d1
DataMatrix...) and GS (\\x1d) where the symbol has an FNC1 separator, so the text can go
straight to `labels.gs1.parse_scan`.

Two decoders, because each covers the other's gap:
- zxing-cpp reads everything, DataMatrix included, and reports the symbology identifier;
- zbar (through pyzbar) is strong on linear codes and QR in poor photos, but cannot read
  DataMatrix. pyzbar's own `decode` drops zbar's GS1 modifier, which is what tells GS1-128
  (]C1) from plain Code 128 (]C0); so we run zbar through pyzbar's ctypes bindings and ask.
pyzbar raises ImportError at import when the zbar shared library is missing: it is imported
lazily, and without it zxing-cpp alone does the job.
"""

from __future__ import annotations

import io
import os
import warnings
from ctypes import POINTER, c_uint, c_void_p, cast, string_at
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import zxingcpp
from PIL import Image, ImageSequence, UnidentifiedImageError

GS1_MODIFIER = 1  # 1 << ZBAR_MOD_GS1: the symbol starts with FNC1
_Y800 = 0x30303859  # zbar's fourcc for 8-bit grey
# zbar symbol type -> (AIM identifier, AIM identifier when GS1, readable name).
_ZBAR_TYPES = {
    "CODE128": ("]C0", "]C1", "Code 128"),
    "QRCODE": ("]Q1", "]Q3", "QR Code"),
    "EAN13": ("]E0", "]E0", "EAN-13"),
    "EAN8": ("]E4", "]E4", "EAN-8"),
    "UPCA": ("]E0", "]E0", "UPC-A"),
    "UPCE": ("]E0", "]E0", "UPC-E"),
    "I25": ("]I0", "]I1", "ITF"),
    "CODE39": ("]A0", "]A0", "Code 39"),
    "CODE93": ("]G0", "]G0", "Code 93"),
    "CODABAR": ("]F0", "]F0", "Codabar"),
    "DATABAR": ("]e0", "]e0", "DataBar"),
    "DATABAR_EXP": ("]e0", "]e0", "DataBar Expanded"),
    "PDF417": ("]L2", "]L2", "PDF417"),
}
_GS1_NAMES = {"Code 128": "GS1-128", "DataMatrix": "GS1 DataMatrix", "QR Code": "GS1 QR Code"}
_IMAGE_KINDS = "PNG, JPEG, TIFF, BMP or GIF"

Box = tuple[float, float, float, float]  # left, top, right, bottom in pixels


class ImageDecodeError(ValueError):
    """An image that yields no scan; `.message` is one sentence for the person at the bench."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DecodedSymbol:
    """One barcode: `text` exactly as a keyboard-wedge scanner sends it, `format` its name."""

    text: str
    format: str


@dataclass(frozen=True)
class _Found:
    symbol: DecodedSymbol
    box: Box


def decode_image(source: str | os.PathLike[str] | bytes) -> list[DecodedSymbol]:
    """Every distinct barcode in the image file `source` (a path) or image data (bytes).

    In reading order (rows top to bottom, left to right in a row), each symbol once.
    Raises ImageDecodeError for a missing file, a file that is not an image, or no barcode.
    """
    name, image = _open(source)
    zbar = _zbar_or_none()
    found: list[_Found] = []
    try:
        for frame in ImageSequence.Iterator(image):  # every page of a multi-page TIFF scan
            grey = _grey(frame)
            mine = _zxing(grey)
            if zbar is not None:
                mine += [f for f in _zbar(zbar, grey) if not _seen(f, mine)]
            found += _reading_order(mine)
    except OSError as exc:  # a truncated file fails only when its pixels are read
        raise ImageDecodeError(f"{_capital(name)} is damaged or incomplete.") from exc
    symbols = list(dict.fromkeys(f.symbol for f in found))
    if not symbols:
        raise ImageDecodeError(
            f"No barcode was found in {name}; the picture may be blurred, too small, or cut "
            "off at the edges of a symbol."
        )
    return symbols


def _open(source: str | os.PathLike[str] | bytes) -> tuple[str, Image.Image]:
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), "the image data"
        if not data:
            raise ImageDecodeError("The image data is empty: there is nothing to decode.")
    else:
        path = Path(source)
        name = f"'{path.name}'"
        if not path.exists():
            raise ImageDecodeError(f"There is no file at {path}.")
        if path.is_dir():
            raise ImageDecodeError(f"{path} is a folder, not an image file.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImageDecodeError(f"The file {path} cannot be read ({exc.strerror}).") from exc
    if data.startswith(b"%PDF"):
        raise ImageDecodeError(
            f"{_capital(name)} is a PDF, not an image; open it and scan or save the page "
            f"as an image ({_IMAGE_KINDS})."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageDecodeError(f"{_capital(name)} is too large an image to decode.") from exc
    except UnidentifiedImageError as exc:
        raise ImageDecodeError(
            f"{_capital(name)} is not an image Lotkeeper can read ({_IMAGE_KINDS})."
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageDecodeError(f"{_capital(name)} is damaged or incomplete.") from exc
    return name, image


def _capital(name: str) -> str:
    """`name` to start a sentence; str.capitalize() would also lower-case 'SCAN.PNG'."""
    return name[:1].upper() + name[1:]


def _grey(frame: Image.Image) -> Image.Image:
    # Transparent pixels are often black with alpha 0: put them on white paper first, or a
    # PNG with a transparent background decodes as a black page.
    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(paper, rgba).convert("L")
    return frame.convert("L")


def _zxing(image: Image.Image) -> list[_Found]:
    found = []
    for result in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain):
        name = str(result.format).replace("Data Matrix", "DataMatrix")
        if result.content_type == zxingcpp.ContentType.GS1:
            name = _GS1_NAMES.get(name, name)
        corners = result.position
        points = (corners.top_left, corners.top_right, corners.bottom_right, corners.bottom_left)
        box = (
            min(p.x for p in points),
            min(p.y for p in points),
            max(p.x for p in points),
            max(p.y for p in points),
        )
        text = result.symbology_identifier + result.text
        found.append(_Found(DecodedSymbol(text, name), box))
    return found


def _load_pyzbar() -> ModuleType:
    """pyzbar's ctypes bindings; ImportError when pyzbar or the zbar library is missing."""
    from pyzbar import wrapper

    return wrapper


def _zbar_or_none() -> ModuleType | None:
    try:
        return _load_pyzbar()
    except (ImportError, OSError):  # OSError: a zbar library that exists but cannot load
        return None


def _zbar(zbar: ModuleType, image: Image.Image) -> list[_Found]:
    modifiers = zbar.zbar_function("zbar_symbol_get_modifiers", c_uint, POINTER(zbar.zbar_symbol))
    pixels = image.tobytes()  # must outlive the scan: zbar reads it in place
    width, height = image.size
    found = []
    scanner = zbar.zbar_image_scanner_create()
    picture = zbar.zbar_image_create()
    try:
        zbar.zbar_image_set_format(picture, _Y800)
        zbar.zbar_image_set_size(picture, width, height)
        zbar.zbar_image_set_data(picture, cast(pixels, c_void_p), len(pixels), None)
        if zbar.zbar_scan_image(scanner, picture) > 0:
            symbol = zbar.zbar_image_first_symbol(picture)
            while symbol:
                found.append(_zbar_symbol(zbar, symbol, modifiers(symbol)))
                symbol = zbar.zbar_symbol_next(symbol)
    finally:
        zbar.zbar_image_destroy(picture)
        zbar.zbar_image_scanner_destroy(scanner)
    return [f for f in found if f is not None]


def _zbar_symbol(zbar: ModuleType, symbol: object, modifiers: int) -> _Found | None:
    try:
        kind = zbar.ZBarSymbol(symbol.contents.type).name  # type: ignore[attr-defined]
    except ValueError:
        return None
    if kind not in _ZBAR_TYPES:  # add-ons, ISBN re-readings, SQ codes: zxing-cpp has them
        return None
    plain, gs1, name = _ZBAR_TYPES[kind]
    is_gs1 = bool(modifiers & GS1_MODIFIER)
    raw = string_at(zbar.zbar_symbol_get_data(symbol), zbar.zbar_symbol_get_data_length(symbol))
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError:
        data = raw.decode("latin-1")
    corners = range(zbar.zbar_symbol_get_loc_size(symbol))
    xs = [zbar.zbar_symbol_get_loc_x(symbol, i) for i in corners]
    ys = [zbar.zbar_symbol_get_loc_y(symbol, i) for i in corners]
    box = (min(xs), min(ys), max(xs), max(ys)) if xs else (0, 0, 0, 0)
    name = _GS1_NAMES.get(name, name) if is_gs1 else name
    return _Found(DecodedSymbol((gs1 if is_gs1 else plain) + data, name), box)


def _seen(candidate: _Found, found: list[_Found]) -> bool:
    """True when zxing-cpp already has this symbol: same text, or mostly the same place.

    "Mostly the same place" is boxes overlapping by half their union, not a centre inside a
    box: zxing-cpp can report two identical linear symbols in one column as one tall box.
    """
    return any(
        f.symbol.text == candidate.symbol.text or _overlap(f.box, candidate.box) > 0.5
        for f in found
    )


def _overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0 when apart, 1 when the same)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    shared = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - shared
    return shared / union


def _reading_order(found: list[_Found]) -> list[_Found]:
    """Rows top to bottom, left to right in a row.

    A symbol joins a row when its top is level with the row's first symbol's top, within half
    the shorter height (at least 10 px: a linear symbol read on one line has almost none).
    Tops, not middles: a box zxing-cpp merged over two symbols must not swallow a row.
    """
    rows: list[list[_Found]] = []
    for f in sorted(found, key=lambda f: (f.box[1], f.box[0])):
        if rows:
            first = rows[-1][0].box
            shorter = min(first[3] - first[1], f.box[3] - f.box[1])
            if f.box[1] - first[1] <= max(shorter / 2, 10):
                rows[-1].append(f)
                continue
        rows.append([f])
    return [f for row in rows for f in sorted(row, key=lambda f: f.box[0])]
