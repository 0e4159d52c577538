"""labels.gs1: every accepted form of a scan, and lots that swallowed a separator."""

from __future__ import annotations

from datetime import date

import pytest

from labels.gs1 import ScanResult, parse_scan
from tests.labels.gs1_samples import ALBUMIN, CATALOG_GTINS, GS, IL7, TUBING_SET

# --- accepted forms ------------------------------------------------------------------------


@pytest.mark.parametrize("gtin", CATALOG_GTINS)
def test_catalog_gtin_lot_and_expiry(gtin: str) -> None:
    result = parse_scan(f"01{gtin}1726113010LOT42")
    assert (result.gtin, result.lot, result.expiry) == (gtin, "LOT42", date(2026, 11, 30))
    assert result.warnings == ()
    assert not result.needs_confirmation


def test_full_message_with_gs_aim_prefix_and_enter() -> None:
    result = parse_scan(f"]C101{IL7}1125050110A-17/B{GS}1727040021SN0001\r\n")
    assert result == ScanResult(
        gtin=IL7,
        lot="A-17/B",
        expiry=date(2027, 4, 30),
        production_date=date(2025, 5, 1),
        serial="SN0001",
        symbology="GS1-128",
    )


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("]C1", "GS1-128"),
        ("]d2", "GS1 DataMatrix"),
        ("]Q3", "GS1 QR Code"),
        ("]e0", "GS1 DataBar"),
        ("]J1", "GS1 DotCode"),
        ("", None),
    ],
)
def test_symbology_from_aim_prefix(prefix: str, name: str | None) -> None:
    result = parse_scan(f"{prefix}01{ALBUMIN}10L1")
    assert (result.symbology, result.gtin, result.lot) == (name, ALBUMIN, "L1")


@pytest.mark.parametrize("separator", ["<GS>", "|", "^]", "~"])
def test_substitute_separator(separator: str) -> None:
    text = f"]d201{TUBING_SET}10LOT42{separator}21S-9{separator}17261130{separator}"
    result = parse_scan(text, separators=["<GS>", "|", "^]", "~"])
    assert (result.lot, result.serial, result.expiry) == ("LOT42", "S-9", date(2026, 11, 30))


def test_one_substitute_separator_may_be_given_as_a_plain_string() -> None:
    assert parse_scan(f"01{TUBING_SET}10LOT<GS>21S", separators="<GS>").serial == "S"


def test_real_gs_still_works_when_substitutes_are_configured() -> None:
    assert parse_scan(f"10LOT{GS}21S", separators=["|"]).serial == "S"


def test_surrounding_whitespace_and_stray_separators_are_ignored() -> None:
    result = parse_scan(f"  {GS}01{TUBING_SET}10LOT42{GS}\n")
    assert (result.gtin, result.lot) == (TUBING_SET, "LOT42")


def test_fnc1_sent_as_gs_right_after_the_prefix() -> None:
    assert parse_scan(f"]C1{GS}01{TUBING_SET}10LOT42").lot == "LOT42"


@pytest.mark.parametrize(
    "text",
    [
        f"(01){TUBING_SET}(17)261130(10)LOT42",
        f"(01) {TUBING_SET} (17) 261130 (10) LOT42",
        f"  (10)LOT42 (01){TUBING_SET}(17)261130\n",
    ],
)
def test_typed_human_readable_form(text: str) -> None:
    result = parse_scan(text)
    assert (result.gtin, result.lot, result.expiry) == (TUBING_SET, "LOT42", date(2026, 11, 30))
    assert result.symbology is None


def test_typed_form_never_needs_confirmation() -> None:
    # The parentheses delimit the lot, so it cannot have swallowed the serial.
    result = parse_scan("(10)LOTA21SN1")
    assert (result.lot, result.needs_confirmation) == ("LOTA21SN1", False)


def test_expiry_day_00_is_the_last_day_of_the_month() -> None:
    assert parse_scan(f"01{IL7}17261100").expiry == date(2026, 11, 30)
    assert parse_scan(f"01{IL7}17280200").expiry == date(2028, 2, 29)
    assert parse_scan(f"01{IL7}17270200").expiry == date(2027, 2, 28)
    assert parse_scan(f"01{IL7}11261200").production_date == date(2026, 12, 31)
    assert parse_scan("(17)261100(10)X").expiry == date(2026, 11, 30)


def test_no_gtin_is_allowed_when_other_fields_are_there() -> None:
    result = parse_scan(f"1726113010LOT42{GS}21S1")
    assert (result.gtin, result.lot, result.serial) == (None, "LOT42", "S1")


def test_unused_but_valid_ai_is_ignored_with_a_warning() -> None:
    result = parse_scan(f"01{IL7}1526113010LOT42")
    assert result.lot == "LOT42"
    assert len(result.warnings) == 1
    assert "(15" in result.warnings[0]
    assert "261130" in result.warnings[0]
    assert "does not use" in result.warnings[0]


def test_same_field_twice_with_the_same_value_is_accepted() -> None:
    assert parse_scan(f"10LOT42{GS}10LOT42").lot == "LOT42"


@pytest.mark.parametrize(
    ("text", "kind"), [("9521234000013", "GTIN-13"), ("]E09521234000013", "GTIN-13")]
)
def test_bare_gtin_13_is_padded_to_gtin_14_with_a_warning(text: str, kind: str) -> None:
    result = parse_scan(text)
    assert result.gtin == TUBING_SET
    assert result.warnings == (
        f"The {kind} 9521234000013 was converted to the GTIN-14 {TUBING_SET}.",
    )


def test_bare_gtin_14_and_gtin_8() -> None:
    assert parse_scan(f"]I1{ALBUMIN}") == ScanResult(gtin=ALBUMIN, symbology="ITF-14")
    assert parse_scan("96385074").gtin == "00000096385074"


def test_short_digit_message_with_an_unassigned_gtin_prefix_reads_as_gs1() -> None:
    # 1726113010123 has a valid GTIN-13 check digit, but prefix 172 is not assigned by GS1.
    result = parse_scan("1726113010123")
    assert (result.gtin, result.expiry, result.lot) == (None, date(2026, 11, 30), "123")


def test_short_digit_message_with_a_bad_gtin_check_digit_reads_as_gs1() -> None:
    result = parse_scan("17261130")
    assert (result.gtin, result.expiry) == (None, date(2026, 11, 30))


def test_ambiguous_digits_read_as_gtin_but_say_so() -> None:
    # 11261100 is a valid GTIN-8 (prefix 112, GS1 US) and also production date (11) 2026-11-30.
    result = parse_scan("11261100")
    assert result.gtin == "00000011261100"
    assert any("production date 2026-11-30" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        ("L26-000042-003", None),
        ("l26-000042-003", None),
        ("]C0L26-000042-003", "Code 128"),
        ("]d1L26-000042-003\r\n", "DataMatrix"),
        ("]Q1l99-999999-999", "QR Code"),
    ],
)
def test_container_id(text: str, symbology: str | None) -> None:
    result = parse_scan(text)
    assert result.container == text.strip()[-14:].upper()
    assert result.symbology == symbology
    assert (result.gtin, result.lot, result.expiry, result.serial) == (None, None, None, None)


def test_gs1_data_in_a_plain_code_128_is_read_with_a_warning() -> None:
    result = parse_scan(f"]C001{TUBING_SET}10LOT42")
    assert (result.gtin, result.lot, result.symbology) == (TUBING_SET, "LOT42", "Code 128")
    assert "]C0" in result.warnings[0]
    assert "without the GS1 marker" in result.warnings[0]


def test_to_json() -> None:
    result = parse_scan(f"]d201{IL7}172611001125010210LOTA21SN1")
    assert result.to_json() == {
        "gtin": IL7,
        "lot": "LOTA21SN1",
        "expiry": "2026-11-30",
        "production_date": "2025-01-02",
        "serial": None,
        "symbology": "GS1 DataMatrix",
        "container": None,
        "warnings": list(result.warnings),
        "needs_confirmation": True,
        "suspicions": [{"kind": "lost_separator", "field": "lot", "value": "LOTA21SN1"}],
    }
    assert parse_scan("L26-000001-001").to_json()["expiry"] is None


# --- swallowed separator ---------------------------------------------------------------------


def test_lot_that_swallowed_the_serial_needs_confirmation() -> None:
    result = parse_scan(f"01{TUBING_SET}10LOTA21SN1")
    assert (result.lot, result.serial) == ("LOTA21SN1", None)
    assert result.needs_confirmation
    assert result.warnings == (
        "The lot 'LOTA21SN1' may contain serial (21) 'SN1': a separator "
        "may be missing. Rescan, or confirm the lot.",
    )


@pytest.mark.parametrize(
    ("lot", "swallowed"),
    [
        ("LOT117261130", "expiry date (17) '261130'"),
        ("B711250101", "production date (11) '250101'"),
        ("X91726113021SN7", "expiry date (17) '261130' and serial (21) 'SN7'"),
        (f"Q01{IL7}", f"GTIN (01) '{IL7}'"),
        ("0417261130", "expiry date (17) '261130'"),
    ],  # digit run, but a real date to the end
)
def test_lot_that_swallowed_a_fixed_length_field(lot: str, swallowed: str) -> None:
    result = parse_scan(f"10{lot}")
    assert result.lot == lot
    assert result.needs_confirmation
    assert f"may contain {swallowed}" in result.warnings[0]


def test_serial_that_swallowed_the_lot() -> None:
    result = parse_scan(f"01{ALBUMIN}21SNX10LOTB")
    assert result.serial == "SNX10LOTB"
    assert result.warnings == (
        "The serial 'SNX10LOTB' may contain lot (10) 'LOTB': a separator "
        "may be missing. Rescan, or confirm the serial.",
    )


def test_a_lost_separator_after_a_lot_ending_in_a_digit_is_asked_about() -> None:
    """Seen: `10LOTB77` + lost GS + `21SN002` read as lot LOTB7721SN002, "from the scan"."""
    result = parse_scan(f"]d201{TUBING_SET}10LOTB7721SN002")
    assert (result.lot, result.serial) == ("LOTB7721SN002", None)
    assert result.needs_confirmation
    assert "may contain serial (21) 'SN002'" in result.warnings[0]


@pytest.mark.parametrize(
    ("lot", "swallowed"),
    [
        ("1234210567", "serial (21) '0567'"),
        ("AB-2101", "serial (21) '01'"),
        ("PL2103A", "serial (21) '03A'"),
        ("LOT-17261130", "expiry date (17) '261130'"),
        ("K9240ABC", "field (240, "),
    ],
)
def test_an_ai_inside_a_lot_is_asked_about_whatever_surrounds_it(lot: str, swallowed: str) -> None:
    """A lot that looks like it holds another field is confirmed by a person (a second scan
    or typing it): common lot shapes (PL2103A) cost a confirmation, never a wrong lot."""
    result = parse_scan(f"01{TUBING_SET}10{lot}")
    assert result.lot == lot and result.needs_confirmation
    assert f"may contain {swallowed}" in result.warnings[0]


@pytest.mark.parametrize(
    "lot",
    [
        "2110A",  # the AI-like digits start the lot: nothing can come before them
        "LOT21A",  # one character of would-be serial is too little
        "LOT1713",  # 17 without a whole date
        "LOT17261340",  # 17 + an impossible date
        "Q0104006381333930",  # 01 + a GTIN with a wrong check digit (…31 is right)
        "LOTA10LOTB",  # a lot does not contain a second lot
        "ABCDEF",
    ],
)
def test_lots_with_no_field_inside_are_not_flagged(lot: str) -> None:
    result = parse_scan(f"01{TUBING_SET}10{lot}")
    assert result.lot == lot
    assert not result.needs_confirmation
    assert result.warnings == ()


def test_no_flag_when_the_would_be_field_is_already_in_the_scan() -> None:
    # The expiry is present on its own, so '17261130' inside the lot is part of the lot.
    result = parse_scan(f"01{TUBING_SET}1726113010LOT117261130")
    assert (result.lot, result.needs_confirmation) == ("LOT117261130", False)
