"""Several workstations at once, as real processes.

The test process first holds the lock a workflow needs (a row lock on PostgreSQL, the write
lock on SQLite), starts the competing processes, waits until they are all queued behind it,
then lets go: they really contend, and the record must still come out right: no negative
stock, no lost update, one final decision, a clean audit chain.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from db import audit_verify, release
from db.dispense import dispense
from db.engine import Database
from db.errors import Refused
from db.models import Consumption, Container, Lot, Signature
from db.users import Actor
from tests.fixtures.databases import integrity_in
from tests.fixtures.world import PASSWORDS, Unit

SPAWN = multiprocessing.get_context("spawn")


def _dispense_worker(
    url: str, data: str, actor: Actor, code: str, quantity: str, ready: Any, results: Any
) -> None:
    db = Database(url, integrity=integrity_in(Path(data)))
    ready.release()
    try:
        done = dispense(db, actor, code, quantity, "CAR-T-RACE", None)
        results.put(("ok", str(done.remaining)))
    except Refused as refusal:
        results.put(("refused", refusal.message))
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(("error", repr(exc)))
    finally:
        db.dispose()


def _decision_worker(
    url: str,
    data: str,
    decision: str,
    actor: Actor,
    password: str,
    lot: str,
    ready: Any,
    results: Any,
) -> None:
    db = Database(url, integrity=integrity_in(Path(data)))
    ready.release()
    try:
        if decision == "release":
            done = release.release(db, actor, password, lot)
        else:
            done = release.reject(db, actor, password, lot, "out of specification")
        results.put((decision, "ok", done.status))
    except Refused as refusal:
        results.put((decision, "refused", refusal.message))
    except Exception as exc:  # noqa: BLE001
        results.put((decision, "error", repr(exc)))
    finally:
        db.dispose()


@pytest.fixture
def race_unit(unit: Unit) -> Unit:
    return unit


@contextmanager
def holding(unit: Unit, table: str, key: str, value: str) -> Iterator[None]:
    """Hold the lock the workflows will queue behind, until the block ends."""
    engine = unit.db.engine.execution_options(sqlite_immediate=True)  # BEGIN IMMEDIATE
    with engine.connect() as connection, connection.begin() as transaction:
        connection.execute(
            text(
                f"SELECT id FROM {table} WHERE {key} = :v"
                + (" FOR UPDATE" if unit.db.dialect == "postgresql" else "")
            ),
            {"v": value},
        )
        yield
        transaction.rollback()


def wait_queued(unit: Unit, count: int, started: float) -> None:
    """PostgreSQL says who waits for a lock; SQLite does not, so give the waiters time."""
    if unit.db.dialect != "postgresql":
        time.sleep(1.0)
        return
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database()"
    )
    with unit.db.engine.connect() as connection:
        while (waiting := connection.execute(query).scalar()) < count:
            if time.monotonic() - started > 60:
                activity = connection.execute(
                    text(
                        "SELECT state, wait_event_type, wait_event, left(query, 60) "
                        "FROM pg_stat_activity WHERE datname = current_database()"
                    )
                ).all()
                raise AssertionError(f"only {waiting} of {count} workers queued: {activity}")
            connection.rollback()  # statistics are a snapshot per transaction
            time.sleep(0.05)


def start(target: Any, jobs: list[tuple[Any, ...]]) -> tuple[list[Any], Any]:
    ready, results = SPAWN.Semaphore(0), SPAWN.Queue()
    processes = [SPAWN.Process(target=target, args=(*job, ready, results)) for job in jobs]
    for process in processes:
        process.start()
    for _ in processes:
        assert ready.acquire(timeout=60), "a worker did not start"
    return processes, results


def collect(processes: list[Any], results: Any) -> list[Any]:
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return outcomes


def test_concurrent_dispenses_never_lose_an_update_or_go_negative(race_unit: Unit) -> None:
    unit = race_unit
    lot = unit.released_lot(containers=1, quantity="10")
    code = lot.containers[0]
    with holding(unit, "containers", "code", code):
        started = time.monotonic()
        processes, results = start(
            _dispense_worker, [(unit.db.url, str(unit.data), unit.prod, code, "2")] * 6
        )
        wait_queued(unit, 6, started)
    outcomes = collect(processes, results)
    assert [o[0] for o in outcomes].count("error") == 0, outcomes
    ok = [o for o in outcomes if o[0] == "ok"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(ok) == 5 and len(refused) == 1
    assert "holds only 0 " in refused[0][1] or "DEPLETED" in refused[0][1]
    assert sorted(Decimal(o[1]) for o in ok) == [Decimal(n) for n in (0, 2, 4, 6, 8)]
    with unit.db.read() as s:
        assert s.scalars(select(Container.quantity).where(Container.code == code)).one() == 0
        assert s.scalar(select(func.sum(Consumption.quantity))) == Decimal(10)
    assert audit_verify.verify(unit.db).ok


def test_release_racing_reject_gives_one_decision(race_unit: Unit) -> None:
    unit = race_unit
    lots = []
    for i in range(3):
        done = unit.receive(lot=f"RACE{i}")
        unit.attach(done.lot)
        lots.append(done.lot)
    for number in lots:
        with holding(unit, "lots", "lot_number", number):
            started = time.monotonic()
            processes, results = start(
                _decision_worker,
                [
                    (unit.db.url, str(unit.data), "release", unit.qa, PASSWORDS["qa"], number),
                    (unit.db.url, str(unit.data), "reject", unit.qa2, PASSWORDS["qa2"], number),
                ],
            )
            wait_queued(unit, 2, started)
        outcomes = collect(processes, results)
        winners = [o for o in outcomes if o[1] == "ok"]
        losers = [o for o in outcomes if o[1] == "refused"]
        assert len(winners) == 1 and len(losers) == 1, outcomes
        final = winners[0][2]
        assert f"{number} is {final}" in losers[0][2]
        with unit.db.read() as s:
            lot_id, status = s.execute(
                select(Lot.id, Lot.status).where(Lot.lot_number == number)
            ).one()
            signatures = s.scalars(
                select(Signature.meaning).where(
                    Signature.entity_type == "lots", Signature.entity_id == lot_id
                )
            ).all()
        assert status == final and len(signatures) == 1
    assert audit_verify.verify(unit.db).ok


def test_two_command_line_processes_dispensing_the_last_units(race_unit: Unit) -> None:
    unit = race_unit
    lot = unit.released_lot(containers=1, quantity="3")
    code = lot.containers[0]
    command = [
        sys.executable,
        "-m",
        "desktop.cli",
        "--db",
        unit.db.url,
        "dispense",
        code,
        "--quantity",
        "2",
        "--batch",
        "CAR-T-CLI",
        "--by",
        "prod",
    ]
    with holding(unit, "containers", "code", code):
        started = time.monotonic()
        runs = [
            subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for run in runs:
            assert run.stdin is not None
            run.stdin.write(PASSWORDS["prod"] + "\n")
            run.stdin.close()
        wait_queued(unit, 2, started)
    finished = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    codes = sorted(code for code, _ in finished)
    assert codes == [0, 1], finished
    refusal = next(err for code, err in finished if code == 1)
    assert "holds only 1 vial" in refusal or "holds only 1 set" in refusal
    assert "Traceback" not in refusal
    with unit.db.read() as s:
        assert s.scalars(select(Container.quantity).where(Container.code == code)).one() == 1
