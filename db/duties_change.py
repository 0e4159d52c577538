"""Changing the duties setting (dual roles for small units): QA, under e-signature.

Forbidding dual roles again needs no clean-up first: an account left holding a combination
simply may not use it (db/duties.py `check_acting`) until an administrator fixes its roles.
"""

from __future__ import annotations

from db.approvals import Approval, approved_setting
from db.duties import DUTIES_KEY, dual_roles_allowed
from db.engine import Database


def set_dual_roles(db: Database, allowed: bool, approval: Approval) -> bool:
    """Allow or forbid dual roles; returns False when the setting already said so."""
    return approved_setting(
        db,
        approval,
        key=DUTIES_KEY,
        current=lambda session: {"dual_roles": dual_roles_allowed(session)},
        value={"dual_roles": allowed},
        summary=f"dual roles {'allowed' if allowed else 'not allowed'}",
    )
