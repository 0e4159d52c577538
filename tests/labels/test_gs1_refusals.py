"""labels.gs1: every refusal with its specific message, never another exception."""

from __future__ import annotations

import pytest

from labels.gs1 import ScanError, parse_scan
from tests.labels.gs1_samples import GS, IL7, TUBING_SET, error_of

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
