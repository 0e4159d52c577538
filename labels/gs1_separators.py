"""Did a lot or serial swallow the next field because the scanner lost a separator?

In a GS1 element string a variable-length field (lot 10, serial 21) ends at a GS. When the GS
is lost, the field runs on and absorbs what follows (`10LOTA21SN1` reads as lot `LOTA21SN1`).
Such a scan is not an error but needs a person's confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from biip import ParseError
from biip.gs1_element_strings import GS1ElementString

from labels.gs1_fields import FIELD_NAMES, FIXED_FIELDS, label

# What a lot or serial may have swallowed: the fields Lotkeeper reads, and the additional
# product identification (240) that labels often print after the lot.
SWALLOWABLE = frozenset({*FIELD_NAMES, "240"})
MIN_CONTENT = 2  # a would-be variable field of 1 character is too little to ask about


class SuspicionKind(StrEnum):
    LOST_SEPARATOR = "lost_separator"  # a lot or serial may have swallowed the next field


@dataclass(frozen=True)
class Suspicion:
    """Why a scanned field needs a person's confirmation; `message` is for display only."""

    kind: SuspicionKind
    field: str  # the ScanResult field concerned: "lot" or "serial"
    value: str  # as scanned
    absorbed: str  # what it may contain, in words
    message: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind.value, "field": self.field, "value": self.value}


def suspicions(fields: dict[str, GS1ElementString], present: set[str]) -> list[Suspicion]:
    found = []
    for ai, field in (("10", "lot"), ("21", "serial")):
        if ai in fields and (absorbed := swallowed(ai, fields[ai].value, present)):
            name, value = FIELD_NAMES[ai], fields[ai].value
            message = (
                f"The {name} '{value}' may contain {absorbed}: a separator "
                f"may be missing. Rescan, or confirm the {name}."
            )
            found.append(Suspicion(SuspicionKind.LOST_SEPARATOR, field, value, absorbed, message))
    return found


def swallowed(host: str, value: str, present: set[str]) -> str | None:
    """What a lot/serial may have absorbed because the GS after it was lost, or None.

    A lost GS makes the field run on to the next GS or the end, so what it absorbed is a
    *whole* tail of the value that biip reads as complete element strings. We flag the leftmost
    position i >= 1 whose tail value[i:] is such a sequence and is plausible, whatever the
    characters around it (`LOTB77` + `21SN002` must be asked about as surely as `LOTA` +
    `21SN1`: a wrong lot costs more than a confirming scan):
    - fields a label carries after a lot (01, 10, 11, 17, 21, 240), none equal to the host
      field and none already elsewhere in the scan (a second copy would be a duplicate);
    - only the last may be variable-length (a middle one would need its own GS);
    - biip validates them: GTIN check digit, real dates;
    - a variable-length field holds at least MIN_CONTENT characters.
    """
    for i in range(1, len(value) - 2):
        tail = _tail_elements(value[i:]) or []
        ais = [element.ai.ai for element in tail]
        if (
            not tail
            or len(set(ais)) != len(ais)
            or any(ai not in SWALLOWABLE or ai == host or ai in present for ai in ais)
        ):
            continue
        last = tail[-1]
        if last.ai.ai not in FIXED_FIELDS and len(last.value) < MIN_CONTENT:
            continue
        return " and ".join(f"{label(e.ai)} '{e.value}'" for e in tail)
    return None


def _tail_elements(tail: str) -> list[GS1ElementString] | None:
    elements: list[GS1ElementString] = []
    while tail:
        if elements and elements[-1].ai.separator_required:
            return None
        try:
            element = GS1ElementString.extract(tail)
        except ParseError:
            return None
        if element.gtin_error is not None:
            return None
        elements.append(element)
        tail = tail[len(element) :]
    return elements
