"""What every command handler gets: its arguments, the record, the caller, and output."""

from __future__ import annotations

import argparse
import getpass
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from db.errors import Refused
from desktop import paths

if TYPE_CHECKING:  # the record's modules load when a handler first needs the record
    from db.approvals import Approval
    from db.engine import Database
    from db.users import Actor

WHOLE = re.compile(r"-?[0-9]{1,18}", re.ASCII)


@dataclass
class Context:
    args: argparse.Namespace
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    _db: Database | None = None
    _password: str | None = None

    def db(self, *, check: bool = True, create: bool = False) -> Database:
        if self._db is None:
            from desktop.opening import open_database

            integrity = paths.integrity(self.args.keys, self.args.witness)
            integrity.warn = self.warn
            self._db = open_database(self.args.db, check=check, create=create, integrity=integrity)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()

    def read_secret(self, prompt: str) -> str:
        """A password: the next line of standard input, or asked for on a terminal."""
        if self.stdin.isatty():
            return getpass.getpass(prompt)
        line = self.stdin.readline()
        if not line:
            raise Refused(f"no password on standard input ({prompt.strip(': ').lower()})")
        return line.rstrip("\r\n")

    def actor(self) -> Actor:
        """The user named by --by, authenticated by the password on the first stdin line."""
        self._password = self.read_secret(f"Password for {self.args.by}: ")
        return authenticate(self.db(), self.args.by, self._password)

    def approval(self, signer: str, reason: str) -> Approval:
        """A QA e-signature: the signer's password is re-entered (the next stdin line), unless
        the signer is the --by user whose password was just read."""
        if signer == getattr(self.args, "by", None) and self._password is not None:
            password = self._password
        else:
            password = self.read_secret(f"Password of {signer} (signs the approval): ")
        from db.approvals import Approval

        return Approval(signer, password, reason)

    @property
    def password(self) -> str:
        assert self._password is not None, "actor() first"
        return self._password

    def emit(self, data: dict[str, Any], text: str) -> None:
        if getattr(self.args, "json", False):
            self.stdout.write(json.dumps(for_json(data), ensure_ascii=False) + "\n")
        else:
            self.stdout.write(text.rstrip("\n") + "\n")

    def warn(self, message: str) -> None:
        sys.stderr.write(f"lotkeeper: warning: {message}\n")


def authenticate(db: Database, username: str, password: str) -> Actor:
    """db.sign_in.authenticate, loaded (with argon2 and the models) when a command signs in."""
    from db.sign_in import authenticate as check_password

    return check_password(db, username, password)


def for_json(value: Any) -> Any:
    """Output JSON: quantities as numbers (8, 0.6), dates and times as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): for_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [for_json(v) for v in value]
    from db.serialize import plain

    return plain(value)


def whole_number(text: str) -> int:
    """An argparse type: digits 0-9 only (int() would also take '1_000' and other scripts'
    digits), at most 18 of them; a bad value is a usage error (exit 2)."""
    digits = text.strip(" \t")
    if not WHOLE.fullmatch(digits):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (digits 0-9)")
    return int(digits)


def read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise Refused(f"cannot read {path}: {exc.strerror}") from exc


def read_text(path: str) -> str:
    data = read_file(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(f"{path} is not UTF-8 text (save the CSV as UTF-8)") from exc
