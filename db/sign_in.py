"""Signing in and re-entering a password to sign: every failure recorded, none revealing.

Every refused attempt is kept (the user name as typed, the workstation, the time, the cause)
whether or not the account exists. The answer to a wrong user name and to a wrong password is
the same sentence, and takes the same time (a dummy argon2 verification), so an outsider
cannot learn which accounts exist. Only someone who knows an account's password learns that
it is locked, deactivated or expired.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import select

from db.engine import Database, tx_now
from db.errors import Refused
from db.fields import searchable
from db.models import AccessFailure, User
from db.passwords import (
    check_new_password,
    current_policy,
    expired_on,
    hash_password,
    matches,
    set_password,
)
from db.users import Actor

MAX_FAILED_ATTEMPTS = 5
WRONG = "user name or password is wrong"
_DUMMY: list[str] = []  # one argon2 hash, made on first need (never at import time)


def authenticate(
    db: Database, username: str, password: str, *, allow_expired: bool = False
) -> Actor:
    """Check a password. Failures are recorded; repeated wrong passwords lock the account."""
    with db.read() as session:
        named = select(User).where(User.username == username.strip())
        user = session.scalar(named) if searchable(username) else None
        told = WRONG  # what a wrong name or password is told: the same, whatever the account
        if user is None:
            _dummy_check(password)
            cause = "unknown_user"
        elif not matches(user.password_hash, password):
            cause = "wrong_password" if user.active and not user.locked else _state(user)
        elif not user.active or user.locked:
            cause = told = _state(user)
        elif not allow_expired and expired_on(session, user, db.now(session)) is not None:
            cause = told = "expired"
        elif user.failed_attempts == 0:
            return Actor.of(user)
        else:
            cause = None
    if cause is None:
        return _success_after_failures(db, user.username)  # type: ignore[union-attr]
    _record_failure(db, username, cause)
    raise Refused(_message(told, username))


def _state(user: User) -> str:
    return "deactivated" if not user.active else "locked"


def _message(cause: str, username: str) -> str:
    name = printable(username)[:40]
    if cause == "locked":
        return (
            f"the account {name!r} is locked after repeated wrong passwords; "
            "an administrator must unlock it"
        )
    if cause == "deactivated":
        return f"the account {name!r} is deactivated"
    if cause == "expired":
        return (
            f"the password of {name!r} has expired: change it first "
            f"(`lotkeeper user password {name}`)"
        )
    return WRONG


def _dummy_check(password: str) -> None:
    if not _DUMMY:
        _DUMMY.append(hash_password("lotkeeper timing equaliser"))
    matches(_DUMMY[0], password)


def printable(text: str) -> str:
    """What a person typed, safe to store and show: control and format characters as '?'."""
    return "".join("?" if unicodedata.category(c) in {"Cc", "Cf"} else c for c in text)


def _record_failure(db: Database, typed: str, cause: str) -> None:
    """The failure, in its own transaction; a wrong password also counts toward the lock."""
    shown = printable(typed).strip()[:40] or "?"
    action = "auth.failure"
    with db.write(user_id=None, username=shown, action=action) as session:
        workstation = db.integrity.workstation if db.integrity else ""
        session.add(
            AccessFailure(
                typed_username=printable(typed)[:80],
                cause=cause,
                workstation=printable(workstation)[:120],
                at=tx_now(session),
            )
        )
        if cause == "wrong_password":
            user = session.scalars(
                select(User).where(User.username == typed.strip()).with_for_update()
            ).one()
            if user.active and not user.locked:
                user.failed_attempts += 1
                user.locked = user.failed_attempts >= MAX_FAILED_ATTEMPTS


def _success_after_failures(db: Database, username: str) -> Actor:
    with db.write(user_id=None, username=username, action="auth.success_after_failure") as s:
        user = s.scalars(select(User).where(User.username == username).with_for_update()).one()
        if user.locked or not user.active:  # locked meanwhile, by another workstation
            raise Refused(_message(_state(user), username))
        user.failed_attempts = 0
        return Actor.of(user)


def change_password(db: Database, username: str, old: str, new: str) -> None:
    """The user changes their own password (an expired one included)."""
    actor = authenticate(db, username, old, allow_expired=True)
    if new == old:
        raise Refused("the new password must differ from the old one")
    with db.write(user_id=actor.id, username=actor.username, action="user.change_password") as s:
        user = s.scalars(select(User).where(User.id == actor.id).with_for_update()).one()
        check_new_password(new, username=user.username, policy=current_policy(s))
        set_password(s, user, new, tx_now(s))
