"""The inventory list query: keyset pages, every filter, badges, the count, index use."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db import release
from db.dispense import dispense
from db.queries.lot_list import LotFilter, LotRow, lot_count, lot_page, reference_choices
from tests.db.test_query_plans import captured
from tests.fixtures.world import PASSWORDS, Unit


def every_page(unit: Unit, wanted: LotFilter, limit: int) -> list[LotRow]:
    rows, cursor = [], None
    while True:
        page = lot_page(unit.db, wanted, cursor, limit)
        rows += page.rows
        assert len(page.rows) <= limit
        if page.next is None:
            return rows
        cursor = page.next


def numbers(rows: list[LotRow]) -> list[str]:
    return [r.lot for r in rows]


@pytest.fixture
def store(unit: Unit) -> dict[str, str]:
    """Five lots: three references, several statuses, one expiring soon, one used up."""
    lots = {
        "il7": unit.released_lot("RM-009", lot="IL7-2291", containers=2).lot,
        "tubing": unit.receive("RM-001", lot="TUB-100%", expiry=unit.today() + timedelta(10)).lot,
        "serum": unit.released_lot("RM-015", lot="ABS-2207", containers=1).lot,
        "beads": unit.receive("RM-006", lot="BEADS-7731", containers=3).lot,
        "il7b": unit.released_lot("RM-009", lot="IL7-3300", containers=1, quantity="1").lot,
    }
    release.hold(unit.db, unit.qa2, PASSWORDS["qa2"], lots["serum"], "supplier notice")
    container = lots["il7b"] + "-001"
    dispense(unit.db, unit.prod, container, "1", "CAR-T-1", None)
    return lots


def test_newest_first_and_every_lot_once_across_pages(unit: Unit, store: dict[str, str]) -> None:
    everything = lot_page(unit.db, LotFilter(), limit=50).rows
    assert numbers(everything) == sorted(store.values(), reverse=True)
    assert numbers(every_page(unit, LotFilter(), limit=2)) == numbers(everything)
    assert lot_count(unit.db, LotFilter()) == 5


def test_search_by_lot_supplier_lot_reference_and_container(
    unit: Unit, store: dict[str, str]
) -> None:
    def found(text: str) -> set[str]:
        return set(numbers(lot_page(unit.db, LotFilter(text=text)).rows))

    assert found(store["beads"][-4:]) == {store["beads"]}  # part of the lot number
    assert found("abs-22") == {store["serum"]}  # supplier lot, any case
    assert found("RM-009") == {store["il7"], store["il7b"]}  # reference code
    assert found("interleukin") == set()
    assert found("il-7") == {store["il7"], store["il7b"]}  # reference name
    assert found(store["tubing"] + "-001") == {store["tubing"]}  # a container ID
    assert found("]C1" + store["beads"] + "-003") == {store["beads"]}  # scanned, AIM prefix
    assert found("100%") == {store["tubing"]}  # % is a character, not a wildcard
    assert found("_") == set()
    assert lot_count(unit.db, LotFilter(text="rm-009")) == 2


def test_status_reference_expiry_and_stock_filters(unit: Unit, store: dict[str, str]) -> None:
    def found(**wanted: object) -> set[str]:
        return set(numbers(every_page(unit, LotFilter(**wanted), limit=2)))  # type: ignore[arg-type]

    assert found(statuses=frozenset({"QUARANTINE"})) == {store["tubing"], store["beads"]}
    assert found(statuses=frozenset({"ON_HOLD", "RELEASED"})) == {
        store["serum"],
        store["il7"],
        store["il7b"],
    }
    assert found(reference="RM-009") == {store["il7"], store["il7b"]}
    assert found(reference="RM-999") == set()
    assert found(expiry="within", within_days=30) == {store["tubing"]}
    assert found(expiry="expired") == set()
    assert found(stock="depleted") == {store["il7b"]}
    assert len(found(stock="in_stock")) == 4
    assert found(text="IL7", stock="in_stock", statuses=frozenset({"RELEASED"})) == {store["il7"]}
    unit.clock.advance(days=11)
    assert found(expiry="expired") == {store["tubing"]}
    assert found(expiry="not_expired") == set(store.values()) - {store["tubing"]}


def test_badges_say_expired_and_depleted(unit: Unit, store: dict[str, str]) -> None:
    unit.clock.advance(days=11)
    rows = {r.lot: r for r in lot_page(unit.db, LotFilter()).rows}
    assert rows[store["il7b"]].badges == ["DEPLETED"]
    assert rows[store["il7b"]].in_stock == 0 and rows[store["il7b"]].containers == 1
    assert rows[store["tubing"]].badges == ["EXPIRED"]
    assert rows[store["il7"]].badges == []
    assert rows[store["serum"]].status == "ON_HOLD"
    assert rows[store["il7"]].reference_name.startswith("Recombinant human IL-7")


@pytest.mark.parametrize(
    ("sort", "descending"),
    [("expiry", False), ("expiry", True), ("lot", False), ("lot", True), ("received", False)],
)
def test_sorted_pages_follow_the_sort(
    unit: Unit, store: dict[str, str], sort: str, descending: bool
) -> None:
    wanted = LotFilter(sort=sort, descending=descending)
    rows = every_page(unit, wanted, limit=2)
    key = {
        "expiry": lambda r: (r.expiry, r.id),
        "lot": lambda r: r.lot,
        "received": lambda r: r.id,
    }[sort]
    assert rows == sorted(rows, key=key, reverse=descending)
    assert len(rows) == 5


def test_reference_choices_list_the_catalog(unit: Unit) -> None:
    choices = dict(reference_choices(unit.db))
    assert choices["RM-009"].startswith("Recombinant human IL-7") and len(choices) >= 30


def test_a_page_reads_no_container_or_trail_table_whole(unit: Unit, store: dict[str, str]) -> None:
    if unit.db.dialect != "sqlite":
        pytest.skip("SQLite's query plans")
    with captured(unit) as statements:
        lot_page(unit.db, LotFilter())
        lot_page(unit.db, LotFilter(text=store["il7"] + "-002", reference="RM-009"))
        lot_page(unit.db, LotFilter(statuses=frozenset({"QUARANTINE"}), sort="expiry"))
    with unit.db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        plans = [
            row[-1]
            for statement, parameters in statements
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ())
        ]
    assert not [p for p in plans if p.startswith(("SCAN containers", "SCAN audit_events"))]
    assert any("containers USING" in p for p in plans)  # the in-stock count by index
