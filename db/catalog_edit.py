"""Audited edits of one reference's master data, field by field, each with a reason.

`assign_gtin` is how the receiving bench remembers which reference an unknown GTIN belongs to:
the next delivery with that GTIN is then recognised by the scan alone.

Who may do it:
- filling in a GTIN the reference does not have yet: a technician, QA or an administrator. The
  technician at the bench has the goods and the catalog side by side; a wrong mapping cannot
  release anything (every lot still waits for QA, who checks the CoA against the reference),
  and the change is in the audit trail with its reason.
- replacing a GTIN the reference already carries: QA or an administrator only. A new GTIN for
  a known reference means the supplier changed the product or its packaging: a reference
  change (the UNITC survey's second deviation domain), which QA must assess; after it the old
  GTIN no longer maps, so deliveries of the old packaging become unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from db import fields, lookups
from db.engine import Database
from db.errors import Refused
from db.gtin import gtin_problem
from db.models import Reference, Role
from db.models.base import NOTE_MAX
from db.users import Actor, require


@dataclass(frozen=True)
class GtinAssigned:
    reference: str
    gtin: str
    previous: str | None


def assign_gtin(
    db: Database, actor: Actor, reference_code: str, gtin: str, reason: str
) -> GtinAssigned:
    gtin = gtin.strip()
    problem = gtin_problem(gtin)
    if problem is not None:
        raise Refused(problem)
    reason = fields.check_text(reason.strip(), "the reason", limit=NOTE_MAX)
    if not reason:
        raise Refused("a reason is required to change a reference's GTIN")
    with db.write(
        user_id=actor.id, username=actor.username, action="reference.assign_gtin", reason=reason
    ) as session:
        user = require(session, actor, Role.TECHNICIAN, Role.QA, Role.ADMIN)
        ref = lookups.reference(session, reference_code)
        if not ref.active:
            raise Refused(f"reference {ref.code} is inactive: activate it before assigning a GTIN")
        if ref.gtin == gtin:
            raise Refused(f"{ref.code} already has GTIN {gtin}")
        owner = session.scalars(select(Reference.code).where(Reference.gtin == gtin)).first()
        if owner is not None:
            raise Refused(f"GTIN {gtin} already belongs to {owner}")
        previous = ref.gtin
        if previous and not {Role.QA.value, Role.ADMIN.value} & user.role_set():
            raise Refused(
                f"{ref.code} already has GTIN {previous}: replacing it is a reference change "
                "that QA or an administrator must make (after assessing the change)"
            )
        ref.gtin = gtin
        session.flush()
        return GtinAssigned(ref.code, gtin, previous)
