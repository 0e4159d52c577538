"""Traceability both ways: what went into a batch; which batches used a lot (recall)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from db import lookups
from db.engine import Database
from db.errors import Refused
from db.models import Batch, Consumption, Container, Lot, Reference, User


@dataclass(frozen=True)
class TraceLine:
    batch: str
    lot: str
    reference: str
    reference_name: str
    supplier_lot: str
    container: str
    quantity: Decimal
    dispensed_at: datetime
    dispensed_by: str
    fefo_override: str | None


def _lines(db: Database, condition: object) -> list[TraceLine]:
    query = (
        select(
            Batch.code,
            Lot.lot_number,
            Reference.code,
            Reference.name,
            Lot.supplier_lot,
            Container.code,
            Consumption.quantity,
            Consumption.dispensed_at,
            User.username,
            Consumption.fefo_override,
        )
        .join(Consumption, Consumption.batch_id == Batch.id)
        .join(Container, Consumption.container_id == Container.id)
        .join(Lot, Container.lot_id == Lot.id)
        .join(Reference, Lot.reference_id == Reference.id)
        .join(User, Consumption.dispensed_by_id == User.id)
        .where(condition)  # type: ignore[arg-type]
        .order_by(Consumption.dispensed_at, Consumption.id)
    )
    with db.read() as session:
        return [TraceLine(*row) for row in session.execute(query)]


def batch_to_lots(db: Database, batch_code: str) -> list[TraceLine]:
    with db.read() as session:
        if lookups.batch(session, batch_code) is None:
            raise Refused(f"no batch {batch_code!r}")
    return _lines(db, Batch.code == batch_code.strip())


def lot_to_batches(db: Database, lot_number: str) -> list[TraceLine]:
    with db.read() as session:
        lot = lookups.lot(session, lot_number)
    return _lines(db, Lot.id == lot.id)


def distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
