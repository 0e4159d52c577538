"""The deviations list (db.queries.deviation_list) as one table."""

from __future__ import annotations

from db.queries.deviation_list import DeviationRow
from ui.models.row_table import Column, RowTable
from ui.presentation.formats import moment, moment_with_zone
from ui.presentation.palette import ERROR, SEVERITY_COLOURS

OPEN_INK = ERROR


COLUMNS = [
    Column[DeviationRow]("Number", lambda r: r.number),
    Column[DeviationRow]("Domain", lambda r: r.domain_name),
    Column[DeviationRow](
        "Severity", lambda r: r.severity, colour=lambda r: SEVERITY_COLOURS.get(r.severity)
    ),
    Column[DeviationRow]("Title", lambda r: r.title, tooltip=lambda r: r.description or r.title),
    Column[DeviationRow](
        "Status",
        lambda r: r.status.upper(),
        colour=lambda r: OPEN_INK if r.status == "open" else None,
    ),
    Column[DeviationRow](
        "Opened", lambda r: moment(r.opened_at), tooltip=lambda r: moment_with_zone(r.opened_at)
    ),
    Column[DeviationRow]("Opened by", lambda r: r.opened_by),
    Column[DeviationRow](
        "Closed",
        lambda r: moment(r.closed_at) if r.closed_at else "",
        tooltip=lambda r: moment_with_zone(r.closed_at) if r.closed_at else "",
    ),
    Column[DeviationRow]("Closed by", lambda r: r.closed_by or ""),
]


class DeviationListModel(RowTable[DeviationRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)

    def deviation(self, row: int) -> DeviationRow:
        return self.row_at(row)

    def row_of(self, number: str) -> int | None:
        return next((i for i, r in enumerate(self.rows()) if r.number == number), None)
