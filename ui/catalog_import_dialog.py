"""Import the catalog and suppliers from files, seeing first what would change.

Choosing the files runs the import as a dry run (nothing recorded) and lists every change;
changes to what a release requires are marked and need a QA e-signature (a QA user's name and
password, and the reason) before "Import" records anything. The rules are the import's own
(db/catalog_import.py), as with `lotkeeper catalog import`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.approvals import Approval
from db.catalog_files import read_table_file
from db.catalog_import import ImportSummary, import_catalog
from db.engine import Database
from db.users import Actor
from ui.field_enter_dialog import FieldEnterDialog
from ui.file_dialogs import choose_files
from ui.presentation.error_line import ErrorLine
from ui.presentation.palette import muted_style
from ui.reads import Reader
from ui.services import Services

FILES = "Catalog files (*.csv *.xlsx *.txt);;All files (*)"


@dataclass(frozen=True)
class Files:
    catalog: Path | None = None
    suppliers: Path | None = None

    def texts(self) -> tuple[str | None, str | None]:
        def read(path: Path | None) -> str | None:
            return read_table_file(path) if path is not None else None

        return read(self.catalog), read(self.suppliers)


def plan_text(summary: ImportSummary) -> str:
    if not summary.changes:
        return "Nothing would change: the record already holds these rows."
    lines = [
        ("⚠ " if change.release_relevant else "   ") + change.describe()
        for change in summary.changes
    ]
    relevant = len(summary.release_changes)
    head = f"{len(summary.changes)} change(s)" + (
        f", {relevant} marked ⚠ change what a release requires" if relevant else ""
    )
    return head + ":\n" + "\n".join(lines)


def imported_text(summary: ImportSummary) -> str:
    created, updated = summary.created, summary.updated
    return (
        f"catalog imported: {created['references']} new and {updated['references']} changed "
        f"reference(s), {created['suppliers']} new and {updated['suppliers']} changed "
        "supplier(s)"
    )


class CatalogImportDialog(FieldEnterDialog):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.db, self.actor = services, services.db, actor
        self.files = Files()
        self.plan: ImportSummary | None = None
        self.result_value: ImportSummary | None = None
        self.reader = Reader(self)
        self.setWindowTitle("Import the catalog")
        self.setMinimumSize(720, 560)
        self._make_widgets()
        self._layout()

    def _make_widgets(self) -> None:
        self.catalog_path = QLabel("no file chosen")
        self.catalog_path.setObjectName("catalog_file")
        self.suppliers_path = QLabel("none (the suppliers must be known already)")
        self.suppliers_path.setObjectName("suppliers_file")
        self.choose_catalog = QPushButton("Catalog file…")
        self.choose_catalog.clicked.connect(lambda: self._choose("catalog"))
        self.choose_suppliers = QPushButton("Suppliers file…")
        self.choose_suppliers.clicked.connect(lambda: self._choose("suppliers"))
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("preview")
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText(
            "Choose the files (CSV with commas or semicolons, or an Excel workbook): what "
            "would change is listed here before anything is recorded."
        )
        self.signer = QLineEdit()
        self.signer.setObjectName("signer")
        if "qa" in self.actor.roles:
            self.signer.setText(self.actor.username)
        self.password = QLineEdit()
        self.password.setObjectName("signer_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("e.g. the unit's catalog at installation, reviewed by QA")
        self.signature = QGroupBox("QA e-signature (needed for the changes marked ⚠)")
        self.signature.setObjectName("signature")
        self.error = ErrorLine()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.try_import)
        self.buttons.rejected.connect(self.reject)

    def _layout(self) -> None:
        files = QFormLayout()
        for button, label in (
            (self.choose_catalog, self.catalog_path),
            (self.choose_suppliers, self.suppliers_path),
        ):
            row = QHBoxLayout()
            row.addWidget(label, 1)
            files.addRow(button, row)
        sign = QFormLayout(self.signature)
        sign.addRow("QA user name", self.signer)
        sign.addRow("Password", self.password)
        sign.addRow("Reason", self.reason)
        note = QLabel("The signature, its reason and the list of changes are kept in the record.")
        note.setStyleSheet(muted_style())
        sign.addRow("", note)
        self.signature.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(files)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.signature)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.error.hide()

    def _choose(self, which: str) -> None:
        title = "Catalog file to import" if which == "catalog" else "Suppliers file to import"
        chosen = choose_files(self, self.services.preferences, title, FILES)
        if chosen:
            self.load_files(**{which: chosen[0]})

    def load_files(self, *, catalog: Path | None = None, suppliers: Path | None = None) -> None:
        """Take the files chosen and show what importing them would change."""
        self.files = Files(catalog or self.files.catalog, suppliers or self.files.suppliers)
        if self.files.catalog:
            self.catalog_path.setText(str(self.files.catalog))
        if self.files.suppliers:
            self.suppliers_path.setText(str(self.files.suppliers))
        self.plan = None
        self.import_button.setEnabled(False)
        if self.files.catalog is None:
            return
        self.preview.setPlainText("Reading the files…")
        db, actor, files = self.db, self.actor, self.files
        self.reader.read(
            "plan",
            lambda: run_import(db, actor, files, dry_run=True),
            self._planned,
            what="",
            failed=self._unreadable,
        )

    def _planned(self, plan: ImportSummary) -> None:
        self.plan = plan
        self.preview.setPlainText(plan_text(plan))
        self.error.hide()
        self.signature.setVisible(bool(plan.release_changes))
        self.import_button.setEnabled(bool(plan.changes))

    def _unreadable(self, message: str) -> None:
        self.preview.setPlainText("")
        self.error.say(message)

    def try_import(self) -> None:
        if self.plan is None or self.files.catalog is None:
            return
        reason = self.reason.text().strip()
        missing: list[str] = []
        approval = None
        if self.plan.release_changes:
            if not reason:
                missing.append("the reason QA approves them")
            if not self.signer.text().strip():
                missing.append("the QA user who signs")
            if not self.password.text():
                missing.append("their password")
            approval = Approval(self.signer.text().strip(), self.password.text(), reason)
        if missing:
            self.error.say("Missing: " + "; ".join(missing) + ".")
            return
        db, actor, files = self.db, self.actor, self.files

        def work() -> ImportSummary:
            return run_import(db, actor, files, approval=approval)

        self.error.hide()
        self.services.operations.run(work, done=self._done, refused=self._refused, form=self)

    def _done(self, summary: ImportSummary) -> None:
        self.result_value = summary
        self.accept()

    def _refused(self, message: str) -> None:
        self.password.clear()
        self.error.say(message)


def run_import(
    db: Database, actor: Actor, files: Files, *, approval: Approval | None = None,
    dry_run: bool = False,
) -> ImportSummary:  # fmt: skip
    catalog, suppliers = files.texts()
    return import_catalog(
        db, actor, catalog, suppliers, approval=approval, dry_run=dry_run,
        catalog_name=files.catalog.name if files.catalog else "catalog",
        suppliers_name=files.suppliers.name if files.suppliers else "suppliers",
    )  # fmt: skip
