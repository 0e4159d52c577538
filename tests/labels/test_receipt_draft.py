"""Scans -> a receipt draft: the same reading for the receiving station and the command line."""

from __future__ import annotations

from datetime import date

from labels.gs1 import parse_scan
from labels.gs1_separators import SuspicionKind
from labels.receipt_draft import ReceiptDraft
from tests.labels.gs1_samples import GS, IL7, TUBING_SET


def drafted(*scans: str) -> ReceiptDraft:
    draft = ReceiptDraft()
    for raw in scans:
        draft.add(parse_scan(raw), raw)
    return draft


def test_two_symbols_of_one_item_fill_one_draft() -> None:
    draft = drafted(f"]C101{IL7}", f"]d21727040010A-17{GS}21SN0001")
    assert (draft.gtin, draft.lot, draft.expiry, draft.serial) == (
        IL7, "A-17", date(2027, 4, 30), "SN0001",
    )  # fmt: skip
    assert draft.from_scan == {"gtin", "lot", "expiry", "serial", "symbology"}
    assert draft.to_type(reference_known=True) == []
    assert draft.to_type(reference_known=False) == ["reference"]
    assert draft.scan_text == f"]C101{IL7}\n]d21727040010A-17{GS}21SN0001"
    assert not draft.needs_confirmation and draft.receipt_fields()["suspect_scan"] is None


def test_what_no_scan_gave_is_to_type() -> None:
    draft = drafted(f"01{IL7}")
    assert draft.to_type(reference_known=False) == ["reference", "lot", "expiry"]


def test_a_lost_separator_is_a_typed_suspicion_on_the_lot() -> None:
    """`10LOTB77` + lost GS + `21SN002`: the lot LOTB7721SN002 must be confirmed."""
    draft = drafted(f"]d201{TUBING_SET}10LOTB7721SN002")
    [suspicion] = draft.suspicions
    assert suspicion.kind is SuspicionKind.LOST_SEPARATOR
    assert (suspicion.field, suspicion.value) == ("lot", "LOTB7721SN002")
    assert draft.needs_confirmation and draft.lot == "LOTB7721SN002"
    # The words are for display only: kept out of the other remarks, named in the record.
    assert suspicion.message not in draft.warnings
    fields = draft.receipt_fields()
    assert fields["suspect_scan"] == suspicion.message and fields["confirmed_lot"] is None
    typed = draft.receipt_fields(confirmed_lot=" LOTB77 ")
    assert typed["confirmed_lot"] == "LOTB77"


def test_a_clean_second_scan_confirms_the_lot() -> None:
    draft = drafted(f"01{TUBING_SET}10LOTA21SN1", f"01{TUBING_SET}10LOTA21SN1{GS}")
    assert draft.needs_confirmation  # the same text again proves nothing
    draft.add(parse_scan("(10)LOTA21SN1"), "(10)LOTA21SN1")  # typed form: no GS to lose
    assert draft.confirmed_by_scan and not draft.needs_confirmation
    assert draft.receipt_fields()["confirmed_lot"] == "LOTA21SN1"


def test_a_different_gtin_starts_a_new_draft() -> None:
    draft = drafted(f"01{IL7}10A-1{GS}17261130")
    _, notes = draft.add(parse_scan(f"01{TUBING_SET}"), "next")
    assert (draft.gtin, draft.lot, draft.expiry) == (TUBING_SET, None, None)
    assert draft.from_scan == {"gtin"} and "different GTIN" in notes[0]


def test_what_the_person_typed_or_cleared_wins_over_the_scan() -> None:
    draft = drafted(f"01{IL7}10A-1{GS}17261130{GS}21SN5")
    fields = draft.receipt_fields(supplier_lot="A-1B", expiry=None, serial=None)
    assert (fields["supplier_lot"], fields["expiry"], fields["serial"]) == ("A-1B", None, None)
    assert draft.receipt_fields()["expiry"] == date(2026, 11, 30)
    assert fields["gtin"] == IL7 and fields["production_date"] is None
