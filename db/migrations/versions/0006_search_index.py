"""Search as you type: a trigram index of lot numbers and supplier lots

The inventory's search is a substring search ("contains"); a B-tree cannot serve it, so every
keystroke read the whole lots table. SQLite gets an FTS5 table with the trigram tokenizer,
kept in step with `lots` by triggers (in the same transaction as the row); PostgreSQL gets
GIN indexes of pg_trgm, which serve ILIKE '%...%' directly.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SEARCHED = ("lot_number", "supplier_lot")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _trigram_postgresql()
    else:
        _fts_sqlite()


def _fts_sqlite() -> None:
    # External content: the index holds the trigrams only, the strings stay in `lots`.
    op.execute(
        "CREATE VIRTUAL TABLE lots_search USING fts5(lot_number, supplier_lot, "
        "content='lots', content_rowid='id', tokenize='trigram')"
    )
    op.execute("INSERT INTO lots_search(lots_search) VALUES ('rebuild')")  # the lots so far
    new = "new.id, new.lot_number, new.supplier_lot"
    old = "old.id, old.lot_number, old.supplier_lot"
    op.execute(
        "CREATE TRIGGER lots_search_insert AFTER INSERT ON lots BEGIN "
        f"INSERT INTO lots_search(rowid, lot_number, supplier_lot) VALUES ({new}); END"
    )
    op.execute(
        "CREATE TRIGGER lots_search_update AFTER UPDATE OF lot_number, supplier_lot ON lots "
        "BEGIN INSERT INTO lots_search(lots_search, rowid, lot_number, supplier_lot) "
        f"VALUES ('delete', {old}); "
        f"INSERT INTO lots_search(rowid, lot_number, supplier_lot) VALUES ({new}); END"
    )
    # Lots are never deleted (lots_no_delete refuses first); should that guard be dropped,
    # the index still follows the table.
    op.execute(
        "CREATE TRIGGER lots_search_delete AFTER DELETE ON lots BEGIN "
        "INSERT INTO lots_search(lots_search, rowid, lot_number, supplier_lot) "
        f"VALUES ('delete', {old}); END"
    )


def _trigram_postgresql() -> None:
    schema = _pg_trgm_schema()
    if schema is None:
        # Without the extension the search stays correct, by reading the table.
        return
    # Lots arrive a few a day: each goes straight into the index (no pending list, which
    # every search would read until a vacuum merged it, and which the planner prices in).
    for column in SEARCHED:
        op.execute(
            f"CREATE INDEX ix_lots_{column}_trgm ON lots "
            f'USING gin ({column} "{schema}".gin_trgm_ops) WITH (fastupdate = off)'
        )


def _pg_trgm_schema() -> str | None:
    """Where pg_trgm lives, installing it if this role may (`lotkeeper server setup` installs
    it as the administrator, since the owner role may not create extensions)."""
    bind = op.get_bind()
    found = _installed(bind)
    if found is not None:
        return found
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        return None
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:  # no right to create it: the search reads the table instead
        return None
    return _installed(bind)


def _installed(bind: sa.Connection) -> str | None:
    return bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        )
    ).scalar()


def downgrade() -> None:
    raise NotImplementedError("the GMP record is never downgraded; restore a backup instead")
