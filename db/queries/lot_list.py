"""The inventory list: every lot, filtered, a page at a time (keyset paging, no OFFSET).

A page is found in two steps so that its cost does not grow with the store: first the ids of
the page from `lots` alone (the sort's index, the filters as conditions on the lot row), then
the page's columns for those ids only (reference, supplier, containers in stock). The total
that matches is counted separately, when the screen asks for it, off the first page's path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, union_all
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Container, Lot, LotStatus, Reference, Supplier
from db.queries.text_search import contains, indexed_lot_ids

PAGE = 200
STATUSES = tuple(s.value for s in LotStatus)
EXPIRY_CHOICES = ("any", "expired", "within", "not_expired")
STOCK_CHOICES = ("any", "in_stock", "depleted")
SORTS = ("received", "expiry", "lot")
# A scanner may prefix an AIM symbology identifier (]C1, ]d2, ]Q3) to an internal code.
_AIM = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
# A container ID, or the start of one: its lot is the part before the last dash.
_CONTAINER = re.compile(r"^(L[0-9]{2}-[0-9]{6})-[0-9]{1,3}$")

Cursor = tuple[Any, ...]


@dataclass(frozen=True)
class LotFilter:
    text: str = ""
    statuses: frozenset[str] = frozenset()  # empty: every status
    reference: str | None = None  # a reference code
    expiry: str = "any"  # one of EXPIRY_CHOICES
    within_days: int = 30
    stock: str = "any"  # one of STOCK_CHOICES
    sort: str = "received"  # one of SORTS
    descending: bool = True


@dataclass(frozen=True)
class LotRow:
    id: int
    lot: str
    status: str
    reference: str
    reference_name: str
    supplier: str
    supplier_lot: str
    expiry: date
    received_at: datetime
    containers: int
    in_stock: int  # containers with something left
    expired: bool
    unit: str

    @property
    def depleted(self) -> bool:
        return self.in_stock == 0

    @property
    def badges(self) -> list[str]:
        """Derived states that block use whatever the status (DESIGN: lot status)."""
        return [name for name, on in (("EXPIRED", self.expired), ("DEPLETED", self.depleted)) if on]


@dataclass(frozen=True)
class LotPage:
    rows: list[LotRow]
    next: Cursor | None  # where the following page starts; None at the end
    today: date


def lot_page(
    db: Database, wanted: LotFilter, after: Cursor | None = None, limit: int = PAGE
) -> LotPage:
    with db.read() as session:
        today = db.now(session).date()
        ids_query = _page_ids(session, wanted, today, after, limit)
        ids = list(session.scalars(ids_query))
        rows = _rows(session, ids, today)
    last = rows[-1] if len(rows) == limit else None
    return LotPage(rows, None if last is None else _cursor(wanted.sort, last), today)


def lot_count(db: Database, wanted: LotFilter) -> int:
    with db.read() as session:
        today = db.now(session).date()
        conditions = _conditions(session, wanted, today)
        return session.scalar(select(func.count()).select_from(Lot).where(*conditions)) or 0


def reference_choices(db: Database) -> list[tuple[str, str]]:
    """(code, name) of every reference, for the reference filter."""
    with db.read() as session:
        query = select(Reference.code, Reference.name).order_by(Reference.code)
        return [(code, name) for code, name in session.execute(query)]


def normalise_search(text: str) -> str:
    return _AIM.sub("", text.strip())


def _page_ids(
    session: Session, wanted: LotFilter, today: date, after: Cursor | None, limit: int
) -> Select[tuple[int]]:
    conditions = _conditions(session, wanted, today)
    order: list[Any]
    desc = wanted.descending
    if wanted.sort == "expiry":
        order = [Lot.expiry.desc(), Lot.id.desc()] if desc else [Lot.expiry, Lot.id]
        if after is not None:
            expiry, lot_id = after
            # The first term starts the index range; the second breaks ties within a day.
            if desc:
                conditions += [Lot.expiry <= expiry, or_(Lot.expiry < expiry, Lot.id < lot_id)]
            else:
                conditions += [Lot.expiry >= expiry, or_(Lot.expiry > expiry, Lot.id > lot_id)]
    elif wanted.sort == "lot":
        order = [Lot.lot_number.desc() if desc else Lot.lot_number]
        if after is not None:
            conditions.append(Lot.lot_number < after[0] if desc else Lot.lot_number > after[0])
    else:  # received: ids grow with receipt, and the primary key is the cheapest order
        order = [Lot.id.desc() if desc else Lot.id]
        if after is not None:
            conditions.append(Lot.id < after[0] if desc else Lot.id > after[0])
    return select(Lot.id).where(*conditions).order_by(*order).limit(limit)


def _conditions(session: Session, wanted: LotFilter, today: date) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    statuses = [s for s in wanted.statuses if s in STATUSES]
    if statuses and len(statuses) < len(STATUSES):
        conditions.append(Lot.status.in_(sorted(statuses)))
    if wanted.reference:
        ref_id = session.scalar(select(Reference.id).where(Reference.code == wanted.reference))
        conditions.append(Lot.reference_id == (ref_id or -1))
    if wanted.expiry == "expired":
        conditions.append(Lot.expiry < today)
    elif wanted.expiry == "not_expired":
        conditions.append(Lot.expiry >= today)
    elif wanted.expiry == "within":
        horizon = today + timedelta(days=max(0, wanted.within_days))
        conditions.append(and_(Lot.expiry >= today, Lot.expiry <= horizon))
    if wanted.stock != "any":
        in_stock = exists().where(Container.lot_id == Lot.id, Container.quantity > 0)
        conditions.append(in_stock if wanted.stock == "in_stock" else ~in_stock)
    text = normalise_search(wanted.text)
    if text:
        conditions.append(_search(session, text))
    return conditions


def _search(session: Session, text: str) -> ColumnElement[bool]:
    """Lot number, supplier lot, reference code or name, container ID."""
    # References are few (tens to hundreds): match them first, then lots by reference id.
    refs = list(
        session.scalars(
            select(Reference.id).where(
                or_(
                    contains(session, Reference.code, text),
                    contains(session, Reference.name, text),
                )
            )
        )
    )
    found: list[ColumnElement[bool]] = [
        contains(session, Lot.lot_number, text),
        contains(session, Lot.supplier_lot, text),
    ]
    if refs:
        found.append(Lot.reference_id.in_(refs))
    container = _CONTAINER.match(text.upper())
    if container:  # L26-000042-003 is container 3 of lot L26-000042 (db/numbering.py)
        found.append(Lot.lot_number == container.group(1))
    indexed = indexed_lot_ids(session, text)
    if indexed is None:
        return or_(*found)
    # The same test, on the few lots that indexes find: the search index's candidates, the
    # lots of the matching references, the container's lot.
    candidates = [indexed]
    if refs:
        candidates.append(select(Lot.id).where(Lot.reference_id.in_(refs)))
    if container:
        candidates.append(select(Lot.id).where(Lot.lot_number == container.group(1)))
    return and_(Lot.id.in_(union_all(*candidates)), or_(*found))


def _rows(session: Session, ids: list[int], today: date) -> list[LotRow]:
    if not ids:
        return []
    in_stock = (
        select(func.count(Container.id))
        .where(Container.lot_id == Lot.id, Container.quantity > 0)
        .scalar_subquery()
    )
    query = (
        select(
            Lot.id,
            Lot.lot_number,
            Lot.status,
            Reference.code,
            Reference.name,
            Supplier.name,
            Lot.supplier_lot,
            Lot.expiry,
            Lot.received_at,
            Lot.container_count,
            in_stock,
            Reference.unit,
        )
        .join(Reference, Lot.reference_id == Reference.id)
        .join(Supplier, Lot.supplier_id == Supplier.id)
        .where(Lot.id.in_(ids))
    )
    found = {r[0]: r for r in session.execute(query)}
    return [
        LotRow(*found[i][:11], expired=found[i][7] < today, unit=found[i][11])
        for i in ids
        if i in found
    ]


def _cursor(sort: str, row: LotRow) -> Cursor:
    if sort == "expiry":
        return (row.expiry, row.id)
    if sort == "lot":
        return (row.lot,)
    return (row.id,)
