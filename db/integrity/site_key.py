"""The site key: a secret kept outside the database that keys the audit chain (HMAC-SHA256).

Whoever can write the database file, or connect with the application's account, can insert
rows; without this key they cannot compute a chain that `audit verify` accepts. One key per
record, in a file named by the record's id, readable only by its owner. A backup of the
record is worth little without its key: keep both.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from db.errors import Refused

FORMAT = "lotkeeper-site-key/1"
SUFFIX = ".key"
OWNER_ONLY = 0o600


@dataclass(frozen=True)
class SiteKey:
    record: str  # the record's id (record_identity.record_id)
    keyed_from: int  # first event sealed with this key; earlier ones predate it (SHA-256)
    secret: bytes
    path: Path

    def mac(self, text: str) -> str:
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def fingerprint(self) -> str:
        """Names the key without revealing it; stored in the record to catch a wrong key."""
        return self.mac("lotkeeper site key fingerprint")[:16]


def is_key_file(head: bytes) -> bool:
    return FORMAT.encode() in head[:200]


class KeyRing:
    """The folder where this workstation keeps site keys, one file per record."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, record: str) -> Path:
        return self.folder / f"{record}{SUFFIX}"

    def find(self, record: str) -> SiteKey | None:
        path = self.path_for(record)
        return load_key(path) if path.exists() else None

    def create(self, record: str, keyed_from: int) -> SiteKey:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = SiteKey(record, keyed_from, secrets.token_bytes(32), self.path_for(record))
        body = json.dumps(
            {
                "format": FORMAT,
                "record": record,
                "keyed_from": keyed_from,
                "secret": base64.b64encode(key.secret).decode("ascii"),
            },
            indent=2,
        )
        # O_EXCL: a key is never overwritten; 0600: readable by its owner only.
        handle = os.open(key.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(body + "\n")
            out.flush()
            os.fsync(out.fileno())
        return key


def load_key(path: Path) -> SiteKey:
    _owner_only(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("format")
        secret = base64.b64decode(data["secret"], validate=True)
        if len(secret) < 32:
            raise ValueError("short")
        return SiteKey(str(data["record"]), int(data["keyed_from"]), secret, path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Refused(f"{path} is not a readable Lotkeeper site key") from exc


def _owner_only(path: Path) -> None:
    if os.name != "posix":
        return  # Windows: the per-user data folder's ACL is what protects it
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise Refused(
            f"the site key {path} can be read by other accounts (mode {mode:o}): "
            f"make it readable by its owner only (chmod 600 {path})"
        )
