"""Recovering a locked or forgotten sole administrator with the site key.

Whoever holds the record's site key file already holds the record's integrity; proving it
(the key's fingerprint matches the record's) is what lets an administrator account be unlocked
and given a new password when no other administrator can do it. Recorded in the trail, and
written to the witness.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from db.engine import Database, tx_now
from db.errors import Refused
from db.integrity.sealing import identity
from db.integrity.site_key import load_key
from db.models import Role, User
from db.passwords import check_new_password, current_policy, set_password

ACTION = "user.recover_with_site_key"


def recover_admin(db: Database, key_file: Path, username: str, password: str) -> None:
    if not key_file.is_file():
        raise Refused(f"no site key file at {key_file}")
    offered = load_key(key_file)
    workstation = db.integrity.workstation if db.integrity else "?"
    with db.write(
        user_id=None,
        username="system",
        action=ACTION,
        reason=f"recovery of {username} with the site key, on {workstation}",
    ) as session:
        found = identity(session)
        if found is None or offered.fingerprint() != found.key_fingerprint:
            raise Refused(f"{key_file} is not the site key of this record")
        user = session.scalars(
            select(User).where(User.username == username).with_for_update()
        ).first()
        if user is None or Role.ADMIN.value not in user.role_set():
            raise Refused(f"{username!r} is not an administrator account")
        other = _usable_admin(session, user.id)
        if other is not None:
            raise Refused(f"{other} is an active administrator: ask them to unlock {username}")
        check_new_password(password, username=username, policy=current_policy(session))
        set_password(session, user, password, tx_now(session))
        user.locked = False
        user.failed_attempts = 0
        user.active = True
        user.deactivated_at = None


def _usable_admin(session, excluded: int) -> str | None:  # type: ignore[no-untyped-def]
    for user in session.scalars(select(User).where(User.active.is_(True), User.id != excluded)):
        if Role.ADMIN.value in user.role_set() and not user.locked:
            return user.username
    return None
