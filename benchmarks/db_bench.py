"""How fast the record answers at one unit's ten-year scale (20,000 lots by default).

Run: .venv/bin/python benchmarks/db_bench.py [--lots N]
Builds (once, cached) the seeded store of benchmarks/seed_store.py, works on a copy of it, and
prints the time of what people wait for: a scan at the bench or in production, opening a lot,
receiving, releasing, dispensing, the alerts, and a full `audit verify`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from benchmarks.seed_store import PASSWORDS, cached, cheap_passwords, copy_store, integrity_for
from db import alerts, audit_verify, documents, lookups, release
from db.dispense import dispense
from db.engine import Database
from db.models import Container, Lot
from db.queries.lot_detail import lot_detail
from db.receiving import Receipt, receive
from db.sign_in import authenticate
from db.usability import scan_check
from desktop.demo import demo_pdf


def timed(work: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"{name:<44} median {statistics.median(times):8.2f} ms   p95 {p95:8.2f} ms   "
        f"max {times[-1]:8.2f} ms   (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=20000)
    args = parser.parse_args()
    seed = cached(Path(f"/tmp/lotkeeper-seed-{args.lots}.sqlite"), args.lots)
    work = Path(tempfile.mkdtemp()) / "bench.sqlite"
    copy_store(Path(seed.path), work)
    print(
        f"store: {seed.lots} lots, {seed.containers} containers, {seed.audit_events} audit "
        f"events ({work})"
    )
    db = Database(f"sqlite:///{work}", integrity=integrity_for(work))
    with cheap_passwords():
        run(db)
    db.dispose()


def run(db: Database) -> None:
    rng = random.Random(7)
    with db.read() as s:
        codes = s.scalars(select(Container.code)).all()
        numbers = s.scalars(select(Lot.lot_number)).all()
    tech = authenticate(db, "tech", PASSWORDS["tech"])
    qa = authenticate(db, "qa", PASSWORDS["qa"])
    prod = authenticate(db, "prod", PASSWORDS["prod"])
    report(
        "scan a container (GO/STOP + FEFO)", timed(lambda: scan_check(db, rng.choice(codes)), 300)
    )
    report("find a lot by number", timed(lambda: _find(db, rng.choice(numbers)), 300))
    report("open a lot (lot detail)", timed(lambda: lot_detail(db, rng.choice(numbers)), 100))
    received: list[str] = []
    expiry = db.now().date() + timedelta(days=500)

    def receive_one() -> None:
        receipt = Receipt(
            supplier_lot=f"B{len(received)}",
            expiry=expiry,
            containers=10,
            quantity="1",
            reference_code="RM-022",
        )
        received.append(receive(db, tech, receipt).lot)

    report("receive a lot of 10 containers", timed(receive_one, 30))
    for number in received:
        documents.attach(db, tech, number, "coa", "coa.pdf", demo_pdf("CoA", number))
    queue = list(received)
    report(
        "release (e-signature, cheap seed hash)",
        timed(lambda: release.release(db, qa, PASSWORDS["qa"], queue.pop()), 30),
    )
    targets = [t for t in (_usable(db, rng, codes) for _ in range(30)) if t]
    report(
        "dispense (checks, FEFO, audit)",
        timed(
            lambda: dispense(db, prod, targets.pop(), "0.001", "BENCH-BATCH", None), len(targets)
        ),
    )
    report("alerts (whole store)", timed(lambda: alerts.compute(db), 5))
    start = time.perf_counter()
    result = audit_verify.verify(db)
    print(
        f"{'audit verify (whole trail, all records)':<44} {time.perf_counter() - start:8.1f} s"
        f"   ({result.events} events, {result.records} records, ok={result.ok})"
    )


def _find(db: Database, number: str) -> None:
    with db.read() as session:
        lookups.lot(session, number)


def _usable(db: Database, rng: random.Random, codes: list[str]) -> str | None:
    """A container production may take now (following FEFO to the one to use first)."""
    for _ in range(200):
        check = scan_check(db, rng.choice(codes))
        if check.fefo_first:
            check = scan_check(db, check.fefo_first)
        if check.go and check.quantity >= 1:
            return check.container
    return None


if __name__ == "__main__":
    main()
