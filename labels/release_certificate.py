"""The release certificate of a lot: what QA released (or rejected), on what evidence, and
the electronic signatures in the form 21 CFR 11.50 requires on every print: printed name,
date and time, and meaning, plus the user name and the hash of the exact content signed, so
the paper can be matched to the record it signs (11.70). It ends with the audit chain's head
when it was printed (event number and fingerprint), so the paper names the trail it came from.

Met / not met are written as words (MET, NOT MET), never shown by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from labels.pdf_common import date_text, markup, utc_text
from labels.pdf_document import (
    MARGIN,
    Column,
    fields,
    para,
    render_document,
    strong,
    styles,
    table,
)
from labels.status_style import STATUS_WORDS, status_key

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True, kw_only=True)
class CriterionRow:
    """One risk criterion (DESIGN.md, UNITC framework) and whether it holds for the reference."""

    description: str
    holds: bool


@dataclass(frozen=True, kw_only=True)
class PrerequisiteRow:
    """One release prerequisite: what (`name`), whether it is met, and the evidence sentence."""

    name: str
    met: bool
    evidence: str


@dataclass(frozen=True, kw_only=True)
class DocumentRow:
    """An attached document: kind (CoA, sterility...), original filename, SHA-256 (64 hex)."""

    kind: str
    filename: str
    sha256: str


@dataclass(frozen=True, kw_only=True)
class SignatureRow:
    """One electronic signature as manifested on prints (21 CFR 11.50).

    full_name: printed name of the signer; username: their unique user name.
    signed_at: when (timezone-aware, printed in UTC with seconds).
    meaning: what the signature means ("Released", "Rejected", "Reviewed").
    comment: the signer's comment, "" if none.
    content_sha256: SHA-256 (64 hex) of the signed content the signature is bound to.
    """

    full_name: str
    username: str
    signed_at: datetime
    meaning: str
    comment: str
    content_sha256: str


@dataclass(frozen=True, kw_only=True)
class ReleaseCertificate:
    """The lot, its risk assessment, its evidence and its signatures.

    status: the lot's status now (QUARANTINE, RELEASED, REJECTED, ON_HOLD).
    risk_class: e.g. "critical", "major", "minor", "starting material — assessed separately".
    chain_head_seq, chain_head_fingerprint: the audit trail's last event when printed, and the
    fingerprint of its hash ("3F2A 9C1B 0D4E 77A1"); None when not given (not printed).
    """

    lot_number: str
    reference_code: str
    reference_name: str
    supplier: str
    supplier_lot: str
    expiry: date
    received_on: date
    received_by: str
    status: str
    risk_class: str
    criteria: Sequence[CriterionRow]
    prerequisites: Sequence[PrerequisiteRow]
    documents: Sequence[DocumentRow]
    signatures: Sequence[SignatureRow]
    chain_head_seq: int | None = None
    chain_head_fingerprint: str = ""


CRITERIA: tuple[Column[CriterionRow], ...] = (
    Column("Criterion", "description", 0.88),
    Column("Holds", lambda r: strong("YES") if r.holds else "no", 0.12),
)
PREREQUISITES: tuple[Column[PrerequisiteRow], ...] = (
    Column("Prerequisite", "name", 0.27),
    Column("Result", lambda p: "MET" if p.met else strong("NOT MET"), 0.12),
    Column("Evidence", "evidence", 0.61),
)
DOCUMENTS: tuple[Column[DocumentRow], ...] = (
    Column("Kind", "kind", 0.12),
    Column("File", "filename", 0.3),
    Column("SHA-256", lambda d: d.sha256.lower(), 0.58, mono=True),
)


def render_release_certificate(
    certificate: ReleaseCertificate,
    *,
    printed_by: str,
    printed_at: datetime,
    reprint: bool = False,
) -> bytes:
    """The certificate as A4 portrait PDF bytes."""
    c = certificate
    for digest in [d.sha256 for d in c.documents] + [g.content_sha256 for g in c.signatures]:
        if not _SHA256.fullmatch(digest):
            raise ValueError(f"{digest!r} is not a SHA-256 (64 hexadecimal digits).")
    s = styles()
    width = A4[0] - 2 * MARGIN
    status = STATUS_WORDS[status_key(c.status)]
    story: list[Flowable] = [
        para(f"Release certificate — lot {c.lot_number}", s["title"]),
        Spacer(0, 4),
        fields(
            [
                ("Internal lot", c.lot_number),
                ("Status", status),
                ("Reference", f"{c.reference_code} — {c.reference_name}"),
                ("Supplier", c.supplier),
                ("Supplier lot", c.supplier_lot),
                ("Expiry", date_text(c.expiry)),
                ("Received on", date_text(c.received_on)),
                ("Received by", c.received_by),
            ],
            width,
        ),
        para("Risk assessment", s["h2"]),
        para(f"Risk class: {c.risk_class}", s["body"]),
        Spacer(0, 3),
        table(CRITERIA, c.criteria, width, empty="No criteria recorded."),
        para("Release prerequisites", s["h2"]),
        para(_summary(c.prerequisites), s["body"]),
        Spacer(0, 3),
        table(PREREQUISITES, c.prerequisites, width, empty="No prerequisites recorded."),
        para("Documents", s["h2"]),
        table(DOCUMENTS, c.documents, width, empty="No documents attached."),
        para("Electronic signatures", s["h2"]),
    ]
    story += [_signature(g, width) for g in c.signatures] or [
        para("NOT SIGNED: this print is not a release.", s["h2"])
    ]
    if c.chain_head_seq is not None:
        story.append(_chain_head(c.chain_head_seq, c.chain_head_fingerprint, width))
    return render_document(
        story,
        title=f"Release certificate {c.lot_number}",
        pagesize=A4,
        printed_by=printed_by,
        printed_at=printed_at,
        reprint=reprint,
    )


def _summary(prerequisites: Sequence[PrerequisiteRow]) -> str:
    unmet = [p.name for p in prerequisites if not p.met]
    if not prerequisites:
        return "No prerequisites were evaluated."
    if not unmet:
        return f"All {len(prerequisites)} prerequisites are met."
    return f"{len(unmet)} of {len(prerequisites)} prerequisites NOT met: {', '.join(unmet)}."


def _signature(signature: SignatureRow, width: float) -> Flowable:
    s = styles()
    mono = Paragraph(markup(signature.content_sha256.lower()), s["mono"])
    table = fields(
        [
            ("Signed by", f"{signature.full_name} (user {signature.username})"),
            ("Date and time", utc_text(signature.signed_at, "signature time", seconds=True)),
            ("Meaning", signature.meaning),
            ("Comment", signature.comment or "—"),
            ("Signed content SHA-256", mono),
        ],
        width,
        columns=1,
    )
    table.setStyle([("BOX", (0, 0), (-1, -1), 0.8, "black")])
    # A signature is never split across two pages: half a manifestation proves nothing.
    return KeepTogether([table, Spacer(0, 6)])


def _chain_head(seq: int, fingerprint: str, width: float) -> Flowable:
    s = styles()
    mono = ParagraphStyle("fingerprint", parent=s["mono"], fontSize=9.5, leading=12)
    table = fields(
        [
            ("Chain head at printing", f"event #{seq}"),
            ("Fingerprint", Paragraph(f"<b>{markup(fingerprint)}</b>", mono)),
        ],
        width,
        columns=1,
    )
    note = (
        "The audit trail as it stood when this page was printed: its last event and that "
        "event's fingerprint, in the form lotkeeper audit verify prints the head."
    )
    return KeepTogether([para("Audit trail", s["h2"]), table, Spacer(0, 3), para(note, s["small"])])
