"""Walk the trail once, in order: chain links, keyed hashes, the head, and the witness."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import GENESIS_HASH, HASHED_FIELDS, event_hash
from db.integrity.report import TRAIL, VerifyReport
from db.integrity.site_key import SiteKey
from db.integrity.witness import Checkpoint, WitnessReading
from db.models import AuditEvent, AuditHead
from db.serialize import plain

BATCH = 5000
_COLUMNS = [AuditEvent.__table__.c[name] for name in (*HASHED_FIELDS, "hash")]


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    entity_type: str
    entity_id: int
    old: dict[str, Any] | None
    new: dict[str, Any]

    @property
    def label(self) -> str:
        return f"event #{self.seq} ({self.action} by {self.username} at {plain(self.at)})"

    @property
    def transaction(self) -> tuple[datetime, str, str]:
        """Events of one transaction share its instant, actor and action, and are adjacent."""
        return (self.at, self.username, self.action)


def _rows(session: Session) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        batch = session.execute(
            select(*_COLUMNS).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(BATCH)
        ).all()
        if not batch:
            return
        for row in batch:
            yield row._asdict()
        last = batch[-1].seq


def walk(
    session: Session,
    key: SiteKey | None,
    witness: WitnessReading | None,
    report: VerifyReport,
    visit: Callable[[Event], None],
    *,
    backup: bool = False,
) -> None:
    """Check every link and hash, compare with the witness, and hand each event to `visit`.

    `backup`: the trail is a copy taken earlier; checkpoints after its end are work done
    since, not events removed."""
    previous, expected = GENESIS_HASH, 1
    checkpoints = _by_seq(witness)
    for row in _rows(session):
        report.events += 1
        event = Event(
            row["seq"],
            row["at"],
            row["user_id"],
            row["username"],
            row["action"],
            row["entity_type"],
            row["entity_id"],
            None if row["old"] is None else json.loads(row["old"]),
            json.loads(row["new"] or "{}"),
        )
        _link(report, event, row, previous, expected, key)
        for point in checkpoints.pop(event.seq, []):
            if point.hash != row["hash"]:
                report.add(
                    event.seq,
                    f"{event.label} differs from the witness checkpoint {_point(point)}: the "
                    f"trail was rewritten at or before event #{event.seq}",
                    TRAIL,
                )
        previous, expected = row["hash"], row["seq"] + 1
        visit(event)
    _head(session, report, expected - 1, previous)
    if backup and checkpoints:
        report.notes.append(
            f"the witness has {len(checkpoints)} checkpoint(s) after this copy's last event "
            f"#{expected - 1}: work done since it was taken"
        )
        return
    for seq, points in sorted(checkpoints.items()):
        report.add(
            expected,
            f"the trail ends at event #{expected - 1} but the witness checkpoint "
            f"{_point(points[0])} names event #{seq}: events #{expected}..#{seq} were removed",
            TRAIL,
        )


def _link(
    report: VerifyReport,
    event: Event,
    row: dict[str, Any],
    previous: str,
    expected: int,
    key: SiteKey | None,
) -> None:
    if event.seq != expected:
        report.add(
            event.seq, f"{event.label}: expected event #{expected} here; events were removed", TRAIL
        )
    elif row["prev_hash"] != previous:
        report.add(
            event.seq, f"{event.label}: does not follow the previous event (chain broken)", TRAIL
        )
    elif key is None:
        return  # reported once: no key, the hashes cannot be checked
    elif event_hash(row, key) != row["hash"]:
        keyed = event.seq >= key.keyed_from
        report.add(
            event.seq,
            f"{event.label}: its content was changed or forged after it was written "
            + ("(its HMAC does not verify with the site key)" if keyed else "(hash mismatch)"),
            TRAIL,
        )


def _head(session: Session, report: VerifyReport, last: int, last_hash: str) -> None:
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    report.head_seq, report.head_hash = last, last_hash
    if head.seq > last:
        report.add(
            last + 1,
            f"the trail ends at event #{last} but the chain head names event #{head.seq}: "
            f"the last event(s) #{last + 1}..#{head.seq} were removed",
            TRAIL,
        )
    elif (head.seq, head.hash) != (last, last_hash):
        report.add(
            head.seq + 1,
            f"the chain head names event #{head.seq} but the trail ends at #{last}: events were "
            "added or changed behind the program's back",
            TRAIL,
        )


def _by_seq(witness: WitnessReading | None) -> dict[int, list[Checkpoint]]:
    found: dict[int, list[Checkpoint]] = {}
    for point in witness.checkpoints if witness else []:
        found.setdefault(point.seq, []).append(point)
    return found


def _point(point: Checkpoint) -> str:
    return f"of {point.at} (line {point.line}, {point.why}, by {point.by} on {point.workstation})"
