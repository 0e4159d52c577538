"""A lot's evidence for review: its documents, samples and test results (lot_detail rows).

Three short read-only lists of one lot, each a RowTable over its own columns, so a view never
formats a row itself.
"""

from __future__ import annotations

from db.queries.lot_detail import DocumentRow, ResultRow, SampleRow
from ui.models.row_table import Column, RowTable
from ui.presentation.formats import day, moment, quantity

DOCUMENT_KINDS = {
    "coa": "Certificate of analysis",
    "sterility": "Sterility certificate",
    "tse": "TSE certificate",
    "test_report": "Test report",
    "other": "Other document",
}


def kind_name(kind: str) -> str:
    return DOCUMENT_KINDS.get(kind, kind)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


DOCUMENT_COLUMNS = [
    Column[DocumentRow]("Kind", lambda d: kind_name(d.kind)),
    Column[DocumentRow]("File", lambda d: d.filename),
    Column[DocumentRow]("Size", lambda d: _size(d.size), right=True),
    Column[DocumentRow]("Attached", lambda d: f"{moment(d.uploaded_at)} by {d.uploaded_by}"),
    Column[DocumentRow]("SHA-256", lambda d: d.sha256[:12] + "…", tooltip=lambda d: d.sha256),
]
SAMPLE_COLUMNS = [
    Column[SampleRow]("Kind", lambda s: s.kind),
    Column[SampleRow]("Quantity", lambda s: quantity(s.quantity), right=True),
    Column[SampleRow]("Location", lambda s: s.location or "—"),
    Column[SampleRow]("Taken", lambda s: f"{day(s.taken_at)} by {s.taken_by}"),
    Column[SampleRow]("Retain until", lambda s: day(s.retain_until)),
    Column[SampleRow]("Disposed", lambda s: day(s.disposed_at)),
]
RESULT_COLUMNS = [
    Column[ResultRow]("Kind", lambda r: r.kind),
    Column[ResultRow]("Test", lambda r: r.name),
    Column[ResultRow]("Result", lambda r: "PASS" if r.passed else "FAIL"),
    Column[ResultRow]("Value", lambda r: r.value or "—"),
    Column[ResultRow]("Performed", lambda r: day(r.performed_on)),
    Column[ResultRow]("Recorded by", lambda r: r.recorded_by),
]


class DocumentsModel(RowTable[DocumentRow]):
    def __init__(self) -> None:
        super().__init__(DOCUMENT_COLUMNS)


class SamplesModel(RowTable[SampleRow]):
    def __init__(self) -> None:
        super().__init__(SAMPLE_COLUMNS)


class ResultsModel(RowTable[ResultRow]):
    def __init__(self) -> None:
        super().__init__(RESULT_COLUMNS)
