"""The window people keep open all day: who is signed in, the stations, idle lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.engine import describe
from ui.login import LoginDialog
from ui.record_events import RecordWatcher
from ui.services import Services
from ui.session import Session

StationFactory = Callable[[Services, Session], QWidget]


@dataclass(frozen=True)
class Station:
    title: str
    make: StationFactory


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
        self.setWindowTitle("Lotkeeper" + (" — DEMO" if services.demo else ""))
        self.resize(1366, 768)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stations")
        self.tabs.setDocumentMode(True)
        for index, station in enumerate(stations):
            self.tabs.addTab(station.make(services, session), station.title)
            if index < 9:
                # `triggered` passes `checked` first: it must not land in the index.
                self._shortcut(
                    f"Ctrl+{index + 1}",
                    lambda _checked=False, i=index: self.tabs.setCurrentIndex(i),
                )
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._top_bar())
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        preferences = services.preferences.load()
        self.idle = IdleWatcher(session, preferences.idle_lock_minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        session.locked_changed.connect(self._on_locked)
        session.changed.connect(self._show_user)
        self._show_user()
        # Other workstations' changes reach every screen through services.events.
        self.watcher = RecordWatcher(services.db, services.events)

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
            demo.setStyleSheet("background:#f0b400; color:black; font-weight:bold;")
            row.addWidget(demo)
        where = QLabel(describe(self.services.db.url))
        where.setStyleSheet("color:#666;")
        row.addWidget(where)
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
        self.centralWidget().setEnabled(True)
        self.idle.timer.start()

    def switch_user(self) -> None:
        dialog = LoginDialog(
            self.services.db, self, message="Switch user: sign in as another person."
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
            self.session.sign_in(dialog.actor)
