"""Lotkeeper's own lot numbers and container IDs.

A lot number is `L` + two-digit year + `-` + six-digit sequence (`L26-000042`); each container of
the lot adds a three-digit sequence (`L26-000042-003`). They start with a letter, so a scan tells
them apart from GS1 element strings (digits, "(" or an AIM "]" prefix). `db/numbering.py` builds
the same strings; it may not import `labels/`, so the format is restated there.
"""

from __future__ import annotations

import re

# [0-9] and not \d: \d also matches non-ASCII digits such as Arabic-Indic ones.
LOT_NUMBER_RE = re.compile(r"L[0-9]{2}-[0-9]{6}")
CONTAINER_ID_RE = re.compile(r"L[0-9]{2}-[0-9]{6}-[0-9]{3}")

MAX_LOT_SEQUENCE = 999_999
MAX_CONTAINERS = 999


def is_container_id(text: str) -> bool:
    """True when `text` is exactly a container ID; letter case does not matter."""
    # isascii() first: str.upper() maps some non-ASCII letters to ASCII ones.
    return text.isascii() and CONTAINER_ID_RE.fullmatch(text.upper()) is not None


def normalise_container_id(text: str) -> str:
    """The canonical (upper-case) form of a container ID; ValueError if it is not one."""
    if not is_container_id(text):
        raise ValueError(f"{text!r} is not a container ID like L26-000042-003.")
    return text.upper()


def split_container_id(container_id: str) -> tuple[str, int]:
    """(`L26-000042`, 3) from `L26-000042-003`; ValueError if it is not a container ID."""
    normalised = normalise_container_id(container_id)
    lot_number, _, seq = normalised.rpartition("-")
    return lot_number, int(seq)


def format_lot_number(year: int, n: int) -> str:
    """`L26-000042` for year 2026 (or 26) and sequence 42."""
    if year < 0:
        raise ValueError(f"A lot number needs a year of 0 or more, got {year}.")
    if not 0 <= n <= MAX_LOT_SEQUENCE:
        raise ValueError(f"A lot sequence must be 0 to {MAX_LOT_SEQUENCE}, got {n}.")
    return f"L{year % 100:02d}-{n:06d}"


def format_container_id(lot_number: str, seq: int) -> str:
    """`L26-000042-003` for lot `L26-000042` and container 3."""
    if LOT_NUMBER_RE.fullmatch(lot_number) is None:
        raise ValueError(f"{lot_number!r} is not a lot number like L26-000042.")
    if not 1 <= seq <= MAX_CONTAINERS:
        raise ValueError(f"A container number must be 1 to {MAX_CONTAINERS}, got {seq}.")
    return f"{lot_number}-{seq:03d}"
