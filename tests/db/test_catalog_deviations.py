"""Catalog import (whole or nothing) and deviations in the five UNITC domains."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from db import catalog_import, deviations
from db.errors import Refused
from db.models import Deviation, DeviationLink, Reference, Signature
from tests.fixtures.world import PASSWORDS, Unit, example_data, refused


def test_example_catalog_imported_with_backups(unit: Unit) -> None:
    with unit.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Reference)) == 36
        ref = s.scalars(select(Reference).where(Reference.code == "RM-001")).one()
        assert ref.backup is not None and ref.backup.code == "RM-002"
        assert (ref.gtin, ref.supplier.name, ref.min_stock) == (
            "09521234000013",
            "Miltenyi Biotec",
            4,
        )


def test_reimport_changes_nothing_and_an_edit_is_an_audited_update(unit: Unit) -> None:
    catalog = example_data("car-t-catalog.csv")
    again = catalog_import.import_catalog(unit.db, unit.admin, catalog)
    assert again.unchanged["references"] == 36 and again.updated["references"] == 0
    edited = catalog.replace(
        "RM-001,Automated closed-system tubing set,consumable,"
        "Miltenyi Biotec,EX-130-111-694,09521234000013,CE,synthetic,"
        "intermediate,yes,yes,no,RT,set,4",
        "RM-001,Automated closed-system tubing set,consumable,"
        "Miltenyi Biotec,EX-130-111-694,09521234000013,CE,synthetic,"
        "intermediate,yes,yes,no,RT,set,6",
    )
    assert catalog_import.import_catalog(unit.db, unit.admin, edited).updated["references"] == 1


def test_a_bad_file_is_refused_whole_with_every_problem(unit: Unit) -> None:
    catalog = example_data("car-t-catalog.csv").splitlines()
    catalog[2] = catalog[2].replace(",CE,", ",XX,")
    catalog[3] = catalog[3].replace("09521234000037", "09521234000038")
    catalog[4] = catalog[4].replace(",yes,yes,yes,", ",maybe,yes,yes,")
    catalog.append(catalog[5])  # duplicate code and GTIN
    with refused(unit, "nothing imported") as info:
        catalog_import.import_catalog(unit.db, unit.admin, "\n".join(catalog))
    text = info.value.message
    assert "line 3: grade 'XX' is not one of MA, CE, GMP, RUO, none" in text
    assert "line 4: GTIN 09521234000038 has a wrong check digit (expected 7)" in text
    assert "line 5: coa must be yes or no, not 'maybe'" in text
    assert "code 'RM-005' appears twice" in text


def test_unknown_supplier_and_missing_columns(unit: Unit) -> None:
    catalog = example_data("car-t-catalog.csv").replace("Miltenyi Biotec", "Nobody Ltd")
    with refused(unit, "supplier 'Nobody Ltd' is not known"):
        catalog_import.import_catalog(unit.db, unit.admin, catalog)
    header = example_data("car-t-catalog.csv").splitlines()[0].replace(",gtin,", ",ean,")
    with refused(unit, "not in the import format: missing column(s) gtin"):
        catalog_import.import_catalog(unit.db, unit.admin, header + "\n")
    with refused(unit, "needs the admin or qa role"):
        catalog_import.import_catalog(unit.db, unit.tech, example_data("car-t-catalog.csv"))


def test_a_gtin_taken_by_another_reference_is_refused(unit: Unit) -> None:
    lines = example_data("car-t-catalog.csv").splitlines()
    catalog = lines[0] + "\n" + lines[2].replace("09521234000020", "09521234000013")
    with refused(unit, "already belongs to RM-001"):
        catalog_import.import_catalog(unit.db, unit.admin, catalog)


def test_deviation_opened_linked_and_closed_under_signature(unit: Unit) -> None:
    lot = unit.receive()
    opened = deviations.open_deviation(
        unit.db,
        unit.tech,
        domain="stock_shortage",
        severity="major",
        title="IL-7 below minimum before batch",
        lots=[lot.lot],
        references=["RM-009"],
        suppliers=["Miltenyi Biotec"],
    )
    assert opened.number.startswith("DEV-") and opened.status == "open"
    with refused(unit, "needs the qa role"):
        deviations.close_deviation(
            unit.db, unit.tech, PASSWORDS["tech"], opened.number, closure="done"
        )
    closed = deviations.close_deviation(
        unit.db,
        unit.qa,
        PASSWORDS["qa"],
        opened.number,
        closure="reorder point raised",
        capa="min stock 8",
    )
    assert closed.status == "closed"
    with unit.db.read() as s:
        dev = s.scalars(select(Deviation)).one()
        assert s.scalar(select(func.count()).select_from(DeviationLink)) == 3
        sig = s.get(Signature, dev.closure_signature_id)
        assert sig is not None and sig.meaning == "Deviation closed"
        assert json.loads(sig.content)["record"]["fields"]["closure"] == "reorder point raised"
    with refused(unit, "already closed"):
        deviations.close_deviation(
            unit.db, unit.qa, PASSWORDS["qa"], opened.number, closure="again"
        )


def test_deviation_refusals(unit: Unit) -> None:
    with pytest.raises(Refused, match="unknown domain 'weather'"):
        deviations.open_deviation(unit.db, unit.tech, domain="weather", severity="minor", title="x")
    with refused(unit, "no lot 'L26-999999'"):
        deviations.open_deviation(
            unit.db, unit.tech, domain="use_issue", severity="minor", title="x", lots=["L26-999999"]
        )
