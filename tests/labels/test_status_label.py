"""labels.status_label: every label printed, rasterised, and read back as a scanner would."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image, ImageChops, ImageStat

from labels.container_id import format_container_id
from labels.status_label import render_status_labels
from labels.status_style import DEFAULT_COLOURS
from tests.labels.pdf_tools import (
    LOT,
    PRINTED_AT,
    PRINTED_BY,
    STATUSES,
    char_boxes,
    codes,
    container_label,
    decoded_pages,
    page_sizes_mm,
    rasterise,
    texts,
)

WORDS = {
    "QUARANTINE": "QUARANTINE",
    "RELEASED": "RELEASED",
    "REJECTED": "REJECTED",
    "ON_HOLD": "ON HOLD",
}
LONG_NAME = (
    "Human serum albumin 20 % solution for infusion, GMP grade, Ph. Eur., latex-free stopper, "
    "50 mL glass vial with tamper-evident overseal (catalogue variant B)"
)


def render(labels: list, **options: object) -> bytes:
    options.setdefault("printed_by", PRINTED_BY)
    options.setdefault("printed_at", PRINTED_AT)
    return render_status_labels(labels, **options)  # type: ignore[arg-type]


def ids(count: int) -> list[str]:
    return [format_container_id(LOT, n) for n in range(1, count + 1)]


# --- read back: barcodes and text ----------------------------------------------------------


@pytest.mark.parametrize("reprint", [False, True])
def test_label_printer_size_one_label_per_page_all_statuses(reprint: bool) -> None:
    labels = [container_label(n, 4, status=s) for n, s in enumerate(STATUSES, start=1)]
    pdf = render(labels, reprint=reprint)
    assert page_sizes_mm(pdf) == [(100.0, 50.0)] * 4
    for symbols, text, label in zip(decoded_pages(pdf), texts(pdf), labels, strict=True):
        assert codes(symbols, "]C0") == [label.container_id]
        assert codes(symbols, "]d1") == [label.container_id]
        assert [s.format for s in symbols] == ["Code 128", "DataMatrix"]
        word = WORDS[label.status]
        assert word in text and "ON_HOLD" not in text
        assert others_absent(text, word)
        for field in (
            LOT,
            "RC-IL7-025",
            "IL7-2409/B",
            f"{label.seq} of 4",
            "2026-11-30",
            "2026-03-01",
            "2026-03-02 10:14 UTC by Marie-Hélène Dupont",
            "2–8 °C, protect from light",
            "IL-7 GMP 25 µg",
            label.container_id,
        ):
            assert field in text, field
        assert "Printed 2026-03-05 14:07 UTC by" in text and "Jean-Luc Émery" in text
        assert ("REPRINT" in text) is reprint


def others_absent(text: str, word: str) -> bool:
    return all(other not in text for other in WORDS.values() if other != word)


def test_a4_sheet_of_a_50_container_lot() -> None:
    labels = [container_label(n, 50, status="RELEASED") for n in range(1, 51)]
    pdf = render(labels, size="a4", reprint=True)
    assert page_sizes_mm(pdf) == [(210.0, 297.0)] * 5
    pages = decoded_pages(pdf)
    expected = ids(50)
    for number, (symbols, text) in enumerate(zip(pages, texts(pdf), strict=True)):
        on_page = expected[number * 10 : number * 10 + 10]
        # Row by row, left label then right label.
        assert codes(symbols, "]C0") == on_page
        assert codes(symbols, "]d1") == on_page
        assert text.count("RELEASED") == 10 and text.count("REPRINT") == 10
        assert text.count(LOT) >= 10 and f"{number * 10 + 1} of 50" in text
    assert sorted(c for page in pages for c in codes(page, "]C0")) == expected


def test_label_printer_size_of_a_50_container_lot() -> None:
    pdf = render([container_label(n, 50) for n in range(1, 51)])
    pages = decoded_pages(pdf)
    assert [codes(symbols, "]C0") for symbols in pages] == [[i] for i in ids(50)]
    assert all("QUARANTINE" in t and "REPRINT" not in t for t in texts(pdf))


@pytest.mark.parametrize("size", ["100x50", "a4"])
def test_long_material_name_wraps_inside_the_label_and_overlaps_nothing(size: str) -> None:
    pdf = render([container_label(1, 2, name=LONG_NAME)], size=size)
    text = texts(pdf)[0]
    # Wrapped, not cut: every word of the name is printed.
    assert all(word in text for word in LONG_NAME.split())
    boxes = char_boxes(pdf)
    # The first label's cell in mm (left, top, width, height); text stays 2 mm inside it.
    x, y, w, h = (0, 50, 100, 50) if size == "100x50" else (4.65, 297 - 6, 99.1, 57)
    for char, box in boxes:
        left, bottom, right, upper = (v * 25.4 / 72 for v in box)
        assert x + 2 <= left and right <= x + w - 2, char
        assert upper <= y - 2 and bottom >= y - h + 2, char
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not overlaps(box_a, box_b), (a, b, box_a, box_b)
    assert decoded_pages(pdf)[0][0].text == "]C0" + format_container_id(LOT, 1)


def overlaps(a: tuple[float, ...], b: tuple[float, ...], slack: float = 0.3) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def test_a_name_too_long_for_any_size_is_cut_with_an_ellipsis_not_overflowed() -> None:
    pdf = render([container_label(1, 1, name=(LONG_NAME + " ") * 4)])
    text = texts(pdf)[0]
    assert "…" in text and "Human serum albumin" in text
    for _char, (left, _bottom, right, _top) in char_boxes(pdf):
        assert left >= 0 and right <= 100 / 25.4 * 72


# --- colour, and never colour alone --------------------------------------------------------


def band_colour(image: Image.Image) -> tuple[int, int, int]:
    """The commonest colour of the status band (top fifth of the label, inside the border)."""
    width, height = image.size
    band = image.crop((int(width * 0.05), int(height * 0.08), int(width * 0.95), int(height * 0.2)))
    return max(band.getcolors(maxcolors=1 << 24))[1]


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def close(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(
    "colours",
    [
        None,
        {"QUARANTINE": "#00AEEF", "released": "#7B1FA2", "REJECTED": "black", "on hold": "#FFFFFF"},
    ],
    ids=["default colours", "custom colours"],
)
def test_status_colours(colours: dict[str, str] | None) -> None:
    labels = [container_label(n, 4, status=s) for n, s in enumerate(STATUSES, start=1)]
    pdf = render(labels, colours=colours)
    wanted = {**DEFAULT_COLOURS}
    if colours:
        wanted = {
            "QUARANTINE": "#00AEEF",
            "RELEASED": "#7B1FA2",
            "REJECTED": "#000000",
            "ON_HOLD": "#FFFFFF",
        }
    for image, status in zip(rasterise(pdf, dpi=150), STATUSES, strict=True):
        assert close(band_colour(image), hex_rgb(wanted[status])), status
    # Whatever the colours, the word is still there and the barcodes still read.
    for symbols, text, label in zip(decoded_pages(pdf), texts(pdf), labels, strict=True):
        assert WORDS[label.status] in text
        assert codes(symbols, "]C0") == [label.container_id]


def test_statuses_differ_in_black_and_white() -> None:
    """Printed on a monochrome printer with all colours white, four different labels."""
    white = dict.fromkeys(STATUSES, "#FFFFFF")
    labels = [container_label(1, 1, status=s) for s in STATUSES]
    images = [image.convert("L") for image in rasterise(render(labels, colours=white), dpi=100)]
    # Compare the frames only (border and band, without the word): blank the middle.
    for image in images:
        w, h = image.size
        image.paste(255, (int(w * 0.15), int(h * 0.05), int(w * 0.85), h))
    for a, b in itertools.combinations(range(4), 2):
        difference = ImageStat.Stat(ImageChops.difference(images[a], images[b])).mean[0]
        assert difference > 3, (STATUSES[a], STATUSES[b], difference)


# --- inputs --------------------------------------------------------------------------------


def test_status_words_accept_the_spoken_form_and_print_on_hold_with_a_space() -> None:
    pdf = render([container_label(1, 1, status="on hold")])
    assert "ON HOLD" in texts(pdf)[0]


def test_printed_at_in_another_zone_is_printed_as_utc() -> None:
    paris = datetime(2026, 3, 5, 15, 7, tzinfo=timezone(timedelta(hours=1)))
    assert (
        "Printed 2026-03-05 14:07 UTC"
        in texts(render([container_label(1, 1)], printed_at=paris))[0]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"labels": []}, "There are no labels to print."),
        ({"printed_at": datetime(2026, 3, 5, 14, 7)}, "The print time must be timezone-aware"),
        ({"printed_by": "  "}, "printed_by (the printed full name of who prints) is required."),
        ({"size": "a5"}, "Unknown label size 'a5'"),
        ({"colours": {"RELEASED": "greenish"}}, "'greenish' is not a colour (for RELEASED)"),
        ({"colours": {"EXPIRED": "#000000"}}, "Unknown status 'EXPIRED'"),
        ({"labels": [container_label(1, 1, status="DEPLETED")]}, "Unknown status 'DEPLETED'"),
        ({"labels": [container_label(3, 2)]}, "Container 3 of 2 is not possible."),
    ],
)
def test_refusals(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"labels": [container_label(1, 1)]}
    arguments.update(change)
    labels = arguments.pop("labels")
    with pytest.raises(ValueError) as caught:
        render(labels, **arguments)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def test_container_of_another_lot_and_a_missing_name_are_refused() -> None:
    label = container_label(1, 1)
    with pytest.raises(ValueError, match="L26-000043-001 is not of lot L26-000042"):
        render([replace(label, container_id="L26-000043-001")])
    with pytest.raises(ValueError, match="Who set the status of L26-000042-001 is missing"):
        render([replace(label, status_by=" ")])
