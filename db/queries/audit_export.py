"""The filtered audit trail as a CSV file, for an inspector or a spreadsheet.

One row per event, oldest first: seq, at (UTC, ISO 8601), user, action, entity, entity id,
old, new (the canonical JSON the chain hashes, unchanged), reason, hash. UTF-8 with a byte
order mark so that Excel reads the accents. Written in pages of the keyset walk, so a
multi-million event trail never sits in memory, into a `.part` file renamed at the end: a
stopped or failed export leaves no half file under the chosen name.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from db.engine import Database
from db.queries.audit_list import AuditFilter, AuditRow, Stop, audit_page
from db.serialize import plain

HEADER = ("seq", "at", "user", "action", "entity", "entity id", "old", "new", "reason", "hash")
BATCH = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Exported:
    path: Path
    events: int
    complete: bool  # False: stopped before the end (and no file was left)


def export_csv(
    db: Database,
    wanted: AuditFilter,
    path: Path,
    *,
    stop: Stop | None = None,
    progress: Callable[[int], None] | None = None,
) -> Exported:
    part = path.with_name(path.name + ".part")
    written, after = 0, None
    try:
        with part.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(HEADER)
            while True:
                if stop is not None and stop():
                    raise _Stopped
                page = audit_page(db, wanted, after, BATCH, ascending=True, stop=stop)
                out.writerows(csv_row(event) for event in page.rows)
                written += len(page.rows)
                if progress is not None:
                    progress(written)
                if page.next is None:
                    break
                after = page.next
        os.replace(part, path)
    except _Stopped:
        part.unlink(missing_ok=True)
        return Exported(path, written, complete=False)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return Exported(path, written, complete=True)


class _Stopped(Exception):
    pass


def csv_row(event: AuditRow) -> list[object]:
    return [
        event.seq,
        plain(event.at),
        _cell(event.username),
        _cell(event.action),
        event.entity_type,
        event.entity_id,
        event.old or "",
        event.new or "",
        _cell(event.reason or ""),
        event.hash,
    ]


def _cell(text: str) -> str:
    """Free text typed by people: a leading apostrophe keeps a spreadsheet from running it."""
    return "'" + text if text.startswith(_FORMULA_START) else text
