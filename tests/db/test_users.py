"""Accounts: unique, never reused, roles, argon2 passwords, lockout, deactivation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db import users
from db.errors import Refused
from db.models import AuditEvent, User
from db.users import MAX_FAILED_ATTEMPTS
from tests.fixtures.world import PASSWORDS, Unit, refused


def test_passwords_are_stored_as_argon2_hashes(unit: Unit) -> None:
    with unit.db.read() as s:
        stored = s.scalars(select(User.password_hash).where(User.username == "qa")).one()
        events = s.scalars(select(AuditEvent.new).where(AuditEvent.entity_type == "users")).all()
    assert stored.startswith("$argon2id$") and PASSWORDS["qa"] not in stored
    assert not any(stored in (e or "") for e in events), "the trail keeps only a digest"


def test_authentication(unit: Unit) -> None:
    actor = users.authenticate(unit.db, "qa", PASSWORDS["qa"])
    assert (actor.username, actor.full_name, actor.roles) == (
        "qa",
        "Quinn Quality",
        frozenset({"qa"}),
    )
    with pytest.raises(Refused, match="no user named 'nobody'"):
        users.authenticate(unit.db, "nobody", "whatever1")


def test_repeated_wrong_passwords_lock_the_account_until_an_admin_unlocks(unit: Unit) -> None:
    for attempt in range(1, MAX_FAILED_ATTEMPTS):
        with pytest.raises(Refused, match=f"{MAX_FAILED_ATTEMPTS - attempt} attempt"):
            users.authenticate(unit.db, "tech", "wrong-password")
    with pytest.raises(Refused, match="the account is now locked"):
        users.authenticate(unit.db, "tech", "wrong-password")
    with pytest.raises(Refused, match="is locked"):
        users.authenticate(unit.db, "tech", PASSWORDS["tech"])
    with refused(unit, "needs the admin role"):
        users.unlock(unit.db, unit.qa, "tech", "forgot")
    users.unlock(unit.db, unit.admin, "tech", "identity checked in person")
    assert users.authenticate(unit.db, "tech", PASSWORDS["tech"]).username == "tech"
    with unit.db.read() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(
                AuditEvent.entity_type == "users", AuditEvent.action.like("auth.%")
            )
        )
        assert list(actions).count("auth.failure") == MAX_FAILED_ATTEMPTS


def test_a_success_resets_the_failure_count(unit: Unit) -> None:
    with pytest.raises(Refused):
        users.authenticate(unit.db, "tech", "wrong-password")
    users.authenticate(unit.db, "tech", PASSWORDS["tech"])
    with unit.db.read() as s:
        assert s.scalars(select(User.failed_attempts).where(User.username == "tech")).one() == 0


def test_user_names_are_never_reused(unit: Unit) -> None:
    with refused(unit, "is taken"):
        users.add_user(unit.db, unit.admin, "QA", "Another", ["qa"], "long-enough-1")
    users.deactivate(unit.db, unit.admin, "qa2", "left the unit")
    with refused(unit, "is taken"):
        users.add_user(unit.db, unit.admin, "qa2", "New Person", ["qa"], "long-enough-1")


def test_deactivated_accounts_cannot_act(unit: Unit) -> None:
    users.deactivate(unit.db, unit.admin, "tech", "left the unit")
    with pytest.raises(Refused, match="deactivated"):
        users.authenticate(unit.db, "tech", PASSWORDS["tech"])
    with refused(unit, "deactivated"):
        unit.receive()  # an actor established before deactivation is re-checked


def test_new_user_checks(unit: Unit) -> None:
    cases = [
        (("eve", "Eve", ["qa"], "short"), "at least 8 characters"),
        (("eve", "Eve", ["chef"], "long-enough-1"), "unknown role 'chef'"),
        (("eve", "Eve", [], "long-enough-1"), "at least one role"),
        (("eve", " ", ["qa"], "long-enough-1"), "full name is required"),
        (("e ve", "Eve", ["qa"], "long-enough-1"), "invalid user name"),
    ]
    for args, message in cases:
        with refused(unit, message):
            users.add_user(unit.db, unit.admin, *args)
    with refused(unit, "needs the admin role"):
        users.add_user(unit.db, unit.qa, "eve", "Eve", ["qa"], "long-enough-1")


def test_roles_change_with_a_reason_and_admins_keep_their_own_account(unit: Unit) -> None:
    users.set_roles(unit.db, unit.admin, "tech", ["technician", "production"], "cross-trained")
    assert users.authenticate(unit.db, "tech", PASSWORDS["tech"]).roles == {
        "technician",
        "production",
    }
    with refused(unit, "reason is required"):
        users.set_roles(unit.db, unit.admin, "tech", ["qa"], " ")
    with refused(unit, "cannot deactivate their own account"):
        users.deactivate(unit.db, unit.admin, "admin", "oops")


def test_password_change(unit: Unit) -> None:
    users.change_password(unit.db, "tech", PASSWORDS["tech"], "brand-new-secret")
    assert users.authenticate(unit.db, "tech", "brand-new-secret").username == "tech"
    with pytest.raises(Refused, match="must differ"):
        users.change_password(unit.db, "tech", "brand-new-secret", "brand-new-secret")
