"""Text shown to people: HTML escaping, quantities, counts, dates and times.

Times are stored in UTC (db.types.UTCDateTime) and shown in the workstation's local time; a
calendar date (expiry, retain until) is a date, never shifted.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from decimal import Decimal

from db.quantities import quantity_text

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%Y-%m-%d %H:%M"
SECONDS_FORMAT = "%Y-%m-%d %H:%M:%S"
NOTHING = "—"


def esc(text: object) -> str:
    """Text typed by people (or read from the record), safe inside rich text."""
    return html.escape(str(text), quote=False)  # quotes are safe outside attributes


def quantity(value: Decimal | int | None, unit: str = "") -> str:
    """1.000 mL -> "1 mL", 7.500 -> "7.5": quantities as people write them."""
    return NOTHING if value is None else quantity_text(value, unit)


def count(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 lot", "3 lots", "0 lots"."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def local(moment: datetime) -> datetime:
    """A stored moment in the workstation's local time zone (naive ones are UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone()


def day(value: date | datetime | None) -> str:
    """A calendar date; a moment is shown as its local date."""
    if value is None:
        return NOTHING
    if isinstance(value, datetime):
        value = local(value)
    return f"{value:{DATE_FORMAT}}"


def moment(value: datetime | None, *, seconds: bool = False) -> str:
    """A stored moment as local date and time: "2026-11-08 01:30"."""
    if value is None:
        return NOTHING
    return f"{local(value):{SECONDS_FORMAT if seconds else TIME_FORMAT}}"


def clock(value: datetime) -> str:
    """The local time of day, to the second: when a screen was last brought up to date."""
    return f"{local(value):%H:%M:%S}"


def stamp(value: date) -> str:
    """A date inside a file name: "20260701" sorts and never needs quoting."""
    return f"{value:%Y%m%d}"


def moment_with_zone(value: datetime | None) -> str:
    """For tooltips and exports: local time with its zone, then the stored UTC time."""
    if value is None:
        return NOTHING
    shown = local(value)
    utc = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return f"{shown:{SECONDS_FORMAT} %Z} ({utc.astimezone(UTC):{SECONDS_FORMAT}} UTC)"
