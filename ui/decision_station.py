"""QA decision: release, reject, put on hold or lift a hold, under electronic signature.

The signer sees the certificate beside the lot's supplier lot and expiry (DESIGN.md) and every
prerequisite with its evidence. Each button opens the e-signature dialog over the matching
`db.release` workflow, which alone decides: a wrong password, a missing prerequisite, the
receiver signing (four eyes) or a missing QA role come back as its refusal, shown in the dialog
and in the station. After a decision the new status labels (and, for a release, the release
certificate) are offered; each print is recorded by the print service.

Released lots are not in the queue: scan or type one (lot or container) to put it on hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db import release
from db.queries.lot_detail import LotDetail, lot_detail
from labels.container_id import is_container_id, split_container_id
from ui.feedback import Banner
from ui.lot_panels import DocumentViewer, LotHeader, PrerequisiteList, status_colours
from ui.models.lot_evidence import kind_name
from ui.presentation.formats import day, moment
from ui.presentation.formats import esc as escape  # the one esc (ui.presentation)
from ui.presentation.palette import MISSING, coloured_html, notice_style
from ui.print_output import PrintPreview, open_preview
from ui.reads import SLOW_READ_MS, Reader
from ui.record_events import ChangeFollower
from ui.review_queue_panel import QUEUE_TABLES, ReviewQueuePanel
from ui.scan_field import ScanField
from ui.services import PrintedPdf, Services
from ui.session import Session
from ui.signature_dialog import SignatureDialog

Workflow = Callable[..., release.Decision]


class Rule(Protocol):
    """What the station reads of a db.release rule (the workflow's own, not a copy)."""

    meaning: str
    allowed_from: tuple[str, ...]
    needs_reason: bool
    needs_prerequisites: bool


@dataclass(frozen=True)
class Action:
    button: str
    rule: Rule
    sign: Workflow


ACTIONS = {
    "release": Action("&Release…", release.RELEASE, release.release),
    "reject": Action("Re&ject…", release.REJECT, release.reject),
    "hold": Action("Put on &hold…", release.HOLD, release.hold),
    "unhold": Action("&Lift hold…", release.UNHOLD, release.unhold),
}
CHECK_STYLE = notice_style()


class DecisionStation(QWidget):
    def __init__(self, services: Services, session: Session) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.detail: LotDetail | None = None
        self.loading: str | None = None  # a lot being read: nothing acts on the one shown
        self.found: str | None = None  # the lot scanned or typed in, being read
        self.decided: release.Decision | None = None
        self.dialog: QDialog | None = None  # the open signature dialog (tests drive it)
        self.preview: PrintPreview | None = None
        self.printed: PrintedPdf | None = None
        self.banner = Banner(sound=services.preferences.load().sound)
        self.banner.setObjectName("banner")
        self.reader = Reader(self, self.banner.error)
        self.loading_note = QTimer(self)
        self.loading_note.setSingleShot(True)
        self.loading_note.setInterval(SLOW_READ_MS)
        self.loading_note.timeout.connect(self._still_loading)
        self.queue = ReviewQueuePanel(services, "Awaiting a QA decision")
        self.queue.lot_chosen.connect(self.show_lot)
        self.queue.lot_hidden.connect(self._lot_hidden)
        self.queue.failed.connect(self.banner.error)
        self.find = ScanField(placeholder="Scan or type a lot number or container ID, then Enter")
        self.find.setObjectName("find_lot")
        self.find.scanned.connect(self.find_lot)
        find_label = QLabel("L&ot or container (any status):")
        find_label.setBuddy(self.find)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find, 1)
        top_layout.addLayout(find_row)
        top_layout.addWidget(self.queue, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self._detail_panel())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([360, 340])  # ten queue rows at 1366 x 768, the detail below
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        session.changed.connect(lambda _actor: self._show_role())
        self._show_nothing()
        # Loaded once here; then every change, here or at another workstation, reads again.
        ChangeFollower(self, services.events, QUEUE_TABLES, self.refresh)
        self.queue.refresh()

    def _lot_hidden(self) -> None:
        """The filter hid the shown lot: nothing is left to decide on."""
        self.reader.stale("lot")
        self.loading = self.found = None
        self.banner.clear_refusal()
        self._show_nothing()

    def refresh(self) -> None:
        lot = self.loading or (self.detail.lot if self.detail is not None else None)
        if lot is not None:
            self.show_lot(lot)
        self.queue.refresh()

    # -- building -------------------------------------------------------------------------

    def _detail_panel(self) -> QWidget:
        self.header = LotHeader()
        self.prerequisites = PrerequisiteList()
        self.role_note = QLabel()
        self.role_note.setObjectName("role_note")
        self.role_note.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, action in ACTIONS.items():
            button = QPushButton(action.button)
            button.setObjectName(name)
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _=False, n=name: self.decide(n))
            self.buttons[name] = button
            row.addWidget(button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.prerequisites)
        column.addWidget(self.role_note)
        column.addLayout(row)
        column.addWidget(self._after_box())
        column.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self._certificate_panel())
        split.setSizes([600, 750])
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(split, 1)
        return panel

    def _after_box(self) -> QGroupBox:
        self.after = QGroupBox("After the decision")
        self.after.setObjectName("after")
        self.after_text = QLabel()
        self.after_text.setWordWrap(True)
        self.labels_button = QPushButton("Print new status la&bels…")
        self.labels_button.setObjectName("print_labels")
        self.labels_button.clicked.connect(self.print_labels)
        self.certificate_button = QPushButton("Print release &certificate…")
        self.certificate_button.setObjectName("print_certificate")
        self.certificate_button.clicked.connect(self.print_certificate)
        buttons = QHBoxLayout()
        buttons.addWidget(self.labels_button)
        buttons.addWidget(self.certificate_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.after)
        layout.addWidget(self.after_text)
        layout.addLayout(buttons)
        return self.after

    def _certificate_panel(self) -> QWidget:
        self.check = QLabel()
        self.check.setObjectName("check_against")
        self.check.setStyleSheet(CHECK_STYLE)
        self.check.setWordWrap(True)
        self.document_choice = QComboBox()
        self.document_choice.setObjectName("document_choice")
        self.document_choice.currentIndexChanged.connect(self._document_chosen)
        choice_label = QLabel("&Document:")
        choice_label.setBuddy(self.document_choice)
        self.viewer = DocumentViewer("No certificate of analysis is attached to this lot.")
        choice = QHBoxLayout()
        choice.addWidget(choice_label)
        choice.addWidget(self.document_choice, 1)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addLayout(choice)
        layout.addWidget(self.viewer, 1)
        return panel

    # -- showing a lot --------------------------------------------------------------------

    def find_lot(self, text: str) -> None:
        text = text.strip().upper()
        lot = split_container_id(text)[0] if is_container_id(text) else text
        self.found = lot
        self.show_lot(lot)

    def show_lot(self, lot: str, *, stale: bool = False) -> None:
        """Choose `lot`: its detail is read off the GUI thread and shown when it lands (a lot
        chosen meanwhile makes this answer stale). Until it lands no decision is offered on
        another lot, nor on this one if `stale` (a decision just changed it)."""
        if self.detail is None or self.detail.lot != lot:
            self.after.hide()
            self.decided = None
            self.loading_note.start()
        if stale or self.detail is None or self.detail.lot != lot:
            self.loading = lot
            self._enable_buttons()
        db = self.services.db
        self.reader.read(
            "lot",
            lambda: lot_detail(db, lot),
            self._show_detail,
            what=f"cannot show lot {lot}",
            failed=self._lot_failed,
        )

    @property
    def ready(self) -> bool:
        """Whether the shown lot may be decided on: its detail landed, nothing else coming."""
        return self.detail is not None and self.loading is None

    def _still_loading(self) -> None:
        if self.loading is not None and (self.detail is None or self.detail.lot != self.loading):
            self._show_nothing(f"Reading lot {self.loading}…")

    def _lot_failed(self, message: str) -> None:
        self.loading = self.found = None
        self.banner.error(message)
        if self.detail is None or self.queue.current != self.detail.lot:
            self._show_nothing()  # the queue points at another lot: nothing here to decide
        self._enable_buttons()

    def _show_detail(self, detail: LotDetail) -> None:
        self.loading = None
        if detail.lot == self.found:  # scanned or typed: the queue shows it chosen, if listed
            self.queue.set_current(detail.lot)
            self.banner.show_message("info", "")
        self.found = None
        if detail != self.detail:
            self.banner.clear_refusal()  # another lot, or the lot changed since it was refused
        self.detail = detail
        self.header.show_lot(detail, status_colours(self.services.preferences.load().colours))
        self.prerequisites.show_prerequisites(detail.prerequisites)
        self.check.setText(
            f"Check the certificate against this lot: supplier lot <b>{escape(detail.supplier_lot)}"
            f"</b> · expiry <b>{day(detail.expiry)}</b> · {escape(detail.reference)} "
            f"{escape(detail.reference_name)}"
        )
        self._fill_documents(detail)
        self._enable_buttons()
        self._show_role()

    def _fill_documents(self, detail: LotDetail) -> None:
        self.document_choice.blockSignals(True)
        self.document_choice.clear()
        for d in detail.documents:
            self.document_choice.addItem(f"{kind_name(d.kind)} — {d.filename}", d.id)
        coa = next((i for i, d in enumerate(detail.documents) if d.kind == "coa"), -1)
        self.document_choice.setCurrentIndex(coa if coa >= 0 else 0)
        self.document_choice.blockSignals(False)
        self.document_choice.setEnabled(bool(detail.documents))
        self._document_chosen()

    def _document_chosen(self) -> None:
        document_id = self.document_choice.currentData()
        if document_id is None:
            self.viewer.clear()
        elif document_id != self.viewer.document_id:
            text = self.document_choice.currentText().split(" — ")[0]
            self.viewer.show_document(self.services.db, document_id, text)

    def _enable_buttons(self) -> None:
        status = self.detail.status if self.ready and self.detail is not None else None
        missing = sum(1 for p in self.detail.prerequisites if not p.met) if self.detail else 0
        for name, action in ACTIONS.items():
            allowed = status is not None and status in action.rule.allowed_from
            button = self.buttons[name]
            button.setEnabled(allowed)
            blocked = allowed and action.rule.needs_prerequisites and missing
            # Still enabled: the workflow decides, and its refusal lists what is missing.
            button.setText(action.button + (f" ({missing} missing)" if blocked else ""))

    def _show_role(self) -> None:
        notes = []
        qa = self.session.signed_in and self.session.has("qa")
        if self.session.signed_in and not qa:
            actor = self.session.actor
            notes.append(
                f"<b>QA role needed.</b> You are signed in as {escape(actor.username)} "
                f"({escape(', '.join(sorted(actor.roles)))}): you may look; the record refuses "
                "a decision signed without the QA role."
            )
        d = self.detail
        if (
            d is not None
            and self.session.signed_in
            and d.received_by == self.session.actor.username
        ):
            notes.append(
                f"<b>Four eyes.</b> You received {escape(d.lot)}: its release, rejection or "
                "lifting of a hold must be signed by another QA person."
            )
        self.role_note.setText("<br>".join(notes))
        self.role_note.setVisible(bool(notes))
        tip = "" if qa else "Needs the QA role: the record will refuse your signature."
        for button in self.buttons.values():
            button.setToolTip(tip)

    def _show_nothing(
        self, text: str = "Choose a lot in the queue, or scan a lot or container."
    ) -> None:
        self.detail = None
        self.header.clear(text)
        self.prerequisites.show_prerequisites([])
        self.prerequisites.heading.setText("")
        self.check.setText("")
        self.document_choice.clear()
        self.viewer.clear("")
        self.after.hide()
        self._enable_buttons()
        self._show_role()

    # -- deciding -------------------------------------------------------------------------

    def signature_dialog(self, name: str) -> SignatureDialog:
        """The e-signature dialog for `name` (release, reject, hold, unhold) on the shown lot."""
        assert self.detail is not None
        action = ACTIONS[name]
        lot, db, actor = self.detail.lot, self.services.db, self.session.actor

        def sign(password: str, reason: str) -> release.Decision:
            return action.sign(db, actor, password, lot, reason)

        dialog = SignatureDialog(
            actor,
            action.rule.meaning,
            self._summary(action, self.detail),
            sign,
            reason_label="Reason" if action.rule.needs_reason else "Comment (optional)",
            reason_required=action.rule.needs_reason,
            operations=self.services.operations,
            parent=self,
        )
        dialog.refused.connect(self.banner.error)  # the station shows it too, beside the lot
        dialog.accepted.connect(lambda: self._decided(dialog.result_value))
        return dialog

    def decide(self, name: str) -> None:
        if not self.ready:
            return
        dialog = self.signature_dialog(name)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    @staticmethod
    def _summary(action: Action, d: LotDetail) -> str:
        lines = [
            f"Decision <b>{escape(action.rule.meaning)}</b> on lot <b>{escape(d.lot)}</b> "
            f"(status now {escape(d.status.replace('_', ' '))}) — {escape(d.reference)} "
            f"{escape(d.reference_name)}",
            f"Supplier {escape(d.supplier)}, supplier lot <b>{escape(d.supplier_lot)}</b>, "
            f"expiry <b>{day(d.expiry)}</b>.",
        ]
        coa = [x for x in d.documents if x.kind == "coa"]
        if action.rule.needs_prerequisites:
            for x in coa:
                lines.append(
                    f"You attest that you reviewed the certificate {escape(x.filename)} "
                    f"(SHA-256 {x.sha256[:12]}…) against this supplier lot and expiry."
                )
            missing = [p for p in d.prerequisites if not p.met]
            if missing:
                head = f"<b>NOT READY — {len(missing)} prerequisite(s) missing:</b> "
                listed = "; ".join(escape(p.detail) for p in missing)
                lines.append(
                    coloured_html(
                        f"{head}{listed}. The record will refuse this until they are met.", MISSING
                    )
                )
            else:
                lines.append(f"All {len(d.prerequisites)} prerequisites are met.")
        return "<br>".join(lines)

    def _decided(self, decision: release.Decision) -> None:
        self.decided = decision
        self.banner.ok(
            f"{decision.lot} {decision.meaning.lower()} — now {decision.status.replace('_', ' ')}"
            f"; signed by {decision.full_name} at {moment(decision.signed_at)}."
        )
        self.show_lot(decision.lot, stale=True)  # its new status: decided on when it lands
        self.queue.refresh()
        count = len(self.detail.containers) if self.detail else 0
        self.after_text.setText(
            f"<b>{escape(decision.lot)}</b> is now <b>{decision.status.replace('_', ' ')}</b>: "
            f"print the new status labels and replace them on its {count} container(s)."
        )
        self.certificate_button.setVisible(decision.status == "RELEASED")
        self.after.show()
        self.labels_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- printing -------------------------------------------------------------------------

    def print_labels(self) -> None:
        if self.detail is not None:
            prefs = self.services.preferences.load()
            lot = self.detail.lot
            actor = self.session.actor
            self._print(lambda: self.services.printing.status_labels(actor, lot, prefs.label_size))

    def print_certificate(self) -> None:
        if self.detail is not None:
            lot = self.detail.lot
            actor = self.session.actor
            self._print(lambda: self.services.printing.release_certificate(actor, lot))

    def _print(self, make: Callable[[], PrintedPdf]) -> None:
        """Render and record off the GUI thread, then preview (a print is a record too)."""
        self.services.operations.run(
            make, done=self._show_print, refused=self.banner.error, form=self.after
        )

    def _show_print(self, printed: PrintedPdf) -> None:
        self.printed = printed
        self.preview = open_preview(
            printed, self, self.services.preferences, self.banner.ok, self.banner.error
        )
