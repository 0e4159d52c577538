"""The audit trail, filtered, a page at a time: keyset paging on `seq`, newest first.

The trail grows to millions of events, so a page never sorts or counts the whole table. It walks
the chain backwards (or forwards, for an export) in windows of `seq`: each window is one bounded
statement, filters that have an index (user, a rare entity type) let the index do the work,
the others are checked on the rows of the window. A date range becomes a `seq` range first,
with two index probes on `at`. Between windows the caller may stop a search that is no longer
wanted (the person typed on), so a slow search never holds a worker for long.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from db.engine import Database
from db.models import AuditEvent, User
from db.queries.text_search import contains

PAGE = 200
FIRST_WINDOW = 4_000
MAX_WINDOW = 100_000  # the longest single statement of a scan (~100k events checked)
# A transaction's time is taken when it starts and its seq when it commits; none lasts a day.
COMMIT_MARGIN = timedelta(days=1)
# An entity type with at most this many events is found through its index, not by a scan.
RARE_TYPE = 20_000

Stop = Callable[[], bool]
# How db/serialize.py writes an instant: 2026-03-05T14:07:00.000000Z.
_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")


@dataclass(frozen=True)
class AuditFilter:
    since: date | None = None  # UTC dates, inclusive
    until: date | None = None
    username: str = ""
    action: str = ""  # exact, or a prefix ending with "." ("lot." for every lot action)
    entity_type: str = ""
    text: str = ""  # found in the old or new values or the reason

    def is_empty(self) -> bool:
        return self == AuditFilter()


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    username: str
    action: str
    entity_type: str
    entity_id: int
    old: str | None  # canonical JSON of the changed fields, as recorded
    new: str | None
    reason: str | None
    hash: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    # Where the next page starts (exclusive bound, in the direction walked); None at the end.
    # After a stopped search it also says how far the search went.
    next: int | None


@dataclass(frozen=True)
class Change:
    field: str
    old: str | None  # None: the record was created (no old value)
    new: str


def audit_page(
    db: Database,
    wanted: AuditFilter,
    after: int | None = None,
    limit: int = PAGE,
    *,
    ascending: bool = False,
    stop: Stop | None = None,
) -> AuditPage:
    """Up to `limit` events matching `wanted`, beyond seq `after` (exclusive)."""
    with db.read() as session:
        low, high = seq_bounds(session, wanted)
        if after is not None:
            low, high = (max(low, after + 1), high) if ascending else (low, min(high, after - 1))
        plan = _plan(session, wanted)
        rows: list[AuditRow] = []
        for start, end in _windows(low, high, ascending, plan.window, stop):
            need = limit - len(rows)
            found = session.execute(
                select(*_COLUMNS)
                .where(AuditEvent.seq.between(start, end), *plan.conditions)
                .order_by(AuditEvent.seq if ascending else AuditEvent.seq.desc())
                .limit(need)
            ).all()
            rows += [AuditRow(*f) for f in found]
            if len(found) == need:
                last = rows[-1].seq
                low, high = (last + 1, high) if ascending else (low, last - 1)
                break
            low, high = (end + 1, high) if ascending else (low, start - 1)
    if low > high:
        return AuditPage(rows, None)
    return AuditPage(rows, low - 1 if ascending else high + 1)


def audit_count(db: Database, wanted: AuditFilter, stop: Stop | None = None) -> int | None:
    """How many events match; None when stopped before the end."""
    with db.read() as session:
        low, high = seq_bounds(session, wanted)
        if wanted.is_empty():
            return max(0, high - low + 1)  # the chain has no gaps (db/audit.py)
        plan = _plan(session, wanted)
        total = 0
        for start, end in _windows(low, high, False, MAX_WINDOW if plan.window else 0, None):
            if stop is not None and stop():
                return None
            where = [AuditEvent.seq.between(start, end), *plan.conditions]
            total += session.scalar(select(func.count()).select_from(AuditEvent).where(*where))
        return total


def seq_bounds(session: Session, wanted: AuditFilter) -> tuple[int, int]:
    """The seq range that can hold the wanted dates: two probes of the index on `at`."""
    last = session.scalar(select(func.max(AuditEvent.seq))) or 0
    low, high = 1, last
    if wanted.since is not None:
        start = datetime.combine(wanted.since, time(), tzinfo=UTC) - COMMIT_MARGIN
        before = session.scalar(
            select(AuditEvent.seq)
            .where(AuditEvent.at < start)
            .order_by(AuditEvent.at.desc())
            .limit(1)
        )
        low = (before or 0) + 1
    if wanted.until is not None:
        end = datetime.combine(wanted.until + timedelta(days=1), time(), tzinfo=UTC)
        after = session.scalar(
            select(AuditEvent.seq)
            .where(AuditEvent.at >= end + COMMIT_MARGIN)
            .order_by(AuditEvent.at)
            .limit(1)
        )
        high = last if after is None else after - 1
    return low, high


def _windows(
    low: int, high: int, ascending: bool, first: int, stop: Stop | None
) -> Iterator[tuple[int, int]]:
    """Consecutive seq ranges from one end of [low, high], each larger; first=0: all at once."""
    window = first or (high - low + 1)
    position = low if ascending else high
    while low <= position <= high:
        if stop is not None and stop():
            return
        if ascending:
            yield position, min(high, position + window - 1)
            position += window
        else:
            yield max(low, position - window + 1), position
            position -= window
        window = min(window * 4, MAX_WINDOW) if first else window


@dataclass(frozen=True)
class _Plan:
    conditions: list[ColumnElement[bool]]
    window: int  # 0: the whole range in one statement (an index finds the rows)


def _plan(session: Session, wanted: AuditFilter) -> _Plan:
    """Which filters an index answers, and how the others are checked.

    Without statistics SQLite takes any equality on an indexed column as selective: for
    `containers` (half of the trail) it would read that whole index for every window. So a
    filter uses its index only when it is known to be selective (a user; an entity type with
    few events); every other condition is marked unindexed and checked on the window's rows.
    """
    conditions: list[ColumnElement[bool]] = []
    window = FIRST_WINDOW
    if wanted.username:
        conditions.append(AuditEvent.username == wanted.username)  # index (username, seq)
    if wanted.entity_type:
        if _rare(session, wanted.entity_type) and not wanted.username:
            conditions.append(AuditEvent.entity_type == wanted.entity_type)
            window = 0
        else:
            conditions.append(Unindexed(AuditEvent.entity_type) == wanted.entity_type)
    if wanted.action:
        action = Unindexed(AuditEvent.action)
        if wanted.action.endswith("."):
            conditions.append(action.startswith(wanted.action, autoescape=True))
        else:
            conditions.append(action == wanted.action)
    at = Unindexed(AuditEvent.at)
    if wanted.since is not None:
        conditions.append(at >= datetime.combine(wanted.since, time(), tzinfo=UTC))
    if wanted.until is not None:
        conditions.append(
            at < datetime.combine(wanted.until + timedelta(days=1), time(), tzinfo=UTC)
        )
    text = wanted.text.strip()
    if text:
        columns = (AuditEvent.old, AuditEvent.new, AuditEvent.reason)
        conditions.append(or_(*(contains(session, column, text) for column in columns)))
    return _Plan(conditions, window)


def _rare(session: Session, entity_type: str) -> bool:
    probe = select(literal(1)).where(AuditEvent.entity_type == entity_type).limit(RARE_TYPE + 1)
    return (session.scalar(select(func.count()).select_from(probe.subquery())) or 0) <= RARE_TYPE


class Unindexed(FunctionElement[Any]):
    """The column's value, in a form SQLite will not look up through an index (`+column`)."""

    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(Unindexed)
def _plain(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(Unindexed, "sqlite")
def _plus(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + compiler.process(next(iter(element.clauses)), **kw)


_COLUMNS = (
    AuditEvent.seq,
    AuditEvent.at,
    AuditEvent.username,
    AuditEvent.action,
    AuditEvent.entity_type,
    AuditEvent.entity_id,
    AuditEvent.old,
    AuditEvent.new,
    AuditEvent.reason,
    AuditEvent.hash,
)


def usernames(db: Database) -> list[str]:
    """Every account name (the trail also holds names of failed sign-ins; those are typed)."""
    with db.read() as session:
        return list(session.scalars(select(User.username).order_by(User.username)))


def user_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.username)).all())  # type: ignore[arg-type]


class CodeBook(Protocol):
    """Other records' ids as their codes (db/queries/audit_codes.py)."""

    def label(self, name: str) -> str: ...

    def value(self, name: str, value: Any) -> str | None: ...


def changes(
    old: str | None,
    new: str | None,
    names: dict[int, str] | None = None,
    codes: CodeBook | None = None,
) -> list[Change]:
    """The fields an event changed, readable: user ids as names (and with `codes`, other
    records' ids as their codes), secrets as "(secret)"."""
    before: dict[str, Any] = json.loads(old) if old else {}
    after: dict[str, Any] = json.loads(new) if new else {}
    created = old is None

    def show(name: str, value: Any) -> str:
        coded = codes.value(name, value) if codes is not None else None
        return coded if coded is not None else _show(name, value, names)

    return [
        Change(
            codes.label(name) if codes is not None else name,
            None if created else show(name, before.get(name)),
            show(name, after.get(name)),
        )
        for name in after
        if name != "id"
    ]


def describe(
    old: str | None,
    new: str | None,
    names: dict[int, str] | None = None,
    codes: CodeBook | None = None,
) -> str:
    """One line: `status: QUARANTINE → RELEASED; ...`, or `created: code=...; ...`."""
    found = changes(old, new, names, codes)
    if old is None:
        return "created: " + "; ".join(f"{c.field}={c.new}" for c in found)
    return "; ".join(f"{c.field}: {c.old} → {c.new}" for c in found)


def _show(name: str, value: Any, names: dict[int, str] | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "password_hash":
        return "(secret)"
    if names is not None and (name.endswith("_by_id") or name == "user_id"):
        return names.get(value, f"#{value}") if isinstance(value, int) else str(value)
    if isinstance(value, str) and _INSTANT.fullmatch(value):
        return f"{value[:10]} {value[11:19]}"  # the trail's UTC instants, to the second
    if name in {"content", "scan_text"} and isinstance(value, str) and len(value) > 60:
        return value[:57] + "…"
    return str(value)
