"""Prints from the command line: status labels, sample log, release certificate, goods receipt.

Printing requires a signed-in user: `--by USER` (stdin: the password) is required, and the
page and the trail name who printed. Every print is recorded (db/prints.py), and only once its
file exists: the file is written inside the recording transaction; if it cannot be written
nothing is recorded, and if the record then fails to commit the file is removed.

`--out FILE` never replaces an existing file unless `--force` is given, and never, even with
`--force`, the database or its companions, a backup, a site key, a witness file or anything in
their folders (desktop/output_files.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.errors import Refused
from desktop.cli.context import Context

if TYPE_CHECKING:  # reportlab and PDFium load only when a print is made
    from db.prints import Deliver
    from db.users import Actor
    from desktop.printing import PrintService
    from ui.services import PrintedPdf

    Make = Callable[[PrintService, Actor, Deliver], PrintedPdf]

SIZES = ("100x50", "a4")  # desktop.printing.SIZES, without importing the PDF engines


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
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (never a record file)"
    )
    parser.add_argument(
        "--by", required=True, metavar="USER", help="the user printing (stdin: password)"
    )
    parser.add_argument("--json", action="store_true")


def _print(ctx: Context, make: Make) -> int:
    from desktop import output_files
    from desktop.printing import PrintService

    db = ctx.db()
    protected = output_files.protected_by(db)
    force = bool(ctx.args.force)
    # Refused before the password is asked and anything is rendered; checked again on writing.
    output_files.check(ctx.args.out, protected, force=force)
    actor = ctx.actor()
    delivered: list[Path] = []

    def deliver(pdf: bytes) -> None:
        try:
            delivered.append(output_files.write(ctx.args.out, pdf, protected, force=force))
        except Refused as refusal:
            raise Refused(f"{refusal.message}; the print was not recorded") from refusal

    try:
        printed = make(PrintService(db), actor, deliver)
    except BaseException:
        # Delivered, then the record failed to commit: the file must not outlive its record.
        for path in delivered:
            if not output_files.discard(path):
                ctx.warn(f"{path} was written but the print was not recorded: delete it")
        raise
    out = delivered[0]
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
    lot, size = ctx.args.lot, ctx.args.size
    return _print(ctx, lambda p, actor, deliver: p.status_labels(actor, lot, size, deliver=deliver))


def cmd_sample_log(ctx: Context) -> int:
    return _print(ctx, lambda p, actor, deliver: p.sample_log(actor, deliver=deliver))


def cmd_certificate(ctx: Context) -> int:
    lot = ctx.args.lot
    return _print(ctx, lambda p, actor, deliver: p.release_certificate(actor, lot, deliver=deliver))


def cmd_receipt_record(ctx: Context) -> int:
    number = ctx.args.number
    return _print(ctx, lambda p, actor, deliver: p.receipt_record(actor, number, deliver=deliver))
