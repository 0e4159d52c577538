"""Functional and identity tests on a lot, with their report when there is one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db import lookups
from db.documents import add_document
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import DocumentKind, LotStatus, Role, TestKind, TestResult
from db.users import Actor, require


@dataclass(frozen=True)
class ResultRecorded:
    id: int
    lot: str
    kind: str
    name: str
    passed: bool
    document_id: int | None


def record_result(
    db: Database,
    actor: Actor,
    lot_number: str,
    *,
    kind: str,
    name: str,
    passed: bool,
    value: str | None = None,
    performed_on: date | None = None,
    report: tuple[str, bytes] | None = None,
) -> ResultRecorded:
    if kind not in {k.value for k in TestKind}:
        raise Refused(f"unknown test kind {kind!r}: choose functional, identity or other")
    if not name.strip():
        raise Refused("name the test")
    with db.write(user_id=actor.id, username=actor.username, action="test.record") as s:
        require(s, actor, Role.TECHNICIAN, Role.QA)
        lot = lookups.lot(s, lot_number, lock=True)
        if lot.status == LotStatus.REJECTED:
            raise Refused(f"{lot.lot_number} is REJECTED: its record is closed")
        today = tx_now(s).date()
        performed = performed_on or today
        if performed > today:
            raise Refused(f"the test date {performed} is in the future")
        document_id = None
        if report is not None:
            document_id = add_document(s, actor, lot, DocumentKind.TEST_REPORT, *report).id
        result = TestResult(
            lot_id=lot.id,
            kind=kind,
            name=name.strip(),
            passed=passed,
            value=(value or "").strip() or None,
            document_id=document_id,
            performed_on=performed,
            recorded_at=tx_now(s),
            recorded_by_id=actor.id,
        )
        s.add(result)
        s.flush()
        return ResultRecorded(result.id, lot.lot_number, kind, result.name, passed, document_id)
