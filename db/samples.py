"""Samples taken from a lot: for a test, or kept as a reference (retention) sample."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from db import lookups
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import LotStatus, Role, Sample, SampleKind
from db.quantities import positive_quantity, quantity_text
from db.users import Actor, require

# Annex 19: kept at least 2 years after release of the product made with them, shorter if the
# material's own stability is shorter. At sampling the default is the shorter of the two.
DEFAULT_RETENTION = timedelta(days=2 * 365)


@dataclass(frozen=True)
class SampleTaken:
    id: int
    lot: str
    kind: str
    quantity: Decimal
    retain_until: date | None
    container_remaining: Decimal | None


def record_sample(
    db: Database,
    actor: Actor,
    lot_number: str,
    kind: str,
    quantity: Decimal | str,
    *,
    container_code: str | None = None,
    location: str = "",
    retain_until: date | None = None,
) -> SampleTaken:
    if kind not in {k.value for k in SampleKind}:
        raise Refused(f"unknown sample kind {kind!r}: choose test or reference")
    amount = positive_quantity(quantity, "the sample quantity")
    if kind == SampleKind.REFERENCE and not location.strip():
        raise Refused("a reference sample needs its storage location")
    with db.write(user_id=actor.id, username=actor.username, action="sample.record") as s:
        require(s, actor, Role.TECHNICIAN, Role.QA)
        lot = lookups.lot(s, lot_number, lock=True)
        if lot.status == LotStatus.REJECTED:
            raise Refused(f"{lot.lot_number} is REJECTED: no samples are taken from it")
        today = tx_now(s).date()
        if kind == SampleKind.REFERENCE:
            retain_until = retain_until or min(lot.expiry, today + DEFAULT_RETENTION)
            if retain_until < today:
                raise Refused(f"retain-until date {retain_until} is in the past")
        else:
            retain_until = None
        remaining = None
        container_id = None
        if container_code:
            container = lookups.container(s, container_code, lock=True)
            if container.lot_id != lot.id:
                raise Refused(f"container {container.code} is not from lot {lot.lot_number}")
            if container.quantity < amount:
                raise Refused(
                    f"container {container.code} holds only {quantity_text(container.quantity)}"
                    f"; {quantity_text(amount)} requested"
                )
            container.quantity -= amount
            remaining, container_id = container.quantity, container.id
        sample = Sample(
            lot_id=lot.id,
            container_id=container_id,
            kind=kind,
            quantity=amount,
            location=location.strip(),
            taken_at=tx_now(s),
            taken_by_id=actor.id,
            retain_until=retain_until,
        )
        s.add(sample)
        s.flush()
        return SampleTaken(sample.id, lot.lot_number, kind, amount, retain_until, remaining)


def dispose_sample(db: Database, actor: Actor, sample_id: int, note: str) -> None:
    if not note.strip():
        raise Refused("say how the sample was disposed of")
    with db.write(
        user_id=actor.id, username=actor.username, action="sample.dispose", reason=note.strip()
    ) as s:
        require(s, actor, Role.TECHNICIAN, Role.QA)
        sample = s.get(Sample, sample_id, with_for_update=True)
        if sample is None:
            raise Refused(f"no sample #{sample_id}")
        if sample.disposed_at is not None:
            raise Refused(f"sample #{sample_id} was already disposed of")
        today = tx_now(s).date()
        if sample.retain_until and sample.retain_until > today:
            raise Refused(f"sample #{sample_id} must be kept until {sample.retain_until}")
        sample.disposed_at = tx_now(s)
        sample.disposed_by_id = actor.id
        sample.disposal_note = note.strip()
