"""Setting up: init, catalog import, the risk rule, demo and backups."""

from __future__ import annotations

import json
from typing import Any

from db.errors import Refused
from desktop import paths
from desktop.cli.context import Context, read_text


def register(commands: Any) -> None:
    register_demo(commands)
    register_backup(commands)
    init = commands.add_parser("init", help="create or upgrade the database (stdin: password)")
    init.add_argument("--admin", metavar="NAME", help="first administrator (new database)")
    init.add_argument("--full-name", default="", metavar="TEXT")
    init.set_defaults(handler=cmd_init)

    catalog = commands.add_parser("catalog", help="references and suppliers").add_subparsers(
        dest="catalog_command", metavar="ACTION", required=True
    )
    imp = catalog.add_parser("import", help="import references (and suppliers) from CSV")
    imp.add_argument("catalog", metavar="CATALOG.csv")
    imp.add_argument("--suppliers", metavar="SUPPLIERS.csv")
    imp.add_argument("--by", required=True, metavar="USER")
    imp.add_argument(
        "--sign-by",
        metavar="QA",
        help="QA approver of changes to what a release requires (stdin: their password next)",
    )
    imp.add_argument("--reason", default="", help="why (required with --sign-by)")
    imp.add_argument("--dry-run", action="store_true", help="show the changes, change nothing")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_catalog_import)

    rule = commands.add_parser("risk-rule", help="the risk classification rule").add_subparsers(
        dest="rule_command", metavar="ACTION", required=True
    )
    show = rule.add_parser("show", help="print the rule in force as JSON")
    show.set_defaults(handler=cmd_rule_show)
    change = rule.add_parser("set", help="replace the rule (QA, with a reason)")
    change.add_argument("file", metavar="RULE.json")
    change.add_argument("--reason", required=True)
    change.add_argument("--by", required=True, metavar="QA", help="signs (stdin: password)")
    change.set_defaults(handler=cmd_rule_set)


def cmd_init(ctx: Context) -> int:
    from db.initialise import check_first_admin, initialise

    args = ctx.args
    if args.admin and not args.full_name.strip():
        raise Refused("--full-name is required with --admin (it is printed on signatures)")
    password = ctx.read_secret(f"New password for {args.admin}: ") if args.admin else ""
    if args.admin:
        check_first_admin(args.admin, args.full_name, password)  # refused: no file is made
    done = initialise(ctx.db(check=False, create=True), args.admin, args.full_name, password)
    if done.previous_revision is None:
        state = f"created the database at revision {done.revision}"
    elif done.previous_revision != done.revision:
        state = f"upgraded the database from {done.previous_revision} to {done.revision}"
    else:
        state = f"the database is up to date (revision {done.revision})"
    admin = f"; administrator {done.admin.username} created" if done.admin else ""
    key = (
        f"\nsite key written to {done.key.path}: keep a copy with every backup, in a safe "
        "place; copy it to every workstation that writes to this record"
        if done.key
        else ""
    )
    data = {
        "revision": done.revision,
        "previous": done.previous_revision,
        "site_key": str(done.key.path) if done.key else None,
    }
    ctx.emit(data, state + admin + key)
    return 0


def cmd_catalog_import(ctx: Context) -> int:
    from db import catalog_import

    actor = ctx.actor()
    catalog = read_text(ctx.args.catalog)
    suppliers = read_text(ctx.args.suppliers) if ctx.args.suppliers else None
    approval = ctx.approval(ctx.args.sign_by, ctx.args.reason) if ctx.args.sign_by else None
    summary = catalog_import.import_catalog(
        ctx.db(),
        actor,
        catalog,
        suppliers,
        catalog_name=ctx.args.catalog,
        suppliers_name=ctx.args.suppliers or "suppliers",
        approval=approval,
        dry_run=ctx.args.dry_run,
    )
    data = {
        "applied": summary.applied,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "changes": [
            dict(c.to_json(), release_relevant=c.release_relevant) for c in summary.changes
        ],
        "approval": summary.approval_id,
    }
    counts = "; ".join(
        f"{kind}: {summary.created[kind]} created, {summary.updated[kind]} updated, "
        f"{summary.unchanged[kind]} unchanged"
        for kind in summary.created
    )
    if not summary.applied:
        lines = [f"dry run, nothing changed: {counts}"] + [
            f"  {'!' if c.release_relevant else ' '} {c.describe()}" for c in summary.changes
        ]
        if summary.release_changes:
            lines.append("  ! = changes what a release requires: needs --sign-by QA --reason")
        ctx.emit(data, "\n".join(lines))
        return 0
    ctx.emit(data, counts)
    return 0


def cmd_rule_show(ctx: Context) -> int:
    from db import risk

    with ctx.db().read() as session:
        rule = risk.current_rule(session)
    ctx.stdout.write(json.dumps(rule.to_json(), indent=2) + "\n")
    return 0


def cmd_rule_set(ctx: Context) -> int:
    from db import risk

    approval = ctx.approval(ctx.args.by, ctx.args.reason)
    try:
        data = json.loads(read_text(ctx.args.file))
    except json.JSONDecodeError as exc:
        raise Refused(f"{ctx.args.file} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    if not isinstance(data, dict):
        raise Refused(f"{ctx.args.file} must hold a JSON object")
    changed = risk.set_rule(ctx.db(), risk.RiskRule.from_json(data), approval)
    ctx.emit({"changed": changed}, "risk rule changed" if changed else "risk rule unchanged")
    return 0


def register_demo(commands: Any) -> None:
    demo = commands.add_parser("demo", help="open a fresh demo database (example CAR-T unit)")
    demo.add_argument("--no-app", action="store_true", help="build it, print where, don't open")
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(ctx: Context) -> int:
    from desktop import demo, paths

    path = demo.demo_path(paths.data_dir())
    ctx.stdout.write("Building the demo database (about 5 seconds)...\n")
    ctx.stdout.flush()
    integrity = paths.integrity(ctx.args.keys, ctx.args.witness)
    demo.build_demo(path, integrity).dispose()
    ctx.stdout.write(demo.describe(path) + "\n")
    if ctx.args.no_app:
        return 0
    from desktop.app import run  # Qt is imported only when the application starts

    return run(f"sqlite:///{path}", demo=True, integrity=integrity)


def register_backup(commands: Any) -> None:
    backup = commands.add_parser("backup", help="a consistent copy of the SQLite record")
    backup.add_argument("--out", required=True, metavar="FILE.sqlite")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(handler=cmd_backup)
    check = commands.add_parser("backup-check", help="open a backup and verify it")
    check.add_argument("file", metavar="FILE.sqlite")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_backup_check)


def cmd_backup(ctx: Context) -> int:

    from db.backup import backup
    from desktop import output_files

    db = ctx.db()
    # Never onto the record, its companions, another database, the key or the witness.
    target = output_files.check(ctx.args.out, output_files.protected_by(db))
    path = backup(db, target)
    key = db.site_key_path()
    ctx.emit(
        {"file": str(path), "bytes": path.stat().st_size, "site_key": str(key)},
        f"backup written to {path}\nkeep the site key {key} with it, in a safe place: without "
        "the key the backup can be neither verified nor written to",
    )
    return 0


def cmd_backup_check(ctx: Context) -> int:
    from pathlib import Path

    from db.backup import check_backup

    checked = check_backup(Path(ctx.args.file), paths.integrity(ctx.args.keys, ctx.args.witness))
    data = {
        "file": str(checked.path),
        "revision": checked.revision,
        "ok": checked.report.ok,
        "events": checked.report.events,
        "first_problem": checked.report.first(),
    }
    if not checked.report.ok:
        raise Refused(f"backup {checked.path} does not verify: {checked.report.first()}")
    ctx.emit(
        data,
        f"backup {checked.path} opens at revision {checked.revision} and verifies: "
        f"{checked.report.events} events, {checked.report.records} records",
    )
    return 0
