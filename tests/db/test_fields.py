"""One length-and-character rule for every write, the same on SQLite and PostgreSQL: each
refusal names the field and the limit (or the character), and changes nothing."""

from __future__ import annotations

from sqlalchemy import String, Text, select

from db import catalog_import, deviations, dispense, fields, lab_results, samples, users
from db.models import Base, Lot
from tests.fixtures.world import Unit, example_data, refused

CATALOG_HEADER = example_data("car-t-catalog.csv").splitlines()[0]


def catalog_row(code: str, name: str = "Test medium") -> str:
    values = {
        "code": code, "name": name, "category": "reagent", "supplier": "Miltenyi Biotec",
        "supplier_ref": "", "gtin": "", "grade": "GMP", "origin": "synthetic",
        "contact": "none", "coa": "no", "sterility": "no", "affects_cell_function": "no",
        "storage": "", "unit": "mL", "min_stock": "0", "after_opening_days": "",
        "backup_code": "", "reference_sample": "no",
    }  # fmt: skip
    return ",".join(values[c] for c in CATALOG_HEADER.split(","))


def test_an_over_long_full_name_is_refused_naming_the_field_and_limit(unit: Unit) -> None:
    with refused(unit, "the full name is longer than 120 characters (200 given)"):
        users.add_user(
            unit.db, unit.admin, "longname", "N" * 200, ["technician"], "quiet-ember-7731"
        )


def test_an_over_long_delivery_note_is_refused(unit: Unit) -> None:
    with refused(unit, "the delivery note is longer than 80 characters (200 given)"):
        unit.receive(delivery_note="D" * 200)


def test_an_over_long_reference_code_is_refused_with_its_line(unit: Unit) -> None:
    catalog = f"{CATALOG_HEADER}\n{catalog_row('R' * 45)}\n"
    with refused(
        unit, "catalog line 2: the reference code is longer than 40 characters (45 given)"
    ):
        catalog_import.import_catalog(unit.db, unit.admin, catalog, approval=unit.approval())


def test_control_and_direction_characters_are_refused_in_codes(unit: Unit) -> None:
    with refused(unit, "the supplier lot contains a control character (U+0007)"):
        unit.receive(lot="LOT\x07A")
    with refused(unit, "the supplier lot contains a text-direction control character (U+202E)"):
        unit.receive(lot="LOT\u202e1A")
    with refused(unit, "the delivery note contains a control character (U+001B)"):
        unit.receive(delivery_note="DN\x1b[31m")
    lot = unit.released_lot()
    container = lot.containers[0]
    for bad, code in (("B\u2066-1", "U+2066"), ("B\x00", "U+0000"), ("B\x85C", "U+0085")):
        with refused(unit, "the batch code contains", code):
            dispense.dispense(unit.db, unit.prod, container, "1", bad)


def test_text_fields_keep_line_breaks_but_not_other_controls(unit: Unit) -> None:
    done = unit.receive(nonconformity="box wet\n\tlabel torn\r\n")
    with unit.db.read() as session:
        kept = session.scalars(select(Lot.nonconformity).where(Lot.lot_number == done.lot)).one()
    assert kept == "box wet\n\tlabel torn"
    with refused(unit, "the non-conformity contains a control character (U+000B)"):
        unit.receive(nonconformity="box\x0bwet")
    with refused(unit, "the non-conformity is longer than 2000 characters (2001 given)"):
        unit.receive(nonconformity="w" * 2001)


def test_the_rule_holds_for_every_write_without_an_early_check(unit: Unit) -> None:
    """Writes whose workflow checks nothing itself are refused at flush, whole."""
    with refused(unit, "the deviation title is longer than 200 characters (201 given)"):
        deviations.open_deviation(
            unit.db, unit.tech, domain="use_issue", severity="minor", title="T" * 201
        )
    with refused(unit, "the deviation description contains a control character (U+0007)"):
        deviations.open_deviation(
            unit.db, unit.tech, domain="use_issue", severity="minor", title="T",
            description="bell\x07",
        )  # fmt: skip
    lot = unit.receive().lot
    with refused(unit, "the test name is longer than 120 characters (121 given)"):
        lab_results.record_result(
            unit.db, unit.tech, lot, kind="functional", name="n" * 121, passed=True
        )
    with refused(unit, "the storage location contains a text-direction control character"):
        samples.record_sample(unit.db, unit.tech, lot, "reference", "1", location="\u202eA1")


def test_reasons_are_checked_like_fields(unit: Unit) -> None:
    with refused(unit, "the reason contains a control character (U+0007)"):
        users.deactivate(unit.db, unit.admin, "tech", "left\x07")
    with refused(unit, "the reason is longer than 2000 characters (2001 given)"):
        users.deactivate(unit.db, unit.admin, "tech", "r" * 2001)
    for reason, says in (
        ("r" * 4001, "the reason is longer than 4000 characters (4001 given)"),
        ("\u202d", "the reason contains a text-direction control character (U+202D)"),
    ):
        with (
            refused(unit, says),
            unit.db.write(user_id=None, username="x", action="test", reason=reason),
        ):
            pass


def test_a_value_already_in_the_record_does_not_block_other_changes(unit: Unit) -> None:
    """Only what a change writes is checked: a lot stored before the rule (e.g. a long note
    on SQLite) can still be released."""
    done = unit.receive()
    with unit.db.engine.begin() as connection:
        connection.execute(
            Lot.__table__.update()
            .where(Lot.lot_number == done.lot)
            .values(nonconformity="n" * 3000)
        )
    unit.attach(done.lot)
    unit.release(done.lot)


def test_every_text_column_is_either_typed_with_a_limit_or_raw() -> None:
    """A new Text column must say whether people type it (its limit) or the machine writes
    it; the trail's own columns are written by the audit code, not by a flush."""
    undecided = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name != "audit_events"
        for column in table.columns
        if isinstance(column.type, Text) and not {"max", "raw"} & set(column.info)
    ]
    assert undecided == []
    strings = [c for t in Base.metadata.sorted_tables for c in t.columns if type(c.type) is String]
    assert all(c.type.length for c in strings)


def test_field_names_read_as_words() -> None:
    assert fields.field_name(Lot.__table__.c.supplier_lot) == "the supplier lot"
    assert fields.field_name(Lot.__table__.c.production_date) == "the production date"
    assert fields.printable("a\x1b[2Jb\u202e", 10) == "a?[2Jb?"
    assert fields.printable("/very/long/path/catalog.csv", 12) == "…catalog.csv"


def test_an_approval_reason_is_checked_before_the_password(unit: Unit) -> None:
    with refused(unit, "the reason contains a control character (U+001B)"):
        catalog_import.import_catalog(
            unit.db, unit.admin, example_data("car-t-catalog.csv"),
            approval=unit.approval(reason="ok\x1b"),
        )  # fmt: skip
