"""User accounts as plain rows for the user lists (the app's administration, `user list`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from db.engine import Database
from db.models import User


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    roles: tuple[str, ...]  # sorted
    active: bool
    locked: bool
    failed_attempts: int
    created_at: datetime
    deactivated_at: datetime | None


def user_list(db: Database) -> list[UserRow]:
    """Every account, deactivated ones too (the record keeps them), by user name."""
    with db.read() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        return [
            UserRow(
                username=u.username,
                full_name=u.full_name,
                roles=tuple(sorted(u.role_set())),
                active=u.active,
                locked=u.locked,
                failed_attempts=u.failed_attempts,
                created_at=u.created_at,
                deactivated_at=u.deactivated_at,
            )
            for u in users
        ]
