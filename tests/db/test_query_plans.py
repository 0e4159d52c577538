"""Scans at the bench answer by index: no workflow reads a whole table of the record.

Every statement the workflows send is captured and run again under SQLite's EXPLAIN QUERY PLAN;
a full scan of a table that grows with use (lots, containers, documents...) fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text

from db import documents, lab_results, release, samples
from db.dispense import dispense
from db.queries.lot_detail import lot_detail
from db.usability import scan_check
from tests.fixtures.world import PASSWORDS, Unit, make_pdf

GROWING = {
    "lots",
    "containers",
    "documents",
    "samples",
    "test_results",
    "consumptions",
    "signatures",
    "audit_events",
    "deliveries",
    "receipt_checks",
    "batches",
    "deviations",
    "deviation_links",
}


@contextmanager
def captured(unit: Unit) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE")):
            statements.append((statement, parameters))

    event.listen(unit.db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(unit.db.engine, "before_cursor_execute", record)


def full_scans(unit: Unit, statements: list[tuple[str, Any]]) -> list[str]:
    found = []
    with unit.db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        for statement, parameters in statements:
            if isinstance(parameters, list):  # executemany: one row's parameters suffice
                parameters = parameters[0]
            plan = raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ()).fetchall()
            for row in plan:
                match = re.match(r"SCAN (\w+)", row[-1])
                if match and match.group(1) in GROWING:
                    found.append(f"{row[-1]} in: {statement[:160]}")
    return found


def pg_full_scans(unit: Unit, statements: list[tuple[str, Any]]) -> list[str]:
    """PostgreSQL's plans with sequential scans priced out: a growing table still read by a
    Seq Scan, or by an index walked end to end (no Index Cond), has no index for the query."""
    found = []
    with unit.db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        raw.execute("SET enable_seqscan = off")
        for statement, parameters in statements:
            if isinstance(parameters, list):
                parameters = parameters[0]
            plan = raw.execute("EXPLAIN (FORMAT JSON) " + statement, parameters).fetchone()[0]
            for node in _nodes(plan[0]["Plan"]):
                if node.get("Relation Name") not in GROWING:
                    continue
                kind = node["Node Type"]
                if kind == "Seq Scan" or (kind.startswith("Index") and "Index Cond" not in node):
                    found.append(f"{kind} on {node['Relation Name']} in: {statement[:160]}")
        raw.rollback()
    return found


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def test_bench_workflows_use_indexes(sqlite_unit: Unit) -> None:
    unit = sqlite_unit
    for i in range(3):  # some history, so that a scan would have rows to read
        unit.released_lot("RM-003", lot=f"OLD{i}")
    with captured(unit) as statements:
        lot = unit.receive("RM-009", lot="NEW", containers=3)
        documents.attach(unit.db, unit.tech, lot.lot, "coa", "c.pdf", make_pdf())
        samples.record_sample(
            unit.db,
            unit.tech,
            lot.lot,
            "reference",
            "0.1",
            container_code=lot.containers[0],
            location="F1",
        )
        lab_results.record_result(
            unit.db, unit.tech, lot.lot, kind="functional", name="a", passed=True
        )
        release.release(unit.db, unit.qa, PASSWORDS["qa"], lot.lot)
        scan_check(unit.db, lot.containers[1])
        dispense(unit.db, unit.prod, lot.containers[1], "1", "B1", None)
        lot_detail(unit.db, lot.lot)
    assert len(statements) > 40
    assert full_scans(unit, statements) == []


def test_the_check_itself_catches_a_full_scan(sqlite_unit: Unit) -> None:
    with sqlite_unit.db.engine.connect() as connection:
        statement = "SELECT * FROM lots WHERE supplier_lot = ?"
        plan = connection.execute(text("EXPLAIN QUERY PLAN " + statement.replace("?", "'x'")))
        assert any("SCAN lots" in row[-1] for row in plan)
    assert full_scans(sqlite_unit, [(statement, ("x",))])
