"""Where the last passing `audit verify` left the trail, so the next one starts from there.

One small file per record beside its site key (this workstation's own folder, not the shared
witness): the last verified event (seq and hash), when, and how much of the witness file had
been read then (its size and the SHA-256 of those bytes). The file carries an HMAC with the
site key: someone who can write the folder but lacks the key cannot move the starting point.
It is never trusted further than that: the incremental verify checks that the event it names
still has that hash and that the witness still begins with those bytes.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from db.integrity.site_key import OWNER_ONLY, SiteKey
from db.serialize import canonical_json

SUFFIX = ".verified"


@dataclass(frozen=True)
class Verified:
    record: str
    seq: int
    hash: str
    at: str  # when that verify ran (canonical UTC)
    full_at: str  # when the last full verify ran
    witness_size: int
    witness_sha256: str
    witness_lines: int


def path_for(key: SiteKey) -> Path:
    return key.path.with_suffix(SUFFIX)


def read(key: SiteKey) -> Verified | None:
    """The state, or None when it is absent or does not verify with the key."""
    path = path_for(key)
    try:
        body = json.loads(path.read_bytes())
        mac = body.pop("mac")
        if key.mac(canonical_json(body)) != mac or body.get("record") != key.record:
            return None
        return Verified(**body)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(key: SiteKey, state: Verified) -> None:
    """Atomically (a new file renamed over the old): a crash leaves the old state or the new."""
    body = asdict(state)
    body["mac"] = key.mac(canonical_json(body))
    path = path_for(key)
    temporary = path.with_suffix(SUFFIX + ".tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(body, sort_keys=True) + "\n")
    os.replace(temporary, path)
