"""Finding records by the codes people scan or type, by index, with a clear refusal."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.errors import Refused
from db.fields import searchable
from db.models import Batch, Container, Lot, Reference, Supplier, User


def lot(session: Session, number: str, *, lock: bool = False) -> Lot:
    if not searchable(number):
        raise Refused(f"no lot {number!r}")
    query = select(Lot).where(Lot.lot_number == number.strip().upper())
    if lock:
        # Re-read under the lock: another workstation may have decided on it meanwhile.
        query = query.with_for_update(of=Lot).execution_options(populate_existing=True)
    found = session.scalars(query).first()
    if found is None:
        raise Refused(f"no lot {number!r}")
    return found


def container(session: Session, code: str, *, lock: bool = False) -> Container:
    code = code.strip().upper()
    if not searchable(code):
        raise Refused(f"no container {code!r}")
    if lock:
        # Lock the container's row and its lot's: a dispense must not interleave with a
        # status decision or another dispense from the same container.
        session.execute(
            select(Container.id, Lot.id)
            .join(Lot, Container.lot_id == Lot.id)
            .where(Container.code == code)
            .with_for_update()
        )
    query = select(Container).where(Container.code == code)
    found = session.scalars(query.execution_options(populate_existing=lock)).first()
    if found is None:
        raise Refused(f"no container {code!r}")
    return found


def reference(session: Session, code: str) -> Reference:
    if not searchable(code):
        raise Refused(f"no reference {code!r} in the catalog")
    found = session.scalars(select(Reference).where(Reference.code == code.strip())).first()
    if found is None:
        raise Refused(f"no reference {code!r} in the catalog")
    return found


def reference_by_gtin(session: Session, gtin: str) -> Reference | None:
    return session.scalars(select(Reference).where(Reference.gtin == gtin)).first()


def supplier(session: Session, name: str) -> Supplier:
    if not searchable(name):
        raise Refused(f"no supplier {name!r}")
    found = session.scalars(select(Supplier).where(Supplier.name == name.strip())).first()
    if found is None:
        raise Refused(f"no supplier {name!r}")
    return found


def batch(session: Session, code: str) -> Batch | None:
    if not searchable(code):
        return None  # a new batch code, which the write refuses with the reason
    return session.scalars(select(Batch).where(Batch.code == code.strip())).first()


def user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = session.get(User, user_id)
    return user.username if user else f"#{user_id}"
