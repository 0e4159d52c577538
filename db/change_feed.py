"""Which part of the record changed since a screen last looked, whoever changed it.

Other workstations write to the same record; screens must not show an old truth. Two cheap
signals tell that something was committed, without reading anything: on SQLite the file's
`PRAGMA data_version` (it moves when another connection commits), on PostgreSQL a
`NOTIFY lotkeeper_changes` sent by every sealing transaction (delivered at commit). Only then
is the chain head read, and the kinds of records its new events touched.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from db.engine import Database
from db.models import AuditEvent, AuditHead

CHANNEL = "lotkeeper_changes"
MAX_SPAN = 20_000  # beyond this many new events, say "everything" rather than list them


@dataclass(frozen=True)
class RecordChange:
    """The chain head now, and the tables its new events touched (None: any table)."""

    head: int
    tables: frozenset[str] | None

    def touches(self, *tables: str) -> bool:
        return self.tables is None or bool(self.tables.intersection(tables))


class ChangeFeed:
    """Asked often (`signalled`, no database read), read rarely (`since`)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.last = head(db)
        self._listener = _Listener.for_database(db)

    def signalled(self) -> bool:
        """Has anything been committed since the last call? Cheap enough for a 1 s timer."""
        return self._listener.signalled()

    def since(self) -> RecordChange | None:
        """What changed since the last change this feed reported (None: nothing)."""
        now = head(self.db)
        if now <= self.last:
            return None
        previous, self.last = self.last, now
        if now - previous > MAX_SPAN:
            return RecordChange(now, None)
        with self.db.read() as session:
            tables = session.scalars(
                select(AuditEvent.entity_type)
                .where(AuditEvent.seq > previous, AuditEvent.seq <= now)
                .distinct()
            ).all()
        return RecordChange(now, frozenset(tables))

    def close(self) -> None:
        self._listener.close()


def head(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(AuditHead.seq).where(AuditHead.id == 1)) or 0)


class _Listener:
    @staticmethod
    def for_database(db: Database) -> _Listener:
        if db.dialect == "postgresql":
            return _PostgresListener(db.url)
        return _SqliteListener(db.engine.url.database or "")

    def signalled(self) -> bool:
        return True  # unknown: always look

    def close(self) -> None:
        return None


class _SqliteListener(_Listener):
    """Its own read-only connection: data_version moves when another connection commits."""

    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False
        )
        self._version = self._read()

    def _read(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def signalled(self) -> bool:
        version = self._read()
        moved, self._version = version != self._version, version
        return moved

    def close(self) -> None:
        self._connection.close()


class _PostgresListener(_Listener):
    """An autocommit connection that LISTENs; notifications are collected without waiting."""

    def __init__(self, url: str) -> None:
        import psycopg

        conninfo = make_url(url).set(drivername="postgresql").render_as_string(False)
        self._connection: Any = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
        self._connection.execute(f"LISTEN {CHANNEL}")

    def signalled(self) -> bool:
        return any(True for _ in self._connection.notifies(timeout=0))

    def close(self) -> None:
        self._connection.close()
