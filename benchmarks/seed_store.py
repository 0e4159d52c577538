"""A store of one unit over ten years, made through the real workflows, for benchmarks.

Run: .venv/bin/python benchmarks/seed_store.py [--lots N] [--path FILE] [--rebuild]
Import: `from benchmarks.seed_store import build, cached` (`build(path, lots=20000)`).

Every lot is received, given its evidence, decided on by QA under e-signature, and used in
batches first-expiry-first, through the workflow functions themselves (each call one audited
change set), with a clock that walks through the ten years. That is ~250,000 workflow calls
at ~4 ms of CPU each (SQLAlchemy's unit of work and the audit seal): about 16 minutes of CPU
for 20,000 lots, built once and cached. Two shortcuts, neither touching what is measured:
- the seed accounts' passwords are hashed with cheap argon2 parameters: the ~20,000
  signatures (each re-checks the password, ~0.1 s at the real parameters) would add ~35 min;
- the calls of one simulated day share one database transaction (GroupedDatabase): each call
  keeps its own savepoint and audit context, and its events are sealed into the chain as its
  own commit would; only the disk syncs are shared (a third less wall time where fsync is
  slow; the same CPU).
Nothing is written outside a workflow, so the audit trail is complete and `audit verify`
passes on the result.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from unittest import mock

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.seed_story import PASSWORDS, PEOPLE, SeedClock, Story
from db import audit, catalog_import, passwords, users
from db.approvals import Approval
from db.engine import Database
from db.initialise import initialise
from db.integrity.sealing import Integrity, Sealed, write_checkpoint
from db.models import AuditEvent, Container, Lot
from db.users import Actor
from desktop.demo import example

SEED_VERSION = 3  # 2: site keys, witness, approvals, password policy; 3: fast seeder
DEFAULT_PATH = Path("/tmp/lotkeeper-seed-20000.sqlite")


def integrity_for(path: Path) -> Integrity:
    """A store's site key and witness live beside it, in STORE.data/."""
    return Integrity.in_folder(Path(f"{path}.data"), workstation="seed")


def copy_store(source: Path, target: Path) -> None:
    """A working copy of a store: its file, and its key and witness (the copy's own)."""
    shutil.copy(source, target)
    shutil.copytree(f"{source}.data", f"{target}.data", dirs_exist_ok=True)


class GroupedDatabase(Database):
    """Commits once per simulated day instead of once per workflow call.

    Each workflow call still runs in its own savepoint with its own audit context (who,
    action, reason, time) and its events are sealed into the chain when it ends, exactly as
    its own transaction would have done; only the disk syncs are shared, and the witness
    checkpoints of the day are written once the day commits. The trail is the same, event
    for event, as with one transaction per call (and `audit verify` passes).
    """

    def __init__(self, url: str, *, clock: SeedClock, integrity: Integrity) -> None:
        super().__init__(url, clock=clock, integrity=integrity, create=True)
        self._shared: OrmSession | None = None
        self._sealed: list[tuple[Sealed, audit.AuditContext]] = []

    @contextmanager
    def day(self) -> Iterator[None]:
        with self._writer() as session, session.begin():
            self._shared = session
            try:
                yield
            finally:
                self._shared = None
        key = self.site_key(session)
        for sealed, context in self._sealed:
            write_checkpoint(self.integrity, key, sealed, context.at, context.username)
        self._sealed.clear()

    @contextmanager
    def write(
        self, *, user_id: int | None, username: str, action: str, reason: str | None = None
    ) -> Iterator[OrmSession]:
        if self._shared is None:
            with super().write(
                user_id=user_id, username=username, action=action, reason=reason
            ) as session:
                yield session
            return
        session = self._shared
        context = audit.AuditContext(user_id, username, action, reason, self.now(session))
        session.info[audit.CONTEXT] = context
        session.info[audit.KEY] = self.site_key(session)
        savepoint = session.begin_nested()
        try:
            yield session
            session.flush()
            audit._seal(session)  # this call's events, as its own commit would seal them
            savepoint.commit()
            sealed = session.info.pop(audit.SEALED, None)
            if sealed is not None:
                self._sealed.append((sealed, context))
        except BaseException:
            savepoint.rollback()  # a refusal leaves nothing, as its own transaction would
            session.info.pop(audit._PENDING, None)
            raise


@dataclass
class Summary:
    path: str
    lots: int
    containers: int
    audit_events: int
    seconds: float
    statuses: dict[str, int] = field(default_factory=dict)


@contextmanager
def cheap_passwords() -> Iterator[None]:
    """Seed accounts only: argon2 with small parameters (verification reads them from the
    hash), so each of the many signatures checks its password in a millisecond."""
    cheap = PasswordHasher(time_cost=1, memory_cost=256, parallelism=1)
    with mock.patch.object(passwords, "hasher", lambda: cheap):
        yield


def _people(db: Database) -> dict[str, Actor]:
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
        approval=Approval("qa", PASSWORDS["qa"], "the unit's catalog, reviewed by QA"),
    )
    return people


def build(
    path: Path,
    lots: int = 20000,
    *,
    years: int = 10,
    seed: int = 20,
    progress: Callable[[str], None] | None = print,
) -> Summary:
    """Replace `path` with a new store of `lots` lots received over `years` years to today."""
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.data", ignore_errors=True)
    today = datetime.now(UTC).date()
    first = today - timedelta(days=365 * years)
    clock = SeedClock(datetime.combine(first - timedelta(days=1), clock_time(8), tzinfo=UTC))
    db = GroupedDatabase(f"sqlite:///{path}", clock=clock, integrity=integrity_for(path))
    try:
        with cheap_passwords():
            story = Story(db, clock, _people(db), seed, today)
            days = (today - first).days
            owed = 0.0
            for offset in range(days + 1):
                day = first + timedelta(days=offset)
                owed += lots / (days + 1)
                count = int(owed) if offset < days else round(owed)
                owed -= count
                with db.day():
                    story.day(day, count)
                if progress and (day.month, day.day) == (12, 31):
                    progress(f"  {day.year}: {len(story.lots):>6} lots, "
                             f"{time.perf_counter() - started:6.0f} s")  # fmt: skip
        summary = _summary(db, path, time.perf_counter() - started)
    finally:
        db.dispose()
    Path(f"{path}.json").write_text(json.dumps({"version": SEED_VERSION, **asdict(summary)}))
    return summary


def _summary(db: Database, path: Path, seconds: float) -> Summary:
    with db.read() as session:
        statuses = {
            s: n for s, n in session.execute(select(Lot.status, func.count()).group_by(Lot.status))
        }
        return Summary(
            str(path),
            session.scalar(select(func.count()).select_from(Lot)) or 0,
            session.scalar(select(func.count()).select_from(Container)) or 0,
            session.scalar(select(func.max(AuditEvent.seq))) or 0,
            seconds,
            statuses,
        )


def cached(path: Path = DEFAULT_PATH, lots: int = 20000, *, rebuild: bool = False) -> Summary:
    """The store at `path`, built only if missing or made for another size or version: by the
    fast seeder (benchmarks/fast_seed.py: a template built by `build`, replicated in bulk)."""
    marker = Path(f"{path}.json")
    if not rebuild and path.exists() and marker.exists():
        known = json.loads(marker.read_text())
        if known.get("version") == SEED_VERSION and known.get("lots") == lots:
            known.pop("version")
            return Summary(**known)
    from benchmarks.fast_seed import sqlite_store

    summary = Summary(**sqlite_store(path, lots))
    Path(f"{path}.json").write_text(json.dumps({"version": SEED_VERSION, **asdict(summary)}))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=20000)
    parser.add_argument("--path", type=Path)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = args.path or Path(f"/tmp/lotkeeper-seed-{args.lots}.sqlite")
    summary = cached(path, args.lots, rebuild=args.rebuild)
    print(
        f"{summary.path}: {summary.lots} lots, {summary.containers} containers, "
        f"{summary.audit_events} audit events; seeding took {summary.seconds:.0f} s"
    )
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(summary.statuses.items())))


if __name__ == "__main__":
    main()
