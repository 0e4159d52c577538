"""labels.container_id: Lotkeeper's own lot numbers and container IDs."""

from __future__ import annotations

import pytest

from labels.container_id import (
    format_container_id,
    format_lot_number,
    is_container_id,
    split_container_id,
)
from labels.gs1 import parse_scan

# --- container IDs -------------------------------------------------------------------------


def test_container_id_helpers() -> None:
    assert format_lot_number(2026, 42) == "L26-000042"
    assert format_lot_number(26, 42) == "L26-000042"
    assert format_container_id("L26-000042", 3) == "L26-000042-003"
    assert split_container_id("l26-000042-003") == ("L26-000042", 3)
    assert is_container_id("L26-000042-003")
    assert is_container_id("l26-000042-003")
    for text in [
        "L26-000042",
        "L26-000042-03",
        " L26-000042-003",
        "L26-０00042-003",
        "X26-000042-003",
    ]:
        assert not is_container_id(text)


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_lot_number(2026, 1_000_000),
        lambda: format_lot_number(-1, 1),
        lambda: format_container_id("L26-000042", 0),
        lambda: format_container_id("L26-000042", 1000),
        lambda: format_container_id("l26-000042", 1),
        lambda: split_container_id("L26-000042"),
    ],
)
def test_container_id_helpers_refuse_bad_input(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


def test_container_id_is_read_before_separator_substitutes() -> None:
    assert parse_scan("L26-000042-003", separators=["-"]).container == "L26-000042-003"
