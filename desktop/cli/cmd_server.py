"""`lotkeeper server setup`: a shared PostgreSQL record with an owner and an application role."""

from __future__ import annotations

from typing import Any

from db.errors import Refused
from desktop import paths
from desktop.cli.context import Context


def register(commands: Any) -> None:
    server = commands.add_parser("server", help="a shared PostgreSQL server").add_subparsers(
        dest="server_command", metavar="ACTION", required=True
    )
    make = server.add_parser(
        "setup",
        help="create or upgrade the roles, schema and grants (run as the server administrator; "
        "stdin: the owner's then the application's password, empty for none)",
    )
    make.add_argument("--schema", default="lotkeeper")
    make.add_argument("--owner", default="lotkeeper_owner", metavar="ROLE")
    make.add_argument("--app", default="lotkeeper_app", metavar="ROLE")
    make.add_argument("--json", action="store_true")
    make.set_defaults(handler=cmd_server_setup)


def cmd_server_setup(ctx: Context) -> int:
    from db.engine import describe
    from db.server_roles import ServerRoles, setup

    url = paths.database_url(ctx.args.db)
    if not url.startswith("postgresql"):
        raise Refused("server setup needs --db postgresql+psycopg://ADMIN@HOST/DATABASE")
    roles = ServerRoles(ctx.args.schema, ctx.args.owner, ctx.args.app)
    passwords = {
        roles.owner: ctx.read_secret(f"Password for {roles.owner} (empty: none): ") or None,
        roles.app: ctx.read_secret(f"Password for {roles.app} (empty: none): ") or None,
    }
    done = setup(url, roles, passwords)
    ctx.emit(
        {"app_url": describe(done.app_url), "created_roles": done.created_roles},
        f"schema {roles.schema} owned by {roles.owner} is at the current revision; "
        f"roles created: {', '.join(done.created_roles) or 'none (they existed)'}\n"
        f"workstations connect as {roles.app}: --db {describe(done.app_url)}\n"
        f"next: lotkeeper --db {describe(done.app_url)} init --admin NAME --full-name TEXT",
    )
    return 0
