"""Catalog files as units have them: comma or semicolon CSV (Excel, Windows-1252) or .xlsx."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from db import catalog_import
from db.catalog_files import read_table_file
from db.errors import Refused
from db.models import Reference, Supplier
from tests.fixtures.world import Unit, example_data


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def french_excel(text: str) -> bytes:
    """What Excel (French) writes for "CSV (séparateur : point-virgule)"."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows(text))
    return out.getvalue().encode("cp1252")


def test_semicolon_csv_in_windows_1252_reads_as_the_comma_file(tmp_path: Path) -> None:
    original = example_data("suppliers.csv").replace("Cytiva", "Cytiva Génie")
    path = tmp_path / "fournisseurs.csv"
    path.write_bytes(french_excel(original))
    assert rows(read_table_file(path)) == rows(original)


def test_a_workbook_reads_as_the_csv_with_dates_and_gtins_mended(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "country", "qualification", "last_audit"])
    sheet.append(["Miltenyi Biotec", "DE", "qualified", date(2025, 3, 12)])
    sheet.append([None, None, None, None])  # an empty line left in the sheet
    sheet.append(["Cytiva", "US", "qualified", None])
    book.save(tmp_path / "suppliers.xlsx")
    assert rows(read_table_file(tmp_path / "suppliers.xlsx")) == [
        ["name", "country", "qualification", "last_audit"],
        ["Miltenyi Biotec", "DE", "qualified", "2025-03-12"],
        ["Cytiva", "US", "qualified"],
    ]
    book = Workbook()
    book.active.append(["code", "gtin", "min_stock"])
    book.active.append(["RM-001", 9521234000013, 4.0])  # a GTIN typed as a number
    book.save(tmp_path / "catalog.xlsx")
    assert rows(read_table_file(tmp_path / "catalog.xlsx"))[1] == ["RM-001", "09521234000013", "4"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"PK\x03\x04 not really a workbook", "is not an Excel workbook"),
        (b"%PDF-1.7\x00\x00binary", "is not a text .CSV. or Excel"),
    ],
)
def test_a_file_that_is_no_table_is_refused_by_name(
    tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(content)
    with pytest.raises(Refused, match=says) as info:
        read_table_file(path)
    assert "catalogue.xlsx" in info.value.message


def test_an_excel_catalog_imports_like_the_csv(unit: Unit, tmp_path: Path) -> None:
    """Whole path: French Excel files of the example unit, read and imported."""
    for name in ("suppliers.csv", "car-t-catalog.csv"):
        (tmp_path / name).write_bytes(french_excel(example_data(name)))
    summary = catalog_import.import_catalog(
        unit.db, unit.qa, read_table_file(tmp_path / "car-t-catalog.csv"),
        read_table_file(tmp_path / "suppliers.csv"), dry_run=True,
    )  # fmt: skip
    assert not summary.changes  # the unit already holds this catalog: nothing differs
    with unit.db.read() as session:
        assert session.scalars(select(Reference)).first() is not None
        assert session.scalars(select(Supplier)).first() is not None
