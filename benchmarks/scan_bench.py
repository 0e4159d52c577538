"""The production scan (GO/STOP with FEFO) against its floor, a raw indexed lookup.

Run: .venv/bin/python benchmarks/scan_bench.py --url URL --keys FOLDER [--runs N]
(URL a SQLite file or postgresql+psycopg://...; FOLDER the record's site keys and witness, as
laid out by Integrity.in_folder). Prints p50/p95 of:
- the floor: one `SELECT ... FROM containers WHERE code = ?` through the bare driver;
- scan_check on the first-expiring in-stock container of a reference (GO: FEFO finds nothing);
- scan_check on random in-stock containers (mostly STOP for FEFO: an earlier one exists);
- FEFO alone (earlier_container) for those random containers.
Read-only: nothing in the record changes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from db.engine import Database
from db.integrity.sealing import Integrity
from db.usability import _SCAN, Facts, earlier_container, scan_check

_IN_STOCK = (
    "SELECT c.code, l.reference_id, l.expiry, c.use_by "
    "FROM containers c JOIN lots l ON l.id = c.lot_id "
    "WHERE l.status = 'RELEASED' AND l.expiry >= CURRENT_DATE AND c.quantity > 0 "
    "AND (c.use_by IS NULL OR c.use_by >= CURRENT_DATE)"
)


def percentiles(work: Callable[[Any], Any], items: list[Any], runs: int) -> tuple[float, float]:
    times = []
    for i in range(runs):
        item = items[i % len(items)]
        start = time.perf_counter()
        work(item)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def floor(db: Database) -> Callable[[str], Any]:
    """The bare driver's indexed lookup: what the scan cannot beat."""
    raw = db.engine.raw_connection().driver_connection
    if db.dialect == "sqlite":
        sql = "SELECT id, code, quantity, use_by FROM containers WHERE code = ?"
        return lambda code: raw.execute(sql, (code,)).fetchone()
    raw.autocommit = True
    sql = "SELECT id, code, quantity, use_by FROM containers WHERE code = %s"
    return lambda code: raw.execute(sql, (code,)).fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--keys", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    db = Database(args.url, integrity=Integrity.in_folder(args.keys, workstation="bench"))
    rng = random.Random(1)
    with db.read() as session:
        lots = session.scalar(text("SELECT COUNT(*) FROM lots"))
        rows = session.execute(text(_IN_STOCK)).all()
    first: dict[int, tuple[Any, str]] = {}
    for code, reference, expiry, use_by in rows:
        expiry = min(expiry, use_by or expiry)  # the effective expiry, as FEFO orders
        if reference not in first or (expiry, code) < first[reference]:
            first[reference] = (expiry, code)
    firsts = [code for _, code in first.values()]
    randoms = [row[0] for row in rng.sample(rows, min(500, len(rows)))]
    print(f"{db.dialect}: {lots} lots, {len(rows)} usable containers, {args.runs} runs each")
    assert all(scan_check(db, code).go for code in firsts[:5]), "a first-expiring one is a GO"

    def fefo(code: str) -> Any:
        with db.read() as session:
            facts = Facts(*session.execute(_SCAN, {"code": code}).one())
            return earlier_container(session, facts, db.now().date())

    base = floor(db)
    figures = [
        ("floor: raw indexed lookup (driver)", base, randoms),
        ("scan -> GO (first-expiring container)", lambda c: scan_check(db, c), firsts),
        ("scan -> GO/STOP (random in-stock)", lambda c: scan_check(db, c), randoms),
        ("FEFO alone (random in-stock)", fefo, randoms),
    ]
    results = [(name, *percentiles(work, items, args.runs)) for name, work, items in figures]
    floor_p50 = results[0][1]
    for name, p50, p95 in results:
        print(f"  {name:<40} p50 {p50:7.3f} ms  p95 {p95:7.3f} ms  {p50 / floor_p50:6.1f}x floor")
    db.dispose()


if __name__ == "__main__":
    main()
