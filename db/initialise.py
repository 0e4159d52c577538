"""`lotkeeper init`: create or upgrade the record, and give a new one its administrator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import alerts, migrate, risk, settings
from db.engine import Database, translate_errors
from db.errors import Refused
from db.integrity.sealing import Sealed, give_identity, identity, write_checkpoint
from db.integrity.site_key import SiteKey
from db.models import AuditHead, Role, User
from db.passwords import check_new_password
from db.users import Actor, check_full_name, check_username, has_users, new_user


@dataclass(frozen=True)
class Initialised:
    previous_revision: str | None
    revision: str
    admin: Actor | None
    key: SiteKey | None  # the site key, when this run created it


def check_first_admin(admin: str, full_name: str, password: str) -> None:
    """Before anything is created: the first administrator's name, full name and password."""
    check_username(admin)
    check_new_password(password, username=admin)
    if not full_name.strip():
        raise Refused("the administrator's full name is required (printed on signatures)")
    check_full_name(full_name)


def initialise(
    db: Database, admin: str | None = None, full_name: str = "", password: str = ""
) -> Initialised:
    if admin is not None:
        check_first_admin(admin, full_name, password)
    with translate_errors(db.url):
        previous = migrate.upgrade(db.engine)
    key = _identity(db)
    created = _first_admin(db, admin, full_name, password) if admin else None
    if created is None and not has_users(db):
        raise Refused("the database has no users yet: give --admin NAME --full-name TEXT")
    return Initialised(previous, migrate.head_revision(), created, key)


def _identity(db: Database) -> SiteKey | None:
    """Give the record its site key if it has none (a new record, or one from before keys)."""
    if db.integrity is None:
        raise Refused("no site key folder is configured: cannot initialise the record")
    key: SiteKey | None = None
    writer = db.engine.execution_options(sqlite_immediate=True)
    try:
        with translate_errors(db.url), Session(writer) as session, session.begin():
            if identity(session) is not None:
                return None
            key = give_identity(session, db.integrity, db.now(session))
            head = session.scalars(select(AuditHead).where(AuditHead.id == 1)).one()
            seq, digest = head.seq, head.hash
    except BaseException:
        if key is not None:
            key.path.unlink(missing_ok=True)  # never committed: the key keys nothing
        raise
    if seq:  # an existing trail: the witness starts from its head as it stands
        sealed = Sealed(seq, seq, digest, signature=False, roles=False, action="system.key")
        write_checkpoint(db.integrity, key, sealed, db.now(), "system")
    return key


def _first_admin(db: Database, username: str, full_name: str, password: str) -> Actor:
    with db.write(user_id=None, username=username, action="system.init") as session:
        if session.scalar(select(func.count()).select_from(User)):
            raise Refused("this database already has users: add more with `lotkeeper user add`")
        user = new_user(session, username, full_name, password, [Role.ADMIN.value])
        # The defaults become recorded configuration, so any later change shows in the trail.
        settings.store(session, risk.RULE_KEY, risk.RiskRule().to_json())
        settings.store(session, alerts.HORIZONS_KEY, alerts.DEFAULT_HORIZONS)
        return Actor.of(user)
