"""The trail's genesis, and triggers: no UPDATE on the trail, no DELETE anywhere

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.bulk_insert(
        sa.table("audit_head", sa.column("id"), sa.column("seq"), sa.column("hash")),
        [{"id": 1, "seq": 0, "hash": "0" * 64}],
    )
    if op.get_bind().dialect.name == "postgresql":
        _guard_postgresql()
    else:
        _guard_sqlite()


# Nothing of the record is ever deleted; the trail is never changed either.
RECORD_TABLES = (
    "users", "suppliers", "material_references", "deliveries", "lots", "receipt_checks",
    "containers", "documents", "samples", "test_results", "signatures", "batches",
    "consumptions", "deviations", "deviation_links", "settings", "audit_head", "audit_events",
)  # fmt: skip


def _guard_sqlite() -> None:
    op.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )
    for table in RECORD_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'records are never deleted'); END"
        )


def _guard_postgresql() -> None:
    op.execute(
        "CREATE FUNCTION lotkeeper_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW "
        "EXECUTE FUNCTION lotkeeper_refuse('the audit trail is append-only')"
    )
    for table in RECORD_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
            "EXECUTE FUNCTION lotkeeper_refuse('records are never deleted')"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION lotkeeper_refuse('records are never deleted')"
        )


def downgrade() -> None:
    raise NotImplementedError("the GMP record is never downgraded; restore a backup instead")
