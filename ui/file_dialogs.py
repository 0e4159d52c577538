"""File dialogs that say what they are for and open where the person last was.

Each dialog's title names its purpose ("Certificate of analysis for lot L-2026-0042"); it
starts in the last folder used at this workstation (kept in its preferences), else in the
person's Documents folder, else their home folder, never in the program's working directory.
The dialogs themselves are Qt's static QFileDialog functions (tests answer them for the person).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.services import PreferencesStore


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(last: str, fallback: Path | None = None) -> Path:
    """Where the next dialog opens: the last folder used, if it is still there."""
    if last and Path(last).is_dir():
        return Path(last)
    return fallback if fallback is not None else documents_folder()


def remember(store: PreferencesStore, folder: Path) -> None:
    preferences = store.load()
    if preferences.last_folder != str(folder):
        preferences.last_folder = str(folder)
        store.save(preferences)


def choose_files(
    parent: QWidget | None, store: PreferencesStore, title: str, filters: str
) -> list[Path]:
    """Files to open (none if the person cancelled); their folder is remembered."""
    folder = start_folder(store.load().last_folder)
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(folder), filters)
    chosen = [Path(name) for name in names]
    if chosen:
        remember(store, chosen[0].parent)
    return chosen


def choose_file(
    parent: QWidget | None, store: PreferencesStore, title: str, filters: str
) -> Path | None:
    """One file to open (None if the person cancelled); its folder is remembered."""
    folder = start_folder(store.load().last_folder)
    name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), filters)
    if not name:
        return None
    remember(store, Path(name).parent)
    return Path(name)


def choose_save(
    parent: QWidget | None, store: PreferencesStore | None, title: str, name: str, filters: str
) -> Path | None:
    """Where to save `name` (None if the person cancelled); the folder is remembered (in
    `store`, when there is one)."""
    folder = start_folder(store.load().last_folder if store is not None else "")
    answer, _ = QFileDialog.getSaveFileName(parent, title, str(folder / name), filters)
    if not answer:
        return None
    path = Path(answer)
    if store is not None:
        remember(store, path.parent)
    return path
