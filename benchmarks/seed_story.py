"""Ten years of a unit's store room, day by day, for benchmarks/seed_store.py.

Receipts (about ten containers a lot), evidence a day or two later, the QA decision a few days
after, occasional holds, and production days that use released stock first-expiry-first, the
way the workflows demand; about a third of what is received expires on the shelf or stays
opened past its use-by. Every change is a call of a `db` workflow.
"""

from __future__ import annotations

import csv
import heapq
import io
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal

from db import documents, lab_results, release, samples
from db.dispense import dispense
from db.engine import Database
from db.errors import Refused
from db.queries.lot_detail import lot_detail
from db.receiving import CHECK_ITEMS, Receipt, receive
from db.users import Actor
from desktop.demo import demo_pdf, example

PASSWORDS = {
    "admin": "seed-lynx-4410", "tech": "seed-otter-5521", "tech2": "seed-heron-6632",
    "qa": "seed-ibex-7743", "qa2": "seed-wren-8854", "prod": "seed-mink-9965",
    "prod2": "seed-hare-1076",
}  # fmt: skip
PEOPLE = {
    "tech": ("Camille Martin", ["technician"]),
    "tech2": ("Julien Moreau", ["technician"]),
    "qa": ("Dr. Hélène Dubois", ["qa"]),
    "qa2": ("Marc Lefèvre", ["qa"]),
    "prod": ("Sofia Rossi", ["production"]),
    "prod2": ("Yann Le Gall", ["production"]),
}
# Containers per lot by unit (low, high): ~10 on average over the catalog's receipt mix.
CONTAINERS = {"piece": (10, 24), "box": (5, 20), "bag": (6, 20), "bottle": (4, 14),
              "vial": (3, 12), "set": (4, 10), "kit": (1, 3)}  # fmt: skip
USE_FRACTION = 0.7  # of received containers production eventually uses; the rest expires
PRODUCTION_WEEKDAYS = (0, 2, 4)
EVIDENCE = ("coa", "sterility_certificate", "reference_sample", "functional_test")


class SeedClock:
    """The workflows' clock: set to a moment of the story, it ticks a little per workflow."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now

    def at(self, day: date, hour: int) -> None:
        self.now = max(self.now, datetime.combine(day, clock_time(hour), tzinfo=UTC))


@dataclass
class _Container:
    code: str
    lot: str
    remaining: Decimal
    use_by: date | None = None


@dataclass
class _Lot:
    number: str
    ref: str
    expiry: date
    receiver: str
    containers: list[_Container]
    nonconforming: bool


class Story:
    """Ten years of a store room, day by day; every change is a workflow call."""

    def __init__(
        self, db: Database, clock: SeedClock, people: dict[str, Actor], seed: int, end: date
    ) -> None:
        self.db, self.clock, self.people, self.end = db, clock, people, end
        self.rng = random.Random(seed)
        self.refs = _catalog()
        # Busy references are received more often; those of unqualified suppliers rarely.
        qualified = _qualified_suppliers()
        self.weights = [
            (1 + min(int(r["min_stock"] or 0), 20) / 4) * (1 if r["supplier"] in qualified else 0.1)
            for r in self.refs.values()
        ]
        self.schedule: dict[date, list[tuple[str, str]]] = {}
        self.lots: dict[str, _Lot] = {}
        self.status: dict[str, str] = {}
        self.fefo: dict[str, list[tuple[date, str]]] = {code: [] for code in self.refs}
        self.containers: dict[str, _Container] = {}
        self.demand = dict.fromkeys(self.refs, 0.0)
        self.evidence: dict[str, set[str]] = {}
        self.batches: dict[int, int] = {}

    # -- the day ------------------------------------------------------------------------
    def day(self, today: date, receipts: int) -> None:
        self.clock.at(today, 8)
        for _ in range(receipts):
            self.receive(today)
        self.clock.at(today, 10)
        if today.weekday() in PRODUCTION_WEEKDAYS:
            self.produce(today)
        self.clock.at(today, 14)
        for action, lot in self.schedule.pop(today, []):
            getattr(self, action)(today, lot)

    def later(self, today: date, days: int, action: str, lot: str) -> None:
        self.schedule.setdefault(today + timedelta(days=days), []).append((action, lot))

    def who(self, role: str) -> Actor:
        return self.people[self.rng.choice([role, role + "2"])]

    # -- receipt, evidence, decision --------------------------------------------------------
    def receive(self, today: date) -> None:
        code = self.rng.choices(list(self.refs), self.weights)[0]
        ref = self.refs[code]
        low, high = CONTAINERS.get(ref["unit"], (2, 10))
        shelf = 180 + (int(code[-3:]) * 97) % 900  # each reference its own shelf life
        expiry = today + timedelta(days=shelf + self.rng.randrange(-30, 30))
        nonconforming = self.rng.random() < 0.01
        checks = dict.fromkeys(CHECK_ITEMS, True)
        if nonconforming:
            checks["temperature_ok"] = False
        receiver = self.who("tech")
        done = receive(
            self.db,
            receiver,
            Receipt(
                supplier_lot=f"{code[-2:]}{self.rng.randrange(10**6):06d}",
                expiry=expiry,
                containers=self.rng.randint(low, high),
                quantity=_quantity(ref),
                reference_code=code,
                delivery_note=f"BL-{today:%y%m%d}-{ref['supplier'][:3].upper()}",
                checks=checks,
                nonconformity="temperature logger out of range on arrival"
                if nonconforming
                else None,
            ),
        )
        self.lots[done.lot] = _Lot(
            done.lot,
            code,
            expiry,
            receiver.username,
            [_Container(c, done.lot, Decimal(_quantity(ref))) for c in done.containers],
            nonconforming,
        )
        self.status[done.lot] = "QUARANTINE"
        self.later(today, self.rng.randint(1, 2), "gather_evidence", done.lot)
        self.later(today, self.rng.randint(3, 9), "decide", done.lot)

    def gather_evidence(self, today: date, number: str) -> None:
        lot = self.lots[number]
        needs = self.evidence.get(lot.ref)
        if needs is None:
            unmet = {p.code for p in lot_detail(self.db, number).prerequisites if not p.met}
            needs = self.evidence[lot.ref] = unmet & set(EVIDENCE)
        tech = self.who("tech")
        if "coa" in needs:
            pdf = demo_pdf("Certificate of analysis", number)
            documents.attach(self.db, tech, number, "coa", f"CoA-{number}.pdf", pdf)
        if "sterility_certificate" in needs:
            pdf = demo_pdf("Sterility certificate", number)
            documents.attach(self.db, tech, number, "sterility", f"Sterility-{number}.pdf", pdf)
        if "reference_sample" in needs:
            samples.record_sample(
                self.db, tech, number, "reference", "0.1", location="Retention freezer R2"
            )
        if "functional_test" in needs:
            passed = self.rng.random() > 0.02
            lab_results.record_result(
                self.db,
                tech,
                number,
                kind="functional",
                name="T-cell activation assay",
                passed=passed,
                value="CD25+ 78 % (spec ≥ 60 %)" if passed else "CD25+ 41 % (spec ≥ 60 %)",
            )

    def decide(self, today: date, number: str) -> None:
        lot = self.lots[number]
        qa = self.who("qa")
        try:
            release.release(self.db, qa, PASSWORDS[qa.username], number)
        except Refused as refusal:
            if refusal.reasons == ["supplier_qualified"] and (self.end - today).days < 90:
                return  # waits in quarantine for the supplier's qualification
            reason = "release refused: " + refusal.message.split(": ", 1)[-1]
            if lot.nonconforming:
                reason = "non-conforming receipt: temperature excursion confirmed"
            release.reject(self.db, qa, PASSWORDS[qa.username], number, reason[:500])
            self.status[number] = "REJECTED"
            return
        self.status[number] = "RELEASED"
        self.stock(lot)
        if self.rng.random() < 0.01:
            self.later(today, self.rng.randint(5, 60), "hold", number)

    def hold(self, today: date, number: str) -> None:
        if self.status[number] != "RELEASED":
            return
        reason = "supplier notification: possible deviation on this lot, investigation opened"
        release.hold(self.db, self.people["qa2"], PASSWORDS["qa2"], number, reason)
        self.status[number] = "ON_HOLD"
        self.later(today, self.rng.randint(5, 30), "end_hold", number)

    def end_hold(self, today: date, number: str) -> None:
        qa = self.people["qa"]
        chance = self.rng.random()
        if chance < 0.3:
            return  # stays on hold until it expires and is discarded
        if self.lots[number].expiry >= today and chance < 0.7:
            reason = "investigation closed: lot not affected"
            release.unhold(self.db, qa, PASSWORDS["qa"], number, reason)
            self.status[number] = "RELEASED"
            self.stock(self.lots[number])
        else:
            reason = "investigation closed: lot affected, not to be used"
            release.reject(self.db, qa, PASSWORDS["qa"], number, reason)
            self.status[number] = "REJECTED"

    # -- production ---------------------------------------------------------------------
    def stock(self, lot: _Lot) -> None:
        """Released (again): its containers join the reference's first-expiry-first queue."""
        for container in lot.containers:
            if container.remaining > 0:
                self.containers[container.code] = container
                heapq.heappush(self.fefo[lot.ref], (_effective(lot, container), container.code))
        self.demand[lot.ref] += USE_FRACTION * len(lot.containers) * _uses(self.refs[lot.ref])

    def produce(self, today: date) -> None:
        self.batches[today.year] = self.batches.get(today.year, 0) + 1
        batch = f"CAR-T-{today.year}-{self.batches[today.year]:03d}"
        operator = self.who("prod")
        for code in self.refs:
            uses = int(self.demand[code] * 0.25)
            self.demand[code] -= uses
            for _ in range(uses):
                if not self.use_one(today, code, batch, operator):
                    self.demand[code] = 0  # shortage: what could not be used is not owed
                    break

    def use_one(self, today: date, ref: str, batch: str, operator: Actor) -> bool:
        queue = self.fefo[ref]
        while queue:
            effective, code = queue[0]
            container = self.containers.get(code)
            lot = self.lots[container.lot] if container else None
            if (
                container is None
                or lot is None
                or self.status[lot.number] != "RELEASED"
                or container.remaining <= 0
                or effective != _effective(lot, container)
            ):
                heapq.heappop(queue)  # stale: used up, re-queued, or its lot not usable now
                continue
            if effective < today:
                heapq.heappop(queue)  # expired or past its use-by: stays on the shelf
                continue
            self.take(today, ref, container, batch, operator)
            return True
        return False

    def take(self, today: date, ref: str, container: _Container, batch: str, who: Actor) -> None:
        reference = self.refs[ref]
        amount = container.remaining
        if reference["after_opening_days"]:
            amount = min(amount, Decimal(_quantity(reference)) / 2)
        done = dispense(self.db, who, container.code, amount, batch, None)
        container.remaining = done.remaining
        lot = self.lots[container.lot]
        if container.use_by is None and reference["after_opening_days"]:
            days = int(reference["after_opening_days"])
            container.use_by = min(today + timedelta(days=days), lot.expiry)
        if container.remaining > 0:
            heapq.heappush(self.fefo[ref], (_effective(lot, container), container.code))


def _catalog() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in csv.DictReader(io.StringIO(example("car-t-catalog.csv")))}


def _qualified_suppliers() -> set[str]:
    rows = csv.DictReader(io.StringIO(example("suppliers.csv")))
    return {row["name"] for row in rows if row["qualification"] == "qualified"}


def _quantity(ref: dict[str, str]) -> str:
    return "100" if ref["after_opening_days"] else "1"


def _uses(ref: dict[str, str]) -> int:
    return 2 if ref["after_opening_days"] else 1


def _effective(lot: _Lot, container: _Container) -> date:
    return min(lot.expiry, container.use_by) if container.use_by else lot.expiry
