"""`audit verify` against its floor, on a built store: full, incremental, and a plain read +
HMAC of the same rows (what no verify can beat in Python).

Run: .venv/bin/python benchmarks/verify_bench.py --db STORE.sqlite [--runs 3]
     .venv/bin/python benchmarks/verify_bench.py --url postgresql+psycopg://... --data FOLDER
The store's site key and witness are in STORE.sqlite.data/ (or --data): the layout of
benchmarks/seed_store.py. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import hmac
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db import audit_verify
from db.engine import Database, sqlite_url
from db.integrity import fast_trail
from db.integrity.sealing import Integrity


def _timed(work: Callable[[], object], runs: int) -> tuple[float, float, float, object]:
    """Median, min and max CPU seconds of this process (wall time swings with other load on
    the machine; the verify runs on one core), and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.process_time()
        result = work()
        times.append(time.process_time() - start)
    return statistics.median(times), min(times), max(times), result


def floor(db: Database) -> int:
    """Read every event's columns from the driver and HMAC a plain join of them."""
    count = 0
    with db.snapshot() as session:
        secret = db.site_key(session).secret
        sql = f"SELECT {', '.join(fast_trail.EVENT_COLUMNS)} FROM audit_events ORDER BY seq"
        for batch in fast_trail.raw_batches(session, sql):
            for row in batch:
                hmac.digest(secret, "|".join(map(str, row[:11])).encode(), "sha256").hex()
            count += len(batch)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a SQLite store (its key in DB.data/)")
    parser.add_argument("--url", help="a PostgreSQL URL (with --data)")
    parser.add_argument("--data", type=Path, help="the folder holding keys/ and witness/")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.db:
        url, data = sqlite_url(args.db), args.data or Path(f"{args.db}.data")
    else:
        url, data = args.url, args.data
    db = Database(url, integrity=Integrity.in_folder(data))
    med, low, high, events = _timed(lambda: floor(db), args.runs)
    print(f"CPU seconds, median of {args.runs} [min-max]")
    print(f"floor (read + HMAC)  {events:>10} events  {med:7.2f} s  [{low:.2f}-{high:.2f}]")
    rows = [("full", False), ("incremental", True)]
    for name, incremental in rows:
        med, low, high, report = _timed(
            lambda i=incremental: audit_verify.verify(db, incremental=i), args.runs
        )
        assert isinstance(report, audit_verify.VerifyReport)
        per = med / max(report.events, 1) * 1e6
        print(
            f"verify {name:<12} {report.events:>10} events  {med:7.2f} s  [{low:.2f}-{high:.2f}]"
            f"  {per:6.2f} us/event  ok={report.ok}"
        )
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
