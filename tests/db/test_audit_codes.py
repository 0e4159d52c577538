"""The audit trail as people read it: codes, lot numbers and names instead of internal ids,
looked up once per kind of record for a whole page, not once per event."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Container
from db.queries.audit_codes import described_page
from db.queries.audit_list import AuditFilter
from tests.db.test_query_plans import captured
from tests.fixtures.world import Unit


def test_a_receipt_reads_in_codes_not_ids(unit: Unit) -> None:
    received = unit.receive("RM-001", lot="SUP-77", containers=3)
    lines, _ = described_page(unit.db, AuditFilter(), None, 200, lambda: False)
    containers = [line for line in lines if line.event.entity_type == "containers"]
    assert len(containers) == 3
    with unit.db.read() as session:
        ids = dict(session.execute(select(Container.code, Container.id)).all())
    first = next(line for line in containers if line.event.entity_id == ids[received.containers[0]])
    assert first.record == f"container {received.containers[0]}"
    assert f"lot={received.lot}" in first.change
    assert "lot_id" not in first.change
    lot = next(line for line in lines if line.event.entity_type == "lots")
    assert lot.record == f"lot {received.lot}"
    assert "reference=RM-001" in lot.change and "received_by_id=tech" in lot.change
    assert f"delivery={received.delivery}" in lot.change
    receipt = ("lots", "containers", "deliveries", "receipt_checks")
    for line in lines:  # no internal id of a coded record is left in the receipt's words
        if line.event.entity_type in receipt:
            assert "_id=" not in line.change.replace("_by_id=", ""), line.change


def test_one_query_per_kind_of_record_for_a_page(unit: Unit) -> None:
    for n in range(4):
        unit.receive("RM-001", lot=f"MANY-{n}", containers=5)
    with captured(unit) as statements:
        lines, _ = described_page(unit.db, AuditFilter(), None, 200, lambda: False)
    assert len([line for line in lines if line.event.entity_type == "containers"]) == 20
    lookups = [s for s, _ in statements if "FROM containers" in s]
    assert len(lookups) == 1, "the page's 20 containers are read in one query"
    assert len(statements) < 15
