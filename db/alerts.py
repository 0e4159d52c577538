"""What needs attention: shortages, expiries, missing backups, aging quarantine, suppliers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, Subquery, func, or_, select
from sqlalchemy.orm import Session

from db import settings
from db.engine import Database
from db.errors import Refused
from db.models import Container, Lot, LotStatus, Qualification, Reference, Supplier
from db.risk import RiskClass, classify, current_rule

HORIZONS_KEY = "alert_horizons"
DEFAULT_HORIZONS = {"expiring_days": 30, "quarantine_days": 14, "supplier_audit_days": 3 * 365}
MAX_HORIZON_DAYS = 3650


@dataclass(frozen=True)
class Alert:
    kind: str  # shortage, expiring, expired_stock, no_backup, quarantine_aging, supplier
    subject: str  # reference code, lot number or supplier name
    message: str


def horizons(session: Session) -> dict[str, int]:
    return {**DEFAULT_HORIZONS, **(settings.load(session, HORIZONS_KEY) or {})}


def usable_released_containers(today: date) -> Select[tuple[int, int]]:
    """Containers that production may take now (the stock that counts against minimums)."""
    return (
        select(Lot.reference_id, func.count(Container.id).label("n"))
        .join(Container, Container.lot_id == Lot.id)
        .where(
            Lot.status == LotStatus.RELEASED.value,
            Lot.expiry >= today,
            Container.quantity > 0,
            or_(Container.use_by.is_(None), Container.use_by >= today),
        )
        .group_by(Lot.reference_id)
    )


def check_horizon(days: int, what: str) -> int:
    """A horizon in days (how far ahead to look for expiries, how long in quarantine)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_HORIZON_DAYS:
        raise Refused(f"{what} must be 1 to {MAX_HORIZON_DAYS} days, not {days}")
    return days


def compute(
    db: Database, *, expiring_days: int | None = None, quarantine_days: int | None = None
) -> list[Alert]:
    if expiring_days is not None:
        check_horizon(expiring_days, "the expiry horizon")
    if quarantine_days is not None:
        check_horizon(quarantine_days, "the quarantine horizon")
    with db.read() as session:
        limits = horizons(session)
        if expiring_days is not None:
            limits["expiring_days"] = expiring_days
        if quarantine_days is not None:
            limits["quarantine_days"] = quarantine_days
        now = db.now(session)
        today = now.date()
        return [
            *_shortages(session, today),
            *_expiring(session, today, limits["expiring_days"]),
            *_without_backup(session),
            *_quarantine_aging(session, now, limits["quarantine_days"]),
            *_suppliers(session, today, limits["supplier_audit_days"]),
        ]


def _shortages(session: Session, today: date) -> list[Alert]:
    stock = dict(session.execute(usable_released_containers(today)).all())
    refs = session.scalars(
        select(Reference)
        .where(Reference.active.is_(True), Reference.min_stock > 0)
        .order_by(Reference.code)
    )
    return [
        Alert(
            "shortage",
            r.code,
            f"{r.code} {r.name}: {stock.get(r.id, 0)} released "
            f"container(s) in stock, minimum {r.min_stock}",
        )
        for r in refs
        if stock.get(r.id, 0) < r.min_stock
    ]


def lots_with_stock() -> Subquery:
    """The ids of the lots that still have something in a container, as one set: read once
    and joined, not asked lot by lot (an EXISTS per lot cost a probe for each of a decade's
    expired lots)."""
    return (
        select(Container.lot_id)
        .where(Container.quantity > 0)
        .group_by(Container.lot_id)
        .subquery("stocked")
    )


def _expiring(session: Session, today: date, days: int) -> list[Alert]:
    stocked = lots_with_stock()
    rows = session.execute(
        select(Lot.lot_number, Lot.expiry, Lot.status, Reference.code)
        .join(stocked, stocked.c.lot_id == Lot.id)
        .join(Reference, Lot.reference_id == Reference.id)
        .where(
            Lot.status != LotStatus.REJECTED.value,
            Lot.expiry <= today + timedelta(days=days),
        )
        .order_by(Lot.expiry, Lot.lot_number)
    )
    alerts = []
    for number, expiry, status, code in rows:
        if expiry < today:
            alerts.append(
                Alert(
                    "expired_stock",
                    number,
                    f"{number} ({code}, {status}) expired on "
                    f"{expiry:%Y-%m-%d} and still has stock: dispose of it",
                )
            )
        else:
            alerts.append(
                Alert(
                    "expiring", number, f"{number} ({code}, {status}) expires on {expiry:%Y-%m-%d}"
                )
            )
    return alerts


def _without_backup(session: Session) -> list[Alert]:
    rule = current_rule(session)
    alerts = []
    for ref in session.scalars(
        select(Reference).where(Reference.active.is_(True)).order_by(Reference.code)
    ):
        if classify(ref, rule).risk_class != RiskClass.CRITICAL:
            continue
        backup = ref.backup
        if backup is None:
            problem = "has no backup reference"
        elif not backup.active:
            problem = f"has an inactive backup ({backup.code})"
        elif backup.supplier.qualification != Qualification.QUALIFIED:
            problem = (
                f"has a backup ({backup.code}) from a supplier that is not qualified "
                f"({backup.supplier.name}, {backup.supplier.qualification})"
            )
        else:
            continue
        alerts.append(
            Alert("no_backup", ref.code, f"critical reference {ref.code} {ref.name} {problem}")
        )
    return alerts


def _quarantine_aging(session: Session, now: datetime, days: int) -> list[Alert]:
    rows = session.execute(
        select(Lot.lot_number, Lot.received_at, Reference.code)
        .join(Reference, Lot.reference_id == Reference.id)
        .where(
            Lot.status == LotStatus.QUARANTINE.value, Lot.received_at < now - timedelta(days=days)
        )
        .order_by(Lot.received_at)
    )
    return [
        Alert(
            "quarantine_aging",
            number,
            f"{number} ({code}) has been in quarantine for {(now - received).days} days",
        )
        for number, received, code in rows
    ]


def _suppliers(session: Session, today: date, audit_days: int) -> list[Alert]:
    alerts = []
    for s in session.scalars(
        select(Supplier).where(Supplier.active.is_(True)).order_by(Supplier.name)
    ):
        if s.qualification != Qualification.QUALIFIED:
            alerts.append(
                Alert(
                    "supplier", s.name, f"supplier {s.name} is {s.qualification.replace('_', ' ')}"
                )
            )
        elif s.last_audit is None:
            alerts.append(Alert("supplier", s.name, f"supplier {s.name} has never been audited"))
        elif s.last_audit < today - timedelta(days=audit_days):
            alerts.append(
                Alert(
                    "supplier",
                    s.name,
                    f"supplier {s.name}: audit overdue (last {s.last_audit:%Y-%m-%d})",
                )
            )
    return alerts
