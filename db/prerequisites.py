"""What a lot needs before QA may release it (DESIGN.md, release prerequisites)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Document,
    DocumentKind,
    Lot,
    Qualification,
    Sample,
    SampleKind,
    TestKind,
    TestResult,
)
from db.risk import RiskClass, RiskRule, classify


@dataclass(frozen=True)
class Prerequisite:
    code: str
    met: bool
    detail: str


def evaluate(session: Session, lot: Lot, today: date, rule: RiskRule) -> list[Prerequisite]:
    """Every prerequisite that applies to this lot, met or not, with a sentence of evidence."""
    ref = lot.reference
    kinds = set(session.scalars(select(Document.kind).where(Document.lot_id == lot.id)))
    found: list[Prerequisite] = []
    if ref.grade != "MA":
        found.append(_doc(kinds, DocumentKind.COA, "coa", "certificate of analysis"))
    if ref.requires_sterility_certificate:
        found.append(
            _doc(kinds, DocumentKind.STERILITY, "sterility_certificate", "sterility certificate")
        )
    risk = classify(ref, rule)
    if ref.requires_functional_test or (
        risk.risk_class == RiskClass.CRITICAL and ref.affects_cell_function
    ):
        found.append(_functional_test(session, lot))
    if ref.reference_sample:
        found.append(_reference_sample(session, lot))
    supplier = lot.supplier
    found.append(
        Prerequisite(
            "supplier_qualified",
            supplier.qualification == Qualification.QUALIFIED,
            f"supplier {supplier.name} is {supplier.qualification.replace('_', ' ')}",
        )
    )
    found.append(
        Prerequisite(
            "receipt_conforming",
            lot.receipt_conforming,
            "receipt conforming"
            if lot.receipt_conforming
            else f"receipt non-conforming: {lot.nonconformity}",
        )
    )
    found.append(
        Prerequisite(
            "not_expired",
            lot.expiry >= today,
            f"expires {lot.expiry:%Y-%m-%d}"
            if lot.expiry >= today
            else f"expired on {lot.expiry:%Y-%m-%d}",
        )
    )
    return found


def _doc(kinds: set[str], kind: DocumentKind, code: str, label: str) -> Prerequisite:
    met = kind.value in kinds
    return Prerequisite(code, met, f"{label} attached" if met else f"{label} not attached")


def _functional_test(session: Session, lot: Lot) -> Prerequisite:
    latest = session.scalars(
        select(TestResult)
        .where(TestResult.lot_id == lot.id, TestResult.kind == TestKind.FUNCTIONAL)
        .order_by(TestResult.performed_on.desc(), TestResult.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return Prerequisite("functional_test", False, "functional test not recorded")
    verdict = "passed" if latest.passed else "failed"
    return Prerequisite(
        "functional_test",
        latest.passed,
        f"functional test {latest.name!r} {verdict} on {latest.performed_on}",
    )


def _reference_sample(session: Session, lot: Lot) -> Prerequisite:
    sample = session.scalars(
        select(Sample).where(Sample.lot_id == lot.id, Sample.kind == SampleKind.REFERENCE).limit(1)
    ).first()
    if sample is None:
        return Prerequisite("reference_sample", False, "reference sample not logged")
    return Prerequisite(
        "reference_sample",
        True,
        f"reference sample kept at {sample.location} until {sample.retain_until}",
    )


def unmet(prerequisites: list[Prerequisite]) -> list[Prerequisite]:
    return [p for p in prerequisites if not p.met]
