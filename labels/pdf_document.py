"""A4 documents (logs, certificates, records): styles, tables, header and footer.

Every page has the document's title in its header, and in its footer who printed it, when
(UTC) and "page n of m"; a reprint has REPRINT in the header and as a watermark.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from labels.pdf_common import (
    BOLD,
    CREATOR,
    FONT,
    MONO,
    REPRINT,
    draw_reprint_tag,
    markup,
    pdf_text,
    printed_line,
)

MARGIN = 15 * mm
GREY = colors.Color(0.35, 0.35, 0.35)

Row = TypeVar("Row")
Align = Literal["left", "centre", "right"]
_ALIGNMENTS = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT}


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8, leading=10),
        # 7 pt Courier: a 64-digit SHA-256 fits on one line of a 290 pt column.
        "mono": ParagraphStyle("mono", parent=base, fontName=MONO, fontSize=7, leading=9.5),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
        ),
    }


def render_document(
    story: list[Flowable],
    *,
    title: str,
    pagesize: tuple[float, float],
    printed_by: str,
    printed_at: datetime,
    reprint: bool,
) -> bytes:
    """An A4 document with header (title, REPRINT) and footer (printed by/at, page n of m)."""
    printed = printed_line(printed_by, printed_at)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN + 6 * mm,
        title=pdf_text(title),
        author=pdf_text(printed_by),
        creator=CREATOR,
    )

    def on_page(canvas: Canvas, _doc: Any) -> None:
        # Drawn before the page's content, so the watermark sits under the text.
        _header(canvas, pagesize, pdf_text(title), reprint)

    def furniture(canvas: Canvas, page: int, pages: int) -> None:
        _footer(canvas, pagesize, printed, page, pages)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=_numbered(furniture))
    return buffer.getvalue()


def para(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def strong(text: object) -> Paragraph:
    """A bold table cell: for results that must stand out without colour (NOT MET, NOT OK)."""
    return Paragraph(f"<b>{markup(text)}</b>", styles()["cell"])


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a table: its heading, where its value comes from, how wide, how set.

    value: the name of the row's field, or a function of the row for a cell built from
    several fields or a word (MET / NOT MET). Taking each value by name, never by position,
    means a column cannot show another column's value when a field is added or moved.
    share: the column's share of the table's width (a table's shares add up to 1).
    mono: set in Courier (hashes, codes).
    """

    header: str
    value: str | Callable[[Row], object]
    share: float
    align: Align = "left"
    mono: bool = False

    def cell(self, row: Row) -> object:
        if isinstance(self.value, str):
            return getattr(row, self.value)
        return self.value(row)


def table(
    columns: Sequence[Column[Row]], rows: Sequence[Row], width: float, *, empty: str
) -> Table:
    """A ruled table whose header row repeats on every page; cells wrap, never overflow.

    Plain values are escaped; a Flowable (e.g. a Paragraph with markup) is used as it is.
    Without rows, `empty` ("nothing recorded") spans the whole width.
    """
    if abs(sum(c.share for c in columns) - 1) > 0.005:
        raise ValueError(f"column shares add up to {sum(c.share for c in columns)}, not 1")
    s = styles()
    heads = [_aligned(s["head"], c.align) for c in columns]
    cells = [_aligned(s["mono"] if c.mono else s["cell"], c.align) for c in columns]
    data: list[list[object]] = [[para(c.header, h) for c, h in zip(columns, heads, strict=True)]]
    for row in rows:
        values = [c.cell(row) for c in columns]
        data.append(
            [
                v if isinstance(v, Flowable) else para(v, st)
                for v, st in zip(values, cells, strict=True)
            ]
        )
    spans = []
    if not rows:
        data.append([para(empty, s["cell"])] + [""] * (len(columns) - 1))
        spans.append(("SPAN", (0, 1), (-1, 1)))
    result = Table(data, colWidths=[c.share * width for c in columns], repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
                ("GRID", (0, 0), (-1, -1), 0.4, GREY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *spans,
            ]
        )
    )
    return result


def _aligned(style: ParagraphStyle, align: Align) -> ParagraphStyle:
    if align == "left":
        return style
    return ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=_ALIGNMENTS[align])


def fields(pairs: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Table:
    """Label/value pairs laid out in `columns` pairs per row, labels in grey."""
    s = styles()
    key = ParagraphStyle("key", parent=s["cell"], textColor=GREY)
    value = ParagraphStyle("value", parent=s["cell"], fontName=BOLD)
    cells = [(para(k, key), v if isinstance(v, Flowable) else para(v, value)) for k, v in pairs]
    cells += [(para("", key), para("", value))] * (-len(cells) % columns)
    data = [
        [c for pair in cells[i : i + columns] for c in pair] for i in range(0, len(cells), columns)
    ]
    pair = width / columns
    table = Table(data, colWidths=[pair * 0.32, pair * 0.68] * columns)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _header(canvas: Canvas, pagesize: tuple[float, float], title: str, reprint: bool) -> None:
    width, height = pagesize
    top = height - MARGIN
    canvas.saveState()
    if reprint:
        # A faint diagonal word under the content: a cut-out part of the page still says it.
        canvas.saveState()
        canvas.setFillColor(colors.Color(0, 0, 0, alpha=0.07))
        canvas.setFont(BOLD, min(width, height) / 5)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -min(width, height) / 14, REPRINT)
        canvas.restoreState()
        draw_reprint_tag(canvas, width - MARGIN - 26 * mm, top - 5.5 * mm, 6 * mm)
    canvas.setFillColor(colors.black)
    canvas.setFont(BOLD, 10)
    canvas.drawString(MARGIN, top - 4 * mm, title)
    canvas.setFont(FONT, 7)
    canvas.setFillColor(GREY)
    if not reprint:
        canvas.drawRightString(width - MARGIN, top - 4 * mm, CREATOR)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 7 * mm, width - MARGIN, top - 7 * mm)
    canvas.restoreState()


def _footer(
    canvas: Canvas, pagesize: tuple[float, float], printed: str, page: int, pages: int
) -> None:
    width, _height = pagesize
    y = MARGIN
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(colors.black)
    canvas.drawString(MARGIN, y, printed)
    canvas.drawRightString(width - MARGIN, y, f"Page {page} of {pages}")
    canvas.restoreState()


def _numbered(furniture: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that holds its pages until the end, so each can say "page n of m"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                furniture(self, number, len(self._pages))
                super().showPage()
            super().save()

    return NumberedCanvas
