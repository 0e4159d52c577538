"""UNITC risk classes, the criteria that fired, and the rule as audited configuration."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from db import risk
from db.approvals import Approval
from db.errors import Refused
from db.models import ApprovedChange, AuditEvent
from tests.fixtures.world import Unit, refused

# Worked by hand from the example catalog and DESIGN.md's default rule.
EXPECTED = {
    "RM-001": ("major", ["product_contact"]),  # CE, synthetic, intermediate: contact alone
    "RM-003": ("critical", ["biological_origin", "product_contact"]),
    "RM-005": ("critical", ["not_clinical_grade", "product_contact"]),  # GMP is not clinical
    "RM-013": ("critical", ["biological_origin", "product_contact"]),  # final-product contact
    "RM-018": ("critical", ["product_contact"]),  # MA, synthetic, but contacts final product
    "RM-024": (
        "critical",
        ["not_clinical_grade", "biological_origin", "product_contact", "no_coa", "no_sterility"],
    ),
    "RM-025": ("minor", ["no_sterility"]),  # CE, synthetic, no contact, one criterion
    "RM-026": ("major", ["not_clinical_grade", "no_sterility"]),  # no contact, two criteria
    "RM-028": ("major", ["not_clinical_grade", "biological_origin", "no_sterility"]),
    "RM-032": ("minor", ["not_clinical_grade"]),
    "RM-033": ("starting_material", ["not_clinical_grade", "product_contact"]),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_default_rule_classes(unit: Unit, code: str) -> None:
    assessed = risk.assess(unit.db, code)
    assert (assessed.risk_class.value, assessed.criteria) == EXPECTED[code]
    assert len(assessed.descriptions) == len(assessed.criteria)


def test_every_catalog_reference_gets_a_class(unit: Unit) -> None:
    classes = {risk.assess(unit.db, f"RM-{i:03d}").risk_class.value for i in range(1, 37)}
    assert classes == {"critical", "major", "minor", "starting_material"}


def test_changing_the_rule_is_signed_by_qa_audited_and_changes_classes(unit: Unit) -> None:
    stricter = risk.RiskRule(major_without_contact=1)
    with refused(unit, "needs the qa role"):
        risk.set_rule(unit.db, stricter, unit.approval("tech", "tighten"))
    with refused(unit, "reason is required"):
        risk.set_rule(unit.db, stricter, unit.approval("qa", " "))
    with refused(unit, "user name or password is wrong"):
        risk.set_rule(unit.db, stricter, Approval("qa", "not-the-password", "tighten"))
    why = "QA-SOP-12 rev 3: one criterion suffices"
    assert risk.set_rule(unit.db, stricter, unit.approval("qa", why))
    assert risk.assess(unit.db, "RM-025").risk_class.value == "major"
    with unit.db.read() as s:
        event = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "risk_rule.set", AuditEvent.entity_type == "settings"
            )
        ).one()
    assert event.reason == "QA-SOP-12 rev 3: one criterion suffices"
    assert (
        '"major_without_contact\\":1' in event.new
        or json.loads(json.loads(event.new)["value"])["major_without_contact"] == 1
    )
    with unit.db.read() as s:
        signed = s.scalars(select(ApprovedChange).where(ApprovedChange.kind == "risk_rule")).one()
    assert json.loads(signed.changes) == {"major_without_contact": [2, 1]}
    assert signed.reason == why and signed.signature_id is not None
    assert not risk.set_rule(unit.db, stricter, unit.approval("qa", "again")), "nothing recorded"


def test_invalid_rules_are_refused() -> None:
    with pytest.raises(Refused, match="unknown risk rule setting 'colour'"):
        risk.RiskRule.from_json({"colour": "red"})
    with pytest.raises(Refused, match="1 to 4"):
        risk.RiskRule.from_json({"major_without_contact": 9})
