"""What all of Lotkeeper's PDFs share: fonts, printable text, UTC stamps, fitting, REPRINT.

Every print carries who printed it and when (UTC), and a reprint says so on every page
(Annex 11 / Part 11: a print is a record; a copy must not pass for the original).

Fonts are reportlab's built-in Helvetica family: nothing to embed or find on the PC. It covers
Latin-1 (é, µ, °, –) and reportlab falls back to the Symbol font for Greek (TGF-β, IFN-γ), but
not for other scripts; `pdf_text` spells such characters without their accent (Ł → L) or as
"?" rather than letting them print as black boxes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
MONO = "Courier"
CREATOR = "Lotkeeper"
REPRINT = "REPRINT"
# Letters NFKD does not decompose into a base letter and an accent.
_SPELLED = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "ß": "ss"}


def pdf_text(text: object) -> str:
    """`text` as the built-in fonts can print it: no control characters, no black boxes."""
    out = []
    for char in str(text):
        if char in "\t\r\n":
            out.append(" ")
        elif unicodedata.category(char).startswith("C"):
            continue  # control/format characters (GS, zero-width space...) print as nothing
        elif _printable(char):
            out.append(char)
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if _printable(c))
            out.append(base or _SPELLED.get(char, "?"))
    return "".join(out)


@cache
def _printable(char: str) -> bool:
    # The same test reportlab makes when it picks a font for a character (unicode2T1).
    font = getFont(FONT)
    for candidate in (font, *font.substitutionFonts):
        try:
            char.encode(candidate.encName)
        except UnicodeEncodeError:
            continue
        return not unicodedata.combining(char)
    return False


def markup(text: object) -> str:
    """Plain text made safe for a reportlab Paragraph (which parses <, > and & as markup)."""
    return escape(pdf_text(text))


def utc(moment: datetime, what: str = "time") -> datetime:
    """`moment` in UTC; a naive datetime is refused, since its zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"The {what} must be timezone-aware (UTC), got {moment!r}.")
    return moment.astimezone(UTC)


def utc_text(moment: datetime, what: str = "time", seconds: bool = False) -> str:
    """`2026-03-05 14:07 UTC`; with seconds for signatures (21 CFR 11.50 date and time)."""
    return utc(moment, what).strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M UTC")


def date_text(day: date | None) -> str:
    """ISO 8601 (2026-11-30): the one date form nobody reads the wrong way round."""
    return day.isoformat() if day else "—"


def quantity_text(quantity: Decimal | int | str, unit: str) -> str:
    """`2.5 mL`: a Decimal without trailing zeros or exponent (Decimal("1E+1") is 10)."""
    try:
        amount = Decimal(str(quantity))
    except InvalidOperation:
        raise ValueError(f"{quantity!r} is not a quantity.") from None
    return f"{amount.normalize():f} {pdf_text(unit)}".strip()


def printed_line(printed_by: str, printed_at: datetime) -> str:
    if not printed_by.strip():
        raise ValueError("printed_by (the printed full name of who prints) is required.")
    return f"Printed {utc_text(printed_at, 'print time')} by {pdf_text(printed_by.strip())}"


def fit_lines(
    text: str, font: str, width: float, max_lines: int, sizes: Sequence[float]
) -> tuple[float, list[str]]:
    """The largest size in `sizes` at which `text` wraps into `max_lines` lines of `width`.

    At the smallest size, what still does not fit ends with "…": the text never overflows.
    """
    for size in sizes:
        lines = wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return size, lines
    size = sizes[-1]
    lines = wrap(text, font, size, width)[:max_lines]
    last = lines[-1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    return size, [*lines[:-1], last.rstrip() + "…"]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is cut where it must be."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while stringWidth(word, font, size) > width:
            cut = len(word)
            while cut > 1 and stringWidth(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def draw_reprint_tag(canvas: Canvas, x: float, y: float, height: float) -> float:
    """A black box with REPRINT in white, bottom-left at (x, y); returns its width."""
    size = height * 0.62
    width = stringWidth(REPRINT, BOLD, size) + height * 0.6
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(x + width / 2, y + (height - size * 0.72) / 2, REPRINT)
    canvas.restoreState()
    return width
