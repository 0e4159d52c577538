"""How fast the long lists answer at one unit's ten-year scale (20,000 lots by default).

Run: .venv/bin/python benchmarks/lists_bench.py [--lots N] [--repeat N]
Builds (once, cached) the store of benchmarks/seed_store.py and prints best / median of N:
the inventory's first page, a filter keystroke (search text, status, reference), scrolling
(the next pages), one lot's detail with its history, the audit trail's first page and
filtered pages, and the catalog. "query" is the read the worker thread runs; "screen" is
from the filter reaching the model to the rows being in it (thread hop included, the typing
pause of 150 ms not). Nothing is written: the store is opened as it is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from benchmarks.seed_store import cached, integrity_for
from db import trace
from db.engine import Database
from db.models import AuditEvent, Consumption, Container, Lot
from db.queries.audit_codes import described_page
from db.queries.audit_list import PAGE, AuditFilter, audit_count, audit_page
from db.queries.catalog_list import references, suppliers
from db.queries.lot_detail import lot_detail
from db.queries.lot_history import lot_history
from db.queries.lot_list import LotFilter, lot_count, lot_page
from ui.models.lot_list import LotListModel


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def show(name: str, best: float, median: float, note: str = "") -> None:
    print(f"  {name:<46} {best * 1000:8.1f} ms / {median * 1000:8.1f} ms  {note}")


def bench(name: str, action: Callable[[], Any], repeat: int, note: Callable[[Any], str]) -> None:
    best, median, result = timed(action, repeat)
    show(name, best, median, note(result))


def rows(page: Any) -> str:
    return f"({len(page.rows)} rows)"


def keystrokes(db: Database, texts: list[str], repeat: int) -> None:
    """Each prefix of what a person types is one query, as the debounce lets it through."""
    times = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            lot_page(db, LotFilter(text=text))
            times.append(time.perf_counter() - start)
    show(f"  typing {texts[-1]!r}, each keystroke", min(times), statistics.median(times),
         f"(max {max(times) * 1000:.1f} ms)")  # fmt: skip


def screen_keystroke(app: QApplication, db: Database, wanted: list[LotFilter]) -> None:
    """From the filter to the rows in the model, through the worker thread."""
    model = LotListModel(db)
    times = []
    for filter_ in wanted:
        loop = QEventLoop()
        model.page_loaded.connect(loop.quit)
        start = time.perf_counter()
        model.set_filter(filter_)
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        times.append(time.perf_counter() - start)
        model.page_loaded.disconnect(loop.quit)
    QThreadPool.globalInstance().waitForDone()
    show("screen: filter change to rows shown", min(times), statistics.median(times),
         f"({len(wanted)} filters, max {max(times) * 1000:.1f} ms)")  # fmt: skip


def inventory(db: Database, repeat: int, sample: dict[str, str]) -> None:
    print(f"Inventory (best / median of {repeat}):")
    bench("query: first page, newest first", lambda: lot_page(db, LotFilter()), repeat, rows)
    lot = sample["lot"]
    keystrokes(db, [lot[: n + 1] for n in range(len(lot))], repeat)
    keystrokes(db, ["a", "al", "alb", "albu", "album", "albumi", "albumin"], repeat)
    keystrokes(db, [sample["supplier_lot"][: n + 1] for n in range(len(sample["supplier_lot"]))],
               repeat)  # fmt: skip
    bench("query: a container ID", lambda: lot_page(db, LotFilter(text=sample["container"])),
          repeat, rows)  # fmt: skip
    for status in ("QUARANTINE", "ON_HOLD", "RELEASED"):
        wanted = LotFilter(statuses=frozenset({status}))
        bench(f"query: status {status}", lambda w=wanted: lot_page(db, w), repeat, rows)
    bench("query: reference RM-013", lambda: lot_page(db, LotFilter(reference="RM-013")),
          repeat, rows)  # fmt: skip
    bench("query: in stock, expiring within 90 days",
          lambda: lot_page(db, LotFilter(stock="in_stock", expiry="within", within_days=90)),
          repeat, rows)  # fmt: skip
    bench("query: sorted by expiry", lambda: lot_page(db, LotFilter(sort="expiry")), repeat, rows)
    bench("count: every lot", lambda: lot_count(db, LotFilter()), repeat, lambda n: f"({n})")
    bench("count: text 'albumin'", lambda: lot_count(db, LotFilter(text="albumin")), repeat,
          lambda n: f"({n})")  # fmt: skip
    bench("count: in stock", lambda: lot_count(db, LotFilter(stock="in_stock")), repeat,
          lambda n: f"({n})")  # fmt: skip
    scrolling(db, repeat)


def scrolling(db: Database, repeat: int) -> None:
    def pages() -> list[float]:
        times, cursor = [], lot_page(db, LotFilter()).next
        for _ in range(10):
            start = time.perf_counter()
            page = lot_page(db, LotFilter(), cursor)
            times.append(time.perf_counter() - start)
            cursor = page.next
        return times

    every = [t for _ in range(repeat) for t in pages()]
    show("query: scrolling, each next page (pages 2-11)", min(every), statistics.median(every),
         "(200 rows each)")  # fmt: skip


def detail(db: Database, repeat: int, lot: str) -> None:
    print(f"One lot's detail, {lot} (best / median of {repeat}):")
    bench("lot_detail + lot_history + lot_to_batches",
          lambda: (lot_detail(db, lot), lot_history(db, lot), trace.lot_to_batches(db, lot)),
          repeat, lambda r: f"({len(r[1])} events, {len(r[2])} uses)")  # fmt: skip


def audit(db: Database, repeat: int) -> None:
    with db.read() as session:
        last = session.scalar(select(func.max(AuditEvent.seq))) or 0
        today = db.now(session).date()
    print(f"Audit trail, {last:,} events (best / median of {repeat}):")
    first = audit_page(db, AuditFilter())
    bench("first page", lambda: audit_page(db, AuditFilter()), repeat, rows)
    bench("next page", lambda: audit_page(db, AuditFilter(), first.next), repeat, rows)
    bench("first page in codes (what the viewer shows)",
          lambda: described_page(db, AuditFilter(), None, PAGE, lambda: False)[0], repeat,
          lambda r: f"({len(r)} rows)")  # fmt: skip
    bench("page 100 000 events back", lambda: audit_page(db, AuditFilter(), last - 100_000),
          repeat, rows)  # fmt: skip
    for name, wanted in (
        ("user qa", AuditFilter(username="qa")),
        ("user admin (rare)", AuditFilter(username="admin")),
        ("action lot.release", AuditFilter(action="lot.release")),
        ("action lot.hold (rare)", AuditFilter(action="lot.hold")),
        ("record lots", AuditFilter(entity_type="lots")),
        ("record settings (rare)", AuditFilter(entity_type="settings")),
        ("a month, a year ago", AuditFilter(since=today - timedelta(days=395),
                                            until=today - timedelta(days=365))),
        ("text 'investigation' (hold reasons)", AuditFilter(text="investigation")),
        ("text matching nothing (whole trail)", AuditFilter(text="no such words")),
    ):  # fmt: skip
        bench(f"page: {name}", lambda w=wanted: audit_page(db, w), repeat, rows)
    bench("count: every event", lambda: audit_count(db, AuditFilter()), repeat, lambda n: f"({n})")
    bench("count: user qa", lambda: audit_count(db, AuditFilter(username="qa")), repeat,
          lambda n: f"({n:,})")  # fmt: skip
    bench("count: action lot.release", lambda: audit_count(db, AuditFilter(action="lot.release")),
          1, lambda n: f"({n:,}, once)")  # fmt: skip


def catalog(db: Database, repeat: int) -> None:
    print(f"Catalog (best / median of {repeat}):")
    bench("references (risk, backups, released stock)", lambda: references(db), repeat,
          lambda r: f"({len(r)} references)")  # fmt: skip
    bench("suppliers", lambda: suppliers(db), repeat, lambda r: f"({len(r)} suppliers)")


def sample_lot(db: Database) -> dict[str, str]:
    """A lot of a few years ago that was used in batches: a typical one to look up."""
    with db.read() as session:
        uses = session.scalar(select(func.count()).select_from(Consumption)) or 0
        lot_id = session.scalar(
            select(Container.lot_id)
            .join(Consumption, Consumption.container_id == Container.id)
            .where(Consumption.id >= uses // 2)
            .order_by(Consumption.id)
            .limit(1)
        ) or session.scalar(select(func.max(Lot.id)))
        lot = session.get(Lot, lot_id)
        assert lot is not None
        return {
            "lot": lot.lot_number,
            "supplier_lot": lot.supplier_lot,
            "container": lot.containers[-1].code,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    summary = cached(Path(f"/tmp/lotkeeper-seed-{args.lots}.sqlite"), args.lots)
    print(f"{summary.path}: {summary.lots:,} lots, {summary.containers:,} containers, "
          f"{summary.audit_events:,} audit events")  # fmt: skip
    app = QApplication.instance() or QApplication([])
    db = Database(f"sqlite:///{summary.path}", integrity=integrity_for(Path(summary.path)))
    try:
        sample = sample_lot(db)
        inventory(db, args.repeat, sample)
        screen_keystroke(
            app,  # type: ignore[arg-type]
            db,
            [LotFilter(text=sample["lot"][: n + 1]) for n in range(len(sample["lot"]))]
            + [LotFilter(statuses=frozenset({"QUARANTINE"})), LotFilter(reference="RM-013")],
        )
        detail(db, args.repeat, sample["lot"])
        audit(db, args.repeat)
        catalog(db, args.repeat)
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
