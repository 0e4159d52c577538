"""Every figure of issue 10's table, in one place: its goal, how it is measured, and its floor.

Each figure's `measure(store)` makes one run and returns what it measured and the floor taken
in the same run (both in seconds); benchmarks/run.py runs it three times. A figure whose own
script exists elsewhere (verify_bench, scan_bench, startup_bench, ...) may be swapped in here
by its `measure`; the list below stays the one list of figures.
"""

from __future__ import annotations

import hashlib
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from db.engine import Database
from db.models import Container, Lot

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    value: float  # seconds
    floor: float | None = None  # seconds, the raw floor of the same run
    note: str = ""


@dataclass(frozen=True)
class Figure:
    name: str
    goal: str
    limit: float | None  # seconds the value must not exceed
    ratio: float | None  # times its floor the value must not exceed
    measure: Callable[[Store], Run]


@dataclass
class Store:
    db: Database
    seconds: float  # seeding time
    codes: list[str]
    numbers: list[str]


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]


def _timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def verify(store: Store) -> Run:
    from db import audit_verify

    start = time.perf_counter()
    report = audit_verify.verify(store.db)
    took = time.perf_counter() - start
    note = f"{report.events} events, {len(report.problems)} problems"
    return Run(took, _trail_floor(store.db), note)


def _trail_floor(db: Database) -> float:
    """A plain read of the trail and a SHA-256 of each row."""
    start = time.perf_counter()
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT seq, at, username, action, entity_type, entity_id, old, new, prev_hash "
            "FROM audit_events"
        )
        for row in rows:
            hashlib.sha256(repr(row).encode()).digest()
    return time.perf_counter() - start


def scan(store: Store) -> Run:
    from db.usability import scan_check

    rng = random.Random(len(store.codes))
    with store.db.read() as session:
        stock = session.scalars(
            select(Container.code).join(Lot)
            .where(Lot.status == "RELEASED", Container.quantity > 0,
                   Lot.expiry >= store.db.now().date())
        ).all()  # fmt: skip
    sample = [rng.choice(stock or store.codes) for _ in range(200)]
    times = [_timed(lambda c=c: scan_check(store.db, c)) for c in sample]
    raw = text("SELECT c.id, c.quantity, l.status, l.expiry FROM containers c "
               "JOIN lots l ON l.id = c.lot_id WHERE c.code = :code")  # fmt: skip
    with store.db.engine.connect() as connection:
        floors = [_timed(lambda c=c: connection.execute(raw, {"code": c}).all()) for c in sample]
    return Run(p95(times), p95(floors), f"{len(stock)} in-stock containers")


def search(store: Store) -> Run:
    from db.queries.lot_list import LotFilter, lot_count, lot_page

    debounce = _debounce()
    number = store.numbers[len(store.numbers) // 2]
    times = []
    for end in range(2, len(number) + 1):
        wanted = LotFilter(text=number[:end])
        times.append(_timed(lambda w=wanted: (lot_page(store.db, w), lot_count(store.db, w))))
    return Run(statistics.median(times) + debounce, None, f"debounce {debounce * 1000:.0f} ms")


def _debounce() -> float:
    try:
        from ui.inventory_view import DEBOUNCE_MS

        return DEBOUNCE_MS / 1000
    except ImportError:
        return 0.0


def dashboard(store: Store) -> Run:
    from db import alerts

    return Run(_timed(lambda: alerts.compute(store.db)))


def cli_help(store: Store) -> Run:
    return Run(_child_cpu([str(Path(sys.executable).parent / "lotkeeper"), "--help"]), None, "CPU")


def _child_cpu(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def receipt(store: Store) -> Run:
    from benchmarks.seed_store import cheap_passwords
    from db.models import User
    from db.receiving import CHECK_ITEMS, Receipt, receive
    from db.users import Actor

    with store.db.read() as session:
        tech = Actor.of(session.scalars(select(User).where(User.username == "tech")).one())
        code = session.scalar(text("SELECT code FROM material_references ORDER BY id LIMIT 1"))
    expiry = store.db.now().date() + timedelta(days=400)
    times = []
    with cheap_passwords():
        for n in range(10):
            made = Receipt(supplier_lot=f"BENCH{n}", expiry=expiry, containers=10, quantity="1",
                           reference_code=str(code), delivery_note="BL-BENCH",
                           checks=dict.fromkeys(CHECK_ITEMS, True))  # fmt: skip
            times.append(_timed(lambda r=made: receive(store.db, tech, r)))
    return Run(statistics.median(times), _raw_receipt(store.db))


_RAW_ROW = text("INSERT INTO counters (name, value) VALUES (:name, 1)")


def _raw_receipt(db: Database) -> float:
    """Twelve raw inserts (a lot and ten containers' worth) in one committed transaction."""
    times = []
    with db.engine.connect() as connection:
        for run in range(10):
            start = time.perf_counter()
            with connection.begin():
                for n in range(12):
                    connection.execute(_RAW_ROW, {"name": f"bench:{time.time_ns()}:{run}:{n}"})
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def seeding(store: Store) -> Run:
    return Run(store.seconds, None, "cached: time of the seed that built it")


FIGURES = [
    Figure("audit verify, whole trail", "<= 5 s", 5.0, None, verify),
    Figure("scan -> GO/STOP, in-stock container (p95)", "<= 5 ms, <= 10x raw", 0.005, 10, scan),
    Figure("search keystroke -> rows (debounce incl.)", "<= 100 ms", 0.1, None, search),
    Figure("dashboard alerts", "<= 200 ms", 0.2, None, dashboard),
    Figure("lotkeeper --help (CPU)", "<= 0.3 s", 0.3, None, cli_help),
    Figure("receipt, 10 containers", "<= 3x raw transaction", None, 3, receipt),
    Figure("seeding the store", "minutes", 600.0, None, seeding),
]
NOT_YET = [
    "FEFO growth 2k -> 250k lots (flat)",
    "start -> sign-in window (<= 0.6 s CPU)",
    "status labels, 50 containers (<= 0.5 s)",
    "dispense vs raw transaction (<= 3x)",
]
