"""The reference-sample log (EU GMP Part IV, Annex 19): where each retained sample is, who took
it, until when it is kept, and how it left.

A4 landscape: seven columns need the width, and the log is read as a register, row by row.
The header row repeats on every page so a loose page still says what its columns are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Paragraph, Spacer

from labels.pdf_common import date_text, markup, quantity_text
from labels.pdf_document import MARGIN, Column, para, render_document, styles, table

TITLE = "Reference-sample log"


@dataclass(frozen=True, kw_only=True)
class ReferenceSample:
    """One reference (retention) sample.

    lot_number: internal lot number the sample was taken from.
    reference_code, reference_name: the material (reference) it is.
    quantity, unit: the amount kept (Decimal, int or a decimal string) and its unit.
    location: where it is stored (freezer, rack, box, position).
    taken_by: printed full name of who took it; taken_on: the date it was taken.
    retain_until: the date until which it must be kept.
    disposed_on, disposed_by, disposal_note: how it was disposed of; all None while it is kept.
    """

    lot_number: str
    reference_code: str
    reference_name: str
    quantity: Decimal | int | str
    unit: str
    location: str
    taken_by: str
    taken_on: date
    retain_until: date
    disposed_on: date | None = None
    disposed_by: str | None = None
    disposal_note: str | None = None


def render_sample_log(
    samples: Sequence[ReferenceSample],
    *,
    printed_by: str,
    printed_at: datetime,
    reprint: bool = False,
    subtitle: str = "",
) -> bytes:
    """The log as A4 landscape PDF bytes, one row per sample in the order given.

    subtitle: an optional line under the title, e.g. the unit's name or a filter in use.
    """
    s = styles()
    page = landscape(A4)
    width = page[0] - 2 * MARGIN
    kept = sum(1 for sample in samples if sample.disposed_on is None)
    story = [
        para(TITLE, s["title"]),
        para(subtitle, s["body"]) if subtitle else Spacer(0, 0),
        para(
            f"{len(samples)} reference sample(s): {kept} kept, {len(samples) - kept} disposed.",
            s["body"],
        ),
        Spacer(0, 6),
    ]
    story.append(table(COLUMNS, samples, width, empty="No reference samples are recorded."))
    return render_document(
        story,
        title=TITLE,
        pagesize=page,
        printed_by=printed_by,
        printed_at=printed_at,
        reprint=reprint,
    )


def _reference(sample: ReferenceSample) -> Paragraph:
    return Paragraph(
        f"<b>{markup(sample.reference_code)}</b><br/>{markup(sample.reference_name)}",
        styles()["cell"],
    )


def _taken(sample: ReferenceSample) -> Paragraph:
    return Paragraph(
        f"{markup(sample.taken_by)}<br/>{date_text(sample.taken_on)}", styles()["cell"]
    )


def _disposal(sample: ReferenceSample) -> Paragraph:
    cell = styles()["cell"]
    if sample.disposed_on is None:
        return Paragraph("<i>kept (not disposed)</i>", cell)
    parts = [f"<b>{date_text(sample.disposed_on)}</b>"]
    if sample.disposed_by:
        parts.append(f"by {markup(sample.disposed_by)}")
    if sample.disposal_note:
        parts.append(markup(sample.disposal_note))
    return Paragraph("<br/>".join(parts), cell)


# Shares of the printable width; the disposal note gets the most room.
COLUMNS: tuple[Column[ReferenceSample], ...] = (
    Column("Lot", "lot_number", 0.085),
    Column("Reference", _reference, 0.2),
    Column("Quantity", lambda s: quantity_text(s.quantity, s.unit), 0.075, align="right"),
    Column("Storage location", "location", 0.13),
    Column("Taken by, on", _taken, 0.14),
    Column("Retain until", lambda s: date_text(s.retain_until), 0.08),
    Column("Disposal (date, by, note)", _disposal, 0.29),
)
