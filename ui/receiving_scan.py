"""What the scans of one delivered item add up to (no Qt: plain state the station shows).

A delivered item often carries its GS1 data in two or three symbols (GTIN in one, lot and
expiry in another), so successive scans fill in one item until a different GTIN arrives. A lot
that may have swallowed a following field (lost separator) must be confirmed: by a second
scan that reads the same lot cleanly, or by typing it as printed (the workflow checks it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from labels.gs1 import ScanResult

# The fields a scan can fill, in the order the station shows them.
FIELDS = ("gtin", "lot", "expiry", "production_date", "serial", "symbology")


def is_suspicion(warning: str) -> bool:
    """labels.gs1 words every lost-separator suspicion this way (labels/gs1_separators.py)."""
    return "a separator may be missing" in warning


@dataclass
class ScanState:
    scans: list[str] = field(default_factory=list)
    gtin: str | None = None
    lot: str | None = None
    expiry: date | None = None
    production_date: date | None = None
    serial: str | None = None
    symbology: str | None = None
    warnings: list[str] = field(default_factory=list)
    # The words of the suspicion, while the lot still needs a confirmation.
    suspect: str | None = None
    confirmed_by_scan: bool = False
    _suspect_raw: str | None = None

    @property
    def scan_text(self) -> str | None:
        """Every scan of this item exactly as the scanner sent it, one per line."""
        return "\n".join(self.scans) or None

    def add(self, result: ScanResult, raw: str) -> tuple[set[str], list[str]]:
        """Take in one scan; returns the fields it filled and notes for the person."""
        notes: list[str] = []
        if result.gtin and self.gtin and result.gtin != self.gtin:
            self.__dict__.update(ScanState().__dict__)  # a different product: a new item
            notes.append("A different GTIN was scanned: the form now shows this new item.")
        filled = {name for name in FIELDS if getattr(result, name) is not None}
        if result.lot is not None:
            notes += self._lot(result, raw)
        for name in filled - {"lot"}:
            setattr(self, name, getattr(result, name))
        self.warnings = [w for w in result.warnings if not is_suspicion(w)]
        self.scans.append(raw)
        return filled, notes

    def _lot(self, result: ScanResult, raw: str) -> list[str]:
        same_lot = result.lot == self.lot
        if self.suspect and same_lot and not result.needs_confirmation:
            self.confirmed_by_scan = True
            return [f"The lot {result.lot} is confirmed by a second scan."]
        if self.suspect and same_lot and raw == self._suspect_raw:
            return [
                "The rescan reads exactly the same, so the separator problem repeats: "
                "type the lot as printed on the label to confirm it."
            ]
        self.lot = result.lot
        suspicions = [w for w in result.warnings if is_suspicion(w)]
        self.suspect = " ".join(suspicions) or None
        self._suspect_raw = raw if suspicions else None
        self.confirmed_by_scan = False
        return []
