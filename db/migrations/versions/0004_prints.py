"""prints

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 05:11:46.326252
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "prints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("reprint", sa.Boolean(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printed_by_id", sa.Integer(), nullable=True),
        sa.Column("printed_by_name", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(
            ["printed_by_id"], ["users.id"], name=op.f("fk_prints_printed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prints")),
    )
    with op.batch_alter_table("prints", schema=None) as batch_op:
        batch_op.create_index(
            "ix_prints_kind_subject", ["kind", "subject", "content_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_prints_printed_by_id"), ["printed_by_id"], unique=False
        )
    _guard()


def _guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER prints_no_delete BEFORE DELETE ON prints FOR EACH ROW "
            "EXECUTE FUNCTION lotkeeper_refuse('records are never deleted')"
        )
        op.execute(
            "CREATE TRIGGER prints_no_truncate BEFORE TRUNCATE ON prints "
            "FOR EACH STATEMENT EXECUTE FUNCTION lotkeeper_refuse('records are never deleted')"
        )
    else:
        op.execute(
            "CREATE TRIGGER prints_no_delete BEFORE DELETE ON prints "
            "BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END"
        )


def downgrade() -> None:
    raise NotImplementedError("the GMP record is never downgraded; restore a backup instead")
