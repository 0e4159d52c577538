"""`lotkeeper init`: create or upgrade the record, and give a new one its administrator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from db import alerts, migrate, risk, settings
from db.engine import Database, translate_errors
from db.errors import Refused
from db.models import Role, User
from db.users import Actor, check_new_password, check_username, has_users, new_user


@dataclass(frozen=True)
class Initialised:
    previous_revision: str | None
    revision: str
    admin: Actor | None


def initialise(
    db: Database, admin: str | None = None, full_name: str = "", password: str = ""
) -> Initialised:
    if admin is not None:
        check_username(admin)
        check_new_password(password)
        if not full_name.strip():
            raise Refused("the administrator's full name is required (printed on signatures)")
    with translate_errors(db.url):
        previous = migrate.upgrade(db.engine)
    created = _first_admin(db, admin, full_name, password) if admin else None
    if created is None and not has_users(db):
        raise Refused("the database has no users yet: give --admin NAME --full-name TEXT")
    return Initialised(previous, migrate.head_revision(), created)


def _first_admin(db: Database, username: str, full_name: str, password: str) -> Actor:
    with db.write(user_id=None, username=username, action="system.init") as session:
        if session.scalar(select(func.count()).select_from(User)):
            raise Refused("this database already has users: add more with `lotkeeper user add`")
        user = new_user(session, username, full_name, password, [Role.ADMIN.value])
        # The defaults become recorded configuration, so any later change shows in the trail.
        settings.store(session, risk.RULE_KEY, risk.RiskRule().to_json())
        settings.store(session, alerts.HORIZONS_KEY, alerts.DEFAULT_HORIZONS)
        return Actor.of(user)
