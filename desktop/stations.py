"""The stations of the main window, in tab order (Ctrl+1 ... Ctrl+9)."""

from __future__ import annotations

from ui.audit_view import AuditView
from ui.catalog_view import CatalogView
from ui.dashboard import Dashboard
from ui.decision_station import DecisionStation
from ui.deviations_view import DeviationsView
from ui.inventory_view import InventoryView
from ui.main_window import Station
from ui.preferences_view import PreferencesView
from ui.production_station import ProductionStation
from ui.receiving_station import ReceivingStation
from ui.review_station import ReviewStation
from ui.users_view import UsersView

TECHNICIAN, QA, PRODUCTION, ADMIN = "technician", "qa", "production", "admin"


def default_stations() -> list[Station]:
    """Work stations for their roles; views (no role given) for everyone."""
    return [
        Station("Receiving", ReceivingStation, frozenset({TECHNICIAN}), frozenset({TECHNICIAN})),
        Station("Quarantine && review", ReviewStation, frozenset({TECHNICIAN, QA})),
        Station("QA decision", DecisionStation, frozenset({QA}), frozenset({QA})),
        Station("Production", ProductionStation, frozenset({PRODUCTION}), frozenset({PRODUCTION})),
        Station("Inventory", InventoryView),
        Station("Catalog && suppliers", CatalogView),
        Station("Dashboard", Dashboard),
        Station("Deviations", DeviationsView),
        Station("Audit trail", AuditView, frozenset({QA, ADMIN})),
        Station("Users", UsersView, frozenset({ADMIN}), frozenset({ADMIN})),
        Station("Preferences", PreferencesView),
    ]
