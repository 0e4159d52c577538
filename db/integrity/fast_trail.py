"""The trail and the records read at the speed of the driver, for `audit verify`.

The ORM costs ~30 µs an event; a verify of ten years (two million events) must take seconds.
Rows come straight from the DB-API cursor (a server-side cursor on PostgreSQL) inside the
verify's snapshot, and each value is turned into its canonical form (db/serialize.plain) by a
converter chosen once per column. The hashed bytes are exactly those of
`canonical_json({...HASHED_FIELDS})` (tests/db/integrity/test_fast_trail.py proves it over
real events): the encoding of existing records does not change, it is only produced faster.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column
from sqlalchemy.orm import Session

from db.audit import HASHED_FIELDS
from db.models.base import AUDIT_DIGEST
from db.serialize import canonical_json, plain, sha256_hex
from db.types import Quantity, UTCDateTime

BATCH = 5000
# The event columns as the verify reads them: the hashed fields, then the stored hash.
EVENT_COLUMNS = (*HASHED_FIELDS, "hash")
_enc: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]

Convert = Callable[[Any], Any]
_NAMES = itertools.count()


def _at_sql(dialect: str) -> str:
    # The database formats the instant as plain() would: UTC, microseconds, "Z". SQLite holds
    # SQLAlchemy's "YYYY-MM-DD HH:MM:SS.ffffff" (naive UTC); any other text comes back as it
    # is (no "Z") and is parsed in Python, as the ORM would.
    if dialect == "postgresql":
        return """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
    return (
        "CASE WHEN length(at) = 26 AND substr(at, 11, 1) = ' ' AND substr(at, 20, 1) = '.' "
        "THEN substr(at, 1, 10) || 'T' || substr(at, 12) || 'Z' ELSE at END"
    )


def event_batches(
    session: Session, after: int, until: int | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Events after `after` (up to `until`), in order, in batches of tuples in EVENT_COLUMNS
    order with `at` already canonical text."""
    dialect = session.get_bind().dialect.name
    names = ", ".join(_at_sql(dialect) if n == "at" else n for n in EVENT_COLUMNS)
    where = "seq > %(a)s" + ("" if until is None else " AND seq <= %(u)s")
    sql = f"SELECT {names} FROM audit_events WHERE {where} ORDER BY seq"
    fix = orm_converter(session, UTCDateTime()) if dialect == "sqlite" else None
    for batch in raw_batches(session, sql, {"a": after, "u": until}):
        if fix is not None:
            for i, row in enumerate(batch):
                if row[1][-1:] != "Z":
                    batch[i] = (row[0], fix(row[1]), *row[2:])
        yield batch


def event_rows(session: Session, after: int, until: int | None = None) -> Iterator[tuple[Any, ...]]:
    for batch in event_batches(session, after, until):
        yield from batch


def raw_batches(
    session: Session, sql: str, params: dict[str, Any] | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of `sql` (pyformat parameters) in batches, from the session's own connection and
    so its snapshot; server-side on PostgreSQL so memory stays flat."""
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    postgres = session.get_bind().dialect.name == "postgresql"
    if not postgres:
        sql = sql.replace("%(", ":").replace(")s", "")  # sqlite3 takes :named parameters
    # A name of its own: a reader left open (a loop that returned early) keeps its cursor
    # until it is collected, in the same transaction.
    cursor = dbapi.cursor(name=f"lotkeeper_verify_{next(_NAMES)}") if postgres else dbapi.cursor()
    try:
        cursor.execute(sql, params or {})
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


def _is_sqlite_instant(text: Any) -> bool:
    # SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff" (naive UTC); anything else is parsed.
    return type(text) is str and len(text) == 26 and text[10] == " " and text[19] == "."


def event_text(row: tuple[Any, ...]) -> str:
    """canonical_json of the event's hashed fields (a row of event_rows), built for its fixed
    shape: keys in sorted order, strings escaped by the json module's own encoder."""
    seq, at, user_id, username, action, entity_type, entity_id, old, new, reason, prev = row[:11]
    if type(seq) is int and type(entity_id) is int and (user_id is None or type(user_id) is int):
        try:
            return (
                f'{{"action":{_enc(action)},"at":{_enc(at)},"entity_id":{entity_id},'
                f'"entity_type":{_enc(entity_type)},'
                f'"new":{"null" if new is None else _enc(new)},'
                f'"old":{"null" if old is None else _enc(old)},'
                f'"prev_hash":{_enc(prev)},'
                f'"reason":{"null" if reason is None else _enc(reason)},'
                f'"seq":{seq},"user_id":{"null" if user_id is None else user_id},'
                f'"username":{_enc(username)}}}'
            )
        except TypeError:
            pass
    # A value of an unexpected type (a row written behind the program's back): the general
    # encoder decides, as it did when the event was sealed.
    return canonical_json(dict(zip(HASHED_FIELDS, row[:11], strict=True)))


def quantity_text(thousandths: int) -> str:
    """plain() of a Quantity read as its stored thousandths: '12.500'."""
    sign = "-" if thousandths < 0 else ""
    whole, part = divmod(abs(thousandths), 1000)
    return f"{sign}{whole}.{part:03d}"


def orm_converter(session: Session, kind: Any) -> Convert:
    """Stored value -> plain(): the type's own result processing, then plain()."""
    dialect = session.get_bind().dialect
    process = kind.dialect_impl(dialect).result_processor(dialect, None)

    def convert(value: Any) -> Any:
        return None if value is None else plain(process(value) if process else value)

    return convert


def column_converter(session: Session, column: Column[Any]) -> Convert | None:
    """A function turning the stored value of `column` into what the trail records
    (db.audit.audit_value of what the ORM would load); None: the stored value already is."""
    kind = column.type
    sqlite = session.get_bind().dialect.name == "sqlite"
    if column.info.get("audit") == AUDIT_DIGEST:
        return lambda v: None if v is None else sha256_hex(str(v))
    slow = orm_converter(session, kind)
    if isinstance(kind, Quantity):
        return lambda v: quantity_text(v) if type(v) is int else slow(v)
    if isinstance(kind, UTCDateTime):
        if not sqlite:
            return slow
        return lambda v: f"{v[:10]}T{v[11:]}Z" if _is_sqlite_instant(v) else slow(v)
    python = _python_type(kind)
    if python is bool:
        return lambda v: None if v is None else bool(v)
    if python in (int, str):
        return None
    if python is date:
        return lambda v: v if type(v) is str and len(v) == 10 and v[4] == "-" else slow(v)
    return slow  # any other type: exactly as the ORM loads it, then plain()


def _python_type(kind: Any) -> type | None:
    try:
        found = kind.python_type
    except NotImplementedError:
        return None
    return None if found is datetime else found
