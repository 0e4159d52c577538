"""The whole journey through the command line, on SQLite and on PostgreSQL.

Import the example catalog, receive by GS1 scan, refuse what must be refused (each refusal
checked for its message and for changing nothing), attach a CoA, release, dispense with FEFO,
trace, verify the audit chain, then tamper with a row and watch verify fail.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import Database
from tests.desktop.cli_runner import lotkeeper_process, ok, refused
from tests.fixtures.databases import TestClock
from tests.fixtures.world import PASSWORDS, Unit, example_data, make_pdf

GS = "\x1d"
PW = PASSWORDS


def scan(gtin: str, expiry: date, lot: str, serial: str) -> str:
    """A GS1 DataMatrix as a scanner types it: AIM prefix, GS after the variable-length lot."""
    return f"]d201{gtin}17{expiry:%y%m%d}10{lot}{GS}21{serial}"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "catalog": tmp_path / "catalog.csv",
        "suppliers": tmp_path / "suppliers.csv",
        "coa": tmp_path / "coa.pdf",
        "fake": tmp_path / "coa-scan.pdf",
    }
    paths["catalog"].write_text(example_data("car-t-catalog.csv"), encoding="utf-8")
    paths["suppliers"].write_text(example_data("suppliers.csv"), encoding="utf-8")
    paths["coa"].write_bytes(make_pdf("Certificate of analysis", "Lot A-100", "Pass"))
    paths["fake"].write_bytes(b"\x89PNG\r\n\x1a\n not a pdf")
    return paths


def unchanged(url: str):  # type: ignore[no-untyped-def]
    """Snapshot of the whole record (except the password-attempt log) to compare after."""
    db = Database(url)
    try:
        return Unit(db, TestClock()).snapshot()
    finally:
        db.dispose()


def setup_unit(url: str, files: dict[str, Path]) -> None:
    ok(url, "init", "--admin", "admin", "--full-name", "Ada Admin", stdin=PW["admin"] + "\n")
    people = (
        ("tech", ["technician"], "Tom Tech"),
        ("qa", ["qa"], "Quinn Quality"),
        ("prod", ["production"], "Pat Production"),
        ("techqa", ["technician", "qa"], "Terry Both"),
    )
    for name, roles, full in people:
        if name == "techqa":  # a small unit: QA allows dual roles, under e-signature
            ok(url, "duties", "set", "--dual-roles", "yes", "--reason", "two people in QC",
               "--by", "qa", stdin=PW["qa"] + "\n")  # fmt: skip
        role_args = [a for r in roles for a in ("--role", r)]
        ok(
            url,
            "user",
            "add",
            name,
            "--full-name",
            full,
            *role_args,
            "--by",
            "admin",
            stdin=f"{PW['admin']}\n{PW[name]}\n",
        )
    imported = ok(
        url,
        "catalog",
        "import",
        str(files["catalog"]),
        "--suppliers",
        str(files["suppliers"]),
        "--by",
        "admin",
        "--sign-by",
        "qa",
        "--reason",
        "the unit's catalog, reviewed",
        "--json",
        stdin=f"{PW['admin']}\n{PW['qa']}\n",
    ).json()
    assert imported["created"] == {"suppliers": 23, "references": 36}
    assert imported["applied"] and imported["approval"] is not None


def test_the_whole_journey(db_url: str, files: dict[str, Path]) -> None:
    url = db_url
    setup_unit(url, files)
    today = date.today()
    late, early = today + timedelta(days=400), today + timedelta(days=90)

    # Receive lot A by GS1 scan, by a person who also holds the QA role.
    a = ok(
        url,
        "receive",
        "--scan",
        scan("09521234000013", late, "A-100", "SN1"),
        "--containers",
        "3",
        "--quantity",
        "1",
        "--delivery-note",
        "BL-2026-117",
        "--by",
        "techqa",
        "--json",
        stdin=PW["techqa"] + "\n",
    ).json()
    assert a["status"] == "QUARANTINE" and a["reference"] == "RM-001"
    assert a["containers"] == [f"{a['lot']}-00{i}" for i in (1, 2, 3)]
    shown = ok(url, "lot", "show", a["lot"], "--json").json()
    assert (shown["supplier_lot"], shown["expiry"]) == ("A-100", late.isoformat())
    assert shown["prerequisites"]["unmet"] == ["coa"] and shown["risk_class"] == "major"

    # Refusals, each with its reason and nothing changed.
    before = unchanged(url)
    refused(
        url,
        "release",
        a["lot"],
        "--by",
        "techqa",
        stdin=PW["techqa"] + "\n",
        says="techqa received",
    )
    refused(
        url, "release", a["lot"], "--by", "tech", stdin=PW["tech"] + "\n", says="needs the qa role"
    )
    refused(
        url,
        "release",
        a["lot"],
        "--by",
        "qa",
        stdin=PW["qa"] + "\n",
        says="certificate of analysis not attached",
    )
    refused(
        url,
        "dispense",
        a["containers"][0],
        "--quantity",
        "1",
        "--batch",
        "CAR-T-001",
        "--by",
        "prod",
        stdin=PW["prod"] + "\n",
        says="QUARANTINE",
    )
    refused(
        url,
        "coa",
        "attach",
        a["lot"],
        str(files["fake"]),
        "--by",
        "tech",
        stdin=PW["tech"] + "\n",
        says="is not a PDF file",
    )
    refused(
        url,
        "receive",
        "--scan",
        "]d20109521234000014",
        "--containers",
        "1",
        "--quantity",
        "1",
        "--by",
        "tech",
        stdin=PW["tech"] + "\n",
        says="check digit",
    )
    assert unchanged(url) == before

    # CoA, then release by another QA person.
    ok(url, "coa", "attach", a["lot"], str(files["coa"]), "--by", "tech", stdin=PW["tech"] + "\n")
    released = ok(url, "release", a["lot"], "--by", "qa", "--json", stdin=PW["qa"] + "\n").json()
    assert released["status"] == "RELEASED"
    assert released["signature"]["full_name"] == "Quinn Quality"
    assert released["signature"]["meaning"] == "Released"

    # Lot B of the same reference expires earlier: FEFO.
    b = ok(
        url,
        "receive",
        "--scan",
        scan("09521234000013", early, "B-200", "SN9"),
        "--containers",
        "2",
        "--quantity",
        "1",
        "--by",
        "tech",
        "--json",
        stdin=PW["tech"] + "\n",
    ).json()
    ok(url, "coa", "attach", b["lot"], str(files["coa"]), "--by", "tech", stdin=PW["tech"] + "\n")
    ok(url, "release", b["lot"], "--by", "qa", stdin=PW["qa"] + "\n")
    before = unchanged(url)
    refused(
        url,
        "dispense",
        a["containers"][0],
        "--quantity",
        "1",
        "--batch",
        "CAR-T-001",
        "--by",
        "prod",
        stdin=PW["prod"] + "\n",
        says=f"use {b['containers'][0]} first",
    )
    assert unchanged(url) == before
    used = ok(
        url,
        "dispense",
        b["containers"][0],
        "--quantity",
        "0.4",
        "--batch",
        "CAR-T-001",
        "--by",
        "prod",
        "--json",
        stdin=PW["prod"] + "\n",
    ).json()
    assert used["remaining"] == 0.6
    forced = ok(
        url,
        "dispense",
        a["containers"][0],
        "--quantity",
        "1",
        "--batch",
        "CAR-T-002",
        "--override-fefo",
        "lot B kept for the validation run",
        "--by",
        "prod",
        "--json",
        stdin=PW["prod"] + "\n",
    ).json()
    assert forced["remaining"] == 0
    assert forced["fefo_override"] == "lot B kept for the validation run"

    # Traceability both ways.
    assert ok(url, "trace", "--batch", "CAR-T-001", "--json").json()["lots"] == [b["lot"]]
    assert ok(url, "trace", "--lot", a["lot"], "--json").json()["batches"] == ["CAR-T-002"]
    assert ok(url, "risk", "RM-003", "--json").json() == {
        "class": "critical",
        "criteria": ["biological_origin", "product_contact"],
        "descriptions": [
            "biological origin (human or animal)",
            "contacts the intermediate or final product",
        ],
        "explanation": "contacts the product and biological origin (human or animal)",
    }

    # The audit chain holds; a row changed behind the program's back is caught.
    assert "audit trail intact" in ok(url, "audit", "verify").out
    db = Database(url)
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE containers SET quantity = 1000 WHERE code = :c"), {"c": a["containers"][0]}
        )
    db.dispose()
    failed = refused(url, "audit", "verify", "--json", says="audit verify FAILED")
    report = failed.json()
    assert report["first_problem"].startswith(f"container {a['containers'][0]} holds 1.000")
    changed = next(p for p in report["problems"] if "container.dispense by prod" in p)
    assert "quantity was recorded as '0.000' but the database now holds '1.000'" in changed


def test_a_database_that_is_not_initialised_is_refused(db_url: str) -> None:
    refused(db_url, "lot", "show", "L26-000001", "--json", says="lotkeeper init")


def test_usage_errors_exit_2_without_traceback(sqlite_url: str) -> None:
    for args in (["receive"], ["release"], ["nonsense"], ["dispense", "X", "--quantity", "1"]):
        run = lotkeeper_process(sqlite_url, *args)  # a real process: its exit, its stderr
        assert run.code == 2 and "usage:" in run.err and "Traceback" not in run.err
