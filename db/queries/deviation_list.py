"""Deviations as plain rows for the deviations list: newest first, with what each concerns."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.engine import Database
from db.models import Deviation, DeviationLink, Lot, Reference, Supplier, User
from db.queries.dashboard import DOMAIN_NAMES


@dataclass(frozen=True)
class DeviationRow:
    number: str
    domain: str
    domain_name: str
    severity: str
    title: str
    description: str
    status: str
    change_control: bool
    capa: str | None
    closure: str | None
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str | None
    lots: tuple[str, ...]
    references: tuple[str, ...]
    suppliers: tuple[str, ...]


def deviation_list(db: Database, *, status: str | None = None) -> list[DeviationRow]:
    """Every deviation (or only the open or closed ones), newest first."""
    opener, closer = aliased(User), aliased(User)
    query = (
        select(Deviation, opener.full_name, closer.full_name)
        .join(opener, Deviation.opened_by_id == opener.id)
        .outerjoin(closer, Deviation.closed_by_id == closer.id)
        .order_by(Deviation.id.desc())
    )
    if status is not None:
        query = query.where(Deviation.status == status)
    with db.read() as session:
        rows = session.execute(query).all()
        links = _links(session, [d.id for d, _, _ in rows])
    return [_row(d, opened_by, closed_by, links[d.id]) for d, opened_by, closed_by in rows]


def _row(
    d: Deviation, opened_by: str, closed_by: str | None, links: dict[str, list[str]]
) -> DeviationRow:
    return DeviationRow(
        number=d.number,
        domain=d.domain,
        domain_name=DOMAIN_NAMES.get(d.domain, d.domain),
        severity=d.severity,
        title=d.title,
        description=d.description,
        status=d.status,
        change_control=d.change_control,
        capa=d.capa,
        closure=d.closure,
        opened_at=d.opened_at,
        opened_by=opened_by,
        closed_at=d.closed_at,
        closed_by=closed_by,
        lots=tuple(links["lots"]),
        references=tuple(links["references"]),
        suppliers=tuple(links["suppliers"]),
    )


def _links(session: Session, ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    found: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not ids:
        return found
    rows = session.execute(
        select(DeviationLink.deviation_id, Lot.lot_number, Reference.code, Supplier.name)
        .outerjoin(Lot, DeviationLink.lot_id == Lot.id)
        .outerjoin(Reference, DeviationLink.reference_id == Reference.id)
        .outerjoin(Supplier, DeviationLink.supplier_id == Supplier.id)
        .where(DeviationLink.deviation_id.in_(ids))
        .order_by(DeviationLink.id)
    )
    for deviation_id, lot, reference, supplier in rows:
        kind, value = (
            ("lots", lot)
            if lot
            else ("references", reference)
            if reference
            else ("suppliers", supplier)
        )
        found[deviation_id][kind].append(value)
    return found
