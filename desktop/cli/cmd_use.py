"""Production: scan a container for GO/STOP, and record its use in a batch."""

from __future__ import annotations

from typing import Any

from desktop.cli.context import Context

EXIT_STOP = 4


def register(commands: Any) -> None:
    use = commands.add_parser("dispense", help="use a quantity of a container in an ATMP batch")
    use.add_argument("container")
    use.add_argument("--quantity", required=True, metavar="Q")
    use.add_argument("--batch", required=True, metavar="BATCH")
    use.add_argument(
        "--override-fefo",
        metavar="REASON",
        help="use this container although another expires earlier (recorded)",
    )
    use.add_argument("--by", required=True, metavar="USER")
    use.add_argument("--json", action="store_true")
    use.set_defaults(handler=cmd_dispense)

    check = commands.add_parser("check", help="GO or STOP for a container (exit 4 on STOP)")
    check.add_argument("container")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_check)


def cmd_dispense(ctx: Context) -> int:
    from db.dispense import dispense

    a = ctx.args
    actor = ctx.actor()
    done = dispense(ctx.db(), actor, a.container, a.quantity, a.batch, a.override_fefo)
    ctx.emit(
        {
            "container": done.container,
            "lot": done.lot,
            "batch": done.batch,
            "quantity": done.quantity,
            "remaining": done.remaining,
            "unit": done.unit,
            "fefo_override": done.fefo_override,
        },
        f"used {done.quantity} {done.unit} of {done.container} ({done.lot}) in {done.batch}; "
        f"{done.remaining} {done.unit} left",
    )
    return 0


def cmd_check(ctx: Context) -> int:
    from db.usability import scan_check

    check = scan_check(ctx.db(), ctx.args.container)
    reasons = list(check.problems)
    if check.fefo_first:
        reasons.append(f"FEFO: use {check.fefo_first} first (expires {check.fefo_expiry})")
    verdict = "GO" if check.go else "STOP"
    ctx.emit(
        {
            "verdict": verdict,
            "container": check.container,
            "lot": check.lot,
            "status": check.status,
            "quantity": check.quantity,
            "reasons": reasons,
        },
        f"{verdict}: {check.container} ({check.reference} {check.reference_name}, "
        f"lot {check.lot})" + "".join(f"\n  - {r}" for r in reasons),
    )
    return 0 if check.go else EXIT_STOP
