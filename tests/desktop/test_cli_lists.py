"""The command line lists the rows the app lists, in the same order: both read db/queries."""

from __future__ import annotations

from db import deviations, users
from db.queries.deviation_list import deviation_list
from db.queries.user_list import user_list
from tests.desktop.cli_runner import ok
from tests.fixtures.world import PASSWORDS, Unit


def test_deviation_list_shows_the_apps_rows_newest_first(unit: Unit) -> None:
    lot = unit.receive(lot="DEV-LOT").lot
    opened = [
        deviations.open_deviation(
            unit.db, unit.tech, domain=domain, severity="major", title=title, lots=lots
        ).number
        for domain, title, lots in [
            ("stock_shortage", "short of media", []),
            ("use_issue", "wrong vial", [lot]),
            ("reference_change", "new packaging", []),
        ]
    ]
    deviations.close_deviation(unit.db, unit.qa, PASSWORDS["qa"], opened[1], closure="retrained")
    listed = ok(unit.db.url, "deviation", "list", "--json").json()["deviations"]
    rows = deviation_list(unit.db)
    assert [d["deviation"] for d in listed] == [r.number for r in rows] == opened[::-1]
    assert [(d["status"], d["title"], d["lots"]) for d in listed] == [
        (r.status, r.title, list(r.lots)) for r in rows
    ]
    assert listed[1]["lots"] == [lot] and listed[1]["status"] == "closed"
    only_open = ok(unit.db.url, "deviation", "list", "--status", "open", "--json").json()
    assert [d["deviation"] for d in only_open["deviations"]] == [
        r.number for r in deviation_list(unit.db, status="open")
    ]


def test_user_list_shows_the_apps_rows_in_the_same_order(unit: Unit) -> None:
    users.add_user(unit.db, unit.admin, "aaron", "Aaron First", ["qa"], "tidal-copper-7781")
    users.deactivate(unit.db, unit.admin, "prod", "left the unit")
    listed = ok(unit.db.url, "user", "list", "--json").json()["users"]
    rows = user_list(unit.db)
    assert len(rows) >= 6
    assert [(u["user"], u["full_name"], u["roles"], u["active"], u["locked"]) for u in listed] == [
        (r.username, r.full_name, list(r.roles), r.active, r.locked) for r in rows
    ]
    assert listed[0]["user"] == "aaron"
    assert next(u for u in listed if u["user"] == "prod")["active"] is False
