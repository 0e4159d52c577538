"""Schema rules that keep the record fast and honest at 20,000 lots and beyond."""

from __future__ import annotations

from db.models import Base


def test_every_foreign_key_is_indexed() -> None:
    unindexed = []
    for table in Base.metadata.sorted_tables:
        leading = {next(iter(i.columns)).name for i in table.indexes}
        leading |= {
            next(iter(c.columns)).name
            for c in table.constraints
            if c.__class__.__name__ in {"UniqueConstraint", "PrimaryKeyConstraint"}
        }
        unindexed += [
            f"{table.name}.{fk.parent.name}"
            for fk in table.foreign_keys
            if fk.parent.name not in leading
        ]
    assert unindexed == []


def test_audited_tables_are_the_whole_record() -> None:
    audited = {m.class_.__tablename__ for m in Base.registry.mappers if m.class_.__audited__}
    # The identity is written once, before there is a key to seal anything with.
    unsealed = {"audit_events", "audit_head", "counters", "record_identity"}
    assert audited == set(Base.metadata.tables) - unsealed
    for mapper in Base.registry.mappers:
        if mapper.class_.__audited__:
            assert "id" in mapper.class_.__table__.columns, mapper.class_.__tablename__
