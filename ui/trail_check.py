"""At start, the audit trail is checked from where this workstation last verified it.

The incremental verify (db/audit_verify.py) takes a fraction of a second when little has
changed; it runs off the GUI thread and says nothing when all is well. A problem is shown in
the window's top bar for everyone, and checked again after changes until a verify passes
(the whole trail verified in the Audit trail station moves the verified point on): a forged
record must not go unnoticed until the next inspection.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from db.audit_verify import verify
from db.engine import Database
from db.integrity.report import VerifyReport
from ui.presentation.formats import esc
from ui.presentation.palette import ERROR, ink
from ui.reads import Reader
from ui.record_events import ChangeFollower, RecordEvents

AGAIN_MS = 5000  # after a burst of changes, not at each one


class TrailCheck(QLabel):
    def __init__(self, db: Database, events: RecordEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("trail_check")
        self.setStyleSheet(f"background:{ERROR}; color:{ink(ERROR)}; padding:2px 6px;")
        self.report: VerifyReport | None = None
        self.hide()
        self.reader = Reader(self)
        self.check()
        ChangeFollower(self, events, None, self.check, delay_ms=AGAIN_MS)

    def check(self) -> None:
        db = self.db
        self.reader.read(
            "verify",
            lambda: verify(db, incremental=True),
            self._checked,
            what="the audit trail could not be checked",
            failed=self._unchecked,
        )

    def _checked(self, report: VerifyReport) -> None:
        self.report = report
        if report.ok:
            self.hide()
            return
        self.setText(" ⚠ AUDIT TRAIL: a problem was found — QA: Audit trail → Verify ")
        self.setToolTip(esc(report.first() or ""))
        self.show()

    def _unchecked(self, message: str) -> None:
        self.setText(" ⚠ audit trail not checked ")
        self.setToolTip(esc(message))
        self.show()
