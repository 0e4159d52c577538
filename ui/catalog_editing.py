"""The catalog's editing bar, for QA and the administrator: import, new and edit.

Everyone may read the catalog; changing it is theirs. Each act opens its dialog
(ui/catalog_import_dialog.py, ui/master_data_dialog.py) and says what happened in the
station's banner; the lists refresh themselves from the "record changed" signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget
from sqlalchemy import select

from db import master_data
from db.catalog_import import ImportSummary
from db.engine import Database
from db.models import Reference, Supplier
from db.risk import current_rule
from ui.catalog_import_dialog import CatalogImportDialog, imported_text
from ui.master_data_dialog import MasterDataDialog, reference_dialog, supplier_dialog
from ui.presentation import Banner
from ui.risk_rule_dialog import RiskRuleDialog
from ui.services import Services
from ui.session import Session

EDITORS = frozenset({"qa", "admin"})
Chosen = Callable[[], str | None]


def choice_lists(db: Database) -> dict[str, list[str]]:
    """What a reference's supplier and backup may be: the record's own names."""
    with db.read() as session:
        return {
            "supplier": list(session.scalars(select(Supplier.name).order_by(Supplier.name))),
            "backup_code": ["", *session.scalars(select(Reference.code).order_by(Reference.code))],
        }


class CatalogEditing(QWidget):
    def __init__(
        self,
        services: Services,
        session: Session,
        banner: Banner,
        *,
        reference: Chosen,
        supplier: Chosen,
    ) -> None:
        super().__init__()
        self.services, self.session, self.banner = services, session, banner
        self.reference, self.supplier = reference, supplier
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("import", "Import catalog…", self.import_files),
            ("new_reference", "New reference…", lambda: self.edit_reference(new=True)),
            ("edit_reference", "Edit reference…", self.edit_reference),
            ("new_supplier", "New supplier…", lambda: self.edit_supplier(new=True)),
            ("edit_supplier", "Edit supplier…", self.edit_supplier),
            ("risk_rule", "Risk rule…", self.edit_risk_rule),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        self.buttons["risk_rule"].setVisible("qa" in session.actor.roles)  # QA signs it
        self.setVisible(bool(EDITORS & session.actor.roles))

    def import_files(self) -> None:
        dialog = CatalogImportDialog(self.services, self.session.actor, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            self.banner.ok(imported_text(dialog.result_value))

    def edit_reference(self, *, new: bool = False) -> None:
        code = None if new else self.reference()
        if not new and code is None:
            self.banner.warning("choose a reference in the list first")
            return
        db = self.services.db
        row = None if code is None else master_data.current_reference(db, code)
        dialog = reference_dialog(self.services, self.session.actor, row, choice_lists(db))
        self._run(dialog, "reference")

    def edit_supplier(self, *, new: bool = False) -> None:
        name = None if new else self.supplier()
        if not new and name is None:
            self.banner.warning("choose a supplier in the list first")
            return
        row = None if name is None else master_data.current_supplier(self.services.db, name)
        self._run(supplier_dialog(self.services, self.session.actor, row), "supplier")

    def edit_risk_rule(self) -> None:
        with self.services.db.read() as session:
            rule = current_rule(session)
        dialog = RiskRuleDialog(self.services, self.session, rule, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.banner.ok("risk rule changed" if dialog.changed else "the rule was already so")

    def _run(self, dialog: MasterDataDialog, what: str) -> None:
        dialog.setParent(self, dialog.windowFlags())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_value is not None:
            self.banner.ok(saved_text(dialog.result_value, what))


def saved_text(summary: ImportSummary, what: str) -> str:
    if not summary.changes:
        return f"nothing changed in the {what}"
    changes = "; ".join(c.describe() for c in summary.changes[:4])
    more = len(summary.changes) - 4
    signed = " (signed by QA)" if summary.approval_id is not None else ""
    return f"saved{signed}: {changes}" + (f" and {more} more" if more > 0 else "")
