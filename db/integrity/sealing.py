"""What a workstation needs to seal the trail: its key ring, the witness, and its own name."""

from __future__ import annotations

import logging
import platform
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.errors import Refused
from db.integrity.site_key import KeyRing, SiteKey
from db.integrity.witness import CHECKPOINT_EVERY, Witness
from db.models import AuditHead, RecordIdentity

log = logging.getLogger("lotkeeper")


def _log_warning(message: str) -> None:
    log.warning(message)


@dataclass
class Integrity:
    keys: KeyRing
    witness: Witness | None
    workstation: str = field(default_factory=platform.node)
    # Told when a checkpoint could not be written (the change itself is committed).
    warn: Callable[[str], None] = _log_warning

    @classmethod
    def in_folder(cls, folder: Path, **kw: object) -> Integrity:
        """Keys in folder/keys, witness in folder/witness (the data folder's layout)."""
        return cls(KeyRing(folder / "keys"), Witness(folder / "witness"), **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Sealed:
    """What one transaction appended to the chain."""

    first: int
    last: int
    head: str
    signature: bool
    roles: bool
    action: str


def identity(session: Session) -> RecordIdentity | None:
    return session.get(RecordIdentity, 1)


def key_for(session: Session, integrity: Integrity | None) -> SiteKey:
    """The site key of this record, or a refusal that says how to get it."""
    found = identity(session)
    if found is None:
        raise Refused("this record has no site key yet: run `lotkeeper init` to give it one")
    if integrity is None:
        raise Refused("no site key folder is configured on this workstation")
    key = integrity.keys.find(found.record_id)
    if key is None:
        raise Refused(
            f"this workstation has no site key for the record {found.record_id}: copy the "
            f"key file {found.record_id}.key into {integrity.keys.folder} (see the README, "
            "Integrity); changes are refused without it"
        )
    if key.fingerprint() != found.key_fingerprint or key.record != found.record_id:
        raise Refused(
            f"the site key {key.path} is not the key of this record "
            "(its fingerprint differs): changes are refused"
        )
    return key


def give_identity(session: Session, integrity: Integrity, at: datetime) -> SiteKey:
    """A new record (or one from before site keys): create its key and identity row.

    Events already in the trail stay as they were sealed (plain SHA-256); from the next one
    on, every event is keyed. The key file is written before the row commits; if the commit
    fails the caller removes it.
    """
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1)).one()
    record = str(uuid.uuid4())
    key = integrity.keys.create(record, head.seq + 1)
    session.add(
        RecordIdentity(
            id=1,
            record_id=record,
            key_fingerprint=key.fingerprint(),
            keyed_from=key.keyed_from,
            created_at=at,
        )
    )
    session.flush()
    return key


SYSTEM_CHECKPOINTS = {
    "system.init": "record created",
    "system.key": "site key created",
    "user.recover_with_site_key": "administrator recovered with the site key",
}


def checkpoint_reason(sealed: Sealed) -> str | None:
    if sealed.action in SYSTEM_CHECKPOINTS:
        return SYSTEM_CHECKPOINTS[sealed.action]
    if sealed.signature:
        return "signature"
    if sealed.roles:
        return "roles changed"
    if sealed.last // CHECKPOINT_EVERY > (sealed.first - 1) // CHECKPOINT_EVERY:
        return f"every {CHECKPOINT_EVERY} events"
    return None


def write_checkpoint(
    integrity: Integrity | None, key: SiteKey, sealed: Sealed, at: datetime, by: str
) -> None:
    why = checkpoint_reason(sealed)
    if why is None or integrity is None or integrity.witness is None:
        return
    try:
        integrity.witness.append(
            key,
            seq=sealed.last,
            head=sealed.head,
            at=at,
            by=by,
            workstation=integrity.workstation,
            why=why,
        )
    except OSError as exc:
        integrity.warn(
            f"the change is saved, but its checkpoint could not be written to the witness "
            f"folder {integrity.witness.folder} ({exc.strerror}); tell the administrator"
        )
