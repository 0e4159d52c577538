"""How long the QA queue takes: loading N lots awaiting a decision, a filter keystroke, a lot.

Run: .venv/bin/python benchmarks/review_queue_bench.py [--lots N] [--repeat R]
The lots are received through the real workflow (half of them with a CoA attached), in a
fresh SQLite file. Prints the best and the median of R runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication

from db import catalog_import, documents, users
from db.approvals import Approval
from db.engine import Database
from db.initialise import initialise
from db.integrity.sealing import Integrity
from db.queries.lot_detail import lot_detail
from db.queries.review_queue import review_queue
from db.receiving import Receipt, receive
from desktop.demo import demo_pdf, example
from ui.models.review_queue import ReviewQueueModel

REFERENCES = ("RM-001", "RM-006", "RM-008", "RM-010", "RM-013", "RM-017")


def seed(path: Path, lots: int) -> Database:
    integrity = Integrity.in_folder(Path(f"{path}.data"), workstation="bench")
    db = Database(f"sqlite:///{path}", integrity=integrity, create=True)
    admin = initialise(db, "admin", "Alex Admin", "bench-lilac-4410").admin
    assert admin is not None
    tech = users.add_user(db, admin, "tech", "Camille Martin", ["technician"], "bench-cedar-5521")
    users.add_user(db, admin, "qa", "Dr. Hélène Dubois", ["qa"], "bench-maple-6632")
    catalog_import.import_catalog(
        db,
        admin,
        example("car-t-catalog.csv"),
        example("suppliers.csv"),
        approval=Approval("qa", "bench-maple-6632", "benchmark catalog"),
    )
    expiry = datetime.now(UTC).date() + timedelta(days=400)
    for n in range(lots):
        receipt = Receipt(
            supplier_lot=f"BENCH-{n}",
            expiry=expiry,
            containers=2,
            quantity="1",
            reference_code=REFERENCES[n % len(REFERENCES)],
        )
        lot = receive(db, tech, receipt).lot
        if n % 2:
            pdf = demo_pdf("Certificate of analysis", lot)
            documents.attach(db, tech, lot, "coa", f"CoA-{lot}.pdf", pdf)
    return db


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lots", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        db = seed(Path(folder) / "bench.sqlite", args.lots)
        print(f"seeded {args.lots} lots awaiting a decision in {time.perf_counter() - start:.1f} s")
        rows = review_queue(db)
        model = ReviewQueueModel()
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(model)
        proxy.setFilterKeyColumn(-1)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        model.set_rows(rows)

        def keystrokes() -> None:
            for text in ("B", "BE", "BEN", "BENCH-1", "CoA", ""):
                proxy.setFilterFixedString(text)
                proxy.rowCount()

        results = {
            f"review_queue() for {len(rows)} lots (worker thread)": timed(
                lambda: review_queue(db), args.repeat
            ),
            "filter, per keystroke (6 keystrokes / 6)": tuple(
                t / 6 for t in timed(keystrokes, args.repeat)
            ),
            "lot_detail() of one lot (GUI thread)": timed(
                lambda: lot_detail(db, rows[len(rows) // 2].lot), args.repeat
            ),
        }
        for name, (best, median) in results.items():
            print(f"{name:<52} best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms")
        db.dispose()
    del app


if __name__ == "__main__":
    main()
