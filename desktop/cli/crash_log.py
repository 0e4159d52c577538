"""An internal error, told safely: the class on the terminal, a traceback in the log.

Neither ever holds a SQL statement, its parameters (a password hash, a name) or a driver's
detail lines: a SQLAlchemy or database-driver exception is reduced to its class and the first
line of the driver's message, and the traceback lists frames without their source text.
"""

from __future__ import annotations

import traceback

from sqlalchemy.exc import SQLAlchemyError, StatementError

_DRIVERS = ("sqlite3", "_sqlite3", "psycopg", "psycopg2", "psycopg_binary")


def safe_message(exc: BaseException) -> str:
    """What may be told of `exc`: a database error's class and first line, nothing more."""
    if isinstance(exc, StatementError):
        orig = exc.orig
        if orig is None:
            return "(a statement failed)"
        return f"({_qualified(orig)}) {first_line(orig)}"
    if isinstance(exc, SQLAlchemyError) or _from_driver(exc):
        return first_line(exc)
    return str(exc)


def safe_traceback(exc: BaseException) -> str:
    """The whole chain of `exc`, oldest first, each message made safe."""
    parts = []
    for link in reversed(_chain(exc)):
        frames = "".join(
            f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
            for f in traceback.extract_tb(link.__traceback__)
        )
        parts.append(
            f"Traceback (most recent call last):\n{frames}{_qualified(link)}: {safe_message(link)}"
        )
    return "\n\nwhich led to:\n\n".join(parts)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


def _chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    return chain


def _from_driver(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] in _DRIVERS


def _qualified(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
