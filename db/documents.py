"""Certificates and reports: the original file, byte for byte, with its SHA-256."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import lookups
from db.engine import Database, tx_now
from db.errors import Refused
from db.models import Document, DocumentKind, Lot, LotStatus, Role
from db.serialize import sha256_hex
from db.users import Actor, require

MAX_BYTES = 50 * 1024 * 1024
# PDFium is not thread-safe: every use in the program (checks here, page counts of prints)
# holds this lock.
PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class Attached:
    id: int
    lot: str
    kind: str
    filename: str
    sha256: str
    size: int


def check_pdf(filename: str, content: bytes) -> None:
    """Certificates are kept as PDF: refuse anything else before it enters the record."""
    if not content:
        raise Refused(f"{filename} is empty")
    if len(content) > MAX_BYTES:
        raise Refused(f"{filename} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not content.lstrip()[:5] == b"%PDF-":
        raise Refused(f"{filename} is not a PDF file (certificates are attached as PDF)")
    if b"%%EOF" not in content[-2048:]:
        raise Refused(
            f"{filename} is an incomplete PDF (no end-of-file marker): the file may be truncated"
        )
    _check_readable(filename, content)


def _check_readable(filename: str, content: bytes) -> None:
    """The file opens as a PDF with at least one page (a header and a trailer are not enough:
    an HTML page can start with %PDF- and end with %%EOF)."""
    import pypdfium2  # the PDF engine loads only when a certificate is checked

    with PDFIUM_LOCK:  # PDFium is not thread-safe
        try:
            document = pypdfium2.PdfDocument(content)
        except pypdfium2.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise Refused(
                    f"{filename} is protected by a password: attach an unprotected copy"
                ) from exc
            raise Refused(
                f"{filename} is not a readable PDF (it may be damaged, or another kind of file "
                "renamed .pdf)"
            ) from exc
        try:
            pages = len(document)
        finally:
            document.close()
    if pages == 0:
        raise Refused(f"{filename} is not a readable PDF (it has no pages)")


def add_document(
    session: Session, actor: Actor, lot: Lot, kind: str, filename: str, content: bytes
) -> Document:
    """Inside a workflow's transaction: validate and store one file for a lot."""
    if kind not in {k.value for k in DocumentKind}:
        raise Refused(
            f"unknown document kind {kind!r}: "
            f"choose from {', '.join(k.value for k in DocumentKind)}"
        )
    check_pdf(filename, content)
    digest = sha256_hex(content)
    same = session.scalars(
        select(Document).where(Document.lot_id == lot.id, Document.sha256 == digest)
    ).first()
    if same is not None:
        raise Refused(
            f"this file is already attached to {lot.lot_number} "
            f"as document #{same.id} ({same.kind}, {same.filename})"
        )
    document = Document(
        lot_id=lot.id,
        kind=kind,
        filename=filename[-255:],
        media_type="application/pdf",
        size=len(content),
        sha256=digest,
        content=content,
        uploaded_at=tx_now(session),
        uploaded_by_id=actor.id,
    )
    session.add(document)
    session.flush()
    return document


def attach(
    db: Database, actor: Actor, lot_number: str, kind: str, filename: str, content: bytes
) -> Attached:
    with db.write(user_id=actor.id, username=actor.username, action="document.attach") as s:
        require(s, actor, Role.TECHNICIAN, Role.QA)
        lot = lookups.lot(s, lot_number)
        if lot.status == LotStatus.REJECTED:
            raise Refused(f"{lot.lot_number} is REJECTED: its record is closed")
        doc = add_document(s, actor, lot, kind, filename, content)
        return Attached(doc.id, lot.lot_number, doc.kind, doc.filename, doc.sha256, doc.size)


def content(db: Database, document_id: int) -> tuple[str, bytes]:
    with db.read() as session:
        doc = session.get(Document, document_id)
        if doc is None:
            raise Refused(f"no document #{document_id}")
        return doc.filename, doc.content
