"""Bad input is refused with a specific reason: quantities, dates, certificates, alert
horizons, and databases that are not (or no longer) a whole Lotkeeper record."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from db import alerts, catalog_import, documents
from db.dates import parse_date
from db.documents import check_pdf
from db.engine import Database
from db.errors import DatabaseUnavailable, NoDatabase, Refused, SchemaMismatch
from db.quantities import positive_quantity
from desktop.opening import open_database
from tests.fixtures.world import Unit, example_data, make_pdf, refused

GOOD_QUANTITIES = {
    "1": "1.000", "2.5": "2.500", "2,5": "2.500", "0,125": "0.125", ".5": "0.500",
    "12.345": "12.345", " 7 ": "7.000", "1000000000": "1000000000.000",
}  # fmt: skip
BAD_QUANTITIES = {
    "1e309": "without an exponent",
    "12E3": "without an exponent",
    "9" * 400: "check the unit",
    "1000000001": "check the unit",
    "١٢": "digits 0-9",
    "1_000": "without digit grouping",
    "1 000": "without digit grouping",
    "1,000": "ambiguous",
    "1.2345": "more than 3 decimals",
    "NaN": "is not a number",
    "inf": "is not a number",
    "-Infinity": "is not a number",
    "+1": "is not a number",
    "5kg": "is not a number",
    "~5": "is not a number",
    ".": "is not a number",
    "": "is missing: enter the quantity",
    "\u00a0\n": "is missing: enter the quantity",  # only blanks: nothing was typed
    "0": "more than 0, not 0",
    "-2": "more than 0, not -2",
    "0.0001": "more than 3 decimals",
}


@pytest.mark.parametrize(("typed", "kept"), GOOD_QUANTITIES.items())
def test_plain_quantities_are_taken_exactly(typed: str, kept: str) -> None:
    assert positive_quantity(typed, "the quantity") == Decimal(kept)


@pytest.mark.parametrize(("typed", "says"), BAD_QUANTITIES.items())
def test_anything_else_is_refused_with_a_reason(typed: str, says: str) -> None:
    with pytest.raises(Refused, match=says) as info:
        positive_quantity(typed, "the quantity")
    assert len(info.value.message) < 200  # 400 nines are not echoed back


def test_quantities_from_the_app_are_checked_finite_and_in_range() -> None:
    assert positive_quantity(Decimal("2.5"), "q") == Decimal("2.500")
    assert positive_quantity(3, "q") == Decimal("3.000")
    for value, says in (
        (Decimal("NaN"), "not a number"),
        (Decimal("Infinity"), "not a number"),
        (Decimal("1e309"), "check the unit"),
        (10**400, "check the unit"),
        (Decimal("-1"), "more than 0"),
        (True, "not a number"),
    ):
        with pytest.raises(Refused, match=says):
            positive_quantity(value, "q")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "typed", ["20281231", "2028-W01-1", "2028-12-31T00:00", "٢٠٢٨-١٢-٣١", "2028-1-1", "28-12-31"]
)
def test_dates_are_yyyy_mm_dd_exactly(typed: str) -> None:
    with pytest.raises(Refused, match="is not a date: write it as YYYY-MM-DD"):
        parse_date(typed, "expiry")


def test_a_date_must_exist_in_the_calendar() -> None:
    assert parse_date("2028-02-29", "expiry") == date(2028, 2, 29)
    with pytest.raises(Refused, match="the expiry 2027-02-29 is not a date of the calendar"):
        parse_date("2027-02-29", "expiry")


def test_catalog_dates_and_numbers_are_strict(unit: Unit) -> None:
    suppliers = example_data("suppliers.csv").replace("2025-03-12", "20250312")
    with refused(unit, "suppliers line 2: the last_audit '20250312' is not a date"):
        catalog_import.import_catalog(
            unit.db, unit.admin, example_data("car-t-catalog.csv"), suppliers
        )
    lines = example_data("car-t-catalog.csv").splitlines()
    for bad in ("١", "²", "1_0", "999999999999"):
        row = lines[1].replace(",set,4,", f",set,{bad},")
        with refused(unit, "min_stock must be a whole number from 0 to 100000"):
            catalog_import.import_catalog(unit.db, unit.admin, "\n".join([lines[0], row]))


def test_a_file_that_only_looks_like_a_pdf_is_refused() -> None:
    check_pdf("coa.pdf", make_pdf())
    html = b"%PDF-1.4\n<html><body>Certificate of analysis</body></html>\n%%EOF\n"
    with pytest.raises(Refused, match=r"coa\.html is not a readable PDF"):
        check_pdf("coa.html", html)
    with pytest.raises(Refused, match="is not a readable PDF"):
        check_pdf("noise.pdf", b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")


def test_attaching_a_fake_pdf_changes_nothing(unit: Unit) -> None:
    lot = unit.receive().lot
    with refused(unit, "is not a readable PDF"):
        documents.attach(unit.db, unit.tech, lot, "coa", "coa.pdf", b"%PDF-1.4 <html/> %%EOF")


def test_alert_horizons_are_bounded(unit: Unit) -> None:
    assert alerts.compute(unit.db, expiring_days=3650, quarantine_days=1) is not None
    for kwargs, says in (
        ({"expiring_days": 99999999}, "the expiry horizon must be 1 to 3650 days, not 99999999"),
        ({"expiring_days": 0}, "the expiry horizon must be 1 to 3650 days"),
        ({"quarantine_days": -1}, "the quarantine horizon must be 1 to 3650 days, not -1"),
    ):
        with pytest.raises(Refused, match=says):
            alerts.compute(unit.db, **kwargs)


def test_a_missing_table_is_noticed_and_named(unit: Unit) -> None:
    with unit.db.engine.begin() as connection:
        if unit.db.dialect == "sqlite":
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            connection.execute(text("DROP TABLE lots"))
        else:
            connection.execute(text("DROP TABLE lots CASCADE"))
    unit.db.dispose()
    with pytest.raises(
        SchemaMismatch, match="the table lots is missing: the database is damaged; restore a backup"
    ):
        open_database(unit.db.url)


def test_files_that_are_not_a_database_are_refused(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.sqlite"
    text_file.write_text("hello, not a database\n" * 50)
    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(os.urandom(8192))
    for path in (text_file, noise):
        with pytest.raises(DatabaseUnavailable, match="is not a Lotkeeper database"):
            open_database(str(path))


def test_a_damaged_sqlite_database_is_refused(sqlite_unit: Unit, tmp_path: Path) -> None:
    path = Path(sqlite_unit.db.engine.url.database or "")
    sqlite_unit.db.dispose()
    with path.open("r+b") as handle:  # pages in the middle overwritten: a damaged disk
        handle.seek(4096 * 3)
        handle.write(os.urandom(4096 * 8))
    with pytest.raises(DatabaseUnavailable, match=r"is damaged \(.*\): restore a backup"):
        db = open_database(str(path))
        try:
            alerts.compute(db)
        finally:
            db.dispose()


def test_a_mistyped_database_path_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "typo.sqlite"
    with pytest.raises(NoDatabase, match="no Lotkeeper database at"):
        Database(f"sqlite:///{typo}")
    with pytest.raises(NoDatabase):
        open_database(str(typo), check=False)
    assert not typo.exists()
