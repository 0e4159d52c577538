"""Receiving bench and QC lab: receive, attach documents, samples, test results."""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Any

from db.dates import parse_date
from db.errors import Refused
from desktop.cli.choices import COA, DOCUMENT_KINDS
from desktop.cli.context import Context, read_file, whole_number

if TYPE_CHECKING:  # each handler imports its workflow: building the parser loads none
    from db.receiving import Receipt
    from labels.receipt_draft import ReceiptDraft


def iso_date(text: str | None, what: str) -> date | None:
    """A typed date: YYYY-MM-DD exactly (db.dates), or None when not given."""
    return parse_date(text, what) if text else None


def register(commands: Any) -> None:
    rec = commands.add_parser("receive", help="receive one supplier lot into QUARANTINE")
    source = rec.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--scan",
        metavar="TEXT",
        help="the supplier barcode as the scanner sent it (AIM prefix optional, GS as \\x1d)",
    )
    source.add_argument("--reference", metavar="CODE", help="reference code, for typed entry")
    rec.add_argument("--lot", metavar="SUPPLIER_LOT", help="typed supplier lot")
    rec.add_argument("--expiry", metavar="YYYY-MM-DD", help="typed expiry (or to complete a scan)")
    rec.add_argument("--containers", type=whole_number, required=True, metavar="N")
    rec.add_argument("--quantity", required=True, metavar="Q", help="quantity in each container")
    rec.add_argument("--delivery-note", metavar="TEXT")
    rec.add_argument(
        "--nonconforming",
        metavar="REASON",
        help="record the receipt as non-conforming (otherwise the checklist is recorded as passed)",
    )
    rec.add_argument(
        "--separator",
        action="append",
        default=[],
        metavar="CHAR",
        help="a substitute the scanner sends for GS",
    )
    rec.add_argument("--confirm-lot", metavar="LOT", help="confirm a lot the scan flagged")
    rec.add_argument("--by", required=True, metavar="USER")
    rec.add_argument("--json", action="store_true")
    rec.set_defaults(handler=cmd_receive)

    coa = commands.add_parser("coa", help="certificates of analysis").add_subparsers(
        dest="coa_command", metavar="ACTION", required=True
    )
    attach = coa.add_parser("attach", help="attach a CoA (PDF) to a lot")
    _attach_arguments(attach)
    attach.set_defaults(handler=cmd_attach, kind=COA)

    doc = commands.add_parser("document", help="lot documents").add_subparsers(
        dest="document_command", metavar="ACTION", required=True
    )
    attach_any = doc.add_parser("attach", help="attach a certificate or report (PDF)")
    _attach_arguments(attach_any)
    attach_any.add_argument("--kind", required=True, choices=DOCUMENT_KINDS)
    attach_any.set_defaults(handler=cmd_attach)

    sample = commands.add_parser("sample", help="record a sample taken from a lot")
    sample.add_argument("lot")
    sample.add_argument("--kind", required=True, choices=["test", "reference"])
    sample.add_argument("--quantity", required=True, metavar="Q")
    sample.add_argument("--container", metavar="ID", help="taken from this container")
    sample.add_argument("--location", default="", help="storage location (reference samples)")
    sample.add_argument("--retain-until", metavar="YYYY-MM-DD")
    sample.add_argument("--by", required=True, metavar="USER")
    sample.add_argument("--json", action="store_true")
    sample.set_defaults(handler=cmd_sample)

    test = commands.add_parser("test", help="record a test result on a lot")
    test.add_argument("lot")
    test.add_argument("--kind", required=True, choices=["functional", "identity", "other"])
    test.add_argument("--name", required=True)
    test.add_argument("--result", required=True, choices=["pass", "fail"])
    test.add_argument("--value")
    test.add_argument("--date", metavar="YYYY-MM-DD", help="when performed (default: today)")
    test.add_argument("--report", metavar="FILE.pdf")
    test.add_argument("--by", required=True, metavar="USER")
    test.add_argument("--json", action="store_true")
    test.set_defaults(handler=cmd_test)


def _attach_arguments(parser: Any) -> None:
    parser.add_argument("lot")
    parser.add_argument("file")
    parser.add_argument("--by", required=True, metavar="USER")
    parser.add_argument("--json", action="store_true")


def _draft(ctx: Context) -> ReceiptDraft:
    """The scan read as the receiving station reads it (db.receipt_draft)."""
    from labels.gs1 import ScanError, parse_scan  # biip's tables load only for a scan
    from labels.receipt_draft import ReceiptDraft

    try:
        scan = parse_scan(ctx.args.scan, ctx.args.separator)
    except ScanError as exc:
        raise Refused(f"unreadable scan: {exc.message}") from exc
    if scan.container:
        raise Refused(f"{scan.container} is a Lotkeeper container label, not a supplier barcode")
    draft = ReceiptDraft()
    draft.add(scan, ctx.args.scan)
    if draft.needs_confirmation and ctx.args.confirm_lot != draft.lot:
        raise Refused(f"{draft.suspect} Confirm with --confirm-lot {draft.lot}")
    return draft


def receipt_from_args(ctx: Context) -> Receipt:
    from db.receiving import CHECK_ITEMS, Receipt

    args = ctx.args
    checks = dict.fromkeys(CHECK_ITEMS, True)
    typed_expiry = iso_date(args.expiry, "expiry")
    common: dict[str, Any] = {
        "containers": args.containers,
        "quantity": args.quantity,
        "delivery_note": args.delivery_note,
        "checks": checks,
        "nonconformity": args.nonconforming,
    }
    if args.scan is None:
        return Receipt(
            supplier_lot=args.lot or "",
            expiry=typed_expiry,
            reference_code=args.reference,
            **common,
        )
    draft = _draft(ctx)
    if args.lot and draft.lot and args.lot != draft.lot:
        raise Refused(f"the typed lot {args.lot!r} differs from the scanned lot {draft.lot!r}")
    if typed_expiry and draft.expiry and typed_expiry != draft.expiry:
        raise Refused(f"the typed expiry {typed_expiry} differs from the scanned {draft.expiry}")
    scanned = draft.receipt_fields(
        supplier_lot=draft.lot or args.lot or "",
        expiry=draft.expiry or typed_expiry,
        confirmed_lot=args.confirm_lot,
    )
    return Receipt(**scanned, **common)


def cmd_receive(ctx: Context) -> int:
    from db.receiving import receive

    receipt = receipt_from_args(ctx)  # a bad scan is refused before any password is read
    actor = ctx.actor()
    done = receive(ctx.db(), actor, receipt)
    for warning in done.warnings:
        ctx.warn(warning)
    ctx.emit(
        {
            "lot": done.lot,
            "containers": done.containers,
            "reference": done.reference,
            "delivery": done.delivery,
            "status": done.status,
            "warnings": done.warnings,
        },
        f"received {done.lot} ({done.reference}) in {done.status}: "
        f"{len(done.containers)} container(s) {done.containers[0]} .. {done.containers[-1]}",
    )
    return 0


def cmd_attach(ctx: Context) -> int:
    from db import documents

    actor = ctx.actor()
    content = read_file(ctx.args.file)
    done = documents.attach(
        ctx.db(), actor, ctx.args.lot, ctx.args.kind, os.path.basename(ctx.args.file), content
    )
    ctx.emit(
        {
            "document": done.id,
            "lot": done.lot,
            "kind": done.kind,
            "sha256": done.sha256,
            "size": done.size,
        },
        f"attached {done.filename} to {done.lot} as {done.kind} (SHA-256 {done.sha256})",
    )
    return 0


def cmd_sample(ctx: Context) -> int:
    from db import samples

    args = ctx.args
    actor = ctx.actor()
    done = samples.record_sample(
        ctx.db(),
        actor,
        args.lot,
        args.kind,
        args.quantity,
        container_code=args.container,
        location=args.location,
        retain_until=iso_date(args.retain_until, "retain-until date"),
    )
    keep = f", kept until {done.retain_until}" if done.retain_until else ""
    ctx.emit(
        {
            "sample": done.id,
            "lot": done.lot,
            "kind": done.kind,
            "retain_until": done.retain_until,
            "container_remaining": done.container_remaining,
        },
        f"recorded {done.kind} sample #{done.id} of {done.lot}{keep}",
    )
    return 0


def cmd_test(ctx: Context) -> int:
    from db import lab_results

    args = ctx.args
    actor = ctx.actor()
    report = (os.path.basename(args.report), read_file(args.report)) if args.report else None
    done = lab_results.record_result(
        ctx.db(),
        actor,
        args.lot,
        kind=args.kind,
        name=args.name,
        passed=args.result == "pass",
        value=args.value,
        performed_on=iso_date(args.date, "test date"),
        report=report,
    )
    ctx.emit(
        {"result": done.id, "lot": done.lot, "passed": done.passed, "document": done.document_id},
        f"recorded {done.kind} test {done.name!r} on {done.lot}: "
        f"{'pass' if done.passed else 'FAIL'}",
    )
    return 0
