"""Placeholder until this station is built (issue 4)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.services import Services
from ui.session import Session


class CatalogView(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        QVBoxLayout(self).addWidget(QLabel("Not built yet."))
