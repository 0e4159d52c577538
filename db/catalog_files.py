"""A catalog or supplier file as people have it, read into the import's CSV text.

French Excel saves "CSV" with semicolons in Windows-1252, or the workbook itself (.xlsx);
the import (db/catalog_import.py) reads one format, so every file is normalised here first.
Dates typed in Excel arrive as dates and are written back as ISO (2025-03-12).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from db.errors import Refused

MAX_BYTES = 20 * 1024 * 1024  # a catalog is a few hundred rows; more is not a catalog
DELIMITERS = (",", ";", "\t")


def read_table_file(path: Path) -> str:
    """The file's rows as comma-separated CSV text (header first), or a Refused saying why."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Refused(f"{name} cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise Refused(f"{name} is too large for a catalog ({len(data) // 1_000_000} MB)")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_text(data, name)
    return normalised_csv(_decoded(data, name), name)


def _decoded(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise Refused(f"{name} is not a text (CSV) or Excel (.xlsx) file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV (separator: semicolon)"


def normalised_csv(text: str, name: str) -> str:
    """Comma-separated text whatever the file's delimiter (guessed from the header line)."""
    text = text.lstrip("\ufeff")
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = max(DELIMITERS, key=header.count)
    if delimiter == ",":
        return text
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise Refused(f"{name} is not valid CSV: {exc}") from exc
    return _csv_text(rows)


def _xlsx_text(data: bytes, name: str) -> str:
    from openpyxl import load_workbook  # only when someone imports a workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Refused(f"{name} is not an Excel workbook (.xlsx) that can be read") from exc
    try:
        sheet = book.worksheets[0]
        rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    rows = [_trimmed(row) for row in rows if any(cell for cell in row)]
    if not rows:
        raise Refused(f"{name}: its first sheet is empty")
    return _csv_text(_gtins_padded(rows))


def _gtins_padded(rows: list[list[str]]) -> list[list[str]]:
    """Excel shows a GTIN typed as a number without its leading zeros: put them back."""
    header = [cell.strip().lower() for cell in rows[0]]
    if "gtin" not in header:
        return rows
    at = header.index("gtin")
    for row in rows[1:]:
        if at < len(row) and row[at].isdigit() and 8 <= len(row[at]) < 14:
            row[at] = row[at].zfill(14)
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 20 as 20.0; a GTIN typed as a number too
    return str(value).strip()


def _trimmed(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row = row[:-1]
    return row


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
