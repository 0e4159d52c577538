"""Electronic signatures bound to the exact content they sign (21 CFR 11.50, 11.70)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import audit_value
from db.engine import tx_now
from db.models import Base, Document, Signature
from db.serialize import canonical_json, sha256_hex
from db.users import Actor

MEANINGS = (
    "Released",
    "Rejected",
    "Put on hold",
    "Hold lifted",
    "Deviation closed",
    "Change approved",
)


def binding(record: Base, fields: tuple[str, ...]) -> dict[str, Any]:
    """The signed record's identity and the fields the signer saw, as the trail writes them."""
    columns = {c.key: c for c in type(record).__table__.columns}
    return {
        "table": record.__tablename__,
        "id": record.id,  # type: ignore[attr-defined]
        "fields": {f: audit_value(columns[f], getattr(record, f)) for f in fields},
    }


def document_evidence(session: Session, lot_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Document.id, Document.kind, Document.filename, Document.sha256)
        .where(Document.lot_id == lot_id)
        .order_by(Document.id)
    ).all()
    return [{"id": r.id, "kind": r.kind, "filename": r.filename, "sha256": r.sha256} for r in rows]


def sign(
    session: Session,
    actor: Actor,
    meaning: str,
    record: Base,
    fields: tuple[str, ...],
    evidence: dict[str, Any],
    comment: str | None,
) -> Signature:
    """Record a signature inside the signing workflow's transaction.

    The password was re-checked by the caller just before; the content names the signer,
    the instant, the meaning, the record and its evidence, and its SHA-256 is stored with it.
    """
    assert meaning in MEANINGS, meaning
    signed_at = tx_now(session)
    content = canonical_json(
        {
            "meaning": meaning,
            "signer": actor.username,
            "full_name": actor.full_name,
            "signed_at": signed_at,
            "record": binding(record, fields),
            "evidence": evidence,
            "comment": comment,
        }
    )
    signature = Signature(
        user_id=actor.id,
        full_name=actor.full_name,
        signed_at=signed_at,
        meaning=meaning,
        entity_type=record.__tablename__,
        entity_id=record.id,  # type: ignore[attr-defined]
        content=content,
        content_sha256=sha256_hex(content),
        comment=comment,
    )
    session.add(signature)
    session.flush()
    return signature
