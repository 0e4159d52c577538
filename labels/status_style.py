"""How each status looks on a label: its word, colour, band pattern and border.

Colour is never the only signal: label printers are often monochrome thermal printers, and
photocopies are grey. Each status has its own band pattern and border, readable in black and
white: QUARANTINE diagonal stripes and a dashed border, RELEASED a plain band and a heavy solid
border, REJECTED cross-hatching and a double border, ON HOLD horizontal stripes and a dotted
border. The status word sits on a clear plate so the pattern never crosses its letters, in
black or white, whichever contrasts more with the (configurable) colour.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from labels.pdf_common import BOLD, REPRINT, draw_reprint_tag
from labels.status_words import DEFAULT_COLOURS, STATUS_WORDS  # also read from here


def status_key(status: str) -> str:
    """The database form of a status: "on hold", "On Hold" and "ON_HOLD" are all ON_HOLD."""
    key = "_".join(status.strip().upper().replace("_", " ").split())
    if key not in STATUS_WORDS:
        raise ValueError(f"Unknown status {status!r}; expected one of {', '.join(STATUS_WORDS)}.")
    return key


def status_palette(colours: Mapping[str, str] | None) -> dict[str, colors.Color]:
    """Every status's colour: the defaults, overridden by `colours` (status -> "#RRGGBB")."""
    chosen = dict(DEFAULT_COLOURS)
    for status, colour in (colours or {}).items():
        chosen[status_key(status)] = colour
    palette = {}
    for status, colour in chosen.items():
        try:
            palette[status] = colors.toColor(colour)
        except ValueError:
            raise ValueError(f"{colour!r} is not a colour (for {status}); use #RRGGBB.") from None
    return palette


def draw_border(
    canvas: Canvas, status: str, x: float, y: float, width: float, height: float
) -> None:
    """The status's border around the label cell at (x, y), 1.2 mm inside its edge."""
    gap = 1.2 * mm
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    if status == "QUARANTINE":
        canvas.setLineWidth(1.6)
        canvas.setDash(3 * mm, 1.5 * mm)
    elif status == "RELEASED":
        canvas.setLineWidth(2.6)
    elif status == "REJECTED":
        canvas.setLineWidth(1)
        canvas.rect(
            x + gap + 1.1 * mm,
            y + gap + 1.1 * mm,
            width - 2 * gap - 2.2 * mm,
            height - 2 * gap - 2.2 * mm,
        )
    else:  # ON_HOLD: round dots
        canvas.setLineWidth(1.8)
        canvas.setLineCap(1)
        canvas.setDash(0.01, 1.6 * mm)
    canvas.rect(x + gap, y + gap, width - 2 * gap, height - 2 * gap)
    canvas.restoreState()


def draw_band(
    canvas: Canvas,
    status: str,
    colour: colors.Color,
    x: float,
    y: float,
    width: float,
    height: float,
    reprint: bool,
) -> None:
    """The band: colour, the status's pattern, the word on a plain plate, REPRINT if so."""
    canvas.saveState()
    canvas.setFillColor(colour)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    path = canvas.beginPath()
    path.rect(x, y, width, height)
    canvas.clipPath(path, stroke=0, fill=0)
    _pattern(canvas, status, x, y, width, height)
    canvas.restoreState()
    tag_height = height * 0.42
    room = width
    if reprint:
        tag_width = stringWidth(REPRINT, BOLD, tag_height * 0.62) + tag_height * 0.6
        draw_reprint_tag(
            canvas, x + width - tag_width - 1 * mm, y + (height - tag_height) / 2, tag_height
        )
        room = width - tag_width - 2 * mm
    word = STATUS_WORDS[status]
    size = min(height * 0.66 / 0.718, (room - 5 * mm) / stringWidth(word, BOLD, 1))
    word_width = stringWidth(word, BOLD, size)
    middle = x + room / 2
    canvas.saveState()
    canvas.setFillColor(colour)
    plate = 1.8 * mm
    canvas.rect(
        middle - word_width / 2 - plate,
        y + 1 * mm,
        word_width + 2 * plate,
        height - 2 * mm,
        stroke=0,
        fill=1,
    )
    canvas.setFillColor(_ink(colour))
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(middle, y + (height - size * 0.718) / 2, word)
    canvas.restoreState()


def _pattern(canvas: Canvas, status: str, x: float, y: float, width: float, height: float) -> None:
    step = 2.4 * mm
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.9)
    if status == "QUARANTINE" or status == "REJECTED":
        offset = -height
        while offset < width:
            canvas.line(x + offset, y, x + offset + height, y + height)
            if status == "REJECTED":
                canvas.line(x + offset, y + height, x + offset + height, y)
            offset += step
    elif status == "ON_HOLD":
        level = y + step / 2
        while level < y + height:
            canvas.line(x, level, x + width, level)
            level += step


def _ink(background: colors.Color) -> colors.Color:
    """Black or white, whichever contrasts more with `background` (WCAG luminance)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (background.red, background.green, background.blue))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return colors.black if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else colors.white
