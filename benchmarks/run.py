"""One benchmark command: seed once (cached), run every figure of issue 10 three times, report.

Run: .venv/bin/python -m benchmarks.run [--lots 20000] [--only NAME]
Prints goal, median and spread of three runs, the floor and the ratio to it; writes
benchmarks/results/latest.json and latest.md (the README links the table).
Works on a copy of the cached store (benchmarks/seed_store.cached), so runs never alter it.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.figures import FIGURES, NOT_YET, Figure, Run, Store
from benchmarks.seed_store import cached, copy_store, integrity_for
from db import migrate
from db.engine import Database

RUNS = 3
RESULTS = Path(__file__).resolve().parent / "results"


def measure(figure: Figure, store: Store) -> dict[str, Any]:
    runs: list[Run] = []
    try:
        for _ in range(RUNS):
            runs.append(figure.measure(store))
    except Exception as exc:  # noqa: BLE001 - a failing figure is reported, the others run
        traceback.print_exc()
        return {"name": figure.name, "goal": figure.goal, "error": f"{type(exc).__name__}: {exc}"}
    values = [r.value for r in runs]
    floors = [r.floor for r in runs if r.floor is not None]
    median = statistics.median(values)
    floor = statistics.median(floors) if floors else None
    ratio = median / floor if floor else None
    met = (figure.limit is None or median <= figure.limit) and (
        figure.ratio is None or (ratio is not None and ratio <= figure.ratio)
    )
    return {
        "name": figure.name, "goal": figure.goal, "median_s": median,
        "min_s": min(values), "max_s": max(values), "floor_s": floor, "ratio": ratio,
        "met": met, "note": runs[-1].note,
    }  # fmt: skip


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def table(results: list[dict[str, Any]], header: str) -> str:
    lines = [header, "", "| figure | goal | measured (median, min-max of 3) | floor | ratio "
             "| met |", "|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:
        if "error" in r:
            lines.append(f"| {r['name']} | {r['goal']} | error: {r['error']} | | | |")
            continue
        ratio = f"{r['ratio']:.1f}x" if r["ratio"] else "-"
        measured = f"{_ms(r['median_s'])} ({_ms(r['min_s'])}-{_ms(r['max_s'])})"
        note = f" {r['note']}" if r["note"] else ""
        lines.append(
            f"| {r['name']} | {r['goal']} | {measured}{note} | {_ms(r['floor_s'])} | {ratio} "
            f"| {'yes' if r['met'] else '**no**'} |"
        )
    lines += [f"| {name} | | not measured yet | | | |" for name in NOT_YET]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=20000)
    parser.add_argument("--only", help="run the figures whose name contains this")
    args = parser.parse_args()
    seed = cached(Path(f"/tmp/lotkeeper-seed-{args.lots}.sqlite"), args.lots)
    work = Path(tempfile.mkdtemp()) / "bench.sqlite"
    copy_store(Path(seed.path), work)
    db = Database(f"sqlite:///{work}", integrity=integrity_for(work))
    from sqlalchemy import select

    from db.models import Container, Lot

    with db.read() as session:
        codes = list(session.scalars(select(Container.code)))
        numbers = list(session.scalars(select(Lot.lot_number)))
    store = Store(db, seed.seconds, codes, numbers)
    header = (f"Store: {seed.lots} lots, {seed.containers} containers, {seed.audit_events} "
              f"events, SQLite, schema {migrate.head_revision()}; {platform.node()}, "
              f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")  # fmt: skip
    chosen = [f for f in FIGURES if not args.only or args.only in f.name]
    results = []
    for figure in chosen:
        results.append(measure(figure, store))
        print(table(results[-1:], "").splitlines()[-1 - len(NOT_YET)], flush=True)
    db.dispose()
    report = table(results, header)
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(report)
    (RESULTS / "latest.json").write_text(json.dumps(
        {"store": {"lots": seed.lots, "containers": seed.containers,
                   "events": seed.audit_events, "backend": "sqlite"},
         "figures": results, "not_measured": NOT_YET}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
