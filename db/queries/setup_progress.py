"""How far a new installation is: the people and the catalog it needs before a first receipt."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from db.engine import Database
from db.models import Reference, User


@dataclass(frozen=True)
class SetupProgress:
    people: dict[str, int]  # role -> active accounts holding it
    references: int

    def has(self, role: str) -> bool:
        return self.people.get(role, 0) > 0

    @property
    def people_done(self) -> bool:
        return self.has("qa") and self.has("technician")

    @property
    def done(self) -> bool:
        return self.people_done and self.references > 0


def setup_progress(db: Database) -> SetupProgress:
    with db.read() as session:
        people: dict[str, int] = {}
        for user in session.scalars(select(User).where(User.active.is_(True))):
            for role in user.role_set():
                people[role] = people.get(role, 0) + 1
        references = session.scalar(select(func.count()).select_from(Reference)) or 0
    return SetupProgress(people, references)
