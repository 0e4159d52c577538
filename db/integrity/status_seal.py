"""Is a lot's status the one its trail records, in a genuine event? Checked at every use.

`audit verify` finds a forged status later; production must not wait for it. A lot whose
status row was set behind the program's back, or whose status event was forged without the
site key, gets a STOP at the scan, before anything reaches a patient's batch.
"""

from __future__ import annotations

import json

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from db.audit import HASHED_FIELDS, event_hash
from db.integrity.site_key import SiteKey
from db.models import AuditEvent, Lot

_COLUMNS = [AuditEvent.__table__.c[name] for name in (*HASHED_FIELDS, "hash")]
LOOK_BACK = 20

# Built once: the bench scan runs it every time, and rebuilding a select() costs more than
# the indexed read itself (ix_audit_events_entity serves it, newest first).
_TRAIL = (
    select(*_COLUMNS)
    .where(AuditEvent.entity_type == "lots", AuditEvent.entity_id == bindparam("lot_id"))
    .order_by(AuditEvent.seq.desc())
    .limit(LOOK_BACK)
)


def status_problem(session: Session, key: SiteKey, lot: Lot) -> str | None:
    return lot_status_problem(session, key, lot.id, lot.lot_number, lot.status)


def lot_status_problem(
    session: Session, key: SiteKey, lot_id: int, lot_number: str, status: str
) -> str | None:
    """The same check from the lot's columns alone (the scan reads no Lot object)."""
    for row in session.connection().execute(_TRAIL, {"lot_id": lot_id}):
        recorded = json.loads(row.new or "{}").get("status")
        if recorded is None:
            continue
        if recorded != status:
            return (
                f"lot {lot_number} is {status} but its audit trail says {recorded}: "
                "the record was changed outside Lotkeeper; call QA"
            )
        if event_hash(row._asdict(), key) != row.hash:
            return (
                f"the {recorded} status of lot {lot_number} rests on a forged audit event; call QA"
            )
        return None
    return f"no audit event records the status of lot {lot_number}; call QA"
