"""What the widgets are given by the composition root (desktop/app.py): no globals.

Widgets call the `db` workflows directly; printing and the workstation's preferences come
through small ports implemented in `desktop/`, so `ui/` never imports `desktop/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from db.engine import Database
from db.users import Actor

if TYPE_CHECKING:
    from ui.operations import Operations
    from ui.record_events import RecordEvents


@dataclass(frozen=True)
class PrintedPdf:
    """A print already recorded in the audit trail: its title, bytes, and whether a reprint."""

    title: str
    pdf: bytes
    reprint: bool


class PrintingPort(Protocol):
    def status_labels(self, actor: Actor, lot: str, size: str) -> PrintedPdf: ...

    def release_certificate(self, actor: Actor, lot: str) -> PrintedPdf: ...

    def receipt_record(self, actor: Actor, lot: str) -> PrintedPdf: ...

    def sample_log(self, actor: Actor) -> PrintedPdf: ...


@dataclass
class Preferences:
    """This workstation's settings (not part of the GMP record)."""

    # What the scanner sends instead of GS, if it is configured to substitute it.
    separators: list[str] = field(default_factory=list)
    label_size: str = "100x50"
    colours: dict[str, str] = field(default_factory=dict)
    printer: str = ""
    idle_lock_minutes: int = 10
    sound: bool = True
    # The folder of the last file opened or saved here: the next file dialog starts there.
    last_folder: str = ""


class PreferencesStore(Protocol):
    def load(self) -> Preferences: ...

    def save(self, preferences: Preferences) -> None: ...


def _record_events() -> RecordEvents:
    from ui.record_events import RecordEvents  # Qt only where screens are made

    return RecordEvents()


@dataclass
class Services:
    db: Database
    printing: PrintingPort
    preferences: PreferencesStore
    demo: bool = False
    # The one "record changed" signal every screen listens to (ui/record_events.py).
    events: RecordEvents = field(default_factory=_record_events)
    operations: Operations = field(init=False)

    def __post_init__(self) -> None:
        from ui.operations import Operations  # the one door for the app's writes

        self.operations = Operations(self.events)
