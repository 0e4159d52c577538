"""The catalog rows: risk class and criteria, backups and their suppliers, stock, audits."""

from __future__ import annotations

from datetime import timedelta

from db.queries.catalog_list import (
    reference_matches,
    references,
    supplier_matches,
    suppliers,
)
from tests.fixtures.world import Unit


def test_references_carry_risk_backup_and_stock(unit: Unit) -> None:
    unit.released_lot("RM-009", lot="IL7-1", containers=3)
    unit.receive("RM-009", lot="IL7-2", containers=5)  # in quarantine: not stock yet
    rows = {r.code: r for r in references(unit.db)}
    il7 = rows["RM-009"]
    assert il7.risk_class == "critical"
    assert il7.criteria == ["not_clinical_grade", "product_contact"]
    assert il7.criteria_text == "not clinical grade, product contact"
    assert il7.criteria_descriptions[0].startswith("grade is not clinical")
    assert (il7.backup, il7.backup_supplier, il7.backup_qualified) == ("RM-010", "CellGenix", False)
    assert il7.backup_problem == "backup supplier CellGenix is not qualified"
    assert (il7.min_stock, il7.released_stock, il7.below_minimum) == (6, 3, True)
    assert il7.gtin == "09521234000099" and il7.supplier == "Miltenyi Biotec"

    tubing = rows["RM-001"]
    assert tubing.risk_class == "major" and tubing.backup == "RM-002"
    assert tubing.backup_qualified is True and tubing.backup_problem is None
    assert rows["RM-003"].backup is None and rows["RM-003"].backup_problem == (
        "no backup reference"
    )
    assert rows["RM-033"].risk_class == "starting_material"
    assert rows["RM-010"].supplier_qualification == "pending"


def test_released_stock_leaves_out_expired_lots(unit: Unit) -> None:
    unit.released_lot("RM-009", lot="IL7-1", containers=2, expiry=unit.today() + timedelta(5))
    assert {r.code: r for r in references(unit.db)}["RM-009"].released_stock == 2
    unit.clock.advance(days=6)
    assert {r.code: r for r in references(unit.db)}["RM-009"].released_stock == 0


def test_supplier_audits_overdue_after_three_years(unit: Unit) -> None:
    today = unit.today()
    rows = {s.name: s for s in suppliers(unit.db)}
    for row in rows.values():
        late = row.last_audit is None or row.last_audit < today - timedelta(days=3 * 365)
        assert row.audit_overdue == (row.qualification == "qualified" and late), row.name
    assert rows["CellGenix"].audit_text == "never audited"
    assert rows["CellGenix"].audit_overdue is False  # pending: its qualification comes first
    assert rows["Miltenyi Biotec"].references >= 10
    unit.clock.advance(days=20 * 365)
    assert all(s.audit_overdue for s in suppliers(unit.db) if s.qualification == "qualified")
    assert "OVERDUE" in {s.name: s for s in suppliers(unit.db)}["Cytiva"].audit_text


def test_filters_by_text_and_risk_class(unit: Unit) -> None:
    rows = references(unit.db)

    def codes(text: str = "", risk: str = "") -> set[str]:
        return {r.code for r in rows if reference_matches(r, text, risk)}

    assert codes("il-7") == {"RM-009", "RM-010"}
    assert codes("CELLGENIX") == {"RM-010"}
    assert codes("09521234000099") == {"RM-009"}
    assert codes("no coa") == {r.code for r in rows if "no_coa" in r.criteria}
    assert codes(risk="starting_material") == {"RM-033"}
    assert codes("il-7", "major") == set()
    assert len(codes()) == len(rows)
    names = {s.name for s in suppliers(unit.db) if supplier_matches(s, "pending")}
    assert names == {"CellGenix"}
