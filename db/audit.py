"""The audit trail, written by the unit of work itself so that no write can escape it.

Every flush in a write session is inspected: each inserted or changed row of an audited table
becomes one event (merged per row and transaction) with old and new values. At commit the
events are appended to the chain under a lock on the chain head, so concurrent workstations
append one after the other and the chain never forks. Each event's hash is an HMAC-SHA256
with the site key (db/integrity/site_key.py) over its fields and the previous event's hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from db.integrity.sealing import Sealed
from db.integrity.site_key import SiteKey
from db.models import AuditEvent, AuditHead
from db.models.base import AUDIT_DIGEST, Base
from db.serialize import canonical_json, plain, sha256_hex

GENESIS_HASH = "0" * 64
_PENDING = "audit_pending"
CONTEXT = "audit_context"
KEY = "audit_key"  # session.info: the SiteKey that seals this transaction's events
SEALED = "audit_sealed"  # session.info after commit: what was appended (a Sealed)


@dataclass(frozen=True)
class AuditContext:
    """Who acts, doing what, why, and the transaction's time (one UTC instant for all)."""

    user_id: int | None
    username: str
    action: str
    reason: str | None
    at: datetime


@dataclass
class _Change:
    entity_type: str
    entity_id: int
    old: dict[str, Any] | None
    new: dict[str, Any] = field(default_factory=dict)


def install(sessions: sessionmaker[Session]) -> None:
    """Make every session of this factory audit its writes."""
    event.listen(sessions, "before_flush", _refuse_deletes)
    event.listen(sessions, "after_flush", _collect)
    event.listen(sessions, "before_commit", _seal)
    event.listen(sessions, "do_orm_execute", _refuse_bulk_writes)


def forbid_writes(sessions: sessionmaker[Session]) -> None:
    """Read sessions: any attempt to flush a change is a programming error."""

    def _no_flush(session: Session, *_: Any) -> None:
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("write attempted in a read-only session")

    event.listen(sessions, "before_flush", _no_flush)
    event.listen(sessions, "do_orm_execute", _refuse_bulk_writes)


def audit_value(column: Any, value: Any) -> Any:
    if column.info.get("audit") == AUDIT_DIGEST and value is not None:
        return sha256_hex(str(value))
    return plain(value)


def snapshot(obj: Base) -> dict[str, Any]:
    """The audited values of a row as the trail records them."""
    return {c.key: audit_value(c, getattr(obj, c.key)) for c in type(obj).audited_columns()}


def _refuse_deletes(session: Session, *_: Any) -> None:
    if session.deleted:
        raise RuntimeError("records are never deleted; record a correction instead")


def _refuse_bulk_writes(orm_execute_state: Any) -> None:
    # Bulk UPDATE/DELETE would bypass the unit of work and so the audit trail.
    if orm_execute_state.is_update or orm_execute_state.is_delete:
        raise RuntimeError("bulk UPDATE/DELETE bypasses the audit trail")


def _collect(session: Session, _flush_context: Any) -> None:
    pending: dict[tuple[str, int], _Change] = session.info.setdefault(_PENDING, {})
    for obj in session.new:
        if isinstance(obj, Base) and obj.__audited__:
            key = (obj.__tablename__, obj.id)  # type: ignore[attr-defined]
            pending[key] = _Change(*key, old=None, new=snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, Base) and obj.__audited__:
            _collect_update(pending, obj)


def _collect_update(pending: dict[tuple[str, int], _Change], obj: Base) -> None:
    state = inspect(obj)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for column in type(obj).audited_columns():
        history = state.attrs[column.key].history
        if not history.added:
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0]
        if audit_value(column, before) == audit_value(column, after):
            continue
        old[column.key] = audit_value(column, before)
        new[column.key] = audit_value(column, after)
    if not new:
        return
    key = (obj.__tablename__, obj.id)  # type: ignore[attr-defined]
    change = pending.setdefault(key, _Change(*key, old={}))
    if change.old is not None:
        for name, value in old.items():
            change.old.setdefault(name, value)
    change.new.update(new)


def _seal(session: Session) -> None:
    session.flush()
    pending: dict[tuple[str, int], _Change] = session.info.pop(_PENDING, {})
    if not pending:
        return
    context: AuditContext | None = session.info.get(CONTEXT)
    if context is None:
        raise RuntimeError("write outside a workflow: no audit context")
    key: SiteKey | None = session.info.get(KEY)
    if key is None:
        raise RuntimeError("write without the site key")
    connection = session.connection()
    head = connection.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()
    ).one()
    seq, previous = head.seq, head.hash
    rows = []
    for change in pending.values():
        seq += 1
        row = event_row(seq, context, change.entity_type, change.entity_id, change.old, change.new)
        row["prev_hash"] = previous
        row["hash"] = event_hash(row, key)
        previous = row["hash"]
        rows.append(row)
    connection.execute(insert(AuditEvent), rows)
    connection.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=previous))
    if connection.dialect.name == "postgresql":
        # Delivered at commit to every workstation listening (db/change_feed.py).
        connection.execute(text("SELECT pg_notify('lotkeeper_changes', :head)"), {"head": str(seq)})
    session.info[SEALED] = Sealed(
        first=head.seq + 1,
        last=seq,
        head=previous,
        signature=any(c.entity_type == "signatures" and c.old is None for c in pending.values()),
        roles=any(c.entity_type == "users" and "roles" in c.new for c in pending.values()),
        action=context.action,
    )


def event_row(
    seq: int,
    context: AuditContext,
    entity_type: str,
    entity_id: int,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": context.at,
        "user_id": context.user_id,
        "username": context.username,
        "action": context.action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "old": None if old is None else canonical_json(old),
        "new": None if new is None else canonical_json(new),
        "reason": context.reason,
    }


HASHED_FIELDS = (
    "seq", "at", "user_id", "username", "action", "entity_type", "entity_id",
    "old", "new", "reason", "prev_hash",
)  # fmt: skip


def event_hash(row: dict[str, Any], key: SiteKey | None) -> str:
    """HMAC-SHA256 with the site key over the event's fields, including the previous event's
    hash (the chain). Events sealed before the record had a key: plain SHA-256."""
    text = canonical_json({name: row[name] for name in HASHED_FIELDS})
    if key is None or row["seq"] < key.keyed_from:
        return sha256_hex(text)
    return key.mac(text)
