"""A lot's history from the trail: everything recorded about it, in order, in words."""

from __future__ import annotations

import pytest

from db import release
from db.dispense import dispense
from db.queries.lot_history import lot_history
from desktop.printing import PrintService
from tests.db.test_query_plans import GROWING, captured
from tests.fixtures.world import PASSWORDS, Unit


def test_history_tells_the_lot_story(unit: Unit) -> None:
    lot = unit.released_lot("RM-009", lot="IL7-2291", containers=2)
    other = unit.released_lot("RM-009", lot="IL7-9999", containers=1)
    PrintService(unit.db).status_labels(unit.qa, lot.lot)
    dispense(unit.db, unit.prod, lot.containers[0], "5", "CAR-T-7", None)
    release.hold(unit.db, unit.qa2, PASSWORDS["qa2"], lot.lot, "supplier endotoxin notice")

    history = lot_history(unit.db, lot.lot.lower())  # typed in lower case: found anyway
    assert [e.seq for e in history] == sorted(e.seq for e in history)
    subjects = [e.subject for e in history]
    assert subjects[0] == f"lot {lot.lot}" and history[0].action == "lot.receive"
    assert history[0].created and history[0].username == "tech"
    for expected in (
        f"container {lot.containers[1]}",
        "receipt check packaging intact",
        f"document coa coa-{lot.lot}.pdf",
        "reference sample",
        "functional test activation assay",
        "signature “Released”",
        "print of status labels",
        f"use of {lot.containers[0]} in batch CAR-T-7",
        "signature “Put on hold”",
    ):
        assert expected in subjects, expected
    assert not [s for s in subjects if other.lot in s], "another lot's events leaked in"

    hold = next(e for e in history if e.action == "lot.hold" and e.entity_type == "lots")
    assert hold.reason == "supplier endotoxin notice" and hold.username == "qa2"
    status = next(c for c in hold.changes if c.field == "status")
    assert (status.old, status.new) == ("RELEASED", "ON_HOLD")
    by = next(c for c in hold.changes if c.field == "status_by_id")
    assert (by.old, by.new) == ("qa", "qa2")  # user ids shown as user names
    opened = next(
        e for e in history if e.subject == f"container {lot.containers[0]}" and not e.created
    )
    quantity = next(c for c in opened.changes if c.field == "quantity")
    assert (quantity.old, quantity.new) == ("10.000", "5.000")


def test_history_reads_the_trail_by_its_entity_index(unit: Unit) -> None:
    if unit.db.dialect != "sqlite":
        pytest.skip("SQLite's query plans")
    lot = unit.released_lot("RM-003", lot="CD4-1", containers=3)
    with captured(unit) as statements:
        assert lot_history(unit.db, lot.lot)
    with unit.db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        plans = [
            (statement, row[-1])
            for statement, parameters in statements
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ())
        ]
    trail = [plan for statement, plan in plans if "FROM audit_events" in statement]
    assert trail and all("USING INDEX ix_audit_events_entity" in plan for plan in trail)
    scans = [plan for _, plan in plans if plan.startswith("SCAN")]
    assert not [plan for plan in scans if plan.split()[1] in GROWING]
