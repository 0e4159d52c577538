"""May this container be used now? The one answer for the GO/STOP screen and for dispense."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import Session

from db import lookups
from db.engine import Database
from db.integrity.site_key import SiteKey
from db.integrity.status_seal import status_problem
from db.models import Container, Lot, LotStatus

_STATUS_PROBLEMS = {
    LotStatus.QUARANTINE: "in QUARANTINE: not released by QA",
    LotStatus.REJECTED: "REJECTED by QA",
    LotStatus.ON_HOLD: "ON HOLD by QA",
}


@dataclass(frozen=True)
class UseCheck:
    container: str
    lot: str
    reference: str
    reference_name: str
    status: str
    quantity: Decimal
    unit: str
    expiry: date
    use_by: date | None
    problems: list[str] = field(default_factory=list)
    fefo_first: str | None = None
    fefo_expiry: date | None = None

    @property
    def go(self) -> bool:
        return not self.problems and self.fefo_first is None


def effective_expiry(lot_expiry: date, use_by: date | None) -> date:
    return min(lot_expiry, use_by) if use_by else lot_expiry


def check_use(session: Session, container: Container, today: date, key: SiteKey) -> UseCheck:
    lot = container.lot
    problems = []
    forged = status_problem(session, key, lot)
    if forged:
        problems.append(forged)
    elif lot.status in _STATUS_PROBLEMS:
        problems.append(f"lot {lot.lot_number} is {_STATUS_PROBLEMS[LotStatus(lot.status)]}")
    if lot.expiry < today:
        problems.append(f"EXPIRED on {lot.expiry:%Y-%m-%d}")
    if container.use_by is not None and container.use_by < today:
        problems.append(f"past its use-by after opening ({container.use_by:%Y-%m-%d})")
    if container.quantity <= 0:
        problems.append("DEPLETED: nothing left in the container")
    first = None if problems else earlier_container(session, container, today)
    return UseCheck(
        container=container.code,
        lot=lot.lot_number,
        reference=lot.reference.code,
        reference_name=lot.reference.name,
        status=lot.status,
        quantity=container.quantity,
        unit=lot.reference.unit,
        expiry=lot.expiry,
        use_by=container.use_by,
        problems=problems,
        fefo_first=first[0] if first else None,
        fefo_expiry=first[1] if first else None,
    )


def earlier_container(
    session: Session, container: Container, today: date
) -> tuple[str, date] | None:
    """FEFO: a usable released container of the same reference that expires first, if any."""
    lot = container.lot
    mine = effective_expiry(lot.expiry, container.use_by)
    effective = case(
        (and_(Container.use_by.is_not(None), Container.use_by < Lot.expiry), Container.use_by),
        else_=Lot.expiry,
    )
    row = session.execute(
        select(Container.code, effective)
        .join(Lot, Container.lot_id == Lot.id)
        .where(
            Lot.reference_id == lot.reference_id,
            Lot.status == LotStatus.RELEASED.value,
            Lot.expiry >= today,
            Container.id != container.id,
            Container.quantity > 0,
            or_(Container.use_by.is_(None), Container.use_by >= today),
            or_(Lot.expiry < mine, Container.use_by < mine),
        )
        .order_by(effective, Container.code)
        .limit(1)
    ).first()
    if row is None:
        return None
    return row[0], row[1]


def scan_check(db: Database, code: str) -> UseCheck:
    """The production scan: GO or STOP, with the reasons, without changing anything."""
    with db.read() as session:
        container = lookups.container(session, code)
        return check_use(session, container, db.now(session).date(), db.site_key(session))
