"""Record-wide configuration (risk rule, alert horizons) and number counters."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class Setting(Base):
    """A QA-owned configuration value, as JSON; every change is audited like any record."""

    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    value: Mapped[str] = mapped_column(Text, info={"raw": True})


class Counter(Base):
    """Next number of a series (lots per year, deliveries, deviations); row-locked on use."""

    __tablename__ = "counters"
    __audited__: ClassVar[bool] = False

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    value: Mapped[int]
