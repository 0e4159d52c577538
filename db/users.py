"""Accounts and roles (Annex 11 / 21 CFR 11): unique, never reused, never deleted.

Segregation of duties (db/duties.py) holds here: nobody changes their own roles, at least one
active administrator remains, and role combinations follow the unit's setting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import duties, fields, passwords, settings
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import Role, User
from db.models.base import NOTE_MAX

ROLES = tuple(r.value for r in Role)
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
# ASCII look-alikes: two names that read the same once these are folded are one name.
_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "_": "-", ".": "-"})


@dataclass(frozen=True)
class Actor:
    """Who is acting, as established by a password check."""

    id: int
    username: str
    full_name: str
    roles: frozenset[str]

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.username, user.full_name, user.role_set())


def _check_roles(roles: list[str]) -> str:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise Refused(f"unknown role {unknown[0]!r}: choose from {', '.join(ROLES)}")
    if not roles:
        raise Refused("a user needs at least one role")
    return ",".join(sorted(set(roles)))


def check_username(username: str) -> str:
    """Plain ASCII names only: no look-alike letters from other scripts (Cyrillic 'а')."""
    name = username.strip()
    if unicodedata.normalize("NFKC", name) != name or not USERNAME.fullmatch(name):
        raise Refused(
            f"invalid user name {username!r}: 1 to 40 ASCII letters, digits, '.', '-' or '_', "
            "starting with a letter or digit"
        )
    return name


def look_alike(name: str) -> str:
    return name.lower().replace("rn", "m").replace("vv", "w").translate(_FOLD)


def check_full_name(full_name: str) -> str:
    name = " ".join(full_name.split())
    if not name:
        raise Refused("the full name is required (it is printed on signatures)")
    fields.check(User.full_name, name)
    return name


def has_users(db: Database) -> bool:
    with db.read() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def new_user(
    session: Session, username: str, full_name: str, password: str, roles: list[str]
) -> User:
    _name_free(session, username)
    role_text = _check_roles(roles)
    duties.check_combination(session, role_text.split(","))
    passwords.check_new_password(
        password, username=username, policy=passwords.current_policy(session)
    )
    now = tx_now(session)
    user = User(
        username=username,
        full_name=check_full_name(full_name),
        password_hash="",
        roles=role_text,
        active=True,
        locked=False,
        failed_attempts=0,
        created_at=now,
    )
    session.add(user)
    session.flush()
    passwords.set_password(session, user, password, now)
    return user


def _name_free(session: Session, username: str) -> None:
    folded = look_alike(username)
    for taken in session.scalars(select(User.username)):
        if taken.lower() == username.lower():
            raise Refused(f"the user name {username!r} is taken; accounts are never reused")
        if look_alike(taken) == folded:
            raise Refused(f"the user name {username!r} is too easily mistaken for {taken!r}")


def add_user(
    db: Database, admin: Actor, username: str, full_name: str, roles: list[str], password: str
) -> Actor:
    username = check_username(username)
    check_full_name(full_name)
    with db.write(user_id=admin.id, username=admin.username, action="user.add") as session:
        require(session, admin, Role.ADMIN)
        return Actor.of(new_user(session, username, full_name, password, roles))


def _usable(user: User) -> None:
    if not user.active:
        raise Refused(f"the account {user.username!r} is deactivated")
    if user.locked:
        raise Refused(
            f"the account {user.username!r} is locked after repeated wrong passwords; "
            "an administrator must unlock it"
        )


def require(session: Session, actor: Actor, *roles: Role | str) -> User:
    """Reload the acting user inside the transaction and check they may act in one of `roles`."""
    user = session.get(User, actor.id)
    if user is None:
        raise Refused(f"no user named {actor.username!r}")
    _usable(user)
    wanted = {str(r) for r in roles}
    if wanted and not wanted & user.role_set():
        names = " or ".join(sorted(wanted))
        raise Refused(
            f"{user.username} ({', '.join(sorted(user.role_set()))}) may not do this: "
            f"it needs the {names} role"
        )
    duties.check_acting(session, user.username, user.role_set(), wanted & user.role_set())
    return user


def _target(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username).with_for_update()).first()
    if user is None:
        raise Refused(f"no user named {username!r}")
    return user


def _need_reason(reason: str) -> str:
    if not reason.strip():
        raise Refused("a reason is required")
    return fields.check_text(reason.strip(), "the reason", limit=NOTE_MAX)


def _admin_action(db: Database, admin: Actor, action: str, reason: str):  # type: ignore[no-untyped-def]
    return db.write(
        user_id=admin.id, username=admin.username, action=action, reason=_need_reason(reason)
    )


def _active_admins(session: Session) -> int:
    admins = session.scalars(select(User).where(User.active.is_(True)))
    return sum(1 for u in admins if Role.ADMIN.value in u.role_set())


def deactivate(db: Database, admin: Actor, username: str, reason: str) -> None:
    with _admin_action(db, admin, "user.deactivate", reason) as session:
        require(session, admin, Role.ADMIN)
        user = _target(session, username)
        if user.id == admin.id:
            raise Refused("an administrator cannot deactivate their own account")
        if not user.active:
            raise Refused(f"the account {username!r} is already deactivated")
        user.active = False
        user.deactivated_at = tx_now(session)
        session.flush()
        if not _active_admins(session):
            raise Refused("at least one active administrator must remain")


def unlock(db: Database, admin: Actor, username: str, reason: str) -> None:
    with _admin_action(db, admin, "user.unlock", reason) as session:
        require(session, admin, Role.ADMIN)
        user = _target(session, username)
        if not user.locked:
            raise Refused(f"the account {username!r} is not locked")
        user.locked = False
        user.failed_attempts = 0


def set_roles(db: Database, admin: Actor, username: str, roles: list[str], reason: str) -> None:
    with _admin_action(db, admin, "user.set_roles", reason) as session:
        require(session, admin, Role.ADMIN)
        user = _target(session, username)
        if user.id == admin.id:
            raise Refused("nobody changes their own roles: another administrator must do it")
        role_text = _check_roles(roles)
        duties.check_combination(session, role_text.split(","))
        user.roles = role_text
        session.flush()
        if not _active_admins(session):
            raise Refused("at least one active administrator must remain")


def reset_password(db: Database, admin: Actor, username: str, password: str, reason: str) -> None:
    """An administrator sets a new password for someone else (who then changes it)."""
    with _admin_action(db, admin, "user.reset_password", reason) as session:
        require(session, admin, Role.ADMIN)
        user = _target(session, username)
        if user.id == admin.id:
            raise Refused("change your own password with `lotkeeper user password`")
        policy = passwords.current_policy(session)
        passwords.check_new_password(password, username=user.username, policy=policy)
        passwords.set_password(session, user, password, tx_now(session))


def set_password_policy(
    db: Database, admin: Actor, policy: passwords.PasswordPolicy, reason: str
) -> bool:
    with _admin_action(db, admin, "password_policy.set", reason) as session:
        require(session, admin, Role.ADMIN)
        return settings.store(session, passwords.POLICY_KEY, policy.to_json())
