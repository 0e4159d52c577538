"""The password policy: long enough, not the name, not common, not reused, optional expiry,
set by an administrator with a reason."""

from __future__ import annotations

import pytest

from db import users
from db.errors import Refused
from db.passwords import PasswordPolicy, check_new_password
from db.sign_in import authenticate, change_password
from tests.fixtures.world import PASSWORDS, Unit, refused


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("aaaaaaaa", "at least 12 characters"),
        ("password", "at least 12 characters"),
        (" " * 12, "different characters"),
        ("aaaaaaaaaaaaaaa", "different characters"),
        ("eve-the-great-1", "must not contain the user name"),
        ("password1234", "among the most common"),
        ("qwertyuiop123", "among the most common"),
        ("Trustno1!2024", "among the most common"),
    ],
)
def test_weak_passwords_are_refused_with_the_rule_they_break(password: str, says: str) -> None:
    with pytest.raises(Refused, match=says):
        check_new_password(password, username="eve")


def test_a_good_password_passes() -> None:
    check_new_password("maple-sextant-0427", username="eve")


def test_the_policy_is_set_by_an_admin_with_a_reason_and_applies(unit: Unit) -> None:
    policy = PasswordPolicy(min_length=16, history=2, expiry_days=90)
    with refused(unit, "needs the admin role"):
        users.set_password_policy(unit.db, unit.qa, policy, "longer")
    with refused(unit, "reason is required"):
        users.set_password_policy(unit.db, unit.admin, policy, "")
    assert users.set_password_policy(unit.db, unit.admin, policy, "ANSSI guidance")
    with refused(unit, "at least 16 characters"):
        users.add_user(unit.db, unit.admin, "eve", "Eve", ["qa"], "quartz-lantern6")
    with pytest.raises(Refused, match="min_length must be a whole number from 8 to 128"):
        PasswordPolicy.from_json({"min_length": 4, "history": 0, "expiry_days": 0})


def test_an_expired_password_must_be_changed_before_signing_in(unit: Unit) -> None:
    users.set_password_policy(unit.db, unit.admin, PasswordPolicy(expiry_days=30), "yearly review")
    unit.clock.advance(days=31)
    with pytest.raises(Refused, match="has expired: change it first"):
        authenticate(unit.db, "tech", PASSWORDS["tech"])
    change_password(unit.db, "tech", PASSWORDS["tech"], "renewed-harbour-5532")
    assert authenticate(unit.db, "tech", "renewed-harbour-5532").username == "tech"
