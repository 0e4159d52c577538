"""The records against the trail: every audited row holds what its events last recorded, every
container what was received minus what was used, every document its SHA-256, every signature
what was signed.

`fields` maps (table, id) to the merged `new` values of that row's events (later events win).
Which event recorded a value is looked up only when a problem names it. `only` restricts a
check to the rows an incremental verify's new events touched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from db.audit import audit_value
from db.integrity.chain_check import event_of
from db.integrity.fast_trail import EVENT_COLUMNS, column_converter, raw_batches
from db.integrity.report import MEANING, NO_EVENT, RECORDS, VerifyReport
from db.models import Base, Consumption, Container, Document, Sample, Signature
from db.serialize import plain, sha256_hex

Fields = dict[tuple[str, int], dict[str, Any]]
Only = dict[str, set[int]] | None  # table -> ids; None: every row
CHUNK = 500


def audited_models() -> list[type[Base]]:
    return [m.class_ for m in Base.registry.mappers if m.class_.__audited__]


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _rows_of(session: Session, sql: str, ids: set[int] | None) -> Iterable[tuple[Any, ...]]:
    if ids is None:
        for batch in raw_batches(session, f"{sql} ORDER BY id"):
            yield from batch
        return
    for chunk in chunks(ids):  # ids are ints from the trail: safe to inline
        for batch in raw_batches(session, f"{sql} WHERE id IN ({','.join(map(str, chunk))})"):
            yield from batch


def check_table(
    session: Session, model: type[Base], fields: Fields, report: VerifyReport, only: Only = None
) -> None:
    table = model.__tablename__
    if only is not None and not only.get(table):
        return
    columns = model.audited_columns()
    names = [c.key for c in columns]
    converters = [column_converter(session, c) for c in columns]
    quote = session.get_bind().dialect.identifier_preparer.quote
    sql = f"SELECT {', '.join(quote(c.name) for c in columns)} FROM {quote(table)}"
    plain_row = all(c is None for c in converters)
    for raw in _rows_of(session, sql, None if only is None else only[table]):
        values = (
            raw
            if plain_row
            else [v if c is None else c(v) for c, v in zip(converters, raw, strict=True)]
        )
        now = dict(zip(names, values, strict=True))
        report.records += 1
        recorded = fields.pop((table, now["id"]), None)
        if recorded is None:
            report.add(
                NO_EVENT,
                f"{table} #{now['id']} has no audit trail: it was added behind the program's back",
                RECORDS,
            )
        elif recorded != now:  # equal: every column holds what was last recorded
            _compare(session, table, recorded, now, report)


def _compare(
    session: Session,
    table: str,
    recorded: dict[str, Any],
    now: dict[str, Any],
    report: VerifyReport,
) -> None:
    for name, value in now.items():
        if name not in recorded:
            if value is not None:
                report.add(
                    NO_EVENT,
                    f"{table} #{now['id']}: {name} = {value!r} was never recorded in the "
                    "audit trail",
                    RECORDS,
                )
        elif recorded[name] != value:
            seq, label = recorder(session, table, now["id"], name)
            report.add(
                seq,
                f"{label}: {table} #{now['id']} {name} was recorded as {recorded[name]!r} but "
                f"the database now holds {value!r} (changed behind the program's back)",
                RECORDS,
            )


def recorder(session: Session, table: str, entity_id: int, name: str | None) -> tuple[int, str]:
    """The last event that recorded `name` of this row (None: any value), and its label."""
    sql = (
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM audit_events WHERE entity_type = %(t)s "
        "AND entity_id = %(i)s ORDER BY seq DESC"
    )
    for batch in raw_batches(session, sql, {"t": table, "i": entity_id}):
        for row in batch:
            new = json.loads(row[8] or "{}")
            if (name in new) if name is not None else bool(new):
                event = event_of((row[0], canonical_at(row[1]), *row[2:]), new)
                return event.seq, event.label
    return NO_EVENT, f"{table} #{entity_id}"


def canonical_at(value: Any) -> str:
    """An event's `at` as read raw (SQLite text, a PostgreSQL datetime) -> plain() text."""
    text = plain(value)
    return f"{text[:10]}T{text[11:]}Z" if len(text) == 26 and text[10] == " " else text


def unrecorded(session: Session, fields: Fields, report: VerifyReport) -> None:
    for (table, entity_id), known in fields.items():
        if known:
            seq, _ = recorder(session, table, entity_id, None)
            report.add(
                seq,
                f"{table} #{entity_id}, recorded by event #{seq}, is missing from the database",
                RECORDS,
            )


def check_containers(session: Session, report: VerifyReport, only: Only = None) -> None:
    """Each container holds what was received, minus what was used and sampled from it. The
    arithmetic runs in SQL on the stored thousandths (exact); only disagreements come back."""
    if only is not None and not only.get("containers"):
        return
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
    zero = literal_column("0")
    query = (
        select(
            Container.code, Container.initial_quantity, Container.quantity, used.c.q, sampled.c.q
        )
        .outerjoin(used, used.c.container_id == Container.id)
        .outerjoin(sampled, sampled.c.container_id == Container.id)
        .where(
            Container.initial_quantity
            - func.coalesce(used.c.q, zero)
            - func.coalesce(sampled.c.q, zero)
            != Container.quantity
        )
        .order_by(Container.id)
    )
    if only is not None:
        query = query.where(Container.id.in_(sorted(only["containers"])))
    for code, initial, now, used_q, sampled_q in session.execute(query):
        spent = (used_q or Decimal(0)) + (sampled_q or Decimal(0))
        report.add(
            NO_EVENT,
            f"container {code} holds {now} but {initial} received minus {spent} used or "
            f"sampled leaves {initial - spent}",
            MEANING,
        )


def check_documents(session: Session, report: VerifyReport, only: Only = None) -> None:
    if only is not None and not only.get("documents"):
        return
    query = select(Document.id, Document.sha256, Document.content).order_by(Document.id)
    if only is not None:
        query = query.where(Document.id.in_(sorted(only["documents"])))
    for doc_id, digest, content in session.execute(query.execution_options(yield_per=50)):
        report.documents += 1
        if sha256_hex(content) != digest:
            report.add(
                NO_EVENT,
                f"document #{doc_id}: its bytes no longer match their SHA-256 "
                "(the file was replaced)",
                RECORDS,
            )


def check_signatures(session: Session, report: VerifyReport, only: Only = None) -> None:
    """Each signature still binds what was signed: its content, name, meaning and time, the
    signed row's fields and the documents it named. The signed rows are read in batches."""
    query = select(
        Signature.id, Signature.meaning, Signature.full_name, Signature.signed_at,
        Signature.content, Signature.content_sha256,
    ).order_by(Signature.id)  # fmt: skip
    signatures = [
        s for s in session.execute(query).all()
        if only is None or s.id in only.get("signatures", ()) or _touches(s.content, only)
    ]  # fmt: skip
    tables = {m.__tablename__: m for m in audited_models()}
    contents = {s.id: _content(s.content) for s in signatures}
    wanted: dict[str, set[int]] = {}
    for content in contents.values():
        if content is not None:
            wanted.setdefault(content["record"]["table"], set()).add(content["record"]["id"])
    signed = _signed_rows(session, tables, wanted)
    digests = dict(session.execute(select(Document.id, Document.sha256)).all())
    for sig in signatures:
        report.signatures += 1
        for text in _problems(sig, contents[sig.id], tables, signed, digests):
            report.add(
                NO_EVENT, f"signature #{sig.id} ({sig.meaning} by {sig.full_name}): {text}", RECORDS
            )


def _content(text: str) -> dict[str, Any] | None:
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _touches(text: str, only: dict[str, set[int]]) -> bool:
    content = _content(text)
    if content is None:
        return True
    record = content.get("record", {})
    return record.get("id") in only.get(record.get("table"), ())


def _signed_rows(
    session: Session, tables: dict[str, type[Base]], wanted: dict[str, set[int]]
) -> dict[tuple[str, int], Any]:
    found: dict[tuple[str, int], Any] = {}
    for table, ids in wanted.items():
        model = tables[table]
        for chunk in chunks(ids):
            rows = session.execute(select(model.__table__).where(model.__table__.c.id.in_(chunk)))
            for row in rows:
                found[(table, row.id)] = row
    return found


def _problems(
    sig: Any,
    content: dict[str, Any] | None,
    tables: dict[str, type[Base]],
    signed: dict[tuple[str, int], Any],
    digests: dict[int, str],
) -> list[str]:
    if sha256_hex(sig.content) != sig.content_sha256 or content is None:
        return ["its signed content was changed (hash mismatch)"]
    if (content["meaning"], content["full_name"], content["signed_at"]) != (
        sig.meaning,
        sig.full_name,
        plain(sig.signed_at),
    ):
        return ["its printed name, meaning or time differ from the signed content"]
    record = content["record"]
    row = signed.get((record["table"], record["id"]))
    if row is None:
        return [f"the signed {record['table']} #{record['id']} is missing"]
    columns = {c.key: c for c in tables[record["table"]].__table__.columns}
    problems = []
    for name, value in record["fields"].items():
        now = audit_value(columns[name], row._mapping[columns[name]])
        if now != value:
            problems.append(
                f"signed {record['table']} #{record['id']} {name} was {value!r}, now {now!r}"
            )
    for doc in content.get("evidence", {}).get("documents", []):
        if digests.get(doc["id"]) != doc["sha256"]:
            problems.append(f"signed document #{doc['id']} ({doc['filename']}) changed")
    return problems
