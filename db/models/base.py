"""Declarative base shared by every table of the record."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import Column, MetaData
from sqlalchemy.orm import DeclarativeBase

from db.types import Quantity, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Column.info["audit"]: True (default) keeps the value in the trail, "digest" keeps its
# SHA-256 (secrets), False leaves it out (large bytes covered by another column's hash).
AUDIT_FULL = True
AUDIT_DIGEST = "digest"
AUDIT_SKIP = False

# Text typed by people carries its limit in Column.info["max"] (db/fields.py checks every
# write); machine text kept exactly as given (a scan, signed JSON) is Column.info["raw"].
NOTE_MAX = 2000  # reasons, notes, values
LONG_MAX = 4000  # a deviation's description, CAPA and closure, a signature's comment


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        Decimal: Quantity(),
    }
    # Tables whose every write goes to the audit trail. Bookkeeping tables opt out.
    __audited__: ClassVar[bool] = True

    @classmethod
    def audited_columns(cls) -> list[Column[Any]]:
        return [
            c for c in cls.__table__.columns if c.info.get("audit", AUDIT_FULL) is not AUDIT_SKIP
        ]
