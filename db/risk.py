"""Risk class of a reference (UNITC framework, DESIGN.md): the class and the criteria that fired.

The rule is configuration kept in the record (`settings`), changed by QA with a reason; the
default is the one the survey describes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from sqlalchemy.orm import Session

from db import lookups, settings
from db.approvals import Approval, approved_setting
from db.engine import Database
from db.errors import Refused
from db.models import Reference

RULE_KEY = "risk_rule"


class RiskClass(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    STARTING_MATERIAL = "starting_material"


CRITERIA = {
    "not_clinical_grade": "grade is not clinical (neither MA nor CE-marked)",
    "biological_origin": "biological origin (human or animal)",
    "product_contact": "contacts the intermediate or final product",
    "no_coa": "no certificate of analysis",
    "no_sterility": "no sterility certificate (microbial, endotoxin, mycoplasma)",
}


@dataclass(frozen=True)
class RiskRule:
    clinical_grades: tuple[str, ...] = ("MA", "CE")
    biological_origins: tuple[str, ...] = ("human", "animal")
    assessed_separately: tuple[str, ...] = ("starting_material",)
    # Critical: contact and (final-product contact, or any other criterion).
    final_contact_is_critical: bool = True
    # Major without contact: at least this many of the other four criteria.
    major_without_contact: int = 2

    @classmethod
    def from_json(cls, data: dict[str, object]) -> RiskRule:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise Refused(f"unknown risk rule setting {sorted(unknown)[0]!r}")
        try:
            rule = cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})  # type: ignore[arg-type]
        except TypeError as exc:
            raise Refused(f"invalid risk rule: {exc}") from exc
        if (
            not isinstance(rule.major_without_contact, int)
            or not 1 <= rule.major_without_contact <= 4
        ):
            raise Refused("major_without_contact must be a whole number from 1 to 4")
        return rule

    def to_json(self) -> dict[str, object]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class RiskAssessment:
    risk_class: RiskClass
    criteria: list[str]
    explanation: str
    descriptions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "class": self.risk_class.value,
            "criteria": self.criteria,
            "descriptions": self.descriptions,
            "explanation": self.explanation,
        }


def fired_criteria(ref: Reference, rule: RiskRule) -> list[str]:
    fired = {
        "not_clinical_grade": ref.grade not in rule.clinical_grades,
        "biological_origin": ref.origin in rule.biological_origins,
        "product_contact": ref.contact != "none",
        "no_coa": not ref.coa,
        "no_sterility": not ref.sterility,
    }
    return [name for name in CRITERIA if fired[name]]


def classify(ref: Reference, rule: RiskRule) -> RiskAssessment:
    criteria = fired_criteria(ref, rule)
    descriptions = [CRITERIA[c] for c in criteria]
    others = [c for c in criteria if c != "product_contact"]
    if ref.category in rule.assessed_separately:
        cls, why = RiskClass.STARTING_MATERIAL, "starting material: assessed separately"
    elif (
        "product_contact" in criteria and ref.contact == "final" and rule.final_contact_is_critical
    ):
        cls, why = RiskClass.CRITICAL, "contacts the final product"
    elif "product_contact" in criteria and others:
        cls, why = (
            RiskClass.CRITICAL,
            "contacts the product and " + ", ".join(CRITERIA[c] for c in others),
        )
    elif "product_contact" in criteria:
        cls, why = RiskClass.MAJOR, "contacts the product (no other criterion)"
    elif len(others) >= rule.major_without_contact:
        cls, why = RiskClass.MAJOR, f"no product contact but {len(others)} criteria"
    else:
        cls, why = RiskClass.MINOR, "no product contact and fewer criteria than the major threshold"
    return RiskAssessment(cls, criteria, why, descriptions)


def current_rule(session: Session) -> RiskRule:
    stored = settings.load(session, RULE_KEY)
    return RiskRule() if stored is None else RiskRule.from_json(stored)


def assess(db: Database, code: str) -> RiskAssessment:
    with db.read() as session:
        return classify(lookups.reference(session, code), current_rule(session))


def set_rule(db: Database, rule: RiskRule, approval: Approval) -> bool:
    """Replace the rule (it decides which lots need a functional test): QA, under e-signature."""
    return approved_setting(
        db,
        approval,
        key=RULE_KEY,
        current=lambda session: current_rule(session).to_json(),
        value=rule.to_json(),
        summary="risk rule changed",
    )
