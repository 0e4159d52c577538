"""May this container be used now? The one answer for the GO/STOP screen and for dispense.

The scan is on the bench's critical path, so its statements are built once at import (SQLAlchemy
then reuses their compiled form) and read only the columns the answer needs: one statement for
the container, its lot and reference (and the server's "now" on PostgreSQL), one for the status
seal, one for FEFO; each is served by an index whatever the size of the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, case, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from db.engine import Database
from db.errors import Refused
from db.fields import searchable
from db.integrity.site_key import SiteKey
from db.integrity.status_seal import lot_status_problem
from db.models import Container, Lot, LotStatus, Reference

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


class Facts(NamedTuple):
    """What the rules look at: the columns of the container, its lot and its reference."""

    container_id: int
    code: str
    quantity: Decimal
    use_by: date | None
    lot_id: int
    lot_number: str
    status: str
    expiry: date
    reference_id: int
    reference_code: str
    reference_name: str
    unit: str


_FACTS = (
    Container.id,
    Container.code,
    Container.quantity,
    Container.use_by,
    Lot.id,
    Lot.lot_number,
    Lot.status,
    Lot.expiry,
    Lot.reference_id,
    Reference.code,
    Reference.name,
    Reference.unit,
)
_SCAN = (
    select(*_FACTS)
    .join(Lot, Container.lot_id == Lot.id)
    .join(Reference, Lot.reference_id == Reference.id)
    .where(Container.code == bindparam("code"))
)
# PostgreSQL keeps the time: read it with the facts, not in a round trip of its own.
_SCAN_AT_SERVER_TIME = _SCAN.add_columns(func.now())


def _fefo_statement() -> Any:
    """FEFO, exactly: the first by (effective expiry, code) of the usable released containers of
    the reference that expire before this one. Two index-ordered probes, each LIMIT 1:
    - by lot expiry, from ix_lots_reference_status_expiry: the first lot expiring in
      [today, mine) with a usable container (its effective expiry is at most the lot's);
    - by use-by: an opened container whose use-by falls in [today, mine), which can come
      before its lot's expiry (stability after opening).
    Any candidate's effective expiry is its lot's (first probe) or its use-by (second), so
    the earlier of the two answers is the FEFO answer. Ordering by the plain column (not the
    CASE of both) is what lets the planner stop at the first row instead of sorting the
    reference's whole in-date stock.
    """
    today, mine = bindparam("today"), bindparam("mine")
    usable = (
        Lot.reference_id == bindparam("reference_id"),
        Lot.status == LotStatus.RELEASED.value,
        Lot.expiry >= today,
        Container.id != bindparam("container_id"),
        Container.quantity > 0,
        or_(Container.use_by.is_(None), Container.use_by >= today),
    )
    effective = case(
        (and_(Container.use_by.is_not(None), Container.use_by < Lot.expiry), Container.use_by),
        else_=Lot.expiry,
    )
    by_lot = (
        select(Container.code.label("code"), effective.label("effective"))
        .join(Lot, Container.lot_id == Lot.id)
        .where(*usable, Lot.expiry < mine)
        .order_by(Lot.expiry, Container.code)
        .limit(1)
        .subquery()
    )
    by_use_by = (
        select(Container.code.label("code"), Container.use_by.label("effective"))
        .join(Lot, Container.lot_id == Lot.id)
        # use_by >= today again, outside the OR: the lower bound of an index range on use_by.
        .where(*usable, Container.use_by >= today, Container.use_by < mine)
        .where(Container.use_by < Lot.expiry)
        .order_by(Container.use_by, Container.code)
        .limit(1)
        .subquery()
    )
    both = union_all(
        select(by_lot.c.code, by_lot.c.effective), select(by_use_by.c.code, by_use_by.c.effective)
    )
    return both.order_by(literal_column("effective"), literal_column("code")).limit(1)


_FEFO = _fefo_statement()


def effective_expiry(lot_expiry: date, use_by: date | None) -> date:
    return min(lot_expiry, use_by) if use_by else lot_expiry


def check_use(session: Session, container: Container, today: date, key: SiteKey) -> UseCheck:
    """Dispense's pre-checks on the container it has loaded and locked."""
    lot = container.lot
    facts = Facts(
        container.id,
        container.code,
        container.quantity,
        container.use_by,
        lot.id,
        lot.lot_number,
        lot.status,
        lot.expiry,
        lot.reference_id,
        lot.reference.code,
        lot.reference.name,
        lot.reference.unit,
    )
    return judge(session, facts, today, key)


def judge(session: Session, facts: Facts, today: date, key: SiteKey) -> UseCheck:
    problems = []
    forged = lot_status_problem(session, key, facts.lot_id, facts.lot_number, facts.status)
    if forged:
        problems.append(forged)
    elif facts.status in _STATUS_PROBLEMS:
        problems.append(f"lot {facts.lot_number} is {_STATUS_PROBLEMS[LotStatus(facts.status)]}")
    if facts.expiry < today:
        problems.append(f"EXPIRED on {facts.expiry:%Y-%m-%d}")
    if facts.use_by is not None and facts.use_by < today:
        problems.append(f"past its use-by after opening ({facts.use_by:%Y-%m-%d})")
    if facts.quantity <= 0:
        problems.append("DEPLETED: nothing left in the container")
    first = None if problems else earlier_container(session, facts, today)
    return UseCheck(
        container=facts.code,
        lot=facts.lot_number,
        reference=facts.reference_code,
        reference_name=facts.reference_name,
        status=facts.status,
        quantity=facts.quantity,
        unit=facts.unit,
        expiry=facts.expiry,
        use_by=facts.use_by,
        problems=problems,
        fefo_first=first[0] if first else None,
        fefo_expiry=first[1] if first else None,
    )


def earlier_container(session: Session, facts: Facts, today: date) -> tuple[str, date] | None:
    """FEFO: a usable released container of the same reference that expires first, if any."""
    # Core execution on the session's connection: no ORM entities, so no ORM compile step.
    row = (
        session.connection()
        .execute(
            _FEFO,
            {
                "reference_id": facts.reference_id,
                "container_id": facts.container_id,
                "today": today,
                "mine": effective_expiry(facts.expiry, facts.use_by),
            },
        )
        .first()
    )
    if row is None:
        return None
    return row[0], row[1]


def scan_check(db: Database, code: str) -> UseCheck:
    """The production scan: GO or STOP, with the reasons, without changing anything."""
    code = code.strip().upper()
    if not searchable(code):
        raise Refused(f"no container {code!r}")
    server_time = db.server_clock
    with db.read() as session:
        scan = _SCAN_AT_SERVER_TIME if server_time else _SCAN
        row = session.connection().execute(scan, {"code": code}).first()
        if row is None:
            raise Refused(f"no container {code!r}")
        now: datetime = row[-1] if server_time else db.now()
        facts = Facts(*row[: len(_FACTS)])
        return judge(session, facts, now.astimezone(UTC).date(), db.site_key(session))
