"""Integrity: the record's identity (site key), access failures, password history, QA
approvals of release-relevant changes, and guards that keep the chain in order

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
NEW_TABLES = ("access_failures", "password_history", "approved_changes")


def upgrade() -> None:
    op.create_table(
        "record_identity",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=16), nullable=False),
        sa.Column("keyed_from", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_identity")),
        sa.UniqueConstraint("record_id", name=op.f("uq_record_identity_record_id")),
    )
    op.create_table(
        "access_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("typed_username", sa.String(length=80), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.Column("workstation", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_failures")),
    )
    op.create_index("ix_access_failures_at", "access_failures", ["at"], unique=False)
    op.create_table(
        "password_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_password_history_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_history")),
    )
    op.create_index(
        op.f("ix_password_history_user_id"), "password_history", ["user_id"], unique=False
    )
    op.create_table(
        "approved_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_approved_changes_requested_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["signature_id"],
            ["signatures.id"],
            name=op.f("fk_approved_changes_signature_id_signatures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approved_changes")),
    )
    op.create_index(
        op.f("ix_approved_changes_requested_by_id"),
        "approved_changes",
        ["requested_by_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_approved_changes_signature_id"), "approved_changes", ["signature_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        _guard_postgresql()
    else:
        _guard_sqlite()


def _guard_sqlite() -> None:
    for table in (*NEW_TABLES, "record_identity"):
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END"
        )
    op.execute(
        "CREATE TRIGGER record_identity_no_update BEFORE UPDATE ON record_identity "
        "BEGIN SELECT RAISE(ABORT, 'the record identity never changes'); END"
    )
    # The chain grows one event at a time, each after the last one.
    op.execute(
        "CREATE TRIGGER audit_events_in_order BEFORE INSERT ON audit_events "
        "WHEN NEW.seq != (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events) "
        f"OR NEW.prev_hash != COALESCE((SELECT hash FROM audit_events WHERE seq = NEW.seq - 1), "
        f"'{GENESIS}') "
        "BEGIN SELECT RAISE(ABORT, 'audit events are appended in order, after the last one'); END"
    )
    # The head only moves forward, and only onto the last event of the trail.
    op.execute(
        "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head "
        "WHEN NEW.id != OLD.id OR NEW.seq < OLD.seq "
        "OR NEW.seq != (SELECT COALESCE(MAX(seq), 0) FROM audit_events) "
        f"OR NEW.hash != COALESCE((SELECT hash FROM audit_events WHERE seq = NEW.seq), '{GENESIS}') "
        "BEGIN SELECT RAISE(ABORT, 'the chain head only moves forward, onto the last event'); END"
    )


def _guard_postgresql() -> None:
    for table in (*NEW_TABLES, "record_identity"):
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
            "EXECUTE FUNCTION lotkeeper_refuse('records are never deleted')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION lotkeeper_refuse('records are never deleted')"
        )
    op.execute(
        "CREATE TRIGGER record_identity_no_update BEFORE UPDATE ON record_identity FOR EACH ROW "
        "EXECUTE FUNCTION lotkeeper_refuse('the record identity never changes')"
    )
    op.execute(
        "CREATE FUNCTION lotkeeper_event_in_order() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF NEW.seq != (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events) "
        f"OR NEW.prev_hash != COALESCE((SELECT hash FROM audit_events WHERE seq = NEW.seq - 1), "
        f"'{GENESIS}') THEN "
        "RAISE EXCEPTION 'audit events are appended in order, after the last one'; "
        "END IF; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_events_in_order BEFORE INSERT ON audit_events FOR EACH ROW "
        "EXECUTE FUNCTION lotkeeper_event_in_order()"
    )
    op.execute(
        "CREATE FUNCTION lotkeeper_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF NEW.id != OLD.id OR NEW.seq < OLD.seq "
        "OR NEW.seq != (SELECT COALESCE(MAX(seq), 0) FROM audit_events) "
        f"OR NEW.hash != COALESCE((SELECT hash FROM audit_events WHERE seq = NEW.seq), '{GENESIS}') "
        "THEN RAISE EXCEPTION 'the chain head only moves forward, onto the last event'; "
        "END IF; RETURN NEW; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head FOR EACH ROW "
        "EXECUTE FUNCTION lotkeeper_head_forward()"
    )


def downgrade() -> None:
    raise NotImplementedError("the GMP record is never downgraded; restore a backup instead")
