"""Opening the record: engines for SQLite and PostgreSQL, read and write sessions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import audit
from db.errors import DatabaseUnavailable, Refused

Clock = Callable[[], datetime]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def create_engine_for(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, pool_size=2
        )
    raise DatabaseUnavailable(
        f"unsupported database {parsed.get_backend_name()!r}: "
        "use a SQLite file or postgresql+psycopg://"
    )


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        folder = Path(database).expanduser().parent
        if not folder.is_dir():
            raise DatabaseUnavailable(f"folder {folder} does not exist")
    engine = create_engine(url, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the write lock up front: a workflow reads then writes, and two
        # deferred transactions doing that would fail instead of waiting their turn.
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """One record (a SQLite file or a PostgreSQL database) and its sessions."""

    def __init__(self, url: str, *, clock: Clock | None = None) -> None:
        self.url = url
        self.engine = create_engine_for(url)
        self._clock = clock
        self._reader = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        audit.forbid_writes(self._reader)
        writer_engine = self.engine.execution_options(sqlite_immediate=True)
        self._writer = sessionmaker(writer_engine, expire_on_commit=False)
        audit.install(self._writer)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()

    def now(self, session: Session | None = None) -> datetime:
        """UTC now; on PostgreSQL the server's clock, so no workstation can backdate."""
        if self._clock is not None:
            return self._clock().astimezone(UTC)
        if session is not None and self.dialect == "postgresql":
            return session.scalar(select(func.now())).astimezone(UTC)
        return datetime.now(UTC)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with translate_errors(self.url), self._reader() as session:
            yield session

    @contextmanager
    def write(
        self, *, user_id: int | None, username: str, action: str, reason: str | None = None
    ) -> Iterator[Session]:
        """One workflow, one transaction: it commits whole, audited, or leaves nothing."""
        with translate_errors(self.url), self._writer() as session, session.begin():
            session.info[audit.CONTEXT] = audit.AuditContext(
                user_id=user_id,
                username=username,
                action=action,
                reason=reason,
                at=self.now(session),
            )
            yield session


def tx_now(session: Session) -> datetime:
    """The time of the current write transaction (the same instant for all it records)."""
    return session.info[audit.CONTEXT].at


@contextmanager
def translate_errors(url: str) -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        raise Refused(
            "another change conflicts with this one (it may have been made at the same moment "
            f"on another workstation); nothing was saved: {_first_line(exc.orig)}"
        ) from exc
    except OperationalError as exc:
        raise _unavailable(url, exc) from exc
    except DBAPIError as exc:
        if _is_concurrency_failure(exc):
            raise Refused(
                "another workstation changed the same record at the same moment; "
                "nothing was saved, try again"
            ) from exc
        raise


def _unavailable(url: str, exc: OperationalError) -> Refused:
    text = _first_line(exc.orig)
    if _is_concurrency_failure(exc):
        return Refused(
            "another workstation changed the same record at the same moment; "
            "nothing was saved, try again"
        )
    if "locked" in text or "busy" in text:
        return Refused("the database is busy with another workstation's change; try again")
    return DatabaseUnavailable(f"cannot use the database {describe(url)}: {text}")


def _is_concurrency_failure(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code in {"40001", "40P01", "55P03"}


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
