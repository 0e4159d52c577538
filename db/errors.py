"""Refusals: the one kind of error a workflow gives a person."""

from __future__ import annotations


class Refused(Exception):
    """A workflow declined to act. The transaction is rolled back; the message says why.

    `reasons` lists every unmet condition when there are several (e.g. release prerequisites).
    """

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons or []

    def __str__(self) -> str:
        return self.message


class DatabaseUnavailable(Refused):
    """The database cannot be opened or reached."""


class NoDatabase(DatabaseUnavailable):
    """No database file where one was expected (only init, demo and first start create one)."""


class SchemaMismatch(Refused):
    """The database is not at the revision this program expects."""


class NotInitialised(SchemaMismatch):
    """An empty database: `lotkeeper init` (or the application's first-run) sets it up."""


class OlderSchema(SchemaMismatch):
    """Made by an older Lotkeeper: upgrade it (after a backup)."""


def refuse_all(problems: list[str], what: str) -> None:
    """Refuse once, naming every problem of `what` (e.g. "the receipt"), if there is any."""
    if len(problems) == 1:
        raise Refused(problems[0], reasons=problems)
    if problems:
        listed = "; ".join(f"({n}) {problem}" for n, problem in enumerate(problems, 1))
        raise Refused(f"{what} has {len(problems)} problems: {listed}", reasons=problems)
