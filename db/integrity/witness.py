"""Checkpoints of the chain head written outside the database, to catch a rewritten history.

A keyed chain stops a forger without the key; it cannot stop someone holding the key from
rewriting the trail and recomputing every hash after the change, nor anyone from cutting off
the last transactions. The witness can: an append-only file (ideally on another machine: a
network share, a WORM folder) that receives the head (sequence, hash, time) at every signature,
every change of roles and every CHECKPOINT_EVERY events. `audit verify` compares the chain
with every checkpoint it can read. Each line carries an HMAC with the site key, so lines
cannot be forged by someone who can only write the witness folder.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.integrity.site_key import OWNER_ONLY, SiteKey
from db.serialize import canonical_json, sha256_hex

CHECKPOINT_EVERY = 100
SUFFIX = ".witness"
FIELDS = ("record", "seq", "hash", "at", "by", "workstation", "why")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    by: str
    workstation: str
    why: str
    line: int  # position in the witness file, for messages


@dataclass(frozen=True)
class WitnessReading:
    path: Path
    checkpoints: list[Checkpoint]
    forged_lines: list[int]  # lines whose HMAC does not verify
    size: int = 0  # bytes in the file when read, and their SHA-256 (db/integrity/verified_state)
    sha256: str = ""
    lines: int = 0
    skipped_sha256: str = ""  # of the bytes skipped (read(skip=...)), to prove them unchanged


def is_witness_file(head: bytes) -> bool:
    return head.startswith(b'{"at":') and b'"record":' in head[:400]


class Witness:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, record: str) -> Path:
        return self.folder / f"{record}{SUFFIX}"

    def append(
        self, key: SiteKey, *, seq: int, head: str, at: datetime, by: str, workstation: str,
        why: str,
    ) -> None:  # fmt: skip
        """One line, one write, O_APPEND: concurrent workstations never interleave lines."""
        fields = {
            "record": key.record,
            "seq": seq,
            "hash": head,
            "at": at,
            "by": by,
            "workstation": workstation,
            "why": why,
        }
        body = json.loads(canonical_json(fields))
        body["mac"] = key.mac(canonical_json(body))
        line = (json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = os.open(
            self.path_for(key.record), os.O_WRONLY | os.O_APPEND | os.O_CREAT, OWNER_ONLY
        )
        try:
            os.write(handle, line)
            os.fsync(handle)
        finally:
            os.close(handle)

    def read(self, key: SiteKey, *, skip: int = 0, skip_lines: int = 0) -> WitnessReading:
        """Every checkpoint, or those after the first `skip` bytes (`skip_lines` lines) that an
        earlier verify read already."""
        path = self.path_for(key.record)
        checkpoints: list[Checkpoint] = []
        forged: list[int] = []
        if not path.exists():
            return WitnessReading(path, checkpoints, forged)
        data = path.read_bytes()
        number = skip_lines
        for number, raw in enumerate(io.BytesIO(data[skip:]), start=skip_lines + 1):
            point = _parse(key, raw, number)
            if point is None:
                forged.append(number)
            else:
                checkpoints.append(point)
        return WitnessReading(
            path, checkpoints, forged, len(data), sha256_hex(data), number,
            sha256_hex(data[:skip]),
        )  # fmt: skip


def _parse(key: SiteKey, raw: bytes, number: int) -> Checkpoint | None:
    try:
        body = json.loads(raw)
        mac = body.pop("mac")
        if set(body) != set(FIELDS) or body["record"] != key.record:
            return None
        if key.mac(canonical_json(body)) != mac:
            return None
        return Checkpoint(
            int(body["seq"]),
            str(body["hash"]),
            str(body["at"]),
            str(body["by"]),
            str(body["workstation"]),
            str(body["why"]),
            number,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
