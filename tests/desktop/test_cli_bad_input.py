"""Bad input through the real `lotkeeper` command: exit 1 with one specific line and nothing
changed, never an internal error; and when an internal error does happen, neither the terminal
nor the log shows SQL, parameters or a password hash."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop import paths
from desktop.cli.main import EXIT_INTERNAL, _internal_error, main
from tests.desktop.cli_runner import lotkeeper, lotkeeper_process, refused
from tests.fixtures.world import PASSWORDS, Unit

TECH = ("--by", "tech")
TECH_PW = PASSWORDS["tech"] + "\n"
ADMIN_PW = PASSWORDS["admin"] + "\n"
LEAKS = ("INSERT", "SELECT", "UPDATE ", "[parameters", "[SQL", "$argon2")


def receive(*extra: str, quantity: str = "1", expiry: str = "2031-01-31") -> tuple[str, ...]:
    return (
        "receive", "--reference", "RM-001", "--lot", "L-1", "--expiry", expiry,
        "--containers", "1", "--quantity", quantity, *extra, *TECH,
    )  # fmt: skip


def test_over_long_values_are_refused_not_crashed(unit: Unit, tmp_path: Path) -> None:
    url = unit.db.url
    before = unit.snapshot()
    refused(
        url, "user", "add", "longname", "--full-name", "N" * 200, "--role", "technician",
        "--by", "admin", stdin=ADMIN_PW + "quiet-ember-7731\n",
        says="the full name is longer than 120 characters (200 given)",
    )  # fmt: skip
    refused(
        url, *receive("--delivery-note", "D" * 200), stdin=TECH_PW,
        says="the delivery note is longer than 80 characters (200 given)",
    )  # fmt: skip
    catalog = tmp_path / "catalog.csv"
    header = "code,name,category,supplier,supplier_ref,gtin,grade,origin,contact,coa,sterility,"
    header += "affects_cell_function,storage,unit,min_stock,after_opening_days,backup_code,"
    header += "reference_sample"
    row = f"{'R' * 50},Medium,reagent,Cytiva,,,GMP,synthetic,none,no,no,no,,mL,0,,,no"
    catalog.write_text(f"{header}\n{row}\n", encoding="utf-8")
    refused(
        url, "catalog", "import", str(catalog), "--by", "admin", stdin=ADMIN_PW,
        says="the reference code is longer than 40 characters (50 given)",
    )  # fmt: skip
    assert unit.snapshot() == before


def test_odd_numbers_and_dates_are_refusals(unit: Unit) -> None:
    url = unit.db.url
    before = unit.snapshot()
    for quantity, says in (
        ("1e309", "without an exponent"),
        ("9" * 400, "check the unit"),
        ("١٢", "digits 0-9"),
        ("1_000", "without digit grouping"),
    ):
        refused(url, *receive(quantity=quantity), stdin=TECH_PW, says=says)
    for expiry in ("20281231", "2028-W01-1"):
        refused(url, *receive(expiry=expiry), stdin=TECH_PW, says="write it as YYYY-MM-DD")
    refused(
        url, "alerts", "--expiring-days", "99999999",
        says="the expiry horizon must be 1 to 3650 days, not 99999999",
    )  # fmt: skip
    refused(url, *receive("--lot", "L\u202e1"), stdin=TECH_PW, says="(U+202E)")
    assert unit.snapshot() == before


def test_containers_take_plain_digits_only(unit: Unit) -> None:
    run = lotkeeper(unit.db.url, *[a if a != "1" else "١" for a in receive()], stdin=TECH_PW)
    assert run.code == 2 and "is not a whole number (digits 0-9)" in run.err


def test_a_file_that_is_not_a_database_is_a_refusal(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("shopping list\n" * 100)
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(6000))
    for path in (text_file, noise):
        for command in (("lot", "show", "L26-000001"), ("audit", "verify")):
            refused(str(path), *command, says="is not a Lotkeeper database")
    typo = tmp_path / "typo.sqlite"
    refused(str(typo), "audit", "verify", says="no Lotkeeper database at")
    assert not typo.exists()


def test_a_damaged_database_is_a_refusal(sqlite_unit: Unit) -> None:
    url = sqlite_unit.db.url
    path = Path(sqlite_unit.db.engine.url.database or "")
    sqlite_unit.db.dispose()
    with path.open("r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(os.urandom(4096 * 8))
    refused(url, "alerts", says="is damaged")


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])  # the failing trigger is PostgreSQL's
def test_an_internal_error_shows_no_sql_parameters_or_hash(unit: Unit, data_dir: Path) -> None:
    with unit.db.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE FUNCTION lk_fail() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'simulated server failure' USING ERRCODE = 'XX000'; "
                "END $$ LANGUAGE plpgsql"
            )
        )
        connection.execute(
            text(
                "CREATE TRIGGER lk_fail BEFORE INSERT ON password_history "
                "FOR EACH ROW EXECUTE FUNCTION lk_fail()"
            )
        )
    run = lotkeeper_process(
        unit.db.url, "user", "add", "newbie", "--full-name", "New Body", "--role",
        "technician", "--by", "admin", stdin=ADMIN_PW + "quiet-ember-7731\n",
    )  # fmt: skip
    assert run.code == 3, run.err
    assert run.err.count("\n") == 1 and "internal error (InternalError)" in run.err, run.err
    log = paths.log_file(data_dir).read_text(encoding="utf-8")
    assert "simulated server failure" in log and "Traceback" in log
    for leak in LEAKS:
        assert leak not in run.err and leak not in log, leak


def test_the_log_reduces_database_errors_even_with_parameters_shown(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An engine that would show parameters (no hide_parameters): still nothing leaks."""
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    secret = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g"
    try:
        with engine.begin() as connection:
            try:
                connection.execute(text("INSERT INTO nowhere VALUES (:h)"), {"h": secret})
            except Exception as exc:
                raise RuntimeError("the workflow failed") from exc
    except RuntimeError as exc:
        assert "[parameters" in str(exc.__cause__)  # the raw message would leak
        assert _internal_error(exc) == EXIT_INTERNAL
    finally:
        engine.dispose()
    err = capsys.readouterr().err
    log = paths.log_file(data_dir).read_text(encoding="utf-8")
    assert "internal error (RuntimeError)" in err
    assert "OperationalError" in log and "no such table: nowhere" in log
    for leak in LEAKS:
        assert leak not in err and leak not in log, leak


def test_arguments_that_are_not_text_are_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as stop:
        main(["lot", "show", "L\udcff"])
    assert stop.value.code == 2
    assert "not valid text" in capsys.readouterr().err
