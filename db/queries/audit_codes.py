"""The audit trail in the words people use: container codes, lot numbers, reference codes,
supplier and user names instead of the database's internal ids.

The trail records ids (they never change, codes are what people read). A page of events is
translated with one query per kind of record named on the page, never one per event; the raw
ids stay in the event's recorded values (shown in the event's detail).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.engine import Database
from db.models import (
    Batch,
    Container,
    Delivery,
    Deviation,
    Document,
    Lot,
    Reference,
    Supplier,
    User,
)
from db.queries.audit_list import AuditFilter, AuditRow, Stop, audit_page, describe

CHUNK = 500  # ids per IN list: well under every backend's parameter limit

# What people call a record of each table (its id column, its code column).
CODE_COLUMNS: dict[str, tuple[InstrumentedAttribute[int], InstrumentedAttribute[str]]] = {
    "containers": (Container.id, Container.code),
    "lots": (Lot.id, Lot.lot_number),
    "material_references": (Reference.id, Reference.code),
    "suppliers": (Supplier.id, Supplier.name),
    "deliveries": (Delivery.id, Delivery.number),
    "batches": (Batch.id, Batch.code),
    "documents": (Document.id, Document.filename),
    "deviations": (Deviation.id, Deviation.number),
    "users": (User.id, User.username),
}
RECORD_NAMES = {
    "containers": "container", "lots": "lot", "material_references": "reference",
    "suppliers": "supplier", "deliveries": "delivery", "batches": "batch",
    "documents": "document", "deviations": "deviation", "users": "user",
}  # fmt: skip
# Fields that hold another record's id, and that record's table.
FIELD_TABLES = {
    "container_id": "containers", "lot_id": "lots", "reference_id": "material_references",
    "backup_id": "material_references", "supplier_id": "suppliers",
    "delivery_id": "deliveries", "batch_id": "batches", "document_id": "documents",
    "deviation_id": "deviations",
}  # fmt: skip


def _table_of(name: str) -> str | None:
    if name in FIELD_TABLES:
        return FIELD_TABLES[name]
    return "users" if name.endswith("_by_id") or name == "user_id" else None


@dataclass(frozen=True)
class Codes:
    """Ids of one page's records and their codes, by table."""

    by_table: dict[str, dict[int, str]] = field(default_factory=dict)

    def code(self, table: str, record_id: int) -> str | None:
        return self.by_table.get(table, {}).get(record_id)

    def record(self, entity_type: str, entity_id: int) -> str:
        """`container L-2026-0042-01`, or `samples #12` for a record without a code."""
        code = self.code(entity_type, entity_id)
        if code is None:
            return f"{entity_type} #{entity_id}"
        return f"{RECORD_NAMES.get(entity_type, entity_type)} {code}"

    # -- what db.queries.audit_list.describe asks (its CodeBook) ----------------------------
    def label(self, name: str) -> str:
        """`container_id` reads `container` once its value is a code; user fields stay."""
        return name.removesuffix("_id") if name in FIELD_TABLES else name

    def value(self, name: str, value: Any) -> str | None:
        table = _table_of(name)
        if table is None or not isinstance(value, int) or isinstance(value, bool):
            return None
        return self.code(table, value) or f"#{value}"


def codes_for(session: Session, rows: Iterable[AuditRow]) -> Codes:
    """The codes of every record the events name: one query per table named."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row.entity_type in CODE_COLUMNS:
            wanted.setdefault(row.entity_type, set()).add(row.entity_id)
        for text in (row.old, row.new):
            for name, value in (json.loads(text) if text else {}).items():
                table = _table_of(name)
                if table is not None and isinstance(value, int):
                    wanted.setdefault(table, set()).add(value)
    return Codes({table: _codes(session, table, ids) for table, ids in wanted.items()})


def _codes(session: Session, table: str, ids: set[int]) -> dict[int, str]:
    id_column, code_column = CODE_COLUMNS[table]
    found: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        query = select(id_column, code_column).where(id_column.in_(chunk))
        found.update((row_id, code) for row_id, code in session.execute(query))
    return found


@dataclass(frozen=True)
class DescribedEvent:
    """An event, its change in words and the record it is about, by code."""

    event: AuditRow
    change: str
    record: str


def described(session: Session, rows: Sequence[AuditRow]) -> list[DescribedEvent]:
    codes = codes_for(session, rows)
    return [
        DescribedEvent(
            e, describe(e.old, e.new, codes=codes), codes.record(e.entity_type, e.entity_id)
        )
        for e in rows
    ]


def described_page(
    db: Database, wanted: AuditFilter, after: int | None, limit: int, stop: Stop
) -> tuple[list[DescribedEvent], int | None]:
    """A page of the trail (db.queries.audit_list.audit_page) in people's words."""
    page = audit_page(db, wanted, after, limit, stop=stop)
    with db.read() as session:
        return described(session, page.rows), page.next
