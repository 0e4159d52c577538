"""Case-insensitive "contains" for the lists' search fields, at the lowest cost per row.

SQLite's LIKE already ignores the case of ASCII letters, so `lower(column) LIKE lower(?)` (what
SQLAlchemy's `icontains` writes there) only doubles the cost of scanning a long list; on
PostgreSQL LIKE is case-sensitive and ILIKE is the one to use. `%` and `_` typed by a person
are characters, not wildcards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, column, literal_column, select, table
from sqlalchemy.orm import Session


def contains(session: Session, column: Any, text: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        return column.contains(text, autoescape=True)
    return column.icontains(text, autoescape=True)


# A trigram index answers only for three characters or more; shorter texts read the table.
TRIGRAM = 3
_LOTS_SEARCH = table("lots_search", column("rowid"))


def indexed_lot_ids(session: Session, text: str) -> Select[tuple[int]] | None:
    """The ids of the lots whose number or supplier lot may contain `text`, from SQLite's FTS5
    index (migration 0006): a superset of `contains` on those columns (FTS5 folds the case of
    every letter, LIKE of ASCII ones only), so the caller keeps `contains` to decide. None
    when the text is too short for trigrams, and on PostgreSQL, whose trigram indexes serve
    `contains` (ILIKE) itself."""
    if len(text) < TRIGRAM or session.get_bind().dialect.name != "sqlite":
        return None
    phrase = '"' + text.replace('"', '""') + '"'  # one literal string, no FTS5 operators
    return select(_LOTS_SEARCH.c.rowid).where(literal_column("lots_search").op("MATCH")(phrase))
