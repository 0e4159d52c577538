"""Scanner (or typed) text to fields: GS1 element strings, the typed (AI) form, container IDs.

`parse_scan` is a pure function of its input; it never compares dates with today. The one
exception is biip's reading of two-digit years, which GS1 (General Specifications 7.12) defines
relative to the current year: "76" is 2076 until 2026 ends, then 1976.

biip does the GS1 work (AI table, patterns, dates with day 00, check digits, symbology tables).
This module walks the element strings itself, one `GS1ElementString.extract` at a time, because
that is the only way to say *which* field failed, and because biip silently cuts an over-long
lot at 20 characters and reads the rest as the next field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from biip import ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_element_strings import GS1ElementString
from biip.gtin import Gtin
from biip.symbology import GS1Symbology, ISOSymbology

from labels.container_id import LOT_NUMBER_RE, is_container_id
from labels.gs1_fields import FIELD_NAMES
from labels.gs1_fields import label as field_label
from labels.gs1_separators import Suspicion
from labels.gs1_separators import suspicions as find_suspicions
from labels.gs1_separators import swallowed as find_swallowed

GS = "\x1d"
_GS1_MESSAGE_CODES = frozenset(s.value for s in GS1Symbology.with_gs1_messages())
_GTIN_CODES = frozenset(s.value for s in GS1Symbology.with_gtin())
_SYMBOLOGY_NAMES = {
    "C1": "GS1-128",
    "d2": "GS1 DataMatrix",
    "Q3": "GS1 QR Code",
    "e0": "GS1 DataBar",
    "e1": "GS1 Composite",
    "e2": "GS1 Composite",
    "J1": "GS1 DotCode",
    "E0": "EAN-13",
    "E3": "EAN-13",
    "E4": "EAN-8",
    "I1": "ITF-14",
}
# By the first letter; biip's ISO table lacks J (DotCode), and its names are shouted.
_FAMILY_NAMES = {s.value: s.name.replace("_", " ").title() for s in ISOSymbology} | {
    "C": "Code 128",
    "d": "DataMatrix",
    "E": "EAN/UPC",
    "I": "ITF",
    "J": "DotCode",
    "L": "PDF417",
    "M": "MSI",
    "o": "OCR",
    "Q": "QR Code",
    "U": "MaxiCode",
}
_AIM_RE = re.compile(r"\]([A-Za-z])([0-9A-Za-z])")
_HRI_RE = re.compile(r"(?:\([0-9]+\)[^(]+)+")
_HRI_PAIR_RE = re.compile(r"\(([0-9]+)\)([^(]+)")
# biip's pattern for a single variable-length field, e.g. ^10([!%-?A-Z_a-z\x22]{1,20})$
_VARIABLE_RE = re.compile(r"\^[0-9]+\((\[[^\]]+\])\{1,([0-9]+)\}\)\$")


class ScanError(ValueError):
    """A scan that cannot be used; `.message` is one sentence for the person at the bench."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ScanResult:
    """Fields of one scan; GS1 dates are already resolved (day 00 = last day of the month)."""

    gtin: str | None = None
    lot: str | None = None
    expiry: date | None = None
    production_date: date | None = None
    serial: str | None = None
    symbology: str | None = None
    container: str | None = None
    warnings: tuple[str, ...] = ()  # every remark in words, suspicions' messages included
    suspicions: tuple[Suspicion, ...] = ()  # what a person must confirm, typed

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.suspicions)

    @property
    def remarks(self) -> tuple[str, ...]:
        """The warnings that are not suspicions (those are shown with their field)."""
        asked = {s.message for s in self.suspicions}
        return tuple(w for w in self.warnings if w not in asked)

    def to_json(self) -> dict[str, Any]:
        def iso(day: date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "gtin": self.gtin,
            "lot": self.lot,
            "expiry": iso(self.expiry),
            "production_date": iso(self.production_date),
            "serial": self.serial,
            "symbology": self.symbology,
            "container": self.container,
            "warnings": list(self.warnings),
            "needs_confirmation": self.needs_confirmation,
            "suspicions": [s.to_json() for s in self.suspicions],
        }


def parse_scan(text: str, separators: Sequence[str] = ()) -> ScanResult:
    """Read one scan. `separators` are the scanner's substitutes for GS, e.g. ["<GS>", "|"]."""
    try:
        return _parse(text, separators)
    except ScanError:
        raise
    except Exception as exc:
        # The contract is "ScanError only": an input nobody foresaw must reach the bench as a
        # refusal to read, not as a crash of the receiving station. The cause stays chained.
        raise ScanError("This scan could not be read; rescan it or type the fields.") from exc


def _parse(text: str, separators: Sequence[str]) -> ScanResult:
    body = text.strip()  # also drops Enter, CR and stray GS: str.strip() treats GS as space
    if not body:
        raise ScanError("The scan is empty: nothing was read. Scan the barcode again.")
    code, body = _split_aim_prefix(body)
    symbology = _symbology_name(code) if code else None
    if is_container_id(body):  # before substitutes: a separator like "-" must not break it
        return ScanResult(symbology=symbology, container=body.upper())
    body = _replace_separators(body, separators).strip()
    if not body:
        raise ScanError(f"The scan holds only the symbology identifier ]{code} and no data.")
    if code in _GTIN_CODES:
        return _gtin_result(_read_gtin(body, symbology), body, symbology)
    if code not in _GS1_MESSAGE_CODES and _looks_like_bare_gtin(body):
        return _bare_gtin_or_message(body, code, symbology)
    return _message(body, code, symbology)


def _split_aim_prefix(body: str) -> tuple[str | None, str]:
    if not body.startswith("]"):
        return None, body
    match = _AIM_RE.match(body)
    if match is None or _symbology_name(match[1] + match[2]) is None:
        raise ScanError(
            f"The scan starts with '{_show(body[:3])}', which is not a symbology "
            "identifier (AIM prefix such as ]C1); check the scanner's settings."
        )
    return match[1] + match[2], body[3:].strip()


def _symbology_name(code: str) -> str | None:
    return _SYMBOLOGY_NAMES.get(code) or _FAMILY_NAMES.get(code[0])


def _replace_separators(body: str, separators: Sequence[str]) -> str:
    if isinstance(separators, str):  # one substitute given as a bare string, e.g. "<GS>"
        separators = (separators,)
    # Longest first, so "<GS>" is replaced whole even if ">" is configured too.
    for separator in sorted((s for s in separators if s), key=len, reverse=True):
        body = body.replace(separator, GS)
    return body


def _looks_like_bare_gtin(body: str) -> bool:
    return body.isascii() and body.isdigit() and len(body) in (8, 12, 13, 14)


def _bare_gtin_or_message(body: str, code: str | None, symbology: str | None) -> ScanResult:
    # Without a GS1 prefix, 8-14 digits are usually an EAN/UPC/ITF-14 GTIN, but can also be a
    # short GS1 message such as 17261130. A random message passes the GTIN check digit one time
    # in ten, so: one valid reading wins; with two, a GTIN from an unassigned GS1 prefix loses,
    # otherwise the GTIN wins and a warning shows the other reading.
    try:
        message: ScanResult | None = _message(body, code, symbology)
    except ScanError:
        message = None
    try:
        gtin = _read_gtin(body, symbology)
    except ScanError:
        if message is None:
            raise
        return message
    result = _gtin_result(gtin, body, symbology)
    if message is None:
        return result
    if gtin.prefix is None:
        return message
    other = ", ".join(
        f"{key.replace('_', ' ')} {value}"
        for key, value in message.to_json().items()
        if value and key in ("gtin", "lot", "expiry", "production_date", "serial")
    )
    return replace(
        result,
        warnings=(
            *result.warnings,
            (
                f"The digits {body} were read as a GTIN, but they could also be GS1 fields "
                f"({other}); an AIM symbology identifier in the scanner settings would tell "
                "them apart."
            ),
        ),
    )


def _read_gtin(body: str, symbology: str | None) -> Gtin:
    try:
        return Gtin.parse(body)
    except ParseError:
        if _looks_like_bare_gtin(body):
            raise ScanError(_gtin_message(f"GTIN {body}", body)) from None
        raise ScanError(
            f"The {symbology} barcode should hold a GTIN (8, 12, 13 or 14 digits), "
            f"but it holds '{_show(body)}'."
        ) from None


def _gtin_result(gtin: Gtin, body: str, symbology: str | None) -> ScanResult:
    gtin14 = gtin.as_gtin_14()
    warnings = (
        ()
        if gtin14 == body
        else (f"The {gtin.format} {body} was converted to the GTIN-14 {gtin14}.",)
    )
    return ScanResult(gtin=gtin14, symbology=symbology, warnings=warnings)


def _gtin_message(what: str, digits: str) -> str:
    """Why biip refused a GTIN of the right length: in practice always the check digit."""
    expected = gs1_standard_check_digit(digits[:-1])
    if str(expected) == digits[-1]:
        return f"The {what} is not a valid GTIN."
    return (
        f"The {what} has a wrong check digit: expected {expected}, got {digits[-1]}. "
        "Rescan, or check the number on the label."
    )


def _message(body: str, code: str | None, symbology: str | None) -> ScanResult:
    raw = not body.startswith("(")  # only raw element strings can lose a separator
    elements = _element_strings(body) if raw else _hri(body)
    fields, warnings = _collect(elements)
    if code is not None and code not in _GS1_MESSAGE_CODES:
        warnings.append(
            f"The barcode is a {symbology} (]{code}) without the GS1 marker; "
            "it was read as GS1 data, so check the fields."
        )
    suspicions = find_suspicions(fields, {e.ai.ai for e in elements}) if raw else []
    value = {ai: element.value for ai, element in fields.items()}.get
    day = {ai: element.date for ai, element in fields.items()}.get
    return ScanResult(
        gtin=value("01"),
        lot=value("10"),
        serial=value("21"),
        expiry=day("17"),
        production_date=day("11"),
        symbology=symbology,
        warnings=(*warnings, *(s.message for s in suspicions)),
        suspicions=tuple(suspicions),
    )


def _element_strings(body: str) -> list[GS1ElementString]:
    if not body.isascii() or body[0].isdigit():  # non-ASCII: say "keyboard layout" first
        _check_characters(body, allowed=GS)
    if not body[0].isdigit():
        raise ScanError(_not_gs1(body))
    elements: list[GS1ElementString] = []
    pos = 0
    while pos < len(body):
        rest = body[pos:]
        try:
            element = GS1ElementString.extract(rest)
        except ParseError:
            raise ScanError(_explain(rest, elements)) from None
        segment = rest[len(element.ai) :].split(GS, 1)[0]
        if element.ai.separator_required and segment != element.value:
            # biip stopped early: a character it does not allow, or more than the maximum.
            raise ScanError(_explain_variable(element.ai, segment))
        elements.append(element)
        pos += len(element)
        while body.startswith(GS, pos):
            pos += 1
    return elements


def _hri(body: str) -> list[GS1ElementString]:
    _check_characters(body, allowed=" \t\r\n" + GS)
    hri = "".join(body.split())  # spaces between groups are tolerated; GS1 data has none
    if _HRI_RE.fullmatch(hri) is None:
        raise ScanError(
            f"'{_show(body)}' is not in the typed GS1 form (AI)value(AI)value..., "
            "such as (01)09521234000013(17)261130(10)LOT42."
        )
    elements = []
    for number, data in _HRI_PAIR_RE.findall(hri):
        try:
            ai = GS1ApplicationIdentifier.extract(number)
        except ParseError:
            ai = None
        if ai is None or ai.ai != number:
            raise ScanError(f"({number}) is not a known GS1 Application Identifier.")
        try:
            elements.append(GS1ElementString.parse(number + data))
        except ParseError:
            raise ScanError(_explain_data(ai, data, exact=True)) from None
    return elements


def _check_characters(body: str, allowed: str) -> None:
    # biip's \d also matches non-ASCII digits, and a keyboard-layout mismatch between scanner
    # and PC (AZERTY vs QWERTY) types letters such as é instead of digits: refuse both early.
    for char in body:
        if not ("!" <= char <= "~" or char in allowed):
            raise ScanError(
                f"The scan contains {_describe(char)}, which cannot be part of a GS1 "
                "barcode; check that the scanner's keyboard layout matches this "
                "computer's."
            )


def _not_gs1(body: str) -> str:
    shown = _show(body)
    if LOT_NUMBER_RE.fullmatch(body.upper()):
        return f"'{shown}' is a lot number, not a container ID; scan the container's own label."
    if body[:1] in "lL" and "-" in body:
        return (
            f"'{shown}' looks like a Lotkeeper container ID but is malformed: expected L, "
            "a 2-digit year, '-', 6 digits, '-', 3 digits, such as L26-000042-003."
        )
    return (
        f"'{shown}' is neither a GS1 barcode nor a Lotkeeper container ID (such as L26-000042-003)."
    )


def _explain(rest: str, found: list[GS1ElementString]) -> str:
    """Why biip could not extract an element string from the start of `rest`."""
    try:
        ai = GS1ApplicationIdentifier.extract(rest)
    except ParseError:
        if not found:
            return _not_gs1(rest)
        last = found[-1]
        return (
            f"After {field_label(last.ai)} '{_show(last.value)}' the scan continues with "
            f"'{_show(rest)}', which is not a known GS1 Application Identifier."
        )
    return _explain_data(ai, rest[len(ai) :].split(GS, 1)[0])


def _explain_data(ai: GS1ApplicationIdentifier, data: str, exact: bool = False) -> str:
    """Why `data` does not fit `ai`; unless `exact` (typed form), it may run on into more."""
    label = field_label(ai)
    width = 6 if ai.ai in ("11", "12", "13", "15", "16", "17") else 14 if ai.ai == "01" else 0
    head = data if exact else data[:width]
    if width and (len(head) != width or not head.isdigit()):
        digits = "6 digits (YYMMDD)" if width == 6 else "14 digits"
        return f"The {label} needs {digits}, but the scan has '{_show(head)}'."
    if width == 6:
        return (
            f"The {label} '{head}' is not a real date (YYMMDD; day 00 means the last day "
            "of the month)."
        )
    if ai.separator_required:
        return _explain_variable(ai, data)
    return f"The {label} '{_show(data)}' does not match its GS1 format {ai.format}."


def _explain_variable(ai: GS1ApplicationIdentifier, segment: str) -> str:
    label = field_label(ai)
    shape = _VARIABLE_RE.fullmatch(ai.pattern)
    if not segment:
        return f"The {label} is empty: nothing follows its identifier ({ai.ai})."
    allowed, limit = (re.compile(shape[1]), int(shape[2])) if shape else (None, 0)
    bad = next((char for char in segment if allowed and not allowed.fullmatch(char)), None)
    if bad is not None:
        return (
            f"The {label} '{_show(segment)}' contains {_describe(bad)}, which GS1 does not allow."
        )
    if len(segment) <= limit or shape is None:  # not a plain "X..n" field: say no more
        return f"The {label} '{_show(segment)}' does not match its GS1 format {ai.format}."
    message = (
        f"The {label} '{_show(segment)}' is {len(segment)} characters long, "
        f"but GS1 allows at most {limit}"
    )
    # The hint is cheap for lot-sized text; a page of garbage does not deserve the search.
    swallowed = find_swallowed(ai.ai, segment, present=set()) if len(segment) <= 64 else None
    if swallowed:
        return f"{message}; it may contain {swallowed}: a separator may be missing."
    return f"{message}."


def _collect(elements: list[GS1ElementString]) -> tuple[dict[str, GS1ElementString], list[str]]:
    fields: dict[str, GS1ElementString] = {}
    warnings: list[str] = []
    for element in elements:
        ai = element.ai.ai
        if ai not in FIELD_NAMES:
            warnings.append(
                f"Ignored {field_label(element.ai)} '{_show(element.value)}': "
                "Lotkeeper does not use it."
            )
        elif ai in fields and fields[ai].value != element.value:
            raise ScanError(
                f"The scan holds two different values for the {field_label(element.ai)}: "
                f"'{fields[ai].value}' and '{element.value}'."
            )
        else:
            fields[ai] = element
    if not fields:
        listed = "; ".join(field_label(element.ai) for element in elements)
        raise ScanError(
            f"This GS1 barcode holds only fields Lotkeeper does not use ({listed}): "
            "no GTIN, lot, expiry, production date or serial."
        )
    gtin = fields.get("01")
    if gtin is not None and gtin.gtin is None:
        raise ScanError(_gtin_message(f"GTIN (01) {gtin.value}", gtin.value))
    return fields, warnings


def _describe(char: str) -> str:
    named = {" ": "a space", GS: "a group separator (GS)"}
    if char in named:
        return named[char]
    return (
        f"the character '{char}'"
        if char.isprintable()
        else (f"a control character (U+{ord(char):04X})")
    )


def _show(text: str, limit: int = 48) -> str:
    """Text as a person can read it in a message: GS visible, control characters escaped."""
    shown = "".join(
        "<GS>" if c == GS else c if c.isprintable() else f"\\x{ord(c):02x}" for c in text
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
