"""The A4 documents: sample log, release certificate, goods-receipt record, read back as text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from labels import release_certificate, sample_log
from labels.receipt_record import ChecklistItem, ReceiptRecord, ReceivedLot, render_receipt_record
from labels.release_certificate import (
    CriterionRow,
    DocumentRow,
    PrerequisiteRow,
    ReleaseCertificate,
    SignatureRow,
    render_release_certificate,
)
from labels.sample_log import ReferenceSample, render_sample_log
from tests.labels.pdf_tools import PRINTED_AT, PRINTED_BY, column_under, page_sizes_mm, texts

COA_HASH = "3f" * 32
SIGNED_HASH = "a1b2c3d4" * 8
PRINTED = "Printed 2026-03-05 14:07 UTC by Jean-Luc Émery"


def sample(n: int, disposed: bool = False) -> ReferenceSample:
    return ReferenceSample(
        lot_number=f"L26-{n:06d}",
        reference_code="RC-IL7-025",
        reference_name="IL-7 GMP 25 µg <carrier-free> & co",
        quantity=Decimal("0.50"),
        unit="mL",
        location=f"Freezer F-2 (−80 °C), rack 3, box 7, position {n}",
        taken_by="Łukasz Nowak",
        taken_on=date(2026, 3, 2),
        retain_until=date(2031, 3, 2),
        disposed_on=date(2031, 4, 1) if disposed else None,
        disposed_by="Jean Martin" if disposed else None,
        disposal_note="Autoclaved per SOP-QA-017" if disposed else None,
    )


def every_page_has_furniture(pdf: bytes, reprint: bool) -> list[str]:
    pages = texts(pdf)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert PRINTED in text
        assert ("REPRINT" in text) is reprint
    return pages


# --- reference-sample log ------------------------------------------------------------------


@pytest.mark.parametrize("reprint", [False, True])
def test_sample_log_spans_pages_with_header_and_furniture_on_each(reprint: bool) -> None:
    samples = [sample(n, disposed=n % 5 == 0) for n in range(1, 61)]
    pdf = render_sample_log(samples, printed_by=PRINTED_BY, printed_at=PRINTED_AT, reprint=reprint)
    assert {size for size in page_sizes_mm(pdf)} == {(297.0, 210.0)}  # A4 landscape
    pages = every_page_has_furniture(pdf, reprint)
    assert len(pages) > 2
    for text in pages:  # the column headings repeat on every page
        assert "Storage location" in text and "Disposal (date, by, note)" in text
    everything = "".join(pages)
    for n in range(1, 61):
        assert f"L26-{n:06d}" in everything
    assert "60 reference sample(s): 48 kept, 12 disposed." in pages[0]
    assert "IL-7 GMP 25 µg <carrier-free> & co" in everything  # markup characters escaped
    assert "0.5 mL" in everything and "Łukasz Nowak" not in everything
    assert "Lukasz Nowak" in everything  # Ł has no glyph in Helvetica: spelled L, not a box
    assert "2031-04-01" in everything and "Autoclaved per SOP-QA-017" in everything


def test_empty_sample_log_still_prints() -> None:
    pdf = render_sample_log([], printed_by=PRINTED_BY, printed_at=PRINTED_AT)
    assert "No reference samples are recorded." in every_page_has_furniture(pdf, False)[0]


def test_each_sample_value_is_printed_under_its_own_heading() -> None:
    pdf = render_sample_log(
        [sample(4, disposed=True)], printed_by=PRINTED_BY, printed_at=PRINTED_AT
    )
    headers = [column.header for column in sample_log.COLUMNS]
    assert headers[:3] == ["Lot", "Reference", "Quantity"]
    # The dates are the values a positional row could swap unseen: all three look alike.
    for value, header in (
        ("L26-000004", "Lot"),
        ("RC-IL7-025", "Reference"),
        ("0.5 mL", "Quantity"),
        ("Freezer F-2", "Storage location"),
        ("Lukasz Nowak", "Taken by, on"),
        ("2026-03-02", "Taken by, on"),
        ("2031-03-02", "Retain until"),
        ("2031-04-01", "Disposal (date, by, note)"),
        ("Autoclaved per SOP-QA-017", "Disposal (date, by, note)"),
    ):
        assert column_under(pdf, headers, value) == header, value


# --- release certificate -------------------------------------------------------------------


def certificate(**changes: object) -> ReleaseCertificate:
    base = ReleaseCertificate(
        lot_number="L26-000042",
        reference_code="RC-IL7-025",
        reference_name="IL-7 GMP 25 µg",
        supplier="Cellgenix GmbH",
        supplier_lot="IL7-2409/B",
        expiry=date(2026, 11, 30),
        received_on=date(2026, 3, 1),
        received_by="Marie-Hélène Dupont",
        status="RELEASED",
        risk_class="critical",
        criteria=(
            CriterionRow(description="contacts the intermediate or final product", holds=True),
            CriterionRow(description="biological origin (human or animal)", holds=False),
        ),
        prerequisites=(
            PrerequisiteRow(
                name="certificate of analysis", met=True, evidence="CoA attached 2026-03-02"
            ),
            PrerequisiteRow(
                name="reference sample", met=False, evidence="no reference sample logged"
            ),
        ),
        documents=(DocumentRow(kind="CoA", filename="CoA_IL7-2409B.pdf", sha256=COA_HASH.upper()),),
        signatures=(
            SignatureRow(
                full_name="Dr Anne Lefèvre",
                username="alefevre",
                signed_at=datetime(2026, 3, 4, 10, 12, 33, tzinfo=timezone(timedelta(hours=1))),
                meaning="Released",
                comment="CoA reviewed against supplier lot and expiry.",
                content_sha256=SIGNED_HASH,
            ),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("reprint", [False, True])
def test_release_certificate_carries_the_evidence_and_the_signature_manifestation(
    reprint: bool,
) -> None:
    pdf = render_release_certificate(
        certificate(), printed_by=PRINTED_BY, printed_at=PRINTED_AT, reprint=reprint
    )
    text = "".join(every_page_has_furniture(pdf, reprint))
    for field in (
        "L26-000042",
        "RC-IL7-025 — IL-7 GMP 25 µg",
        "Cellgenix GmbH",
        "IL7-2409/B",
        "2026-11-30",
        "2026-03-01",
        "Marie-Hélène Dupont",
        "RELEASED",
        "Risk class: critical",
        "contacts the intermediate or final product",
        "CoA attached 2026-03-02",
        "no reference sample logged",
        "CoA_IL7-2409B.pdf",
        COA_HASH,
    ):
        assert field in text, field
    assert "1 of 2 prerequisites NOT met: reference sample." in text
    assert re.search(r"reference sample\s*NOT MET", text)
    # 21 CFR 11.50: printed name, date and time, meaning; plus user name and signed hash.
    assert "Dr Anne Lefèvre (user alefevre)" in text
    assert "2026-03-04 09:12:33 UTC" in text  # given at +01:00, printed in UTC
    assert "Released" in text and "CoA reviewed against supplier lot and expiry." in text
    assert SIGNED_HASH in text


def test_unsigned_certificate_without_evidence_says_so() -> None:
    empty = certificate(
        signatures=(), criteria=(), prerequisites=(), documents=(), status="QUARANTINE"
    )
    text = texts(render_release_certificate(empty, printed_by=PRINTED_BY, printed_at=PRINTED_AT))[0]
    for line in (
        "NOT SIGNED: this print is not a release.",
        "No criteria recorded.",
        "No prerequisites were evaluated.",
        "No prerequisites recorded.",
        "No documents attached.",
        "QUARANTINE",
    ):
        assert line in text, line


@pytest.mark.parametrize(
    "change",
    [
        {"documents": (DocumentRow(kind="CoA", filename="x.pdf", sha256="abc"),)},
        {"signatures": (replace(certificate().signatures[0], content_sha256="g" * 64),)},
    ],
)
def test_certificate_refuses_what_is_not_a_sha256(change: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="is not a SHA-256"):
        render_release_certificate(
            certificate(**change), printed_by=PRINTED_BY, printed_at=PRINTED_AT
        )


def test_certificate_refuses_a_naive_signature_time() -> None:
    naive = replace(certificate().signatures[0], signed_at=datetime(2026, 3, 4, 9, 12))
    with pytest.raises(ValueError, match="signature time must be timezone-aware"):
        render_release_certificate(
            certificate(signatures=(naive,)), printed_by=PRINTED_BY, printed_at=PRINTED_AT
        )


def test_each_certificate_value_is_printed_under_its_own_heading() -> None:
    pdf = render_release_certificate(certificate(), printed_by=PRINTED_BY, printed_at=PRINTED_AT)
    for columns, value, header in (
        (release_certificate.CRITERIA, "contacts the intermediate", "Criterion"),
        (release_certificate.CRITERIA, "YES", "Holds"),
        (release_certificate.PREREQUISITES, "certificate of analysis", "Prerequisite"),
        (release_certificate.PREREQUISITES, "NOT MET", "Result"),
        (release_certificate.PREREQUISITES, "no reference sample logged", "Evidence"),
        (release_certificate.DOCUMENTS, "CoA_IL7-2409B.pdf", "File"),
        (release_certificate.DOCUMENTS, COA_HASH, "SHA-256"),
    ):
        headers = [column.header for column in columns]
        assert column_under(pdf, headers, value) == header, value


# --- goods-receipt record ------------------------------------------------------------------


def receipt() -> ReceiptRecord:
    checks = (
        "packaging intact",
        "temperature on arrival within the storage condition",
        "delivery note matches the goods",
    )
    return ReceiptRecord(
        delivery_number="D26-000017",
        supplier="Cellgenix GmbH",
        delivery_note="LS-99812",
        received_at=datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
        received_by="Marie-Hélène Dupont",
        lots=(
            ReceivedLot(
                lot_number="L26-000042",
                reference_code="RC-IL7-025",
                reference_name="IL-7 GMP 25 µg",
                supplier_lot="IL7-2409/B",
                expiry=date(2026, 11, 30),
                containers=12,
                quantity_each=Decimal("25"),
                unit="µg",
                checklist=(
                    ChecklistItem(item=checks[0], ok=True),
                    ChecklistItem(item=checks[1], ok=False, note="logger showed 9.1 °C for 20 min"),
                    ChecklistItem(item=checks[2], ok=True),
                ),
                nonconformity="Temperature excursion in transport; supplier informed.",
                status="QUARANTINE",
            ),
            ReceivedLot(
                lot_number="L26-000043",
                reference_code="RC-ALB-20",
                reference_name="Human serum albumin 20 %",
                supplier_lot="HSA-7781",
                expiry=date(2027, 5, 31),
                containers=4,
                quantity_each="50.0",
                unit="mL",
                checklist=tuple(ChecklistItem(item=c, ok=True) for c in checks),
                nonconformity=None,
                status="ON_HOLD",
            ),
        ),
    )


@pytest.mark.parametrize("reprint", [False, True])
def test_receipt_record(reprint: bool) -> None:
    pdf = render_receipt_record(
        receipt(), printed_by=PRINTED_BY, printed_at=PRINTED_AT, reprint=reprint
    )
    text = "".join(every_page_has_furniture(pdf, reprint))
    for field in (
        "D26-000017",
        "Cellgenix GmbH",
        "LS-99812",
        "2026-03-01 08:30 UTC",
        "Marie-Hélène Dupont",
        "2 (1 conforming)",
        "L26-000042",
        "L26-000043",
        "RC-IL7-025 — IL-7 GMP 25 µg",
        "IL7-2409/B",
        "2026-11-30",
        "12 × 25 µg",
        "4 × 50 mL",
        "QUARANTINE",
        "ON HOLD",
        "logger showed 9.1 °C for 20 min",
        "Temperature excursion in transport; supplier informed.",
        "Non-conformity: none recorded",
        "(NON-CONFORMING)",
        "(conforming)",
    ):
        assert field in text, field
    assert re.search(r"temperature on arrival within the storage condition\s*NOT OK", text)
    assert "ON_HOLD" not in text
    headers = ["Conformity check", "Result", "Note"]
    assert column_under(pdf, headers, "NOT OK") == "Result"
    assert column_under(pdf, headers, "logger showed 9.1") == "Note"


def test_many_lots_flow_over_pages() -> None:
    record = receipt()
    lots = tuple(replace(record.lots[0], lot_number=f"L26-{n:06d}") for n in range(100, 130))
    pdf = render_receipt_record(
        replace(record, lots=lots), printed_by=PRINTED_BY, printed_at=PRINTED_AT
    )
    pages = every_page_has_furniture(pdf, False)
    assert len(pages) > 3
    assert all(f"L26-{n:06d}" in "".join(pages) for n in range(100, 130))
