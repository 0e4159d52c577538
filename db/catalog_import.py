"""Import suppliers and references from the CSV format of shared/data (create or update).

The whole file is checked first; one bad row refuses the import with every problem found, so a
catalog is never half-imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import fields
from db.approvals import Approval, Approver, check_approval, needs_approval, record_approval
from db.catalog_changes import Change, listing
from db.dates import date_problem
from db.engine import Database
from db.errors import Refused
from db.gtin import gtin_problem
from db.models import Category, Contact, Grade, Origin, Qualification, Reference, Role, Supplier
from db.users import Actor, require

CATALOG_COLUMNS = (
    "code",
    "name",
    "category",
    "supplier",
    "supplier_ref",
    "gtin",
    "grade",
    "origin",
    "contact",
    "coa",
    "sterility",
    "affects_cell_function",
    "storage",
    "unit",
    "min_stock",
    "after_opening_days",
    "backup_code",
    "reference_sample",
)
SUPPLIER_COLUMNS = ("name", "country", "qualification", "last_audit")
WHOLE = re.compile(r"[0-9]{1,9}", re.ASCII)
WHOLE_LIMITS = {"min_stock": 100_000, "after_opening_days": 3650}
MAX_PROBLEMS = 12
MAX_NAME = 120  # of a file, in messages and the trail


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=lambda: {"suppliers": 0, "references": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"suppliers": 0, "references": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"suppliers": 0, "references": 0})
    changes: list[Change] = field(default_factory=list)
    applied: bool = False  # False: a dry run, nothing changed
    approval_id: int | None = None

    @property
    def release_changes(self) -> list[Change]:
        return [c for c in self.changes if c.release_relevant]


@dataclass(frozen=True)
class Source:
    """Where the rows come from: a file imported, or an edit in the app with its reason."""

    name: str
    edit_reason: str | None = None

    @property
    def action(self) -> str:
        return "catalog.edit" if self.edit_reason is not None else "catalog.import"

    @property
    def verb(self) -> str:
        return "edit" if self.edit_reason is not None else "import"

    def reason(self, approved: str | None) -> str:
        base = self.edit_reason or f"import of {self.name}"
        return base if not approved or approved == base else f"{base}: {approved}"


class _DryRun(Exception):
    """Raised inside the import's transaction to roll it back after computing the changes."""


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, text: str) -> None:
        self.items.append(f"{where}: {text}")

    def raise_if_any(self) -> None:
        if self.items:
            extra = len(self.items) - MAX_PROBLEMS
            shown = "; ".join(self.items[:MAX_PROBLEMS])
            more = f" (and {extra} more)" if extra > 0 else ""
            raise Refused(f"import refused, nothing imported: {shown}{more}", reasons=self.items)


def _rows(text: str, source: str, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise Refused(
            f"{source} is not in the import format: missing column(s) {', '.join(missing)}"
        )
    try:
        rows = [(f"{source} line {reader.line_num}", row) for row in reader]
    except csv.Error as exc:
        raise Refused(f"{source} is not valid CSV: {exc}") from exc
    if not rows:
        raise Refused(f"{source} has no rows")
    return [(where, {k: (v or "").strip() for k, v in row.items() if k}) for where, row in rows]


def _choice(
    problems: _Problems, where: str, row: dict[str, str], column: str, allowed: type[Any]
) -> str:
    value = row[column]
    values = [a.value for a in allowed]
    if value not in values:
        problems.add(where, f"{column} {value!r} is not one of {', '.join(values)}")
    return value


def _flag(problems: _Problems, where: str, row: dict[str, str], column: str) -> bool:
    value = row[column].lower()
    if value not in {"yes", "no"}:
        problems.add(where, f"{column} must be yes or no, not {row[column]!r}")
    return value == "yes"


def _whole(
    problems: _Problems, where: str, row: dict[str, str], column: str, optional: bool = False
) -> int | None:
    value = row[column]
    if optional and value == "":
        return None
    limit = WHOLE_LIMITS[column]
    if not WHOLE.fullmatch(value) or int(value) > limit:
        problems.add(where, f"{column} must be a whole number from 0 to {limit}, not {value!r}")
        return None
    return int(value)


def _supplier_values(problems: _Problems, where: str, row: dict[str, str]) -> dict[str, Any]:
    if not row["name"]:
        problems.add(where, "name is empty")
    last_audit = None
    if row["last_audit"]:
        if problem := date_problem(row["last_audit"], "last_audit"):
            problems.add(where, problem)
        else:
            last_audit = date.fromisoformat(row["last_audit"])
    country = row["country"].upper()
    if country and (len(country) != 2 or not country.isalpha()):
        problems.add(where, f"country {row['country']!r} is not a 2-letter ISO code")
    values = {
        "name": row["name"],
        "country": country,
        "last_audit": last_audit,
        "qualification": _choice(problems, where, row, "qualification", Qualification),
    }
    _storable(problems, where, Supplier, values)
    return values


def _reference_values(problems: _Problems, where: str, row: dict[str, str]) -> dict[str, Any]:
    for column in ("code", "name", "unit", "supplier"):
        if not row[column]:
            problems.add(where, f"{column} is empty")
    gtin = row["gtin"] or None
    if gtin is not None and (problem := gtin_problem(gtin)):
        problems.add(where, problem)
    values = {
        "code": row["code"],
        "name": row["name"],
        "supplier_ref": row["supplier_ref"],
        "gtin": gtin,
        "storage": row["storage"],
        "unit": row["unit"],
        "category": _choice(problems, where, row, "category", Category),
        "grade": _choice(problems, where, row, "grade", Grade),
        "origin": _choice(problems, where, row, "origin", Origin),
        "contact": _choice(problems, where, row, "contact", Contact),
        "coa": _flag(problems, where, row, "coa"),
        "sterility": _flag(problems, where, row, "sterility"),
        "affects_cell_function": _flag(problems, where, row, "affects_cell_function"),
        "reference_sample": _flag(problems, where, row, "reference_sample"),
        "min_stock": _whole(problems, where, row, "min_stock") or 0,
        "after_opening_days": _whole(problems, where, row, "after_opening_days", optional=True),
    }
    _storable(problems, where, Reference, values)
    if problem := fields.column_problem(Reference.__table__.c.code, row["backup_code"]):
        problems.add(where, problem.replace("reference code", "backup code", 1))
    return values


def _storable(problems: _Problems, where: str, model: type[Any], values: dict[str, Any]) -> None:
    """Each value fits its column (length, no control characters), named with its line."""
    for name, value in values.items():
        if problem := fields.column_problem(model.__table__.c[name], value):
            problems.add(where, problem)


def import_catalog(
    db: Database,
    actor: Actor,
    catalog_csv: str | None,
    suppliers_csv: str | None = None,
    *,
    catalog_name: str = "catalog",
    suppliers_name: str = "suppliers",
    approval: Approval | None = None,
    dry_run: bool = False,
    edit: str | None = None,
) -> ImportSummary:
    """Create or update suppliers and references from CSV, all or nothing.

    A change to what a release requires (RELEASE_FIELDS) takes effect only with a QA
    `approval` (password re-entered, reason); without one the import is refused, naming the
    changes. `dry_run` computes the changes and leaves the record as it was. `edit` (the
    reason) makes it an edit of single rows in the app (db/master_data.py), recorded as such.
    """
    catalog_name = fields.printable(catalog_name, MAX_NAME)
    suppliers_name = fields.printable(suppliers_name, MAX_NAME)
    problems = _Problems()
    supplier_rows = _rows(suppliers_csv, suppliers_name, SUPPLIER_COLUMNS) if suppliers_csv else []
    suppliers = [(w, _supplier_values(problems, w, r)) for w, r in supplier_rows]
    catalog_rows = _rows(catalog_csv, catalog_name, CATALOG_COLUMNS) if catalog_csv else []
    references = [(w, r, _reference_values(problems, w, r)) for w, r in catalog_rows]
    _duplicates(problems, [(w, v["name"]) for w, v in suppliers], "supplier")
    _duplicates(problems, [(w, v["code"]) for w, _, v in references], "code")
    _duplicates(problems, [(w, v["gtin"]) for w, _, v in references if v["gtin"]], "GTIN")
    problems.raise_if_any()
    approver = check_approval(db, approval) if approval and not dry_run else None
    summary = ImportSummary()
    what = Source(catalog_name, edit)
    try:
        _apply(db, actor, approver, suppliers, references, problems, summary, what, dry_run)
    except _DryRun:
        return summary
    summary.applied = True
    return summary


def _apply(
    db: Database,
    actor: Actor,
    approver: Approver | None,
    suppliers: list[tuple[str, dict[str, Any]]],
    references: list[tuple[str, dict[str, str], dict[str, Any]]],
    problems: _Problems,
    summary: ImportSummary,
    source: Source,
    dry_run: bool,
) -> None:
    catalog_name = source.name
    with db.write(
        user_id=actor.id,
        username=actor.username,
        action=source.action,
        reason=source.reason(approver.reason if approver else None),
    ) as session:
        require(session, actor, Role.ADMIN, Role.QA)
        _gtins_free(session, problems, references)
        problems.raise_if_any()
        for _, values in suppliers:
            _upsert(session, Supplier, Supplier.name, values, "suppliers", summary)
        by_name = {s.name: s for s in session.scalars(select(Supplier))}
        for where, row, values in references:
            supplier = by_name.get(row["supplier"])
            if supplier is None:
                problems.add(
                    where,
                    f"supplier {row['supplier']!r} is not known: import the suppliers file with it",
                )
                continue
            values["supplier_id"] = supplier.id
            _upsert(session, Reference, Reference.code, values, "references", summary)
        session.flush()
        _link_backups(session, problems, references)
        problems.raise_if_any()
        if dry_run:
            raise _DryRun
        relevant = summary.release_changes
        if relevant and approver is None:
            raise needs_approval(f"catalog import: {listing(relevant)}")
        if relevant and approver is not None:
            summary.approval_id = record_approval(
                session, actor, approver, "catalog",
                f"catalog {source.verb} of {catalog_name}: {len(relevant)} release-relevant "
                "change(s)",
                [c.to_json() for c in summary.changes],
            ).id  # fmt: skip


def _duplicates(problems: _Problems, keyed: list[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for where, key in keyed:
        if key in seen:
            problems.add(where, f"{what} {key!r} appears twice (also {seen[key]})")
        seen.setdefault(key, where)


def _upsert(
    session: Session,
    model: type[Any],
    key: Any,
    values: dict[str, Any],
    kind: str,
    summary: ImportSummary,
) -> None:
    row = session.scalars(select(model).where(key == values[key.key])).first()
    table = model.__tablename__
    if row is None:
        session.add(model(**values))
        summary.created[kind] += 1
        summary.changes.append(
            Change(table, values[key.key], None, None, values.get("qualification"))
        )
        return
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            summary.changes.append(Change(table, values[key.key], name, getattr(row, name), value))
            setattr(row, name, value)
            changed = True
    (summary.updated if changed else summary.unchanged)[kind] += 1


def _link_backups(
    session: Session,
    problems: _Problems,
    references: list[tuple[str, dict[str, str], dict[str, Any]]],
) -> None:
    by_code = {r.code: r for r in session.scalars(select(Reference))}
    for where, row, values in references:
        ref = by_code.get(values["code"])
        code = row["backup_code"]
        if ref is None:
            continue
        if not code:
            if ref.backup_id is not None:
                ref.backup_id = None
            continue
        backup = by_code.get(code)
        if backup is None:
            problems.add(where, f"backup_code {code!r} is not a reference")
        elif backup.id == ref.id:
            problems.add(where, "a reference cannot be its own backup")
        elif ref.backup_id != backup.id:
            ref.backup_id = backup.id


def _gtins_free(
    session: Session,
    problems: _Problems,
    references: list[tuple[str, dict[str, str], dict[str, Any]]],
) -> None:
    """A GTIN identifies one reference: refuse one that another reference already carries."""
    wanted = {v["gtin"]: v["code"] for _, _, v in references if v["gtin"]}
    owners = session.execute(
        select(Reference.gtin, Reference.code).where(Reference.gtin.in_(list(wanted)))
    ).all()
    where = {v["code"]: w for w, _, v in references}
    for gtin, owner in owners:
        if owner != wanted[gtin]:
            problems.add(where[wanted[gtin]], f"GTIN {gtin} already belongs to {owner}")
