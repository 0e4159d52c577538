"""Signing in: every failure recorded whatever its cause, the same answer for a wrong name
and a wrong password, lockout, and recovering a locked sole administrator with the site key."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import users
from db.admin_recovery import recover_admin
from db.errors import Refused
from db.models import AccessFailure, AuditEvent, User
from db.sign_in import MAX_FAILED_ATTEMPTS, WRONG, authenticate, change_password
from tests.fixtures.world import PASSWORDS, Unit, refused


def failures(unit: Unit) -> list[tuple[str, str, str]]:
    with unit.db.read() as s:
        rows = s.execute(
            select(
                AccessFailure.typed_username, AccessFailure.cause, AccessFailure.workstation
            ).order_by(AccessFailure.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_authentication(unit: Unit) -> None:
    actor = authenticate(unit.db, "qa", PASSWORDS["qa"])
    assert (actor.username, actor.full_name, actor.roles) == ("qa", "Quinn Quality", {"qa"})


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer_and_are_both_recorded(
    unit: Unit,
) -> None:
    with pytest.raises(Refused) as unknown:
        authenticate(unit.db, "nobody", "whatever-it-is")
    with pytest.raises(Refused) as wrong:
        authenticate(unit.db, "tech", "whatever-it-is")
    assert unknown.value.message == wrong.value.message == WRONG
    assert failures(unit) == [
        ("nobody", "unknown_user", "test-bench"),
        ("tech", "wrong_password", "test-bench"),
    ]


def test_attempts_on_locked_and_deactivated_accounts_are_recorded(unit: Unit) -> None:
    users.deactivate(unit.db, unit.admin, "qa2", "left the unit")
    with pytest.raises(Refused, match=WRONG):
        authenticate(unit.db, "qa2", "not-the-password")  # a wrong password says nothing more
    with pytest.raises(Refused, match="deactivated"):
        authenticate(unit.db, "qa2", PASSWORDS["qa2"])  # only its owner learns the state
    typed = "x" * 300 + "\x1b[31m"
    with pytest.raises(Refused, match=WRONG):
        authenticate(unit.db, typed, "whatever")
    assert [f[:2] for f in failures(unit)] == [
        ("qa2", "deactivated"),
        ("qa2", "deactivated"),
        ("x" * 80, "unknown_user"),
    ]


def test_repeated_wrong_passwords_lock_the_account_until_an_admin_unlocks(unit: Unit) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(Refused, match=WRONG):
            authenticate(unit.db, "tech", "wrong-password")
    with pytest.raises(Refused, match="is locked"):
        authenticate(unit.db, "tech", PASSWORDS["tech"])
    with pytest.raises(Refused, match=WRONG):
        authenticate(unit.db, "tech", "wrong-password")  # locked: still counted, not told
    with refused(unit, "needs the admin role"):
        users.unlock(unit.db, unit.qa, "tech", "forgot")
    users.unlock(unit.db, unit.admin, "tech", "identity checked in person")
    assert authenticate(unit.db, "tech", PASSWORDS["tech"]).username == "tech"
    causes = [f[1] for f in failures(unit)]
    assert causes == ["wrong_password"] * MAX_FAILED_ATTEMPTS + ["locked", "locked"]


def test_a_success_resets_the_failure_count(unit: Unit) -> None:
    with pytest.raises(Refused):
        authenticate(unit.db, "tech", "wrong-password")
    authenticate(unit.db, "tech", PASSWORDS["tech"])
    with unit.db.read() as s:
        assert s.scalars(select(User.failed_attempts).where(User.username == "tech")).one() == 0


def test_password_change(unit: Unit) -> None:
    change_password(unit.db, "tech", PASSWORDS["tech"], "brand-new-walnut-91")
    assert authenticate(unit.db, "tech", "brand-new-walnut-91").username == "tech"
    with pytest.raises(Refused, match="must differ"):
        change_password(unit.db, "tech", "brand-new-walnut-91", "brand-new-walnut-91")
    with pytest.raises(Refused, match="used recently"):
        change_password(unit.db, "tech", "brand-new-walnut-91", PASSWORDS["tech"])


def lock(unit: Unit, name: str) -> None:
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(Refused):
            authenticate(unit.db, name, "wrong-password")


def test_a_locked_sole_admin_is_recovered_with_the_site_key_and_it_is_recorded(
    unit: Unit, tmp_path: Path
) -> None:
    lock(unit, "admin")
    key = unit.db.site_key_path()
    with pytest.raises(Refused, match="not a readable Lotkeeper site key"):
        bogus = tmp_path / "bogus.key"
        bogus.write_text("{}")
        bogus.chmod(0o600)
        recover_admin(unit.db, bogus, "admin", "violet-anchor-7731")
    with pytest.raises(Refused, match="'tech' is not an administrator"):
        recover_admin(unit.db, key, "tech", "violet-anchor-7731")
    recover_admin(unit.db, key, "admin", "violet-anchor-7731")
    assert authenticate(unit.db, "admin", "violet-anchor-7731").username == "admin"
    with unit.db.read() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.recover_with_site_key")
        ).first()
        assert event is not None and "with the site key, on test-bench" in (event.reason or "")
    assert unit.data is not None
    witness = next((unit.data / "witness").glob("*.witness")).read_text()
    assert "administrator recovered with the site key" in witness


def test_recovery_is_refused_while_another_admin_can_unlock(unit: Unit) -> None:
    users.add_user(unit.db, unit.admin, "ada2", "Ada Second", ["admin"], "quartz-lantern-6120")
    lock(unit, "admin")
    with pytest.raises(Refused, match="ada2 is an active administrator"):
        recover_admin(unit.db, unit.db.site_key_path(), "admin", "violet-anchor-7731")
    with unit.db.read() as s:
        assert s.scalar(select(func.count()).select_from(AccessFailure)) == MAX_FAILED_ATTEMPTS
