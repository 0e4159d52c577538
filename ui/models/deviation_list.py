"""The deviations list (db.queries.deviation_list) as one table."""

from __future__ import annotations

from datetime import datetime

from db.queries.deviation_list import DeviationRow
from ui.models.row_table import Column, RowTable

SEVERITY_COLOURS = {"critical": "#b3261e", "major": "#9a6700", "minor": "#444444"}
OPEN_INK = "#b3261e"


def when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at else ""


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
    Column[DeviationRow]("Opened (UTC)", lambda r: when(r.opened_at)),
    Column[DeviationRow]("Opened by", lambda r: r.opened_by),
    Column[DeviationRow]("Closed (UTC)", lambda r: when(r.closed_at)),
    Column[DeviationRow]("Closed by", lambda r: r.closed_by or ""),
]


class DeviationListModel(RowTable[DeviationRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)

    def deviation(self, row: int) -> DeviationRow:
        return self.row_at(row)

    def row_of(self, number: str) -> int | None:
        return next((i for i, r in enumerate(self.rows()) if r.number == number), None)
