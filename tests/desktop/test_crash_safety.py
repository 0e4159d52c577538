"""A process killed in the middle of a workflow leaves the whole change or none of it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from db import audit_verify
from db.models import AuditEvent, Container, Lot
from tests.fixtures.world import PASSWORDS, Unit

CONTAINERS = 999


def test_killing_a_large_receipt_mid_way_leaves_all_or_nothing(unit: Unit) -> None:
    outcomes = set()
    for delay in (0.9, 1.2, 1.5, 1.8, 2.4):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desktop.cli",
                "--db",
                unit.db.url,
                "receive",
                "--reference",
                "RM-022",
                "--lot",
                f"K{delay}",
                "--expiry",
                "2030-01-01",
                "--containers",
                str(CONTAINERS),
                "--quantity",
                "1",
                "--by",
                "tech",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdin is not None
        process.stdin.write(PASSWORDS["tech"] + "\n")
        process.stdin.close()
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        with unit.db.read() as s:
            lot_id = s.scalar(select(Lot.id).where(Lot.supplier_lot == f"K{delay}"))
            if lot_id is None:
                outcomes.add("nothing")
                continue
            outcomes.add("whole")
            count = s.scalar(
                select(func.count()).select_from(Container).where(Container.lot_id == lot_id)
            )
            events = s.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.entity_type == "containers")
            )
            assert count == CONTAINERS and events is not None and events >= CONTAINERS
    assert audit_verify.verify(unit.db).ok
    assert outcomes, "each run either wrote the whole lot or nothing"
