"""`lotkeeper audit verify`: the trail, what it means, and the records, in one snapshot.

- the trail: every link, every keyed hash (HMAC with the site key), the head, the witness's
  checkpoints, and the database guards (triggers) that keep it append-only;
- what it means: the replay of lot statuses, signatures and roles against the GMP rules
  (db/integrity/semantics.py), and each container's quantity against what was received,
  used and sampled;
- the records: every audited row holds what the trail last recorded for it, every document
  still has its SHA-256, every signature still binds what was signed.
All reads share one snapshot, so other workstations writing meanwhile never raise an alarm.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.audit import audit_value
from db.engine import Database
from db.errors import Refused
from db.integrity import chain_check, guards
from db.integrity.report import MEANING, NO_EVENT, RECORDS, TRAIL, Problem, VerifyReport
from db.integrity.sealing import identity, key_for
from db.integrity.semantics import Replay
from db.integrity.site_key import SiteKey
from db.integrity.witness import WitnessReading
from db.models import Base, Consumption, Container, Document, Lot, Sample, Signature, User
from db.serialize import plain, sha256_hex

BATCH = 5000

__all__ = ["Problem", "VerifyReport", "verify"]


def verify(db: Database, *, backup: bool = False) -> VerifyReport:
    """`backup`: `db` is a copy taken earlier (checkpoints after its end are not a problem)."""
    report = VerifyReport()
    with db.read() as session:
        key = _key(db, session, report)
    # The witness is read before the snapshot starts: a checkpoint is written after its
    # transaction commits, so every checkpoint read here is of a transaction the snapshot sees.
    witness = _witness(db, key, report)
    with db.snapshot() as session:
        ends = frozenset(p.seq for p in witness.checkpoints) if witness else frozenset()
        replay = Replay(report, key.keyed_from if key else 1, ends)
        fields: dict[tuple[str, int], dict[str, tuple[Any, str, int]]] = {}

        def visit(event: chain_check.Event) -> None:
            known = fields.setdefault((event.entity_type, event.entity_id), {})
            label = event.label  # one string per event, shared by its fields
            for name, value in event.new.items():
                known[name] = (value, label, event.seq)
            replay(event)

        chain_check.walk(session, key, witness, report, visit, backup=backup)
        replay.finish()
        replay.compare(
            session.execute(select(Lot.id, Lot.status)).all(),
            session.execute(select(User.id, User.roles)).all(),
        )
        for problem in guards.missing(session):
            report.add(NO_EVENT, problem, TRAIL)
        _check_containers(session, report)
        for model in _audited_models():
            _check_table(session, model, fields, report)
        _unrecorded(fields, report)
        _check_documents(session, report)
        _check_signatures(session, report)
    return report


def _key(db: Database, session: Session, report: VerifyReport) -> SiteKey | None:
    if identity(session) is None:
        report.add(0, "the record has no identity (no site key): run `lotkeeper init`", TRAIL)
        return None
    try:
        key = key_for(session, db.integrity)
    except Refused as refusal:
        report.add(0, f"the keyed chain cannot be checked: {refusal.message}", TRAIL)
        return None
    report.keyed_from = key.keyed_from
    if key.keyed_from > 1:
        report.notes.append(
            f"events #1..#{key.keyed_from - 1} predate the site key: plain SHA-256 chain"
        )
    return key


def _witness(db: Database, key: SiteKey | None, report: VerifyReport) -> WitnessReading | None:
    if key is None or db.integrity is None or db.integrity.witness is None:
        report.notes.append("no witness folder configured: checkpoints not compared")
        return None
    reading = db.integrity.witness.read(key)
    report.checkpoints = len(reading.checkpoints)
    for line in reading.forged_lines:
        report.add(
            0,
            f"witness {reading.path} line {line} does not verify with the site key "
            "(added or altered behind the program's back)",
            TRAIL,
        )
    if not reading.checkpoints:
        report.add(
            0,
            f"no witness checkpoints in {reading.path}: the witness file is "
            "missing or empty (restore it, or check the witness folder)",
            TRAIL,
        )
    return reading


def _audited_models() -> list[type[Base]]:
    return [m.class_ for m in Base.registry.mappers if m.class_.__audited__]


def _check_containers(session: Session, report: VerifyReport) -> None:
    """Each container holds what was received, minus what was used and sampled from it."""
    used = (
        select(Consumption.container_id, func.sum(Consumption.quantity).label("q"))
        .group_by(Consumption.container_id)
        .subquery()
    )
    sampled = (
        select(Sample.container_id, func.sum(Sample.quantity).label("q"))
        .where(Sample.container_id.is_not(None))
        .group_by(Sample.container_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Container.code, Container.initial_quantity, Container.quantity, used.c.q, sampled.c.q
        )
        .outerjoin(used, used.c.container_id == Container.id)
        .outerjoin(sampled, sampled.c.container_id == Container.id)
        .order_by(Container.id)
        .execution_options(yield_per=BATCH)
    )
    for code, initial, now, used_q, sampled_q in rows:
        spent = (used_q or Decimal(0)) + (sampled_q or Decimal(0))
        if initial - spent != now:
            report.add(
                NO_EVENT,
                f"container {code} holds {now} but {initial} received minus {spent} used or "
                f"sampled leaves {initial - spent}",
                MEANING,
            )


def _check_table(
    session: Session,
    model: type[Base],
    fields: dict[tuple[str, int], dict[str, tuple[Any, str, int]]],
    report: VerifyReport,
) -> None:
    columns = model.audited_columns()
    table = model.__tablename__
    query = select(*columns).order_by(model.__table__.c.id)
    for row in session.execute(query.execution_options(yield_per=BATCH)):
        report.records += 1
        values = row._mapping
        recorded = fields.pop((table, values["id"]), None)
        if recorded is None:
            report.add(
                NO_EVENT,
                f"{table} #{values['id']} has no audit trail: it was added behind the "
                "program's back",
                RECORDS,
            )
            continue
        for column in columns:
            now = audit_value(column, values[column.key])
            known = recorded.get(column.key)
            if known is None:
                if now is not None:
                    report.add(
                        NO_EVENT,
                        f"{table} #{values['id']}: {column.key} = {now!r} was "
                        "never recorded in the audit trail",
                        RECORDS,
                    )
            elif known[0] != now:
                report.add(
                    known[2],
                    f"{known[1]}: {table} #{values['id']} {column.key} was recorded as "
                    f"{known[0]!r} but the database now holds {now!r} (changed behind the "
                    "program's back)",
                    RECORDS,
                )


def _unrecorded(
    fields: dict[tuple[str, int], dict[str, tuple[Any, str, int]]], report: VerifyReport
) -> None:
    for (table, entity_id), known in fields.items():
        if known:
            seq = max(f[2] for f in known.values())
            report.add(
                seq,
                f"{table} #{entity_id}, recorded by event #{seq}, is missing from the database",
                RECORDS,
            )


def _check_documents(session: Session, report: VerifyReport) -> None:
    query = select(Document.id, Document.sha256, Document.content).order_by(Document.id)
    for doc_id, digest, content in session.execute(query.execution_options(yield_per=50)):
        report.documents += 1
        if sha256_hex(content) != digest:
            report.add(
                NO_EVENT,
                f"document #{doc_id}: its bytes no longer match their SHA-256 "
                "(the file was replaced)",
                RECORDS,
            )


def _check_signatures(session: Session, report: VerifyReport) -> None:
    tables = {m.__tablename__: m for m in _audited_models()}
    digests = dict(session.execute(select(Document.id, Document.sha256)).all())
    for sig in session.scalars(
        select(Signature).order_by(Signature.id).execution_options(yield_per=BATCH)
    ):
        report.signatures += 1
        for text in _signature_problems(session, sig, tables, digests):
            report.add(
                NO_EVENT, f"signature #{sig.id} ({sig.meaning} by {sig.full_name}): {text}", RECORDS
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
