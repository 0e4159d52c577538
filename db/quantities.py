"""Quantities typed or scanned by people: a plain number, more than zero, within reason.

Typed text is digits 0-9 with `.` or `,` as the decimal mark and at most three decimals (the
record keeps thousandths): no exponent, sign, digit grouping, other scripts' digits, NaN or
infinity, so what was typed is exactly what is recorded.
"""

from __future__ import annotations

import re
from decimal import Decimal

from db.errors import Refused
from db.types import to_quantity

MAX_QUANTITY = Decimal(1_000_000_000)  # far above any container; keeps BIGINT thousandths safe
DECIMALS = 3
_PLAIN = re.compile(r"(?P<whole>[0-9]*)(?:[.,](?P<fraction>[0-9]*))?", re.ASCII)
_SHOWN = 24  # a typed value longer than this is cut in messages


def positive_quantity(value: Decimal | int | str, what: str) -> Decimal:
    """`value` as an exact quantity, or a refusal naming `what` ("quantity per container")."""
    amount = _from_text(value, what) if isinstance(value, str) else _from_number(value, what)
    if amount <= 0:
        raise Refused(f"{what} must be more than 0, not {amount.normalize():f}")
    return amount


def quantity_text(value: Decimal | int, unit: str = "") -> str:
    """A quantity as people write it, with its unit: 1.000 mL -> "1 mL", 0.500 -> "0.5".

    The record keeps thousandths; messages and screens show no trailing zeros (the one rule
    for db messages and, through ui.presentation, for every screen).
    """
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return f"{text} {unit}" if unit.strip() else text


def _from_number(value: Decimal | int, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise Refused(f"{what} {value!r} is not a number")
    number = Decimal(value)
    if not number.is_finite():
        raise Refused(f"{what} {value!r} is not a number")
    if abs(number) > MAX_QUANTITY:
        raise Refused(f"{what} {_shown(str(value))} is more than {MAX_QUANTITY}: check the unit")
    return to_quantity(number)


def _from_text(value: str, what: str) -> Decimal:
    text = value.strip(" \t")
    if not value.strip():  # only spaces or line breaks: nothing was typed
        raise Refused(f"{what} is missing: enter {what}")
    negative = text.startswith("-") and _PLAIN.fullmatch(text[1:]) is not None
    match = _PLAIN.fullmatch(text[1:] if negative else text)
    if match is None or not (match["whole"] or match["fraction"]):
        raise Refused(f"{what} {_shown(value)} is not a number: {_why_not(text)}")
    whole, fraction = match["whole"].lstrip("0"), match["fraction"] or ""
    if len(fraction) > DECIMALS:
        raise Refused(
            f"{what} {_shown(value)} has more than {DECIMALS} decimals "
            "(the record keeps thousandths)"
        )
    if "," in text and whole and len(fraction) == DECIMALS:
        raise Refused(
            f"{what} {_shown(value)} is ambiguous (a thousands separator or a decimal "
            f"comma?): write {whole}{fraction} or {whole}.{fraction}"
        )
    if len(whole) > len(str(MAX_QUANTITY)) or Decimal(whole or "0") > MAX_QUANTITY:
        raise Refused(f"{what} {_shown(value)} is more than {MAX_QUANTITY}: check the unit")
    amount = to_quantity(f"{whole or '0'}.{fraction or '0'}")
    return -amount if negative else amount


def _why_not(text: str) -> str:
    if any(c.isdigit() and not c.isascii() for c in text):
        return "write it with the digits 0-9"
    if any(c in "eE" for c in text) and any(c.isdigit() for c in text):
        return "write it in full, without an exponent"
    if "_" in text or " " in text or "'" in text:
        return "write it without digit grouping"
    return "write digits, with . or , before the decimals (e.g. 2.5)"


def _shown(value: str) -> str:
    text = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
    return repr(text)
