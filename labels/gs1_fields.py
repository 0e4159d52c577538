"""The GS1 fields Lotkeeper reads, and how messages name them."""

from __future__ import annotations

from biip.gs1_application_identifiers import GS1ApplicationIdentifier

FIELD_NAMES = {
    "01": "GTIN",
    "10": "lot",
    "11": "production date",
    "17": "expiry date",
    "21": "serial",
}
FIXED_FIELDS = ("01", "11", "17")


def label(ai: GS1ApplicationIdentifier) -> str:
    if ai.ai in FIELD_NAMES:
        return f"{FIELD_NAMES[ai.ai]} ({ai.ai})"
    return f"field ({ai.ai}, {ai.description})"
