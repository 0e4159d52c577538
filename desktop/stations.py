"""The stations of the main window, in tab order (Ctrl+1 ... Ctrl+9).

Each screen's module is imported when its station is first built: a person loads the
screens of their roles only, and nothing of them loads before the sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from ui.main_window import Station, StationFactory

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.services import Services
    from ui.session import Session

TECHNICIAN, QA, PRODUCTION, ADMIN = "technician", "qa", "production", "admin"


@dataclass(frozen=True)
class Screen:
    """A station's factory: `module.name(services, session)`, imported on first use."""

    module: str
    name: str

    def __call__(self, services: Services, session: Session) -> QWidget:
        screen: StationFactory = getattr(import_module(self.module), self.name)
        return screen(services, session)


def default_stations() -> list[Station]:
    """Work stations for their roles; views (no role given) for everyone."""
    return [
        Station(
            "Receiving",
            Screen("ui.receiving_station", "ReceivingStation"),
            frozenset({TECHNICIAN}),
            frozenset({TECHNICIAN}),
        ),
        Station(
            "Quarantine && review",
            Screen("ui.review_station", "ReviewStation"),
            frozenset({TECHNICIAN, QA}),
        ),
        Station(
            "QA decision",
            Screen("ui.decision_station", "DecisionStation"),
            frozenset({QA}),
            frozenset({QA}),
        ),
        Station(
            "Production",
            Screen("ui.production_station", "ProductionStation"),
            frozenset({PRODUCTION}),
            frozenset({PRODUCTION}),
        ),
        Station("Inventory", Screen("ui.inventory_view", "InventoryView")),
        Station("Catalog && suppliers", Screen("ui.catalog_view", "CatalogView")),
        Station("Dashboard", Screen("ui.dashboard", "Dashboard")),
        Station("Deviations", Screen("ui.deviations_view", "DeviationsView")),
        Station("Audit trail", Screen("ui.audit_view", "AuditView"), frozenset({QA, ADMIN})),
        Station(
            "Users", Screen("ui.users_view", "UsersView"), frozenset({ADMIN}), frozenset({ADMIN})
        ),
        Station("Preferences", Screen("ui.preferences_view", "PreferencesView")),
    ]
