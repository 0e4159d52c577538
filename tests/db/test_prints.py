"""Recording a print: recorded only once it is delivered, only for a signed-in user."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from db.errors import Refused
from db.models import AuditEvent, PrintRecord
from db.prints import record_print
from db.queries.printing import certificate_data, print_content
from tests.fixtures.world import Unit


def render(reprint: bool, by: str, at: datetime) -> tuple[bytes, int]:
    return f"%PDF {by} {reprint}".encode(), 1


def counts(unit: Unit) -> tuple[int, int]:
    with unit.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(PrintRecord)) or 0,
            s.scalar(select(func.count()).where(AuditEvent.action.like("print.%"))) or 0,
        )


def test_a_print_is_recorded_only_once_delivered(unit: Unit) -> None:
    def fails(pdf: bytes) -> None:
        raise Refused("the printer is out of paper")

    with pytest.raises(Refused, match="out of paper"):
        record_print(
            unit.db, kind="sample_log", subject="s", content=[], render=render, actor=unit.tech,
            deliver=fails,
        )  # fmt: skip
    assert counts(unit) == (0, 0)
    delivered: list[bytes] = []
    printed = record_print(
        unit.db, kind="sample_log", subject="s", content=[], render=render, actor=unit.tech,
        deliver=delivered.append,
    )  # fmt: skip
    assert delivered == [printed.pdf] and printed.pdf.startswith(b"%PDF Tom Tech")
    assert not printed.reprint and counts(unit) == (1, 1)
    with unit.db.read() as s:
        row = s.scalars(select(PrintRecord)).one()
        assert (row.printed_by_id, row.printed_by_name) == (unit.tech.id, "Tom Tech")


def test_print_content_keeps_the_key_of_prints_made_before_lines_had_names(unit: Unit) -> None:
    """Lines of a certificate were tuples: the REPRINT key must not change with their names."""
    lot = unit.released_lot()
    d = certificate_data(unit.db, lot.lot)
    content = print_content(d)
    s = d.signatures[0]
    assert content["signatures"][0] == [
        s.full_name, s.username, s.signed_at, s.meaning, s.comment, s.content_sha256,
    ]  # fmt: skip
    assert content["criteria"] == [[c.description, c.holds] for c in d.criteria]
    assert content["lot_number"] == lot.lot
