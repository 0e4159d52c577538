"""`lotkeeper audit verify`: the trail, what it means, and the records, in one snapshot.

- the trail: every link, every keyed hash (HMAC with the site key), the head, the witness's
  checkpoints, and the database guards (triggers) that keep it append-only;
- what it means: the replay of lot statuses, signatures and roles against the GMP rules
  (db/integrity/semantics.py), and each container's quantity against what was received,
  used and sampled;
- the records: every audited row holds what the trail last recorded for it, every document
  still has its SHA-256, every signature still binds what was signed.
All reads share one snapshot, so other workstations writing meanwhile never raise an alarm.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.errors import Refused
from db.integrity import chain_check, guards, records_check, split_chain, verified_state
from db.integrity.fast_trail import EVENT_COLUMNS, raw_batches
from db.integrity.report import NO_EVENT, TRAIL, Problem, VerifyReport
from db.integrity.sealing import identity, key_for
from db.integrity.semantics import Replay
from db.integrity.site_key import SiteKey
from db.integrity.witness import WitnessReading
from db.models import AuditEvent, Lot, User
from db.serialize import plain

__all__ = ["Problem", "VerifyReport", "verify"]


def verify(
    db: Database,
    *,
    backup: bool = False,
    incremental: bool = False,
    split_over: int = split_chain.THRESHOLD,
    split_share: float = split_chain.SHARE,
) -> VerifyReport:
    """`backup`: `db` is a copy taken earlier (checkpoints after its end are not a problem).
    `incremental`: only what changed since the last passing verify on this workstation (see
    _incremental); a full verify when there was none. A passing verify of the live record
    remembers where it ended (db/integrity/verified_state.py). A full verify of more than
    `split_over` events hashes all but the first `split_share` of them in a second process
    (db/integrity/split_chain.py)."""
    report = VerifyReport()
    with db.read() as session:
        key = _key(db, session, report)
    state = verified_state.read(key) if key is not None and incremental and not backup else None
    # The witness is read before the snapshot starts: a checkpoint is written after its
    # transaction commits, so every checkpoint read here is of a transaction the snapshot sees.
    witness = _witness(db, key, report, state)
    with db.snapshot() as session:
        if state is None:
            split = split_chain.start(session, db.url, key, threshold=split_over, share=split_share)
            try:
                _full(session, key, witness, report, backup, split)
            finally:
                if split is not None:
                    split.close()
        else:
            _incremental(session, key, witness, report, state)
    if key is not None and witness is not None and report.ok and not backup:
        _remember(key, witness, report, state)
    return report


def _full(
    session: Session,
    key: SiteKey | None,
    witness: WitnessReading | None,
    report: VerifyReport,
    backup: bool,
    split: split_chain.Split | None = None,
) -> None:
    ends = frozenset(p.seq for p in witness.checkpoints) if witness else frozenset()
    replay = Replay(report, key.keyed_from if key else 1, ends)
    fields: records_check.Fields = {}
    scan = json.scanner.make_scanner(json.JSONDecoder())  # json.loads minus two Python frames

    def visit(row: tuple[Any, ...]) -> None:
        new = scan(row[8], 0)[0] if row[8] else {}
        known = fields.get((row[5], row[6]))
        if known is None:
            fields[(row[5], row[6])] = dict(new)
        else:
            known.update(new)
        replay.feed(row, new)

    deferred = chain_check.walk(session, key, witness, report, visit, backup=backup, split=split)
    try:
        _after_walk(session, report, replay, fields, signatures=split is None)
    finally:  # the worker's answer is awaited last: meanwhile this process checks the records
        deferred.settle(report)


def _after_walk(
    session: Session,
    report: VerifyReport,
    replay: Replay,
    fields: records_check.Fields,
    *,
    signatures: bool,
) -> None:
    """`signatures`: check them here (else the split worker did, deferred.settle adds them)."""
    replay.finish()
    replay.compare(
        session.execute(select(Lot.id, Lot.status)).all(),
        session.execute(select(User.id, User.roles)).all(),
    )
    for problem in guards.missing(session):
        report.add(NO_EVENT, problem, TRAIL)
    records_check.check_containers(session, report)
    for model in records_check.audited_models():
        records_check.check_table(session, model, fields, report)
    records_check.unrecorded(session, fields, report)
    records_check.check_documents(session, report)
    if signatures:
        records_check.check_signatures(session, report)


def _key(db: Database, session: Session, report: VerifyReport) -> SiteKey | None:
    if identity(session) is None:
        report.add(0, "the record has no identity (no site key): run `lotkeeper init`", TRAIL)
        return None
    try:
        key = key_for(session, db.integrity)
    except Refused as refusal:
        report.add(0, f"the keyed chain cannot be checked: {refusal.message}", TRAIL)
        return None
    report.keyed_from = key.keyed_from
    if key.keyed_from > 1:
        report.notes.append(
            f"events #1..#{key.keyed_from - 1} predate the site key: plain SHA-256 chain"
        )
    return key


def _witness(
    db: Database, key: SiteKey | None, report: VerifyReport, state: verified_state.Verified | None
) -> WitnessReading | None:
    if key is None or db.integrity is None or db.integrity.witness is None:
        report.notes.append("no witness folder configured: checkpoints not compared")
        return None
    if state is None:
        reading = db.integrity.witness.read(key)
    else:
        reading = db.integrity.witness.read(
            key, skip=state.witness_size, skip_lines=state.witness_lines
        )
        if reading.skipped_sha256 != state.witness_sha256:
            report.add(
                0,
                f"witness {reading.path}: its first {state.witness_lines} lines changed since "
                f"they were verified at {state.at} (rewritten or truncated)",
                TRAIL,
            )
        report.checkpoints = state.witness_lines
    report.checkpoints += len(reading.checkpoints)
    for line in reading.forged_lines:
        report.add(
            0,
            f"witness {reading.path} line {line} does not verify with the site key "
            "(added or altered behind the program's back)",
            TRAIL,
        )
    if not reading.checkpoints and state is None:
        report.add(
            0,
            f"no witness checkpoints in {reading.path}: the witness file is "
            "missing or empty (restore it, or check the witness folder)",
            TRAIL,
        )
    return reading


def _incremental(
    session: Session,
    key: SiteKey | None,
    witness: WitnessReading | None,
    report: VerifyReport,
    state: verified_state.Verified,
) -> None:
    """From the last passing verify: its last event must still hold its hash (a history
    rewritten with the key changes it); then every new event is checked as a full verify
    would (links, HMACs, witness, head, the GMP rules, from the state the earlier events
    left), and so are the records those events touched. Rows changed behind the program's
    back without any event, and older events altered without the key, wait for the full
    verify (`lotkeeper audit verify`)."""
    report.notes.append(
        f"incremental: events after #{state.seq} (verified {state.at}; last full verify "
        f"{state.full_at}) and the records they touched"
    )
    anchor = session.execute(
        select(AuditEvent.hash).where(AuditEvent.seq == state.seq)
    ).scalar_one_or_none()
    if anchor != state.hash:
        report.add(
            state.seq,
            f"event #{state.seq}, verified at {state.at}, "
            + ("is missing" if anchor is None else "no longer holds the hash verified then")
            + ": the trail was cut or rewritten since",
            TRAIL,
        )
        return
    ends = frozenset(p.seq for p in witness.checkpoints) if witness else frozenset()
    replay = Replay(report, key.keyed_from if key else 1, ends)
    rows: list[tuple[Any, ...]] = []
    chain_check.walk(
        session, key, witness, report, rows.append, after=state.seq, previous=state.hash
    )
    touched: dict[str, set[int]] = {}
    for row in rows:
        touched.setdefault(row[5], set()).add(row[6])
    replay.prime(_earlier(session, state.seq, touched))
    fields: records_check.Fields = {}
    for row in _events_of(session, touched, None):
        new = json.loads(row[8]) if row[8] else {}
        fields.setdefault((row[5], row[6]), {}).update(new)
    for row in rows:
        replay.feed(row, json.loads(row[8]) if row[8] else {})
    replay.finish()
    lots = sorted(touched.get("lots", ()))
    replay.compare(
        session.execute(select(Lot.id, Lot.status).where(Lot.id.in_(lots))).all(),
        session.execute(select(User.id, User.roles)).all(),
    )
    for problem in guards.missing(session):
        report.add(NO_EVENT, problem, TRAIL)
    records_check.check_containers(session, report, touched)
    for model in records_check.audited_models():
        records_check.check_table(session, model, fields, report, touched)
    records_check.unrecorded(session, fields, report)
    records_check.check_documents(session, report, touched)
    records_check.check_signatures(session, report, touched)


def _events_of(
    session: Session, touched: dict[str, set[int]], until: int | None
) -> list[tuple[Any, ...]]:
    """Every event of the touched rows (up to `until`), in order."""
    found: list[tuple[Any, ...]] = []
    names = ", ".join(EVENT_COLUMNS)
    bound = "" if until is None else f" AND seq <= {int(until)}"
    for table, ids in touched.items():
        for chunk in records_check.chunks(ids):
            sql = (
                f"SELECT {names} FROM audit_events WHERE entity_type = %(t)s AND entity_id IN "
                f"({','.join(map(str, chunk))}){bound}"
            )
            for batch in raw_batches(session, sql, {"t": table}):
                found.extend(batch)
    found.sort(key=lambda row: row[0])
    return found


def _earlier(session: Session, seq: int, touched: dict[str, set[int]]) -> list[chain_check.Event]:
    """What the replay's state needs from before `seq`: every user and setting, and the lots
    the new events touch."""
    wanted = {"lots": touched.get("lots", set())}
    for table in ("users", "settings"):
        ids = session.execute(
            select(AuditEvent.entity_id)
            .where(AuditEvent.entity_type == table, AuditEvent.seq <= seq)
            .distinct()
        ).scalars()
        wanted[table] = set(ids)
    return [
        chain_check.event_of((row[0], records_check.canonical_at(row[1]), *row[2:]))
        for row in _events_of(session, {t: i for t, i in wanted.items() if i}, seq)
    ]


def _remember(
    key: SiteKey,
    witness: WitnessReading,
    report: VerifyReport,
    state: verified_state.Verified | None,
) -> None:
    now = plain(datetime.now(UTC))
    new = verified_state.Verified(
        record=key.record,
        seq=report.head_seq,
        hash=report.head_hash,
        at=now,
        full_at=now if state is None else state.full_at,
        witness_size=witness.size,
        witness_sha256=witness.sha256,
        witness_lines=witness.lines,
    )
    try:
        verified_state.write(key, new)
    except OSError:
        report.notes.append("where this verify ended could not be remembered (key folder)")
