"""Accounts and master data in the app: each act with its reason and password, by the record's
rules; a wrong password or a missing signature changes nothing."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db import master_data
from db.errors import Refused
from db.queries.user_list import user_list
from db.sign_in import authenticate
from tests.fixtures.world import PASSWORDS, Unit, example_data
from tests.ui.conftest import settle
from tests.ui.modal import when_modal_safely as when_modal
from ui.account_dialogs import AddUserDialog, RolesDialog, SimpleAccountDialog
from ui.catalog_import_dialog import CatalogImportDialog
from ui.catalog_view import CatalogView
from ui.master_data_dialog import MasterDataDialog
from ui.services import Services
from ui.session import Session
from ui.users_view import UsersView


def users_view(qtbot: QtBot, services: Services, session: Session) -> UsersView:
    view = UsersView(services, session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    return view


def select(qtbot: QtBot, view: UsersView, name: str) -> None:
    names = [row.username for row in view.model.rows()]
    view.table.selectRow(names.index(name))
    assert view.selected() is not None and view.selected().username == name  # type: ignore[union-attr]


def state(unit: Unit, name: str) -> tuple[tuple[str, ...], bool, bool]:
    row = next(r for r in user_list(unit.db) if r.username == name)
    return row.roles, row.active, row.locked


def test_a_wrong_admin_password_adds_nobody(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = users_view(qtbot, services, session_as("admin"))
    before = user_list(ui_unit.db)
    seen: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, AddUserDialog)
        dialog.username.setText("pat")
        dialog.full_name.setText("Pat Production")
        dialog.role_choice.boxes["production"].setChecked(True)
        dialog.new_password.first.setText("copper-kettle-meadow-19")
        dialog.new_password.again.setText("copper-kettle-meadow-19")
        dialog.password.setText("not the admin's password")
        dialog.try_act()
        qtbot.waitUntil(lambda: dialog.error.isVisible())
        seen.append(dialog.error.text())
        dialog.reject()

    when_modal(fill)
    view.add_user()
    settle(qtbot, services.operations)
    assert "user name or password is wrong" in seen[0]
    after = user_list(ui_unit.db)
    assert [u.username for u in after] == [u.username for u in before], "nobody added"
    assert after[0].failed_attempts == before[0].failed_attempts + 1, "counted as at sign-in"


def test_roles_unlock_and_deactivate_with_reasons(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = users_view(qtbot, services, session_as("admin"))
    select(qtbot, view, "admin")
    assert not view.buttons["roles"].isEnabled(), "nobody changes their own roles"
    select(qtbot, view, "prod")

    def roles(dialog: QWidget) -> None:
        assert isinstance(dialog, RolesDialog)
        dialog.role_choice.boxes["technician"].setChecked(True)
        dialog.try_act()
        assert (
            "give a reason" in dialog.error.text() and "enter your password" in dialog.error.text()
        )
        dialog.reason.setText("covers receiving on Saturdays")
        dialog.password.setText(PASSWORDS["admin"])
        dialog.try_act()

    when_modal(roles)
    view.change_roles()
    assert "roles of prod changed" in view.banner.text()
    assert state(ui_unit, "prod")[0] == ("production", "technician")

    for _ in range(6):  # wrong passwords until the account locks
        with contextlib.suppress(Refused):  # each is refused; the lock is what we want
            authenticate(ui_unit.db, "tech", "wrong password here")
    assert state(ui_unit, "tech")[2], "locked"
    view.reload()  # (no watcher in this test: tests/ui/test_live_refresh.py covers that)
    qtbot.waitUntil(lambda: any(r.locked for r in view.model.rows()), timeout=5_000)
    select(qtbot, view, "tech")
    assert view.buttons["unlock"].isEnabled()

    def unlock(dialog: QWidget) -> None:
        assert isinstance(dialog, SimpleAccountDialog)
        dialog.reason.setText("identity checked in person")
        dialog.password.setText(PASSWORDS["admin"])
        dialog.try_act()

    when_modal(unlock)
    view._simple("Unlock")
    assert not state(ui_unit, "tech")[2] and "tech unlocked" in view.banner.text()

    select(qtbot, view, "qa2")

    def deactivate(dialog: QWidget) -> None:
        assert isinstance(dialog, SimpleAccountDialog)
        dialog.reason.setText("left the unit")
        dialog.password.setText(PASSWORDS["admin"])
        dialog.try_act()

    when_modal(deactivate)
    view._simple("Deactivate")
    assert state(ui_unit, "qa2")[1] is False
    settle(qtbot, services.operations)


def test_a_non_admin_never_gets_the_accounts(
    services: Services, session_as: Callable[[str], Session]
) -> None:
    from desktop.stations import default_stations

    for name in ("tech", "qa", "prod"):
        roles = session_as(name).actor.roles
        assert "Users" not in [s.title for s in default_stations() if s.open_to(roles)]


def catalog_view(qtbot: QtBot, services: Services, session: Session) -> CatalogView:
    view = CatalogView(services, session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.references.rowCount() > 0, timeout=10_000)
    return view


def test_editing_what_a_release_requires_asks_a_qa_signature(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = catalog_view(qtbot, services, session_as("admin"))
    assert view.editing.isVisible()
    codes = [r.code for r in view.references.rows()]
    view.reference_table.selectRow(codes.index("RM-001"))
    steps: list[str] = []

    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, MasterDataDialog)
        dialog.inputs["coa"].setChecked(False)  # type: ignore[attr-defined]
        dialog.inputs["min_stock"].setText("7")  # type: ignore[attr-defined]
        dialog.reason.setText("supplier stopped CoAs; in-house test instead")
        dialog.try_save()
        qtbot.waitUntil(lambda: dialog.signature.isVisible())
        steps.append(dialog.error.text())
        assert master_data.current_reference(ui_unit.db, "RM-001")["coa"] == "yes"
        dialog.signer.setText("qa")
        dialog.password.setText(PASSWORDS["qa"])
        dialog.try_save()

    when_modal(edit)
    view.editing.edit_reference()
    assert "reference RM-001 coa True -> False" in steps[0]
    row = master_data.current_reference(ui_unit.db, "RM-001")
    assert (row["coa"], row["min_stock"]) == ("no", "7")
    assert "saved (signed by QA)" in view.banner.text()


def test_a_technician_reads_the_catalog_but_cannot_edit_it(
    qtbot: QtBot, services: Services, session_as: Callable[[str], Session]
) -> None:
    view = catalog_view(qtbot, services, session_as("tech"))
    assert not view.editing.isVisible()


def test_a_french_excel_file_with_plain_changes_imports_without_signature(
    qtbot: QtBot,
    ui_unit: Unit,
    services: Services,
    session_as: Callable[[str], Session],
    tmp_path: Path,
) -> None:
    rows = list(csv.reader(io.StringIO(example_data("car-t-catalog.csv"))))
    rows[1][14] = "12"  # min_stock of RM-001: not what a release requires
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path = tmp_path / "catalogue.csv"
    path.write_bytes(out.getvalue().encode("cp1252"))  # as French Excel saves it
    view = catalog_view(qtbot, services, session_as("admin"))

    def run(dialog: QWidget) -> None:
        assert isinstance(dialog, CatalogImportDialog)
        dialog.load_files(catalog=path)
        qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
        assert dialog.preview.toPlainText().startswith("1 change(s):")
        assert "reference RM-001 min_stock 4 -> 12" in dialog.preview.toPlainText()
        assert not dialog.signature.isVisible()
        dialog.try_import()

    when_modal(run)
    view.editing.import_files()
    assert master_data.current_reference(ui_unit.db, "RM-001")["min_stock"] == "12"
    assert "0 new and 1 changed reference(s)" in view.banner.text()


def test_qa_changes_the_risk_rule_under_signature(
    qtbot: QtBot, ui_unit: Unit, services: Services, session_as: Callable[[str], Session]
) -> None:
    from db.risk import current_rule
    from ui.risk_rule_dialog import RiskRuleDialog
    from ui.signature_dialog import SignatureDialog

    assert (
        not catalog_view(qtbot, services, session_as("admin"))
        .editing.buttons["risk_rule"]
        .isVisibleTo(None)
    ), "an administrator does not sign the rule"
    view = catalog_view(qtbot, services, session_as("qa"))

    def sign(dialog: QWidget) -> None:
        assert isinstance(dialog, SignatureDialog)
        dialog.reason.setPlainText("unit decision: 3 criteria make a major")
        dialog.password.setText(PASSWORDS["qa"])
        dialog.try_sign()

    def form(dialog: QWidget) -> None:
        assert isinstance(dialog, RiskRuleDialog)
        dialog.major.setValue(3)
        when_modal(sign)
        dialog.sign()

    when_modal(form)
    view.editing.edit_risk_rule()
    with ui_unit.db.read() as session:
        assert current_rule(session).major_without_contact == 3
    assert "risk rule changed" in view.banner.text()
