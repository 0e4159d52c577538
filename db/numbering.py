"""Internal numbers: lots, containers, deliveries, deviations.

Lot `L26-000042` (year, then a sequence that never restarts within the year); its containers
`L26-000042-001` ... Lotkeeper's own codes start with a letter, so a scan tells them apart from
GS1 element strings, which start with digits, "(" or an AIM "]" prefix.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import Counter

MAX_CONTAINERS = 999


def next_value(session: Session, series: str) -> int:
    """The next number of a series, under a row lock so concurrent workstations never collide."""
    dialect = session.get_bind().dialect.name
    make = {"postgresql": pg_insert, "sqlite": sqlite_insert}.get(dialect)
    statement = (
        make(Counter).values(name=series, value=0).on_conflict_do_nothing(index_elements=["name"])
        if make
        else insert(Counter).values(name=series, value=0)
    )
    session.connection().execute(statement)
    counter = session.scalars(select(Counter).where(Counter.name == series).with_for_update()).one()
    counter.value += 1
    session.flush()
    return counter.value


def lot_number(session: Session, at: datetime) -> str:
    return f"L{at:%y}-{next_value(session, f'lot:{at:%Y}'):06d}"


def container_code(lot: str, seq: int) -> str:
    return f"{lot}-{seq:03d}"


def delivery_number(session: Session, at: datetime) -> str:
    return f"D{at:%y}-{next_value(session, f'delivery:{at:%Y}'):06d}"


def deviation_number(session: Session, at: datetime) -> str:
    return f"DEV-{at:%y}-{next_value(session, f'deviation:{at:%Y}'):04d}"
