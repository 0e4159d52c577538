"""Opening the record: engines for SQLite and PostgreSQL, read and write sessions."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import audit, fields
from db.errors import DatabaseUnavailable, NoDatabase, Refused
from db.integrity.sealing import Integrity, key_for, write_checkpoint
from db.integrity.site_key import OWNER_ONLY, SiteKey

Clock = Callable[[], datetime]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def create_engine_for(url: str, *, create: bool = False) -> Engine:
    """An engine; a SQLite file is created only when `create` (init, demo, first start)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, create)
    if parsed.get_backend_name() == "postgresql":
        # hide_parameters: no value (a password hash, a name) ever reaches a message or log.
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 5},
            pool_size=2,
            hide_parameters=True,
        )
    raise DatabaseUnavailable(
        f"unsupported database {parsed.get_backend_name()!r}: "
        "use a SQLite file or postgresql+psycopg://"
    )


def _sqlite_engine(url: str, database: str | None, create: bool) -> Engine:
    if database and database != ":memory:":
        path = Path(database).expanduser()
        if not path.parent.is_dir():
            raise DatabaseUnavailable(f"folder {path.parent} does not exist")
        if not path.exists():
            if not create:
                raise NoDatabase(
                    f"no Lotkeeper database at {path}: create one with `lotkeeper init` "
                    "(or check --db)"
                )
            # Owner-only from the first byte; SQLite gives -wal and -shm the same mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    engine = create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

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
    """One record (a SQLite file or a PostgreSQL database) and its sessions.

    `integrity` says where this workstation finds the record's site key and its witness;
    without the key every write is refused (reads work).
    """

    def __init__(
        self,
        url: str,
        *,
        clock: Clock | None = None,
        integrity: Integrity | None = None,
        create: bool = False,
    ) -> None:
        self.url = url
        self.engine = create_engine_for(url, create=create)
        self.integrity = integrity
        self._key: SiteKey | None = None
        self._clock = clock
        self._reader = sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        audit.forbid_writes(self._reader)
        writer_engine = self.engine.execution_options(sqlite_immediate=True)
        self._writer = sessionmaker(writer_engine, expire_on_commit=False)
        audit.install(self._writer)
        fields.install(self._writer)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def server_clock(self) -> bool:
        """True when `now` is the PostgreSQL server's: a read can fetch it in its own statement
        (`func.now()` as a column) instead of a round trip of its own."""
        return self._clock is None and self.dialect == "postgresql"

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
    def snapshot(self) -> Iterator[Session]:
        """A read-only session whose every query sees the same instant, while others write.

        PostgreSQL: one REPEATABLE READ, READ ONLY transaction. SQLite (WAL): one read
        transaction is already a snapshot.
        """
        options: dict[str, Any] = {}
        if self.dialect == "postgresql":
            options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        with translate_errors(self.url), self.engine.connect() as connection:
            connection = connection.execution_options(**options)
            with self._reader(bind=connection) as session, connection.begin():
                yield session

    def site_key_path(self) -> Path:
        with self.read() as session:
            return self.site_key(session).path

    def site_key(self, session: Session) -> SiteKey:
        if self._key is None:
            self._key = key_for(session, self.integrity)
        return self._key

    @contextmanager
    def write(
        self, *, user_id: int | None, username: str, action: str, reason: str | None = None
    ) -> Iterator[Session]:
        """One workflow, one transaction: it commits whole, audited, or leaves nothing."""
        if reason is not None:
            fields.check_text(reason, "the reason")
        with translate_errors(self.url), self._writer() as session:
            with session.begin():
                context = audit.AuditContext(
                    user_id=user_id,
                    username=username,
                    action=action,
                    reason=reason,
                    at=self.now(session),
                )
                session.info[audit.CONTEXT] = context
                session.info[audit.KEY] = self.site_key(session)
                yield session
            sealed = session.info.pop(audit.SEALED, None)
        if sealed is not None:
            write_checkpoint(self.integrity, self.site_key(session), sealed, context.at, username)


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
        if (damaged := _damaged(url, exc)) is not None:
            raise damaged from exc
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
    if (damaged := _damaged(url, exc)) is not None:
        return damaged
    return DatabaseUnavailable(f"cannot use the database {describe(url)}: {text}")


def _damaged(url: str, exc: DBAPIError) -> DatabaseUnavailable | None:
    """A file that is not a SQLite database, or a SQLite database whose pages are damaged."""
    code = getattr(exc.orig, "sqlite_errorname", "")
    if code == "SQLITE_NOTADB" or "file is not a database" in str(exc.orig):
        return DatabaseUnavailable(
            f"{describe(url)} is not a Lotkeeper database (not a SQLite database file)"
        )
    if code == "SQLITE_CORRUPT" or "malformed" in str(exc.orig):
        return DatabaseUnavailable(
            f"the database {describe(url)} is damaged ({_first_line(exc.orig)}): restore a backup"
        )
    return None


def _is_concurrency_failure(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code in {"40001", "40P01", "55P03"}


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
