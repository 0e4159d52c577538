"""Use of a container in an ATMP batch: only released, in-date stock, oldest expiry first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from db import fields, lookups
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import Batch, Consumption, Container, Role
from db.quantities import positive_quantity, quantity_text
from db.usability import check_use
from db.users import Actor, require

MAX_BATCH_CODE = 40


@dataclass(frozen=True)
class Dispensed:
    container: str
    lot: str
    batch: str
    quantity: Decimal
    remaining: Decimal
    unit: str
    fefo_override: str | None
    consumption_id: int


def dispense(
    db: Database,
    actor: Actor,
    container_code: str,
    quantity: Decimal | str,
    batch_code: str,
    fefo_override: str | None = None,
) -> Dispensed:
    amount = positive_quantity(quantity, "the quantity used")
    batch_code = batch_code.strip()
    if not batch_code or len(batch_code) > MAX_BATCH_CODE:
        raise Refused(f"a batch code of 1 to {MAX_BATCH_CODE} characters is required")
    override = (fefo_override or "").strip() or None
    fields.check(Batch.code, batch_code)
    fields.check(Consumption.fefo_override, override)
    with db.write(
        user_id=actor.id, username=actor.username, action="container.dispense", reason=override
    ) as session:
        require(session, actor, Role.PRODUCTION)
        container = lookups.container(session, container_code, lock=True)
        today = tx_now(session).date()
        check = check_use(session, container, today, db.site_key(session))
        if check.problems:
            raise Refused(
                f"STOP: {container.code} cannot be used: " + "; ".join(check.problems),
                reasons=check.problems,
            )
        if container.quantity < amount:
            raise Refused(
                f"STOP: {container.code} holds only {quantity_text(container.quantity, check.unit)}"
                f"; {quantity_text(amount, check.unit)} requested"
            )
        if check.fefo_first and override is None:
            raise Refused(
                f"STOP (FEFO): use {check.fefo_first} first (expires "
                f"{check.fefo_expiry:%Y-%m-%d}), or give a reason to override FEFO"
            )
        if override is not None and check.fefo_first is None:
            override = None  # nothing was overridden; do not record a misleading reason
        return _consume(session, actor, container, amount, batch_code, override, check.unit)


def _consume(
    session: Session,
    actor: Actor,
    container: Container,
    amount: Decimal,
    batch_code: str,
    override: str | None,
    unit: str,
) -> Dispensed:
    now = tx_now(session)
    batch = lookups.batch(session, batch_code)
    if batch is None:
        batch = Batch(code=batch_code, created_at=now, created_by_id=actor.id)
        session.add(batch)
        session.flush()
    if container.opened_at is None:
        container.opened_at = now
        days = container.lot.reference.after_opening_days
        if days is not None:
            container.use_by = min(now.date() + timedelta(days=days), container.lot.expiry)
    container.quantity -= amount
    consumption = Consumption(
        batch_id=batch.id,
        container_id=container.id,
        quantity=amount,
        dispensed_at=now,
        dispensed_by_id=actor.id,
        fefo_override=override,
    )
    session.add(consumption)
    session.flush()
    return Dispensed(
        container.code,
        container.lot.lot_number,
        batch.code,
        amount,
        container.quantity,
        unit,
        override,
        consumption.id,
    )
