"""Accounts, roles, passwords and lockout (Annex 11 / 21 CFR 11)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database, tx_now
from db.errors import Refused
from db.models import Role, User

MAX_FAILED_ATTEMPTS = 5
MIN_PASSWORD_LENGTH = 8
ROLES = tuple(r.value for r in Role)


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


def _hasher() -> PasswordHasher:
    return PasswordHasher()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Refused(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def _check_roles(roles: list[str]) -> str:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise Refused(f"unknown role {unknown[0]!r}: choose from {', '.join(ROLES)}")
    if not roles:
        raise Refused("a user needs at least one role")
    return ",".join(sorted(set(roles)))


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 40 or not name.replace(".", "").replace("-", "").isalnum():
        raise Refused(f"invalid user name {username!r}: use letters, digits, '.' or '-'")
    return name


def has_users(db: Database) -> bool:
    with db.read() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def new_user(
    session: Session, username: str, full_name: str, password: str, roles: list[str]
) -> User:
    user = User(
        username=username,
        full_name=full_name.strip(),
        password_hash=_hasher().hash(password),
        roles=_check_roles(roles),
        active=True,
        locked=False,
        failed_attempts=0,
        created_at=tx_now(session),
    )
    session.add(user)
    session.flush()
    return user


def add_user(
    db: Database, admin: Actor, username: str, full_name: str, roles: list[str], password: str
) -> Actor:
    username = check_username(username)
    check_new_password(password)
    if not full_name.strip():
        raise Refused("the full name is required (it is printed on signatures)")
    with db.write(user_id=admin.id, username=admin.username, action="user.add") as session:
        require(session, admin, Role.ADMIN)
        if session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
            raise Refused(f"the user name {username!r} is taken; accounts are never reused")
        return Actor.of(new_user(session, username, full_name, password, roles))


def authenticate(db: Database, username: str, password: str) -> Actor:
    """Check a password. Failures are counted (and audited); too many lock the account."""
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise Refused(f"no user named {username!r}")
        _usable(user)
        if _password_matches(user.password_hash, password):
            if user.failed_attempts == 0:
                return Actor.of(user)
            ok = True
        else:
            ok = False
    return _record_attempt(db, username, ok)


def _password_matches(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _record_attempt(db: Database, username: str, ok: bool) -> Actor:
    action = "auth.success_after_failure" if ok else "auth.failure"
    with db.write(user_id=None, username=username, action=action) as session:
        user = session.scalars(
            select(User).where(User.username == username).with_for_update()
        ).one()
        if ok:
            user.failed_attempts = 0
            return Actor.of(user)
        user.failed_attempts += 1
        user.locked = user.failed_attempts >= MAX_FAILED_ATTEMPTS
        left = MAX_FAILED_ATTEMPTS - user.failed_attempts
    if left <= 0:
        raise Refused(
            f"wrong password for {username!r}: the account is now locked; "
            "an administrator must unlock it"
        )
    raise Refused(f"wrong password for {username!r} ({left} attempt(s) left before lockout)")


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
    return user


def _target(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username).with_for_update()).first()
    if user is None:
        raise Refused(f"no user named {username!r}")
    return user


def _need_reason(reason: str) -> str:
    if not reason.strip():
        raise Refused("a reason is required")
    return reason.strip()


def deactivate(db: Database, admin: Actor, username: str, reason: str) -> None:
    reason = _need_reason(reason)
    with db.write(
        user_id=admin.id, username=admin.username, action="user.deactivate", reason=reason
    ) as session:
        require(session, admin, Role.ADMIN)
        user = _target(session, username)
        if user.id == admin.id:
            raise Refused("an administrator cannot deactivate their own account")
        if not user.active:
            raise Refused(f"the account {username!r} is already deactivated")
        user.active = False
        user.deactivated_at = tx_now(session)


def unlock(db: Database, admin: Actor, username: str, reason: str) -> None:
    reason = _need_reason(reason)
    with db.write(
        user_id=admin.id, username=admin.username, action="user.unlock", reason=reason
    ) as session:
        require(session, admin, Role.ADMIN)
        user = _target(session, username)
        if not user.locked:
            raise Refused(f"the account {username!r} is not locked")
        user.locked = False
        user.failed_attempts = 0


def set_roles(db: Database, admin: Actor, username: str, roles: list[str], reason: str) -> None:
    reason = _need_reason(reason)
    with db.write(
        user_id=admin.id, username=admin.username, action="user.set_roles", reason=reason
    ) as session:
        require(session, admin, Role.ADMIN)
        _target(session, username).roles = _check_roles(roles)


def change_password(db: Database, username: str, old: str, new: str) -> None:
    actor = authenticate(db, username, old)
    check_new_password(new)
    if new == old:
        raise Refused("the new password must differ from the old one")
    with db.write(user_id=actor.id, username=actor.username, action="user.change_password") as s:
        _target(s, username).password_hash = _hasher().hash(new)
