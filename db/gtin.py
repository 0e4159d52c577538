"""GTIN check digits, for validating master data (scans are parsed in labels/ with biip)."""

from __future__ import annotations


def check_digit(body: str) -> int:
    """GS1 mod-10 check digit of the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_problem(gtin: str) -> str | None:
    """None when `gtin` is a valid GTIN-14, else a sentence saying what is wrong."""
    if len(gtin) != 14 or not gtin.isdigit():
        return f"GTIN {gtin!r} must be 14 digits"
    expected = check_digit(gtin[:-1])
    if int(gtin[-1]) != expected:
        return f"GTIN {gtin} has a wrong check digit (expected {expected})"
    return None
