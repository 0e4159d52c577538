"""Setting up: init, users, catalog import, the risk rule."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from db import catalog_import, risk, users
from db.errors import Refused
from db.initialise import initialise
from db.models import User
from db.users import ROLES
from desktop.cli.context import Context, read_text


def register(commands: Any) -> None:
    register_demo(commands)
    register_backup(commands)
    init = commands.add_parser("init", help="create or upgrade the database (stdin: password)")
    init.add_argument("--admin", metavar="NAME", help="first administrator (new database)")
    init.add_argument("--full-name", default="", metavar="TEXT")
    init.set_defaults(handler=cmd_init)

    user = commands.add_parser("user", help="user accounts").add_subparsers(
        dest="user_command", metavar="ACTION", required=True
    )
    add = user.add_parser("add", help="add a user (stdin: admin's password, then the new one)")
    add.add_argument("name")
    add.add_argument("--full-name", required=True, metavar="TEXT")
    add.add_argument("--role", action="append", required=True, choices=ROLES)
    add.add_argument("--by", required=True, metavar="ADMIN")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_user_add)
    listing = user.add_parser("list", help="list accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_user_list)
    for name, handler, text in (
        ("deactivate", cmd_user_deactivate, "deactivate an account"),
        ("unlock", cmd_user_unlock, "unlock a locked account"),
    ):
        sub = user.add_parser(name, help=text)
        sub.add_argument("name")
        sub.add_argument("--reason", required=True)
        sub.add_argument("--by", required=True, metavar="ADMIN")
        sub.set_defaults(handler=handler)
    roles = user.add_parser("roles", help="set a user's roles")
    roles.add_argument("name")
    roles.add_argument("--role", action="append", required=True, choices=ROLES)
    roles.add_argument("--reason", required=True)
    roles.add_argument("--by", required=True, metavar="ADMIN")
    roles.set_defaults(handler=cmd_user_roles)
    password = user.add_parser("password", help="change your password (stdin: old, new)")
    password.add_argument("name")
    password.set_defaults(handler=cmd_user_password)

    catalog = commands.add_parser("catalog", help="references and suppliers").add_subparsers(
        dest="catalog_command", metavar="ACTION", required=True
    )
    imp = catalog.add_parser("import", help="import references (and suppliers) from CSV")
    imp.add_argument("catalog", metavar="CATALOG.csv")
    imp.add_argument("--suppliers", metavar="SUPPLIERS.csv")
    imp.add_argument("--by", required=True, metavar="USER")
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
    change.add_argument("--by", required=True, metavar="QA")
    change.set_defaults(handler=cmd_rule_set)


def cmd_init(ctx: Context) -> int:
    args = ctx.args
    if args.admin and not args.full_name.strip():
        raise Refused("--full-name is required with --admin (it is printed on signatures)")
    password = ctx.read_secret(f"New password for {args.admin}: ") if args.admin else ""
    done = initialise(ctx.db(check=False), args.admin, args.full_name, password)
    if done.previous_revision is None:
        state = f"created the database at revision {done.revision}"
    elif done.previous_revision != done.revision:
        state = f"upgraded the database from {done.previous_revision} to {done.revision}"
    else:
        state = f"the database is up to date (revision {done.revision})"
    admin = f"; administrator {done.admin.username} created" if done.admin else ""
    ctx.emit({"revision": done.revision, "previous": done.previous_revision}, state + admin)
    return 0


def cmd_user_add(ctx: Context) -> int:
    admin = ctx.actor()
    password = ctx.read_secret(f"Password for the new user {ctx.args.name}: ")
    user = users.add_user(
        ctx.db(), admin, ctx.args.name, ctx.args.full_name, ctx.args.role, password
    )
    ctx.emit(
        {"user": user.username, "roles": sorted(user.roles)},
        f"added {user.username} ({user.full_name}) with role(s) {', '.join(sorted(user.roles))}",
    )
    return 0


def cmd_user_list(ctx: Context) -> int:
    with ctx.db().read() as session:
        rows = session.scalars(select(User).order_by(User.username)).all()
        listed = [
            {
                "user": u.username,
                "full_name": u.full_name,
                "roles": sorted(u.role_set()),
                "active": u.active,
                "locked": u.locked,
            }
            for u in rows
        ]
    text = "\n".join(
        f"{u['user']:<16} {u['full_name']:<28} {','.join(u['roles']):<28}"
        f"{'' if u['active'] else 'deactivated '}{'locked' if u['locked'] else ''}"
        for u in listed
    )
    ctx.emit({"users": listed}, text)
    return 0


def cmd_user_deactivate(ctx: Context) -> int:
    users.deactivate(ctx.db(), ctx.actor(), ctx.args.name, ctx.args.reason)
    ctx.emit({}, f"deactivated {ctx.args.name}")
    return 0


def cmd_user_unlock(ctx: Context) -> int:
    users.unlock(ctx.db(), ctx.actor(), ctx.args.name, ctx.args.reason)
    ctx.emit({}, f"unlocked {ctx.args.name}")
    return 0


def cmd_user_roles(ctx: Context) -> int:
    users.set_roles(ctx.db(), ctx.actor(), ctx.args.name, ctx.args.role, ctx.args.reason)
    ctx.emit({}, f"{ctx.args.name} now has role(s) {', '.join(sorted(set(ctx.args.role)))}")
    return 0


def cmd_user_password(ctx: Context) -> int:
    old = ctx.read_secret("Current password: ")
    new = ctx.read_secret("New password: ")
    users.change_password(ctx.db(), ctx.args.name, old, new)
    ctx.emit({}, "password changed")
    return 0


def cmd_catalog_import(ctx: Context) -> int:
    actor = ctx.actor()
    catalog = read_text(ctx.args.catalog)
    suppliers = read_text(ctx.args.suppliers) if ctx.args.suppliers else None
    summary = catalog_import.import_catalog(
        ctx.db(),
        actor,
        catalog,
        suppliers,
        catalog_name=ctx.args.catalog,
        suppliers_name=ctx.args.suppliers or "suppliers",
    )
    data = {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}
    text = "; ".join(
        f"{kind}: {summary.created[kind]} created, {summary.updated[kind]} updated, "
        f"{summary.unchanged[kind]} unchanged"
        for kind in summary.created
    )
    ctx.emit(data, text)
    return 0


def cmd_rule_show(ctx: Context) -> int:
    with ctx.db().read() as session:
        rule = risk.current_rule(session)
    ctx.stdout.write(json.dumps(rule.to_json(), indent=2) + "\n")
    return 0


def cmd_rule_set(ctx: Context) -> int:
    actor = ctx.actor()
    try:
        data = json.loads(read_text(ctx.args.file))
    except json.JSONDecodeError as exc:
        raise Refused(f"{ctx.args.file} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    if not isinstance(data, dict):
        raise Refused(f"{ctx.args.file} must hold a JSON object")
    changed = risk.set_rule(ctx.db(), actor, risk.RiskRule.from_json(data), ctx.args.reason)
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
    demo.build_demo(path).dispose()
    ctx.stdout.write(demo.describe(path) + "\n")
    if ctx.args.no_app:
        return 0
    from desktop.app import run  # Qt is imported only when the application starts

    return run(f"sqlite:///{path}", demo=True)


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
    from pathlib import Path

    from db.backup import backup

    path = backup(ctx.db(), Path(ctx.args.out))
    ctx.emit({"file": str(path), "bytes": path.stat().st_size}, f"backup written to {path}")
    return 0


def cmd_backup_check(ctx: Context) -> int:
    from pathlib import Path

    from db.backup import check_backup

    checked = check_backup(Path(ctx.args.file))
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
