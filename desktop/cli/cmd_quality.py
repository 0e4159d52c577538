"""QA: decisions on lots under e-signature, and deviations."""

from __future__ import annotations

from typing import Any

from desktop.cli.choices import DEVIATION_DOMAINS, SEVERITIES
from desktop.cli.context import Context

# decision -> (the db.release workflow, help, needs a reason); workflows load when one runs.
DECISIONS = {
    "release": ("release", "release a lot (QA e-signature)", False),
    "reject": ("reject", "reject a lot (QA e-signature)", True),
    "hold": ("hold", "put a released lot on hold (QA e-signature)", True),
    "unhold": ("unhold", "lift a hold (QA e-signature)", True),
}


def register(commands: Any) -> None:
    for name, (_, text, needs_reason) in DECISIONS.items():
        sub = commands.add_parser(name, help=text)
        sub.add_argument("lot")
        if needs_reason:
            sub.add_argument("--reason", required=True)
        else:
            sub.add_argument("--comment", dest="reason", help="optional signature comment")
        sub.add_argument("--by", required=True, metavar="QA")
        sub.add_argument("--json", action="store_true")
        sub.set_defaults(handler=cmd_decide, decision=name)

    dev = commands.add_parser("deviation", help="raw-material deviations").add_subparsers(
        dest="deviation_command", metavar="ACTION", required=True
    )
    opened = dev.add_parser("open", help="record a deviation")
    opened.add_argument("--domain", required=True, choices=DEVIATION_DOMAINS)
    opened.add_argument("--severity", required=True, choices=SEVERITIES)
    opened.add_argument("--title", required=True)
    opened.add_argument("--description", default="")
    opened.add_argument("--lot", action="append", default=[])
    opened.add_argument("--reference", action="append", default=[])
    opened.add_argument("--supplier", action="append", default=[])
    opened.add_argument("--change-control", action="store_true")
    opened.add_argument("--by", required=True, metavar="USER")
    opened.add_argument("--json", action="store_true")
    opened.set_defaults(handler=cmd_deviation_open)
    close = dev.add_parser("close", help="close a deviation (QA e-signature)")
    close.add_argument("number")
    close.add_argument("--closure", required=True)
    close.add_argument("--capa")
    close.add_argument("--by", required=True, metavar="QA")
    close.add_argument("--json", action="store_true")
    close.set_defaults(handler=cmd_deviation_close)
    listing = dev.add_parser("list", help="list deviations")
    listing.add_argument("--status", choices=["open", "closed"], help="only these")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_deviation_list)


def cmd_decide(ctx: Context) -> int:
    from db import release

    decide = getattr(release, DECISIONS[ctx.args.decision][0])
    actor = ctx.actor()
    done = decide(ctx.db(), actor, ctx.password, ctx.args.lot, ctx.args.reason)
    ctx.emit(
        {
            "lot": done.lot,
            "status": done.status,
            "signature": {
                "id": done.signature_id,
                "meaning": done.meaning,
                "user": done.signed_by,
                "full_name": done.full_name,
                "signed_at": done.signed_at,
                "content_sha256": done.content_sha256,
            },
        },
        f"{done.lot} is now {done.status}: signed {done.meaning!r} by {done.full_name} "
        f"({done.signed_by}) at {done.signed_at:%Y-%m-%d %H:%M:%S} UTC",
    )
    return 0


def cmd_deviation_open(ctx: Context) -> int:
    a = ctx.args
    actor = ctx.actor()
    from db import deviations

    done = deviations.open_deviation(
        ctx.db(),
        actor,
        domain=a.domain,
        severity=a.severity,
        title=a.title,
        description=a.description,
        lots=a.lot,
        references=a.reference,
        suppliers=a.supplier,
        change_control=a.change_control,
    )
    ctx.emit({"deviation": done.number, "status": done.status}, f"opened {done.number}")
    return 0


def cmd_deviation_close(ctx: Context) -> int:
    actor = ctx.actor()
    from db import deviations

    done = deviations.close_deviation(
        ctx.db(), actor, ctx.password, ctx.args.number, closure=ctx.args.closure, capa=ctx.args.capa
    )
    ctx.emit({"deviation": done.number, "status": done.status}, f"closed {done.number}")
    return 0


def cmd_deviation_list(ctx: Context) -> int:
    from db.queries.deviation_list import deviation_list  # the app's rows, newest first

    listed = [
        {
            "deviation": d.number,
            "domain": d.domain,
            "severity": d.severity,
            "title": d.title,
            "status": d.status,
            "opened_at": d.opened_at,
            "opened_by": d.opened_by,
            "closed_at": d.closed_at,
            "lots": list(d.lots),
            "references": list(d.references),
            "suppliers": list(d.suppliers),
        }
        for d in deviation_list(ctx.db(), status=ctx.args.status)
    ]
    ctx.emit(
        {"deviations": listed},
        "\n".join(
            f"{d['deviation']:<12} {d['status']:<7} {d['domain']:<17} "
            f"{d['severity']:<9} {d['title']}"
            for d in listed
        )
        or "no deviations",
    )
    return 0
