"""Recording prints: every label, certificate, record and log printed is in the trail.

The caller passes the data printed (for the reprint check) and a function that renders the
PDF; rendering happens inside the transaction, so a print that fails to render is not recorded
and a recorded print always has its PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from db.engine import Database, tx_now
from db.models import PrintRecord
from db.serialize import canonical_json, sha256_hex
from db.users import Actor, require

KINDS = ("status_labels", "release_certificate", "receipt_record", "sample_log")
# (reprint, printed_by, printed_at) -> (pdf bytes, page count)
Render = Callable[[bool, str, datetime], tuple[bytes, int]]


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    reprint: bool
    printed_at: datetime
    printed_by: str
    pages: int
    record_id: int


def record_print(
    db: Database,
    *,
    kind: str,
    subject: str,
    content: Any,
    render: Render,
    actor: Actor | None = None,
    workstation_user: str = "",
) -> Printed:
    """Render and record one print. `actor` None: a workstation account, named as such."""
    assert kind in KINDS, kind
    key = sha256_hex(canonical_json(content))
    username = actor.username if actor else f"os:{workstation_user or 'unknown'}"
    with db.write(
        user_id=actor.id if actor else None, username=username, action=f"print.{kind}", reason=None
    ) as session:
        if actor is not None:
            require(session, actor)
        printed_by = (
            actor.full_name
            if actor
            else f"{workstation_user or 'unknown'} (workstation account, not signed in)"
        )
        reprint = (
            session.scalar(
                select(PrintRecord.id)
                .where(
                    PrintRecord.kind == kind,
                    PrintRecord.subject == subject,
                    PrintRecord.content_key == key,
                )
                .limit(1)
            )
            is not None
        )
        printed_at = tx_now(session)
        pdf, pages = render(reprint, printed_by, printed_at)
        record = PrintRecord(
            kind=kind,
            subject=subject,
            content_key=key,
            reprint=reprint,
            pages=pages,
            pdf_sha256=sha256_hex(pdf),
            printed_at=printed_at,
            printed_by_id=actor.id if actor else None,
            printed_by_name=printed_by[:160],
        )
        session.add(record)
        session.flush()
        return Printed(pdf, reprint, printed_at, printed_by, pages, record.id)
