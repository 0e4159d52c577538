"""What the receiving, production, dashboard and deviations screens wait for, at scale.

Run: .venv/bin/python benchmarks/stations_bench.py [--lots N]
Works on a copy of the seeded store of benchmarks/seed_store.py (built once, cached) and prints
the best and median time of each query or parse a person waits for on those screens.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from benchmarks.seed_store import cached, copy_store, integrity_for
from db.alerts import compute
from db.engine import Database
from db.models import Container, Lot
from db.queries.dashboard import deviations_by_domain
from db.queries.deviation_list import deviation_list
from db.queries.reference_picker import active_references, reference_for_gtin
from db.usability import scan_check
from labels.gs1 import parse_scan


def timed(name: str, work: Callable[[], Any], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    print(f"  {name:<44} best {min(times):8.1f} ms   median {statistics.median(times):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    summary = cached(Path(f"/tmp/lotkeeper-seed-{args.lots}.sqlite"), args.lots)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "store.sqlite"
        copy_store(Path(summary.path), copy)
        db = Database(f"sqlite:///{copy}", integrity=integrity_for(copy))
        with db.read() as s:
            lots = s.scalar(select(func.count(Lot.id)))
            code = s.scalars(select(Container.code).order_by(Container.id.desc())).first()
        print(f"{copy.name}: {lots} lots")
        scan = "]d2010952123400001317271130102025-0042\x1d21SN0001"
        timed("receiving: parse a scanner burst", lambda: parse_scan(scan), args.repeat)
        timed(
            "receiving: reference for the GTIN",
            lambda: reference_for_gtin(db, "09521234000013"),
            args.repeat,
        )
        timed("receiving: references to pick from", lambda: active_references(db), args.repeat)
        timed(
            "production: GO/STOP for a container", lambda: scan_check(db, code or ""), args.repeat
        )
        timed("dashboard: alerts (off the GUI thread)", lambda: compute(db), args.repeat)
        timed("dashboard: deviations by domain", lambda: deviations_by_domain(db), args.repeat)
        timed("deviations: the whole list", lambda: deviation_list(db), args.repeat)
        db.dispose()


if __name__ == "__main__":
    main()
