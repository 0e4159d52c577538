"""The lots awaiting a QA decision, one row per lot (db.queries.review_queue rows)."""

from __future__ import annotations

from db.prerequisites import Prerequisite
from db.queries.review_queue import ReviewRow
from ui.models.row_table import Column, RowTable
from ui.presentation.formats import day, moment_with_zone
from ui.presentation.palette import MET, MISSING

# Short words for the queue column; the full evidence sentence is in the tooltip and the panel.
SHORT_NAMES = {
    "coa": "CoA",
    "sterility_certificate": "sterility cert.",
    "functional_test": "functional test",
    "reference_sample": "reference sample",
    "supplier_qualified": "supplier qualification",
    "receipt_conforming": "receipt conformity",
    "not_expired": "expired",
}
MISSING_INK = MISSING
READY_INK = MET


def status_word(status: str) -> str:
    return status.replace("_", " ")


def short_name(prerequisite: Prerequisite) -> str:
    return SHORT_NAMES.get(prerequisite.code, prerequisite.code.replace("_", " "))


def summary(row: ReviewRow) -> str:
    """'6/6 met — ready' or '3/5 met — missing: CoA, functional test'."""
    head = f"{row.met}/{row.total} met"
    if row.ready:
        return f"{head} — ready"
    return f"{head} — missing: " + ", ".join(short_name(p) for p in row.missing)


def missing_tooltip(row: ReviewRow) -> str:
    if row.ready:
        return "Every release prerequisite is met."
    return "Missing:\n" + "\n".join(f"• {p.detail}" for p in row.missing)


COLUMNS = [
    Column[ReviewRow]("Lot", lambda r: r.lot),
    Column[ReviewRow]("Status", lambda r: status_word(r.status)),
    Column[ReviewRow](
        "Reference",
        lambda r: f"{r.reference} {r.reference_name}",
        tooltip=lambda r: f"{r.reference} {r.reference_name} — {r.supplier}",
    ),
    Column[ReviewRow]("Supplier lot", lambda r: r.supplier_lot),
    Column[ReviewRow]("Expiry", lambda r: day(r.expiry), sort=lambda r: r.expiry.toordinal()),
    Column[ReviewRow](
        "Received",
        lambda r: day(r.received_at),
        tooltip=lambda r: f"received {moment_with_zone(r.received_at)} by {r.received_by}",
        sort=lambda r: -r.age_days,
    ),
    Column[ReviewRow]("Age", lambda r: f"{r.age_days} d", right=True, sort=lambda r: r.age_days),
    Column[ReviewRow](
        "Release",
        summary,
        tooltip=missing_tooltip,
        colour=lambda r: READY_INK if r.ready else MISSING_INK,
        sort=lambda r: r.total - r.met,
    ),
]


class ReviewQueueModel(RowTable[ReviewRow]):
    LOT, STATUS, REFERENCE, SUPPLIER_LOT, EXPIRY, RECEIVED, AGE, PREREQUISITES = range(8)

    def __init__(self) -> None:
        super().__init__(COLUMNS)

    def find(self, lot: str) -> int:
        """The row of `lot`, or -1."""
        return next((i for i, r in enumerate(self.rows()) if r.lot == lot), -1)
