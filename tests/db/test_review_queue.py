"""The review queue: lots awaiting a decision, oldest first, prerequisites as the workflow sees."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event

from db import lab_results, release, samples
from db.queries.lot_detail import lot_detail
from db.queries.review_queue import review_queue
from tests.fixtures.world import PASSWORDS, Unit

GROWING = {"lots", "containers", "documents", "samples", "test_results", "signatures"}


def test_queue_holds_quarantine_and_on_hold_lots_oldest_first(unit: Unit) -> None:
    first = unit.receive("RM-008", lot="OLD-1")
    unit.clock.advance(days=3)
    second = unit.receive("RM-001", lot="NEW-1")
    released = unit.released_lot("RM-002", lot="REL-1")
    held = unit.released_lot("RM-001", lot="HELD-1")
    release.hold(unit.db, unit.qa, PASSWORDS["qa"], held.lot, "supplier notice")
    rejected = unit.receive("RM-001", lot="REJ-1")
    release.reject(unit.db, unit.qa, PASSWORDS["qa"], rejected.lot, "damaged")

    rows = review_queue(unit.db)

    assert [r.lot for r in rows] == [first.lot, second.lot, held.lot]
    assert released.lot not in {r.lot for r in rows}
    old = rows[0]
    assert (old.status, old.reference, old.supplier_lot, old.received_by) == (
        "QUARANTINE",
        "RM-008",
        "OLD-1",
        "tech",
    )
    assert old.age_days == 3 and rows[1].age_days == 0
    assert rows[2].status == "ON_HOLD" and rows[2].ready


def test_prerequisites_summary_matches_the_workflow(unit: Unit) -> None:
    lot = unit.receive("RM-008", lot="SUM-1").lot
    unit.attach(lot)
    samples.record_sample(unit.db, unit.tech, lot, "reference", "1", location="freezer R2")

    row = review_queue(unit.db)[0]

    expected = lot_detail(unit.db, lot).prerequisites
    assert row.total == len(expected) == 6
    assert row.met == sum(p.met for p in expected) == 5
    assert [p.code for p in row.missing] == ["functional_test"]
    assert row.missing[0].detail == "functional test not recorded"
    assert not row.ready

    lab_results.record_result(
        unit.db, unit.tech, lot, kind="functional", name="activation", passed=True
    )
    assert review_queue(unit.db)[0].ready


def test_queue_reads_by_index_and_without_a_query_per_row_beyond_the_rules(
    sqlite_unit: Unit,
) -> None:
    unit = sqlite_unit
    try:
        for i in range(12):
            unit.receive("RM-001" if i % 2 else "RM-008", lot=f"PLAN-{i}")
        statements: list[tuple[str, Any]] = []

        def record(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append((statement, parameters))

        event.listen(unit.db.engine, "before_cursor_execute", record)
        try:
            rows = review_queue(unit.db)
        finally:
            event.remove(unit.db.engine, "before_cursor_execute", record)
        assert len(rows) == 12
        # Lots, suppliers, users and the risk rule, then evaluate()'s own reads per lot
        # (documents; and functional test and reference sample when the reference asks).
        per_lot = sum(1 + (2 if r.reference == "RM-008" else 0) for r in rows)
        assert len(statements) <= 5 + per_lot
        with unit.db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            for statement, parameters in statements:
                plan = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ()).fetchall()
                for step in plan:
                    scanned = re.match(r"SCAN (\w+)", step[-1])
                    assert not (scanned and scanned.group(1) in GROWING), (step, statement)
    finally:
        unit.db.dispose()
