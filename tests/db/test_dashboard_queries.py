"""The dashboard's deviation counts by domain, the deviations list, and the reference picker."""

from __future__ import annotations

from db import deviations
from db.queries.dashboard import DOMAIN_NAMES, deviations_by_domain
from db.queries.deviation_list import deviation_list
from db.queries.reference_picker import active_references, reference_choice, reference_for_gtin
from tests.fixtures.world import PASSWORDS, Unit


def test_counts_cover_the_five_domains_open_and_closed(unit: Unit) -> None:
    assert [(c.domain, c.open, c.closed) for c in deviations_by_domain(unit.db)] == [
        (domain, 0, 0) for domain in DOMAIN_NAMES
    ]
    for title in ("IL-7 short", "IL-15 short"):
        deviations.open_deviation(
            unit.db, unit.tech, domain="stock_shortage", severity="major", title=title
        )
    done = deviations.open_deviation(
        unit.db, unit.tech, domain="ordering", severity="minor", title="wrong grade"
    )
    deviations.close_deviation(unit.db, unit.qa, PASSWORDS["qa"], done.number, closure="reordered")
    counts = {c.domain: (c.open, c.closed, c.total) for c in deviations_by_domain(unit.db)}
    assert counts["stock_shortage"] == (2, 0, 2)
    assert counts["ordering"] == (0, 1, 1)
    assert counts["use_issue"] == (0, 0, 0)


def test_deviation_list_newest_first_with_links_and_names(unit: Unit) -> None:
    lot = unit.receive()
    first = deviations.open_deviation(
        unit.db,
        unit.tech,
        domain="receipt_release",
        severity="critical",
        title="Box crushed",
        description="outer box wet",
        lots=[lot.lot],
        references=["RM-001"],
        suppliers=["Miltenyi Biotec"],
        change_control=True,
    )
    deviations.open_deviation(unit.db, unit.tech, domain="use_issue", severity="minor", title="x")
    deviations.close_deviation(
        unit.db, unit.qa, PASSWORDS["qa"], first.number, closure="replaced", capa="new carrier"
    )
    rows = deviation_list(unit.db)
    assert [r.title for r in rows] == ["x", "Box crushed"]
    closed = rows[1]
    assert (closed.lots, closed.references, closed.suppliers) == (
        (lot.lot,),
        ("RM-001",),
        ("Miltenyi Biotec",),
    )
    assert closed.domain_name == "Receipt / quarantine-release anomaly"
    assert (closed.opened_by, closed.closed_by, closed.status) == (
        "Tom Tech",
        "Quinn Quality",
        "closed",
    )
    assert closed.capa == "new carrier" and closed.change_control and closed.closed_at
    assert rows[0].closed_by is None and rows[0].lots == ()
    assert [r.title for r in deviation_list(unit.db, status="open")] == ["x"]


def test_reference_picker(unit: Unit) -> None:
    found = reference_for_gtin(unit.db, "09521234000013")
    assert found is not None and (found.code, found.unit, found.supplier) == (
        "RM-001",
        "set",
        "Miltenyi Biotec",
    )
    assert reference_for_gtin(unit.db, "09521234000372") is None
    assert reference_choice(unit.db, "RM-024") is not None
    assert reference_choice(unit.db, "nope") is None
    refs = active_references(unit.db)
    assert len(refs) == 36 and refs[0].code == "RM-001"
