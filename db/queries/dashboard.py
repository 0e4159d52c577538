"""Deviations by UNITC domain, open and closed: the dashboard's chart (the survey's fig. 2b)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from db.engine import Database
from db.models import Deviation, DeviationDomain

# The five domains in which the UNITC survey found RMRC deviations, in the survey's order.
DOMAIN_NAMES = {
    DeviationDomain.STOCK_SHORTAGE.value: "Stock shortage",
    DeviationDomain.REFERENCE_CHANGE.value: "Reference change",
    DeviationDomain.USE_ISSUE.value: "Use issue",
    DeviationDomain.RECEIPT_RELEASE.value: "Receipt / quarantine-release anomaly",
    DeviationDomain.ORDERING.value: "Ordering anomaly",
}


@dataclass(frozen=True)
class DomainCount:
    domain: str
    name: str
    open: int
    closed: int

    @property
    def total(self) -> int:
        return self.open + self.closed


def deviations_by_domain(db: Database) -> list[DomainCount]:
    """All five domains, always in the same order, with zero where nothing was recorded."""
    with db.read() as session:
        rows = session.execute(
            select(Deviation.domain, Deviation.status, func.count(Deviation.id)).group_by(
                Deviation.domain, Deviation.status
            )
        ).all()
    counts = {(domain, status): n for domain, status, n in rows}
    return [
        DomainCount(
            domain, name, counts.get((domain, "open"), 0), counts.get((domain, "closed"), 0)
        )
        for domain, name in DOMAIN_NAMES.items()
    ]
