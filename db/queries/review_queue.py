"""The lots awaiting a QA decision (QUARANTINE and ON_HOLD), with their prerequisites summarised.

A few tens to a few hundred lots: one indexed query for the lots (status, received_at), one for
their suppliers, one for the user names, then `db.prerequisites.evaluate` per lot, so the queue
shows exactly what the release workflow will check (no second copy of the rules here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.engine import Database
from db.models import Lot, LotStatus, User
from db.prerequisites import Prerequisite, evaluate
from db.risk import current_rule

AWAITING = (LotStatus.QUARANTINE.value, LotStatus.ON_HOLD.value)


@dataclass(frozen=True)
class ReviewRow:
    lot: str
    status: str
    reference: str
    reference_name: str
    supplier: str
    supplier_lot: str
    expiry: date
    received_at: datetime
    received_by: str  # user name of the receiver (four eyes: they may not decide)
    age_days: int  # days since receipt
    met: int
    total: int
    missing: tuple[Prerequisite, ...]  # the unmet prerequisites, with their evidence sentence

    @property
    def ready(self) -> bool:
        return not self.missing


def review_queue(db: Database) -> list[ReviewRow]:
    """Lots in QUARANTINE or ON_HOLD, oldest receipt first."""
    with db.read() as session:
        today = db.now(session).date()
        rule = current_rule(session)
        usernames = dict(session.execute(select(User.id, User.username)).all())
        lots = session.scalars(
            select(Lot)
            .where(Lot.status.in_(AWAITING))
            .options(selectinload(Lot.supplier))
            .order_by(Lot.received_at, Lot.id)
        ).all()
        rows = []
        for lot in lots:
            found = evaluate(session, lot, today, rule)
            missing = tuple(p for p in found if not p.met)
            rows.append(
                ReviewRow(
                    lot=lot.lot_number,
                    status=lot.status,
                    reference=lot.reference.code,
                    reference_name=lot.reference.name,
                    supplier=lot.supplier.name,
                    supplier_lot=lot.supplier_lot,
                    expiry=lot.expiry,
                    received_at=lot.received_at,
                    received_by=usernames.get(lot.received_by_id, ""),
                    age_days=(today - lot.received_at.date()).days,
                    met=len(found) - len(missing),
                    total=len(found),
                    missing=missing,
                )
            )
        return rows
