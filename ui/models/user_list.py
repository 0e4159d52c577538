"""Accounts: name, full name, roles and state (active, locked, deactivated)."""

from __future__ import annotations

from db.queries.user_list import UserRow
from ui.models.row_table import Column, RowTable
from ui.presentation import day
from ui.presentation.palette import MISSING, MUTED


def state(row: UserRow) -> str:
    if not row.active:
        return f"deactivated {day(row.deactivated_at)}".strip()
    return "LOCKED" if row.locked else "active"


def _state_colour(row: UserRow) -> str | None:
    if not row.active:
        return MUTED
    return MISSING if row.locked else None


COLUMNS = [
    Column[UserRow]("User name", lambda u: u.username),
    Column[UserRow]("Full name", lambda u: u.full_name),
    Column[UserRow]("Roles", lambda u: ", ".join(u.roles)),
    Column[UserRow]("State", state, colour=_state_colour),
    Column[UserRow]("Since", lambda u: day(u.created_at)),
]


class UserListModel(RowTable[UserRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)
