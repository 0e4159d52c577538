"""The fast seeder: a replicated store whose trail `audit verify` accepts, on both backends,
and on which the workflows carry on (numbering, id sequences, the chain head)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.fast_seed import seed
from benchmarks.seed_story import CHECK_ITEMS
from db import audit_verify
from db.engine import Database
from db.integrity.sealing import Integrity
from db.models import Lot, Reference, User
from db.receiving import Receipt, receive
from db.users import Actor

TEMPLATE_LOTS = 40


def _db(url: str, data: Path) -> Database:
    return Database(url, integrity=Integrity.in_folder(data, workstation="test-bench"))


def test_a_seeded_store_verifies_and_takes_new_work(db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "seeded"
    done = seed(db_url, data, 3 * TEMPLATE_LOTS, template_lots=TEMPLATE_LOTS, progress=None)
    assert done.copies == 3
    assert done.lots == 3 * TEMPLATE_LOTS
    db = _db(db_url, data)
    try:
        report = audit_verify.verify(db)
        assert report.problems == []
        assert report.events == done.audit_events
        with db.read() as session:
            numbers = session.scalars(select(Lot.lot_number)).all()
            assert len(set(numbers)) == len(numbers) == done.lots
            tech = session.scalars(select(User).where(User.username == "tech")).one()
            code = session.scalars(select(Reference.code).order_by(Reference.id)).first()
        receive(db, Actor.of(tech), _receipt(str(code)))
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(Lot)) == done.lots + 1
        assert audit_verify.verify(db).problems == []
    finally:
        db.dispose()


def _receipt(code: str) -> Receipt:
    return Receipt(
        supplier_lot="TEST0001",
        expiry=date.today() + timedelta(days=300),
        containers=2,
        quantity="1",
        reference_code=code,
        delivery_note="BL-TEST",
        checks=dict.fromkeys(CHECK_ITEMS, True),
        nonconformity=None,
    )
