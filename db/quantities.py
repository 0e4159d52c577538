"""Quantities typed or scanned by people: a number, more than zero, within reason."""

from __future__ import annotations

from decimal import Decimal

from db.errors import Refused
from db.types import to_quantity

MAX_QUANTITY = Decimal(1_000_000_000)  # far above any container; keeps BIGINT thousandths safe


def positive_quantity(value: Decimal | int | str, what: str) -> Decimal:
    """`value` as an exact quantity, or a refusal naming `what` ("quantity per container")."""
    try:
        amount = to_quantity(value)
    except ValueError as exc:
        raise Refused(f"{what} {value!r} is not a number") from exc
    if amount <= 0:
        raise Refused(f"{what} must be more than 0, not {amount}")
    if amount > MAX_QUANTITY:
        raise Refused(f"{what} {amount} is more than {MAX_QUANTITY}: check the unit")
    return amount
