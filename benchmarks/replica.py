"""The history of a template unit, replicated k times: new ids, new numbers, a re-sealed trail.

The template's transactions are replayed in order. One that touches only per-lot tables
(receipt, evidence, decision, dispense) is emitted k times in a row, copy c a millisecond
after copy c-1 (the template's clock ticks seven seconds a call, so the trail stays in time
order); the others (the record's set-up, users, the catalog) are emitted once. Every value is
mapped the same way in the rows and in the trail: ids through the map of the copy, datetimes
shifted, lot, delivery and batch numbers renumbered in order of appearance (and the strings
that carry them: container codes, file names, reasons, signed content), supplier lots made
distinct. Each emitted transaction is sealed as `db.audit` seals one (its `event_row` and
`event_hash`) and gets the witness checkpoint the app would write.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, String, Text

from db import audit
from db.integrity.sealing import Sealed, checkpoint_reason
from db.models import Base
from db.serialize import canonical_json, plain, sha256_hex

# Rows that belong to one lot's life; a transaction touching only these is replicated.
PER_LOT = frozenset({
    "deliveries", "lots", "receipt_checks", "containers", "documents", "samples",
    "test_results", "signatures", "batches", "consumptions", "prints",
})  # fmt: skip
NAME = re.compile(r"\b(?:[LD]\d\d-\d{6}|CAR-T-\d{4}-\d{3,})\b")
NAMED = {"lots": "lot_number", "deliveries": "number", "batches": "code"}
STEP = timedelta(milliseconds=1)


@dataclass
class Tx:
    """One template transaction: its events (payloads parsed) and how often it is emitted."""

    events: list[dict[str, Any]]
    copies: int


@dataclass(frozen=True)
class Checkpoint:
    sealed: Sealed
    at: datetime
    by: str
    why: str


def transactions(events: Iterator[dict[str, Any]], k: int) -> list[Tx]:
    """Adjacent events of one instant, actor and action are one transaction (the app's rule)."""
    found: list[Tx] = []
    last: tuple[Any, ...] | None = None
    for event in events:
        event["old"] = None if event["old"] is None else json.loads(event["old"])
        event["new"] = None if event["new"] is None else json.loads(event["new"])
        key = (event["at"], event["username"], event["action"])
        if key != last:
            found.append(Tx([], 1))
            last = key
        found[-1].events.append(event)
    for tx in found:
        if all(e["entity_type"] in PER_LOT for e in tx.events):
            tx.copies = k
    return found


class _Table:
    def __init__(self, name: str) -> None:
        table = Base.metadata.tables[name]
        self.fk = {c.key: next(iter(c.foreign_keys)).column.table.name
                   for c in table.columns if c.foreign_keys}  # fmt: skip
        self.polymorphic = "entity_type" in table.columns and "entity_id" in table.columns
        self.text = {c.key for c in table.columns if isinstance(c.type, String | Text)}
        self.datetime = {c.key for c in table.columns if _is_datetime(c.type)}


def _is_datetime(kind: Any) -> bool:
    impl = getattr(kind, "impl", kind)
    return isinstance(impl, DateTime)


class Replicator:
    """Maps (ids, numbers, times) for each copy, and the sealed trail of the result."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.ids: dict[tuple[str, int], list[int]] = {}
        self.last_id: dict[str, int] = defaultdict(int)
        self.names: dict[tuple[str, int], str] = {}
        self.series: dict[str, int] = defaultdict(int)
        self.tables = {name: _Table(name) for name in Base.metadata.tables}

    # -- allocation: ids and numbers, in the order the app would have given them ------------
    def allocate(self, txs: list[Tx]) -> None:
        for tx in txs:
            for c in range(tx.copies):
                for event in tx.events:
                    if event["old"] is None:
                        self._allocate(event["entity_type"], event["entity_id"], event["new"], c)

    def _allocate(self, table: str, template_id: int, new: dict[str, Any], c: int) -> None:
        self.last_id[table] += 1
        self.ids.setdefault((table, template_id), []).append(self.last_id[table])
        column = NAMED.get(table)
        if column is None:
            return
        old = new[column]
        if table == "batches":
            year = old.split("-")[2]
            series = f"batch:{year}"
            self.series[series] += 1
            fresh = f"CAR-T-{year}-{self.series[series]:03d}"
        else:
            series = f"{'lot' if table == 'lots' else 'delivery'}:20{old[1:3]}"
            self.series[series] += 1
            fresh = f"{old[:3]}-{self.series[series]:06d}"
        self.names[(old, c)] = fresh

    def id(self, table: str, template_id: int, c: int) -> int:
        ids = self.ids.get((table, template_id))
        if ids is None:
            return template_id  # not created by the trail (present before it): kept
        return ids[0] if len(ids) == 1 else ids[c]

    # -- values ------------------------------------------------------------------------------
    def value(self, table: str, column: str, value: Any, c: int, row: dict[str, Any]) -> Any:
        if value is None:
            return None
        info = self.tables[table]
        if column == "id":
            return self.id(table, value, c)
        if column in info.fk:
            return self.id(info.fk[column], value, c)
        if column == "entity_id" and info.polymorphic:
            return self.id(row.get("entity_type") or "", value, c)
        if column in info.datetime:
            return self._shift(value, c)
        if isinstance(value, str) and column in info.text:
            return self._text(table, column, value, c)
        return value

    def _shift(self, value: datetime | str, c: int) -> datetime | str:
        if not c:
            return value
        if isinstance(value, str):
            return plain(datetime.fromisoformat(value) + c * STEP)
        return value + c * STEP

    def _text(self, table: str, column: str, value: str, c: int) -> str:
        if table == "signatures" and column == "content":
            return self.content(value, c)
        if table == "lots" and column == "supplier_lot" and c and value[2:].isdigit():
            return f"{value[:2]}{(int(value[2:]) + c * 7919) % 10**6:06d}"
        return self.rename(value, c)

    def rename(self, value: str, c: int) -> str:
        if "-" not in value:
            return value
        return NAME.sub(lambda m: self.names.get((m[0], c), m[0]), value)

    def row(self, table: str, row: dict[str, Any], c: int) -> dict[str, Any]:
        return self._payload(table, row, row, c)

    def content(self, text: str, c: int) -> str:
        """A signature's signed content, mapped as the rows it binds (same serializer)."""
        signed = json.loads(text)
        record = signed["record"]
        table = record["table"]
        record["fields"] = self.row(table, record["fields"], c)
        record["id"] = self.id(table, record["id"], c)
        signed["signed_at"] = self._shift(signed["signed_at"], c)
        signed["evidence"] = self._evidence(signed.get("evidence"), c)
        return canonical_json(signed)

    def _evidence(self, value: Any, c: int, table: str | None = None) -> Any:
        if isinstance(value, dict):
            return {
                name: self.id(table, item, c)
                if name == "id" and table
                else self._evidence(item, c, name if name in self.tables else None)
                for name, item in value.items()
            }
        if isinstance(value, list):
            return [self._evidence(item, c, table) for item in value]
        return self.rename(value, c) if isinstance(value, str) else value

    # -- the trail ---------------------------------------------------------------------------
    def sealed(
        self, txs: list[Tx], key: Any, start_seq: int = 0, start_hash: str = audit.GENESIS_HASH
    ) -> Iterator[tuple[list[dict[str, Any]], Checkpoint | None]]:
        """Each emitted transaction's event rows, sealed in chain order, and its checkpoint."""
        seq, previous = start_seq, start_hash
        for tx in txs:
            for c in range(tx.copies):
                rows = []
                for event in tx.events:
                    seq += 1
                    row = self._event(event, seq, c)
                    row["prev_hash"] = previous
                    row["hash"] = previous = audit.event_hash(row, key)
                    rows.append(row)
                yield rows, self._checkpoint(tx, rows, c)

    def _event(self, event: dict[str, Any], seq: int, c: int) -> dict[str, Any]:
        table = event["entity_type"]
        old, new = event["old"], event["new"]
        context = audit.AuditContext(
            event["user_id"],
            event["username"],
            event["action"],
            None if event["reason"] is None else self.rename(event["reason"], c),
            self._shift(event["at"], c),  # type: ignore[arg-type]
        )
        full = new or {}
        return audit.event_row(
            seq,
            context,
            table,
            self.id(table, event["entity_id"], c),
            None if old is None else self._payload(table, old, full, c),
            None if new is None else self._payload(table, new, full, c),
        )

    def _payload(
        self, table: str, payload: dict[str, Any], context: dict[str, Any], c: int
    ) -> dict[str, Any]:
        out = {name: self.value(table, name, value, c, context) for name, value in payload.items()}
        if table == "signatures" and "content" in out:
            out["content_sha256"] = sha256_hex(out["content"])
        return out

    def _checkpoint(self, tx: Tx, rows: list[dict[str, Any]], c: int) -> Checkpoint | None:
        events = tx.events
        sealed = Sealed(
            first=rows[0]["seq"],
            last=rows[-1]["seq"],
            head=rows[-1]["hash"],
            signature=any(e["entity_type"] == "signatures" and e["old"] is None for e in events),
            roles=any(e["entity_type"] == "users" and "roles" in (e["new"] or {}) for e in events),
            action=events[0]["action"],
        )
        why = checkpoint_reason(sealed)
        if why is None:
            return None
        return Checkpoint(sealed, rows[0]["at"], events[0]["username"], why)
