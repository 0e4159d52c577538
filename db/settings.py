"""QA-owned configuration kept in the record, so a change is audited like any other."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Setting
from db.serialize import canonical_json


def load(session: Session, key: str) -> Any | None:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return None if value is None else json.loads(value)


def store(session: Session, key: str, value: Any) -> bool:
    """Write a setting; returns False when it already held that value (nothing recorded)."""
    text = canonical_json(value)
    row = session.scalars(select(Setting).where(Setting.key == key).with_for_update()).first()
    if row is None:
        session.add(Setting(key=key, value=text))
        return True
    if row.value == text:
        return False
    row.value = text
    return True
