"""labels.gs1: every accepted form of a scan, and every refusal with its specific message."""

from __future__ import annotations

from datetime import date

import pytest

from labels.container_id import (
    format_container_id,
    format_lot_number,
    is_container_id,
    split_container_id,
)
from labels.gs1 import ScanError, ScanResult, parse_scan

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


@pytest.mark.parametrize(
    "lot",
    [
        "2110A",  # the AI-like digits start the lot: nothing can come before them
        "1234210567",  # plain digit run: "21"/"10" inside it prove nothing
        "12342105A7",
        "AB-2101",  # a real lot does not end in '-', so '-' + '21...' is one lot
        "PL2103A",  # letters then a year-like number: the common lot shape
        "LOT21A",  # one character of would-be serial is too little
        "LOT1713",  # 17 without a whole date
        "LOT17261340",  # 17 + an impossible date
        f"Q01{TUBING_SET[:-1]}4",  # 01 + a GTIN with a wrong check digit
        "LOT-17261130",  # '-' before the would-be AI
        "LOTA10LOTB",
    ],  # a lot does not contain a second lot
)
def test_ordinary_lots_are_not_flagged(lot: str) -> None:
    result = parse_scan(f"01{TUBING_SET}10{lot}")
    assert result.lot == lot
    assert not result.needs_confirmation
    assert result.warnings == ()


def test_no_flag_when_the_would_be_field_is_already_in_the_scan() -> None:
    # The expiry is present on its own, so '17261130' inside the lot is part of the lot.
    result = parse_scan(f"01{TUBING_SET}1726113010LOT117261130")
    assert (result.lot, result.needs_confirmation) == ("LOT117261130", False)


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\r\n", f"{GS}{GS}\n", "\t"])
def test_empty_scan(text: str) -> None:
    assert error_of(text) == "The scan is empty: nothing was read. Scan the barcode again."


def test_prefix_without_data() -> None:
    assert "only the symbology identifier ]C1" in error_of("]C1\r\n")


@pytest.mark.parametrize("text", ["]", "]C", "]W1abc", "]!0123"])
def test_bad_aim_prefix(text: str) -> None:
    message = error_of(text)
    assert f"'{text[:3]}'" in message
    assert "not a symbology identifier" in message


@pytest.mark.parametrize("text", ["hello", "ABC-123", "#0109521234000013"])
def test_garbage(text: str) -> None:
    assert error_of(text) == (
        f"'{text}' is neither a GS1 barcode nor a Lotkeeper container ID (such as L26-000042-003)."
    )


def test_malformed_container_id() -> None:
    message = error_of("L26-00042-003")
    assert "'L26-00042-003' looks like a Lotkeeper container ID but is malformed" in message
    assert "L26-000042-003" in message


def test_lot_number_instead_of_container_id() -> None:
    assert "is a lot number, not a container ID" in error_of("L26-000042")


def test_bad_gtin_check_digit_names_the_expected_digit() -> None:
    assert error_of(f"01{TUBING_SET[:-1]}410LOT") == (
        "The GTIN (01) 09521234000014 has a wrong check digit: expected 3, got 4. "
        "Rescan, or check the number on the label."
    )
    assert "(01) 09521234000014 has a wrong check digit: expected 3" in error_of(
        "(01)09521234000014(10)LOT"
    )


def test_bad_bare_gtin_check_digit() -> None:
    assert error_of("9521234000014") == (
        "The GTIN 9521234000014 has a wrong check digit: expected 3, got 4. "
        "Rescan, or check the number on the label."
    )
    assert "expected 3, got 4" in error_of("]E09521234000014")


def test_ean_prefix_with_something_else_than_a_gtin() -> None:
    assert "EAN-13 barcode should hold a GTIN" in error_of("]E0LOT42")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"01{IL7}17261340", "The expiry date (17) '261340' is not a real date"),
        (f"01{IL7}1726023110X", "The expiry date (17) '260231' is not a real date"),
        (f"01{IL7}11250229", "The production date (11) '250229' is not a real date"),
        ("(17)261340", "The expiry date (17) '261340' is not a real date"),
        (f"01{IL7}172611", "The expiry date (17) needs 6 digits (YYMMDD), but the scan has '2611'"),
        ("(11)26113", "The production date (11) needs 6 digits (YYMMDD)"),
        ("(17)2611301", "The expiry date (17) needs 6 digits (YYMMDD), but the scan has '2611301'"),
        (
            f"01{IL7}17A61130",
            "The expiry date (17) needs 6 digits (YYMMDD), but the scan has 'A61130'",
        ),
    ],
)
def test_impossible_or_short_date(text: str, expected: str) -> None:
    assert error_of(text).startswith(expected)


@pytest.mark.parametrize(
    "text", ["(01)0952123400001", "(01)095212340000130", "010952123400001", "01095212340X0013"]
)
def test_gtin_of_the_wrong_length(text: str) -> None:
    data = text.removeprefix("(01)") if text.startswith("(") else text[2:16]
    assert error_of(text) == f"The GTIN (01) needs 14 digits, but the scan has '{data}'."


def test_unknown_ai_after_a_field() -> None:
    assert error_of(f"01{TUBING_SET}X9") == (
        f"After GTIN (01) '{TUBING_SET}' the scan continues with 'X9', which is not a known "
        "GS1 Application Identifier."
    )


def test_unknown_ai_in_the_typed_form() -> None:
    assert error_of("(01)09521234000013(88)1") == (
        "(88) is not a known GS1 Application Identifier."
    )


def test_malformed_typed_form() -> None:
    message = error_of("(01)09521234000013(17")
    assert "is not in the typed GS1 form (AI)value(AI)value" in message


def test_malformed_value_of_an_unused_ai() -> None:
    assert "field (8003, Global Returnable Asset Identifier (GRAI)) '1'" in error_of("(8003)1")


@pytest.mark.parametrize(
    ("text", "field"), [("10" + "A" * 21, "lot (10)"), ("(21)" + "7" * 25, "serial (21)")]
)
def test_over_long_lot_or_serial(text: str, field: str) -> None:
    length = len(text) - 4 if text.startswith("(") else len(text) - 2
    assert error_of(text).startswith(f"The {field} '")
    assert f"is {length} characters long, but GS1 allows at most 20." in error_of(text)


def test_over_long_lot_names_what_it_may_have_swallowed() -> None:
    assert error_of(f"01{IL7}10ABCDEFGHIJKLMNO17261130") == (
        "The lot (10) 'ABCDEFGHIJKLMNO17261130' is 23 characters long, but GS1 allows at most "
        "20; it may contain expiry date (17) '261130': a separator may be missing."
    )


def test_20_character_lot_followed_by_a_field_without_separator_is_too_long() -> None:
    # biip would cut the lot at 20 and read on; we refuse: the separator is required.
    assert "is 28 characters long" in error_of("10" + "A" * 20 + "17261130")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("10AB#C", "'AB#C' contains the character '#'"),
        ("(10)AB[C", "'AB[C' contains the character '['"),
    ],
)
def test_character_not_allowed_in_a_lot(text: str, shown: str) -> None:
    assert error_of(text) == f"The lot (10) {shown}, which GS1 does not allow."


@pytest.mark.parametrize("text", [f"01{TUBING_SET}10", f"01{TUBING_SET}10{GS}17261130"])
def test_empty_lot(text: str) -> None:
    assert error_of(text) == "The lot (10) is empty: nothing follows its identifier (10)."


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("01٠٩٥٢١٢٣٤٠٠٠٠١٣", "the character '٠'"),  # Arabic-Indic digits: biip's \d takes them
        (f"01{IL7}10LOT 42", "a space"),
        (f"01{IL7}10LOT\x0742", "a control character (U+0007)"),
        ("à&é\"'(-è_çà", "the character 'à'"),
    ],  # AZERTY PC, QWERTY scanner
)
def test_characters_that_cannot_be_in_a_barcode(text: str, described: str) -> None:
    message = error_of(text)
    if text[0].isdigit():  # (the AZERTY case is caught as garbage or as a bad character)
        assert message.startswith(f"The scan contains {described}, which cannot be part of")
    assert "'" in message


def test_two_different_lots() -> None:
    assert error_of(f"10LOTA{GS}10LOTB") == (
        "The scan holds two different values for the lot (10): 'LOTA' and 'LOTB'."
    )


def test_only_unused_fields() -> None:
    message = error_of("00123456789012345675")
    assert message.startswith("This GS1 barcode holds only fields Lotkeeper does not use")
    assert "(00, Serial Shipping Container Code (SSCC))" in message
    assert "no GTIN, lot, expiry, production date or serial" in message


def test_unforeseen_failure_is_still_a_scan_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import labels.gs1 as gs1

    def boom(*_: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(gs1, "_collect", boom)
    with pytest.raises(ScanError, match="could not be read") as caught:
        parse_scan(f"01{TUBING_SET}")
    assert isinstance(caught.value.__cause__, KeyError)


def test_not_a_string_is_a_scan_error() -> None:
    with pytest.raises(ScanError):
        parse_scan(None)  # type: ignore[arg-type]


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
