"""Prints from the command line: status labels, sample log, release certificate, goods receipt.

Every print is recorded (db/prints.py). `--by USER` prints as a signed-in user; without it the
print is recorded under the workstation account, named as such on the page and in the trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.errors import Refused
from desktop.cli.context import Context
from desktop.printing import SIZES, PrintService
from ui.services import PrintedPdf


def register(commands: Any) -> None:
    label = commands.add_parser("label", help="status labels of a lot's containers (PDF)")
    label.add_argument("lot")
    label.add_argument(
        "--size",
        choices=SIZES,
        default="100x50",
        help="100x50 mm label printer, or an A4 sheet of labels",
    )
    _output(label)
    label.set_defaults(handler=cmd_label)

    samples = commands.add_parser("samples", help="reference samples").add_subparsers(
        dest="samples_command", metavar="ACTION", required=True
    )
    log = samples.add_parser("log", help="the reference-sample log (PDF, A4 landscape)")
    _output(log)
    log.set_defaults(handler=cmd_sample_log)

    cert = commands.add_parser("certificate", help="release certificate of a lot (PDF)")
    cert.add_argument("lot")
    _output(cert)
    cert.set_defaults(handler=cmd_certificate)

    receipt = commands.add_parser("receipt-record", help="goods-receipt record of a delivery")
    receipt.add_argument("number", metavar="DELIVERY_OR_LOT")
    _output(receipt)
    receipt.set_defaults(handler=cmd_receipt_record)


def _output(parser: Any) -> None:
    parser.add_argument("--out", required=True, metavar="FILE.pdf")
    parser.add_argument("--by", metavar="USER", help="print as this user (stdin: password)")
    parser.add_argument("--json", action="store_true")


def _service(ctx: Context) -> tuple[PrintService, Any]:
    actor = ctx.actor() if ctx.args.by else None
    return PrintService(ctx.db()), actor


def _write(ctx: Context, printed: PrintedPdf) -> int:
    out = Path(ctx.args.out)
    try:
        out.write_bytes(printed.pdf)
    except OSError as exc:
        # The print is already recorded; say so, so nobody thinks it never happened.
        raise Refused(
            f"the print was recorded but {out} could not be written: {exc.strerror}; "
            "print again (it will be marked REPRINT)"
        ) from exc
    ctx.emit(
        {
            "file": str(out),
            "title": printed.title,
            "reprint": printed.reprint,
            "bytes": len(printed.pdf),
        },
        f"{printed.title}{' (REPRINT)' if printed.reprint else ''} written to {out}",
    )
    return 0


def cmd_label(ctx: Context) -> int:
    service, actor = _service(ctx)
    return _write(ctx, service.status_labels(actor, ctx.args.lot, ctx.args.size))


def cmd_sample_log(ctx: Context) -> int:
    service, actor = _service(ctx)
    return _write(ctx, service.sample_log(actor))


def cmd_certificate(ctx: Context) -> int:
    service, actor = _service(ctx)
    return _write(ctx, service.release_certificate(actor, ctx.args.lot))


def cmd_receipt_record(ctx: Context) -> int:
    service, actor = _service(ctx)
    return _write(ctx, service.receipt_record(actor, ctx.args.number))
