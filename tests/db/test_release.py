"""QA decisions: four eyes, the full list of unmet prerequisites, e-signatures."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from db import lab_results, release, samples
from db.errors import Refused
from db.models import Lot, Signature, User
from db.serialize import sha256_hex
from tests.fixtures.world import PASSWORDS, Unit, refused


def test_release_lists_every_unmet_prerequisite(unit: Unit) -> None:
    # RM-024: FBS from a non-qualified supplier, critical, affects cell function, reference sample.
    done = unit.receive(
        "RM-024",
        expiry=unit.today() + timedelta(days=100),
        checks={"packaging_intact": False, "temperature_ok": True, "delivery_note_matches": True},
        nonconformity="leaking cap",
    )
    with refused(unit) as info:
        unit.release(done.lot)
    assert info.value.reasons == [
        "coa",
        "functional_test",
        "reference_sample",
        "supplier_qualified",
        "receipt_conforming",
    ]
    for text in (
        "certificate of analysis not attached",
        "functional test not recorded",
        "reference sample not logged",
        "Generic Bio is not qualified",
        "receipt non-conforming: leaking cap",
    ):
        assert text in info.value.message


def test_release_by_qa_records_status_and_signature(unit: Unit) -> None:
    done = unit.receive()
    unit.attach(done.lot)
    decision = unit.release(done.lot)
    assert (decision.status, decision.meaning, decision.full_name) == (
        "RELEASED",
        "Released",
        "Quinn Quality",
    )
    with unit.db.read() as s:
        lot = s.scalars(select(Lot).where(Lot.lot_number == done.lot)).one()
        qa = s.scalars(select(User).where(User.username == "qa")).one()
        assert (lot.status, lot.status_by_id) == ("RELEASED", qa.id)
        sig = s.get(Signature, decision.signature_id)
        assert sig is not None
        assert (sig.user_id, sig.full_name, sig.meaning) == (qa.id, "Quinn Quality", "Released")
        assert sig.content_sha256 == sha256_hex(sig.content)
        content = json.loads(sig.content)
    assert content["record"]["fields"]["lot_number"] == done.lot
    assert content["evidence"]["status_from"] == "QUARANTINE"
    assert [d["kind"] for d in content["evidence"]["documents"]] == ["coa"]
    assert content["signer"] == "qa" and content["signed_at"].endswith("Z")


def test_the_receiver_may_not_release_even_with_the_qa_role(unit: Unit) -> None:
    unit.add_techqa()  # a small unit that allows dual roles
    done = unit.receive(by="techqa")
    unit.attach(done.lot)
    with refused(unit, "techqa received", "four eyes"):
        release.release(unit.db, unit.techqa, PASSWORDS["techqa"], done.lot)
    with refused(unit, "four eyes"):
        release.reject(unit.db, unit.techqa, PASSWORDS["techqa"], done.lot, "bad")


def test_a_technician_may_not_release(unit: Unit) -> None:
    done = unit.receive()
    unit.attach(done.lot)
    with refused(unit, "needs the qa role"):
        release.release(unit.db, unit.tech, PASSWORDS["tech"], done.lot)


def test_a_wrong_password_refuses_the_signature_and_is_counted(unit: Unit) -> None:
    done = unit.receive()
    unit.attach(done.lot)
    with refused(unit, "user name or password is wrong"):
        release.release(unit.db, unit.qa, "not-the-password", done.lot)
    with unit.db.read() as s:
        assert s.scalars(select(User).where(User.username == "qa")).one().failed_attempts == 1


def test_authorised_medicinal_products_need_no_coa(unit: Unit) -> None:
    done = unit.receive("RM-018")  # NaCl 0.9%, grade MA
    assert unit.release(done.lot).status == "RELEASED"


def test_critical_cell_function_reference_needs_a_passed_functional_test(unit: Unit) -> None:
    done = unit.receive("RM-009")  # IL-7 GMP: critical, affects cell function, reference sample
    unit.attach(done.lot)
    samples.record_sample(unit.db, unit.tech, done.lot, "reference", "1", location="F-20 B2")
    with refused(unit, "functional test not recorded"):
        unit.release(done.lot)
    lab_results.record_result(
        unit.db, unit.tech, done.lot, kind="functional", name="proliferation", passed=False
    )
    with refused(unit, "functional test 'proliferation' failed"):
        unit.release(done.lot)
    lab_results.record_result(
        unit.db, unit.tech, done.lot, kind="functional", name="proliferation retest", passed=True
    )
    assert unit.release(done.lot).status == "RELEASED"


def test_expired_lot_cannot_be_released(unit: Unit) -> None:
    done = unit.receive(expiry=unit.today() + timedelta(days=3))
    unit.attach(done.lot)
    unit.clock.advance(days=4)
    with refused(unit, "expired on"):
        unit.release(done.lot)


def test_reject_needs_a_reason_and_is_final(unit: Unit) -> None:
    done = unit.receive()
    with refused(unit, "reason is required"):
        release.reject(unit.db, unit.qa, PASSWORDS["qa"], done.lot, "  ")
    decision = release.reject(unit.db, unit.qa, PASSWORDS["qa"], done.lot, "CoA out of spec")
    assert decision.status == "REJECTED"
    with refused(unit, "is REJECTED"):
        unit.release(done.lot)
    with refused(unit, "is REJECTED"):
        release.reject(unit.db, unit.qa2, PASSWORDS["qa2"], done.lot, "again")


def test_hold_and_lift_hold(unit: Unit) -> None:
    done = unit.released_lot()
    with refused(unit, "only a lot in ON_HOLD can be taken off hold"):
        release.unhold(unit.db, unit.qa, PASSWORDS["qa"], done.lot, "nothing to lift")
    held = release.hold(unit.db, unit.qa2, PASSWORDS["qa2"], done.lot, "supplier recall notice")
    assert held.status == "ON_HOLD"
    lifted = release.unhold(unit.db, unit.qa, PASSWORDS["qa"], done.lot, "recall not our lot")
    assert lifted.status == "RELEASED"
    with unit.db.read() as s:
        meanings = s.scalars(
            select(Signature.meaning).where(Signature.entity_type == "lots").order_by(Signature.id)
        ).all()
    assert meanings == ["Released", "Put on hold", "Hold lifted"]


def test_a_held_lot_can_be_rejected_but_not_a_released_one_directly(unit: Unit) -> None:
    done = unit.released_lot()
    with refused(unit, "is RELEASED"):
        release.reject(unit.db, unit.qa, PASSWORDS["qa"], done.lot, "found defect")
    release.hold(unit.db, unit.qa, PASSWORDS["qa"], done.lot, "investigation")
    assert (
        release.reject(unit.db, unit.qa2, PASSWORDS["qa2"], done.lot, "defect").status == "REJECTED"
    )


def test_unknown_lot_is_refused(unit: Unit) -> None:
    with pytest.raises(Refused, match="no lot 'L26-999999'"):
        unit.release("L26-999999")
