"""What a forger does with direct access to the database (the sqlite3 shell, psql).

Each helper uses a plain connection of its own, as someone outside Lotkeeper would: no
audit hooks, no site key unless the forger is handed one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

from db.audit import GENESIS_HASH, HASHED_FIELDS, event_hash
from db.integrity.site_key import SiteKey
from db.serialize import canonical_json, sha256_hex
from tests.fixtures.world import Unit


def raw(unit: Unit, sql: str, **params: Any) -> None:
    """A change made outside Lotkeeper."""
    with unit.db.engine.begin() as connection:
        connection.execute(text(sql), params)


@contextmanager
def unguarded(unit: Unit) -> Iterator[Connection]:
    """A connection with the database's guards out of the way: on PostgreSQL a superuser's
    `session_replication_role = replica` (triggers do not fire), on SQLite dropped triggers."""
    with unit.db.engine.begin() as connection:
        if unit.db.dialect == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            names = connection.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
            for (name,) in list(names):
                connection.execute(text(f"DROP TRIGGER {name}"))
        yield connection


def last_event(connection: Connection) -> tuple[int, str]:
    row = connection.execute(text("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"))
    found = row.first()
    return (found[0], found[1]) if found else (0, GENESIS_HASH)


def append_event(
    connection: Connection,
    key: SiteKey | None,
    *,
    entity_type: str,
    entity_id: int,
    action: str,
    new: dict[str, Any],
    old: dict[str, Any] | None = None,
    user_id: int | None = 1,
    username: str = "admin",
) -> int:
    """Insert an event that links to the last one, hashed as `event_hash` does (with the key
    if the forger has it, plain SHA-256 if not), and move the head onto it."""
    seq, previous = last_event(connection)
    at = connection.execute(text("SELECT at FROM audit_events WHERE seq = :s"), {"s": seq}).scalar()
    row = {
        "seq": seq + 1,
        "at": at,
        "user_id": user_id,
        "username": username,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "old": None if old is None else canonical_json(old),
        "new": canonical_json(new),
        "reason": None,
        "prev_hash": previous,
    }
    hashed = dict(row, at=_as_datetime(at))
    row["hash"] = event_hash(hashed, key) if key else _plain_sha(hashed)
    connection.execute(
        text(
            "INSERT INTO audit_events (seq, at, user_id, username, action, entity_type, "
            "entity_id, old, new, reason, prev_hash, hash) VALUES (:seq, :at, :user_id, "
            ":username, :action, :entity_type, :entity_id, :old, :new, :reason, :prev_hash, :hash)"
        ),
        row,
    )
    connection.execute(
        text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"),
        {"seq": row["seq"], "hash": row["hash"]},
    )
    return int(row["seq"])


def rechain_from(connection: Connection, key: SiteKey, first: int) -> None:
    """Recompute every hash from event `first` on, with the key, and the head: what a forger
    holding the key does after rewriting an event."""
    rows = connection.execute(
        text(f"SELECT {', '.join(HASHED_FIELDS)}, hash FROM audit_events WHERE seq >= :f "
             "ORDER BY seq"),
        {"f": first},
    ).mappings().all()  # fmt: skip
    previous = (
        connection.execute(
            text("SELECT hash FROM audit_events WHERE seq = :s"), {"s": first - 1}
        ).scalar()
        or GENESIS_HASH
    )
    for stored in rows:
        row = dict(stored, prev_hash=previous, at=_as_datetime(stored["at"]))
        digest = event_hash(row, key)
        connection.execute(
            text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE seq = :s"),
            {"p": previous, "h": digest, "s": row["seq"]},
        )
        previous = digest
    connection.execute(
        text("UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_events), hash = :h"),
        {"h": previous},
    )


def _plain_sha(row: dict[str, Any]) -> str:
    """The chain's hash as it was before site keys: what `db.audit.event_hash` computed."""
    return sha256_hex(canonical_json({n: row[n] for n in HASHED_FIELDS}))


def _as_datetime(value: Any) -> datetime:
    """Raw rows give SQLite's text or PostgreSQL's aware datetime; the chain hashes UTC ISO."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(UTC)
