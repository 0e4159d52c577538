"""Fuzzing the command line of the bench and the catalog: whatever the arguments, `lotkeeper`
exits 0, 1 or 2 (never 3, an internal error), and a run that exits 1 or 2 changes nothing.

Each example starts from valid arguments and, half the time, makes one or two of them hostile
(control and direction characters, other scripts' digits, exponents, huge numbers, long text,
odd dates and scans, undecodable bytes), so a bad value travels as deep as it can.
Runs in-process through desktop.cli.main.main(argv) with the password on a replaced stdin;
the password check is memoised after its first real argon2 verification, so an example costs
a parse, a workflow and two snapshots, not a quarter of a second of hashing.
`--hypothesis-show-statistics` shows how often each exit code came up; LOTKEEPER_FUZZ_EXAMPLES
raises the 25 examples per command for a longer hunt.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from db import sign_in
from tests.desktop.cli_runner import lotkeeper
from tests.fixtures.world import PASSWORDS, Unit

EXAMPLES = int(os.environ.get("LOTKEEPER_FUZZ_EXAMPLES", "25"))  # more for a long hunt


def fuzzed(unit: Unit) -> settings:
    """25 examples a command on SQLite; on PostgreSQL (same parsing, the server's own limits)
    half as many, so the suite stays quick."""
    examples = EXAMPLES if unit.db.dialect == "sqlite" else max(1, EXAMPLES // 2)
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,  # nothing written into the working tree
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


GS = "\x1d"
EXPIRY = date.today() + timedelta(days=400)
SCAN = f"]d2010952123400001317{EXPIRY:%y%m%d}10LOT-F{GS}21SN1"

HOSTILE = [
    "", " ", "\x07", "\x1b[2J", "\u202e", "\u2066x\u2069", "\u200f", "\u061c", "\t", "\n",
    "\r\n", "\x7f", "\x85", "\ufeff", "\u200b", "\udcff", "A\udc80B", "١٢", "٣", "１２",
    "²", "1e309", "1E3", "9" * 400, "1_000", "1,000", "2,5", "0,001", "NaN", "-inf",
    "Infinity", "+1", "-1", "0", "0.0001", "1.", ".5", "0x10", "1/2", "½", "x" * 300,
    "Ω" * 121, "20281231", "2028-W01-1", "2028-02-30", "0000-01-01", "9999-12-31",
    "2028-12-31T00:00", "٢٠٢٨-١٢-٣١", "99999999999999999999", "-0", "%s%n", "' OR 1=1 --",
    "Robert'); DROP TABLE lots;--", "${jndi:x}", "../../etc/passwd", "NULL", "--by",
    f"]d201095212340000131728023010L{GS}", "]C1(01)09521234000013(17)991231(10)Z",
    f"01095212340000131{GS}10", "]Q3" + "0" * 60, "]zz01", f"]d2{GS * 3}",
]  # fmt: skip
# Real argv never holds NUL; lone surrogates come from undecodable bytes (listed above).
TEXT = st.text(
    alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=40
)
HOSTILE_VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT)


@dataclass(frozen=True)
class Arg:
    """One argument: a flag (None: positional), its valid values, whether it may be left out."""

    flag: str | None
    valid: tuple[str, ...]
    optional: bool = False


@st.composite
def argv(draw: st.DrawFn, spec: Sequence[Arg]) -> list[str]:
    """Valid values for every argument, then (half the time) one or two made hostile."""
    values = {i: draw(st.sampled_from(a.valid)) for i, a in enumerate(spec)}
    count = draw(st.sampled_from((0, 0, 1, 2)))
    positions = st.lists(st.sampled_from(range(len(spec))), min_size=count, max_size=count)
    for i in draw(positions.filter(lambda found: len(set(found)) == len(found))):
        values[i] = draw(HOSTILE_VALUE)
    out: list[str] = []
    for i, arg in enumerate(spec):
        if arg.optional and draw(st.booleans()):
            continue
        out += [values[i]] if arg.flag is None else [arg.flag, values[i]]
    return out


@contextlib.contextmanager
def remembered_passwords(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The first check of a (user, password) is real; repeats reuse its outcome."""
    real = sign_in.authenticate
    seen: dict[tuple[str, str], Any] = {}

    def authenticate(db: Any, username: str, password: str, **kw: Any) -> Any:
        if (username, password) not in seen:
            seen[username, password] = real(db, username, password, **kw)
        return seen[username, password]

    for module in ("desktop.cli.context", "db.approvals"):
        monkeypatch.setattr(f"{module}.authenticate", authenticate)
    yield


def run(unit: Unit, arguments: Sequence[str], stdin: str) -> int:
    """One in-process run: the exit code, as the shell would see it."""
    done = lotkeeper(unit.db.url, *arguments, stdin=stdin)
    assert done.code != 3, f"internal error for {arguments!r}: {done.err}"
    assert done.code in (0, 1, 2), (done.code, arguments, done.err)
    return done.code


def check(unit: Unit, arguments: Sequence[str], stdin: str) -> None:
    before = unit.snapshot()
    code = run(unit, arguments, stdin)
    event(f"exit {code}")
    if code != 0:
        assert unit.snapshot() == before, f"a refused run changed the record: {arguments!r}"


@pytest.fixture
def fuzzing(unit: Unit, monkeypatch: pytest.MonkeyPatch) -> Iterator[Unit]:
    with remembered_passwords(monkeypatch):
        yield unit


@pytest.fixture
def stock(fuzzing: Unit) -> tuple[Unit, list[str], str]:
    """A released lot of two containers of 1000 (room for many uses)."""
    lot = fuzzing.released_lot(containers=2, quantity="1000")
    return fuzzing, lot.containers, lot.lot


TYPED_RECEIPT = (
    Arg("--reference", ("RM-001", "RM-002")),
    Arg("--lot", ("LOT-F", "A1", "X" * 20)),
    Arg("--expiry", (f"{EXPIRY}", "2031-01-31")),
)
SCANNED_RECEIPT = (
    Arg("--scan", (SCAN,)),
    Arg("--lot", ("LOT-F",), optional=True),
    Arg("--expiry", (f"{EXPIRY}",), optional=True),
    Arg("--separator", ("|", "<GS>"), optional=True),
    Arg("--confirm-lot", ("LOT-F",), optional=True),
)
RECEIPT = (
    Arg("--containers", ("1", "2", "999")),
    Arg("--quantity", ("1", "2.5", "0,5", "100")),
    Arg("--delivery-note", ("DN-1", "BL 2028/44"), optional=True),
    Arg("--nonconforming", ("box wet", "label torn\nand wet"), optional=True),
    Arg("--by", ("tech",)),
)


def test_receive_never_crashes_and_refusals_change_nothing(fuzzing: Unit) -> None:
    receipts = st.one_of(argv([*TYPED_RECEIPT, *RECEIPT]), argv([*SCANNED_RECEIPT, *RECEIPT]))

    @fuzzed(fuzzing)
    @given(args=receipts)
    def fuzz(args: list[str]) -> None:
        check(fuzzing, ["receive", *args], PASSWORDS["tech"] + "\n")

    fuzz()


def test_dispense_never_crashes_and_refusals_change_nothing(
    stock: tuple[Unit, list[str], str],
) -> None:
    unit, containers, _ = stock
    spec = (
        Arg(None, tuple(containers)),
        Arg("--quantity", ("1", "0.5", "2,25")),
        Arg("--batch", ("B-001", "ATMP-2028-7")),
        Arg("--override-fefo", ("older lot contaminated",), optional=True),
        Arg("--by", ("prod",)),
    )

    @fuzzed(unit)
    @given(args=argv(spec))
    def fuzz(args: list[str]) -> None:
        check(unit, ["dispense", *args], PASSWORDS["prod"] + "\n")

    fuzz()


def test_sample_never_crashes_and_refusals_change_nothing(
    stock: tuple[Unit, list[str], str],
) -> None:
    unit, containers, lot = stock
    spec = (
        Arg(None, (lot, lot.lower())),
        Arg("--kind", ("test", "reference")),
        Arg("--quantity", ("1", "0.25", "3,5")),
        Arg("--container", tuple(containers), optional=True),
        Arg("--location", ("freezer A, shelf 2", "-80 °C")),
        Arg("--retain-until", (f"{EXPIRY}", "2030-06-30"), optional=True),
        Arg("--by", ("tech",)),
    )

    @fuzzed(unit)
    @given(args=argv(spec))
    def fuzz(args: list[str]) -> None:
        check(unit, ["sample", *args], PASSWORDS["tech"] + "\n")

    fuzz()


CATALOG_COLUMNS = (
    "code,name,category,supplier,supplier_ref,gtin,grade,origin,contact,coa,sterility,"
    "affects_cell_function,storage,unit,min_stock,after_opening_days,backup_code,reference_sample"
)
FREE_GTINS = ("", "", "09521234999904", "09521234999911")  # in no example catalog
CATALOG_ROW = (
    ("FZ-001", "FZ-002", "RM-001"), ("Fuzz medium", "Milieu de culture"), ("reagent",),
    ("Cytiva",), ("", "CY-1"), FREE_GTINS, ("GMP", "RUO"), ("synthetic",), ("none",),
    ("yes", "no"), ("no",), ("no",), ("", "2-8 °C"), ("mL", "vial"), ("0", "5", "100000"),
    ("", "28", "3650"), ("", "RM-002"), ("no",),
)  # fmt: skip


def csv_row(values: list[str]) -> str:
    return ",".join('"' + v.replace('"', '""') + '"' for v in values)


def test_catalog_import_never_crashes_and_refusals_change_nothing(
    fuzzing: Unit, tmp_path: Path
) -> None:
    path = tmp_path / "catalog.csv"
    row = argv([Arg(None, valid) for valid in CATALOG_ROW])
    reason = argv([Arg("--reason", ("new media", "supplier change\napproved"))])

    @fuzzed(fuzzing)
    @given(
        rows=st.lists(row, min_size=1, max_size=2, unique_by=lambda r: r[0]),
        why=reason,
        dry_run=st.booleans(),
    )
    def fuzz(rows: list[list[str]], why: list[str], dry_run: bool) -> None:
        content = "\n".join([CATALOG_COLUMNS, *map(csv_row, rows)]) + "\n"
        path.write_bytes(content.encode("utf-8", "surrogateescape"))  # bad bytes stay bad
        arguments = ["catalog", "import", str(path), "--by", "admin", "--sign-by", "qa", *why]
        stdin = f"{PASSWORDS['admin']}\n{PASSWORDS['qa']}\n"
        check(fuzzing, [*arguments, *(["--dry-run"] if dry_run else [])], stdin)

    fuzz()
