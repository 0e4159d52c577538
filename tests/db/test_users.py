"""Accounts: unique, never reused, plain ASCII names that cannot be mistaken, roles, and
segregation of duties (nobody changes their own roles, one admin always remains, no
combination the unit does not allow)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db import release, users
from db.duties_change import set_dual_roles
from db.errors import Refused
from db.models import AuditEvent, User
from db.sign_in import authenticate
from tests.fixtures.world import PASSWORDS, Unit, refused

GOOD = "quartz-lantern-6120"  # a password the default policy accepts


def test_passwords_are_stored_as_argon2_hashes(unit: Unit) -> None:
    with unit.db.read() as s:
        stored = s.scalars(select(User.password_hash).where(User.username == "qa")).one()
        events = s.scalars(select(AuditEvent.new).where(AuditEvent.entity_type == "users")).all()
    assert stored.startswith("$argon2id$") and PASSWORDS["qa"] not in stored
    assert not any(stored in (e or "") for e in events), "the trail keeps only a digest"


def test_user_names_are_never_reused_nor_mistakable(unit: Unit) -> None:
    with refused(unit, "is taken"):
        users.add_user(unit.db, unit.admin, "QA", "Another", ["qa"], GOOD)
    users.deactivate(unit.db, unit.admin, "qa2", "left the unit")
    with refused(unit, "is taken"):
        users.add_user(unit.db, unit.admin, "qa2", "New Person", ["qa"], GOOD)
    with refused(unit, "invalid user name 'аdmin'"):  # Cyrillic а beside Latin admin
        users.add_user(unit.db, unit.admin, "аdmin", "Eve", ["qa"], GOOD)
    with refused(unit, "too easily mistaken for 'admin'"):
        users.add_user(unit.db, unit.admin, "adm1n", "Eve", ["qa"], GOOD)
    with refused(unit, "too easily mistaken for 'prod'"):
        users.add_user(unit.db, unit.admin, "pr0d", "Eve", ["qa"], GOOD)


def test_deactivated_accounts_cannot_act(unit: Unit) -> None:
    users.deactivate(unit.db, unit.admin, "tech", "left the unit")
    with pytest.raises(Refused, match="deactivated"):
        authenticate(unit.db, "tech", PASSWORDS["tech"])
    with refused(unit, "deactivated"):
        unit.receive()  # an actor established before deactivation is re-checked


def test_new_user_checks(unit: Unit) -> None:
    cases = [
        (("eve", "Eve", ["qa"], "short-pw"), "at least 12 characters"),
        (("eve", "Eve", ["chef"], GOOD), "unknown role 'chef'"),
        (("eve", "Eve", [], GOOD), "at least one role"),
        (("eve", " ", ["qa"], GOOD), "full name is required"),
        (("e ve", "Eve", ["qa"], GOOD), "invalid user name"),
        (("eve", "Eve", ["admin", "qa"], GOOD), "admin role cannot be combined with qa"),
        (("eve", "Eve", ["technician", "qa"], GOOD), "technician and QA roles cannot be held"),
    ]
    for args, message in cases:
        with refused(unit, message):
            users.add_user(unit.db, unit.admin, *args)
    with refused(unit, "needs the admin role"):
        users.add_user(unit.db, unit.qa, "eve", "Eve", ["qa"], GOOD)


def test_roles_change_with_a_reason_by_another_admin_only(unit: Unit) -> None:
    users.set_roles(unit.db, unit.admin, "tech", ["technician", "production"], "cross-trained")
    assert authenticate(unit.db, "tech", PASSWORDS["tech"]).roles == {"technician", "production"}
    with refused(unit, "reason is required"):
        users.set_roles(unit.db, unit.admin, "tech", ["qa"], " ")
    with refused(unit, "cannot deactivate their own account"):
        users.deactivate(unit.db, unit.admin, "admin", "oops")
    with refused(unit, "nobody changes their own roles"):
        users.set_roles(unit.db, unit.admin, "admin", ["admin", "technician", "qa"], "all of it")
    with refused(unit, "nobody changes their own roles"):
        users.set_roles(unit.db, unit.admin, "admin", ["qa"], "step down")


def test_an_admin_cannot_take_on_operational_roles_unless_the_unit_allows_it(unit: Unit) -> None:
    users.add_user(unit.db, unit.admin, "ada2", "Ada Second", ["admin"], GOOD)
    second = authenticate(unit.db, "ada2", GOOD)
    with refused(unit, "admin role cannot be combined with production, technician"):
        users.set_roles(unit.db, second, "admin", ["admin", "technician", "production"], "help")
    unit.add_techqa()  # QA allows dual roles (under e-signature)
    users.set_roles(unit.db, second, "admin", ["admin", "technician"], "two-person unit")
    assert unit.receive(by="admin").status == "QUARANTINE"


def test_a_combination_held_from_before_cannot_be_used_once_forbidden(unit: Unit) -> None:
    techqa = unit.add_techqa()
    lot = unit.receive(by="tech")
    unit.attach(lot.lot)
    set_dual_roles(unit.db, False, unit.approval(reason="second QA person hired"))
    with refused(unit, "techqa may not act", "technician and QA roles cannot be held"):
        unit.receive(by="techqa")
    with refused(unit, "techqa may not act"):
        release.release(unit.db, techqa, PASSWORDS["techqa"], lot.lot)


def test_one_active_admin_always_remains(unit: Unit) -> None:
    users.add_user(unit.db, unit.admin, "ada2", "Ada Second", ["admin"], GOOD)
    second = authenticate(unit.db, "ada2", GOOD)
    users.set_roles(unit.db, second, "admin", ["qa"], "moves to QA")
    with refused(unit, "nobody changes their own roles"):
        users.set_roles(unit.db, second, "ada2", ["qa"], "moves to QA too")
    with refused(unit, "needs the admin role"):
        users.set_roles(unit.db, unit.admin, "ada2", ["qa"], "no longer an admin")
