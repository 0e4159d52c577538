"""Passwords: the policy (length, not the user name, not common, not reused, expiry), argon2
hashes, and changing one. The policy is record configuration, set by an administrator."""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import settings
from db.errors import Refused
from db.models import PasswordHistory, User

POLICY_KEY = "password_policy"
COMMON = Path(__file__).with_name("data") / "common_passwords.txt"
MIN_DISTINCT = 5
STRIP = string.digits + string.punctuation + string.whitespace


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 12
    history: int = 5  # the last N passwords cannot be used again
    expiry_days: int = 0  # 0: passwords do not expire

    @classmethod
    def from_json(cls, data: object) -> PasswordPolicy:
        if not isinstance(data, dict) or set(data) - set(cls.__dataclass_fields__):
            raise Refused("the password policy takes min_length, history and expiry_days")
        policy = cls(**data)
        for name, low, high in (("min_length", 8, 128), ("history", 0, 24),
                                ("expiry_days", 0, 3650)):  # fmt: skip
            value = getattr(policy, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise Refused(f"{name} must be a whole number from {low} to {high}")
        return policy

    def to_json(self) -> dict[str, int]:
        return asdict(self)


def hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return hasher().hash(password)


def matches(stored: str, password: str) -> bool:
    try:
        return hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def current_policy(session: Session) -> PasswordPolicy:
    stored = settings.load(session, POLICY_KEY)
    return PasswordPolicy() if stored is None else PasswordPolicy.from_json(stored)


@cache
def _common() -> frozenset[str]:
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_new_password(
    password: str, *, username: str, policy: PasswordPolicy | None = None
) -> None:
    """Refuse a password the policy does not allow, saying which rule it breaks."""
    policy = policy or PasswordPolicy()
    if len(password) < policy.min_length:
        raise Refused(f"a password needs at least {policy.min_length} characters")
    if len(password) > 256:
        raise Refused("a password has at most 256 characters")
    if not password.strip() or len(set(password)) < MIN_DISTINCT:
        raise Refused(f"a password needs at least {MIN_DISTINCT} different characters")
    lowered = password.lower()
    name = username.strip().lower()
    if len(name) >= 3 and name in lowered:
        raise Refused("a password must not contain the user name")
    if lowered in _common() or lowered.strip(STRIP) in _common():
        raise Refused("this password is among the most common ones: choose another")


def set_password(session: Session, user: User, password: str, at: datetime) -> None:
    """Store a new password (policy already checked) and keep it in the history."""
    policy = current_policy(session)
    if policy.history:
        earlier = session.scalars(
            select(PasswordHistory.password_hash)
            .where(PasswordHistory.user_id == user.id)
            .order_by(PasswordHistory.id.desc())
            .limit(policy.history)
        ).all()
        if any(matches(old, password) for old in earlier):
            raise Refused(
                f"this password was used recently: the last {policy.history} cannot be reused"
            )
    user.password_hash = hash_password(password)
    session.add(PasswordHistory(user_id=user.id, password_hash=user.password_hash, set_at=at))
    session.flush()


def password_set_at(session: Session, user: User) -> datetime:
    latest = session.scalar(
        select(PasswordHistory.set_at)
        .where(PasswordHistory.user_id == user.id)
        .order_by(PasswordHistory.id.desc())
        .limit(1)
    )
    return latest or user.created_at


def expired_on(session: Session, user: User, now: datetime) -> datetime | None:
    """When the user's password expired, or None while it is valid."""
    days = current_policy(session).expiry_days
    if not days:
        return None
    ends = password_set_at(session, user) + timedelta(days=days)
    return ends if now >= ends else None
