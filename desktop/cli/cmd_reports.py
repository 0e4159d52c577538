"""Read-only views: lot show, risk, trace, alerts, audit verify."""

from __future__ import annotations

from typing import Any

from db.errors import Refused
from desktop.cli.context import Context, whole_number

# Each handler imports the workflow it runs: building the parser loads none of them.


def register(commands: Any) -> None:
    lot = commands.add_parser("lot", help="lots").add_subparsers(
        dest="lot_command", metavar="ACTION", required=True
    )
    show = lot.add_parser("show", help="one lot: status, containers, prerequisites")
    show.add_argument("lot")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_lot_show)

    rk = commands.add_parser("risk", help="risk class of a reference and the criteria that fired")
    rk.add_argument("reference")
    rk.add_argument("--json", action="store_true")
    rk.set_defaults(handler=cmd_risk)

    tr = commands.add_parser("trace", help="traceability: batch -> lots, or lot -> batches")
    which = tr.add_mutually_exclusive_group(required=True)
    which.add_argument("--batch")
    which.add_argument("--lot")
    tr.add_argument("--json", action="store_true")
    tr.set_defaults(handler=cmd_trace)

    al = commands.add_parser("alerts", help="shortages, expiries, backups, quarantine, suppliers")
    al.add_argument("--expiring-days", type=whole_number, metavar="DAYS")
    al.add_argument("--quarantine-days", type=whole_number, metavar="DAYS")
    al.add_argument("--json", action="store_true")
    al.set_defaults(handler=cmd_alerts)

    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True
    )
    verify = audit.add_parser("verify", help="check the trail and the records against it")
    verify.add_argument("--json", action="store_true")
    verify.add_argument(
        "--incremental",
        action="store_true",
        help="only the events since the last passing verify on this workstation, and the "
        "records they touched (the default checks everything)",
    )
    verify.set_defaults(handler=cmd_audit_verify)


def cmd_lot_show(ctx: Context) -> int:
    from db.queries.lot_detail import lot_detail

    d = lot_detail(ctx.db(), ctx.args.lot)
    met = [p.code for p in d.prerequisites if p.met]
    unmet = [p.code for p in d.prerequisites if not p.met]
    data = {
        "lot": d.lot,
        "status": d.status,
        "reference": d.reference,
        "reference_name": d.reference_name,
        "supplier": d.supplier,
        "supplier_lot": d.supplier_lot,
        "expiry": d.expiry,
        "unit": d.unit,
        "received_at": d.received_at,
        "received_by": d.received_by,
        "containers": [
            {"id": c.code, "quantity": c.quantity, "opened_at": c.opened_at, "use_by": c.use_by}
            for c in d.containers
        ],
        "prerequisites": {
            "met": met,
            "unmet": unmet,
            "details": {p.code: p.detail for p in d.prerequisites},
        },
        "risk_class": d.risk_class,
        "risk_criteria": d.risk_criteria,
        "documents": [
            {"id": x.id, "kind": x.kind, "filename": x.filename, "sha256": x.sha256}
            for x in d.documents
        ],
        "signatures": [
            {
                "meaning": s.meaning,
                "user": s.username,
                "full_name": s.full_name,
                "signed_at": s.signed_at,
            }
            for s in d.signatures
        ],
    }
    lines = [
        f"{d.lot}  {d.status}  {d.reference} {d.reference_name}",
        f"supplier lot {d.supplier_lot}, expiry {d.expiry}, supplier {d.supplier}, "
        f"risk {d.risk_class}",
        *(f"  {c.code}  {c.quantity} {d.unit}" for c in d.containers),
        *(f"  [{'x' if p.met else ' '}] {p.detail}" for p in d.prerequisites),
    ]
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_risk(ctx: Context) -> int:
    from db import risk

    r = risk.assess(ctx.db(), ctx.args.reference)
    ctx.emit(
        r.to_json(),
        f"{ctx.args.reference}: {r.risk_class.value} ({r.explanation})"
        + "".join(f"\n  - {d}" for d in r.descriptions),
    )
    return 0


def cmd_trace(ctx: Context) -> int:
    from db import trace

    if ctx.args.batch:
        lines = trace.batch_to_lots(ctx.db(), ctx.args.batch)
        head = {"batch": ctx.args.batch, "lots": trace.distinct([x.lot for x in lines])}
    else:
        lines = trace.lot_to_batches(ctx.db(), ctx.args.lot)
        head = {"lot": ctx.args.lot, "batches": trace.distinct([x.batch for x in lines])}
    uses = [
        {
            "batch": x.batch,
            "lot": x.lot,
            "reference": x.reference,
            "supplier_lot": x.supplier_lot,
            "container": x.container,
            "quantity": x.quantity,
            "dispensed_at": x.dispensed_at,
            "dispensed_by": x.dispensed_by,
            "fefo_override": x.fefo_override,
        }
        for x in lines
    ]
    text = "\n".join(
        f"{x.batch}  {x.lot}  {x.reference}  {x.container}  {x.quantity}  "
        f"{x.dispensed_at:%Y-%m-%d %H:%M} {x.dispensed_by}"
        for x in lines
    )
    ctx.emit({**head, "uses": uses}, text or "no use recorded")
    return 0


def cmd_alerts(ctx: Context) -> int:
    from db import alerts

    found = alerts.compute(
        ctx.db(), expiring_days=ctx.args.expiring_days, quarantine_days=ctx.args.quarantine_days
    )
    ctx.emit(
        {"alerts": [{"kind": a.kind, "subject": a.subject, "message": a.message} for a in found]},
        "\n".join(f"[{a.kind}] {a.message}" for a in found) or "no alerts",
    )
    return 0


def cmd_audit_verify(ctx: Context) -> int:
    from db import audit_verify
    from db.integrity.fingerprint import fingerprint

    report = audit_verify.verify(ctx.db(), incremental=ctx.args.incremental)
    data = {
        "ok": report.ok,
        "events": report.events,
        "records": report.records,
        "documents": report.documents,
        "signatures": report.signatures,
        "checkpoints": report.checkpoints,
        "head": {"seq": report.head_seq, "hash": report.head_hash},
        "notes": report.notes,
        "first_problem": report.first(),
        "problems": [p.text for p in report.ordered()],
    }
    if report.ok:
        ctx.emit(
            data,
            f"audit trail intact: {report.events} events (keyed with the site key), "
            f"{report.records} records, {report.documents} documents, {report.signatures} "
            f"signatures verified; {report.checkpoints} witness checkpoint(s) agree; head "
            f"#{report.head_seq} {fingerprint(report.head_hash)}"
            + "".join(f"\nnote: {n}" for n in report.notes),
        )
        return 0
    if ctx.args.json:
        ctx.emit(data, "")
    raise Refused(
        f"audit verify FAILED ({len(report.problems)} problem(s)); first: {report.first()}"
    )
