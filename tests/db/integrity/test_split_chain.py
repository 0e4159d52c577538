"""A big trail's hashes are checked in a second process (db/integrity/split_chain.py): the same
problems, named the same way and in the same order, as the single-process verify."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db import audit_verify
from db.integrity import split_chain
from tests.db.tampering import unguarded
from tests.fixtures.world import Unit


def _worker_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process must not hash the worker's half itself (its fallback when the worker
    fails): the spawned worker does not see this patch."""

    def refuse(*_: object) -> None:
        raise AssertionError("the worker failed: this process fell back to hashing its half")

    monkeypatch.setattr(split_chain, "forged_rows", refuse)


def test_a_forged_event_in_each_half_is_named_as_by_one_process(
    unit: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    unit.released_lot()
    unit.released_lot("RM-002")
    with unit.db.read() as session:
        last = session.execute(text("SELECT MAX(seq) FROM audit_events")).scalar_one()
    first_half, second_half = 2, last - 1
    assert first_half < last // 2 < second_half
    with unguarded(unit) as connection:
        connection.execute(
            text("UPDATE audit_events SET reason = 'forged' WHERE seq IN (:a, :b)"),
            {"a": first_half, "b": second_half},
        )
        connection.execute(text("UPDATE signatures SET full_name = 'Somebody Else'"))
    alone = audit_verify.verify(unit.db)
    _worker_only(monkeypatch)
    split = audit_verify.verify(unit.db, split_over=0, split_share=0.5)
    assert split.problems == alone.problems
    forged = [p.seq for p in split.problems if "changed or forged after it was written" in p.text]
    assert forged == [first_half, second_half], split.problems
    named = [p.text for p in split.problems if p.seq == second_half]
    assert named[0].startswith(f"event #{second_half} ("), named
    assert split.signatures == alone.signatures > 0
    assert "printed name, meaning or time differ" in split.problems[-1].text


def test_an_intact_trail_split_between_processes_verifies(
    unit: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    unit.released_lot()
    _worker_only(monkeypatch)
    report = audit_verify.verify(unit.db, split_over=0, split_share=0.5)
    assert report.ok, report.problems
    assert report.events == report.head_seq > 0


def test_an_event_after_a_removed_one_is_named_as_by_one_process(
    unit: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the worker's half, an event that does not follow a removed one is named for the
    removal, not also for its hash: as in the single-process walk."""
    unit.released_lot()
    unit.released_lot("RM-002")
    with unit.db.read() as session:
        last = session.execute(text("SELECT MAX(seq) FROM audit_events")).scalar_one()
    with unguarded(unit) as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = :s"), {"s": last - 2})
        connection.execute(
            text("UPDATE audit_events SET reason = 'forged' WHERE seq IN (:a, :b)"),
            {"a": 2, "b": last - 1},
        )
    alone = audit_verify.verify(unit.db)
    _worker_only(monkeypatch)
    split = audit_verify.verify(unit.db, split_over=0, split_share=0.5)
    assert split.problems == alone.problems
    named = [p.text for p in split.problems if p.seq == last - 1]
    assert "events were removed" in named[0] and len(named) == 1, split.problems
