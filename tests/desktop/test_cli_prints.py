"""Prints from the command line: real PDFs whose barcodes decode back to the container IDs,
recorded in the audit trail, REPRINT on the second print; scans parsed from text and images."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from db import audit_verify
from db.models import AuditEvent, PrintRecord
from labels.barcodes import gs1_test_image
from tests.desktop.cli_runner import lotkeeper, ok, refused
from tests.fixtures.world import PASSWORDS, Unit
from tests.labels.pdf_tools import codes, decoded_pages, texts

GS = "\x1d"


def test_status_labels_decode_back_and_reprints_are_marked(unit: Unit, tmp_path: Path) -> None:
    lot = unit.released_lot(containers=3)
    first, second = tmp_path / "labels.pdf", tmp_path / "again.pdf"
    out = ok(unit.db.url, "label", lot.lot, "--out", str(first), "--json").json()
    assert out["reprint"] is False
    pdf = first.read_bytes()
    assert [code for page in decoded_pages(pdf) for code in codes(page, "]C0")] == lot.containers
    page_text = " ".join(texts(pdf))
    assert "RELEASED" in page_text and lot.lot in page_text and "REPRINT" not in page_text
    again = ok(
        unit.db.url,
        "label",
        lot.lot,
        "--out",
        str(second),
        "--size",
        "a4",
        "--by",
        "qa",
        "--json",
        stdin=PASSWORDS["qa"] + "\n",
    ).json()
    assert again["reprint"] is True
    assert "REPRINT" in " ".join(texts(second.read_bytes()))
    with unit.db.read() as s:
        prints = s.execute(select(PrintRecord.reprint, PrintRecord.printed_by_name)).all()
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "prints"))
        assert list(actions) == ["print.status_labels", "print.status_labels"]
    assert prints[0][0] is False and "workstation account" in prints[0][1]
    assert prints[1] == (True, "Quinn Quality")
    assert audit_verify.verify(unit.db).ok


def test_a_new_status_is_a_new_label_not_a_reprint(unit: Unit, tmp_path: Path) -> None:
    lot = unit.receive()
    quarantine = ok(unit.db.url, "label", lot.lot, "--out", str(tmp_path / "q.pdf"), "--json")
    unit.attach(lot.lot)
    unit.release(lot.lot)
    released = ok(unit.db.url, "label", lot.lot, "--out", str(tmp_path / "r.pdf"), "--json")
    assert quarantine.json()["reprint"] is False and released.json()["reprint"] is False
    assert "QUARANTINE" in texts((tmp_path / "q.pdf").read_bytes())[0]


def test_certificate_sample_log_and_receipt_record(unit: Unit, tmp_path: Path) -> None:
    lot = unit.released_lot("RM-003", delivery_note="BL-900")  # critical: sample + test
    url = unit.db.url
    ok(url, "certificate", lot.lot, "--out", str(tmp_path / "c.pdf"))
    certificate = " ".join(texts((tmp_path / "c.pdf").read_bytes()))
    assert lot.lot in certificate and "Quinn Quality" in certificate and "Released" in certificate
    ok(url, "samples", "log", "--out", str(tmp_path / "s.pdf"))
    assert lot.lot in " ".join(texts((tmp_path / "s.pdf").read_bytes()))
    ok(url, "receipt-record", lot.lot, "--out", str(tmp_path / "r.pdf"))
    receipt = " ".join(texts((tmp_path / "r.pdf").read_bytes()))
    assert "BL-900" in receipt and lot.lot in receipt


def test_print_refusals(unit: Unit, tmp_path: Path) -> None:
    refused(
        unit.db.url,
        "label",
        "L26-999999",
        "--out",
        str(tmp_path / "x.pdf"),
        says="no lot 'L26-999999'",
    )
    lot = unit.receive()
    refused(
        unit.db.url,
        "label",
        lot.lot,
        "--out",
        str(tmp_path / "missing" / "x.pdf"),
        says="could not be written",
    )


def test_scan_parse_and_image(tmp_path: Path, sqlite_url: str) -> None:
    text = f"]d20109521234000013172611{'00'}10LOT42{GS}21SN7"
    parsed = ok(sqlite_url, "scan", "parse", text, "--json").json()
    assert parsed == {
        "gtin": "09521234000013",
        "lot": "LOT42",
        "expiry": "2026-11-30",
        "production_date": None,
        "serial": "SN7",
        "symbology": "GS1 DataMatrix",
        "container": None,
        "warnings": [],
        "needs_confirmation": False,
    }
    substituted = ok(
        sqlite_url, "scan", "parse", text.replace(GS, "<GS>"), "--separator", "<GS>", "--json"
    ).json()
    assert substituted["serial"] == "SN7"
    container = ok(sqlite_url, "scan", "parse", "L26-000042-003", "--json").json()
    assert container["container"] == "L26-000042-003"
    refused(sqlite_url, "scan", "parse", "0109521234000014", says="check digit")
    image = tmp_path / "delivery.png"
    image.write_bytes(
        gs1_test_image("(01)09521234000013(17)261130(10)LOT42(21)SN7", symbology="code128")
    )
    decoded = json.loads(ok(sqlite_url, "scan", "image", str(image), "--json").out)
    assert [(d["gtin"], d["lot"], d["serial"], d["symbology"]) for d in decoded] == [
        ("09521234000013", "LOT42", "SN7", "GS1-128")
    ]
    image.write_text("not an image")
    refused(sqlite_url, "scan", "image", str(image), says="unreadable image")
    assert lotkeeper(sqlite_url, "scan", "parse").code == 2
