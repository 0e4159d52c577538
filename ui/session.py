"""Who is at the keyboard: the signed-in user, lock and switch."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from db.users import Actor


class Session(QObject):
    """The signed-in user. Passwords are never kept: every signature asks again."""

    changed = Signal(object)  # Actor | None
    locked_changed = Signal(bool)

    def __init__(self, actor: Actor | None = None) -> None:
        super().__init__()
        self._actor = actor
        self._locked = False

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            raise RuntimeError("nobody is signed in")
        return self._actor

    @property
    def signed_in(self) -> bool:
        return self._actor is not None

    @property
    def locked(self) -> bool:
        return self._locked

    def has(self, role: str) -> bool:
        return self._actor is not None and role in self._actor.roles

    def sign_in(self, actor: Actor) -> None:
        self._actor = actor
        self._set_locked(False)
        self.changed.emit(actor)

    def lock(self) -> None:
        self._set_locked(True)

    def unlock(self) -> None:
        self._set_locked(False)

    def _set_locked(self, locked: bool) -> None:
        if locked != self._locked:
            self._locked = locked
            self.locked_changed.emit(locked)
