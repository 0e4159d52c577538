"""The `lotkeeper` command: parse, run one handler, turn any failure into one line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from db.errors import Refused
from desktop import paths
from desktop.cli import (
    cmd_admin,
    cmd_print,
    cmd_quality,
    cmd_reports,
    cmd_scan,
    cmd_server,
    cmd_stock,
    cmd_use,
    cmd_users,
)
from desktop.cli.context import Context

EXIT_REFUSED = 1
EXIT_INTERNAL = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lotkeeper",
        description="GMP raw-material inventory, quarantine and release. "
        "Without a command, opens the desktop application.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLite file or postgresql+psycopg:// URL "
        f"(default: ${paths.DB_ENV}, else {paths.DB_FILENAME} in the data folder)",
    )
    parser.add_argument(
        "--keys",
        metavar="DIR",
        help=f"folder of site keys (default: ${paths.KEYS_ENV}, else keys/ in the data folder)",
    )
    parser.add_argument(
        "--witness",
        metavar="DIR",
        help=f"witness folder (default: ${paths.WITNESS_ENV}, else witness/ in the data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        cmd_admin, cmd_users, cmd_stock, cmd_quality, cmd_use, cmd_reports, cmd_print, cmd_scan,
        cmd_server,
    ):  # fmt: skip
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    for argument in arguments:
        if any("\ud800" <= c <= "\udfff" for c in argument):
            parser.error(f"an argument is not valid text (bytes that are not UTF-8): {argument!r}")
    args = parser.parse_args(arguments)
    if args.command is None:
        return _start_app(args)
    context = Context(args)
    try:
        return int(args.handler(context) or 0)
    except Refused as refusal:
        sys.stderr.write(f"lotkeeper: {_one_line(refusal.message)}\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        sys.stderr.write("lotkeeper: interrupted; nothing was saved by the interrupted step\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last guard: no traceback on a terminal
        return _internal_error(exc)
    finally:
        context.close()


def _start_app(args: argparse.Namespace) -> int:
    # The record's modules before Qt's: once PySide6 is loaded, its import hook reads the
    # source of every module that imports anything after it (for `from __feature__`).
    import db.sign_in  # noqa: F401
    import desktop.opening  # noqa: F401
    from desktop.app import run  # Qt is imported only when the application starts

    return run(args.db, integrity=paths.integrity(args.keys, args.witness))


def _one_line(text: str) -> str:
    """One line a terminal shows as it is: no control or direction characters from input."""
    return "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))


def _internal_error(exc: Exception) -> int:
    import logging

    from desktop.cli.crash_log import safe_traceback  # SQLAlchemy's errors: only on a crash

    log = paths.log_file()
    # Neither the log nor the terminal gets SQL, its parameters or a driver's details.
    handler = logging.FileHandler(log, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("lotkeeper")
    logger.addHandler(handler)
    try:
        logger.error("internal error\n%s", safe_traceback(exc))
    finally:
        logger.removeHandler(handler)
        handler.close()
    sys.stderr.write(
        f"lotkeeper: internal error ({type(exc).__name__}); nothing was saved; details in {log}\n"
    )
    return EXIT_INTERNAL
