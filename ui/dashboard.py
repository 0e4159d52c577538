"""What needs attention today: alerts by kind, and deviations by domain as a chart.

The alerts and the counts are computed off the GUI thread (they read the whole stock); the
screen stays responsive and says when it was last brought up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.alerts import Alert, compute
from db.queries.dashboard import DomainCount, deviations_by_domain
from ui.deviation_chart import DeviationChart
from ui.feedback import Banner
from ui.models.alert_list import KIND_NAMES, AlertListModel, kind_name
from ui.presentation.formats import clock
from ui.presentation.palette import muted_style
from ui.presentation.tables import make_table
from ui.reads import Reader
from ui.record_events import ChangeFollower
from ui.services import Services
from ui.session import Session


@dataclass(frozen=True)
class DashboardData:
    alerts: list[Alert]
    deviations: list[DomainCount]
    loaded_at: datetime


class Dashboard(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.data: DashboardData | None = None
        self.loading = False
        self._again = False
        self.reader = Reader(self)
        ChangeFollower(self, services.events, None, self.refresh, delay_ms=400)
        self.model = AlertListModel()
        # Alert texts wrap: each is read whole on 1366 x 768, not cut at the column's edge.
        self.table = make_table(self.model, "alerts", wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.chart = DeviationChart()
        self.banner = Banner(sound=False)
        self.status = QLabel("Not loaded yet.")
        self.status.setStyleSheet(muted_style())
        self.refresh_button = QPushButton("&Refresh (F5)")
        self.refresh_button.setShortcut(QKeySequence("F5"))
        self.refresh_button.clicked.connect(self.refresh)
        self.filters = QButtonGroup(self)
        self.filters.setExclusive(True)
        self.filter_buttons: dict[str | None, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        layout.addLayout(self._filter_row())
        layout.addWidget(self._body(), 1)
        self.banner.float_over(self.table)  # a list screen: no strip waits above the rows
        self.refresh()  # loaded once here, then kept current by the change events

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel("<b>Dashboard</b> — what needs attention")
        title.setStyleSheet("font-size:17px;")
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(self.status)
        row.addWidget(self.refresh_button)
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        for kind in (None, *KIND_NAMES):
            button = QPushButton()
            button.setCheckable(True)
            button.setObjectName(f"filter_{kind or 'all'}")
            button.clicked.connect(lambda _=False, k=kind: self.show_kind(k))
            self.filters.addButton(button)
            self.filter_buttons[kind] = button
            row.addWidget(button)
        row.addStretch(1)
        self.filter_buttons[None].setChecked(True)
        self._label_filters()
        return row

    def _body(self) -> QSplitter:
        alerts = QWidget()
        column = QVBoxLayout(alerts)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Alerts</b>"))
        column.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(alerts)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([860, 440])
        return splitter

    def refresh(self) -> None:
        if self.loading:
            self._again = True  # a change arrived during the load: load once more after it
            return
        self.loading = True
        self.refresh_button.setEnabled(False)
        self.status.setText("Loading…")
        db = self.services.db

        def work() -> DashboardData:
            return DashboardData(compute(db), deviations_by_domain(db), datetime.now(UTC))

        self.reader.read(
            "load",
            work,
            self._loaded,
            what="the dashboard could not be loaded",
            failed=self._failed,
        )

    def _loaded(self, data: DashboardData) -> None:
        self.loading = False
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.refresh)
        self.refresh_button.setEnabled(True)
        self.data = data
        self.model.set_alerts(data.alerts)
        self.chart.set_counts(data.deviations)
        self._label_filters()
        self.banner.show_message("info", "")
        count = len(data.alerts)
        self.status.setText(f"{count} alert(s) — updated {clock(data.loaded_at)}")

    def _failed(self, message: str) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.status.setText("Not up to date.")
        self.banner.error(message)

    def show_kind(self, kind: str | None) -> None:
        self.filter_buttons[kind].setChecked(True)
        self.model.set_kind(kind)

    def _label_filters(self) -> None:
        counts = self.model.counts()
        for kind, button in self.filter_buttons.items():
            if kind is None:
                button.setText(f"All ({sum(counts.values())})")
            else:
                button.setText(f"{kind_name(kind)} ({counts.get(kind, 0)})")
                button.setStyleSheet("font-weight:bold;" if counts.get(kind) else "")
