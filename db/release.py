"""QA decisions on a lot: release, reject, hold, lift a hold, each under e-signature."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from db import lookups
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import Lot, LotStatus, Role
from db.prerequisites import Prerequisite, evaluate, unmet
from db.risk import current_rule
from db.sign_in import authenticate
from db.signatures import document_evidence, sign
from db.users import Actor, require

# The lot fields a decision is about; `audit verify` checks they still hold what was signed.
SIGNED_LOT_FIELDS = (
    "lot_number",
    "reference_id",
    "supplier_id",
    "supplier_lot",
    "expiry",
    "container_count",
    "received_by_id",
)


@dataclass(frozen=True)
class Decision:
    lot: str
    status: str
    meaning: str
    signed_by: str
    full_name: str
    signed_at: datetime
    signature_id: int
    content_sha256: str
    prerequisites: list[Prerequisite]


@dataclass(frozen=True)
class _Rule:
    action: str
    meaning: str
    allowed_from: tuple[LotStatus, ...]
    to: LotStatus
    four_eyes: bool
    needs_prerequisites: bool
    needs_reason: bool
    verb: str


RELEASE = _Rule(
    "lot.release",
    "Released",
    (LotStatus.QUARANTINE,),
    LotStatus.RELEASED,
    four_eyes=True,
    needs_prerequisites=True,
    needs_reason=False,
    verb="released",
)
REJECT = _Rule(
    "lot.reject",
    "Rejected",
    (LotStatus.QUARANTINE, LotStatus.ON_HOLD),
    LotStatus.REJECTED,
    four_eyes=True,
    needs_prerequisites=False,
    needs_reason=True,
    verb="rejected",
)
HOLD = _Rule(
    "lot.hold",
    "Put on hold",
    (LotStatus.RELEASED,),
    LotStatus.ON_HOLD,
    four_eyes=False,
    needs_prerequisites=False,
    needs_reason=True,
    verb="put on hold",
)
UNHOLD = _Rule(
    "lot.unhold",
    "Hold lifted",
    (LotStatus.ON_HOLD,),
    LotStatus.RELEASED,
    four_eyes=True,
    needs_prerequisites=True,
    needs_reason=True,
    verb="taken off hold",
)


def release(
    db: Database, actor: Actor, password: str, lot_number: str, comment: str | None = None
) -> Decision:
    return _decide(db, actor, password, lot_number, RELEASE, comment)


def reject(db: Database, actor: Actor, password: str, lot_number: str, reason: str) -> Decision:
    return _decide(db, actor, password, lot_number, REJECT, reason)


def hold(db: Database, actor: Actor, password: str, lot_number: str, reason: str) -> Decision:
    return _decide(db, actor, password, lot_number, HOLD, reason)


def unhold(db: Database, actor: Actor, password: str, lot_number: str, reason: str) -> Decision:
    return _decide(db, actor, password, lot_number, UNHOLD, reason)


def _decide(
    db: Database, actor: Actor, password: str, lot_number: str, rule: _Rule, reason: str | None
) -> Decision:
    reason = (reason or "").strip() or None
    if rule.needs_reason and reason is None:
        raise Refused(f"a reason is required: say why the lot is {rule.verb}")
    # Signing re-checks the password (a failure is counted, in its own transaction).
    signer = authenticate(db, actor.username, password)
    with db.write(
        user_id=signer.id, username=signer.username, action=rule.action, reason=reason
    ) as session:
        require(session, signer, Role.QA)
        lot = lookups.lot(session, lot_number, lock=True)
        _check_allowed(lot, signer, rule)
        prerequisites = evaluate(session, lot, tx_now(session).date(), current_rule(session))
        if rule.needs_prerequisites:
            _check_prerequisites(lot, rule, prerequisites)
        return _apply(session, lot, signer, rule, reason, prerequisites)


def _check_allowed(lot: Lot, signer: Actor, rule: _Rule) -> None:
    if lot.status not in rule.allowed_from:
        allowed = " or ".join(s.value for s in rule.allowed_from)
        raise Refused(
            f"{lot.lot_number} is {lot.status}: only a lot in {allowed} can be {rule.verb}"
        )
    if rule.four_eyes and lot.received_by_id == signer.id:
        raise Refused(
            f"{signer.username} received {lot.lot_number} and may not also decide on it "
            "(four eyes): another QA person must sign"
        )


def _check_prerequisites(lot: Lot, rule: _Rule, prerequisites: list[Prerequisite]) -> None:
    missing = unmet(prerequisites)
    if missing:
        raise Refused(
            f"{lot.lot_number} cannot be {rule.verb}: " + "; ".join(p.detail for p in missing),
            reasons=[p.code for p in missing],
        )


def _apply(
    session: Session,
    lot: Lot,
    signer: Actor,
    rule: _Rule,
    reason: str | None,
    prerequisites: list[Prerequisite],
) -> Decision:
    before = lot.status
    lot.status = rule.to.value
    lot.status_at = tx_now(session)
    lot.status_by_id = signer.id
    evidence = {
        "status_from": before,
        "status_to": rule.to.value,
        "documents": document_evidence(session, lot.id),
        "prerequisites": [
            {"code": p.code, "met": p.met, "detail": p.detail} for p in prerequisites
        ],
    }
    signature = sign(session, signer, rule.meaning, lot, SIGNED_LOT_FIELDS, evidence, reason)
    return Decision(
        lot.lot_number,
        lot.status,
        rule.meaning,
        signer.username,
        signer.full_name,
        signature.signed_at,
        signature.id,
        signature.content_sha256,
        prerequisites,
    )
