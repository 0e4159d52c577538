"""`lotkeeper audit verify`: recompute the chain, replay it against the tables, re-hash.

Detects an event changed, removed or inserted (hash chain, sequence, head), a record changed
behind the program's back (its values differ from what the trail last recorded), a record
with no trail, a document whose bytes no longer match their hash, and a signature whose
content or signed record changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import GENESIS_HASH, audit_value, event_hash
from db.engine import Database
from db.models import AuditEvent, AuditHead, Base, Document, Signature
from db.serialize import plain, sha256_hex

BATCH = 5000
NO_EVENT = 1 << 62  # problems that no event names sort last


@dataclass
class Problem:
    seq: int
    text: str


@dataclass
class VerifyReport:
    events: int = 0
    records: int = 0
    documents: int = 0
    signatures: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def first(self) -> str | None:
        return min(self.problems, key=lambda p: p.seq).text if self.problems else None


@dataclass
class _Field:
    value: Any
    seq: int
    label: str


def verify(db: Database) -> VerifyReport:
    report = VerifyReport()
    with db.read() as session:
        state = _check_chain(session, report)
        for model in _audited_models():
            _check_table(session, model, state, report)
        for (table, entity_id), fields in state.items():
            if fields:
                seq = max(f.seq for f in fields.values())
                report.problems.append(
                    Problem(
                        seq,
                        f"{table} #{entity_id}, recorded by event "
                        f"#{seq}, is missing from the database",
                    )
                )
        _check_documents(session, report)
        _check_signatures(session, report)
    return report


def _audited_models() -> list[type[Base]]:
    return [m.class_ for m in Base.registry.mappers if m.class_.__audited__]


def _events(session: Session) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
        session.expunge_all()


def _describe(event: AuditEvent) -> str:
    return f"event #{event.seq} ({event.action} by {event.username} at {plain(event.at)})"


def _check_chain(
    session: Session, report: VerifyReport
) -> dict[tuple[str, int], dict[str, _Field]]:
    state: dict[tuple[str, int], dict[str, _Field]] = {}
    previous, expected_seq = GENESIS_HASH, 1
    for event in _events(session):
        report.events += 1
        label = _describe(event)
        row = {
            name: getattr(event, name)
            for name in (
                "seq",
                "at",
                "user_id",
                "username",
                "action",
                "entity_type",
                "entity_id",
                "old",
                "new",
                "reason",
                "prev_hash",
            )
        }
        if event.seq != expected_seq:
            report.problems.append(
                Problem(
                    event.seq, f"{label}: expected event #{expected_seq} here; events were removed"
                )
            )
        elif event.prev_hash != previous:
            report.problems.append(
                Problem(event.seq, f"{label}: does not follow the previous event (chain broken)")
            )
        elif event_hash(row) != event.hash:
            report.problems.append(
                Problem(
                    event.seq,
                    f"{label}: its content was changed after it was written (hash mismatch)",
                )
            )
        previous, expected_seq = event.hash, event.seq + 1
        fields = state.setdefault((event.entity_type, event.entity_id), {})
        for name, value in json.loads(event.new or "{}").items():
            fields[name] = _Field(value, event.seq, label)
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    if (head.seq, head.hash) != (expected_seq - 1, previous):
        report.problems.append(
            Problem(
                expected_seq,
                f"the chain head names event #{head.seq} "
                f"but the trail ends at #{expected_seq - 1}: events were "
                "removed or added behind the program's back",
            )
        )
    return state


def _check_table(
    session: Session,
    model: type[Base],
    state: dict[tuple[str, int], dict[str, _Field]],
    report: VerifyReport,
) -> None:
    columns = model.audited_columns()
    table = model.__tablename__
    query = select(*columns).order_by(model.__table__.c.id)
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        report.records += 1
        values = row._mapping
        recorded = state.pop((table, values["id"]), None)
        if recorded is None:
            report.problems.append(
                Problem(
                    NO_EVENT,
                    f"{table} #{values['id']} has no audit "
                    "trail: it was added behind the program's back",
                )
            )
            continue
        for column in columns:
            now = audit_value(column, values[column.key])
            known = recorded.get(column.key)
            if known is None or known.value != now:
                report.problems.append(_mismatch(table, values["id"], column.key, now, known))


def _mismatch(table: str, entity_id: int, name: str, now: Any, known: _Field | None) -> Problem:
    if known is None:
        return Problem(
            NO_EVENT,
            f"{table} #{entity_id}: {name} = {now!r} was never recorded in the audit trail",
        )
    return Problem(
        known.seq,
        f"{known.label}: {table} #{entity_id} {name} was recorded as "
        f"{known.value!r} but the database now holds {now!r} (changed behind the "
        "program's back)",
    )


def _check_documents(session: Session, report: VerifyReport) -> None:
    query = select(Document.id, Document.sha256, Document.content).order_by(Document.id)
    for doc_id, digest, content in session.execute(query.execution_options(yield_per=50)):
        report.documents += 1
        if sha256_hex(content) != digest:
            report.problems.append(
                Problem(
                    NO_EVENT,
                    f"document #{doc_id}: its bytes no longer "
                    "match their SHA-256 (the file was replaced)",
                )
            )


def _check_signatures(session: Session, report: VerifyReport) -> None:
    tables = {m.__tablename__: m for m in _audited_models()}
    digests = dict(session.execute(select(Document.id, Document.sha256)).all())
    for sig in session.scalars(
        select(Signature).order_by(Signature.id).execution_options(yield_per=BATCH)
    ):
        report.signatures += 1
        for text in _signature_problems(session, sig, tables, digests):
            report.problems.append(
                Problem(NO_EVENT, f"signature #{sig.id} ({sig.meaning} by {sig.full_name}): {text}")
            )


def _signature_problems(
    session: Session, sig: Signature, tables: dict[str, type[Base]], digests: dict[int, str]
) -> list[str]:
    if sha256_hex(sig.content) != sig.content_sha256:
        return ["its signed content was changed (hash mismatch)"]
    content = json.loads(sig.content)
    if (content["meaning"], content["full_name"], content["signed_at"]) != (
        sig.meaning,
        sig.full_name,
        plain(sig.signed_at),
    ):
        return ["its printed name, meaning or time differ from the signed content"]
    record = content["record"]
    model = tables[record["table"]]
    row = session.get(model, record["id"])
    if row is None:
        return [f"the signed {record['table']} #{record['id']} is missing"]
    columns = {c.key: c for c in model.__table__.columns}
    problems = [
        f"signed {record['table']} #{record['id']} {name} was {value!r}, now "
        f"{audit_value(columns[name], getattr(row, name))!r}"
        for name, value in record["fields"].items()
        if audit_value(columns[name], getattr(row, name)) != value
    ]
    for doc in content.get("evidence", {}).get("documents", []):
        if digests.get(doc["id"]) != doc["sha256"]:
            problems.append(f"signed document #{doc['id']} ({doc['filename']}) changed")
    return problems
