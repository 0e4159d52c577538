"""Search as you type by index (migration 0006): the same lots as a plain LIKE, no table read.

The oracle is the search as it was before the index: the same conditions with the index's
candidates left out (`indexed_lot_ids` answering None), i.e. LIKE on SQLite, ILIKE on
PostgreSQL over every lot.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db import migrate
from db.integrity import guards
from db.models import Lot
from db.queries import lot_list
from db.queries.lot_list import LotFilter, lot_count, lot_page
from tests.db.test_query_plans import captured, full_scans, pg_full_scans
from tests.fixtures.world import Unit

SUPPLIER_LOTS = (
    "ABC-123", "abc-999", "Abc 77 x", "X%Y_Z", 'QU"OTE-1', "NEAR-5", "A*B-2", "ÉCLAIR-9",
    "éclair-10", "2291-IL7", "il7-2291b", "0004221", "LOT1", "lot-one", "OR-AND-NOT",
)  # fmt: skip
REFERENCES = ("RM-001", "RM-009", "RM-015", "RM-006")
TYPED = (
    "a", "ab", "abc", "ABC", "Abc-", "abc-1", "bc 7", "c 77 x", "%", "x%y", "%Y_", "_z", 'U"O',
    '"', 'qu"ote', "near", "NEAR(", "a*b", "*", "éclair", "ÉCLAIR", "clair-1", "2291", "il7",
    "IL-7", "rm-009", "interleukin", "L26", "L26-0000", "000", "-00000", "lot", "or-and", "AND",
    "no such lot", "  abc  ", "]C1abc-1",
)  # fmt: skip


@pytest.fixture
def world(unit: Unit) -> list[str]:
    """Lots of four references whose supplier lots mix case, accents, wildcards and the
    words of FTS5's query language."""
    lots = []
    for i, supplier_lot in enumerate(SUPPLIER_LOTS):
        received = unit.receive(REFERENCES[i % len(REFERENCES)], lot=supplier_lot, containers=1)
        lots.append(received.lot)
    return lots


def old_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lot_list, "indexed_lot_ids", lambda _session, _text: None)


def answers(unit: Unit, wanted: LotFilter) -> tuple[list[str], int]:
    return [r.lot for r in lot_page(unit.db, wanted, limit=500).rows], lot_count(unit.db, wanted)


def test_the_index_finds_what_a_plain_like_finds(
    unit: Unit, world: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = [LotFilter(text=t) for t in TYPED]
    wanted += [LotFilter(text=world[3] + "-001"), LotFilter(text=world[5][-6:].lower())]
    wanted += [LotFilter(text="abc", sort="lot", descending=False)]
    wanted += [LotFilter(text="ABC", statuses=frozenset({"QUARANTINE"}), sort="expiry")]
    indexed = [answers(unit, w) for w in wanted]
    old_search(monkeypatch)
    plain = [answers(unit, w) for w in wanted]
    assert indexed == plain
    assert sum(1 for rows, _ in plain if rows) > len(wanted) // 2  # the texts do find lots


def test_a_search_pages_like_before(
    unit: Unit, world: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def pages() -> list[list[str]]:
        found, cursor = [], None
        while True:
            page = lot_page(unit.db, LotFilter(text="L26-0"), cursor, limit=4)
            found.append([r.lot for r in page.rows])
            if page.next is None:
                return found
            cursor = page.next

    indexed = pages()
    old_search(monkeypatch)
    assert indexed == pages() and len(indexed) >= 4


def bulk_lots(unit: Unit, count: int) -> None:
    """`count` more lots copied from the first one in one statement (not a workflow: no
    trail), so that reading the whole table costs the planner what it would in use."""
    columns = [c.name for c in Lot.__table__.c if c.name != "id"]
    made = {
        "lot_number": "'B' || CAST(100000 + i AS VARCHAR(12))",
        "supplier_lot": "'S' || CAST(i * 7919 % 1000003 AS VARCHAR(12)) || '-K'",
    }
    values = ", ".join(made.get(c, c) for c in columns)
    with unit.db.engine.begin() as connection:
        connection.execute(
            text(
                "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < :n) "
                f"INSERT INTO lots ({', '.join(columns)}) SELECT {values} FROM lots, g "
                "WHERE lots.id = (SELECT MIN(id) FROM lots)"
            ),
            {"n": count},
        )
        if unit.db.dialect == "postgresql":
            connection.execute(text("ANALYZE lots"))


def test_the_index_follows_bulk_inserts(
    unit: Unit, world: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk_lots(unit, 300)
    wanted = [LotFilter(text=t) for t in ("B100", "b100299", "S7919-k", "-K", "abc", "00")]
    indexed = [answers(unit, w) for w in wanted]
    old_search(monkeypatch)
    assert indexed == [answers(unit, w) for w in wanted]
    assert indexed[1] == (["B100299"], 1) and indexed[2][1] >= 1


def test_search_reads_no_whole_table(unit: Unit, world: list[str]) -> None:
    bulk_lots(unit, 20000)
    rare = ("abc", "éclair", "rm-009", world[2] + "-001", "no such lot", "S3959500", "b101234")
    with captured(unit) as statements:
        for typed in rare:
            lot_page(unit.db, LotFilter(text=typed))
            lot_count(unit.db, LotFilter(text=typed))
    searched = [s for s in statements if "FROM lots" in s[0] and "LIKE" in s[0].upper()]
    assert len(searched) >= 12
    if unit.db.dialect == "sqlite":
        assert full_scans(unit, searched) == []
        assert all("MATCH" in s for s, _ in searched)
    else:
        assert pg_full_scans(unit, searched) == []


def test_an_existing_record_gets_its_index_on_upgrade(unit: Unit, world: list[str]) -> None:
    """A record of revision 0005, with lots, upgraded: the index covers the lots it had."""
    _back_to_0005(unit)
    assert migrate.upgrade(unit.db.engine) == "0005"
    assert {r.lot for r in lot_page(unit.db, LotFilter(text="abc-1")).rows} == {world[0]}
    later = unit.receive("RM-001", lot="ZZ-after-upgrade", containers=1).lot
    assert [r.lot for r in lot_page(unit.db, LotFilter(text="zz-AFTER")).rows] == [later]


def test_the_guards_are_all_there(unit: Unit) -> None:
    with unit.db.read() as session:
        assert guards.missing(session) == []


def _back_to_0005(unit: Unit) -> None:
    sqlite = unit.db.dialect == "sqlite"
    undo: list[str] = (
        ["DROP TABLE lots_search"]
        + [f"DROP TRIGGER lots_search_{w}" for w in ("insert", "update", "delete")]
        if sqlite
        else [f"DROP INDEX ix_lots_{c}_trgm" for c in ("lot_number", "supplier_lot")]
    )
    with unit.db.engine.begin() as connection:
        for statement in [*undo, "UPDATE alembic_version SET version_num = '0005'"]:
            connection.execute(text(statement))
