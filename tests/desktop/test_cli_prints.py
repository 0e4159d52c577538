"""Prints from the command line: real PDFs whose barcodes decode back to the container IDs,
recorded in the audit trail, REPRINT on the second print; scans parsed from text and images."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from db import audit, audit_verify
from db.backup import backup
from db.errors import Refused
from db.integrity.fingerprint import fingerprint
from db.models import AuditEvent, AuditHead, PrintRecord
from desktop.cli.main import main
from labels.barcodes import gs1_test_image
from tests.desktop.cli_runner import lotkeeper, ok, refused
from tests.fixtures.world import PASSWORDS, Unit
from tests.labels.pdf_tools import codes, decoded_pages, texts

GS = "\x1d"
QA = PASSWORDS["qa"] + "\n"
TECH = ("--by", "tech")
TECH_PW = PASSWORDS["tech"] + "\n"


def test_status_labels_decode_back_and_reprints_are_marked(unit: Unit, tmp_path: Path) -> None:
    lot = unit.released_lot(containers=3)
    first = tmp_path / "labels.pdf"
    out = ok(unit.db.url, "label", lot.lot, "--out", str(first), *TECH, "--json", stdin=TECH_PW)
    assert out.json()["reprint"] is False
    pdf = first.read_bytes()
    assert [code for page in decoded_pages(pdf) for code in codes(page, "]C0")] == lot.containers
    page_text = " ".join(texts(pdf))
    assert "RELEASED" in page_text and lot.lot in page_text and "REPRINT" not in page_text
    # An existing file is never replaced unless asked: refused, nothing recorded...
    first_pdf = first.read_bytes()
    refused(
        unit.db.url, "label", lot.lot, "--out", str(first), "--by", "qa", stdin=QA,
        says="already exists",
    )  # fmt: skip
    assert first.read_bytes() == first_pdf
    # ...and replaced with --force.
    again = ok(
        unit.db.url, "label", lot.lot, "--out", str(first), "--size", "a4", "--force",
        "--by", "qa", "--json", stdin=QA,
    ).json()  # fmt: skip
    assert again["reprint"] is True and again["file"] == str(first.resolve())
    assert "REPRINT" in " ".join(texts(first.read_bytes()))
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []  # no leftovers
    with unit.db.read() as s:
        prints = s.execute(select(PrintRecord.reprint, PrintRecord.printed_by_name)).all()
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "prints"))
        assert list(actions) == ["print.status_labels", "print.status_labels"]
    assert prints == [(False, "Tom Tech"), (True, "Quinn Quality")]
    assert audit_verify.verify(unit.db).ok


def test_a_new_status_is_a_new_label_not_a_reprint(unit: Unit, tmp_path: Path) -> None:
    lot = unit.receive()
    q, r = tmp_path / "q.pdf", tmp_path / "r.pdf"
    quarantine = ok(unit.db.url, "label", lot.lot, "--out", str(q), *TECH, "--json", stdin=TECH_PW)
    unit.attach(lot.lot)
    unit.release(lot.lot)
    released = ok(unit.db.url, "label", lot.lot, "--out", str(r), *TECH, "--json", stdin=TECH_PW)
    assert quarantine.json()["reprint"] is False and released.json()["reprint"] is False
    assert "QUARANTINE" in texts(q.read_bytes())[0]


def test_certificate_sample_log_and_receipt_record(unit: Unit, tmp_path: Path) -> None:
    lot = unit.released_lot("RM-003", delivery_note="BL-900")  # critical: sample + test
    url = unit.db.url
    with unit.db.read() as s:
        head_before = s.scalars(select(AuditHead.seq)).one()
    ok(url, "certificate", lot.lot, "--out", str(tmp_path / "c.pdf"), "--by", "qa", stdin=QA)
    certificate = " ".join(texts((tmp_path / "c.pdf").read_bytes()))
    assert lot.lot in certificate and "Quinn Quality" in certificate and "Released" in certificate
    # The audit chain's head when it was printed: its number and fingerprint, as on paper.
    with unit.db.read() as s:
        printed = s.scalars(
            select(AuditEvent.seq).where(AuditEvent.action == "print.release_certificate")
        ).one()
        shown = re.search(r"event #(\d+)", certificate)
        assert shown and head_before <= int(shown[1]) < printed, certificate
        head_hash = s.scalars(select(AuditEvent.hash).where(AuditEvent.seq == int(shown[1])))
        assert fingerprint(head_hash.one()) in certificate
    ok(url, "samples", "log", "--out", str(tmp_path / "s.pdf"), *TECH, stdin=TECH_PW)
    assert lot.lot in " ".join(texts((tmp_path / "s.pdf").read_bytes()))
    ok(url, "receipt-record", lot.lot, "--out", str(tmp_path / "r.pdf"), *TECH, stdin=TECH_PW)
    receipt = " ".join(texts((tmp_path / "r.pdf").read_bytes()))
    assert "BL-900" in receipt and lot.lot in receipt


def print_rows(unit: Unit) -> tuple[int, int, int]:
    """(prints recorded, print events in the trail, chain head)."""
    with unit.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(PrintRecord)) or 0,
            s.scalar(select(func.count()).where(AuditEvent.action.like("print.%"))) or 0,
            s.scalars(select(AuditHead.seq)).one(),
        )


def test_print_refusals(unit: Unit, tmp_path: Path) -> None:
    refused(
        unit.db.url, "label", "L26-999999", "--out", str(tmp_path / "x.pdf"), *TECH,
        stdin=TECH_PW, says="no lot 'L26-999999'",
    )  # fmt: skip
    lot = unit.receive()
    before = print_rows(unit)
    # The file cannot be written: the print is not recorded (it is recorded only once it exists).
    refused(
        unit.db.url, "label", lot.lot, "--out", str(tmp_path / "missing" / "x.pdf"), *TECH,
        stdin=TECH_PW, says="could not be written",
    )  # fmt: skip
    assert print_rows(unit) == before
    assert audit_verify.verify(unit.db).ok


def test_printing_needs_a_signed_in_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "x.pdf")
    for command in (
        ["label", "L1"],
        ["certificate", "L1"],
        ["samples", "log"],
        ["receipt-record", "L1"],
    ):
        with pytest.raises(SystemExit) as exit_:
            main([*command, "--out", out])
        assert exit_.value.code == 2
        assert "--by" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_print_never_lands_on_the_record(sqlite_unit: Unit, tmp_path: Path) -> None:
    unit = sqlite_unit
    lot = unit.released_lot()
    url = unit.db.url
    database = Path(unit.db.engine.url.database or "")
    saved = backup(unit.db, tmp_path / "saved.sqlite")
    key = next((unit.data / "keys").glob("*.key"))
    witness = next((unit.data / "witness").iterdir())
    kept = {path: path.read_bytes() for path in (saved, key, witness)}
    before = print_rows(unit)
    # The reported case: the live record named as the output, without --force.
    refused(url, "label", lot.lot, "--out", str(database), *TECH, stdin=TECH_PW, says="database")
    # Never, even with --force: the record's companions, a backup, the site key, the witness.
    for target, says in (
        (Path(f"{database}-wal"), "database"),
        (saved, "SQLite database"),
        (key, "site key"),
        (witness, "witness"),
    ):
        refused(
            url, "label", lot.lot, "--out", str(target), "--force", *TECH, stdin=TECH_PW,
            says=says,
        )  # fmt: skip
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"
    assert {path: path.read_bytes() for path in kept} == kept
    assert print_rows(unit) == before
    assert audit_verify.verify(unit.db).ok
    ok(url, "audit", "verify")  # the record still opens, and its trail is intact


def test_a_failed_commit_leaves_no_file(
    unit: Unit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is delivered inside the transaction; if the commit then fails, it is removed."""
    lot = unit.released_lot()
    out = tmp_path / "labels.pdf"
    before = print_rows(unit)
    seen: list[bool] = []

    def fail_print_commit(session: Session) -> None:
        context = session.info.get(audit.CONTEXT)
        if context is not None and context.action.startswith("print."):
            seen.append(out.exists())  # delivered before the commit...
            raise Refused("the database went away during the commit")

    monkeypatch.setattr("sys.stdin", io.StringIO(TECH_PW))
    event.listen(Session, "before_commit", fail_print_commit)
    try:
        code = main(["--db", unit.db.url, "label", lot.lot, "--out", str(out), *TECH])
    finally:
        event.remove(Session, "before_commit", fail_print_commit)
    assert code == 1 and seen == [True]
    assert not out.exists()  # ...and gone once it failed
    assert print_rows(unit) == before


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
        "suspicions": [],
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
