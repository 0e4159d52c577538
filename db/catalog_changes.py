"""What a catalog change alters, field by field, and which of it changes what a release needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.serialize import plain

# The fields whose value decides what QA must see before releasing a lot (prerequisites,
# risk class): a change to any of them needs a QA e-signature (db/approvals.py).
RELEASE_FIELDS = {
    "suppliers": frozenset({"qualification"}),
    "material_references": frozenset(
        {
            "category",
            "supplier_id",
            "grade",
            "origin",
            "contact",
            "coa",
            "sterility",
            "affects_cell_function",
            "reference_sample",
            "requires_sterility_certificate",
            "requires_functional_test",
        }
    ),
}
NAMES = {"suppliers": "supplier", "material_references": "reference"}
SHOWN = 6


@dataclass(frozen=True)
class Change:
    table: str
    key: str  # supplier name or reference code
    field: str | None  # None: the row is new
    old: Any
    new: Any

    @property
    def release_relevant(self) -> bool:
        fields = RELEASE_FIELDS.get(self.table, frozenset())
        if self.field is None:
            # A new reference defines what its lots need; a new supplier matters once qualified.
            return self.table == "material_references" or self.new == "qualified"
        return self.field in fields

    def describe(self) -> str:
        what = f"{NAMES.get(self.table, self.table)} {self.key}"
        if self.field is None:
            return f"new {what}" + (f" ({self.new})" if self.new else "")
        return f"{what} {self.field} {plain(self.old)} -> {plain(self.new)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "field": self.field,
            "old": plain(self.old),
            "new": plain(self.new),
        }


def listing(changes: list[Change]) -> str:
    shown = "; ".join(c.describe() for c in changes[:SHOWN])
    more = len(changes) - SHOWN
    return shown + (f" (and {more} more)" if more > 0 else "")
