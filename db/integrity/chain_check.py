"""Walk the trail once, in order: chain links, keyed hashes, the head, and the witness.

The loop runs once per event of a ten-year trail (millions): rows are plain tuples from the
driver, the hashed bytes are built for the event's fixed shape, and an Event object is made
only when a problem is named."""

from __future__ import annotations

import bisect
import hashlib
import hmac
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import GENESIS_HASH
from db.integrity import fast_trail
from db.integrity.report import TRAIL, Problem, VerifyReport
from db.integrity.site_key import SiteKey
from db.integrity.witness import Checkpoint, WitnessReading
from db.models import AuditHead

if TYPE_CHECKING:  # split_chain uses records_check, which uses this module
    from db.integrity.split_chain import Split

# OpenSSL's one-shot HMAC when present (what hmac.digest calls, minus a Python frame).
_hmac = getattr(getattr(hmac, "_hashopenssl", None), "hmac_digest", hmac.digest)


@dataclass(frozen=True)
class Event:
    seq: int
    at: str  # canonical (db.serialize.plain): one instant, one text
    user_id: int | None
    username: str
    action: str
    entity_type: str
    entity_id: int
    old: dict[str, Any] | None
    new: dict[str, Any]

    @property
    def label(self) -> str:
        return f"event #{self.seq} ({self.action} by {self.username} at {self.at})"

    @property
    def transaction(self) -> tuple[str, str, str]:
        """Events of one transaction share its instant, actor and action, and are adjacent."""
        return (self.at, self.username, self.action)


def event_of(row: tuple[Any, ...], new: dict[str, Any] | None = None) -> Event:
    """An Event from a row of fast_trail.event_rows (`new`: already parsed)."""
    return Event(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        None if row[7] is None else json.loads(row[7]),
        json.loads(row[8] or "{}") if new is None else new,
    )


@dataclass
class Deferred:
    """The hashes a worker checks (db/integrity/split_chain.py): where in the report each of
    its problems belongs. `marks`: (seq, number of problems) at the hash check of the rows
    after the split, recorded only when that number changed."""

    split: Split | None = None
    keyed_from: int = 0
    marks: list[tuple[int, int]] = field(default_factory=list)
    unlinked: set[int] = field(default_factory=set)  # rows whose hash is not looked at

    def settle(self, report: VerifyReport) -> None:
        """Wait for the worker and put each forged event it found where the single-process
        walk would have named it: the same message, in the same place; then the signatures'
        problems, last, where the verify checks them (audit_verify._after_walk)."""
        if self.split is None:
            return
        found, self.split = self.split.answer(), None
        rows = found.forged
        seqs = [seq for seq, _ in self.marks]
        inserted = 0
        for row in rows:
            mark = bisect.bisect_right(seqs, row[0]) - 1
            if row[0] in self.unlinked or mark < 0:  # not a row the walk would have hashed
                continue
            text = _forged(row, row[0] >= self.keyed_from)
            report.problems.insert(self.marks[mark][1] + inserted, Problem(row[0], text, TRAIL))
            inserted += 1
        report.problems.extend(found.signatures.problems)
        report.signatures += found.signatures.signatures


def _forged(row: tuple[Any, ...], keyed: bool) -> str:
    return f"{event_of(row).label}: its content was changed or forged after it was written " + (
        "(its HMAC does not verify with the site key)" if keyed else "(hash mismatch)"
    )


def walk(
    session: Session,
    key: SiteKey | None,
    witness: WitnessReading | None,
    report: VerifyReport,
    visit: Callable[[tuple[Any, ...]], None],
    *,
    backup: bool = False,
    after: int = 0,
    previous: str = GENESIS_HASH,
    split: Split | None = None,
) -> Deferred:
    """Check every link and hash after event #`after` (whose hash is `previous`), compare with
    the witness, and hand each row (fast_trail.EVENT_COLUMNS) to `visit`.

    `backup`: the trail is a copy taken earlier; checkpoints after its end are work done
    since, not events removed. `split`: a worker checks the hashes of the events after
    `split.after`; the Deferred returned puts what it found in the report (settle)."""
    expected = after + 1
    checkpoints = _by_seq(witness, after)
    secret = key.secret if key else b""
    keyed_from = key.keyed_from if key else 0
    count = 0
    deferred = Deferred(split, keyed_from)
    limit = split.after if split is not None else 1 << 62
    problems, marked = report.problems, -1
    for row in itertools.chain.from_iterable(fast_trail.event_batches(session, after)):
        seq, stored = row[0], row[11]
        count += 1
        if seq != expected:
            report.add(seq, f"{event_of(row).label}: expected event #{expected} here; events "
                       "were removed", TRAIL)  # fmt: skip
            if seq > limit:
                deferred.unlinked.add(seq)
        elif row[10] != previous:
            report.add(seq, f"{event_of(row).label}: does not follow the previous event "
                       "(chain broken)", TRAIL)  # fmt: skip
            if seq > limit:
                deferred.unlinked.add(seq)
        elif seq > limit:  # hashed by the worker: only note where its problems would go
            if len(problems) != marked:
                marked = len(problems)
                deferred.marks.append((seq, marked))
        elif key is not None:
            data = fast_trail.event_text(row).encode("utf-8")
            keyed = seq >= keyed_from
            digest = _hmac(secret, data, "sha256") if keyed else hashlib.sha256(data).digest()
            if digest.hex() != stored:
                report.add(seq, _forged(row, keyed), TRAIL)
        if seq in checkpoints:
            for point in checkpoints.pop(seq):
                if point.hash != stored:
                    report.add(
                        seq,
                        f"{event_of(row).label} differs from the witness checkpoint "
                        f"{_point(point)}: the trail was rewritten at or before event #{seq}",
                        TRAIL,
                    )
        previous, expected = stored, seq + 1
        visit(row)
    report.events += count
    _head(session, report, expected - 1, previous)
    if backup and checkpoints:
        report.notes.append(
            f"the witness has {len(checkpoints)} checkpoint(s) after this copy's last event "
            f"#{expected - 1}: work done since it was taken"
        )
        return deferred
    for seq, points in sorted(checkpoints.items()):
        report.add(
            expected,
            f"the trail ends at event #{expected - 1} but the witness checkpoint "
            f"{_point(points[0])} names event #{seq}: events #{expected}..#{seq} were removed",
            TRAIL,
        )
    return deferred


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


def _by_seq(witness: WitnessReading | None, after: int) -> dict[int, list[Checkpoint]]:
    found: dict[int, list[Checkpoint]] = {}
    for point in witness.checkpoints if witness else []:
        if point.seq > after:  # earlier ones: compared by the verify that reached `after`
            found.setdefault(point.seq, []).append(point)
    return found


def _point(point: Checkpoint) -> str:
    return f"of {point.at} (line {point.line}, {point.why}, by {point.by} on {point.workstation})"
