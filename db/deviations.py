"""Deviations on raw materials in the five UNITC domains, closed by QA under signature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import lookups, numbering
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import Deviation, DeviationDomain, DeviationLink, Role, Severity
from db.sign_in import authenticate
from db.signatures import sign
from db.users import Actor, require

SIGNED_FIELDS = (
    "number",
    "domain",
    "severity",
    "title",
    "description",
    "change_control",
    "capa",
    "closure",
)


@dataclass(frozen=True)
class DeviationRef:
    number: str
    status: str


def open_deviation(
    db: Database,
    actor: Actor,
    *,
    domain: str,
    severity: str,
    title: str,
    description: str = "",
    lots: Sequence[str] = (),
    references: Sequence[str] = (),
    suppliers: Sequence[str] = (),
    change_control: bool = False,
) -> DeviationRef:
    if domain not in {d.value for d in DeviationDomain}:
        raise Refused(
            f"unknown domain {domain!r}: choose from " + ", ".join(d.value for d in DeviationDomain)
        )
    if severity not in {s.value for s in Severity}:
        raise Refused(f"unknown severity {severity!r}: choose minor, major or critical")
    if not title.strip():
        raise Refused("a deviation needs a title")
    with db.write(user_id=actor.id, username=actor.username, action="deviation.open") as s:
        require(s, actor)
        now = tx_now(s)
        deviation = Deviation(
            number=numbering.deviation_number(s, now),
            domain=domain,
            severity=severity,
            title=title.strip(),
            description=description.strip(),
            change_control=change_control,
            status="open",
            opened_at=now,
            opened_by_id=actor.id,
        )
        s.add(deviation)
        s.flush()
        _link(s, deviation, lots, references, suppliers)
        return DeviationRef(deviation.number, deviation.status)


def _link(
    session: Session,
    deviation: Deviation,
    lots: Sequence[str],
    references: Sequence[str],
    suppliers: Sequence[str],
) -> None:
    for number in lots:
        session.add(
            DeviationLink(deviation_id=deviation.id, lot_id=lookups.lot(session, number).id)
        )
    for code in references:
        ref = lookups.reference(session, code)
        session.add(DeviationLink(deviation_id=deviation.id, reference_id=ref.id))
    for name in suppliers:
        supplier = lookups.supplier(session, name)
        session.add(DeviationLink(deviation_id=deviation.id, supplier_id=supplier.id))


def close_deviation(
    db: Database,
    actor: Actor,
    password: str,
    number: str,
    *,
    closure: str,
    capa: str | None = None,
    change_control: bool | None = None,
) -> DeviationRef:
    if not closure.strip():
        raise Refused("closing a deviation needs a closure summary")
    signer = authenticate(db, actor.username, password)
    with db.write(
        user_id=signer.id,
        username=signer.username,
        action="deviation.close",
        reason=closure.strip(),
    ) as s:
        require(s, signer, Role.QA)
        deviation = s.scalars(
            select(Deviation).where(Deviation.number == number.strip()).with_for_update()
        ).first()
        if deviation is None:
            raise Refused(f"no deviation {number!r}")
        if deviation.status == "closed":
            raise Refused(f"{deviation.number} is already closed")
        deviation.capa = (capa or "").strip() or deviation.capa
        if change_control is not None:
            deviation.change_control = change_control
        deviation.closure = closure.strip()
        deviation.status = "closed"
        deviation.closed_at = tx_now(s)
        deviation.closed_by_id = signer.id
        s.flush()
        signature = sign(s, signer, "Deviation closed", deviation, SIGNED_FIELDS, {}, None)
        deviation.closure_signature_id = signature.id
        return DeviationRef(deviation.number, deviation.status)
