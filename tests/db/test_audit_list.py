"""The audit trail list: keyset pages both ways, each filter exact, counts, stopping, the CSV
export read back, and the plans SQLite uses for the windows."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from db import release
from db.models import AuditEvent
from db.queries import audit_list
from db.queries.audit_export import HEADER, export_csv
from db.queries.audit_list import AuditFilter, AuditRow, audit_count, audit_page, describe
from tests.db.test_query_plans import captured
from tests.fixtures.world import PASSWORDS, Unit


def walk(unit: Unit, wanted: AuditFilter, limit: int, ascending: bool = False) -> list[AuditRow]:
    rows, after = [], None
    while True:
        page = audit_page(unit.db, wanted, after, limit, ascending=ascending)
        assert len(page.rows) <= limit
        rows += page.rows
        if page.next is None:
            return rows
        after = page.next


def all_events(unit: Unit) -> list[AuditEvent]:
    with unit.db.read() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())))


@pytest.fixture
def story(unit: Unit) -> dict[str, str]:
    """Three days of work: receipts, a release, a hold with a reason."""
    first = unit.receive("RM-009", lot="IL7-1").lot
    unit.clock.advance(days=1)
    second = unit.released_lot("RM-001", lot="TUB-1").lot
    unit.clock.advance(days=1)
    release.hold(unit.db, unit.qa2, PASSWORDS["qa2"], second, "=HYPERLINK(bad) endotoxin")
    return {"first": first, "second": second}


def test_pages_walk_the_whole_trail_once_each_way(unit: Unit, story: dict[str, str]) -> None:
    seqs = [e.seq for e in all_events(unit)]
    assert [r.seq for r in walk(unit, AuditFilter(), 7)] == seqs
    assert [r.seq for r in walk(unit, AuditFilter(), 7, ascending=True)] == seqs[::-1]
    assert audit_count(unit.db, AuditFilter()) == len(seqs)


def test_each_filter_is_exact(
    unit: Unit, story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    events = all_events(unit)
    today = unit.today()

    def check(wanted: AuditFilter, keep: object) -> None:
        expected = [e.seq for e in events if keep(e)]  # type: ignore[operator]
        assert [r.seq for r in walk(unit, wanted, 3)] == expected, wanted
        assert audit_count(unit.db, wanted) == len(expected), wanted

    check(AuditFilter(username="qa2"), lambda e: e.username == "qa2")
    check(AuditFilter(action="lot.hold"), lambda e: e.action == "lot.hold")
    check(AuditFilter(action="lot."), lambda e: e.action.startswith("lot."))
    check(AuditFilter(entity_type="lots"), lambda e: e.entity_type == "lots")
    for text in ("endotoxin", "tub-1", "HYPERLINK"):
        check(
            AuditFilter(text=text),
            lambda e, t=text: t.lower() in f"{e.old}{e.new}{e.reason}".lower(),
        )
    check(AuditFilter(since=today), lambda e: e.at.date() >= today)
    check(AuditFilter(until=today - timedelta(days=1)), lambda e: e.at.date() < today)
    yesterday = today - timedelta(days=1)
    check(
        AuditFilter(since=yesterday, until=yesterday, username="tech"),
        lambda e: e.at.date() == yesterday and e.username == "tech",
    )
    # A common entity type is checked in the windows instead of read through its index.
    monkeypatch.setattr(audit_list, "RARE_TYPE", 0)
    check(AuditFilter(entity_type="containers"), lambda e: e.entity_type == "containers")
    check(
        AuditFilter(entity_type="lots", action="lot.hold"),
        lambda e: e.action == "lot.hold" and e.entity_type == "lots",
    )


def test_a_stopped_search_says_where_it_got_to(unit: Unit, story: dict[str, str]) -> None:
    page = audit_page(unit.db, AuditFilter(text="no such text"), stop=lambda: True)
    assert page.rows == [] and page.next is not None
    assert audit_count(unit.db, AuditFilter(text="x"), stop=lambda: True) is None
    assert audit_page(unit.db, AuditFilter(text="no such text")).next is None


def test_changes_read_as_words(unit: Unit, story: dict[str, str]) -> None:
    hold = next(e for e in all_events(unit) if e.action == "lot.hold" and e.entity_type == "lots")
    with unit.db.read() as session:
        names = audit_list.user_names(session)
    text = describe(hold.old, hold.new, names)
    assert "status: RELEASED → ON_HOLD" in text and "status_by_id: qa → qa2" in text
    created = describe(None, '{"code":"X","opened_at":null,"ok":true}')
    assert created == "created: code=X; opened_at=—; ok=yes"
    assert describe('{"password_hash":"a"}', '{"password_hash":"b"}') == (
        "password_hash: (secret) → (secret)"
    )


def test_csv_export_reads_back(unit: Unit, story: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "trail.csv"
    seen: list[int] = []
    wanted = AuditFilter(action="lot.")
    done = export_csv(unit.db, wanted, path, progress=seen.append)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Excel"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    expected = [e for e in reversed(all_events(unit)) if e.action.startswith("lot.")]
    assert rows[0] == list(HEADER)
    assert [int(r[0]) for r in rows[1:]] == [e.seq for e in expected]  # oldest first
    assert done.complete and done.events == len(expected) == seen[-1]
    hold = next(r for r in rows if r[3] == "lot.hold" and r[4] == "lots")
    assert hold[1].endswith("Z") and hold[2] == "qa2" and hold[5].isdigit()
    assert hold[8] == "'=HYPERLINK(bad) endotoxin"  # never run as a formula
    event = next(e for e in expected if e.seq == int(hold[0]))
    assert (hold[6], hold[7], hold[9]) == (event.old, event.new, event.hash)
    assert not list(tmp_path.glob("*.part"))


def test_a_cancelled_export_leaves_no_file(unit: Unit, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    done = export_csv(unit.db, AuditFilter(), folder / "trail.csv", stop=lambda: True)
    assert not done.complete and not list(folder.iterdir())


def test_windows_use_the_primary_key_or_the_user_index(
    unit: Unit, story: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if unit.db.dialect != "sqlite":
        pytest.skip("SQLite's query plans")
    monkeypatch.setattr(audit_list, "RARE_TYPE", 0)  # containers: half of a real trail
    with captured(unit) as statements:
        audit_page(unit.db, AuditFilter(text="endotoxin", entity_type="containers"))
        audit_page(unit.db, AuditFilter(since=unit.today(), action="lot."))
        audit_page(unit.db, AuditFilter(username="qa", since=unit.today()))
    with unit.db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        plans = [
            row[-1]
            for statement, parameters in statements
            if "audit_events.hash" in statement  # the page queries themselves
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ())
        ]
    assert plans
    for plan in plans:
        assert "INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in plan or (
            "ix_audit_events_username (username=? AND seq>? AND seq<?)" in plan
        ), plan
