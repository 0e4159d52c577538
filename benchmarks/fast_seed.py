"""Seed the ten-year store in minutes: a template unit made by the workflows, replicated in bulk.

Run: .venv/bin/python -m benchmarks.fast_seed [--lots 20000] [--pg URL] [--rebuild]
Import: `from benchmarks.fast_seed import seed` (any empty database), or
`benchmarks.seed_store.cached(path, lots)` (the SQLite store every benchmark shares).

A template of a few hundred lots is built once by benchmarks/seed_store.py (every change a
workflow call; cached in /tmp by size and schema revision). Its rows are then written k times
into the target with executemany, each copy's ids, numbers and times mapped, and its trail
re-sealed in Python exactly as `db.audit` seals it (benchmarks/replica.py), so `lotkeeper audit
verify` passes on the result. The target gets the template's site key (same record identity)
and a witness with the checkpoints the app would have written.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    func,
    insert,
    select,
    text,
    update,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.replica import Checkpoint, Replicator, Tx, transactions
from benchmarks.seed_template import template
from db import migrate
from db.engine import create_engine_for
from db.integrity import witness as witness_module
from db.integrity.site_key import KeyRing, SiteKey
from db.models import AuditEvent, AuditHead, Base, Container, Counter, Lot, RecordIdentity

TEMPLATE_LOTS = 500
CHUNK = 5000
SKIPPED = {"audit_events", "audit_head", "counters", "record_identity"}


@dataclass
class Seeded:
    url: str
    data: str  # the folder of its site key (keys/) and witness (witness/)
    lots: int
    containers: int
    audit_events: int
    seconds: float
    copies: int
    template_lots: int
    statuses: dict[str, int] = field(default_factory=dict)


def seed(
    url: str,
    data: Path,
    lots: int = 20000,
    *,
    template_lots: int = TEMPLATE_LOTS,
    years: int = 10,
    progress: Callable[[str], None] | None = print,
) -> Seeded:
    """Fill the empty database `url` with about `lots` lots (k copies of a template unit)."""
    started = time.perf_counter()
    copies = max(1, math.ceil(lots / template_lots))
    unit = template(math.ceil(lots / copies), years=years)
    source = create_engine(f"sqlite:///{unit.path}")
    target = create_engine_for(url, create=True)
    try:
        migrate.upgrade(target)
        with source.connect() as src:
            key = _take_key(src, unit.data / "keys", data)
            events = src.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq))
            txs = transactions((dict(r) for r in events.mappings()), copies)
            replicator = Replicator(copies)
            replicator.allocate(txs)
            _say(progress, started, f"template {unit.lots} lots x {copies}: ids allocated")
            _copy_rows(src, target, replicator)
            _say(progress, started, "rows written")
            checkpoints = _write_trail(target, replicator, txs, key)
            _say(progress, started, f"trail sealed ({len(checkpoints)} checkpoints)")
            _counters(src, target, replicator)
        _witness(data, key, checkpoints)
        _sequences(target)
        return _summary(target, url, data, time.perf_counter() - started, copies, unit.lots)
    finally:
        source.dispose()
        target.dispose()


def _say(progress: Callable[[str], None] | None, started: float, what: str) -> None:
    if progress:
        progress(f"  {time.perf_counter() - started:6.1f} s  {what}")


def _take_key(src: Connection, keys: Path, data: Path) -> SiteKey:
    """The template's site key, copied into the target's key folder (same record)."""
    record = src.execute(select(RecordIdentity.record_id)).scalar_one()
    key = KeyRing(keys).find(record)
    assert key is not None, f"the template's key {record} is missing from {keys}"
    ring = KeyRing(data / "keys")
    ring.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copy2(key.path, ring.path_for(record))
    os.chmod(ring.path_for(record), 0o600)
    shutil.rmtree(data / "witness", ignore_errors=True)
    found = ring.find(record)
    assert found is not None
    return found


def _copy_rows(src: Connection, target: Engine, replicator: Replicator) -> None:
    for table in Base.metadata.sorted_tables:
        name = table.name
        if name in SKIPPED and name != "record_identity":
            continue
        rows: list[dict[str, Any]] = []
        for row in src.execute(select(table)).mappings():
            values = dict(row)
            made = replicator.ids.get((name, values["id"])) if "id" in values else None
            for c in range(len(made) if made else 1):
                rows.append(replicator.row(name, values, c))
        rows.sort(key=lambda r: r.get("id", 0))
        _insert_linked(target, table, rows)


def _insert_linked(target: Engine, table: Any, rows: list[dict[str, Any]]) -> None:
    """Rows that name rows of their own table (a reference's backup): linked once all exist."""
    own = [c.key for c in table.columns if any(f.column.table is table for f in c.foreign_keys)]
    links = [{"_id": r["id"], **{c: r[c] for c in own}} for r in rows if any(r[c] for c in own)]
    _insert(target, table, [{**r, **dict.fromkeys(own)} for r in rows] if links else rows)
    if links:
        values = {c: bindparam(c, type_=table.c[c].type) for c in own}
        statement = update(table).where(table.c.id == bindparam("_id")).values(values)
        with target.begin() as connection:
            connection.execute(statement, links)


def _insert(target: Engine, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK * 10):
        with target.begin() as connection:
            for at in range(start, min(start + CHUNK * 10, len(rows)), CHUNK):
                connection.execute(insert(table), rows[at : at + CHUNK])


def _write_trail(
    target: Engine, replicator: Replicator, txs: list[Tx], key: SiteKey
) -> list[Checkpoint]:
    checkpoints: list[Checkpoint] = []
    batch: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    for rows, checkpoint in replicator.sealed(txs, key):
        batch.extend(rows)
        last = rows[-1]
        if checkpoint is not None:
            checkpoints.append(checkpoint)
        if len(batch) >= CHUNK * 10:
            _append(target, batch)
            batch = []
    _append(target, batch)
    if last is not None:
        with target.begin() as connection:
            head = update(AuditHead).where(AuditHead.id == 1)
            connection.execute(head.values(seq=last["seq"], hash=last["hash"]))
    return checkpoints


def _append(target: Engine, events: list[dict[str, Any]]) -> None:
    if events:
        _insert(target, AuditEvent.__table__, events)


def _counters(src: Connection, target: Engine, replicator: Replicator) -> None:
    """The numbering series continue after the numbers given (the app's next receipt fits)."""
    values = {name: value for name, value in src.execute(select(Counter.name, Counter.value))}
    values.update({k: v for k, v in replicator.series.items() if not k.startswith("batch:")})
    rows = [{"name": name, "value": value} for name, value in sorted(values.items())]
    with target.begin() as connection:
        if rows:
            connection.execute(insert(Counter), rows)


def _witness(data: Path, key: SiteKey, checkpoints: Iterable[Checkpoint]) -> None:
    """The checkpoints the app would have written, one line each (one fsync at the end)."""
    witness = witness_module.Witness(data / "witness")
    with mock.patch.object(witness_module.os, "fsync", lambda _fd: None):
        for point in checkpoints:
            witness.append(
                key,
                seq=point.sealed.last,
                head=point.sealed.head,
                at=point.at,
                by=point.by,
                workstation="seed",
                why=point.why,
            )
    handle = os.open(witness.path_for(key.record), os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sequences(target: Engine) -> None:
    """PostgreSQL: each id sequence continues after the ids written explicitly."""
    if target.dialect.name != "postgresql":
        return
    with target.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if "id" not in table.c or not table.c.id.autoincrement:
                continue
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false) "
                    f"WHERE pg_get_serial_sequence('{table.name}', 'id') IS NOT NULL"
                )
            )


def _summary(
    target: Engine, url: str, data: Path, seconds: float, copies: int, template_lots: int
) -> Seeded:
    with target.connect() as connection:
        counted = connection.execute(select(Lot.status, func.count()).group_by(Lot.status))
        statuses = {str(status): int(n) for status, n in counted}
        return Seeded(
            url,
            str(data),
            connection.scalar(select(func.count()).select_from(Lot)) or 0,
            connection.scalar(select(func.count()).select_from(Container)) or 0,
            connection.scalar(select(AuditHead.seq)) or 0,
            seconds,
            copies,
            template_lots,
            statuses,
        )


def sqlite_store(path: Path, lots: int) -> dict[str, Any]:
    """A new SQLite store at `path` (replaced), key and witness in `path`.data: the fields of
    benchmarks.seed_store.Summary."""
    for suffix in ("", "-wal", "-shm", ".json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.data", ignore_errors=True)
    done = seed(f"sqlite:///{path}", Path(f"{path}.data"), lots)
    return {
        "path": str(path),
        "lots": done.lots,
        "containers": done.containers,
        "audit_events": done.audit_events,
        "seconds": done.seconds,
        "statuses": done.statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=20000)
    parser.add_argument("--template-lots", type=int, default=TEMPLATE_LOTS)
    parser.add_argument("--pg", help="an empty PostgreSQL database URL (else the shared SQLite)")
    parser.add_argument("--data", type=Path, help="its key and witness folder (PostgreSQL)")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not args.pg:
        from benchmarks.seed_store import cached

        path = Path(f"/tmp/lotkeeper-seed-{args.lots}.sqlite")
        summary = cached(path, args.lots, rebuild=args.rebuild)
        print(f"{path}: {summary.lots} lots, {summary.containers} containers, "
              f"{summary.audit_events} events; seeded in {summary.seconds:.1f} s")  # fmt: skip
        return
    data = args.data or Path(f"/tmp/lotkeeper-seed-pg-{args.lots}.data")
    done = seed(args.pg, data, args.lots, template_lots=args.template_lots)
    print(
        f"{done.lots} lots, {done.containers} containers, {done.audit_events} events "
        f"({done.copies} x {done.template_lots}) in {done.seconds:.1f} s; key+witness {done.data}"
    )


if __name__ == "__main__":
    main()
