"""Accounts: add, list, roles, lock and unlock, passwords, the policy, duties, recovery."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.cli.choices import ROLES
from desktop.cli.context import Context, whole_number

# Each handler imports the workflow it runs: building the parser loads none of them.


def register(commands: Any) -> None:
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
        ("reset-password", cmd_user_reset, "set a new password for someone (stdin: yours, theirs)"),
    ):
        sub = user.add_parser(name, help=text)
        sub.add_argument("name")
        sub.add_argument("--reason", required=True)
        sub.add_argument("--by", required=True, metavar="ADMIN")
        sub.set_defaults(handler=handler)
    roles = user.add_parser("roles", help="set someone else's roles")
    roles.add_argument("name")
    roles.add_argument("--role", action="append", required=True, choices=ROLES)
    roles.add_argument("--reason", required=True)
    roles.add_argument("--by", required=True, metavar="ADMIN")
    roles.set_defaults(handler=cmd_user_roles)
    password = user.add_parser("password", help="change your password (stdin: old, new)")
    password.add_argument("name")
    password.set_defaults(handler=cmd_user_password)
    recover = user.add_parser(
        "recover", help="unlock the sole administrator with the site key (stdin: new password)"
    )
    recover.add_argument("name")
    recover.add_argument("--key", required=True, metavar="FILE", help="the record's site key")
    recover.set_defaults(handler=cmd_user_recover)
    _register_policy(commands)


def _register_policy(commands: Any) -> None:
    policy = commands.add_parser("password-policy", help="the password policy").add_subparsers(
        dest="policy_command", metavar="ACTION", required=True
    )
    show = policy.add_parser("show", help="print the policy in force")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_policy_show)
    change = policy.add_parser("set", help="change the policy (administrator, with a reason)")
    change.add_argument("--min-length", type=whole_number, required=True)
    change.add_argument(
        "--history", type=whole_number, required=True, help="last N passwords not reused"
    )
    change.add_argument("--expiry-days", type=whole_number, required=True, help="0: no expiry")
    change.add_argument("--reason", required=True)
    change.add_argument("--by", required=True, metavar="ADMIN")
    change.set_defaults(handler=cmd_policy_set)
    duties = commands.add_parser("duties", help="segregation of duties").add_subparsers(
        dest="duties_command", metavar="ACTION", required=True
    )
    dual = duties.add_parser("set", help="allow dual roles in a small unit (QA e-signature)")
    dual.add_argument("--dual-roles", required=True, choices=["yes", "no"])
    dual.add_argument("--reason", required=True)
    dual.add_argument("--by", required=True, metavar="QA")
    dual.set_defaults(handler=cmd_duties_set)


def cmd_user_add(ctx: Context) -> int:
    from db import users

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
    from db.queries.user_list import user_list  # the rows and order of the app's user list

    listed = [
        {
            "user": u.username,
            "full_name": u.full_name,
            "roles": list(u.roles),
            "active": u.active,
            "locked": u.locked,
        }
        for u in user_list(ctx.db())
    ]
    text = "\n".join(
        f"{u['user']:<16} {u['full_name']:<28} {','.join(u['roles']):<28}"
        f"{'' if u['active'] else 'deactivated '}{'locked' if u['locked'] else ''}"
        for u in listed
    )
    ctx.emit({"users": listed}, text)
    return 0


def cmd_user_deactivate(ctx: Context) -> int:
    from db import users

    users.deactivate(ctx.db(), ctx.actor(), ctx.args.name, ctx.args.reason)
    ctx.emit({}, f"deactivated {ctx.args.name}")
    return 0


def cmd_user_unlock(ctx: Context) -> int:
    from db import users

    users.unlock(ctx.db(), ctx.actor(), ctx.args.name, ctx.args.reason)
    ctx.emit({}, f"unlocked {ctx.args.name}")
    return 0


def cmd_user_reset(ctx: Context) -> int:
    from db import users

    admin = ctx.actor()
    password = ctx.read_secret(f"New password for {ctx.args.name}: ")
    users.reset_password(ctx.db(), admin, ctx.args.name, password, ctx.args.reason)
    ctx.emit({}, f"new password set for {ctx.args.name}")
    return 0


def cmd_user_roles(ctx: Context) -> int:
    from db import users

    users.set_roles(ctx.db(), ctx.actor(), ctx.args.name, ctx.args.role, ctx.args.reason)
    ctx.emit({}, f"{ctx.args.name} now has role(s) {', '.join(sorted(set(ctx.args.role)))}")
    return 0


def cmd_user_password(ctx: Context) -> int:
    from db.sign_in import change_password

    old = ctx.read_secret("Current password: ")
    new = ctx.read_secret("New password: ")
    change_password(ctx.db(), ctx.args.name, old, new)
    ctx.emit({}, "password changed")
    return 0


def cmd_user_recover(ctx: Context) -> int:
    from db.admin_recovery import recover_admin

    password = ctx.read_secret(f"New password for {ctx.args.name}: ")
    recover_admin(ctx.db(), Path(ctx.args.key), ctx.args.name, password)
    ctx.emit({}, f"{ctx.args.name} is unlocked with a new password (recorded in the trail)")
    return 0


def cmd_policy_show(ctx: Context) -> int:
    from db.passwords import current_policy

    with ctx.db().read() as session:
        policy = current_policy(session)
    ctx.emit(
        policy.to_json(),
        f"at least {policy.min_length} characters; the last {policy.history} not reused; "
        + (f"expire after {policy.expiry_days} days" if policy.expiry_days else "no expiry"),
    )
    return 0


def cmd_policy_set(ctx: Context) -> int:
    from db import users
    from db.passwords import PasswordPolicy

    a = ctx.args
    policy = PasswordPolicy.from_json(
        {"min_length": a.min_length, "history": a.history, "expiry_days": a.expiry_days}
    )
    changed = users.set_password_policy(ctx.db(), ctx.actor(), policy, a.reason)
    ctx.emit({"changed": changed}, "password policy changed" if changed else "policy unchanged")
    return 0


def cmd_duties_set(ctx: Context) -> int:
    from db.duties_change import set_dual_roles

    allowed = ctx.args.dual_roles == "yes"
    changed = set_dual_roles(ctx.db(), allowed, ctx.approval(ctx.args.by, ctx.args.reason))
    state = "allowed" if allowed else "not allowed"
    ctx.emit({"changed": changed, "dual_roles": allowed}, f"dual roles {state}")
    return 0
