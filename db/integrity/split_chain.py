"""The keyed hashes of the trail's later events, and the signatures, checked in a second process.

On a big trail `audit verify` spends its time in two loops of equal length: the keyed hash of
every event, and the parsing and GMP replay of every event (then the records). One process uses
one core; here a worker process re-reads the events after a split point in the same snapshot
and reports only the rows whose hash does not verify, then checks the signatures (they need
nothing from the trail), while the verify itself does everything else. The verify still walks
every row in order (links, witness, head, replay), so every check and every message is the one
the single-process walk makes, in the same place of the report.

Same snapshot: the range is bounded by the last event the verify's own snapshot sees. On
SQLite the worker opens its own read transaction: the trail is append-only, so the events up
to that bound are the same rows (the signatures are read at that slightly later instant, by
themselves consistent). On PostgreSQL the worker imports the verify's exported
snapshot (pg_export_snapshot / SET TRANSACTION SNAPSHOT) and reads exactly the same state.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.integrity import fast_trail, records_check
from db.integrity.report import VerifyReport
from db.integrity.site_key import SiteKey
from db.models import AuditEvent

# Below this many events a second process (~0.5 s to start and import) does not pay for itself.
THRESHOLD = 200_000
# The share of the hashing the verify's own process keeps. None: on the 20k-lot benchmark store
# (781k events) its walk, replay and records take ~6.5 s, the worker's whole trail plus the
# signatures less, so the worker still waits on the verify.
SHARE = 0.0
_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f-]+")
_hmac = getattr(getattr(hmac, "_hashopenssl", None), "hmac_digest", hmac.digest)


@dataclass(frozen=True)
class Job:
    url: str
    snapshot: str | None  # PostgreSQL: the id pg_export_snapshot() gave the verify
    after: int  # the worker checks events after..until
    until: int
    secret: bytes
    keyed_from: int


def digest_ok(secret: bytes, keyed_from: int, row: tuple[Any, ...]) -> bool:
    """The stored hash of a row of fast_trail.event_rows is its HMAC (keyed events) or its
    plain SHA-256 (events before the site key)."""
    data = fast_trail.event_text(row).encode("utf-8")
    if row[0] >= keyed_from:
        return _hmac(secret, data, "sha256").hex() == row[11]
    return hashlib.sha256(data).hexdigest() == row[11]


def forged_rows(session: Session, job: Job) -> list[tuple[Any, ...]]:
    """The rows of events after..until whose stored hash does not verify."""
    found: list[tuple[Any, ...]] = []
    secret, keyed_from = job.secret, job.keyed_from
    for batch in fast_trail.event_batches(session, job.after, job.until):
        found.extend(row for row in batch if not digest_ok(secret, keyed_from, row))
    return found


@dataclass(frozen=True)
class Answer:
    forged: list[tuple[Any, ...]]  # the rows whose hash does not verify
    signatures: VerifyReport  # what records_check.check_signatures found (it needs no trail)


def answer(session: Session, job: Job) -> Answer:
    found = VerifyReport()
    forged = forged_rows(session, job)
    records_check.check_signatures(session, found)
    return Answer(forged, found)


def _work(job: Job) -> Answer:
    """The worker process: its own connection, the verify's snapshot, the hashes."""
    from db.engine import create_engine_for  # imported here: the worker needs no more

    engine = create_engine_for(job.url)
    try:
        with engine.connect() as connection:
            if job.snapshot is not None:
                connection = connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with connection.begin():
                if job.snapshot is not None:
                    # SET takes no bound parameters; the id came from the server itself.
                    connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{job.snapshot}'")
                with Session(bind=connection) as session:
                    return answer(session, job)
    finally:
        engine.dispose()


def serve() -> None:
    """The worker's entry: a pickled Job on stdin, the pickled Answer on stdout."""
    job = pickle.load(sys.stdin.buffer)
    pickle.dump(_work(job), sys.stdout.buffer)


class Split:
    """A worker checking the hashes of events after `after`, then the signatures;
    `answer()` waits for it.

    A plain child interpreter, not multiprocessing: spawn would re-import the caller's main
    script (the CLI, the desktop app, a benchmark), fork would copy a GUI's threads."""

    def __init__(self, session: Session, job: Job) -> None:
        self.after, self._session, self._job = job.after, session, job
        root = str(Path(__file__).resolve().parents[2])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
        }
        self._child = subprocess.Popen(
            [sys.executable, "-c", "from db.integrity.split_chain import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )  # fmt: skip
        assert self._child.stdin is not None
        self._child.stdin.write(pickle.dumps(job))
        self._child.stdin.close()

    def answer(self) -> Answer:
        assert self._child.stdout is not None
        out = self._child.stdout.read()
        self._child.stdout.close()
        if self._child.wait() == 0:
            found: Answer = pickle.loads(out)
            return found
        # The worker failed (no interpreter, no connection): this process does its work.
        return answer(self._session, self._job)

    def close(self) -> None:
        """A verify that stopped early (an error) leaves no worker behind."""
        if self._child.poll() is None:
            self._child.kill()
            self._child.wait()


def start(
    session: Session,
    url: str,
    key: SiteKey | None,
    *,
    threshold: int = THRESHOLD,
    share: float = SHARE,
) -> Split | None:
    """A worker for the later part of a trail of more than `threshold` events (None: the
    trail is small, or there is no key and so no hash to check)."""
    if key is None:
        return None
    last = session.execute(select(func.max(AuditEvent.seq))).scalar() or 0
    if last <= threshold:
        return None
    snapshot = None
    if session.get_bind().dialect.name == "postgresql":
        snapshot = session.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        assert _SNAPSHOT_ID.fullmatch(snapshot), snapshot
    after = int(last * share)
    return Split(session, Job(url, snapshot, after, last, key.secret, key.keyed_from))
