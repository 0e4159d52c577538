"""Property-based tests of labels.gs1.parse_scan: total on any text, exact on valid messages."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from labels.gs1 import ScanError, ScanResult, parse_scan

GS = "\x1d"
# GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
AI82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SUBSTITUTES = ["<GS>", "|", "^]", "~"]
GS1_PREFIXES = ["", "]C1", "]d2", "]Q3", "]e0"]
# Two-digit years are read in a window around the current year (GS1 7.12); 2000-2045 stays
# inside it until about 2050.
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2045, 12, 31))


def check_digit(payload: str) -> str:
    """GS1 standard check digit, written out here so the test does not trust biip for it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(payload)))
    return str((10 - total % 10) % 10)


gtins = st.text("0123456789", min_size=13, max_size=13).map(lambda p: p + check_digit(p))
lots = st.text(AI82, min_size=1, max_size=20)


@dataclass(frozen=True)
class Message:
    gtin: str
    lot: str
    expiry: date
    production_date: date | None
    serial: str | None
    day00: frozenset[str]  # date AIs written with day 00 (last day of the month)

    def fields(self) -> list[tuple[str, str]]:
        found = [("01", self.gtin), ("10", self.lot), ("17", self.yymmdd("17", self.expiry))]
        if self.production_date is not None:
            found.append(("11", self.yymmdd("11", self.production_date)))
        if self.serial is not None:
            found.append(("21", self.serial))
        return found

    def yymmdd(self, ai: str, day: date) -> str:
        last = calendar.monthrange(day.year, day.month)[1]
        dd = "00" if ai in self.day00 and day.day == last else f"{day.day:02d}"
        return f"{day:%y%m}{dd}"

    def expected(self, symbology: str | None) -> tuple[object, ...]:
        return (self.gtin, self.lot, self.expiry, self.production_date, self.serial, symbology)


@st.composite
def messages(draw: st.DrawFn, lot_strategy: st.SearchStrategy[str] = lots) -> Message:
    return Message(
        gtin=draw(gtins),
        lot=draw(lot_strategy),
        expiry=draw(DATES),
        production_date=draw(st.none() | DATES),
        serial=draw(st.none() | lot_strategy),
        day00=frozenset(draw(st.sets(st.sampled_from(["11", "17"])))),
    )


def fields_of(result: ScanResult) -> tuple[object, ...]:
    return (
        result.gtin,
        result.lot,
        result.expiry,
        result.production_date,
        result.serial,
        result.symbology,
    )


# --- total: a ScanResult or a ScanError, never anything else -----------------------------


def parse_or_refuse(text: str, separators: list[str] | tuple[str, ...] = ()) -> None:
    try:
        result = parse_scan(text, separators)
    except ScanError as error:
        assert error.message
        assert error.message.strip() == error.message
        # Not the catch-all refusal: every failure on these inputs was foreseen and explained.
        assert error.__cause__ is None, repr(error.__cause__)
        return
    assert isinstance(result, ScanResult)
    assert all(isinstance(warning, str) and warning for warning in result.warnings)
    result.to_json()


@given(st.text(), st.lists(st.text(max_size=4), max_size=3))
def test_any_text_gives_a_result_or_a_scan_error(text: str, separators: list[str]) -> None:
    parse_or_refuse(text, separators)


# Text near GS1: digits, AI-82 characters, AIM prefixes, separators, parentheses, controls.
PIECES = [
    *"0123456789" * 4,
    *AI82,
    GS,
    "\r",
    "\n",
    " ",
    "]",
    "|",
    "\x00",
    "é",
    "٣",
    "01",
    "10",
    "17",
    "21",
    "11",
    "]C1",
    "]d2",
    "(",
    ")",
    "L26-000042-003",
]
NEAR_GS1 = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@given(NEAR_GS1)
def test_near_gs1_text_gives_a_result_or_a_scan_error(text: str) -> None:
    parse_or_refuse(text, ["|"])


@given(messages(), st.data())
def test_mutated_valid_message_gives_a_result_or_a_scan_error(
    message: Message, data: st.DataObject
) -> None:
    text = "".join(ai + value + GS for ai, value in message.fields())
    at = data.draw(st.integers(0, len(text)))
    inserted = data.draw(st.text(max_size=3))
    deleted = data.draw(st.integers(0, 3))
    parse_or_refuse(text[:at] + inserted + text[at + deleted :])


# --- exact: every valid message parses back to the same fields --------------------------------


def encode(fields: list[tuple[str, str]], separator: str, extra: list[bool]) -> str:
    """As a scanner sends it: a separator after every variable-length field but the last."""
    parts = []
    for index, (ai, value) in enumerate(fields):
        last = index == len(fields) - 1
        variable = ai in ("10", "21")
        parts.append(ai + value + (separator if not last and (variable or extra[index]) else ""))
    return "".join(parts)


@given(
    messages(),
    st.permutations(range(5)),
    st.sampled_from(GS1_PREFIXES),
    st.sampled_from([GS, *SUBSTITUTES]),
    st.lists(st.booleans(), min_size=5, max_size=5),
    st.sampled_from(["", "\r\n", "\n", "\r"]),
)
def test_valid_message_parses_back_exactly(
    message: Message,
    order: list[int],
    prefix: str,
    separator: str,
    extra: list[bool],
    ending: str,
) -> None:
    # A lot containing the separator itself cannot be told apart from two fields.
    assume(all(separator not in value for _, value in message.fields()))
    fields = message.fields()
    fields = [fields[i] for i in order if i < len(fields)]
    text = prefix + encode(fields, separator, extra) + ending
    separators = () if separator == GS else (separator,)
    result = parse_scan(text, separators)
    symbology = {
        "": None,
        "]C1": "GS1-128",
        "]d2": "GS1 DataMatrix",
        "]Q3": "GS1 QR Code",
        "]e0": "GS1 DataBar",
    }[prefix]
    assert fields_of(result) == message.expected(symbology)
    assert result.container is None
    # The only possible remarks are swallowed-separator suspicions, which ask for confirmation.
    assert bool(result.warnings) == result.needs_confirmation


@given(
    messages(st.text(AI82.replace("(", ""), min_size=1, max_size=20)),
    st.permutations(range(5)),
    st.sampled_from(["", " "]),
)
def test_valid_message_typed_in_parentheses_parses_back_exactly(
    message: Message, order: list[int], space: str
) -> None:
    fields = message.fields()
    text = space.join(f"({fields[i][0]}){space}{fields[i][1]}" for i in order if i < len(fields))
    result = parse_scan(text)
    assert fields_of(result) == message.expected(None)
    assert result.warnings == ()
    assert not result.needs_confirmation


# --- the swallowed-separator heuristic catches what it promises to ------------------------


ends_alnum = st.tuples(st.text(AI82, max_size=10), st.sampled_from(ALNUM)).map("".join)
ends_letter = st.tuples(st.text(AI82, max_size=10), st.sampled_from(LETTERS)).map("".join)


def assert_flagged(text: str, lot: str) -> None:
    try:
        result = parse_scan(text)
    except ScanError as error:  # too long for a lot once it swallowed the field
        assert len(lot) > 20
        assert "a separator may be missing" in error.message
        return
    assert result.lot == lot
    assert result.needs_confirmation
    assert f"The lot '{lot}' may contain" in result.warnings[-1]


@given(gtins, ends_alnum, DATES)
def test_lot_that_swallowed_an_expiry_is_always_flagged(gtin: str, lot: str, day: date) -> None:
    assert_flagged(f"01{gtin}10{lot}17{day:%y%m%d}", f"{lot}17{day:%y%m%d}")


@given(
    gtins, ends_letter, st.tuples(st.sampled_from(LETTERS), st.text(AI82, min_size=1, max_size=10))
)
def test_lot_that_swallowed_a_letter_serial_is_always_flagged(
    gtin: str, lot: str, serial_parts: tuple[str, str]
) -> None:
    serial = "".join(serial_parts)
    assert_flagged(f"1726113001{gtin}10{lot}21{serial}", f"{lot}21{serial}")


@given(ends_alnum.filter(lambda lot: len(lot) <= 4), gtins)
def test_lot_that_swallowed_a_gtin_is_always_flagged(lot: str, gtin: str) -> None:
    assert_flagged(f"1726113010{lot}01{gtin}", f"{lot}01{gtin}")
