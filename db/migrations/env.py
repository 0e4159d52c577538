"""Alembic environment: always run programmatically with an engine from db.migrate."""

from __future__ import annotations

from alembic import context

from db.migrate import modelled
from db.models import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=modelled,
    )
    with context.begin_transaction():
        context.run_migrations()
