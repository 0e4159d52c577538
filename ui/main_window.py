"""The window people keep open all day: who is signed in, the stations, idle lock.

Each person sees the stations of their roles and the read-only views everyone may use, and
lands on their role's home station. Another person signing in gets fresh stations: nothing of
the previous session (typed text, banners, selection) survives. While locked, a curtain
hides the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.engine import describe
from ui.login import LoginDialog
from ui.presentation import palette
from ui.record_events import RecordWatcher
from ui.services import Services
from ui.session import Session
from ui.trail_check import TrailCheck

StationFactory = Callable[[Services, Session], QWidget]


@dataclass(frozen=True)
class Station:
    title: str
    make: StationFactory
    roles: frozenset[str] = frozenset()  # who works there; empty: a view for everyone
    home_of: frozenset[str] = frozenset()  # the roles that start their day here

    def open_to(self, roles: frozenset[str]) -> bool:
        return not self.roles or bool(self.roles & roles)


class IdleWatcher(QObject):
    """Locks the session after a quiet period; any key or mouse input restarts the count."""

    INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
        }
    )

    def __init__(self, session: Session, minutes: float) -> None:
        super().__init__()
        self.session = session
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(session.lock)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.INPUT and not self.session.locked:
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    def __init__(self, services: Services, session: Session, stations: list[Station]) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.stations = stations
        self.setWindowTitle("Lotkeeper" + (" — DEMO" if services.demo else ""))
        self.resize(1366, 768)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stations")
        self.tabs.setDocumentMode(True)
        for index in range(9):
            # `triggered` passes `checked` first: it must not land in the index.
            self._shortcut(f"Ctrl+{index + 1}", lambda _checked=False, i=index: self._go_to(i))
        self.curtain = QLabel("Locked — sign in to see the record again.")
        self.curtain.setObjectName("curtain")
        self.curtain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.curtain.setStyleSheet(
            f"font-size:20px; color:{palette.MUTED}; background:{palette.CURTAIN};"
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.curtain)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._top_bar())
        layout.addWidget(self.pages)
        self.setCentralWidget(central)
        preferences = services.preferences.load()
        self.idle = IdleWatcher(session, preferences.idle_lock_minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self._person: int | None = None
        session.locked_changed.connect(self._on_locked)
        session.changed.connect(self._signed_in)
        self._signed_in()
        # Other workstations' changes reach every screen through services.events.
        self.watcher = RecordWatcher(services.db, services.events)

    def _signed_in(self, *_: object) -> None:
        """A new person gets the stations of their roles, fresh, on their home station."""
        self._show_user()
        if not self.session.signed_in or self.session.actor.id == self._person:
            return  # the same person again (unlocking): everything stays as they left it
        self._person = self.session.actor.id
        roles = self.session.actor.roles
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        home = 0
        for station in (s for s in self.stations if s.open_to(roles)):
            index = self.tabs.addTab(station.make(self.services, self.session), station.title)
            if station.home_of & roles and not home:
                home = index
        self.tabs.setCurrentIndex(home)

    def _go_to(self, index: int) -> None:
        if index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watcher.stop()
        super().closeEvent(event)

    def _shortcut(self, keys: str, slot: Callable[..., None]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)

    def _top_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(4, 0, 4, 0)
        title = QLabel("<b>Lotkeeper</b>")
        title.setStyleSheet("font-size:16px;")
        row.addWidget(title)
        if self.services.demo:
            demo = QLabel(" DEMO DATABASE ")
            demo.setStyleSheet(
                f"background:{palette.WARNING}; color:{palette.ink(palette.WARNING)}; "
                "font-weight:bold;"
            )
            row.addWidget(demo)
        where = QLabel(describe(self.services.db.url))
        where.setStyleSheet(palette.muted_style())
        row.addWidget(where)
        self.trail_check = TrailCheck(self.services.db, self.services.events)
        row.addWidget(self.trail_check)
        row.addStretch(1)
        self.user_label = QLabel()
        self.user_label.setObjectName("current_user")
        self.user_label.setStyleSheet("font-size:14px;")
        row.addWidget(self.user_label)
        lock = QPushButton("Lock (Ctrl+L)")
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.clicked.connect(self.session.lock)
        switch = QPushButton("Switch user")
        switch.clicked.connect(self.switch_user)
        row.addWidget(lock)
        row.addWidget(switch)
        return bar

    def _show_user(self, *_: object) -> None:
        if self.session.signed_in:
            actor = self.session.actor
            self.user_label.setText(
                f"Signed in: <b>{actor.full_name}</b> ({actor.username}) "
                f"— {', '.join(sorted(actor.roles))}"
            )

    def _on_locked(self, locked: bool) -> None:
        if locked:
            QTimer.singleShot(0, self.unlock)

    def unlock(self) -> None:
        """Locked: only the same user's password (or switching user) opens the window again."""
        if not self.session.locked:
            return
        self.pages.setCurrentWidget(self.curtain)  # nothing of the record shows while locked
        self.centralWidget().setEnabled(False)
        actor = self.session.actor
        dialog = LoginDialog(
            self.services.db,
            self,
            username=actor.username,
            message=f"Locked after inactivity. {actor.full_name}, enter your "
            "password, or type another user name to switch user.",
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            self.close()  # nobody signed in: the application closes rather than stay open
            return
        self.session.sign_in(dialog.actor)
        self.pages.setCurrentWidget(self.tabs)
        self.centralWidget().setEnabled(True)
        self.idle.timer.start()

    def switch_user(self) -> None:
        dialog = LoginDialog(
            self.services.db, self, message="Switch user: sign in as another person."
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
            self.session.sign_in(dialog.actor)
