"""`lotkeeper receive --scan` reads a scan as the receiving station does (labels.receipt_draft)."""

from __future__ import annotations

from datetime import timedelta

from db.queries.lot_detail import lot_detail
from tests.desktop.cli_runner import ok, refused
from tests.fixtures.world import PASSWORDS, Unit

TECH = ("--containers", "1", "--quantity", "2", "--by", "tech", "--json")


def test_a_lost_separator_is_refused_until_the_lot_is_confirmed(unit: Unit) -> None:
    """Seen: `10LOTB77` + lost GS + `21SN002` became lot LOTB7721SN002 without a question."""
    day = unit.today() + timedelta(days=300)
    scan = f"]d2010952123400001317{day:%y%m%d}10LOTB7721SN002"
    before = unit.snapshot()
    refused(unit.db.url, "receive", "--scan", scan, *TECH, stdin=PASSWORDS["tech"] + "\n",
            says="Confirm with --confirm-lot LOTB7721SN002")  # fmt: skip
    assert unit.snapshot() == before
    done = ok(unit.db.url, "receive", "--scan", scan, "--confirm-lot", "LOTB7721SN002", *TECH,
              stdin=PASSWORDS["tech"] + "\n").json()  # fmt: skip
    lot = lot_detail(unit.db, done["lot"])
    assert (lot.reference, lot.supplier_lot, lot.expiry) == ("RM-001", "LOTB7721SN002", day)
