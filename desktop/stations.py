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


def default_stations() -> list[Station]:
    return [
        Station("Receiving", ReceivingStation),
        Station("Quarantine && review", ReviewStation),
        Station("QA decision", DecisionStation),
        Station("Production", ProductionStation),
        Station("Inventory", InventoryView),
        Station("Catalog && suppliers", CatalogView),
        Station("Dashboard", Dashboard),
        Station("Deviations", DeviationsView),
        Station("Audit trail", AuditView),
        Station("Preferences", PreferencesView),
    ]
