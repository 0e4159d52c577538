"""What a person may write into a field of the record: within its length, no hidden characters.

One rule for every write, checked on the write sessions before each flush, on every new or
changed row, so it holds the same on SQLite (which enforces no length) and on PostgreSQL
(which would fail with an internal error):

- a `String(n)` value has at most n characters and no control character (Unicode category
  Cc) nor text-direction control (bidi override, isolate, mark);
- a `Text` value typed by a person (`info={"max": N}`) has at most N characters and may hold
  tabs and line breaks but no other control character nor direction control;
- a `Text` value written by the machine (`info={"raw": True}`: a scan with its GS
  separators, signed JSON) is kept as given, except what no database stores (NUL, invalid
  text).
The audit context's reason is checked the same way (db/engine.py).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import Column, String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from db.errors import Refused
from db.models.base import Base

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
LINE_BREAKS = frozenset("\t\n\r")
REASON_MAX = 4000  # the reason of an audit event (db.write(reason=...))

# Field names in words, for messages; any other column reads as its name with spaces.
NAMES = {
    "users.full_name": "the full name",
    "users.username": "the user name",
    "lots.supplier_lot": "the supplier lot",
    "lots.serial": "the serial number",
    "lots.gtin": "the GTIN",
    "lots.nonconformity": "the non-conformity",
    "deliveries.delivery_note": "the delivery note",
    "material_references.code": "the reference code",
    "material_references.name": "the reference name",
    "material_references.supplier_ref": "the supplier's reference",
    "material_references.storage": "the storage condition",
    "material_references.unit": "the unit",
    "material_references.gtin": "the GTIN",
    "suppliers.name": "the supplier name",
    "suppliers.country": "the country code",
    "batches.code": "the batch code",
    "containers.code": "the container code",
    "consumptions.fefo_override": "the reason for overriding FEFO",
    "samples.location": "the storage location",
    "samples.disposal_note": "the disposal note",
    "test_results.name": "the test name",
    "test_results.value": "the test value",
    "documents.filename": "the file name",
    "deviations.title": "the deviation title",
    "deviations.description": "the deviation description",
    "deviations.capa": "the CAPA",
    "deviations.closure": "the closure",
    "receipt_checks.note": "the checklist note",
    "signatures.comment": "the signature comment",
    "approved_changes.reason": "the reason",
}


def field_name(column: Column[Any]) -> str:
    key = f"{column.table.name}.{column.name}"
    return NAMES.get(key, "the " + column.name.replace("_", " "))


def text_problem(
    value: str, what: str, *, limit: int | None, multiline: bool = False, raw: bool = False
) -> str | None:
    """Why `value` cannot be stored as `what` (None: it can)."""
    if limit is not None and len(value) > limit:
        return f"{what} is longer than {limit} characters ({len(value)} given)"
    for char in value:
        problem = _char_problem(char, multiline=multiline, raw=raw)
        if problem:
            return f"{what} contains {problem} (U+{ord(char):04X})"
    return None


def _char_problem(char: str, *, multiline: bool, raw: bool) -> str | None:
    category = unicodedata.category(char)
    if category == "Cs":
        return "a character that is not valid text"
    if char == "\x00":
        return "a control character"
    if raw:
        return None
    if category == "Cc" and not (multiline and char in LINE_BREAKS):
        return "a control character"
    if char in BIDI_CONTROLS:
        return "a text-direction control character"
    return None


def column_problem(column: Column[Any], value: Any) -> str | None:
    """Why `value` cannot go into `column` (None: it can, or the column holds no text)."""
    if not isinstance(value, str) or not isinstance(column.type, String):
        return None
    what = field_name(column)
    length = column.type.length
    if length is not None:
        return text_problem(value, what, limit=length)
    if column.info.get("raw"):
        return text_problem(value, what, limit=column.info.get("max"), raw=True)
    return text_problem(value, what, limit=column.info.get("max"), multiline=True)


def check(column: Any, value: Any) -> None:
    """Refuse `value` for `column` (a mapped attribute such as User.full_name, or a Column)."""
    target = column.property.columns[0] if hasattr(column, "property") else column
    problem = column_problem(target, value)
    if problem:
        raise Refused(problem)


def check_text(value: str, what: str, *, limit: int = REASON_MAX) -> str:
    """A person's free text that no single column holds (a reason): refused or returned."""
    problem = text_problem(value, what, limit=limit, multiline=True)
    if problem:
        raise Refused(problem)
    return value


def searchable(text: str) -> bool:
    """Whether `text` can be looked up at all: no database holds NUL or invalid text, and
    PostgreSQL refuses to even compare with it."""
    return not any(c == "\x00" or "\ud800" <= c <= "\udfff" for c in text)


def printable(text: str, limit: int) -> str:
    """A name a person or a file gave, safe to put in a reason or a message: control and
    format characters as '?', cut to its last `limit` characters (a path keeps its file name)."""
    shown = "".join("?" if unicodedata.category(c) in {"Cc", "Cf", "Cs"} else c for c in text)
    return shown if len(shown) <= limit else "…" + shown[-(limit - 1) :]


def check_row(obj: Base, *, changed_only: bool) -> None:
    """Refuse the first value of `obj` that its column cannot hold (only the changed values
    of a row already in the record: what it held before is not this change's doing)."""
    state = inspect(obj)
    for prop in state.mapper.column_attrs:
        column = prop.columns[0]
        if not isinstance(column, Column) or not isinstance(column.type, String):
            continue
        if changed_only:
            values = list(state.attrs[prop.key].history.added)
        else:
            values = [state.dict.get(prop.key)]
        for value in values:
            problem = column_problem(column, value)
            if problem:
                raise Refused(problem)


def _before_flush(session: Session, *_: Any) -> None:
    for obj in session.new:
        if isinstance(obj, Base):
            check_row(obj, changed_only=False)
    for obj in session.dirty:
        if isinstance(obj, Base):
            check_row(obj, changed_only=True)


def install(sessions: sessionmaker[Session]) -> None:
    """Every flush of this factory's sessions checks what it writes."""
    event.listen(sessions, "before_flush", _before_flush)
