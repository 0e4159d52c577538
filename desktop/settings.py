"""This workstation's preferences, kept as JSON in the data folder (not in the GMP record)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

from ui.services import Preferences

FILENAME = "preferences.json"


class JsonPreferencesStore:
    def __init__(self, folder: Path) -> None:
        self.path = folder / FILENAME

    def load(self) -> Preferences:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Preferences()  # missing or unreadable: defaults, never a crash at start
        known = {f.name for f in fields(Preferences)}
        return Preferences(**{k: v for k, v in data.items() if k in known})

    def save(self, preferences: Preferences) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(preferences), indent=2), encoding="utf-8")
        temporary.replace(self.path)  # atomic: a crash never leaves half a file
