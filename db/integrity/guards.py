"""The database's own guards: triggers that keep the trail append-only and in order.

On SQLite anyone who can write the file can drop them, and on PostgreSQL the owner can; the
keyed chain and the witness still catch what follows, but a missing or disabled guard is
itself evidence, so `audit verify` reports it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

NO_DELETE = (
    "users",
    "suppliers",
    "material_references",
    "deliveries",
    "lots",
    "receipt_checks",
    "containers",
    "documents",
    "samples",
    "test_results",
    "signatures",
    "batches",
    "consumptions",
    "deviations",
    "deviation_links",
    "settings",
    "audit_head",
    "audit_events",
    "prints",
    "access_failures",
    "password_history",
    "approved_changes",
    "record_identity",
)
OTHERS = (
    "audit_events_no_update",
    "audit_events_in_order",
    "audit_head_forward",
    "record_identity_no_update",
)


def expected(dialect: str) -> set[str]:
    names = {f"{t}_no_delete" for t in NO_DELETE} | set(OTHERS)
    if dialect == "postgresql":
        names |= {f"{t}_no_truncate" for t in NO_DELETE}
    return names


def present(session: Session) -> dict[str, bool]:
    """Trigger name -> enabled."""
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return {name: True for (name,) in rows}
    rows = session.execute(
        text(
            "SELECT t.tgname, t.tgenabled <> 'D' FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
        )
    )
    return {name: bool(enabled) for name, enabled in rows}


def missing(session: Session) -> list[str]:
    found = present(session)
    problems = []
    for name in sorted(expected(session.get_bind().dialect.name)):
        if name not in found:
            problems.append(f"the database guard {name} is missing (it was dropped)")
        elif not found[name]:
            problems.append(f"the database guard {name} is disabled")
    return problems
