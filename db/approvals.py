"""QA approval, under e-signature, of a change to what a release requires.

Supplier qualification, a reference's grade, origin, contact, category, supplier, CoA,
sterility, functional-test or reference-sample flags, the risk rule and the duties setting all
change which lots QA may release. Whichever door such a change comes by (catalog import, the
CLI, the app), it takes effect only in the same transaction as an ApprovedChange signed by a
QA person with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from db import fields, settings
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import ApprovedChange, Role
from db.models.base import NOTE_MAX
from db.serialize import canonical_json
from db.sign_in import authenticate
from db.signatures import sign
from db.users import Actor, require

MEANING = "Change approved"
SIGNED_FIELDS = ("kind", "summary", "changes", "reason", "requested_by_id")
MAX_SUMMARY = 200


@dataclass(frozen=True)
class Approval:
    """Who approves (a QA user, with their password re-entered) and why."""

    signer: str
    password: str
    reason: str


@dataclass(frozen=True)
class Approver:
    actor: Actor
    reason: str


def check_approval(db: Database, approval: Approval) -> Approver:
    """Before the change's transaction: the reason is given and the password is right."""
    reason = fields.check_text(approval.reason.strip(), "the reason", limit=NOTE_MAX)
    if not reason:
        raise Refused("a reason is required to approve a change to what a release requires")
    return Approver(authenticate(db, approval.signer, approval.password), reason)


def record_approval(
    session: Session,
    requester: Actor,
    approver: Approver,
    kind: str,
    summary: str,
    changes: Any,
) -> ApprovedChange:
    """Inside the change's transaction: the signed record of what changes and why."""
    require(session, approver.actor, Role.QA)
    row = ApprovedChange(
        kind=kind,
        summary=summary[:MAX_SUMMARY],
        changes=canonical_json(changes),
        reason=approver.reason,
        requested_by_id=requester.id,
        approved_at=tx_now(session),
    )
    session.add(row)
    session.flush()
    signature = sign(session, approver.actor, MEANING, row, SIGNED_FIELDS, {}, approver.reason)
    row.signature_id = signature.id
    return row


def approved_setting(
    db: Database,
    approval: Approval,
    *,
    key: str,
    current: Callable[[Session], dict[str, Any]],
    value: dict[str, Any],
    summary: str,
) -> bool:
    """Change a release-relevant setting (the risk rule, duties) under QA's signature.

    Returns False, recording nothing, when the setting already holds `value`."""
    approver = check_approval(db, approval)
    actor = approver.actor
    with db.write(
        user_id=actor.id, username=actor.username, action=f"{key}.set", reason=approver.reason
    ) as session:
        require(session, actor, Role.QA)
        before = current(session)
        if before == value:
            return False
        changes = {k: [before.get(k), v] for k, v in value.items() if before.get(k) != v}
        record_approval(session, actor, approver, key, summary, changes)
        return settings.store(session, key, value)


def needs_approval(what: str) -> Refused:
    return Refused(
        f"{what}: this changes what a release requires, so it needs a QA e-signature "
        "with a reason (nothing was changed)"
    )
