"""`lotkeeper demo`: a fresh demo database, a living store a newcomer can explore at once.

Everything is made through the ordinary workflows, so the demo's audit trail verifies like a
real one. A demo clock starts 60 days back and moves forward as the story unfolds, so there
is history: quarantine that has aged, lots released weeks ago, batches already made.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from db import catalog_import, deviations, documents, lab_results, release, samples, users
from db.approvals import Approval
from db.dispense import dispense
from db.engine import Database
from db.initialise import initialise
from db.integrity.sealing import Integrity
from db.queries.lot_detail import lot_detail
from db.receiving import CHECK_ITEMS, Receipt, receive
from db.usability import scan_check
from db.users import Actor

DEMO_FILENAME = "lotkeeper-demo.sqlite"
# Demo passwords follow the default policy (12+ characters, not common, not the name).
PASSWORDS = {
    "admin": "demo-lilac-7301",
    "tech": "demo-cedar-4182",
    "qa": "demo-maple-5263",
    "qa2": "demo-birch-6394",
    "prod": "demo-aspen-2845",
}
PEOPLE = {
    "tech": ("Camille Martin", ["technician"]),
    "qa": ("Dr. Hélène Dubois", ["qa"]),
    "qa2": ("Marc Lefèvre", ["qa"]),
    "prod": ("Sofia Rossi", ["production"]),
}


class DemoClock:
    """Starts in the past; the story moves it forward day by day."""

    def __init__(self, days_back: int) -> None:
        self.offset = timedelta(days=-days_back)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, days: float) -> None:
        self.offset = min(self.offset + timedelta(days=days), timedelta())


def example(name: str) -> str:
    return files("desktop.demo_data").joinpath(name).read_text(encoding="utf-8")


def demo_pdf(title: str, lot: str) -> bytes:
    """A one-page certificate standing in for the supplier's (a real PDF)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(60, 780, title)
    page.setFont("Helvetica", 11)
    for i, line in enumerate(
        (
            f"Lotkeeper internal lot: {lot}",
            "Appearance: conforms",
            "Sterility (Ph. Eur. 2.6.1): no growth",
            "Endotoxin: < 0.5 EU/mL",
            "Mycoplasma: not detected",
            "DEMO DOCUMENT - not a real certificate",
        )
    ):
        page.drawString(60, 740 - 18 * i, line)
    page.save()
    return buffer.getvalue()


def build_demo(path: Path, integrity: Integrity) -> Database:
    """Replace `path` with a new demo database (and its key) and return it, opened."""
    _forget(path, integrity)
    clock = DemoClock(days_back=60)
    db = Database(f"sqlite:///{path}", clock=clock, integrity=integrity, create=True)
    admin = initialise(db, "admin", "Alex Admin", PASSWORDS["admin"]).admin
    assert admin is not None
    people = {"admin": admin}
    for name, (full, roles) in PEOPLE.items():
        people[name] = users.add_user(db, admin, name, full, roles, PASSWORDS[name])
    catalog_import.import_catalog(
        db,
        admin,
        example("car-t-catalog.csv"),
        example("suppliers.csv"),
        approval=Approval("qa", PASSWORDS["qa"], "demo catalog, reviewed by QA"),
    )
    _story(db, clock, people)
    db.dispose()
    return Database(f"sqlite:///{path}", integrity=integrity)


def _forget(path: Path, integrity: Integrity) -> None:
    """The previous demo goes whole: its file, its site key and its witness."""
    if path.exists():
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as old:
                (record,) = old.execute("SELECT record_id FROM record_identity").fetchone()
            integrity.keys.path_for(record).unlink(missing_ok=True)
            if integrity.witness is not None:
                integrity.witness.path_for(record).unlink(missing_ok=True)
        except (sqlite3.Error, TypeError):
            pass  # an older or broken demo: nothing of it to forget but the file
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _story(db: Database, clock: DemoClock, p: dict[str, Actor]) -> None:
    today = clock().date()

    def got(ref: str, lot: str, days: int, n: int, qty: str, note: str = "BL-1") -> str:
        receipt = Receipt(
            supplier_lot=lot,
            expiry=today + timedelta(days=days),
            containers=n,
            quantity=qty,
            reference_code=ref,
            delivery_note=note,
            checks=dict.fromkeys(CHECK_ITEMS, True),
        )
        return receive(db, p["tech"], receipt).containers[0].rsplit("-", 1)[0]

    def ready(lot: str) -> None:
        unmet = {x.code for x in lot_detail(db, lot).prerequisites if not x.met}
        if "coa" in unmet:
            documents.attach(
                db,
                p["tech"],
                lot,
                "coa",
                f"CoA-{lot}.pdf",
                demo_pdf("Certificate of analysis", lot),
            )
        if "reference_sample" in unmet:
            samples.record_sample(
                db, p["tech"], lot, "reference", "0.1", location="Retention freezer R2, shelf 3"
            )
        if "functional_test" in unmet:
            lab_results.record_result(
                db,
                p["tech"],
                lot,
                kind="functional",
                name="T-cell activation assay",
                passed=True,
                value="CD25+ 78 % (spec ≥ 60 %)",
            )

    def released(ref: str, lot: str, days: int, n: int, qty: str) -> str:
        number = got(ref, lot, days, n, qty)
        ready(number)
        release.release(db, p["qa"], PASSWORDS["qa"], number)
        return number

    stock: dict[str, str] = {}
    for ref, lot, days, n, qty in (
        ("RM-001", "MB24-1187", 420, 6, "1"),
        ("RM-003", "CD4-23A51", 200, 4, "1"),
        ("RM-004", "CD8-23A77", 210, 4, "1"),
        ("RM-005", "TA-5521", 150, 5, "1"),
        ("RM-007", "TEX-0923", 120, 12, "1"),
        ("RM-009", "IL7-2291", 300, 8, "1"),
        ("RM-011", "IL15-1177", 280, 6, "1"),
        ("RM-012", "PRL-88213", 500, 5, "1"),
        ("RM-013", "ALB-55102", 700, 14, "1"),
        ("RM-016", "TE-3321", 90, 5, "1"),
        ("RM-017", "PBS-7781", 365, 14, "1"),
        ("RM-018", "NACL-2201", 800, 24, "1"),
        ("RM-019", "CRYO-1108", 400, 8, "1"),
        ("RM-020", "BAG-44120", 900, 25, "1"),
        ("RM-021", "TB-9012", 900, 30, "1"),
        ("RM-022", "SYR-12-09", 1000, 120, "1"),
        ("RM-033", "LV19-CL-07", 365, 3, "1"),
    ):
        stock[ref] = released(ref, lot, days, n, qty)
        clock.advance(1)
    short = released("RM-011", "IL15-0998", 75, 2, "1")  # expires soon: FEFO picks it first
    # Released, then left to expire with stock: the dashboard asks for its disposal.
    released("RM-017", "PBS-6610", 50, 2, "1")
    clock.advance(5)
    for batch, uses in (
        (
            "CAR-T-2026-031",
            [
                ("RM-001", "1"),
                ("RM-003", "1"),
                ("RM-007", "0.5"),
                ("RM-009", "1"),
                ("RM-013", "0.2"),
            ],
        ),
        (
            "CAR-T-2026-032",
            [
                ("RM-001", "1"),
                ("RM-004", "1"),
                ("RM-007", "0.5"),
                ("RM-011", "1"),
                ("RM-018", "0.25"),
            ],
        ),
    ):
        for ref, qty in uses:
            _take(db, p["prod"], short if ref == "RM-011" else stock[ref], qty, batch)
        clock.advance(7)
    held = released("RM-015", "ABS-2207", 240, 4, "1")
    release.hold(
        db,
        p["qa2"],
        PASSWORDS["qa2"],
        held,
        "Supplier notice: possible endotoxin "
        "excursion on this serum lot; investigation DEV pending",
    )
    deviations.open_deviation(
        db,
        p["qa2"],
        domain="receipt_release",
        severity="major",
        title="Supplier endotoxin notice on AB serum lot",
        lots=[held],
        references=["RM-015"],
    )
    rejected = got("RM-024", "FBS-RUO-55", 365, 2, "1")
    release.reject(
        db,
        p["qa"],
        PASSWORDS["qa"],
        rejected,
        "Research-grade FBS from a non-qualified supplier: not acceptable for clinical manufacture",
    )
    deviations.open_deviation(
        db,
        p["tech"],
        domain="ordering",
        severity="minor",
        title="Research-grade FBS ordered instead of GMP reference",
        references=["RM-024"],
        suppliers=["Generic Bio"],
    )
    clock.advance(10)
    aging = got("RM-010", "IL7-ALT-31", 330, 4, "1")  # CellGenix: supplier pending
    clock.advance(12)
    awaiting = got("RM-006", "BEADS-7731", 260, 3, "1")
    ready(awaiting)  # everything attached: waits for a QA decision
    deviations.open_deviation(
        db,
        p["tech"],
        domain="stock_shortage",
        severity="major",
        title="IL-7 stock below minimum before CAR-T-2026-033",
        references=["RM-009"],
    )
    clock.advance(30)
    got("RM-002", "CS-2201-88", 600, 2, "1", note="BL-2")  # just arrived, no CoA yet
    got("RM-008", "HM-X-7710", 300, 6, "1", note="BL-2")
    assert aging


def _take(db: Database, actor: Actor, lot: str, quantity: str, batch: str) -> None:
    """Use the first container of `lot` that may be used and holds enough."""
    for container in lot_detail(db, lot).containers:
        check = scan_check(db, container.code)
        if check.go and check.quantity >= Decimal(quantity):
            dispense(db, actor, container.code, quantity, batch, None)
            return
    raise AssertionError(f"demo story: nothing usable left in {lot}")


def demo_path(data: Path) -> Path:
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    return data / DEMO_FILENAME


def describe(path: Path) -> str:
    lines = [f"Demo database: {path}", "Demo accounts (user / password):"]
    lines += [
        f"  {name:<6} {PASSWORDS[name]:<16} {PEOPLE.get(name, ('Alex Admin', ['admin']))[0]}"
        for name in PASSWORDS
    ]
    return "\n".join(lines)
