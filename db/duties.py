"""Segregation of duties: who may hold which roles together, and the small-unit exception.

By default the administrator role stands alone (whoever manages accounts does not also
receive, release or dispense), and nobody holds both technician and QA. A small unit may
allow dual roles; that setting changes who may release, so QA changes it under e-signature.
Even then, nobody decides on a lot they received (four eyes, db/release.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from db import settings
from db.errors import Refused
from db.models import Role

DUTIES_KEY = "duties"
OPERATIONAL = frozenset({Role.TECHNICIAN.value, Role.QA.value, Role.PRODUCTION.value})
HOW_TO_ALLOW = (
    "a small unit can allow dual roles (QA, under e-signature: "
    "`lotkeeper duties set --dual-roles yes`)"
)


def dual_roles_allowed(session: Session) -> bool:
    stored = settings.load(session, DUTIES_KEY)
    return bool(stored and stored.get("dual_roles"))


def combination_problem(roles: Iterable[str], allowed: bool) -> str | None:
    held = set(roles)
    if allowed:
        return None
    if Role.ADMIN.value in held and held & OPERATIONAL:
        others = ", ".join(sorted(held & OPERATIONAL))
        return f"the admin role cannot be combined with {others} (segregation of duties)"
    if {Role.TECHNICIAN.value, Role.QA.value} <= held:
        return "the technician and QA roles cannot be held together (segregation of duties)"
    return None


def check_combination(session: Session, roles: Iterable[str]) -> None:
    problem = combination_problem(roles, dual_roles_allowed(session))
    if problem:
        raise Refused(f"{problem}; {HOW_TO_ALLOW}")


def check_acting(session: Session, username: str, held: frozenset[str], wanted: set[str]) -> None:
    """An account holding a combination the unit does not allow may not use it.

    (Such an account can exist from before the rule, or from while dual roles were allowed.)
    """
    if not wanted & OPERATIONAL or len(held) < 2:
        return
    problem = combination_problem(held, dual_roles_allowed(session))
    if problem:
        raise Refused(f"{username} may not act: {problem}; {HOW_TO_ALLOW}")
