"""Scans -> a receipt draft: what the scans of one delivered item say, and what is still to type.

One model for the receiving station and `lotkeeper receive --scan`, so both read a scan the
same way; no Qt and no database (labels/ stays pure): callers look the GTIN up in the catalog
(db.queries.reference_picker) and build db.receiving.Receipt from `receipt_fields()`.

A delivered item often carries its GS1 data in two or three symbols (GTIN in one, lot and
expiry in another), so successive scans fill in one draft until a different GTIN arrives.
A lot that may have swallowed a following field (lost separator) is a typed suspicion
(labels.gs1_separators.Suspicion), never recognised by its words; it is confirmed by a second
scan that reads the same lot cleanly, or by typing the lot as printed (db.receiving checks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Final, TypedDict

from labels.gs1 import ScanResult
from labels.gs1_separators import Suspicion

# The fields a scan can fill, in the order the station shows them.
FIELDS = ("gtin", "lot", "expiry", "production_date", "serial", "symbology")
# What a receipt needs that a scan may not give: a person types (or picks) them.
REQUIRED = ("reference", "lot", "expiry")


class _Scanned(Enum):
    VALUE = "scanned"


# A receipt field left at SCANNED takes the scan's value; any other (even None or "") is what
# the person typed or cleared, and wins.
SCANNED: Final = _Scanned.VALUE


class ScannedReceipt(TypedDict):
    """The fields of db.receiving.Receipt a draft fills, by their Receipt names."""

    supplier_lot: str
    expiry: date | None
    gtin: str | None
    production_date: date | None
    serial: str | None
    scan_text: str | None
    suspect_scan: str | None
    confirmed_lot: str | None


@dataclass
class ReceiptDraft:
    scans: list[str] = field(default_factory=list)
    gtin: str | None = None
    lot: str | None = None
    expiry: date | None = None
    production_date: date | None = None
    serial: str | None = None
    symbology: str | None = None
    from_scan: set[str] = field(default_factory=set)  # fields the scans filled
    warnings: list[str] = field(default_factory=list)  # the last scan's other remarks
    # The lot's suspicions while it still needs a confirmation (empty once confirmed).
    suspicions: tuple[Suspicion, ...] = ()
    confirmed_by_scan: bool = False
    _suspect_raw: str | None = None

    # -- reading ----------------------------------------------------------------------------

    @property
    def scan_text(self) -> str | None:
        """Every scan of this item exactly as the scanner sent it, one per line."""
        return "\n".join(self.scans) or None

    @property
    def suspect(self) -> str | None:
        """The suspicions in words, for display and for the record (Receipt.suspect_scan)."""
        return " ".join(s.message for s in self.suspicions) or None

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.suspicions) and not self.confirmed_by_scan

    def to_type(self, *, reference_known: bool) -> list[str]:
        """The required fields the scans did not give (the reference: a GTIN in the catalog)."""
        given = {
            "reference": reference_known,
            "lot": bool(self.lot),
            "expiry": bool(self.expiry),
        }
        return [name for name in REQUIRED if not given[name]]

    # -- taking in scans --------------------------------------------------------------------

    def add(self, result: ScanResult, raw: str) -> tuple[set[str], list[str]]:
        """Take in one scan; returns the fields it filled and notes for the person."""
        notes: list[str] = []
        if result.gtin and self.gtin and result.gtin != self.gtin:
            self.__dict__.update(ReceiptDraft().__dict__)  # a different product: a new item
            notes.append("A different GTIN was scanned: the form now shows this new item.")
        filled = {name for name in FIELDS if getattr(result, name) is not None}
        if result.lot is not None:
            notes += self._lot(result, raw)
        for name in filled - {"lot"}:
            setattr(self, name, getattr(result, name))
        self.from_scan |= filled
        self.warnings = list(result.remarks)
        self.scans.append(raw)
        return filled, notes

    def _lot(self, result: ScanResult, raw: str) -> list[str]:
        same_lot = result.lot == self.lot
        if self.suspicions and same_lot and not result.suspicions:
            self.confirmed_by_scan = True
            return [f"The lot {result.lot} is confirmed by a second scan."]
        if self.suspicions and same_lot and raw == self._suspect_raw:
            return [
                "The rescan reads exactly the same, so the separator problem repeats: "
                "type the lot as printed on the label to confirm it."
            ]
        self.lot = result.lot
        self.suspicions = tuple(result.suspicions)
        self._suspect_raw = raw if self.suspicions else None
        self.confirmed_by_scan = False
        return []

    # -- the receipt ------------------------------------------------------------------------

    def receipt_fields(
        self,
        *,
        supplier_lot: str | _Scanned = SCANNED,
        expiry: date | _Scanned | None = SCANNED,
        production_date: date | _Scanned | None = SCANNED,
        serial: str | _Scanned | None = SCANNED,
        confirmed_lot: str | None = None,
    ) -> ScannedReceipt:
        """What this draft gives a receipt (fields left at SCANNED: the scan's value)."""
        lot = (self.lot or "") if supplier_lot is SCANNED else supplier_lot
        confirmed = lot if self.confirmed_by_scan else confirmed_lot
        return ScannedReceipt(
            supplier_lot=lot,
            expiry=self.expiry if expiry is SCANNED else expiry,
            gtin=self.gtin,
            production_date=(
                self.production_date if production_date is SCANNED else production_date
            ),
            serial=self.serial if serial is SCANNED else serial,
            scan_text=self.scan_text,
            suspect_scan=self.suspect,
            confirmed_lot=((confirmed or "").strip() or None) if self.suspicions else None,
        )
