"""Recording prints: every label, certificate, record and log printed is in the trail.

The caller passes the data printed (for the reprint check), a function that renders the PDF
and a function that delivers it (writes the file, hands it to the printer). Both run inside the
transaction, delivery last: a print that fails to render or to be delivered is not recorded, and
a recorded print always exists. If the commit fails after delivery, the caller withdraws what it
delivered (the CLI removes the file).

Every print is made by a signed-in user: the trail and the page name who printed it.
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
# The PDF bytes -> delivered (file written, sent to a printer), or raises: nothing recorded.
Deliver = Callable[[bytes], None]


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
    actor: Actor,
    deliver: Deliver,
) -> Printed:
    """Render, deliver and record one print by `actor`; all of it, or nothing recorded."""
    assert kind in KINDS, kind
    key = sha256_hex(canonical_json(content))
    with db.write(
        user_id=actor.id, username=actor.username, action=f"print.{kind}", reason=None
    ) as session:
        require(session, actor)
        printed_by = actor.full_name
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
            printed_by_id=actor.id,
            printed_by_name=printed_by[:160],
        )
        session.add(record)
        session.flush()
        deliver(pdf)  # last: if it raises, the transaction rolls back and nothing is recorded
        return Printed(pdf, reprint, printed_at, printed_by, pages, record.id)
