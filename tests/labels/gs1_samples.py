"""Scan samples shared by the GS1 tests."""

from __future__ import annotations

import pytest

from labels.gs1 import ScanError, parse_scan

GS = "\x1d"
# Example GTINs from shared/data/car-t-catalog.csv (GS1 prefix 952, reserved for examples).
TUBING_SET = "09521234000013"
IL7 = "09521234000099"
ALBUMIN = "09521234000136"
CATALOG_GTINS = [TUBING_SET, "09521234000020", "09521234000051", IL7, ALBUMIN, "09521234000365"]


def error_of(text: str, separators: tuple[str, ...] = ()) -> str:
    with pytest.raises(ScanError) as caught:
        parse_scan(text, separators)
    assert str(caught.value) == caught.value.message
    return caught.value.message
