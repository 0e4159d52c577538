"""A lot's history from the audit trail: the lot and everything recorded about it.

The lot, its containers, receipt checklist, documents, samples, test results, signatures,
the uses of its containers, the prints of its labels and certificate, and the deviations that
name it: who, when, what action, old → new, and why. Each kind is read through the trail's
index on (entity_type, entity_id, seq), then merged in chain order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import lookups
from db.engine import Database
from db.models import (
    AuditEvent,
    Batch,
    Consumption,
    Container,
    Deviation,
    DeviationLink,
    Document,
    PrintRecord,
    ReceiptCheck,
    Sample,
    Signature,
    TestResult,
)
from db.queries.audit_list import Change, changes, user_names

CHUNK = 500  # ids per IN list: well under every backend's parameter limit
LOT_PRINTS = ("status_labels", "release_certificate")


@dataclass(frozen=True)
class HistoryEvent:
    seq: int
    at: datetime
    username: str
    action: str
    entity_type: str
    entity_id: int
    subject: str  # what the event is about, in words: "container L26-000042-003"
    changes: list[Change]
    reason: str | None

    @property
    def created(self) -> bool:
        return bool(self.changes) and self.changes[0].old is None


def lot_history(db: Database, lot_number: str) -> list[HistoryEvent]:
    with db.read() as session:
        lot = lookups.lot(session, lot_number)
        subjects = _subjects(session, lot.id, lot.lot_number)
        names = user_names(session)
        events: list[HistoryEvent] = []
        for entity_type, labels in subjects.items():
            for event in _events(session, entity_type, labels):
                events.append(
                    HistoryEvent(
                        event.seq,
                        event.at,
                        event.username,
                        event.action,
                        entity_type,
                        event.entity_id,
                        labels[event.entity_id],
                        changes(event.old, event.new, names),
                        event.reason,
                    )
                )
    return sorted(events, key=lambda e: e.seq)


def _subjects(session: Session, lot_id: int, number: str) -> dict[str, dict[int, str]]:
    """For each audited table, the ids that belong to this lot and how to name them."""
    containers: dict[int, str] = {
        row.id: row.code
        for row in session.execute(
            select(Container.id, Container.code).where(Container.lot_id == lot_id)
        )
    }
    return {
        "lots": {lot_id: f"lot {number}"},
        "containers": {i: f"container {code}" for i, code in containers.items()},
        "receipt_checks": _named(
            session,
            select(ReceiptCheck.id, ReceiptCheck.item).where(ReceiptCheck.lot_id == lot_id),
            "receipt check {}",
        ),
        "documents": _named(
            session,
            select(Document.id, Document.kind, Document.filename).where(Document.lot_id == lot_id),
            "document {} {}",
        ),
        "samples": _named(
            session, select(Sample.id, Sample.kind).where(Sample.lot_id == lot_id), "{} sample"
        ),
        "test_results": _named(
            session,
            select(TestResult.id, TestResult.kind, TestResult.name).where(
                TestResult.lot_id == lot_id
            ),
            "{} test {}",
        ),
        "signatures": _named(
            session,
            select(Signature.id, Signature.meaning).where(
                Signature.entity_type == "lots", Signature.entity_id == lot_id
            ),
            "signature “{}”",
        ),
        "consumptions": _uses(session, containers),
        "prints": _named(
            session,
            select(PrintRecord.id, PrintRecord.kind).where(
                PrintRecord.kind.in_(LOT_PRINTS), PrintRecord.subject == number
            ),
            "print of {}",
        ),
        "deviation_links": _named(
            session,
            select(DeviationLink.id, DeviationLink.deviation_id).where(
                DeviationLink.lot_id == lot_id
            ),
            "link to deviation #{}",
        ),
        "deviations": _named(
            session,
            select(Deviation.id, Deviation.number)
            .join(DeviationLink, DeviationLink.deviation_id == Deviation.id)
            .where(DeviationLink.lot_id == lot_id),
            "deviation {}",
        ),
    }


def _named(session: Session, query: object, pattern: str) -> dict[int, str]:
    rows = session.execute(query)  # type: ignore[call-overload]
    return {row[0]: pattern.format(*(str(v).replace("_", " ") for v in row[1:])) for row in rows}


def _uses(session: Session, containers: dict[int, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(list(containers)):
        rows = session.execute(
            select(Consumption.id, Consumption.container_id, Batch.code)
            .join(Batch, Consumption.batch_id == Batch.id)
            .where(Consumption.container_id.in_(chunk))
        )
        for use_id, container_id, batch in rows:
            found[use_id] = f"use of {containers[container_id]} in batch {batch}"
    return found


def _events(session: Session, entity_type: str, labels: dict[int, str]) -> Iterable[AuditEvent]:
    for chunk in _chunks(list(labels)):
        yield from session.scalars(
            # No ORDER BY: the events of every kind are merged and sorted once, in Python.
            select(AuditEvent).where(
                AuditEvent.entity_type == entity_type, AuditEvent.entity_id.in_(chunk)
            )
        )


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
